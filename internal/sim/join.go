package sim

import (
	"context"
	"errors"
	"sort"
	"time"

	"github.com/geocache/terraform-provider-geocache/internal/backend"
	"github.com/geocache/terraform-provider-geocache/internal/ctxtime"
	"github.com/geocache/terraform-provider-geocache/internal/sim/store"
)

// join links a new member with every member that joined before it. It
// waits for the cache to be provisioned first, so no link is ever Linked
// before its new end is Succeeded.
func (s *Server) join(ctx context.Context, name string) {
	c, err := s.readCache(name)
	if err != nil {
		s.log.Error("join: read cache", "cache", name, "err", err)
		return
	}
	if c == nil || c.State == backend.StateDeleting {
		return
	}
	if !ctxtime.SleepUntil(ctx, c.ReadyAt) || !s.finishCreate(name) {
		return
	}
	pending, err := s.linkWithMembers(name)
	if err != nil {
		s.log.Error("join: link with members", "cache", name, "group", c.ReplicationGroup, "err", err)
		return
	}
	if len(pending) == 0 {
		return
	}
	if err := s.transferState(ctx, name, pending); err != nil {
		s.log.Error("join: transfer state", "cache", name, "err", err)
		return
	}
	s.settleLinks(ctx, c, pending)
}

// linkWithMembers records a Linking link on both sides between the cache
// and each joined member it is not yet linked with, marks it joined, and
// returns the peers whose link is still Linking.
func (s *Server) linkWithMembers(name string) ([]*store.Cache, error) {
	var pending []*store.Cache
	err := s.store.Update(func(tx *store.Tx) error {
		c, err := tx.Cache(name)
		if err != nil || c.State == backend.StateDeleting {
			return ignoreNotFound(err)
		}
		members, err := tx.Members(c.ReplicationGroup)
		if err != nil {
			return err
		}
		if c.Links == nil {
			c.Links = map[string]string{}
		}
		for _, m := range members {
			if m.Name == name || !m.Joined || m.State == backend.StateDeleting {
				continue
			}
			if _, linked := c.Links[m.Name]; !linked {
				c.Links[m.Name] = backend.LinkLinking
				if m.Links == nil {
					m.Links = map[string]string{}
				}
				m.Links[name] = backend.LinkLinking
				if err := tx.PutCache(m); err != nil {
					return err
				}
			}
			if c.Links[m.Name] == backend.LinkLinking {
				pending = append(pending, m)
			}
		}
		c.Joined = true
		return tx.PutCache(c)
	})
	return pending, err
}

// transferState gives a joining member the group's data (a snapshot of
// each peer) and links it with them, before its links count as Linked. A
// partition between the joiner and a peer holds it until the heal.
func (s *Server) transferState(ctx context.Context, joiner string, peers []*store.Cache) error {
	names := make([]string, len(peers))
	for i, p := range peers {
		names[i] = p.Name
	}
	return s.repl.Transfer(ctx, joiner, names)
}

// linkLatency is how long a new link takes to settle: the one-way latency
// in force, overrides included.
func (s *Server) linkLatency(from, to string) time.Duration {
	return s.repl.Latency(from, to)
}

// settleLinks marks each pending link Linked once the one-way latency
// between the two regions has passed, nearest peer first. Links that are
// due together (all of them when latency is off) settle in one commit.
func (s *Server) settleLinks(ctx context.Context, c *store.Cache, peers []*store.Cache) {
	sort.SliceStable(peers, func(i, j int) bool {
		return s.linkLatency(c.Region, peers[i].Region) < s.linkLatency(c.Region, peers[j].Region)
	})
	start := time.Now()
	for i := 0; i < len(peers); {
		if !ctxtime.SleepUntil(ctx, start.Add(s.linkLatency(c.Region, peers[i].Region))) {
			return
		}
		var due []string
		for ; i < len(peers) && !time.Now().Before(start.Add(s.linkLatency(c.Region, peers[i].Region))); i++ {
			due = append(due, peers[i].Name)
		}
		if len(due) == 0 { // the latency grew while waiting: wait again
			continue
		}
		if err := s.setLinkStates(c.Name, due, backend.LinkLinking, backend.LinkLinked); err != nil {
			s.log.Error("settle link", "cache", c.Name, "peers", due, "err", err)
			return
		}
		for _, p := range due {
			s.log.Info("link settled", "cache", c.Name, "peer", p)
		}
	}
}

// setLinkStates moves the link between a and each of peers from one state
// to another on both sides, in one transaction; a side in any other state
// is left alone.
func (s *Server) setLinkStates(a string, peers []string, from, to string) error {
	return s.store.Update(func(tx *store.Tx) error {
		for _, b := range peers {
			for _, pair := range [][2]string{{a, b}, {b, a}} {
				c, err := tx.Cache(pair[0])
				if errors.Is(err, store.ErrNotFound) {
					continue
				}
				if err != nil {
					return err
				}
				if c.Links[pair[1]] != from {
					continue
				}
				c.Links[pair[1]] = to
				if err := tx.PutCache(c); err != nil {
					return err
				}
			}
		}
		return nil
	})
}
