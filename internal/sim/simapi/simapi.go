// Package simapi is the wire contract of the simulator's control plane: JSON
// bodies and paths shared by the daemon and its clients.
//
// All paths under /v1 need "Authorization: Bearer TOKEN". Errors are
// {"error":{"code":"...","message":"..."}} with a matching status:
// 400 InvalidRequest / InvalidJSON, 401 Unauthorized, 404 NotFound,
// 405 MethodNotAllowed, 409 Conflict / AlreadyExists / GroupNotEmpty /
// GroupFull / GroupMismatch, 500 Internal, and 503 Internal when a cache is
// created while the simulator is shutting down (nothing was recorded; try
// again once it is back).
//
//	GET    /healthz                      (no auth) Health
//	GET    /v1/status                    Status
//	GET    /v1/regions                   RegionList
//	GET    /v1/skus                      SKUList
//	GET    /v1/caches                    CacheList
//	PUT    /v1/caches/{name}             CacheCreate -> 201 Cache (Creating)
//	GET    /v1/caches/{name}             Cache
//	PATCH  /v1/caches/{name}             CacheUpdate -> 200 Cache
//	DELETE /v1/caches/{name}             202 Cache (Deleting); gone (404) once left and deleted
//	GET    /v1/replicationGroups         GroupList
//	PUT    /v1/replicationGroups/{name}  GroupCreate -> 201 Group
//	GET    /v1/replicationGroups/{name}  Group
//	DELETE /v1/replicationGroups/{name}  204; 409 GroupNotEmpty naming members
package simapi

import "time"

// Paths.
const (
	PathHealth   = "/healthz"
	PathStatus   = "/v1/status"
	PathRegions  = "/v1/regions"
	PathSKUs     = "/v1/skus"
	PathCaches   = "/v1/caches"
	PathGroups   = "/v1/replicationGroups"
	ServiceName  = "geocache-simulator"
	DefaultAddr  = "127.0.0.1:7450"
	TokenFile    = "token" // in the state dir, mode 0600
	EnvEndpoint  = "GEOCACHE_ENDPOINT"
	EnvToken     = "GEOCACHE_TOKEN"
	EnvStateDir  = "GEOCACHE_STATE_DIR"
	DefaultDir   = ".geocache" // under the user's home directory
	DataHostname = "127.0.0.1"
)

// Error codes.
const (
	CodeInvalidRequest   = "InvalidRequest"
	CodeInvalidJSON      = "InvalidJSON"
	CodeUnauthorized     = "Unauthorized"
	CodeNotFound         = "NotFound"
	CodeMethodNotAllowed = "MethodNotAllowed"
	CodeConflict         = "Conflict"
	CodeAlreadyExists    = "AlreadyExists"
	CodeGroupNotEmpty    = "GroupNotEmpty"
	CodeGroupFull        = "GroupFull"
	CodeGroupMismatch    = "GroupMismatch"
	CodeInternal         = "Internal"
)

// ErrorBody is every error response.
type ErrorBody struct {
	Error ErrorDetail `json:"error"`
}

// ErrorDetail says what went wrong.
type ErrorDetail struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// Health answers /healthz so a client can tell the simulator from another
// service on the same port.
type Health struct {
	Service string `json:"service"` // ServiceName
	Version string `json:"version"`
}

// Status is the daemon's overview.
type Status struct {
	Version    string      `json:"version"`
	StartedAt  time.Time   `json:"startedAt"`
	StateDir   string      `json:"stateDir"`
	Latency    string      `json:"latency"` // "realistic" or "off"
	Caches     int         `json:"caches"`
	Groups     int         `json:"groups"`
	Partitions [][2]string `json:"partitions"`
}

// Region is one entry of the region catalogue.
type Region struct {
	Name        string  `json:"name"`
	DisplayName string  `json:"displayName"`
	Latitude    float64 `json:"latitude"`
	Longitude   float64 `json:"longitude"`
}

// RegionList answers GET /v1/regions.
type RegionList struct {
	Regions []Region `json:"regions"`
}

// SKU is one entry of the SKU catalogue.
type SKU struct {
	Name           string `json:"name"`
	MemoryMB       int64  `json:"memoryMB"`
	GeoReplication bool   `json:"geoReplication"`
}

// SKUList answers GET /v1/skus.
type SKUList struct {
	SKUs []SKU `json:"skus"`
}

// CacheCreate is the body of PUT /v1/caches/{name}.
type CacheCreate struct {
	Region           string            `json:"region"`
	SKU              string            `json:"sku"`
	EvictionPolicy   string            `json:"evictionPolicy,omitempty"` // default VolatileLRU
	ReplicationGroup string            `json:"replicationGroup,omitempty"`
	Tags             map[string]string `json:"tags,omitempty"`
}

// CacheUpdate is the body of PATCH /v1/caches/{name}; absent fields stay.
type CacheUpdate struct {
	EvictionPolicy *string            `json:"evictionPolicy,omitempty"`
	Tags           *map[string]string `json:"tags,omitempty"`
}

// Link is one peer as a cache sees it.
type Link struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Region string `json:"region"`
	State  string `json:"state"` // Linking, Linked, Unlinking, LinkFailed
}

// Cache is a simulated cache. Its ID is its name, folded to lower case (names
// are case-insensitive, as in Azure).
type Cache struct {
	ID                  string            `json:"id"`
	Name                string            `json:"name"`
	Region              string            `json:"region"`
	SKU                 string            `json:"sku"`
	MemoryMB            int64             `json:"memoryMB"`
	EvictionPolicy      string            `json:"evictionPolicy"`
	ReplicationGroup    string            `json:"replicationGroup,omitempty"`
	Tags                map[string]string `json:"tags"`
	Hostname            string            `json:"hostname"`
	Port                int               `json:"port"`
	PrimaryAccessKey    string            `json:"primaryAccessKey"`
	SecondaryAccessKey  string            `json:"secondaryAccessKey"`
	ProvisioningState   string            `json:"provisioningState"`   // Creating, Succeeded, Updating, Deleting, Failed
	GeoReplicationState string            `json:"geoReplicationState"` // Standalone, Linking, Linked, Unlinking, LinkFailed
	Links               []Link            `json:"links"`               // other members, sorted by ID
	CreatedAt           time.Time         `json:"createdAt"`
}

// CacheList answers GET /v1/caches.
type CacheList struct {
	Caches []Cache `json:"caches"`
}

// GroupCreate is the body of PUT /v1/replicationGroups/{name}.
type GroupCreate struct{}

// Member is one cache of a group.
type Member struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Region string `json:"region"`
	State  string `json:"state"`
}

// Group is a replication group. Its ID is its name in lower case. SKU and EvictionPolicy
// are those every member shares, empty while it has none.
type Group struct {
	ID             string    `json:"id"`
	Name           string    `json:"name"`
	SKU            string    `json:"sku,omitempty"`
	EvictionPolicy string    `json:"evictionPolicy,omitempty"`
	Members        []Member  `json:"members"` // sorted by ID
	CreatedAt      time.Time `json:"createdAt"`
}

// GroupList answers GET /v1/replicationGroups.
type GroupList struct {
	Groups []Group `json:"groups"`
}
