package crdt

// A Cell holds one value slot: the value of a string key, one hash field, one
// set member, one sorted-set member, or a key's expiry.
//
// A slot's state is a set of register writes (resolved last-writer-wins on
// read) plus one running counter per origin (summed on read). Removing a slot
// removes only what the remover observed: register writes up to the observed
// dot of each origin, and each origin's counter up to the observed total.
type Cell struct {
	Regs     []Reg     `json:"regs,omitempty"`
	Counters []Counter `json:"ctrs,omitempty"` // sorted by Replica
	Removed  []Obs     `json:"rm,omitempty"`   // sorted by Replica
	// RemovedBy holds the dots of the removals recorded in Removed. A record
	// may only be forgotten once every member applied the removal itself,
	// not just the writes it removed: until then a member may still act on
	// what the removal took away.
	RemovedBy VV `json:"rmBy,omitempty"`
}

// Reg is one register write. Which payload field is used depends on the slot:
// Bytes for strings and hash fields, Float for sorted-set scores, Int for an
// expiry (absolute milliseconds, 0 meaning PERSIST). Set members use none.
type Reg struct {
	Dot   Dot       `json:"d"`
	TS    Timestamp `json:"ts"`
	Bytes []byte    `json:"b,omitempty"`
	Float float64   `json:"f,omitempty"`
	Int   int64     `json:"i,omitempty"`
}

// Counter is one origin's running contribution to a slot. Operations ship the
// running total rather than the increment so that a removal can subtract
// exactly what it observed, whatever arrives first; state stays one entry per
// origin however many increments happen.
//
// A run starts (Epoch) when the origin increments a slot where its previous
// contribution is absent or entirely removed, so removals that predate the
// run never apply to it.
type Counter struct {
	Replica  ReplicaID `json:"r"`
	Epoch    uint64    `json:"e"`  // seq of the first increment of this run
	Seq      uint64    `json:"s"`  // seq of the latest increment
	FloatSeq uint64    `json:"fs"` // seq of the latest float increment, 0 if none
	TS       Timestamp `json:"ts"`
	Int      int64     `json:"i"` // running integer total, wrapping
	Float    float64   `json:"f"` // running float total
}

// Obs records what a removal observed of one origin in one slot: its register
// writes up to Seq, and its counter at the totals it had reached by Seq.
type Obs struct {
	Replica ReplicaID `json:"r"`
	Seq     uint64    `json:"s"`
	Int     int64     `json:"i,omitempty"`
	Float   float64   `json:"f,omitempty"`
}

func findObs(s []Obs, r ReplicaID) int {
	for i := range s {
		if s[i].Replica == r {
			return i
		}
	}
	return -1
}

func (c *Cell) removedSeq(r ReplicaID) uint64 {
	if i := findObs(c.Removed, r); i >= 0 {
		return c.Removed[i].Seq
	}
	return 0
}

// contrib is what one origin's counter adds to the slot after removals.
func (c *Cell) contrib(p *Counter) (i int64, f float64, float, live bool) {
	j := findObs(c.Removed, p.Replica)
	if j < 0 || c.Removed[j].Seq < p.Epoch {
		return p.Int, p.Float, p.FloatSeq != 0, true
	}
	o := &c.Removed[j]
	if o.Seq >= p.Seq {
		return 0, 0, false, false
	}
	return p.Int - o.Int, p.Float - o.Float, p.FloatSeq > o.Seq, true
}

// live reports whether the slot holds anything visible.
func (c *Cell) live() bool {
	if len(c.Regs) > 0 {
		return true
	}
	for i := range c.Counters {
		if _, _, _, ok := c.contrib(&c.Counters[i]); ok {
			return true
		}
	}
	return false
}

// empty reports whether the slot can be forgotten entirely.
func (c *Cell) empty() bool {
	return len(c.Regs) == 0 && len(c.Counters) == 0 && len(c.Removed) == 0 && len(c.RemovedBy) == 0
}

// insertReg adds a register write unless a removal already covers it. rm is
// the key-level removal for the slot's part.
func (c *Cell) insertReg(r Reg, rm keyRm) {
	if rm.covers(r.Dot) || r.Dot.Seq <= c.removedSeq(r.Dot.Replica) {
		return
	}
	c.Regs = append(c.Regs, r)
}

// setCounter installs an origin's newer running total.
func (c *Cell) setCounter(p Counter) {
	for i := range c.Counters {
		if c.Counters[i].Replica == p.Replica {
			if p.Seq > c.Counters[i].Seq {
				c.Counters[i] = p
			}
			return
		}
	}
	i := len(c.Counters)
	c.Counters = append(c.Counters, p)
	for i > 0 && c.Counters[i-1].Replica > p.Replica {
		c.Counters[i-1], c.Counters[i] = c.Counters[i], c.Counters[i-1]
		i--
	}
}

// remove applies a removal's observations; by is the removal's dot.
func (c *Cell) remove(obs []Obs, by Dot) {
	if len(obs) > 0 {
		c.RemovedBy.Raise(by.Replica, by.Seq)
	}
	for _, o := range obs {
		if o.Seq == 0 {
			continue
		}
		if j := findObs(c.Removed, o.Replica); j >= 0 {
			if o.Seq > c.Removed[j].Seq {
				c.Removed[j] = o
			}
		} else {
			c.Removed = insertObs(c.Removed, o)
		}
	}
	n := 0
	for _, r := range c.Regs {
		if r.Dot.Seq > c.removedSeq(r.Dot.Replica) {
			c.Regs[n] = r
			n++
		}
	}
	clearRegs(c.Regs[n:])
	c.Regs = c.Regs[:n]
}

func insertObs(s []Obs, o Obs) []Obs {
	i := len(s)
	s = append(s, o)
	for i > 0 && s[i-1].Replica > o.Replica {
		s[i-1], s[i] = s[i], s[i-1]
		i--
	}
	return s
}

// removeRegs drops register writes covered by a key-level removal. Writes
// move only when an earlier one goes: each move of a Reg, which holds a
// pointer, costs a write barrier while the GC runs.
func (c *Cell) removeRegs(v VV) {
	if len(c.Regs) == 0 {
		return
	}
	n := 0
	for i := range c.Regs {
		if v.Covers(c.Regs[i].Dot) {
			continue
		}
		if n != i {
			c.Regs[n] = c.Regs[i]
		}
		n++
	}
	clearRegs(c.Regs[n:])
	c.Regs = c.Regs[:n]
}

// clearRegs lets dropped values be collected while the slice is reused.
// Bytes is the only pointer in a Reg: clearing just it is one store, where
// zeroing whole Regs costs a bulk clear with write barriers.
func clearRegs(s []Reg) {
	for i := range s {
		s[i].Bytes = nil
	}
}

// observe appends to dst what a removal issued now would remove: per origin,
// the latest register dot or counter seq, with the counter totals.
func (c *Cell) observe(dst []Obs) []Obs {
	for _, r := range c.Regs {
		dst = observeSeq(dst, r.Dot.Replica, r.Dot.Seq)
	}
	for i := range c.Counters {
		p := &c.Counters[i]
		if _, _, _, ok := c.contrib(p); !ok {
			continue
		}
		dst = observeSeq(dst, p.Replica, p.Seq)
		j := findObs(dst, p.Replica)
		dst[j].Int, dst[j].Float = p.Int, p.Float
	}
	return dst
}

func observeSeq(dst []Obs, r ReplicaID, seq uint64) []Obs {
	if j := findObs(dst, r); j >= 0 {
		if seq > dst[j].Seq {
			dst[j].Seq = seq
		}
		return dst
	}
	return insertObs(dst, Obs{Replica: r, Seq: seq})
}

// winner returns the last-writer-wins register, or nil.
func (c *Cell) winner() *Reg {
	var w *Reg
	for i := range c.Regs {
		if w == nil || c.Regs[i].TS.After(w.TS) {
			w = &c.Regs[i]
		}
	}
	return w
}

// latest is the newest timestamp of anything visible in the slot; it decides
// which type wins when concurrent writers gave a key different types.
func (c *Cell) latest() Timestamp {
	var t Timestamp
	if w := c.winner(); w != nil {
		t = w.TS
	}
	for i := range c.Counters {
		p := &c.Counters[i]
		if _, _, _, ok := c.contrib(p); ok && p.TS.After(t) {
			t = p.TS
		}
	}
	return t
}

// sums adds up the live counter contributions in replica order, so floating
// point rounding is the same on every member.
func (c *Cell) sums() (i int64, f float64, float, any bool) {
	for k := range c.Counters {
		ci, cf, cfl, ok := c.contrib(&c.Counters[k])
		if !ok {
			continue
		}
		any = true
		i += ci
		f += cf
		float = float || cfl
	}
	return i, f, float, any
}

// ownCounter returns the counter a new increment by r continues: its current
// run if still (partly) visible, otherwise a fresh run (Epoch 0, which the op
// stamps with its own seq).
func (c *Cell) ownCounter(r ReplicaID) Counter {
	for i := range c.Counters {
		p := &c.Counters[i]
		if p.Replica == r {
			if _, _, _, ok := c.contrib(p); ok {
				return *p
			}
			break
		}
	}
	return Counter{Replica: r}
}

func (c *Cell) clone() *Cell {
	n := &Cell{
		Regs:     append([]Reg(nil), c.Regs...),
		Counters: append([]Counter(nil), c.Counters...),
		Removed:  append([]Obs(nil), c.Removed...),

		RemovedBy: c.RemovedBy.Clone(),
	}
	return n
}
