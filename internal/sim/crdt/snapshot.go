package crdt

import "errors"

// ErrStaleSnapshot is returned by Merge for a snapshot older than what its
// origin already acknowledged: tombstones collected since then could no
// longer stop it from bringing removed data back.
var ErrStaleSnapshot = errors.New("crdt: snapshot older than its origin's acknowledgement")

// Snapshot is a keyspace's full state, for a member that joins late or whose
// backlog was lost. It shares no memory with the keyspace except immutable
// value bytes.
type Snapshot struct {
	Origin  ReplicaID               `json:"origin"`
	Clock   Timestamp               `json:"clock"`
	Applied VV                      `json:"applied"`
	Keys    map[string]*KeySnapshot `json:"keys"`
}

// KeySnapshot is one key's state, tombstones included.
type KeySnapshot struct {
	Removed   [numParts]VV     `json:"removed"`
	RemovedBy VV               `json:"removedBy,omitempty"`
	String    *Cell            `json:"string,omitempty"`
	Expire    *Cell            `json:"expire,omitempty"`
	Hash      map[string]*Cell `json:"hash,omitempty"`
	Set       map[string]*Cell `json:"set,omitempty"`
	ZSet      map[string]*Cell `json:"zset,omitempty"`
}

// Snapshot copies the keyspace's state.
func (ks *Keyspace) Snapshot() *Snapshot {
	s := &Snapshot{
		Origin:  ks.id,
		Clock:   ks.clock.Now(),
		Applied: ks.applied.Clone(),
		Keys:    make(map[string]*KeySnapshot, len(ks.keys)),
	}
	for name, k := range ks.keys {
		ksn := &KeySnapshot{String: k.str.clone(), Expire: k.expCell().clone(), RemovedBy: k.rmBy.Clone()}
		for p := range ksn.Removed {
			ksn.Removed[p] = k.removed(Part(p))
		}
		maps := [3]*map[string]*Cell{&ksn.Hash, &ksn.Set, &ksn.ZSet}
		for i := range 3 {
			m := k.coll(i)
			if len(m) == 0 {
				continue
			}
			out := make(map[string]*Cell, len(m))
			for n, c := range m {
				out[n] = c.clone()
			}
			*maps[i] = out
		}
		s.Keys[name] = ksn
	}
	return s
}

// Merge joins a snapshot into this keyspace. The result is the same whatever
// was applied here before, so a fresh replica that merges a snapshot and then
// receives every origin's ops (duplicates are skipped) converges with the
// others, and so does a long-partitioned one.
//
// For each origin, the side that applied more of its ops holds the newer
// truth about that origin's writes; removals from both sides then apply.
func (ks *Keyspace) Merge(s *Snapshot) error {
	if s == nil {
		return nil
	}
	if a := ks.acks[s.Origin]; a != nil && !a.usable.LessEq(s.Applied) {
		return ErrStaleSnapshot
	}
	mine := ks.applied.Clone()
	theirs := s.Applied
	for name, sk := range s.Keys {
		if sk == nil {
			continue
		}
		mergeKey(ks.lookupOrCreate(name), sk, mine, theirs)
	}
	for name, k := range ks.keys {
		if _, ok := s.Keys[name]; !ok {
			mergeKey(k, &KeySnapshot{}, mine, theirs)
		}
		if k.hasTombs() {
			ks.markTombs(name, k)
		}
		ks.settle(name, k)
	}
	ks.applied.Join(theirs)
	ks.clock.Update(s.Clock)
	return nil
}

func mergeKey(k *keyState, sk *KeySnapshot, mine, theirs VV) {
	for p := range sk.Removed {
		if len(sk.Removed[p]) == 0 {
			continue
		}
		if k.rm == nil {
			k.rm = new([numParts]VV)
		}
		k.rm[p].Join(sk.Removed[p])
	}
	k.rmBy.Join(sk.RemovedBy)
	mergeCell(&k.str, sk.String, mine, theirs)
	k.str.removeRegs(k.rmAll)
	k.str.removeRegs(k.partRm(PartString))
	maps := [3]map[string]*Cell{sk.Hash, sk.Set, sk.ZSet}
	// A key without keyExtra has nothing to merge into it unless the
	// snapshot has (merging nothing into an empty slot changes nothing).
	if k.x == nil && (sk.Expire == nil || sk.Expire.empty()) && len(sk.Hash) == 0 && len(sk.Set) == 0 && len(sk.ZSet) == 0 {
		return
	}
	x := k.more()
	mergeCell(&x.exp, sk.Expire, mine, theirs)
	x.exp.removeRegs(k.rmAll)
	x.exp.removeRegs(k.partRm(PartExpire))
	for i := range x.cells {
		p := Part(i) + PartHash
		for name, rc := range maps[i] {
			if rc == nil {
				continue
			}
			if x.cells[i] == nil {
				x.cells[i] = make(map[string]*Cell)
			}
			c := x.cells[i][name]
			if c == nil {
				c = &Cell{}
				x.cells[i][name] = c
			}
			mergeCell(c, rc, mine, theirs)
		}
		for name, c := range x.cells[i] {
			if _, ok := maps[i][name]; !ok {
				mergeCell(c, nil, mine, theirs)
			}
			c.removeRegs(k.rmAll)
			c.removeRegs(k.partRm(p))
			if c.empty() {
				delete(x.cells[i], name)
			}
		}
	}
	k.recount()
}

// mergeCell joins a remote slot (nil when the remote has none) into c.
func mergeCell(c *Cell, r *Cell, mine, theirs VV) {
	if r == nil {
		r = &Cell{}
	}
	remoteNewer := func(o ReplicaID) bool { return theirs.Get(o) > mine.Get(o) }

	regs := c.Regs[:0:0]
	for _, x := range c.Regs {
		if !remoteNewer(x.Dot.Replica) {
			regs = append(regs, x)
		}
	}
	for _, x := range r.Regs {
		if remoteNewer(x.Dot.Replica) {
			regs = append(regs, x)
		}
	}
	var ctrs []Counter
	for _, x := range c.Counters {
		if !remoteNewer(x.Replica) {
			ctrs = append(ctrs, x)
		}
	}
	for _, x := range r.Counters {
		if remoteNewer(x.Replica) {
			ctrs = append(ctrs, x)
		}
	}
	c.Regs, c.Counters = regs, nil
	for _, x := range ctrs {
		c.setCounter(x)
	}
	c.RemovedBy.Join(r.RemovedBy)
	// Registers either side still holds are dropped here if the other side
	// recorded their removal.
	c.remove(r.Removed, Dot{})
}
