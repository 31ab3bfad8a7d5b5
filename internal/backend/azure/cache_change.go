package azure

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/geocache/terraform-provider-geocache/internal/backend"
	"github.com/geocache/terraform-provider-geocache/internal/catalog"
)

// UpdateCache patches tags on the cluster and the eviction policy on the
// database, each a long-running operation, then reads the cache back.
func (c *Client) UpdateCache(ctx context.Context, id string, update backend.CacheUpdate) (*backend.Cache, error) {
	ref, err := parseClusterID(id)
	if err != nil {
		return nil, err
	}
	if p := update.EvictionPolicy; p != nil && !validEviction(*p) {
		return nil, invalidf("unknown eviction policy %q for cache %q: use one of %s",
			*p, ref.Name, strings.Join(catalog.EvictionPolicies(), ", "))
	}
	cl, err := c.getCluster(ctx, ref)
	if err != nil {
		return nil, err
	}
	if cl == nil {
		return nil, &backend.NotFoundError{Kind: "cache", ID: id}
	}
	if update.Tags != nil {
		tags := *update.Tags
		if tags == nil {
			tags = map[string]string{}
		}
		if err := c.longRunning(ctx, http.MethodPatch, ref.path(), clusterTagsPatch{Tags: tags},
			sprintf("tags of cache %q", ref.Name)); err != nil {
			return nil, err
		}
	}
	if update.EvictionPolicy != nil {
		body := databaseModel{Properties: &databaseProps{EvictionPolicy: *update.EvictionPolicy}}
		if err := c.longRunning(ctx, http.MethodPatch, ref.databasePath(), body,
			sprintf("eviction policy of cache %q", ref.Name)); err != nil {
			return nil, err
		}
	}
	return c.GetCache(ctx, id)
}

// DeleteCache leaves the cache's group first (force-unlink on a remaining
// member, then waiting until no member lists it), so the others never keep
// a link to a deleted database, then deletes the cluster and waits until
// ARM no longer finds it.
func (c *Client) DeleteCache(ctx context.Context, id string) error {
	ref, err := parseClusterID(id)
	if err != nil {
		return err
	}
	cl, err := c.getCluster(ctx, ref)
	if err != nil {
		return err
	}
	if cl == nil {
		return &backend.NotFoundError{Kind: "cache", ID: id}
	}
	db, err := c.getDatabase(ctx, ref)
	if err != nil {
		return err
	}
	if g := db.geo(); g != nil && hasOthers(ref, g) {
		// Held until the cluster is gone, so no join in this process lists
		// the leaving database as a member.
		unlock, err := c.lockGroup(ctx, g.GroupNickname)
		if err != nil {
			return err
		}
		defer unlock()
		if err := c.leaveGroup(ctx, ref, g.GroupNickname); err != nil {
			return err
		}
	}
	subject := sprintf("cache %q", ref.Name)
	if err := c.longRunning(ctx, http.MethodDelete, ref.path(), nil, subject); err != nil {
		if errors.Is(err, backend.ErrNotFound) {
			return nil
		}
		return err
	}
	return c.waitFor(ctx, sprintf("cache %q to be deleted", ref.Name), func(ctx context.Context) (bool, error) {
		cl, err := c.getCluster(ctx, ref)
		return cl == nil, err
	})
}

func hasOthers(ref clusterRef, g *geoReplication) bool {
	for _, l := range g.LinkedDatabases {
		if !sameID(l.ID, ref.databaseID()) {
			return true
		}
	}
	return false
}

// leaveGroup unlinks the cache's database from the rest of its group. The
// caller holds the group lock.
func (c *Client) leaveGroup(ctx context.Context, ref clusterRef, nickname string) error {
	self := ref.databaseID()
	others, err := c.membersListing(ctx, nickname, self)
	if err != nil {
		return err
	}
	if len(others) == 0 {
		return nil
	}
	// Any remaining member can drop the link for the whole group; the next
	// one is tried if the first refuses (e.g. it is itself being deleted).
	var lastErr error
	for _, m := range others {
		lastErr = c.longRunning(ctx, http.MethodPost, m.ref.databasePath()+"/forceUnlink",
			forceUnlinkRequest{IDs: []string{self}},
			sprintf("unlinking cache %q from %q", ref.Name, m.ref.Name))
		if lastErr == nil {
			break
		}
	}
	if lastErr != nil {
		return lastErr
	}
	return c.waitFor(ctx, sprintf("group %q to drop cache %q", nickname, ref.Name), func(ctx context.Context) (bool, error) {
		left, err := c.membersListing(ctx, nickname, self)
		return len(left) == 0, err
	})
}

// membersListing returns the group's other members whose database still
// lists dbID among its links.
func (c *Client) membersListing(ctx context.Context, nickname, dbID string) ([]member, error) {
	members, err := c.groupMembers(ctx, nickname)
	if err != nil {
		return nil, fmt.Errorf("reading replication group %q: %w", nickname, err)
	}
	var out []member
	for _, m := range members {
		if sameID(m.ref.databaseID(), dbID) {
			continue
		}
		for _, l := range m.db.geo().LinkedDatabases {
			if sameID(l.ID, dbID) {
				out = append(out, m)
				break
			}
		}
	}
	return out, nil
}
