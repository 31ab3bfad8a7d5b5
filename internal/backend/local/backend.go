package local

import (
	"context"
	"net/http"
	"net/url"
	"sort"

	"github.com/geocache/terraform-provider-geocache/internal/backend"
	"github.com/geocache/terraform-provider-geocache/internal/sim/simapi"
)

const (
	kindCache = "cache"
	kindGroup = "replication group"
)

// objectPath joins a collection path and an ID. IDs come from users (import)
// and must not be able to walk to another path, hence the check for the dot
// segments that escaping leaves alone.
func objectPath(collection, kind, id string) (string, error) {
	if id == "" || id == "." || id == ".." {
		return "", &backend.APIError{Kind: backend.ErrInvalid, StatusCode: http.StatusBadRequest,
			Code: simapi.CodeInvalidRequest, Message: "invalid " + kind + " ID " + `"` + id + `"`}
	}
	return collection + "/" + url.PathEscape(id), nil
}

// Regions lists the simulator's region catalogue.
func (c *Client) Regions(ctx context.Context) ([]backend.Region, error) {
	var list simapi.RegionList
	if err := c.do(ctx, http.MethodGet, simapi.PathRegions, nil, &list, nil); err != nil {
		return nil, err
	}
	out := make([]backend.Region, 0, len(list.Regions))
	for _, r := range list.Regions {
		out = append(out, backend.Region{Name: r.Name, DisplayName: r.DisplayName, Latitude: r.Latitude, Longitude: r.Longitude})
	}
	return out, nil
}

// CreateReplicationGroup creates an empty group; its ID is its name.
func (c *Client) CreateReplicationGroup(ctx context.Context, name string) (*backend.ReplicationGroup, error) {
	path, err := objectPath(simapi.PathGroups, kindGroup, name)
	if err != nil {
		return nil, err
	}
	var g simapi.Group
	if err := c.do(ctx, http.MethodPut, path, simapi.GroupCreate{}, &g, nil); err != nil {
		return nil, err
	}
	return groupFromAPI(g), nil
}

// GetReplicationGroup reads a group and its members.
func (c *Client) GetReplicationGroup(ctx context.Context, id string) (*backend.ReplicationGroup, error) {
	path, err := objectPath(simapi.PathGroups, kindGroup, id)
	if err != nil {
		return nil, err
	}
	var g simapi.Group
	if err := c.do(ctx, http.MethodGet, path, nil, &g, &backend.NotFoundError{Kind: kindGroup, ID: id}); err != nil {
		return nil, err
	}
	return groupFromAPI(g), nil
}

// DeleteReplicationGroup deletes an empty group; the simulator refuses with
// GroupNotEmpty, naming the members, while any remain.
func (c *Client) DeleteReplicationGroup(ctx context.Context, id string) error {
	path, err := objectPath(simapi.PathGroups, kindGroup, id)
	if err != nil {
		return err
	}
	return c.do(ctx, http.MethodDelete, path, nil, nil, &backend.NotFoundError{Kind: kindGroup, ID: id})
}

// CreateCache starts creating a cache; it returns while the cache is still
// Creating (and, in a group, Linking).
func (c *Client) CreateCache(ctx context.Context, spec backend.CacheSpec) (*backend.Cache, error) {
	path, err := objectPath(simapi.PathCaches, kindCache, spec.Name)
	if err != nil {
		return nil, err
	}
	body := simapi.CacheCreate{
		Region:           spec.Region,
		SKU:              spec.SKU,
		EvictionPolicy:   spec.EvictionPolicy,
		ReplicationGroup: spec.ReplicationGroupID,
		Tags:             spec.Tags,
	}
	// The cache itself cannot be missing on create; a 404 can only mean the
	// group it should join.
	var notFound *backend.NotFoundError
	if spec.ReplicationGroupID != "" {
		notFound = &backend.NotFoundError{Kind: kindGroup, ID: spec.ReplicationGroupID}
	}
	var out simapi.Cache
	if err := c.do(ctx, http.MethodPut, path, body, &out, notFound); err != nil {
		return nil, err
	}
	return cacheFromAPI(out), nil
}

// GetCache reads a cache.
func (c *Client) GetCache(ctx context.Context, id string) (*backend.Cache, error) {
	path, err := objectPath(simapi.PathCaches, kindCache, id)
	if err != nil {
		return nil, err
	}
	var out simapi.Cache
	if err := c.do(ctx, http.MethodGet, path, nil, &out, &backend.NotFoundError{Kind: kindCache, ID: id}); err != nil {
		return nil, err
	}
	return cacheFromAPI(out), nil
}

// UpdateCache changes the in-place settings that update carries.
func (c *Client) UpdateCache(ctx context.Context, id string, update backend.CacheUpdate) (*backend.Cache, error) {
	path, err := objectPath(simapi.PathCaches, kindCache, id)
	if err != nil {
		return nil, err
	}
	body := simapi.CacheUpdate{EvictionPolicy: update.EvictionPolicy, Tags: update.Tags}
	var out simapi.Cache
	if err := c.do(ctx, http.MethodPatch, path, body, &out, &backend.NotFoundError{Kind: kindCache, ID: id}); err != nil {
		return nil, err
	}
	return cacheFromAPI(out), nil
}

// DeleteCache starts leaving the group and deleting the cache; GetCache
// reports not found once both are done.
func (c *Client) DeleteCache(ctx context.Context, id string) error {
	path, err := objectPath(simapi.PathCaches, kindCache, id)
	if err != nil {
		return err
	}
	return c.do(ctx, http.MethodDelete, path, nil, nil, &backend.NotFoundError{Kind: kindCache, ID: id})
}

// Status is the daemon's overview.
func (c *Client) Status(ctx context.Context) (*simapi.Status, error) {
	var st simapi.Status
	if err := c.do(ctx, http.MethodGet, simapi.PathStatus, nil, &st, nil); err != nil {
		return nil, err
	}
	return &st, nil
}

// ListCaches lists every cache the simulator holds.
func (c *Client) ListCaches(ctx context.Context) ([]simapi.Cache, error) {
	var list simapi.CacheList
	if err := c.do(ctx, http.MethodGet, simapi.PathCaches, nil, &list, nil); err != nil {
		return nil, err
	}
	return list.Caches, nil
}

// ListGroups lists every replication group the simulator holds.
func (c *Client) ListGroups(ctx context.Context) ([]simapi.Group, error) {
	var list simapi.GroupList
	if err := c.do(ctx, http.MethodGet, simapi.PathGroups, nil, &list, nil); err != nil {
		return nil, err
	}
	return list.Groups, nil
}

func groupFromAPI(g simapi.Group) *backend.ReplicationGroup {
	members := make([]backend.Member, 0, len(g.Members))
	for _, m := range g.Members {
		members = append(members, backend.Member{ID: m.ID, Name: m.Name, Region: m.Region, State: m.State})
	}
	sort.Slice(members, func(i, j int) bool { return members[i].ID < members[j].ID })
	return &backend.ReplicationGroup{
		ID:             g.ID,
		Name:           g.Name,
		SKU:            g.SKU,
		EvictionPolicy: g.EvictionPolicy,
		Members:        members,
	}
}

func cacheFromAPI(c simapi.Cache) *backend.Cache {
	linked := make([]string, 0, len(c.Links))
	for _, l := range c.Links {
		if l.ID != c.ID {
			linked = append(linked, l.ID)
		}
	}
	sort.Strings(linked)
	geo := c.GeoReplicationState
	if geo == "" && c.ReplicationGroup == "" {
		geo = backend.LinkStandalone
	}
	return &backend.Cache{
		ID:                  c.ID,
		Name:                c.Name,
		Region:              c.Region,
		SKU:                 c.SKU,
		EvictionPolicy:      c.EvictionPolicy,
		ReplicationGroupID:  c.ReplicationGroup,
		Tags:                c.Tags,
		Hostname:            c.Hostname,
		Port:                int64(c.Port),
		PrimaryAccessKey:    c.PrimaryAccessKey,
		SecondaryAccessKey:  c.SecondaryAccessKey,
		ProvisioningState:   c.ProvisioningState,
		GeoReplicationState: geo,
		LinkedCacheIDs:      linked,
	}
}
