package simapi

// Fault injection and data-plane maintenance:
//
//	GET    /v1/faults                    Faults
//	POST   /v1/faults/partitions         RegionPair -> 200 Faults (cut both ways)
//	DELETE /v1/faults/partitions         RegionPair, or no body to heal all -> 200 Faults
//	PUT    /v1/faults/latency            LatencySetting -> 200 Faults
//	DELETE /v1/faults/latency            RegionPair, or no body to reset all -> 200 Faults
//	POST   /v1/caches/{name}/flush       200 FlushResult; in a group every member is flushed
//
// Regions must be known and distinct (400 InvalidRequest otherwise). Faults
// live in the running daemon only: a restart heals every partition and
// resets every latency.
//
// While two regions are partitioned, the links between their members are
// reported LinkFailed (Link.State, and through it GeoReplicationState and
// Member.State); the stored state is kept and shows again after the heal.

// Paths of fault injection and flush.
const (
	PathFaults     = "/v1/faults"
	PathPartitions = "/v1/faults/partitions"
	PathLatency    = "/v1/faults/latency"
	FlushSuffix    = "/flush" // after /v1/caches/{name}
)

// RegionPair names two regions, in any order.
type RegionPair struct {
	A string `json:"a"`
	B string `json:"b"`
}

// LatencySetting overrides the one-way latency between two regions, both
// ways. Latency is a Go duration ("120ms", "0s").
type LatencySetting struct {
	A       string `json:"a"`
	B       string `json:"b"`
	Latency string `json:"latency"`
}

// Faults is the fault injection in force; pairs are sorted, each with A < B.
type Faults struct {
	Latency    string           `json:"latency"` // the base mode, "realistic" or "off"
	Partitions []RegionPair     `json:"partitions"`
	Overrides  []LatencySetting `json:"latencyOverrides"`
}

// FlushResult answers a flush with the caches that were flushed.
type FlushResult struct {
	Flushed []string `json:"flushed"`
}
