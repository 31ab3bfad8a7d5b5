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
	// the removals of earlier writes. str.Regs, rmAll and rmBy start out in
	// it (see newKeyState) and move to the heap only if they outgrow it, so
	// such a key is one allocation and one stretch of memory rather than
	// four: with many keys, each is a cache miss per write. The removals
	// get room for three origins, as a key written across a 3-member group
	// holds (a Reg is 72 bytes and each buffered Dot 16; every key pays for
	// the room whether it uses it or not, and in a group a key that spills
	// costs two more allocations per key and slower applies).
	regBuf   [1]Reg
	rmAllBuf [3]Dot
	rmByBuf  [3]Dot

	// Index bookkeeping, kept by Keyspace.settle.
	vis  bool // holds visible data (expired or not): counted in Keyspace.live
	tomb bool // listed in Keyspace.tombs

	rm *[numParts]VV // made by the first reset of some parts only
	x  *keyExtra     // made by the first expiry or collection write only
}

// keyExtra is the part of a key's state that a plain string key never
// needs: its collections and its expiry. It is made on first use (see
// more) and kept for the key's life, so that expiry entries naming the key
// stay comparable with expGen.
type keyExtra struct {
	cells [3]map[string]*Cell // PartHash, PartSet, PartZSet
	live  [3]int              // visible slots per collection part

	expGen uint32 // bumped whenever expAt changes
	expAt  int64  // expiry indexed for the key, 0 for none

	exp Cell // PartExpire
}

// more returns the key's collection and expiry state, making it if needed.
func (k *keyState) more() *keyExtra {
	if k.x == nil {
		k.x = new(keyExtra)
	}
	return k.x
}

// noCell stands for the expiry of a key without keyExtra. It is only read,
// never written.
var noCell Cell

// expCell returns the key's expiry slot for reading: never nil, and not to
// be written (write through more().exp).
func (k *keyState) expCell() *Cell {
	if k.x == nil {
		return &noCell
	}
	return &k.x.exp
}

// coll returns the slots of collection i, nil if there are none.
func (k *keyState) coll(i int) map[string]*Cell {
	if k.x == nil {
		return nil
	}
	return k.x.cells[i]
}

// collLive returns the number of visible slots in collection i.
func (k *keyState) collLive(i int) int {
	if k.x == nil {
		return 0
	}
	return k.x.live[i]
}

// indexedExpiry returns the expiry indexed for the key, 0 for none.
func (k *keyState) indexedExpiry() int64 {
	if k.x == nil {
		return 0
	}
	return k.x.expAt
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
		if create {
			return &k.more().exp
		}
		return k.expCell()
	}
	if !isColl(p) {
		return nil
	}
	i := collIndex(p)
	c := k.coll(i)[name]
	if c == nil && create {
		x := k.more()
		if x.cells[i] == nil {
			x.cells[i] = make(map[string]*Cell)
		}
		c = &Cell{}
		x.cells[i][name] = c
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
		k.x.live[i]--
	case !was && now:
		k.x.live[i]++
	}
	if c.empty() {
		delete(k.x.cells[i], name)
	}
}

func (k *keyState) partLive(p Part) bool {
	switch p {
	case PartString:
		return k.str.live()
	case PartExpire:
		return k.expCell().live()
	}
	return k.collLive(collIndex(p)) > 0
}

// visible returns the key's data type. When concurrent writes left data of
// several types, the type written last (by HLC timestamp, replica as
// tie-break) wins and the others stay hidden until a write removes them;
// every member sees the same writes and so picks the same type.
func (k *keyState) visible() (Part, bool) {
	if k.x == nil || k.x.live == [3]int{} {
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
	for _, c := range k.coll(collIndex(p)) {
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
	if k.x == nil {
		return 0, 0, false
	}
	var best *Reg
	for i := range k.x.exp.Regs {
		r := &k.x.exp.Regs[i]
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
	return k.x != nil && len(k.x.exp.Regs) > 0 && k.expired(ks.Now())
}

func (k *keyState) expired(now int64) bool {
	if k.x == nil || len(k.x.exp.Regs) == 0 {
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
		if x := k.x; x != nil {
			for i := range x.cells {
				if mask.Has(PartHash+Part(i)) && len(x.cells[i]) > 0 {
					k.removeCollRegs(i, v)
				}
			}
			if mask.Has(PartExpire) {
				x.exp.removeRegs(v)
			}
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
	x := k.x
	for name, c := range x.cells[i] {
		if len(c.Regs) == 0 {
			continue
		}
		was := c.live()
		c.removeRegs(v)
		if was && !c.live() {
			x.live[i]--
		}
		if c.empty() {
			delete(x.cells[i], name)
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
	exp := k.expCell()
	if n := len(k.str.Regs) + len(exp.Regs); n > 0 {
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
	for i := range 3 {
		if p := PartHash + Part(i); mask.Has(p) && len(k.coll(i)) > 0 {
			for name, c := range k.coll(i) {
				add(p, name, c)
			}
		}
	}
	if mask.Has(PartExpire) {
		add(PartExpire, "", exp)
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
	if x := k.x; x != nil {
		if mask.Has(PartExpire) && (len(x.exp.Regs) != 0 || len(x.exp.Counters) != 0) {
			return Dot{}, false
		}
		for i := range x.cells {
			if mask.Has(PartHash+Part(i)) && len(x.cells[i]) != 0 {
				return Dot{}, false
			}
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
	if !k.str.empty() {
		return false
	}
	if x := k.x; x != nil {
		if !x.exp.empty() {
			return false
		}
		for i := range x.cells {
			if len(x.cells[i]) > 0 {
				return false
			}
		}
	}
	return true
}

func (k *keyState) recount() {
	x := k.x
	if x == nil {
		return
	}
	for i := range x.cells {
		n := 0
		for _, c := range x.cells[i] {
			if c.live() {
				n++
			}
		}
		x.live[i] = n
	}
}
