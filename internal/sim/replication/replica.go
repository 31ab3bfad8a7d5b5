package replication

import "github.com/geocache/terraform-provider-geocache/internal/sim/crdt"

// Replica is what a member's data set offers to replication. The
// simulator's dataset.Dataset implements it; every method must be safe for
// concurrent use.
type Replica interface {
	// OnLocalWrite registers fn, called after a write logged its ops with
	// the Seq of the newest local op.
	OnLocalWrite(fn func(lastSeq uint64))
	// LogSince returns up to max local ops with Seq > afterSeq, in order,
	// valid until TrimLog drops them. It may return fewer than max while
	// more are logged; the link asks again from the last one.
	LogSince(afterSeq uint64, max int) []crdt.Op
	LastSeq() uint64
	TrimLog(uptoSeq uint64)
	// Apply applies remote ops (per origin in order); duplicates are
	// skipped and a missing earlier op is crdt.ErrGap.
	Apply(ops []crdt.Op) (int, error)
	Applied() crdt.VV
	Ack(member crdt.ReplicaID, applied crdt.VV)
	// AckAndTrim is Ack then TrimLog(uptoSeq) (0: no trim) in one go.
	AckAndTrim(member crdt.ReplicaID, applied crdt.VV, uptoSeq uint64)
	SetMembers(ids []crdt.ReplicaID)
	GC() int
	Snapshot() *crdt.Snapshot
	Merge(s *crdt.Snapshot) error
	// OnPublish registers fn, called for every PUBLISH made on this member.
	OnPublish(fn func(channel string, msg []byte))
	// Deliver hands a message published elsewhere to local subscribers.
	Deliver(channel string, msg []byte) int
}

// Member describes one cache taking part in replication.
type Member struct {
	Name    string
	Region  string
	ID      crdt.ReplicaID // never reused: dots are keyed by it
	Replica Replica
}
