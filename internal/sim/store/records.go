package store

import "time"

// Cache is the persisted form of a simulated cache. It holds everything needed
// to rebuild the cache after a restart, including the transition it was in.
type Cache struct {
	Name             string            `json:"name"`
	Region           string            `json:"region"`
	SKU              string            `json:"sku"`
	EvictionPolicy   string            `json:"evictionPolicy"`
	ReplicationGroup string            `json:"replicationGroup,omitempty"`
	Tags             map[string]string `json:"tags,omitempty"`
	Port             int               `json:"port"`
	PrimaryKey       string            `json:"primaryKey"`
	SecondaryKey     string            `json:"secondaryKey"`
	// State is the provisioning state (Creating, Succeeded, Deleting, ...).
	State string `json:"state"`
	// ReadyAt is when provisioning completes. It is absolute so a restart
	// resumes the remaining delay instead of starting it over.
	ReadyAt time.Time `json:"readyAt"`
	// Joined is set once the group's worker has linked the cache with the
	// members that were there before it; until then it is waiting to join.
	Joined bool `json:"joined,omitempty"`
	// Links maps each peer's name to this side's link state.
	Links     map[string]string `json:"links,omitempty"`
	CreatedAt time.Time         `json:"createdAt"`
	// ReplicaID names the cache's writes in replication. It comes from a
	// counter that never goes back, so a cache re-created under the same
	// name is a new replica: a reused ID would make its writes look like
	// duplicates of the old one's.
	ReplicaID uint32 `json:"replicaId,omitempty"`
}

// Group is the persisted form of a replication group. Membership is not
// stored here: each cache records its group, so there is one source of truth.
type Group struct {
	Name      string    `json:"name"`
	CreatedAt time.Time `json:"createdAt"`
}

// Faults is the fault injection in force: partitions and latency overrides
// between regions. It is kept so that a test's partition still holds after
// the simulator restarts, instead of healing behind the test's back.
type Faults struct {
	Partitions [][2]string       `json:"partitions,omitempty"`
	Latency    []LatencyOverride `json:"latency,omitempty"`
}

// LatencyOverride replaces the one-way latency between two regions.
type LatencyOverride struct {
	A       string        `json:"a"`
	B       string        `json:"b"`
	Latency time.Duration `json:"latencyNs"`
}
