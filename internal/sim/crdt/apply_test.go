package crdt

import (
	"encoding/json"
	"errors"
	"testing"
)

func TestApplyIgnoresDuplicatesAndRejectsGaps(t *testing.T) {
	a, b, _ := pair()
	_, op1 := a.Set("k", []byte("1"), SetOptions{})
	_, op2 := a.Set("k", []byte("2"), SetOptions{})
	if _, err := b.Apply(&op2); !errors.Is(err, ErrGap) {
		t.Fatalf("gap: %v", err)
	}
	for i, want := range []bool{true, false} {
		if ok, err := b.Apply(&op1); ok != want || err != nil {
			t.Fatalf("delivery %d: %v %v", i, ok, err)
		}
	}
	deliver(t, b, op2)
	if str(t, b, "k") != "2" {
		t.Fatal("value")
	}
}

func TestApplyRejectsMalformedOps(t *testing.T) {
	a, _, _ := pair()
	for _, op := range []*Op{nil, {}, {Kind: OpSet}, {Kind: 200, Seq: 1}} {
		if _, err := a.Apply(op); !errors.Is(err, ErrBadOp) {
			t.Fatalf("%+v: %v", op, err)
		}
	}
	// Structurally odd but well-typed records must not crash either.
	odd := Op{Kind: OpHIncr, Seq: 1, Origin: 5, ResetParts: 0xff,
		Reset: VV{{5, 9}}, ResetCells: []CellObs{{Part: 42, Obs: []Obs{{Replica: 5, Seq: 3}}}}}
	if _, err := a.Apply(&odd); err != nil {
		t.Fatal(err)
	}
}

func TestOpsSurviveJSON(t *testing.T) {
	a, b, _ := pair()
	var ops []Op
	_, op := a.Set("s", []byte("v"), SetOptions{ExpireAt: 1 << 50})
	ops = append(ops, op)
	_, op, _ = a.HIncrByFloat("h", "f", 1.5)
	ops = append(ops, op)
	_, op, _ = a.ZAdd("z", []ZMember{{"m", 2}})
	ops = append(ops, op)
	_, op = a.Del("s")
	ops = append(ops, op)
	for _, op := range ops {
		raw, err := json.Marshal(op)
		if err != nil {
			t.Fatal(err)
		}
		var back Op
		if err := json.Unmarshal(raw, &back); err != nil {
			t.Fatal(err)
		}
		deliver(t, b, back)
	}
	mustEqualDumps(t, "json", a, b)
}

func TestSnapshotSurvivesJSON(t *testing.T) {
	a, b, _ := pair()
	a.HSet("h", []FieldValue{{"f", []byte("v")}})
	a.IncrBy("c", 3)
	a.SAdd("s", "m")
	a.SRem("s", "m")
	raw, err := json.Marshal(a.Snapshot())
	if err != nil {
		t.Fatal(err)
	}
	var snap Snapshot
	if err := json.Unmarshal(raw, &snap); err != nil {
		t.Fatal(err)
	}
	if err := b.Merge(&snap); err != nil {
		t.Fatal(err)
	}
	mustEqualDumps(t, "snapshot", a, b)
	if b.Applied().Get(1) != a.Applied().Get(1) {
		t.Fatal("applied position not carried over")
	}
}

func TestGCWaitsForEveryMember(t *testing.T) {
	c := newClock()
	a, b, d := New(1, c.now), New(2, c.now), New(3, c.now)
	for _, r := range []*Keyspace{a, b, d} {
		r.SetMembers([]ReplicaID{1, 2, 3})
	}
	_, op, _ := a.SAdd("s", "m", "n")
	_, rem, _ := a.SRem("s", "m")
	deliver(t, b, op, rem)
	a.Ack(2, b.Applied())
	if n := a.GC(); n != 0 {
		t.Fatalf("collected %d before member 3 acknowledged", n)
	}
	deliver(t, d, op, rem)
	a.Ack(3, d.Applied())
	if n := a.GC(); n == 0 || a.Tombstones() != 0 {
		t.Fatalf("collected %d, left %d", n, a.Tombstones())
	}
	if got, _ := a.SMembers("s"); len(got) != 1 || got[0] != "n" {
		t.Fatalf("members %v", got)
	}
}

func TestAckCountsOnlyOnceItsSendersOpsArrived(t *testing.T) {
	a, b, _ := pair()
	a.SetMembers([]ReplicaID{1, 2})
	b.SetMembers([]ReplicaID{1, 2})
	_, op, _ := a.SAdd("s", "m")
	deliver(t, b, op)
	_, rem, _ := b.SRem("s", "m")
	// b acknowledges after its own SREM, which a has not received yet.
	a.Ack(2, b.Applied())
	if st := a.Stable(); st != nil {
		t.Fatalf("stable %v before b's ops arrived", st)
	}
	deliver(t, a, rem)
	if st := a.Stable(); st.Get(2) != 1 {
		t.Fatalf("stable %v", st)
	}
}

func TestStaleSnapshotRefused(t *testing.T) {
	a, b, _ := pair()
	a.SetMembers([]ReplicaID{1, 2})
	old := b.Snapshot()
	_, op := b.Set("k", []byte("v"), SetOptions{})
	deliver(t, a, op)
	a.Ack(2, b.Applied())
	if err := a.Merge(old); !errors.Is(err, ErrStaleSnapshot) {
		t.Fatalf("merge of stale snapshot: %v", err)
	}
}
