package provider

import (
	"context"

	"github.com/geocache/terraform-provider-geocache/internal/backend"
)

// findCacheByID returns the cache, or an error satisfying
// backend.IsNotFound when it does not exist.
func findCacheByID(ctx context.Context, b backend.CacheBackend, id string) (*backend.Cache, error) {
	c, err := b.GetCache(ctx, id)
	if err != nil {
		return nil, err
	}
	if c == nil {
		// A backend answering with nothing and no error is treated as absent
		// rather than dereferenced.
		return nil, &backend.NotFoundError{Kind: "cache", ID: id}
	}
	return c, nil
}

// findReplicationGroupByID returns the group, or an error satisfying
// backend.IsNotFound when it does not exist.
func findReplicationGroupByID(ctx context.Context, b backend.GroupBackend, id string) (*backend.ReplicationGroup, error) {
	g, err := b.GetReplicationGroup(ctx, id)
	if err != nil {
		return nil, err
	}
	if g == nil {
		return nil, &backend.NotFoundError{Kind: "replication group", ID: id}
	}
	return g, nil
}
