package sim

import (
	"context"
	"errors"

	"github.com/geocache/terraform-provider-geocache/internal/backend"
	"github.com/geocache/terraform-provider-geocache/internal/ctxtime"
	"github.com/geocache/terraform-provider-geocache/internal/sim/store"
)

// leave takes a cache out of its group and deletes it: links Unlinking on
// every side, pending writes drained and saved by the remaining members,
// the peers forget it, its endpoint is closed and its record removed. A
// cache still provisioning finishes first.
func (s *Server) leave(ctx context.Context, name string) {
	c, err := s.readCache(name)
	if err != nil {
		s.log.Error("delete: read cache", "cache", name, "err", err)
		return
	}
	if c == nil || !ctxtime.SleepUntil(ctx, c.ReadyAt) {
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
		if err := s.saveRemaining(c.ReplicationGroup, name); err != nil {
			s.log.Error("leave: save the remaining members", "cache", name, "err", err)
			return
		}
		if err := s.detach(name); err != nil {
			s.log.Error("leave: detach", "cache", name, "err", err)
			return
		}
	}
	s.stopDataPlane(name)
	// The data goes before the record: once the record is gone a cache of
	// the same name may be created at once, and it must not find the old
	// data under its name. A crash in between leaves the record Deleting,
	// and the restart finishes the leave.
	s.dropData(name)
	if err := s.store.Update(func(tx *store.Tx) error { return tx.DeleteCache(name) }); err != nil {
		s.log.Error("delete: remove record", "cache", name, "err", err)
		return
	}
	if h := s.cfg.hooks; h != nil && h.leaveRecordDeleted != nil {
		h.leaveRecordDeleted(name)
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

// drain delivers the writes the leaving member acknowledged to every
// remaining member. It drains once while the cache still serves (so the
// final wait is short), stops its endpoint so nothing more is
// acknowledged, then drains the rest. A partition holds it until the heal;
// if ctx ends first the leave is resumed after a restart, the endpoint
// serving again meanwhile.
func (s *Server) drain(ctx context.Context, leaver string, _ []*store.Cache) error {
	if err := s.repl.Drain(ctx, leaver); err != nil {
		return err
	}
	s.stopDataPlane(leaver)
	if err := s.repl.Drain(ctx, leaver); err != nil {
		return err
	}
	s.repl.Remove(leaver)
	return nil
}

// saveRemaining writes the snapshot of every other member of the group.
// Once the leaver's record and data are gone its writes live only in what
// the remaining members applied, so that must be on disk first: a crash
// before their next periodic snapshot would lose it for good.
func (s *Server) saveRemaining(group, leaver string) error {
	var members []*store.Cache
	if err := s.store.View(func(tx *store.Tx) (err error) {
		members, err = tx.Members(group)
		return err
	}); err != nil {
		return err
	}
	var errs []error
	for _, m := range members {
		if m.Name == leaver {
			continue
		}
		if cd := s.cacheData(m.Name); cd != nil {
			if err := s.save(cd, true); err != nil {
				errs = append(errs, err)
			}
		}
	}
	return errors.Join(errs...)
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
