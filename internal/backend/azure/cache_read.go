package azure

import (
	"context"
	"strings"

	"github.com/geocache/terraform-provider-geocache/internal/backend"
)

// GetCache reads the cluster, its database and its access keys.
func (c *Client) GetCache(ctx context.Context, id string) (*backend.Cache, error) {
	ref, err := parseClusterID(id)
	if err != nil {
		return nil, err
	}
	cl, err := c.getCluster(ctx, ref)
	if err != nil {
		return nil, err
	}
	if cl == nil {
		return nil, &backend.NotFoundError{Kind: "cache", ID: id}
	}
	db, err := c.getDatabase(ctx, ref)
	if err != nil {
		return nil, err
	}
	cache := buildCache(id, ref, cl, db)
	// Keys exist from the end of the database's creation on, through later
	// updates and failures. A failed listKeys is an error: empty keys would
	// overwrite the ones callers already hold.
	if db != nil && db.props().ProvisioningState != provCreating {
		keys, err := c.listKeys(ctx, ref)
		if err != nil {
			return nil, err
		}
		cache.PrimaryAccessKey, cache.SecondaryAccessKey = keys.PrimaryKey, keys.SecondaryKey
	}
	return cache, nil
}

func buildCache(id string, ref clusterRef, cl *clusterModel, db *databaseModel) *backend.Cache {
	cp, dp := cl.props(), db.props()
	cache := &backend.Cache{
		ID:                  id,
		Name:                ref.Name,
		Region:              normalizeLocation(cl.Location),
		EvictionPolicy:      dp.EvictionPolicy,
		Tags:                cl.Tags,
		Hostname:            cp.HostName,
		Port:                dp.Port,
		ProvisioningState:   provisioningState(cl, db),
		GeoReplicationState: backend.LinkStandalone,
		LinkedCacheIDs:      []string{},
	}
	if cl.Name != "" {
		cache.Name = cl.Name // as created, whatever the casing of the ID asked for
	}
	if cl.SKU != nil {
		cache.SKU = cl.SKU.Name
	}
	if g := db.geo(); g != nil {
		cache.ReplicationGroupID = g.GroupNickname
		cache.GeoReplicationState = linkState(g.LinkedDatabases)
		selfDB := ref.databaseID()
		for _, l := range g.LinkedDatabases {
			if !sameID(l.ID, selfDB) {
				cache.LinkedCacheIDs = append(cache.LinkedCacheIDs, clusterIDOfDatabase(l.ID))
			}
		}
		sortIDs(cache.LinkedCacheIDs)
	}
	return cache
}

// linkState is Linked when every link is, else the first state that is not
// (in ID order, so the answer is stable).
func linkState(links []linkedDatabase) string {
	sorted := append([]linkedDatabase(nil), links...)
	ids := make([]string, len(sorted))
	byID := map[string]string{}
	for i, l := range sorted {
		ids[i] = l.ID
		byID[l.ID] = l.State
	}
	sortIDs(ids)
	for _, id := range ids {
		if s := byID[id]; s != backend.LinkLinked {
			if s == "" {
				return backend.LinkLinking
			}
			return s
		}
	}
	return backend.LinkLinked
}

// provisioningState folds the cluster's and database's provisioning and
// resource states into one backend state. ARM reports an operation
// Succeeded before the resource is Running, so both are needed.
func provisioningState(cl *clusterModel, db *databaseModel) string {
	cp, dp := cl.props(), db.props()
	for _, s := range []string{cp.ProvisioningState, dp.ProvisioningState} {
		switch s {
		case provFailed, provCanceled:
			return backend.StateFailed
		case provDeleting:
			return backend.StateDeleting
		}
	}
	for _, s := range []string{cp.ResourceState, dp.ResourceState} {
		if strings.HasSuffix(s, "Failed") {
			return backend.StateFailed
		}
		if s == "Deleting" {
			return backend.StateDeleting
		}
	}
	if db == nil || cp.ProvisioningState == provCreating || dp.ProvisioningState == provCreating {
		return backend.StateCreating
	}
	if cp.ProvisioningState != provSucceeded || dp.ProvisioningState != provSucceeded ||
		cp.ResourceState != resourceRunning || dp.ResourceState != resourceRunning {
		if cp.ResourceState == "Creating" || dp.ResourceState == "Creating" {
			return backend.StateCreating
		}
		return backend.StateUpdating
	}
	return backend.StateSucceeded
}
