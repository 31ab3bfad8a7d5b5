package crdt

import "testing"

func TestLongerTTLWins(t *testing.T) {
	a, b, clk := pair()
	_, op := a.Set("k", []byte("v"), SetOptions{})
	deliver(t, b, op)
	_, e1 := a.Expire("k", clk.ms+10_000)
	_, e2 := b.Expire("k", clk.ms+50_000)
	deliver(t, a, e2)
	deliver(t, b, e1)
	if ttl := a.PTTL("k"); ttl != 50_000 {
		t.Fatalf("TTL %d", ttl)
	}
	mustEqualDumps(t, "ttl", a, b)
}

func TestPersistBeatsConcurrentExpire(t *testing.T) {
	a, b, clk := pair()
	_, op := a.Set("k", []byte("v"), SetOptions{ExpireAt: clk.ms + 1000})
	deliver(t, b, op)
	_, p := a.Persist("k")
	_, e := b.Expire("k", clk.ms+99_000)
	deliver(t, a, e)
	deliver(t, b, p)
	if ttl := b.PTTL("k"); ttl != -1 {
		t.Fatalf("TTL %d, want persistent", ttl)
	}
	// A later EXPIRE that saw the PERSIST applies again.
	_, e2 := b.Expire("k", clk.ms+5)
	deliver(t, a, e2)
	if ttl := a.PTTL("k"); ttl != 5 {
		t.Fatalf("TTL %d", ttl)
	}
}

func TestExpiredKeyIsGoneAndWritesStartFresh(t *testing.T) {
	a, b, clk := pair()
	a.SetMembers([]ReplicaID{1, 2})
	b.SetMembers([]ReplicaID{1, 2})
	_, op, _ := a.SAdd("s", "old")
	_, e := a.Expire("s", clk.ms+10)
	deliver(t, b, op, e)
	clk.ms += 10
	if a.Exists("s") || b.PTTL("s") != -2 {
		t.Fatal("expired key still visible")
	}
	// b is not the owner of the expiry, so it does not reap; a does.
	if ops := b.ReapExpired(10); len(ops) != 0 {
		t.Fatalf("non-owner reaped %d keys", len(ops))
	}
	_, add, _ := b.SAdd("s", "new") // write to an expired key: starts empty
	deliver(t, a, add)
	got, _ := a.SMembers("s")
	if len(got) != 1 || got[0] != "new" || a.PTTL("s") != -1 {
		t.Fatalf("got %v ttl %d", got, a.PTTL("s"))
	}
	mustEqualDumps(t, "fresh", a, b)
}

func TestReapExpiredByOwner(t *testing.T) {
	a, b, clk := pair()
	a.SetMembers([]ReplicaID{1, 2})
	_, op := a.Set("k", []byte("v"), SetOptions{ExpireAt: clk.ms + 5})
	deliver(t, b, op)
	clk.ms += 5
	ops := a.ReapExpired(0)
	if len(ops) != 1 || ops[0].Kind != OpDel {
		t.Fatalf("reaped %v", ops)
	}
	deliver(t, b, ops...)
	if len(a.keys) != 0 && a.Tombstones() == 0 {
		t.Fatal("reaped key left neither nothing nor a tombstone")
	}
	if b.Exists("k") {
		t.Fatal("still visible")
	}
}

func TestExpireInThePastDeletes(t *testing.T) {
	a, _, clk := pair()
	a.Set("k", []byte("v"), SetOptions{})
	ok, op := a.Expire("k", clk.ms-1)
	if !ok || op.Kind != OpDel || a.Exists("k") {
		t.Fatalf("%v %v", ok, op.Kind)
	}
}
