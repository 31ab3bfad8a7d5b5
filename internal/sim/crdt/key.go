package crdt

// keyState is everything a keyspace holds for one key, including the
// tombstones that let late operations be recognised as already removed.
//
// Fields are ordered so that what a write to a string key reads and writes
// comes first and shares as few cache lines as possible; the parts it only
// finds empty come last.
type keyState struct {
	name string // the key, as the keyspace's map holds it
	str  Cell   // PartString

	// Key-level removals of register writes. A reset of every part (SET,
	// DEL, a write to an absent key: nearly all of them) is recorded once
	// in rmAll, a reset of some parts in rm of each (rare: rm stays nil
	// until then); what is removed in part p is the join of rmAll and
	// rm[p] (see removal).
	rmAll VV
	rmBy  VV // dots of the removals recorded in rmAll and rm

	// Room for what a string key usually holds: one register write and
	// the removals of the writes of a few origins. str.Regs, rmAll and rmBy
	// start out in it (see newKeyState) and move to the heap only if they
	// outgrow it, so such a key is one allocation and one stretch of memory
	// rather than four: with many keys, each is a cache miss per write.
	regBuf   [1]Reg
	rmAllBuf [3]Dot
	rmByBuf  [3]Dot

	cells [3]map[string]*Cell // PartHash, PartSet, PartZSet
	live  [3]int              // visible slots per collection part

	// Index bookkeeping, kept by Keyspace.settle.
	vis    bool   // holds visible data (expired or not): counted in Keyspace.live
	tomb   bool   // listed in Keyspace.tombs
	expGen uint32 // bumped whenever expAt changes
	expAt  int64  // expiry indexed for the key, 0 for none

	rm  *[numParts]VV // made by the first reset of some parts only
	exp Cell          // PartExpire
}

// newKeyState returns the empty state of key name, its buffers in place.
func newKeyState(name string) *keyState {
	k := &keyState{name: name}
	k.str.Regs = k.regBuf[:0]
	k.rmAll = k.rmAllBuf[:0]
	k.rmBy = k.rmByBuf[:0]
	return k
}

// keyRm is a part's key-level removal: the join of all and part, kept apart
// so that a reset of every part updates one vector instead of numParts.
type keyRm struct{ all, part VV }

func (r keyRm) covers(d Dot) bool { return r.all.Covers(d) || r.part.Covers(d) }

// removal returns what key-level removals removed in part p.
func (k *keyState) removal(p Part) keyRm { return keyRm{all: k.rmAll, part: k.partRm(p)} }

// partRm returns what resets of some parts removed in part p.
func (k *keyState) partRm(p Part) VV {
	if k.rm == nil {
		return nil
	}
	return k.rm[p]
}

// removed returns the removal of part p as one vector, as snapshots carry it.
func (k *keyState) removed(p Part) VV {
	v := k.rmAll.Clone()
	v.Join(k.partRm(p))
	return v
}

// rmRecords counts the key-level removal records as one vector per part
// would hold them.
func (k *keyState) rmRecords() int {
	n := 0
	for p := PartString; p < numParts; p++ {
		n += len(k.rmAll)
		for _, d := range k.partRm(p) {
			if k.rmAll.Get(d.Replica) == 0 {
				n++
			}
		}
	}
	return n
}

func collIndex(p Part) int { return int(p) - int(PartHash) }

func isColl(p Part) bool { return p >= PartHash && p <= PartZSet }

// cell returns the slot for (p, name), creating it when create is set.
func (k *keyState) cell(p Part, name string, create bool) *Cell {
	switch p {
	case PartString:
		return &k.str
	case PartExpire:
		return &k.exp
	}
	if !isColl(p) {
		return nil
	}
	i := collIndex(p)
	c := k.cells[i][name]
	if c == nil && create {
		if k.cells[i] == nil {
			k.cells[i] = make(map[string]*Cell)
		}
		c = &Cell{}
		k.cells[i][name] = c
	}
	return c
}

// edit runs f on a collection slot, keeping the visible count and the map
// free of slots that hold nothing at all.
func (k *keyState) edit(p Part, name string, f func(c *Cell)) {
	c := k.cell(p, name, true)
	if c == nil {
		return
	}
	if !isColl(p) {
		f(c)
		return
	}
	i := collIndex(p)
	was := c.live()
	f(c)
	now := c.live()
	switch {
	case was && !now:
		k.live[i]--
	case !was && now:
		k.live[i]++
	}
	if c.empty() {
		delete(k.cells[i], name)
	}
}

func (k *keyState) partLive(p Part) bool {
	switch p {
	case PartString:
		return k.str.live()
	case PartExpire:
		return k.exp.live()
	}
	return k.live[collIndex(p)] > 0
}

// visible returns the key's data type. When concurrent writes left data of
// several types, the type written last (by HLC timestamp, replica as
// tie-break) wins and the others stay hidden until a write removes them;
// every member sees the same writes and so picks the same type.
func (k *keyState) visible() (Part, bool) {
	if k.live == [3]int{} {
		// No collection: only the string part can hold anything.
		return PartString, k.str.live()
	}
	found, n := Part(0), 0
	for p := PartString; p < PartExpire; p++ {
		if k.partLive(p) {
			found = p
			n++
		}
	}
	if n <= 1 {
		return found, n == 1
	}
	var best Timestamp
	for p := PartString; p < PartExpire; p++ {
		if !k.partLive(p) {
			continue
		}
		if t := k.partLatest(p); t.After(best) {
			best, found = t, p
		}
	}
	return found, true
}

func (k *keyState) partLatest(p Part) Timestamp {
	if p == PartString {
		return k.str.latest()
	}
	var t Timestamp
	for _, c := range k.cells[collIndex(p)] {
		if l := c.latest(); l.After(t) {
			t = l
		}
	}
	return t
}

// expiry returns the key's expiry time and the origin responsible for it.
// Concurrent EXPIREs resolve to the latest time; a PERSIST among the
// concurrent writes wins over all of them.
func (k *keyState) expiry() (at int64, owner ReplicaID, ok bool) {
	var best *Reg
	for i := range k.exp.Regs {
		r := &k.exp.Regs[i]
		if r.Int == 0 {
			return 0, 0, false
		}
		if best == nil || r.Int > best.Int || (r.Int == best.Int && r.TS.After(best.TS)) {
			best = r
		}
	}
	if best == nil {
		return 0, 0, false
	}
	return best.Int, best.Dot.Replica, true
}

// expired reads the clock only for keys that have an expiry at all.
func (ks *Keyspace) expired(k *keyState) bool {
	return len(k.exp.Regs) > 0 && k.expired(ks.Now())
}

func (k *keyState) expired(now int64) bool {
	if len(k.exp.Regs) == 0 {
		return false
	}
	at, _, ok := k.expiry()
	return ok && at <= now
}

// reset applies a key-level removal to the parts in mask. Parts are taken
// one by one rather than in a loop over all of them: most resets are of a
// string key, where every other part is empty and costs one length check.
func (k *keyState) reset(v VV, mask Parts, cells []CellObs, by Dot) {
	if len(v) > 0 {
		k.rmBy.Raise(by.Replica, by.Seq)
		if mask&AllParts == AllParts {
			k.rmAll.Join(v)
		} else {
			if k.rm == nil {
				k.rm = new([numParts]VV)
			}
			for p := PartString; p < numParts; p++ {
				if mask.Has(p) {
					k.rm[p].Join(v)
				}
			}
		}
		if mask.Has(PartString) {
			k.str.removeRegs(v)
		}
		for i := range k.cells {
			if mask.Has(PartHash+Part(i)) && len(k.cells[i]) > 0 {
				k.removeCollRegs(i, v)
			}
		}
		if mask.Has(PartExpire) {
			k.exp.removeRegs(v)
		}
	}
	for _, co := range cells {
		if !mask.Has(co.Part) || co.Part >= numParts {
			continue
		}
		k.edit(co.Part, co.Name, func(c *Cell) { c.remove(co.Obs, by) })
	}
}

// removeCollRegs drops the register writes v covers from every slot of
// collection i.
func (k *keyState) removeCollRegs(i int, v VV) {
	for name, c := range k.cells[i] {
		if len(c.Regs) == 0 {
			continue
		}
		was := c.live()
		c.removeRegs(v)
		if was && !c.live() {
			k.live[i]--
		}
		if c.empty() {
			delete(k.cells[i], name)
		}
	}
}

// observe collects what a reset of the parts in mask would remove now.
// Collection slots come in part order, as reset's ResetCells are listed.
func (k *keyState) observe(mask Parts) (VV, []CellObs) {
	if d, ok := k.soleStringWrite(mask); ok {
		return VV{d}, nil
	}
	var v VV
	// Room for the string and expiry writes, one origin each at most: an
	// exact allocation instead of append's growth path.
	if n := len(k.str.Regs) + len(k.exp.Regs); n > 0 {
		v = make(VV, 0, n)
	}
	var cells []CellObs
	add := func(p Part, name string, c *Cell) {
		for _, r := range c.Regs {
			v.Raise(r.Dot.Replica, r.Dot.Seq)
		}
		if len(c.Counters) > 0 {
			if obs := c.observe(nil); len(obs) > 0 {
				cells = append(cells, CellObs{Part: p, Name: name, Obs: obs})
			}
		}
	}
	if mask.Has(PartString) {
		add(PartString, "", &k.str)
	}
	for i, m := range k.cells {
		if p := PartHash + Part(i); mask.Has(p) && len(m) > 0 {
			for name, c := range m {
				add(p, name, c)
			}
		}
	}
	if mask.Has(PartExpire) {
		add(PartExpire, "", &k.exp)
	}
	return v, cells
}

// soleStringWrite reports whether the only thing the parts in mask hold is
// one register write in the string part (a key last written by a SET, the
// common case), and returns its dot: observe's result is then that dot
// alone, found without walking every part.
func (k *keyState) soleStringWrite(mask Parts) (Dot, bool) {
	if !mask.Has(PartString) || len(k.str.Regs) != 1 || len(k.str.Counters) != 0 {
		return Dot{}, false
	}
	if mask.Has(PartExpire) && (len(k.exp.Regs) != 0 || len(k.exp.Counters) != 0) {
		return Dot{}, false
	}
	for i := range k.cells {
		if mask.Has(PartHash+Part(i)) && len(k.cells[i]) != 0 {
			return Dot{}, false
		}
	}
	d := k.str.Regs[0].Dot
	return d, d.Seq != 0
}

// isEmpty reports whether the key holds neither data nor tombstones.
func (k *keyState) isEmpty() bool {
	if len(k.rmBy) > 0 {
		return false
	}
	if !k.str.empty() || !k.exp.empty() {
		return false
	}
	for i := range k.cells {
		if len(k.cells[i]) > 0 {
			return false
		}
	}
	return true
}

func (k *keyState) recount() {
	for i := range k.cells {
		n := 0
		for _, c := range k.cells[i] {
			if c.live() {
				n++
			}
		}
		k.live[i] = n
	}
}
