package sim

import (
	"sort"
	"strings"

	"github.com/geocache/terraform-provider-geocache/internal/backend"
	"github.com/geocache/terraform-provider-geocache/internal/catalog"
	"github.com/geocache/terraform-provider-geocache/internal/sim/simapi"
	"github.com/geocache/terraform-provider-geocache/internal/sim/store"
)

// geoState is a cache's geo-replication state as the contract defines it:
// Standalone outside a group; a member still waiting for its join, or
// leaving, is Linking or Unlinking; otherwise the first link (by peer ID)
// that is not Linked, else Linked.
func geoState(c *store.Cache) string {
	switch {
	case c.ReplicationGroup == "":
		return backend.LinkStandalone
	case c.State == backend.StateDeleting:
		return backend.LinkUnlinking
	case !c.Joined:
		return backend.LinkLinking
	}
	for _, peer := range sortedKeys(c.Links) {
		if st := c.Links[peer]; st != backend.LinkLinked {
			return st
		}
	}
	return backend.LinkLinked
}

func sortedKeys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// renderCache builds the wire form of c; peers gives the regions of its
// links (a peer missing from it is shown without one).
func renderCache(c *store.Cache, peers map[string]*store.Cache) simapi.Cache {
	out := simapi.Cache{
		ID:                  c.Name,
		Name:                c.Name,
		Region:              c.Region,
		SKU:                 c.SKU,
		EvictionPolicy:      c.EvictionPolicy,
		ReplicationGroup:    c.ReplicationGroup,
		Tags:                map[string]string{},
		Hostname:            simapi.DataHostname,
		Port:                c.Port,
		PrimaryAccessKey:    c.PrimaryKey,
		SecondaryAccessKey:  c.SecondaryKey,
		ProvisioningState:   c.State,
		GeoReplicationState: geoState(c),
		Links:               []simapi.Link{},
		CreatedAt:           c.CreatedAt,
	}
	if sku, ok := catalog.LookupSKU(c.SKU); ok {
		out.MemoryMB = sku.MemoryMB
	}
	for k, v := range c.Tags {
		out.Tags[k] = v
	}
	for _, peer := range sortedKeys(c.Links) {
		l := simapi.Link{ID: peer, Name: peer, State: c.Links[peer]}
		if p := peers[peer]; p != nil {
			l.Region = p.Region
		}
		out.Links = append(out.Links, l)
	}
	return out
}

// renderGroup builds the wire form of g from its members, sorted by name.
// The group's SKU and eviction policy are those of a member that is not
// leaving, since a leaving one no longer constrains who may join.
func renderGroup(g *store.Group, members []*store.Cache) simapi.Group {
	out := simapi.Group{ID: g.Name, Name: g.Name, Members: []simapi.Member{}, CreatedAt: g.CreatedAt}
	for _, m := range members {
		out.Members = append(out.Members, simapi.Member{ID: m.Name, Name: m.Name, Region: m.Region, State: geoState(m)})
	}
	if ref := groupReference(members); ref != nil {
		out.SKU, out.EvictionPolicy = ref.SKU, ref.EvictionPolicy
	} else if len(members) > 0 {
		out.SKU, out.EvictionPolicy = members[0].SKU, members[0].EvictionPolicy
	}
	return out
}

// active returns the members that are not being deleted: those count
// toward the size limit and set the group's SKU and eviction policy.
func active(members []*store.Cache) []*store.Cache {
	var out []*store.Cache
	for _, m := range members {
		if m.State != backend.StateDeleting {
			out = append(out, m)
		}
	}
	return out
}

func groupReference(members []*store.Cache) *store.Cache {
	if a := active(members); len(a) > 0 {
		return a[0]
	}
	return nil
}

func names(cs []*store.Cache) string {
	n := make([]string, len(cs))
	for i, c := range cs {
		n[i] = c.Name
	}
	return strings.Join(n, ", ")
}

func byName(cs []*store.Cache) map[string]*store.Cache {
	m := make(map[string]*store.Cache, len(cs))
	for _, c := range cs {
		m[c.Name] = c
	}
	return m
}

// showFaults returns c as the contract shows it during a partition: a
// Linked link to a peer in a region cut from c's is LinkFailed. The stored
// state is untouched, so the link shows Linked again after the heal.
func (s *Server) showFaults(c *store.Cache, peers map[string]*store.Cache) *store.Cache {
	var out *store.Cache
	for peer, st := range c.Links {
		p := peers[peer]
		if st != backend.LinkLinked || p == nil || !s.repl.Partitioned(c.Region, p.Region) {
			continue
		}
		if out == nil {
			cp := *c
			cp.Links = make(map[string]string, len(c.Links))
			for k, v := range c.Links {
				cp.Links[k] = v
			}
			out = &cp
		}
		out.Links[peer] = backend.LinkFailed
	}
	if out == nil {
		return c
	}
	return out
}

func (s *Server) showGroupFaults(members []*store.Cache) []*store.Cache {
	idx := byName(members)
	out := make([]*store.Cache, len(members))
	for i, m := range members {
		out[i] = s.showFaults(m, idx)
	}
	return out
}
