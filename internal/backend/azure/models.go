package azure

// ARM request and response bodies, holding only the fields this backend uses.

type clusterModel struct {
	ID         string            `json:"id,omitempty"`
	Name       string            `json:"name,omitempty"`
	Location   string            `json:"location,omitempty"`
	Tags       map[string]string `json:"tags,omitempty"`
	SKU        *skuModel         `json:"sku,omitempty"`
	Properties *clusterProps     `json:"properties,omitempty"`
}

type skuModel struct {
	Name string `json:"name"`
}

type clusterProps struct {
	MinimumTLSVersion   string `json:"minimumTlsVersion,omitempty"`
	PublicNetworkAccess string `json:"publicNetworkAccess,omitempty"`
	HostName            string `json:"hostName,omitempty"`
	ProvisioningState   string `json:"provisioningState,omitempty"`
	ResourceState       string `json:"resourceState,omitempty"`
}

// clusterTagsPatch always sends tags, so an empty map clears them.
type clusterTagsPatch struct {
	Tags map[string]string `json:"tags"`
}

type clusterList struct {
	Value    []clusterModel `json:"value"`
	NextLink string         `json:"nextLink,omitempty"`
}

type databaseModel struct {
	ID         string         `json:"id,omitempty"`
	Name       string         `json:"name,omitempty"`
	Properties *databaseProps `json:"properties,omitempty"`
}

type databaseProps struct {
	ClientProtocol           string          `json:"clientProtocol,omitempty"`
	Port                     int64           `json:"port,omitempty"`
	ClusteringPolicy         string          `json:"clusteringPolicy,omitempty"`
	EvictionPolicy           string          `json:"evictionPolicy,omitempty"`
	AccessKeysAuthentication string          `json:"accessKeysAuthentication,omitempty"`
	GeoReplication           *geoReplication `json:"geoReplication,omitempty"`
	ProvisioningState        string          `json:"provisioningState,omitempty"`
	ResourceState            string          `json:"resourceState,omitempty"`
}

type geoReplication struct {
	GroupNickname   string           `json:"groupNickname,omitempty"`
	LinkedDatabases []linkedDatabase `json:"linkedDatabases,omitempty"`
}

type linkedDatabase struct {
	ID    string `json:"id"`
	State string `json:"state,omitempty"`
}

type forceUnlinkRequest struct {
	IDs []string `json:"ids"`
}

type accessKeys struct {
	PrimaryKey   string `json:"primaryKey"`
	SecondaryKey string `json:"secondaryKey"`
}

type armErrorBody struct {
	Error *struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

// ARM values this backend writes or interprets.
const (
	apiVersion        = "2025-07-01"
	databaseName      = "default"
	databasePort      = 10000
	resourceRunning   = "Running"
	provSucceeded     = "Succeeded"
	provFailed        = "Failed"
	provCanceled      = "Canceled"
	provCreating      = "Creating"
	provUpdating      = "Updating"
	provDeleting      = "Deleting"
	maxClusterNameLen = 60
)

// geo returns the database's geo-replication settings, nil when standalone.
func (d *databaseModel) geo() *geoReplication {
	if d == nil || d.Properties == nil || d.Properties.GeoReplication == nil ||
		d.Properties.GeoReplication.GroupNickname == "" {
		return nil
	}
	return d.Properties.GeoReplication
}

func (c *clusterModel) props() clusterProps {
	if c == nil || c.Properties == nil {
		return clusterProps{}
	}
	return *c.Properties
}

func (d *databaseModel) props() databaseProps {
	if d == nil || d.Properties == nil {
		return databaseProps{}
	}
	return *d.Properties
}
