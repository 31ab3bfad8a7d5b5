package crdt

import (
	"testing"
	"unsafe"
)

// TestStringKeyStateSize pins the size of a key's state. With many string
// keys the keyspace is mostly keyStates: each byte here is a megabyte per
// million keys, and a state that spills into the next allocation size
// class (352, 384, ... bytes) costs the whole step and more cache misses
// per write. Collections and expiry live in keyExtra, made on first use, and
// the in-place buffers hold one register write and three origins' removals;
// a string key must not grow back past that.
func TestStringKeyStateSize(t *testing.T) {
	if n := unsafe.Sizeof(keyState{}); n > 352 {
		t.Fatalf("keyState is %d bytes, want at most 352", n)
	}

	a, b, _ := pair()
	_, op1 := a.Set("k", []byte("v1"), SetOptions{})
	_, op2 := a.Set("k", []byte("v2"), SetOptions{})
	_, op3 := a.SetBytes([]byte("k2"), []byte("v"), SetOptions{})
	deliver(t, b, op1, op2, op3)
	c := New(3, nil)
	if err := c.Merge(a.Snapshot()); err != nil {
		t.Fatal(err)
	}
	for _, ks := range []*Keyspace{a, b, c} {
		for name, k := range ks.keys {
			if k.x != nil {
				t.Fatalf("replica %d: string key %q made its collection and expiry state", ks.ID(), name)
			}
		}
		if got := str(t, ks, "k"); got != "v2" {
			t.Fatalf("replica %d: k = %q", ks.ID(), got)
		}
		checkIndexes(t, ks)
	}
}

// TestKeyExtraLifecycle takes one key through expiry, persist and a
// collection, replicating, snapshotting, merging and collecting tombstones
// on the way, and checks every member agrees at each step.
func TestKeyExtraLifecycle(t *testing.T) {
	a, b, clk := pair()
	members := []ReplicaID{1, 2}
	a.SetMembers(members)
	b.SetMembers(members)
	sync := func(label string) {
		t.Helper()
		for _, ks := range []*Keyspace{a, b} {
			checkIndexes(t, ks)
		}
		mustEqualDumps(t, label, a, b)
		c := New(3, clk.now)
		if err := c.Merge(a.Snapshot()); err != nil {
			t.Fatal(err)
		}
		checkIndexes(t, c)
		mustEqualDumps(t, label+" merged", a, c)
		if a.Tombstones() != c.Tombstones() {
			t.Fatalf("%s: tombstones %d here, %d merged", label, a.Tombstones(), c.Tombstones())
		}
	}
	gc := func(label string) {
		t.Helper()
		a.Ack(2, b.Applied())
		b.Ack(1, a.Applied())
		a.GC()
		b.GC()
		if n := a.Tombstones() + b.Tombstones(); n != 0 {
			t.Fatalf("%s: %d tombstones left after GC", label, n)
		}
		sync(label + " gc")
	}

	var ops []Op
	_, op := a.Set("k", []byte("v"), SetOptions{})
	ops = append(ops, op)
	_, op = a.Expire("k", clk.ms+1000)
	ops = append(ops, op)
	deliver(t, b, ops...)
	if b.PTTL("k") != 1000 || b.Expires() != 1 {
		t.Fatalf("expire: PTTL %d, %d expiring", b.PTTL("k"), b.Expires())
	}
	sync("expire")

	_, op = b.Persist("k")
	deliver(t, a, op)
	if a.PTTL("k") != -1 || a.Expires() != 0 {
		t.Fatalf("persist: PTTL %d, %d expiring", a.PTTL("k"), a.Expires())
	}
	sync("persist")
	gc("persist")

	// The key turns into a hash, then a set, each write replicated.
	_, op = a.Del("k")
	deliver(t, b, op)
	_, op, err := b.HSet("k", []FieldValue{{Field: "f", Value: []byte("1")}, {Field: "g", Value: []byte("2")}})
	if err != nil {
		t.Fatal(err)
	}
	deliver(t, a, op)
	if n, _ := a.HLen("k"); n != 2 {
		t.Fatalf("HLen %d", n)
	}
	_, op, _ = a.HDel("k", "f")
	deliver(t, b, op)
	sync("hash")
	_, op = b.Expire("k", clk.ms+50)
	deliver(t, a, op)
	sync("hash expire")
	gc("hash")

	_, op = a.Del("k")
	deliver(t, b, op)
	_, op, _ = b.SAdd("k", "m")
	deliver(t, a, op)
	if got, _ := a.SMembers("k"); len(got) != 1 || got[0] != "m" || a.PTTL("k") != -1 {
		t.Fatalf("set: %v, PTTL %d", got, a.PTTL("k"))
	}
	sync("set")

	// Back to a string with an expiry, which then passes and is reaped.
	_, op = a.Set("k", []byte("s"), SetOptions{ExpireAt: clk.ms + 10})
	deliver(t, b, op)
	sync("string expire")
	clk.ms += 10
	if a.Exists("k") || b.Exists("k") {
		t.Fatal("expired key visible")
	}
	deliver(t, b, a.ReapExpired(0)...)
	deliver(t, a, b.ReapExpired(0)...)
	sync("reaped")
	gc("reaped")
	if len(a.keys)+len(b.keys) != 0 {
		t.Fatalf("keys kept after GC: %d, %d", len(a.keys), len(b.keys))
	}
}
