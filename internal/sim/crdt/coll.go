package crdt

import "math"

// FieldValue is one field of an HSET.
type FieldValue struct {
	Field string
	Value []byte
}

// lastIndex maps each name to the position of its last occurrence, so that a
// command naming a field twice behaves as in Redis (the last value counts)
// without giving two writes the same dot and timestamp.
func lastIndex(n int, name func(i int) string) func(i int) bool {
	if n < 2 {
		return func(int) bool { return true }
	}
	last := make(map[string]int, n)
	for i := 0; i < n; i++ {
		last[name(i)] = i
	}
	return func(i int) bool { return last[name(i)] == i }
}

// observed is what a write to one slot replaces: everything visible in it.
func observed(k *keyState, p Part, name string) ([]Obs, bool) {
	if k == nil {
		return nil, false
	}
	c := k.cell(p, name, false)
	if c == nil {
		return nil, false
	}
	return c.observe(nil), c.live()
}

// HSet sets hash fields and returns how many were new.
func (ks *Keyspace) HSet(key string, fields []FieldValue) (int, Op, error) {
	k, exists, err := ks.prep(key, PartHash)
	if err != nil || len(fields) == 0 {
		return 0, Op{}, err
	}
	keep := lastIndex(len(fields), func(i int) string { return fields[i].Field })
	op := Op{Kind: OpHSet, Key: key, Elems: make([]Elem, 0, len(fields))}
	added := 0
	for i, f := range fields {
		if !keep(i) {
			continue
		}
		var obs []Obs
		var live bool
		if exists {
			obs, live = observed(k, PartHash, f.Field)
		}
		if !live {
			added++
		}
		op.Elems = append(op.Elems, Elem{Name: f.Field, Removed: obs, Value: cloneBytes(f.Value)})
	}
	ks.resetFor(&op, k, exists, PartHash)
	ks.emit(&op, k)
	return added, op, nil
}

// removeElems builds the op for HDEL, SREM and ZREM: only names that are
// visible here, each removing what this member observed of it.
func (ks *Keyspace) removeElems(kind OpKind, key string, names []string) (int, Op, error) {
	p := kind.part()
	k, exists, err := ks.prep(key, p)
	if err != nil || !exists {
		return 0, Op{}, err
	}
	keep := lastIndex(len(names), func(i int) string { return names[i] })
	op := Op{Kind: kind, Key: key}
	for i, name := range names {
		if !keep(i) {
			continue
		}
		if obs, live := observed(k, p, name); live {
			op.Elems = append(op.Elems, Elem{Name: name, Removed: obs})
		}
	}
	if len(op.Elems) == 0 {
		return 0, Op{}, nil
	}
	// Emptying the collection must not bring back data of another type
	// that a concurrent writer left hidden.
	ks.resetFor(&op, k, exists, p)
	ks.emit(&op, k)
	return len(op.Elems), op, nil
}

// HDel removes hash fields and returns how many existed.
func (ks *Keyspace) HDel(key string, fields ...string) (int, Op, error) {
	return ks.removeElems(OpHDel, key, fields)
}

// SRem removes set members and returns how many existed.
func (ks *Keyspace) SRem(key string, members ...string) (int, Op, error) {
	return ks.removeElems(OpSRem, key, members)
}

// ZRem removes sorted-set members and returns how many existed.
func (ks *Keyspace) ZRem(key string, members ...string) (int, Op, error) {
	return ks.removeElems(OpZRem, key, members)
}

// incrElem builds the op for HINCRBY, HINCRBYFLOAT and ZINCRBY: a new
// running total for this member's counter in the slot.
func (ks *Keyspace) incrElem(kind OpKind, key, name string, apply func(cur scalar, c Counter) (Counter, error)) (Op, error) {
	p := kind.part()
	k, exists, err := ks.prep(key, p)
	if err != nil {
		return Op{}, err
	}
	var cur scalar
	var ctr Counter
	if exists {
		if c := k.cell(p, name, false); c != nil && c.live() {
			ctr = c.ownCounter(ks.id)
			if p == PartZSet {
				cur = scalar{kind: KindFloat, f: score(c)}
			} else {
				cur = scalarOf(c)
			}
		}
	}
	if ctr, err = apply(cur, ctr); err != nil {
		return Op{}, err
	}
	op := Op{Kind: kind, Key: key, Elems: []Elem{{Name: name, Counter: ctr}}}
	ks.resetFor(&op, k, exists, p)
	ks.emit(&op, k)
	return op, nil
}

// HIncrBy adds n to an integer hash field.
func (ks *Keyspace) HIncrBy(key, field string, n int64) (int64, Op, error) {
	var res int64
	op, err := ks.incrElem(OpHIncr, key, field, func(cur scalar, c Counter) (Counter, error) {
		v, ok := cur.asInt()
		if !ok {
			return c, ErrHashNotInteger
		}
		if addOverflows(v, n) {
			return c, ErrOverflow
		}
		res = v + n
		c.Int += n
		return c, nil
	})
	return res, op, err
}

// HIncrByFloat adds f to a numeric hash field.
func (ks *Keyspace) HIncrByFloat(key, field string, f float64) (float64, Op, error) {
	var res float64
	op, err := ks.incrElem(OpHIncr, key, field, func(cur scalar, c Counter) (Counter, error) {
		v, ok := cur.asFloat()
		if !ok {
			return c, ErrHashNotFloat
		}
		res = v + f
		if !finite(f) || !finite(res) {
			return c, ErrNaNOrInfinity
		}
		c.Float += f
		c.FloatSeq = floatRun
		return c, nil
	})
	return res, op, err
}

// SAdd adds set members and returns how many were new. Re-adding a member
// that exists still ships an add, so that it wins over a concurrent SREM.
func (ks *Keyspace) SAdd(key string, members ...string) (int, Op, error) {
	k, exists, err := ks.prep(key, PartSet)
	if err != nil || len(members) == 0 {
		return 0, Op{}, err
	}
	keep := lastIndex(len(members), func(i int) string { return members[i] })
	op := Op{Kind: OpSAdd, Key: key, Elems: make([]Elem, 0, len(members))}
	added := 0
	for i, m := range members {
		if !keep(i) {
			continue
		}
		var obs []Obs
		var live bool
		if exists {
			obs, live = observed(k, PartSet, m)
		}
		if !live {
			added++
		}
		op.Elems = append(op.Elems, Elem{Name: m, Removed: obs})
	}
	ks.resetFor(&op, k, exists, PartSet)
	ks.emit(&op, k)
	return added, op, nil
}

// ZAdd sets members' scores, replacing the score each member had here
// (ZINCRBYs issued concurrently elsewhere still add on top), and returns how
// many members were new.
func (ks *Keyspace) ZAdd(key string, members []ZMember) (int, Op, error) {
	k, exists, err := ks.prep(key, PartZSet)
	if err != nil || len(members) == 0 {
		return 0, Op{}, err
	}
	for _, m := range members {
		if math.IsNaN(m.Score) {
			return 0, Op{}, ErrNotFloat
		}
	}
	keep := lastIndex(len(members), func(i int) string { return members[i].Member })
	op := Op{Kind: OpZAdd, Key: key, Elems: make([]Elem, 0, len(members))}
	added := 0
	for i, m := range members {
		if !keep(i) {
			continue
		}
		var obs []Obs
		var live bool
		if exists {
			obs, live = observed(k, PartZSet, m.Member)
		}
		if !live {
			added++
		}
		op.Elems = append(op.Elems, Elem{Name: m.Member, Removed: obs, Score: m.Score})
	}
	ks.resetFor(&op, k, exists, PartZSet)
	ks.emit(&op, k)
	return added, op, nil
}

// ZIncrBy adds delta to a member's score, creating the member if needed, and
// returns the new score.
func (ks *Keyspace) ZIncrBy(key, member string, delta float64) (float64, Op, error) {
	var res float64
	op, err := ks.incrElem(OpZIncr, key, member, func(cur scalar, c Counter) (Counter, error) {
		res = cur.f + delta
		if math.IsNaN(delta) || math.IsNaN(res) {
			return c, ErrScoreNaN
		}
		c.Float += delta
		c.FloatSeq = floatRun
		return c, nil
	})
	return res, op, err
}
