package crdt

import "errors"

// ErrGap is returned by Apply for an op that skips over earlier ops of the
// same origin: applying it would lose them, so the caller must resend from
// the last applied position (or resynchronise with a snapshot).
var ErrGap = errors.New("crdt: op skips earlier ops of its origin")

// ErrBadOp is returned by Apply for a malformed op record.
var ErrBadOp = errors.New("crdt: malformed op")

// Keyspace is one member's replica of a database. It is not safe for
// concurrent use: the owner serialises commands, Apply, Merge and GC.
type Keyspace struct {
	id      ReplicaID
	clock   *Clock
	keys    map[string]*keyState
	applied VV // per origin, the last op applied here

	members []ReplicaID
	acks    map[ReplicaID]*ackState

	live  int                  // keys with visible data, expired or not
	exp   expHeap              // keys with an expiry, by time
	tombs map[string]*keyState // keys that may hold removal records
	order ordered              // every key name, sorted
}

// New returns an empty keyspace for replica id. phys supplies physical time
// in milliseconds for the HLC and for expiry; nil means the system clock.
func New(id ReplicaID, phys func() int64) *Keyspace {
	return &Keyspace{
		id:    id,
		clock: NewClock(id, phys),
		keys:  make(map[string]*keyState),
		tombs: make(map[string]*keyState),
		exp:   expHeap{waiting: make(map[*keyState]expEntry)},
	}
}

// ID returns the replica this keyspace belongs to.
func (ks *Keyspace) ID() ReplicaID { return ks.id }

// Applied returns a copy of the per-origin positions applied here. It is what
// this member acknowledges to the others.
func (ks *Keyspace) Applied() VV { return ks.applied.Clone() }

// AppliedSeq returns the last op of origin applied here, without copying
// the whole vector.
func (ks *Keyspace) AppliedSeq(origin ReplicaID) uint64 { return ks.applied.Get(origin) }

// Now returns the physical time the keyspace uses for expiry.
func (ks *Keyspace) Now() int64 { return ks.clock.Physical() }

// Apply applies an op produced by any member. It returns false without error
// for an op already applied (a duplicate), and ErrGap if earlier ops of the
// same origin are missing.
func (ks *Keyspace) Apply(op *Op) (bool, error) {
	if op == nil || op.Seq == 0 || op.Kind == OpNone || op.Kind >= opKinds {
		return false, ErrBadOp
	}
	last := ks.applied.Get(op.Origin)
	if op.Seq <= last {
		return false, nil
	}
	if op.Seq != last+1 {
		return false, ErrGap
	}
	ks.clock.Update(op.TS)
	ks.apply(op, nil)
	return true, nil
}

// emit stamps a locally produced op with the next dot and applies it. k is
// the state of op.Key when the caller already looked it up, or nil.
func (ks *Keyspace) emit(op *Op, k *keyState) {
	op.Origin = ks.id
	op.Seq = ks.applied.Get(ks.id) + 1
	op.TS = ks.clock.Now()
	ks.apply(op, k)
}

// apply applies op to the state of op.Key, k when not nil: a write passes
// what it looked up rather than have the key found a second time.
func (ks *Keyspace) apply(op *Op, k *keyState) {
	ks.applied.Raise(op.Origin, op.Seq)
	if k == nil {
		k = ks.lookupOrCreate(op.Key)
	}
	if op.ResetParts != 0 {
		k.reset(op.Reset, op.ResetParts, op.ResetCells, op.Dot())
		ks.markTombs(op.Key, k)
	}
	dot := op.Dot()
	part := op.Kind.part()
	switch op.Kind {
	case OpSet:
		k.str.insertReg(Reg{Dot: dot, TS: op.TS, Bytes: op.Value}, k.removal(PartString))
		if op.ExpireAt > 0 {
			k.more().exp.insertReg(Reg{Dot: dot, TS: op.TS, Int: op.ExpireAt}, k.removal(PartExpire))
		}
	case OpIncr:
		k.str.setCounter(stampCounter(op.Counter, op))
	case OpExpire:
		if op.ExpireAt > 0 {
			k.more().exp.insertReg(Reg{Dot: dot, TS: op.TS, Int: op.ExpireAt}, k.removal(PartExpire))
		}
	case OpPersist:
		k.more().exp.insertReg(Reg{Dot: dot, TS: op.TS}, k.removal(PartExpire))
	case OpHSet, OpSAdd, OpZAdd:
		rm := k.removal(part)
		for i := range op.Elems {
			e := &op.Elems[i]
			r := Reg{Dot: dot, TS: op.TS, Bytes: e.Value, Float: e.Score}
			k.edit(part, e.Name, func(c *Cell) {
				c.remove(e.Removed, dot)
				c.insertReg(r, rm)
			})
			if len(e.Removed) > 0 {
				ks.markTombs(op.Key, k)
			}
		}
	case OpHDel, OpSRem, OpZRem:
		for i := range op.Elems {
			e := &op.Elems[i]
			k.edit(part, e.Name, func(c *Cell) { c.remove(e.Removed, dot) })
			if len(e.Removed) > 0 {
				ks.markTombs(op.Key, k)
			}
		}
	case OpHIncr, OpZIncr:
		for i := range op.Elems {
			e := &op.Elems[i]
			p := stampCounter(e.Counter, op)
			k.edit(part, e.Name, func(c *Cell) { c.setCounter(p) })
		}
	}
	ks.settle(op.Key, k)
}

// stampCounter ties a shipped counter to the op carrying it, so a forged or
// stale identity in the record cannot overwrite another origin's counter.
func stampCounter(p Counter, op *Op) Counter {
	p.Replica = op.Origin
	p.Seq = op.Seq
	p.TS = op.TS
	if p.Epoch == 0 || p.Epoch > op.Seq {
		p.Epoch = op.Seq
	}
	if p.FloatSeq > op.Seq {
		p.FloatSeq = op.Seq
	}
	return p
}
