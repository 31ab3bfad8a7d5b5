package sim

import (
	"context"
	"errors"
	"time"

	"github.com/geocache/terraform-provider-geocache/internal/backend"
	"github.com/geocache/terraform-provider-geocache/internal/ctxtime"
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
		if ctxtime.SleepUntil(s.bg, readyAt) {
			s.finishCreate(name)
		}
	}()
}

func (s *Server) finishCreate(name string) bool {
	// Both the provisioning timer and the join call this; a read first
	// spares the second caller a commit (and its fsyncs) that changes
	// nothing.
	c, err := s.readCache(name)
	if err != nil {
		s.log.Error("finish provisioning", "cache", name, "err", err)
		return false
	}
	if c == nil || c.State != backend.StateCreating {
		return true
	}
	done := false
	err = s.store.Update(func(tx *store.Tx) error {
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
