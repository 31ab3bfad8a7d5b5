package crdt

// Dot names one operation: the Seq-th operation issued by Replica.
type Dot struct {
	Replica ReplicaID `json:"r"`
	Seq     uint64    `json:"s"`
}

// VV is a sparse version vector: for each replica, a sequence number. It is
// kept sorted by replica so that equal vectors have equal encodings.
//
// Because every member delivers each origin's operations in order, "the
// operations of r up to Seq" is always a prefix, so a single number per
// replica describes exactly what a member had observed.
type VV []Dot

// Get returns the sequence number recorded for r (0 if none).
func (v VV) Get(r ReplicaID) uint64 {
	for _, d := range v {
		if d.Replica == r {
			return d.Seq
		}
		if d.Replica > r {
			break
		}
	}
	return 0
}

// Covers reports whether d is within v.
func (v VV) Covers(d Dot) bool { return d.Seq != 0 && d.Seq <= v.Get(d.Replica) }

// Raise sets r's entry to seq if that is larger.
func (v *VV) Raise(r ReplicaID, seq uint64) {
	if seq == 0 {
		return
	}
	s := *v
	i := 0
	for i < len(s) && s[i].Replica < r {
		i++
	}
	if i < len(s) && s[i].Replica == r {
		if seq > s[i].Seq {
			s[i].Seq = seq
		}
		return
	}
	s = append(s, Dot{})
	copy(s[i+1:], s[i:])
	s[i] = Dot{Replica: r, Seq: seq}
	*v = s
}

// Join raises v to the pointwise maximum of v and o.
func (v *VV) Join(o VV) {
	// Both are sorted, so one pass over each finds every entry; only a
	// replica v lacks needs Raise's insert. An unsorted o (a malformed
	// record) just restarts the search.
	s := *v
	i := 0
	for j, d := range o {
		if j > 0 && d.Replica < o[j-1].Replica {
			i = 0
		}
		for i < len(s) && s[i].Replica < d.Replica {
			i++
		}
		if i < len(s) && s[i].Replica == d.Replica {
			if d.Seq > s[i].Seq {
				s[i].Seq = d.Seq
			}
			continue
		}
		v.Raise(d.Replica, d.Seq)
		s = *v
	}
}

// Clone returns a copy that shares no memory with v.
func (v VV) Clone() VV {
	if len(v) == 0 {
		return nil
	}
	return append(VV(nil), v...)
}

// LessEq reports whether every entry of v is at most the matching entry of o.
func (v VV) LessEq(o VV) bool {
	for _, d := range v {
		if d.Seq > o.Get(d.Replica) {
			return false
		}
	}
	return true
}

// dropCovered removes the entries that stable covers and reports how many.
// v keeps its array, which may be a key's own buffer.
func (v *VV) dropCovered(stable VV) int {
	s := *v
	n := 0
	for _, d := range s {
		if d.Seq > stable.Get(d.Replica) {
			s[n] = d
			n++
		}
	}
	*v = s[:n]
	return len(s) - n
}
