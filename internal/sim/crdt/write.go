package crdt

import "container/heap"

// Write methods run a command against the local replica and return the op to
// replicate. An op whose Kind is OpNone changed nothing and must not be
// shipped.

// prep resolves key for a write of part p: the key state (possibly nil or
// invisible), whether it holds a visible value, and ErrWrongType if that value
// has another type.
func (ks *Keyspace) prep(key string, p Part) (*keyState, bool, error) {
	k := ks.keys[key]
	exists, err := ks.check(k, p)
	return k, exists, err
}

// check is prep for a key already looked up (k nil if absent).
func (ks *Keyspace) check(k *keyState, p Part) (bool, error) {
	if k == nil || ks.expired(k) {
		return false, nil
	}
	vp, ok := k.visible()
	if !ok {
		return false, nil
	}
	if vp != p {
		return true, ErrWrongType
	}
	return true, nil
}

// keyBytes looks up a key given as bytes without copying it, and returns
// its state (nil if absent) with its name: the one the keyspace holds, so
// only a new key costs a copy.
func (ks *Keyspace) keyBytes(key []byte) (*keyState, string) {
	if k := ks.keys[string(key)]; k != nil {
		return k, k.name
	}
	return nil, string(key)
}

// resetFor makes op first remove what it must not build on. A write to a key
// that is absent or expired starts from nothing, so it removes every leftover
// it observed (as Redis Active-Active expires a key before writing to it). A
// write to a visible key removes the data of other types that concurrent
// writers left hidden, so that a type conflict resolves for good.
func (ks *Keyspace) resetFor(op *Op, k *keyState, exists bool, p Part) {
	if k == nil {
		return
	}
	mask := AllParts
	if exists {
		mask = 0
		for q := PartString; q < PartExpire; q++ {
			if q != p && k.partLive(q) {
				mask |= 1 << q
			}
		}
		if mask == 0 {
			return
		}
	}
	v, cells := k.observe(mask)
	if !exists {
		ks.widen(&v)
	}
	if len(v) == 0 && len(cells) == 0 {
		return
	}
	op.Reset, op.ResetParts, op.ResetCells = v, mask, cells
}

// widen extends a reset of a key that holds nothing visible to every op this
// member has applied. That is still "only what was observed", and it removes
// leftovers (an expiry whose data a concurrent DEL removed) that other
// members may already have collected while some still hold them.
func (ks *Keyspace) widen(v *VV) { v.Join(ks.applied) }

// SetOptions are the SET modifiers a CRDT needs to know about; EX/PX/EXAT are
// all given as an absolute time in milliseconds.
type SetOptions struct {
	NX, XX   bool
	KeepTTL  bool
	ExpireAt int64 // 0 for none
}

// Set stores a string, replacing whatever the key held (of any type). It
// reports false when NX or XX prevented the write.
func (ks *Keyspace) Set(key string, val []byte, opt SetOptions) (done bool, op Op) {
	done = ks.set(&op, ks.keys[key], key, val, opt)
	return done, op
}

// SetBytes is Set with the key given as bytes, which it copies only for a
// new key: a command's argument buffer can be passed as it is.
func (ks *Keyspace) SetBytes(key, val []byte, opt SetOptions) (done bool, op Op) {
	done = ks.SetBytesInto(&op, key, val, opt)
	return done, op
}

// SetBytesInto is SetBytes writing the op to replicate to *op (overwritten
// whole, OpNone when nothing changed) rather than returning it: an op is a
// few hundred bytes, and a SET is otherwise mostly copies of it.
func (ks *Keyspace) SetBytesInto(op *Op, key, val []byte, opt SetOptions) bool {
	k, name := ks.keyBytes(key)
	return ks.set(op, k, name, val, opt)
}

// set is Set of key, whose state k the caller looked up (nil if absent),
// writing the op to *op.
func (ks *Keyspace) set(op *Op, k *keyState, key string, val []byte, opt SetOptions) bool {
	exists, _ := ks.check(k, PartString)
	if (opt.NX && exists) || (opt.XX && !exists) {
		*op = Op{}
		return false
	}
	*op = Op{Kind: OpSet, Key: key, Value: cloneBytes(val), ExpireAt: opt.ExpireAt}
	if k != nil {
		mask := AllParts
		if opt.KeepTTL && exists && opt.ExpireAt == 0 {
			mask = dataParts
		}
		v, cells := k.observe(mask)
		if !exists {
			ks.widen(&v)
		}
		if len(v) > 0 || len(cells) > 0 {
			op.Reset, op.ResetParts, op.ResetCells = v, mask, cells
		}
	}
	ks.emit(op, k)
	return true
}

// Del removes the key as this member sees it; writes it has not observed yet
// survive. It reports whether a visible key was removed.
func (ks *Keyspace) Del(key string) (bool, Op) {
	k := ks.keys[key]
	if k == nil {
		return false, Op{}
	}
	existed := !ks.expired(k)
	if existed {
		_, existed = k.visible()
	}
	v, cells := k.observe(AllParts)
	if len(v) == 0 && len(cells) == 0 {
		return false, Op{}
	}
	op := Op{Kind: OpDel, Key: key, Reset: v, ResetParts: AllParts, ResetCells: cells}
	ks.emit(&op, k)
	return existed, op
}

// IncrBy adds n to the integer at key (INCR, INCRBY, DECR, DECRBY).
// Concurrent increments on different members add up.
func (ks *Keyspace) IncrBy(key string, n int64) (int64, Op, error) {
	return ks.incrBy(ks.keys[key], key, n)
}

// IncrByBytes is IncrBy with the key given as bytes, which it copies only
// for a new key.
func (ks *Keyspace) IncrByBytes(key []byte, n int64) (int64, Op, error) {
	k, name := ks.keyBytes(key)
	return ks.incrBy(k, name, n)
}

// incrBy is IncrBy of key, whose state k the caller looked up (nil if
// absent).
func (ks *Keyspace) incrBy(k *keyState, key string, n int64) (int64, Op, error) {
	exists, err := ks.check(k, PartString)
	if err != nil {
		return 0, Op{}, err
	}
	var cur int64
	var p Counter
	if exists {
		var ok bool
		if cur, ok = scalarOf(&k.str).asInt(); !ok {
			return 0, Op{}, ErrNotInteger
		}
		p = k.str.ownCounter(ks.id)
	}
	if addOverflows(cur, n) {
		return 0, Op{}, ErrOverflow
	}
	p.Int += n
	op := Op{Kind: OpIncr, Key: key, Counter: p}
	ks.resetFor(&op, k, exists, PartString)
	ks.emit(&op, k)
	return cur + n, op, nil
}

// floatRun marks a counter as holding a float increment; the op stamps the
// real seq in place of the marker.
const floatRun = ^uint64(0)

// IncrByFloat adds f to the number at key (INCRBYFLOAT).
func (ks *Keyspace) IncrByFloat(key string, f float64) (float64, Op, error) {
	k, exists, err := ks.prep(key, PartString)
	if err != nil {
		return 0, Op{}, err
	}
	var cur float64
	var p Counter
	if exists {
		var ok bool
		if cur, ok = scalarOf(&k.str).asFloat(); !ok {
			return 0, Op{}, ErrNotFloat
		}
		p = k.str.ownCounter(ks.id)
	}
	res := cur + f
	if !finite(f) || !finite(res) {
		return 0, Op{}, ErrNaNOrInfinity
	}
	p.Float += f
	p.FloatSeq = floatRun
	op := Op{Kind: OpIncr, Key: key, Counter: p}
	ks.resetFor(&op, k, exists, PartString)
	ks.emit(&op, k)
	return res, op, nil
}

// cloneBytes copies a value the op will share with the keyspace (nil for
// an empty one, as appending to nil gives); make and copy cost less than
// append's growth path.
func cloneBytes(b []byte) []byte {
	if len(b) == 0 {
		return nil
	}
	c := make([]byte, len(b))
	copy(c, b)
	return c
}

func finite(f float64) bool { return f == f && f-f == 0 }

// Expire sets the key's expiry to an absolute time in milliseconds. A time
// already past deletes the key, as in Redis. It reports whether the key
// exists.
func (ks *Keyspace) Expire(key string, at int64) (bool, Op) {
	k, _ := ks.lookup(key)
	if k == nil {
		return false, Op{}
	}
	if at <= ks.Now() {
		_, op := ks.Del(key)
		return true, op
	}
	v, _ := k.observe(1 << PartExpire)
	op := Op{Kind: OpExpire, Key: key, Reset: v, ResetParts: 1 << PartExpire, ExpireAt: at}
	ks.emit(&op, k)
	return true, op
}

// Persist removes the key's expiry. Unlike a plain removal it leaves a marker
// so that it wins over an EXPIRE issued concurrently elsewhere. It reports
// whether there was an expiry to remove.
func (ks *Keyspace) Persist(key string) (bool, Op) {
	k, _ := ks.lookup(key)
	if k == nil {
		return false, Op{}
	}
	if _, _, ok := k.expiry(); !ok {
		return false, Op{}
	}
	v, _ := k.observe(1 << PartExpire)
	op := Op{Kind: OpPersist, Key: key, Reset: v, ResetParts: 1 << PartExpire}
	ks.emit(&op, k)
	return true, op
}

// ReapExpired deletes up to limit expired keys this member is responsible
// for, returning the DEL ops to replicate. As in Redis Active-Active, the
// member whose EXPIRE won owns the key's expiry; other members only hide the
// key. A key whose owner is no longer a member is reaped by anyone.
//
// Keys come from the expiry index, earliest first, so a sweep costs what
// it reaps rather than the size of the keyspace.
func (ks *Keyspace) ReapExpired(limit int) []Op {
	now := ks.Now()
	var due []expEntry
	h := &ks.exp
	for h.Len() > 0 && (limit <= 0 || len(due) < limit) {
		e := h.items[0]
		if e.at > now {
			break
		}
		heap.Pop(h)
		if !e.valid() {
			continue
		}
		if _, owner, _ := e.k.expiry(); owner == ks.id || !ks.isMember(owner) {
			due = append(due, e)
		} else {
			h.waiting[e.k] = e
		}
	}
	var ops []Op
	for _, e := range due {
		if _, op := ks.Del(e.name); op.Kind != OpNone {
			ops = append(ops, op)
		}
		if e.valid() {
			// Not deleted after all: look again after the next change.
			h.waiting[e.k] = e
		}
	}
	return ops
}
