package azure

import (
	"net/url"
	"sort"
	"strings"

	"github.com/geocache/terraform-provider-geocache/internal/backend"
)

// clusterRef locates one redisEnterprise cluster.
type clusterRef struct {
	Subscription  string
	ResourceGroup string
	Name          string
}

const databaseSuffix = "/databases/" + databaseName

// ID is the cluster's ARM resource ID, which is also the cache ID.
func (r clusterRef) ID() string {
	return "/subscriptions/" + r.Subscription + "/resourceGroups/" + r.ResourceGroup +
		"/providers/Microsoft.Cache/redisEnterprise/" + r.Name
}

// path is ID with each variable segment escaped, for request URLs.
func (r clusterRef) path() string {
	return "/subscriptions/" + url.PathEscape(r.Subscription) + "/resourceGroups/" +
		url.PathEscape(r.ResourceGroup) + "/providers/Microsoft.Cache/redisEnterprise/" +
		url.PathEscape(r.Name)
}

func (r clusterRef) databaseID() string   { return r.ID() + databaseSuffix }
func (r clusterRef) databasePath() string { return r.path() + databaseSuffix }

// parseClusterID accepts a cluster resource ID in any letter case.
func parseClusterID(id string) (clusterRef, error) {
	parts := strings.Split(id, "/")
	fixed := map[int]string{1: "subscriptions", 3: "resourceGroups", 5: "providers", 6: "Microsoft.Cache", 7: "redisEnterprise"}
	ok := len(parts) == 9 && parts[0] == ""
	for i, want := range fixed {
		ok = ok && strings.EqualFold(parts[i], want)
	}
	ok = ok && parts[2] != "" && parts[4] != "" && parts[8] != ""
	if !ok {
		return clusterRef{}, invalidf("invalid cache ID %q: expected /subscriptions/SUBSCRIPTION/resourceGroups/GROUP/providers/Microsoft.Cache/redisEnterprise/NAME", id)
	}
	return clusterRef{Subscription: parts[2], ResourceGroup: parts[4], Name: parts[8]}, nil
}

// clusterIDOfDatabase turns a linked database ID into its cluster's ID.
func clusterIDOfDatabase(dbID string) string {
	if len(dbID) >= len(databaseSuffix) && strings.EqualFold(dbID[len(dbID)-len(databaseSuffix):], databaseSuffix) {
		return dbID[:len(dbID)-len(databaseSuffix)]
	}
	return dbID
}

func sameID(a, b string) bool { return strings.EqualFold(a, b) }

// sortIDs orders IDs ignoring case, so the order is stable whatever casing
// ARM echoes back.
func sortIDs(ids []string) {
	sort.Slice(ids, func(i, j int) bool { return strings.ToLower(ids[i]) < strings.ToLower(ids[j]) })
}

// normalizeLocation turns ARM's "East US" display form into "eastus".
func normalizeLocation(loc string) string {
	return strings.ToLower(strings.ReplaceAll(loc, " ", ""))
}

func invalidf(format string, args ...any) error {
	return &backend.APIError{Kind: backend.ErrInvalid, Message: sprintf(format, args...)}
}

func conflictf(format string, args ...any) error {
	return &backend.APIError{Kind: backend.ErrConflict, Message: sprintf(format, args...)}
}
