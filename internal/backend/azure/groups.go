package azure

import (
	"context"
	"sort"
	"strings"

	"github.com/geocache/terraform-provider-geocache/internal/backend"
	"github.com/geocache/terraform-provider-geocache/internal/catalog"
)

// CreateReplicationGroup validates the name and reports the group, which
// Azure has nothing to create for: it exists through its members'
// groupNickname. A name already in use reports its current members.
func (c *Client) CreateReplicationGroup(ctx context.Context, name string) (*backend.ReplicationGroup, error) {
	if err := catalog.ValidateName(name); err != nil {
		return nil, invalidf("replication group: %v", err)
	}
	return c.GetReplicationGroup(ctx, name)
}

// GetReplicationGroup lists the resource group's caches whose database
// carries the nickname id. Any valid nickname exists, possibly empty; see
// the package documentation.
func (c *Client) GetReplicationGroup(ctx context.Context, id string) (*backend.ReplicationGroup, error) {
	if catalog.ValidateName(id) != nil {
		return nil, &backend.NotFoundError{Kind: "replication group", ID: id}
	}
	members, err := c.groupMembers(ctx, id)
	if err != nil {
		return nil, err
	}
	g := &backend.ReplicationGroup{ID: id, Name: id, Members: []backend.Member{}}
	for _, m := range members {
		g.Members = append(g.Members, backend.Member{
			ID:     m.ref.ID(),
			Name:   m.ref.Name,
			Region: normalizeLocation(m.cluster.Location),
			State:  stateSeenByOthers(m, members),
		})
	}
	sort.Slice(g.Members, func(i, j int) bool {
		return strings.ToLower(g.Members[i].ID) < strings.ToLower(g.Members[j].ID)
	})
	if len(members) > 0 {
		first := members[0]
		for _, m := range members[1:] {
			if strings.ToLower(m.ref.ID()) < strings.ToLower(first.ref.ID()) {
				first = m
			}
		}
		if first.cluster.SKU != nil {
			g.SKU = first.cluster.SKU.Name
		}
		g.EvictionPolicy = first.db.props().EvictionPolicy
	}
	return g, nil
}

// stateSeenByOthers is m's link state as the other members report it: the
// first that is not Linked wins. When no other member lists m, m is either
// still joining (it lists others, Linking) or has been unlinked (it lists
// only itself). A lone member reports its own entry.
func stateSeenByOthers(m member, all []member) string {
	self := m.ref.databaseID()
	listedBy, others := 0, 0
	for _, o := range all {
		if sameID(o.ref.databaseID(), self) {
			continue
		}
		others++
		for _, l := range o.db.geo().LinkedDatabases {
			if sameID(l.ID, self) {
				listedBy++
				if l.State != backend.LinkLinked {
					return stateOr(l.State, backend.LinkLinking)
				}
			}
		}
	}
	if others > 0 && listedBy == 0 {
		if hasOthers(m.ref, m.db.geo()) {
			return backend.LinkLinking
		}
		return backend.LinkUnlinking
	}
	if others > 0 {
		return backend.LinkLinked
	}
	for _, l := range m.db.geo().LinkedDatabases {
		if sameID(l.ID, self) {
			return stateOr(l.State, backend.LinkLinked)
		}
	}
	return backend.LinkLinked
}

func stateOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// DeleteReplicationGroup refuses while caches still carry the nickname.
func (c *Client) DeleteReplicationGroup(ctx context.Context, id string) error {
	g, err := c.GetReplicationGroup(ctx, id)
	if err != nil {
		return err
	}
	if len(g.Members) > 0 {
		names := make([]string, len(g.Members))
		for i, m := range g.Members {
			names[i] = m.Name + " (" + m.ID + ")"
		}
		return conflictf("replication group %q still has members: %s; delete those caches first",
			id, strings.Join(names, ", "))
	}
	return nil
}
