package replication

import (
	"errors"
	"sync"

	"github.com/geocache/terraform-provider-geocache/internal/sim/crdt"
)

// fake is a minimal Replica over a crdt.Keyspace, enough to test the links
// without the RESP server: a lock, a log of local ops, the hooks.
type fake struct {
	mu      sync.Mutex
	ks      *crdt.Keyspace
	log     []crdt.Op // local ops after trimmed
	onWrite func(uint64)
	onPub   func(string, []byte)
	got     []string // delivered messages
	merges  int
	applies int
	members []crdt.ReplicaID

	// Injected failures: the next failMerges merges fail with mergeErr,
	// and every Apply fails with applyErr while it is set.
	failMerges int
	mergeErr   error
	applyErr   error
	// beforeApply, if set, runs (once) at the start of the next Apply,
	// outside the lock.
	beforeApply func()
}

var errInjected = errors.New("injected failure")

func (f *fake) failNextMerges(n int, err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.failMerges, f.mergeErr = n, err
}

func (f *fake) setApplyErr(err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.applyErr = err
}

var _ Replica = (*fake)(nil)

func newFake(id crdt.ReplicaID) *fake { return &fake{ks: crdt.New(id, nil)} }

// write runs one command and logs its op, as a data set does.
func (f *fake) write(fn func(ks *crdt.Keyspace) crdt.Op) {
	f.mu.Lock()
	op := fn(f.ks)
	if op.Kind != crdt.OpNone {
		f.log = append(f.log, op)
	}
	cb := f.onWrite
	last := f.ks.Applied().Get(f.ks.ID())
	f.mu.Unlock()
	if cb != nil && op.Kind != crdt.OpNone {
		cb(last)
	}
}

func (f *fake) set(key, val string) {
	f.write(func(ks *crdt.Keyspace) crdt.Op { _, op := ks.Set(key, []byte(val), crdt.SetOptions{}); return op })
}

func (f *fake) incr(key string, n int64) {
	f.write(func(ks *crdt.Keyspace) crdt.Op { _, op, _ := ks.IncrBy(key, n); return op })
}

func (f *fake) get(key string) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	v, _, _ := f.ks.GetString(key)
	return string(v)
}

func (f *fake) keys() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.ks.Len()
}

func (f *fake) publish(ch, msg string) {
	f.mu.Lock()
	cb := f.onPub
	f.mu.Unlock()
	if cb != nil {
		cb(ch, []byte(msg))
	}
}

func (f *fake) messages() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.got...)
}

func (f *fake) OnLocalWrite(fn func(uint64)) { f.mu.Lock(); f.onWrite = fn; f.mu.Unlock() }
func (f *fake) OnPublish(fn func(string, []byte)) {
	f.mu.Lock()
	f.onPub = fn
	f.mu.Unlock()
}

func (f *fake) LogSince(after uint64, max int) []crdt.Op {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []crdt.Op
	for _, op := range f.log {
		if op.Seq > after {
			out = append(out, op)
			if len(out) == max {
				break
			}
		}
	}
	return out
}

func (f *fake) LastSeq() uint64 {
	f.mu.Lock()
	defer f.mu.Unlock()
	if n := len(f.log); n > 0 {
		return f.log[n-1].Seq
	}
	return f.ks.Applied().Get(f.ks.ID())
}

func (f *fake) TrimLog(upto uint64) {
	f.mu.Lock()
	defer f.mu.Unlock()
	i := 0
	for i < len(f.log) && f.log[i].Seq <= upto {
		i++
	}
	f.log = append([]crdt.Op(nil), f.log[i:]...)
}

func (f *fake) Apply(ops []crdt.Op) (int, error) {
	f.mu.Lock()
	if hook := f.beforeApply; hook != nil {
		f.beforeApply = nil
		f.mu.Unlock()
		hook()
		f.mu.Lock()
	}
	defer f.mu.Unlock()
	f.applies++
	if f.applyErr != nil {
		return 0, f.applyErr
	}
	n := 0
	for i := range ops {
		ok, err := f.ks.Apply(&ops[i])
		if err != nil {
			return n, err
		}
		if ok {
			n++
		}
	}
	return n, nil
}

func (f *fake) Applied() crdt.VV { f.mu.Lock(); defer f.mu.Unlock(); return f.ks.Applied() }
func (f *fake) Ack(m crdt.ReplicaID, v crdt.VV) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.ks.Ack(m, v)
}

func (f *fake) AckAndTrim(m crdt.ReplicaID, v crdt.VV, upto uint64) {
	f.Ack(m, v)
	f.TrimLog(upto)
}

func (f *fake) SetMembers(ids []crdt.ReplicaID) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.members = append([]crdt.ReplicaID(nil), ids...)
	f.ks.SetMembers(ids)
}

func (f *fake) memberIDs() []crdt.ReplicaID {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]crdt.ReplicaID(nil), f.members...)
}

func (f *fake) GC() int { f.mu.Lock(); defer f.mu.Unlock(); return f.ks.GC() }
func (f *fake) Snapshot() *crdt.Snapshot {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.ks.Snapshot()
}

func (f *fake) Merge(s *crdt.Snapshot) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.merges++
	if f.failMerges > 0 {
		f.failMerges--
		return f.mergeErr
	}
	return f.ks.Merge(s)
}

func (f *fake) Deliver(ch string, msg []byte) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.got = append(f.got, ch+":"+string(msg))
	return 1
}
