// Package backend defines what the provider's resources need from a place that
// hosts geo-replicated caches, and the types and errors both backends share.
package backend

import "context"

// RegionLister lists the regions a backend can place caches in.
type RegionLister interface {
	Regions(ctx context.Context) ([]Region, error)
}

// GroupBackend manages replication groups. Membership is owned by caches: a
// group is created empty and only reports who joined it.
type GroupBackend interface {
	CreateReplicationGroup(ctx context.Context, name string) (*ReplicationGroup, error)
	// GetReplicationGroup returns an error satisfying errors.Is(err, ErrNotFound)
	// when no group has that ID.
	GetReplicationGroup(ctx context.Context, id string) (*ReplicationGroup, error)
	// DeleteReplicationGroup fails with ErrConflict while members remain; the
	// message names them. Deleting a missing group returns ErrNotFound.
	DeleteReplicationGroup(ctx context.Context, id string) error
}

// CacheBackend manages caches. CreateCache and DeleteCache may return before
// the backend has finished: callers poll GetCache until Cache.Ready() (create)
// or until it returns ErrNotFound (delete).
type CacheBackend interface {
	CreateCache(ctx context.Context, spec CacheSpec) (*Cache, error)
	GetCache(ctx context.Context, id string) (*Cache, error)
	UpdateCache(ctx context.Context, id string, update CacheUpdate) (*Cache, error)
	DeleteCache(ctx context.Context, id string) error
}

// Backend is everything the provider uses; both backends implement it.
type Backend interface {
	RegionLister
	GroupBackend
	CacheBackend
}

// Provisioning states shared by both backends.
const (
	StateCreating  = "Creating"
	StateUpdating  = "Updating"
	StateSucceeded = "Succeeded"
	StateDeleting  = "Deleting"
	StateFailed    = "Failed"
)

// Geo-replication link states, as Azure reports them for linked databases.
const (
	LinkLinking    = "Linking"
	LinkLinked     = "Linked"
	LinkUnlinking  = "Unlinking"
	LinkFailed     = "LinkFailed"
	LinkStandalone = "Standalone" // the cache is in no replication group
)

// Region is a place caches can be created in.
type Region struct {
	Name        string
	DisplayName string
	Latitude    float64
	Longitude   float64
}

// ReplicationGroup is a set of caches that replicate to each other.
type ReplicationGroup struct {
	ID   string
	Name string
	// SKU and EvictionPolicy are those every member shares; empty while the
	// group has no members.
	SKU            string
	EvictionPolicy string
	Members        []Member // sorted by ID
}

// Member is one cache as its replication group reports it.
type Member struct {
	ID     string
	Name   string
	Region string
	// State is the member's link state: Linking, Linked, Unlinking or LinkFailed.
	State string
}

// CacheSpec is what a new cache is created from.
type CacheSpec struct {
	Name               string
	Region             string
	SKU                string
	EvictionPolicy     string
	ReplicationGroupID string // empty: a standalone cache
	Tags               map[string]string
}

// CacheUpdate carries the settings that change in place. A nil field is left
// as it is.
type CacheUpdate struct {
	EvictionPolicy *string
	Tags           *map[string]string
}

// Cache is a cache as the backend reports it.
type Cache struct {
	ID                 string
	Name               string
	Region             string
	SKU                string
	EvictionPolicy     string
	ReplicationGroupID string
	Tags               map[string]string
	Hostname           string
	Port               int64
	PrimaryAccessKey   string
	SecondaryAccessKey string
	ProvisioningState  string
	// GeoReplicationState is LinkStandalone outside a group, otherwise Linked
	// once every link is Linked, else the first state that is not.
	GeoReplicationState string
	// LinkedCacheIDs are the other members' IDs, self excluded, sorted.
	LinkedCacheIDs []string
}

// Ready reports whether a cache has finished provisioning and, in a group,
// is linked to every other member.
func (c *Cache) Ready() bool {
	if c.ProvisioningState != StateSucceeded {
		return false
	}
	return c.ReplicationGroupID == "" || c.GeoReplicationState == LinkLinked
}
