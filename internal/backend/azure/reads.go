package azure

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/geocache/terraform-provider-geocache/internal/backend"
)

// getCluster returns nil, nil when the cluster does not exist.
func (c *Client) getCluster(ctx context.Context, ref clusterRef) (*clusterModel, error) {
	var m clusterModel
	err := c.call(ctx, http.MethodGet, ref.path(), nil, &m, sprintf("cache %q", ref.Name), http.StatusOK)
	if errors.Is(err, backend.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &m, nil
}

// getDatabase returns nil, nil when the cluster has no default database
// (yet, or no longer).
func (c *Client) getDatabase(ctx context.Context, ref clusterRef) (*databaseModel, error) {
	var m databaseModel
	err := c.call(ctx, http.MethodGet, ref.databasePath(), nil, &m, sprintf("database of cache %q", ref.Name), http.StatusOK)
	if errors.Is(err, backend.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &m, nil
}

func (c *Client) listKeys(ctx context.Context, ref clusterRef) (accessKeys, error) {
	var k accessKeys
	err := c.call(ctx, http.MethodPost, ref.databasePath()+"/listKeys", nil, &k,
		sprintf("access keys of cache %q", ref.Name), http.StatusOK)
	return k, err
}

// listClusters reads every page of the configured resource group's clusters.
func (c *Client) listClusters(ctx context.Context) ([]clusterModel, error) {
	next := "/subscriptions/" + url.PathEscape(c.subscription) + "/resourceGroups/" +
		url.PathEscape(c.resourceGroup) + "/providers/Microsoft.Cache/redisEnterprise"
	subject := sprintf("caches of resource group %q", c.resourceGroup)
	var out []clusterModel
	for pages := 0; next != ""; pages++ {
		if pages > 10000 {
			return nil, sprintErr("%s", subject, errPagingLoop)
		}
		var page clusterList
		if err := c.call(ctx, http.MethodGet, next, nil, &page, subject, http.StatusOK); err != nil {
			return nil, err
		}
		out = append(out, page.Value...)
		next = page.NextLink
	}
	return out, nil
}

// member is one database of a replication group with its cluster.
type member struct {
	ref     clusterRef
	cluster clusterModel
	db      databaseModel
}

// groupMembers finds the resource group's databases in the nickname's group.
func (c *Client) groupMembers(ctx context.Context, nickname string) ([]member, error) {
	clusters, err := c.listClusters(ctx)
	if err != nil {
		return nil, err
	}
	var out []member
	for _, cl := range clusters {
		ref, err := parseClusterID(cl.ID)
		if err != nil {
			// ARM listed something that is not a cluster ID; skip it rather
			// than fail every group read.
			continue
		}
		db, err := c.getDatabase(ctx, ref)
		if err != nil {
			return nil, err
		}
		if g := db.geo(); g != nil && strings.EqualFold(g.GroupNickname, nickname) {
			out = append(out, member{ref: ref, cluster: cl, db: *db})
		}
	}
	return out, nil
}
