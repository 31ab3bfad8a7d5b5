package sim

import (
	"context"
	"errors"
	"sort"
	"time"

	"github.com/geocache/terraform-provider-geocache/internal/backend"
	"github.com/geocache/terraform-provider-geocache/internal/catalog"
	"github.com/geocache/terraform-provider-geocache/internal/sim/store"
)

// Every transition below is driven by what the store says, and each step
// is one transaction, so a job interrupted by Close or a crash is simply run
// again by restore: the steps already done are no-ops the second time.

// queueKey serialises joins and leaves per group; a standalone cache has a
// queue of its own.
func queueKey(c *store.Cache) string {
	if c.ReplicationGroup != "" {
		return "group/" + c.ReplicationGroup
	}
	return "cache/" + c.Name
}

// scheduleCreate starts provisioning and, in a group, queues the join.
// Callers hold s.mu, which orders queued jobs like their commits.
func (s *Server) scheduleCreate(c *store.Cache) {
	s.startProvisioning(c.Name, c.ReadyAt)
	if c.ReplicationGroup != "" {
		name := c.Name
		s.queues.push(queueKey(c), func(ctx context.Context) { s.join(ctx, name) })
	}
}

func (s *Server) scheduleDelete(c *store.Cache) {
	name := c.Name
	s.queues.push(queueKey(c), func(ctx context.Context) { s.leave(ctx, name) })
}

// startProvisioning flips Creating to Succeeded at readyAt, independently of
// the group's queue so that caches joining one group provision in parallel.
func (s *Server) startProvisioning(name string, readyAt time.Time) {
	if s.bg.Err() != nil {
		return
	}
	s.bgWG.Add(1)
	go func() {
		defer s.bgWG.Done()
		if sleepUntil(s.bg, readyAt) {
			s.finishCreate(name)
		}
	}()
}

// sleepUntil waits for t and reports whether it got there before ctx ended.
func sleepUntil(ctx context.Context, t time.Time) bool {
	d := time.Until(t)
	if d <= 0 {
		return ctx.Err() == nil
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
		return true
	case <-ctx.Done():
		return false
	}
}

func (s *Server) finishCreate(name string) bool {
	done := false
	err := s.store.Update(func(tx *store.Tx) error {
		c, err := tx.Cache(name)
		if err != nil || c.State != backend.StateCreating {
			return ignoreNotFound(err)
		}
		c.State = backend.StateSucceeded
		done = true
		return tx.PutCache(c)
	})
	if err != nil {
		s.log.Error("finish provisioning", "cache", name, "err", err)
		return false
	}
	if done {
		s.log.Info("cache provisioned", "cache", name)
	}
	return true
}

func ignoreNotFound(err error) error {
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	return err
}

// readCache returns nil, without error, for a cache that no longer exists.
func (s *Server) readCache(name string) (*store.Cache, error) {
	var c *store.Cache
	err := s.store.View(func(tx *store.Tx) (err error) {
		c, err = tx.Cache(name)
		return ignoreNotFound(err)
	})
	return c, err
}

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
	if !sleepUntil(ctx, c.ReadyAt) || !s.finishCreate(name) {
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

// transferState is where the replication engine gives a joining member the
// group's data before its links count as Linked.
func (s *Server) transferState(ctx context.Context, joiner string, peers []*store.Cache) error {
	return ctx.Err()
}

// linkLatency is how long a new link takes to settle.
func (s *Server) linkLatency(from, to string) time.Duration {
	if s.cfg.Latency == LatencyOff {
		return 0
	}
	return catalog.OneWayLatency(from, to)
}

// settleLinks marks each pending link Linked once the one-way latency
// between the two regions has passed, nearest peer first.
func (s *Server) settleLinks(ctx context.Context, c *store.Cache, peers []*store.Cache) {
	sort.SliceStable(peers, func(i, j int) bool {
		return s.linkLatency(c.Region, peers[i].Region) < s.linkLatency(c.Region, peers[j].Region)
	})
	start := time.Now()
	for _, p := range peers {
		if !sleepUntil(ctx, start.Add(s.linkLatency(c.Region, p.Region))) {
			return
		}
		if err := s.setLinkState(c.Name, p.Name, backend.LinkLinking, backend.LinkLinked); err != nil {
			s.log.Error("settle link", "cache", c.Name, "peer", p.Name, "err", err)
			return
		}
		s.log.Info("link settled", "cache", c.Name, "peer", p.Name)
	}
}

// setLinkState moves the link between a and b from one state to another on
// both sides; a side in any other state is left alone.
func (s *Server) setLinkState(a, b, from, to string) error {
	return s.store.Update(func(tx *store.Tx) error {
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
		return nil
	})
}

// leave takes a cache out of its group and deletes it: links Unlinking on
// every side, pending writes drained, the peers forget it, its endpoint is
// closed and its record removed. A cache still provisioning finishes first.
func (s *Server) leave(ctx context.Context, name string) {
	c, err := s.readCache(name)
	if err != nil {
		s.log.Error("delete: read cache", "cache", name, "err", err)
		return
	}
	if c == nil || !sleepUntil(ctx, c.ReadyAt) {
		return
	}
	if c.ReplicationGroup != "" {
		peers, err := s.markUnlinking(name)
		if err != nil {
			s.log.Error("leave: unlink", "cache", name, "err", err)
			return
		}
		if err := s.drain(ctx, name, peers); err != nil {
			s.log.Error("leave: drain", "cache", name, "err", err)
			return
		}
		if err := s.detach(name); err != nil {
			s.log.Error("leave: detach", "cache", name, "err", err)
			return
		}
	}
	s.stopDataPlane(name)
	if err := s.store.Update(func(tx *store.Tx) error { return tx.DeleteCache(name) }); err != nil {
		s.log.Error("delete: remove record", "cache", name, "err", err)
		return
	}
	s.log.Info("cache deleted", "cache", name)
}

// markUnlinking sets every link of the cache Unlinking, on both sides, and
// returns the peers.
func (s *Server) markUnlinking(name string) ([]*store.Cache, error) {
	var peers []*store.Cache
	err := s.store.Update(func(tx *store.Tx) error {
		c, err := tx.Cache(name)
		if err != nil {
			return ignoreNotFound(err)
		}
		for _, p := range sortedKeys(c.Links) {
			c.Links[p] = backend.LinkUnlinking
			peer, err := tx.Cache(p)
			if errors.Is(err, store.ErrNotFound) {
				continue
			}
			if err != nil {
				return err
			}
			if _, ok := peer.Links[name]; ok {
				peer.Links[name] = backend.LinkUnlinking
				if err := tx.PutCache(peer); err != nil {
					return err
				}
			}
			peers = append(peers, peer)
		}
		return tx.PutCache(c)
	})
	return peers, err
}

// drain is where the replication engine delivers the writes a leaving
// member has acknowledged to the remaining ones, so nothing is lost.
func (s *Server) drain(ctx context.Context, leaver string, peers []*store.Cache) error {
	return ctx.Err()
}

// detach removes the cache from every member's links, and its own.
func (s *Server) detach(name string) error {
	return s.store.Update(func(tx *store.Tx) error {
		c, err := tx.Cache(name)
		if err != nil {
			return ignoreNotFound(err)
		}
		members, err := tx.Members(c.ReplicationGroup)
		if err != nil {
			return err
		}
		for _, m := range members {
			if _, ok := m.Links[name]; ok && m.Name != name {
				delete(m.Links, name)
				if err := tx.PutCache(m); err != nil {
					return err
				}
			}
		}
		c.Links = nil
		return tx.PutCache(c)
	})
}
