package crdt

import (
	"encoding/json"
	"slices"
	"testing"
)

// TestSnapshotCarriesRemovalPerPart checks that a snapshot still carries
// one removal vector per part, each the join of what resets of every part
// and resets of that part removed, though the keyspace records a reset of
// every part only once.
func TestSnapshotCarriesRemovalPerPart(t *testing.T) {
	a, b, clk := pair()
	_, op := b.Set("k", []byte("b"), SetOptions{})
	deliver(t, a, op)
	a.Set("k", []byte("a1"), SetOptions{})                     // every part: {2:1}
	a.Expire("k", clk.ms+1000)                                 // nothing observed
	a.Set("k", []byte("a2"), SetOptions{KeepTTL: true})        // data parts: {1:1}
	a.Expire("k", clk.ms+2000)                                 // expiry: {1:2}
	a.Set("other", []byte("x"), SetOptions{ExpireAt: 1 << 50}) // absent key

	ks := a.Snapshot().Keys["k"]
	want := [numParts]VV{
		PartString: {{1, 1}, {2, 1}},
		PartHash:   {{1, 1}, {2, 1}},
		PartSet:    {{1, 1}, {2, 1}},
		PartZSet:   {{1, 1}, {2, 1}},
		PartExpire: {{1, 2}, {2, 1}},
	}
	for p := range want {
		if !slices.Equal(ks.Removed[p], want[p]) {
			t.Fatalf("part %d: removed %v, want %v", p, ks.Removed[p], want[p])
		}
	}
	if !slices.Equal(ks.RemovedBy, VV{{1, 4}}) {
		t.Fatalf("removed by %v", ks.RemovedBy)
	}

	// A member that merges the snapshot (through JSON, as it travels)
	// holds the same records and exports them alike.
	raw, err := json.Marshal(a.Snapshot())
	if err != nil {
		t.Fatal(err)
	}
	var s Snapshot
	if err := json.Unmarshal(raw, &s); err != nil {
		t.Fatal(err)
	}
	c := New(3, clk.now)
	if err := c.Merge(&s); err != nil {
		t.Fatal(err)
	}
	mustEqualDumps(t, "merged", a, c)
	if got := c.Snapshot().Keys["k"]; !equalRemoved(got.Removed, ks.Removed) {
		t.Fatalf("merged removals %v, want %v", got.Removed, ks.Removed)
	}
	if a.Tombstones() != c.Tombstones() {
		t.Fatalf("tombstones: %d here, %d merged", a.Tombstones(), c.Tombstones())
	}
	// Eleven: two entries in each of the five parts, and RemovedBy.
	if n := a.Tombstones(); n != 11 {
		t.Fatalf("tombstones %d, want 11", n)
	}
}

func equalRemoved(a, b [numParts]VV) bool {
	for p := range a {
		if !slices.Equal(a[p], b[p]) {
			return false
		}
	}
	return true
}

// TestKeyBuffersOverflowAndDoNotAlias has more origins write and remove a
// key than its inline buffers hold, and checks that snapshots taken on the
// way keep what they copied while the key changes further.
func TestKeyBuffersOverflowAndDoNotAlias(t *testing.T) {
	clk := newClock()
	var rs []*Keyspace
	for i := 1; i <= 5; i++ {
		rs = append(rs, New(ReplicaID(i), clk.now))
	}
	var ops []Op
	for _, r := range rs {
		_, op := r.Set("k", []byte{byte('a' + r.ID())}, SetOptions{})
		ops = append(ops, op)
	}
	a := rs[0]
	deliver(t, a, ops[1:]...)
	if n := len(a.keys["k"].str.Regs); n != 5 {
		t.Fatalf("%d concurrent writes held, want 5", n)
	}
	snap := func() string {
		raw, err := json.Marshal(a.Snapshot().Keys)
		if err != nil {
			t.Fatal(err)
		}
		return string(raw)
	}
	before := snap()
	s := a.Snapshot()
	for _, r := range rs[1:] {
		deliver(t, r, ops[0])
		for _, o := range ops[1:] {
			if o.Origin != r.ID() {
				deliver(t, r, o)
			}
		}
	}
	for _, r := range rs {
		clk.ms++
		_, op := r.Del("k")
		for _, o := range rs {
			if o != r {
				deliver(t, o, op)
			}
		}
		_, op = r.Set("k", []byte("again"), SetOptions{})
		for _, o := range rs {
			if o != r {
				deliver(t, o, op)
			}
		}
	}
	mustEqualDumps(t, "after overflow", rs...)
	if k := a.keys["k"]; len(k.rmAll) != 5 || len(k.rmBy) != 5 {
		t.Fatalf("removals %v by %v, want five origins each", k.rmAll, k.rmBy)
	}
	raw, _ := json.Marshal(s.Keys)
	if string(raw) != before {
		t.Fatalf("snapshot changed with the keyspace:\n%s\n%s", before, raw)
	}
	for _, r := range rs {
		r.SetMembers([]ReplicaID{1, 2, 3, 4, 5})
	}
	for _, r := range rs {
		for _, o := range rs {
			r.Ack(o.ID(), o.Applied())
		}
		if r.GC() == 0 {
			t.Fatalf("replica %d collected nothing", r.ID())
		}
	}
	mustEqualDumps(t, "after GC", rs...)
	if got := str(t, a, "k"); got != "again" {
		t.Fatalf("k = %q", got)
	}
}
