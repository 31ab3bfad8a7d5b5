package dataset

import (
	"fmt"

	"github.com/geocache/terraform-provider-geocache/internal/sim/crdt"
)

// Apply applies ops received from other members. Each origin's ops must come
// in Seq order; ops already applied are skipped. It stops at the first op it
// cannot apply and returns how many it applied before; the error wraps
// crdt.ErrGap when earlier ops of that origin are missing (resend from
// Applied, or resynchronise with a snapshot) and crdt.ErrBadOp for a
// malformed record. Remote ops are never added to the outbound log: each
// origin ships its own.
func (d *Dataset) Apply(ops []crdt.Op) (applied int, err error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	// One reading of the clock for the whole batch, as for a Write: the
	// HLC moves past every op's timestamp anyway.
	d.writing, d.wnow = true, 0
	defer func() { d.writing, d.wnow = false, 0 }()
	for i := range ops {
		op := &ops[i]
		if op.Origin == d.id {
			// Our own op coming back (a relay or a resend after restore):
			// it is applied already or would fork our sequence.
			continue
		}
		ok, err := d.ks.Apply(op)
		if err != nil {
			return applied, fmt.Errorf("dataset: op %d:%d: %w", op.Origin, op.Seq, err)
		}
		if ok {
			applied++
		}
	}
	return applied, nil
}

// Applied returns the per-origin positions applied here, this member's own
// included: what it acknowledges to its peers.
func (d *Dataset) Applied() crdt.VV {
	d.mu.RLock()
	defer d.mu.RUnlock()
	return d.ks.Applied()
}

// Ack records a peer's applied vector, which lets GC collect tombstones the
// whole group has seen.
func (d *Dataset) Ack(member crdt.ReplicaID, applied crdt.VV) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.ks.Ack(member, applied)
}

// AckAndTrim is Ack followed by TrimLog(uptoSeq) under one acquisition of
// the lock; uptoSeq 0 trims nothing.
func (d *Dataset) AckAndTrim(member crdt.ReplicaID, applied crdt.VV, uptoSeq uint64) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.ks.Ack(member, applied)
	d.log.trim(uptoSeq)
}

// SetMembers records the group's members (this one included or not); nil or
// only this member means standalone. It also switches logging (see the
// package rule).
func (d *Dataset) SetMembers(ids []crdt.ReplicaID) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.members = append([]crdt.ReplicaID(nil), ids...)
	d.ks.SetMembers(d.members)
	d.updateLogging()
}

// Members returns what SetMembers last recorded.
func (d *Dataset) Members() []crdt.ReplicaID {
	d.mu.RLock()
	defer d.mu.RUnlock()
	return append([]crdt.ReplicaID(nil), d.members...)
}

// GC drops the tombstones every member acknowledged and returns how many.
func (d *Dataset) GC() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.ks.GC()
}

// Snapshot copies the whole replicated state, for a member that joins.
func (d *Dataset) Snapshot() *crdt.Snapshot {
	d.mu.RLock()
	defer d.mu.RUnlock()
	return d.ks.Snapshot()
}

// Merge joins another member's snapshot into this dataset.
func (d *Dataset) Merge(s *crdt.Snapshot) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.ks.Merge(s)
}

// LinkStatus is one replication link as INFO's CRDT section shows it.
type LinkStatus struct {
	Peer       string
	Region     string
	State      string
	Backlog    int     // ops not yet acknowledged by the peer
	LagMs      float64 // age of the oldest unacknowledged op, or the last measured delay
	LastAckSeq uint64
}

// SetLinkReporter sets the function Links calls; the replication engine
// installs it. nil removes it.
func (d *Dataset) SetLinkReporter(fn func() []LinkStatus) {
	if fn == nil {
		d.reporter.Store(nil)
		return
	}
	d.reporter.Store(&fn)
}

// Links returns the reporter's figures, nil when there is none.
func (d *Dataset) Links() []LinkStatus {
	if r := d.reporter.Load(); r != nil {
		return (*r)()
	}
	return nil
}
