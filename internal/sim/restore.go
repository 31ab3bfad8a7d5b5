package sim

import (
	"net"
	"sort"

	"github.com/geocache/terraform-provider-geocache/internal/backend"
	"github.com/geocache/terraform-provider-geocache/internal/sim/store"
)

// restore brings every recorded cache back on its port and requeues the
// transitions that were in flight when the previous process stopped, in
// the order the caches were created.
//
// No endpoint serves before every cache's data is open, recovered from
// its peers and relinked: a member restored from a snapshot older than
// what its peers applied of it would otherwise acknowledge client writes
// under sequence numbers they already hold, and skip as duplicates. The
// ports are bound first, so clients that connect meanwhile wait.
func (s *Server) restore() (err error) {
	var caches []*store.Cache
	var faults *store.Faults
	if err := s.store.View(func(tx *store.Tx) (err error) {
		if caches, err = tx.Caches(); err != nil {
			return err
		}
		faults, err = tx.Faults()
		return err
	}); err != nil {
		return err
	}
	// Before any link exists, so nothing crosses a recorded partition.
	s.restoreFaults(faults)
	sort.SliceStable(caches, func(i, j int) bool { return caches[i].CreatedAt.Before(caches[j].CreatedAt) })
	if err := s.assignReplicaIDs(caches); err != nil {
		return err
	}
	s.removeOrphanData(caches)
	listeners := make([]net.Listener, 0, len(caches))
	defer func() {
		if err != nil {
			for _, ln := range listeners {
				_ = ln.Close()
			}
		}
	}()
	for _, c := range caches {
		ln, err := s.restoreListener(c)
		if err != nil {
			return err
		}
		listeners = append(listeners, ln)
		if port := listenerPort(ln); port != c.Port {
			if err := s.recordPort(c.Name, port); err != nil {
				return err
			}
			c.Port = port
		}
		s.openData(c)
	}
	s.resumeReplication(caches)
	for i, c := range caches {
		s.startDataPlane(c, listeners[i])
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, c := range caches {
		switch {
		case c.State == backend.StateDeleting:
			s.scheduleDelete(c)
		case c.State == backend.StateCreating:
			s.scheduleCreate(c)
		case c.ReplicationGroup != "" && (!c.Joined || hasLinkIn(c, backend.LinkLinking)):
			s.scheduleCreate(c)
		}
	}
	s.log.Info("caches restored", "count", len(caches))
	return nil
}

// assignReplicaIDs gives an ID to caches recorded before replication
// existed, in creation order.
func (s *Server) assignReplicaIDs(caches []*store.Cache) error {
	return s.store.Update(func(tx *store.Tx) error {
		for _, c := range caches {
			if c.ReplicaID != 0 {
				continue
			}
			stored, err := tx.Cache(c.Name)
			if err != nil {
				return err
			}
			id, err := tx.NextReplicaID()
			if err != nil {
				return err
			}
			stored.ReplicaID, c.ReplicaID = id, id
			if err := tx.PutCache(stored); err != nil {
				return err
			}
		}
		return nil
	})
}

// resumeReplication relinks every recorded link, whatever its state: a
// join or leave that was under way is resumed by its job and needs the
// links up. Each link starts from what its destination's snapshot holds.
func (s *Server) resumeReplication(caches []*store.Cache) {
	groups := map[string][]string{}
	for _, c := range caches {
		if c.ReplicationGroup != "" {
			groups[c.ReplicationGroup] = append(groups[c.ReplicationGroup], c.Name)
		}
	}
	for _, c := range caches {
		if c.ReplicationGroup == "" {
			continue
		}
		if err := s.repl.Recover(c.Name, groups[c.ReplicationGroup]); err != nil {
			s.log.Error("recover writes from peers", "cache", c.Name, "err", err)
		}
	}
	for _, c := range caches {
		for _, peer := range sortedKeys(c.Links) {
			if err := s.repl.Link(c.Name, peer); err != nil {
				s.log.Warn("relink after restart", "cache", c.Name, "peer", peer, "err", err)
			}
		}
	}
}

func (s *Server) recordPort(name string, port int) error {
	return s.store.Update(func(tx *store.Tx) error {
		c, err := tx.Cache(name)
		if err != nil {
			return err
		}
		c.Port = port
		return tx.PutCache(c)
	})
}

func hasLinkIn(c *store.Cache, state string) bool {
	for _, st := range c.Links {
		if st == state {
			return true
		}
	}
	return false
}
