// Package dataset is one simulated cache's replicated data: a CRDT keyspace
// behind a lock, the outbound log of the ops written on this member, the
// replication bookkeeping the engine needs (applied vectors, acknowledgements,
// garbage collection, snapshots) and pub/sub.
//
// The RESP server runs commands through Read and Write; the replication
// engine reads the log (LogSince), applies other members' ops (Apply) and
// reports acknowledgements (Ack). The two never share anything else.
//
// Logging rule: local ops are appended to the outbound log only while the
// dataset is part of a group, that is while SetMembers named at least one
// other member or SetInGroup(true) was called. A standalone cache logs
// nothing, so its log never grows. A member that joins a group gets the
// existing data by snapshot (Snapshot/Merge), and logging starts with the
// first write after it joined: LogStart tells which positions the log still
// holds, and a peer behind that needs a snapshot rather than ops.
package dataset

import (
	"sync"
	"sync/atomic"
	"time"

	"github.com/geocache/terraform-provider-geocache/internal/sim/crdt"
)

// Dataset is one cache's replicated data. All methods are safe for
// concurrent use.
type Dataset struct {
	id crdt.ReplicaID

	mu      sync.RWMutex
	ks      *crdt.Keyspace
	log     opLog
	members []crdt.ReplicaID
	logging bool // members name a peer, or inGroup: see the package rule
	emitFn  func(crdt.Op)
	emitted int // ops logged by the Write in progress
	// writing is set while a Write or an Apply holds mu; wnow is then the
	// instant it first read the clock (0: not yet).
	writing bool
	wnow    int64

	inGroup  atomic.Bool
	onWrite  atomic.Pointer[func(uint64)]
	onPub    atomic.Pointer[func(string, []byte)]
	reporter atomic.Pointer[func() []LinkStatus]

	ps pubsub
}

// physNow is the physical clock of every dataset: the HLC and expiry work in
// Unix milliseconds.
func physNow() int64 { return time.Now().UnixMilli() }

// New returns an empty standalone dataset for replica id.
func New(id crdt.ReplicaID) *Dataset {
	d := &Dataset{id: id}
	d.ks = crdt.New(id, d.phys)
	// A method value made once, so Write hands out emit without allocating.
	d.emitFn = d.emit
	d.ps.init()
	return d
}

// phys is the keyspace's physical clock. A Write reads the system clock
// once and gives that instant to everything it runs (a batch of pipelined
// writes, a transaction), as Redis gives one time to a whole EXEC, and an
// Apply does the same for a batch of remote ops; outside them every read is
// fresh. writing and wnow change only under the
// exclusive lock, and every caller holds mu.
func (d *Dataset) phys() int64 {
	if !d.writing {
		return physNow()
	}
	if d.wnow == 0 {
		d.wnow = physNow()
	}
	return d.wnow
}

// ID returns the replica this dataset belongs to.
func (d *Dataset) ID() crdt.ReplicaID { return d.id }

// Read runs fn with shared access; fn must not write to ks.
func (d *Dataset) Read(fn func(ks *crdt.Keyspace)) {
	d.mu.RLock()
	defer d.mu.RUnlock()
	fn(d.ks)
}

// Write runs fn exclusively. Every op fn passes to emit (OpNone is ignored)
// is appended, in order, to the outbound log before Write returns: a write
// is acknowledged to its client once logged. Then the OnLocalWrite hook
// fires, outside the lock.
func (d *Dataset) Write(fn func(ks *crdt.Keyspace, emit func(crdt.Op))) {
	n, last := d.write(fn)
	if n > 0 {
		if h := d.onWrite.Load(); h != nil {
			(*h)(last)
		}
	}
}

// write holds the lock in its own frame so that a panic in fn still
// releases it. It returns how many ops were logged and the Seq of the
// newest local op then.
func (d *Dataset) write(fn func(ks *crdt.Keyspace, emit func(crdt.Op))) (int, uint64) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.writing, d.wnow = true, 0
	defer func() { d.writing, d.wnow = false, 0 }()
	d.emitted = 0
	fn(d.ks, d.emitFn)
	if d.emitted == 0 {
		return 0, 0
	}
	return d.emitted, d.lastSeq()
}

// emit is called with d.mu held, from inside a Write.
func (d *Dataset) emit(op crdt.Op) {
	if op.Kind == crdt.OpNone || !d.logging {
		return
	}
	d.log.append(op)
	d.emitted++
}

// OnLocalWrite sets the hook called after a Write logged ops (nil removes
// it), with the Seq of the newest local op at the end of that Write. It runs on the writer's goroutine, outside the lock, so it must be
// quick: typically a non-blocking send that wakes the shipping goroutine.
func (d *Dataset) OnLocalWrite(fn func(lastSeq uint64)) {
	if fn == nil {
		d.onWrite.Store(nil)
		return
	}
	d.onWrite.Store(&fn)
}

// ReapExpired deletes up to limit expired keys this member owns (see
// crdt.Keyspace.ReapExpired), logging the deletions, and returns how many
// it deleted.
func (d *Dataset) ReapExpired(limit int) int {
	n := 0
	d.Write(func(ks *crdt.Keyspace, emit func(crdt.Op)) {
		ops := ks.ReapExpired(limit)
		for _, op := range ops {
			emit(op)
		}
		n = len(ops)
	})
	return n
}

// FlushObserved deletes every key this member sees, logging a DEL for each,
// so that the flush replicates as removals of exactly what was observed. It
// is the control plane's flush; clients get FLUSHALL only when standalone.
func (d *Dataset) FlushObserved() {
	d.Write(func(ks *crdt.Keyspace, emit func(crdt.Op)) {
		for _, k := range ks.Keys(nil) {
			_, op := ks.Del(k)
			emit(op)
		}
	})
}

// SetInGroup records whether this cache is a member of a replication group
// as the data plane sees it: FLUSHALL and FLUSHDB are refused while it is,
// and it turns logging on (see the package rule).
func (d *Dataset) SetInGroup(in bool) {
	d.mu.Lock()
	d.inGroup.Store(in)
	d.updateLogging()
	d.mu.Unlock()
}

// InGroup reports what SetInGroup last set.
func (d *Dataset) InGroup() bool { return d.inGroup.Load() }

// updateLogging applies the package's logging rule; d.mu is held. Leaving
// a group drops the log: nobody is left to read it.
func (d *Dataset) updateLogging() {
	peers := false
	for _, m := range d.members {
		if m != d.id {
			peers = true
			break
		}
	}
	on := peers || d.inGroup.Load()
	if d.logging && !on {
		d.log.reset(d.lastSeq())
	}
	if !d.logging && on {
		d.log.reset(d.lastSeq())
	}
	d.logging = on
}

func (d *Dataset) lastSeq() uint64 { return d.ks.AppliedSeq(d.id) }
