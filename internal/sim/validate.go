package sim

import (
	"errors"
	"strings"

	"github.com/geocache/terraform-provider-geocache/internal/catalog"
	"github.com/geocache/terraform-provider-geocache/internal/sim/simapi"
	"github.com/geocache/terraform-provider-geocache/internal/sim/store"
)

// validateCreate checks everything about a new cache that does not depend
// on other objects, and fills in defaults.
func validateCreate(name string, req *simapi.CacheCreate) error {
	if err := catalog.ValidateName(name); err != nil {
		return invalidRequest("cache name: %v", err)
	}
	if _, ok := catalog.LookupRegion(req.Region); !ok {
		return invalidRequest("unknown region %q: GET %s lists them", req.Region, simapi.PathRegions)
	}
	sku, ok := catalog.LookupSKU(req.SKU)
	if !ok {
		return invalidRequest("unknown sku %q: GET %s lists them", req.SKU, simapi.PathSKUs)
	}
	if req.EvictionPolicy == "" {
		req.EvictionPolicy = catalog.DefaultEvictionPolicy
	}
	if err := validatePolicy(req.EvictionPolicy); err != nil {
		return err
	}
	if req.ReplicationGroup != "" && !sku.GeoReplication {
		return invalidRequest("sku %s cannot join replication group %q: active geo-replication needs Balanced_B3 or larger, or a MemoryOptimized or ComputeOptimized sku",
			req.SKU, req.ReplicationGroup)
	}
	return nil
}

func validatePolicy(p string) error {
	for _, known := range catalog.EvictionPolicies() {
		if p == known {
			return nil
		}
	}
	return invalidRequest("unknown eviction policy %q: must be one of %s", p, strings.Join(catalog.EvictionPolicies(), ", "))
}

// checkMembership decides whether c may join its group, given the group's
// current members. It runs inside the transaction that inserts c.
func checkMembership(tx *store.Tx, c *store.Cache) error {
	g := c.ReplicationGroup
	if _, err := tx.Group(g); errors.Is(err, store.ErrNotFound) {
		return invalidRequest("replication group %q does not exist", g)
	} else if err != nil {
		return err
	}
	members, err := tx.Members(g)
	if err != nil {
		return err
	}
	current := active(members)
	if len(current) >= catalog.MaxGroupMembers {
		return conflict(simapi.CodeGroupFull, "replication group %q already has %d members (%s), the most a group may have",
			g, len(current), names(current))
	}
	if ref := groupReference(members); ref != nil && (ref.SKU != c.SKU || ref.EvictionPolicy != c.EvictionPolicy) {
		return conflict(simapi.CodeGroupMismatch,
			"replication group %q has sku %s and eviction policy %s (members: %s); cache %q asks for sku %s and eviction policy %s: every member must share them",
			g, ref.SKU, ref.EvictionPolicy, names(current), c.Name, c.SKU, c.EvictionPolicy)
	}
	return nil
}

// checkPolicyChange refuses to let one member's eviction policy drift from
// the others'; a group's sole member may change it.
func checkPolicyChange(tx *store.Tx, c *store.Cache, policy string) error {
	members, err := tx.Members(c.ReplicationGroup)
	if err != nil {
		return err
	}
	var others []*store.Cache
	for _, m := range active(members) {
		if m.Name != c.Name {
			others = append(others, m)
		}
	}
	if len(others) == 0 {
		return nil
	}
	return conflict(simapi.CodeGroupMismatch,
		"cannot change the eviction policy of cache %q to %s: every member of replication group %q shares eviction policy %s (other members: %s)",
		c.Name, policy, c.ReplicationGroup, c.EvictionPolicy, names(others))
}
