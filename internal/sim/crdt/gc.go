package crdt

// ackState is what one member last acknowledged. An acknowledgement may only
// count once this keyspace has itself applied every op that member issued
// before acknowledging: otherwise a removal it issued earlier, still in
// flight, could cut into state this keyspace had already compacted.
type ackState struct {
	usable  VV
	pending VV
}

// SetMembers records the group's current members (this replica is always
// included). Tombstones are collected only once all of them acknowledged.
func (ks *Keyspace) SetMembers(ids []ReplicaID) {
	ks.members = ks.members[:0]
	for _, id := range ids {
		if id != ks.id && !ks.isMember(id) {
			ks.members = append(ks.members, id)
		}
	}
	if ks.acks == nil {
		ks.acks = make(map[ReplicaID]*ackState)
	}
	for id := range ks.acks {
		if !ks.isMember(id) {
			delete(ks.acks, id)
		}
	}
	// Expired keys left to a member that may just have left are this
	// member's to reap now.
	ks.exp.requeue()
}

func (ks *Keyspace) isMember(id ReplicaID) bool {
	if id == ks.id {
		return true
	}
	for _, m := range ks.members {
		if m == id {
			return true
		}
	}
	return false
}

// Ack records that member has applied everything up to applied (its own
// entry included: its own last op).
func (ks *Keyspace) Ack(member ReplicaID, applied VV) {
	if member == ks.id || !ks.isMember(member) {
		return
	}
	a := ks.acks[member]
	if a == nil {
		a = &ackState{}
		ks.acks[member] = a
	}
	a.pending = applied.Clone()
	ks.promote(member, a)
}

func (ks *Keyspace) promote(member ReplicaID, a *ackState) {
	if a.pending != nil && a.pending.Get(member) <= ks.applied.Get(member) {
		a.usable, a.pending = a.pending, nil
	}
}

// Stable returns the positions every member has applied: ops up to there
// can no longer be concurrent with anything still to arrive.
func (ks *Keyspace) Stable() VV {
	stable := ks.applied.Clone()
	for _, m := range ks.members {
		a := ks.acks[m]
		if a == nil {
			return nil
		}
		ks.promote(m, a)
		var next VV
		for _, d := range stable {
			if s := min(d.Seq, a.usable.Get(d.Replica)); s > 0 {
				next = append(next, Dot{Replica: d.Replica, Seq: s})
			}
		}
		stable = next
	}
	return stable
}

// GC drops the tombstones every member has acknowledged and returns how
// many it dropped.
func (ks *Keyspace) GC() int {
	stable := ks.Stable()
	if len(stable) == 0 {
		return 0
	}
	n := 0
	for name, k := range ks.tombs {
		n += gcKey(k, stable)
		if !k.hasTombs() {
			k.tomb = false
			delete(ks.tombs, name)
		}
		ks.settle(name, k)
	}
	return n
}

// Tombstones counts the removal records currently kept.
func (ks *Keyspace) Tombstones() int {
	n := 0
	for _, k := range ks.keys {
		if len(k.rmBy) > 0 {
			n++
		}
		n += k.rmRecords()
		n += len(k.str.Removed) + len(k.expCell().Removed)
		for i := range 3 {
			for _, c := range k.coll(i) {
				n += len(c.Removed)
			}
		}
	}
	return n
}

func gcKey(k *keyState, stable VV) int {
	n := 0
	if len(k.rmBy) > 0 && k.rmBy.LessEq(stable) {
		before := k.rmRecords()
		k.rmAll.dropCovered(stable)
		left := len(k.rmAll)
		if k.rm != nil {
			for p := range k.rm {
				k.rm[p].dropCovered(stable)
				left += len(k.rm[p])
			}
		}
		n += before - k.rmRecords()
		if left == 0 {
			k.rmBy = k.rmBy[:0]
		}
	}
	n += gcCell(&k.str, stable)
	if x := k.x; x != nil {
		n += gcCell(&x.exp, stable)
		for i := range x.cells {
			for name, c := range x.cells[i] {
				n += gcCell(c, stable)
				if c.empty() {
					delete(x.cells[i], name)
				}
			}
		}
	}
	return n
}

// gcCell drops a slot's removal record for an origin once it is stable and
// nothing of that origin's counter survives it; a partly removed counter
// keeps its record, since later totals are relative to it.
func gcCell(c *Cell, stable VV) int {
	if len(c.RemovedBy) == 0 || !c.RemovedBy.LessEq(stable) {
		return 0
	}
	n := 0
	keep := c.Removed[:0]
	for _, o := range c.Removed {
		if o.Seq > stable.Get(o.Replica) {
			keep = append(keep, o)
			continue
		}
		j := -1
		for i := range c.Counters {
			if c.Counters[i].Replica == o.Replica {
				j = i
			}
		}
		if j >= 0 && c.Counters[j].Seq > o.Seq {
			keep = append(keep, o)
			continue
		}
		if j >= 0 {
			c.Counters = append(c.Counters[:j], c.Counters[j+1:]...)
		}
		n++
	}
	if len(keep) == 0 {
		keep, c.RemovedBy = nil, nil
	}
	c.Removed = keep
	if len(c.Counters) == 0 {
		c.Counters = nil
	}
	return n
}
