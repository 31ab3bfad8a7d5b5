package replication

import (
	"context"
	"errors"
	"fmt"

	"github.com/geocache/terraform-provider-geocache/internal/ctxtime"
)

// Transfer gives a joining member the group's data: it merges a snapshot of
// each peer (taken when the peer is reachable, arriving after the one-way
// latency) and then links the joiner with every peer, each link streaming
// from the position the snapshot covered. A partition between the joiner
// and a peer makes it wait for the heal or for ctx.
func (e *Engine) Transfer(ctx context.Context, joiner string, peers []string) error {
	j := e.member(joiner)
	if j == nil {
		return fmt.Errorf("replication: transfer to unknown member %q", joiner)
	}
	for _, name := range peers {
		p := e.member(name)
		if p == nil {
			return fmt.Errorf("replication: transfer from unknown member %q", name)
		}
		if err := e.waitReachable(ctx, p.Region, j.Region); err != nil {
			return err
		}
		snap := p.Replica.Snapshot()
		if err := ctxtime.Sleep(ctx, e.faults.latency(p.Region, j.Region)); err != nil {
			return err
		}
		if err := j.Replica.Merge(snap); err != nil {
			return fmt.Errorf("replication: merge the snapshot of %q into %q: %w", name, joiner, err)
		}
	}
	for _, name := range peers {
		if err := e.Link(joiner, name); err != nil {
			return err
		}
	}
	return nil
}

// Drain waits until every remaining peer has applied and acknowledged all
// of the leaving member's writes. The caller stops new writes first (or
// drains again after stopping them). A partition makes it wait for the heal
// or for ctx: the leaver is the only source of its writes.
func (e *Engine) Drain(ctx context.Context, leaver string) error {
	m := e.member(leaver)
	if m == nil {
		return nil
	}
	target := max(m.Replica.LastSeq(), m.Replica.Applied().Get(m.ID))
	for _, l := range e.outLinks(leaver) {
		for {
			l.mu.Lock()
			done, progress := l.acked >= target, l.progressLocked()
			l.mu.Unlock()
			if done {
				break
			}
			l.poke()
			select {
			case <-progress:
			case <-l.stop:
				return fmt.Errorf("replication: link %s -> %s closed while draining", leaver, l.dst.Name)
			case <-ctx.Done():
				return ctx.Err()
			}
		}
	}
	return nil
}

// waitReachable returns once regions a and b are not partitioned.
func (e *Engine) waitReachable(ctx context.Context, a, b string) error {
	for {
		changed := e.faults.watch()
		if !e.faults.isCut(a, b) {
			return nil
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// Recover brings back a restarted member's own writes that its last
// snapshot missed but a peer had applied: without them its sequence would
// restart below what the peers hold, and its next writes would look like
// duplicates to them.
func (e *Engine) Recover(name string, peers []string) error {
	m := e.member(name)
	if m == nil {
		return nil
	}
	// A peer whose snapshot cannot be merged (a stale one, say) does not
	// stop the others from being consulted: any of them may hold the
	// writes. It is an error only if no peer could be merged.
	var errs []error
	merged := false
	for _, p := range peers {
		pm := e.member(p)
		if pm == nil || pm.Replica.Applied().Get(m.ID) <= m.Replica.Applied().Get(m.ID) {
			continue
		}
		e.log.Info("replication: recovering own writes from a peer", "member", name, "peer", p)
		if err := m.Replica.Merge(pm.Replica.Snapshot()); err != nil {
			e.log.Warn("replication: recover from a peer", "member", name, "peer", p, "err", err)
			errs = append(errs, fmt.Errorf("replication: recover %q from %q: %w", name, p, err))
			continue
		}
		merged = true
	}
	if merged {
		return nil
	}
	return errors.Join(errs...)
}
