package dataset

import (
	"errors"
	"reflect"
	"testing"

	"github.com/geocache/terraform-provider-geocache/internal/sim/crdt"
)

func set(d *Dataset, key, val string) {
	d.Write(func(ks *crdt.Keyspace, emit func(crdt.Op)) {
		_, op := ks.Set(key, []byte(val), crdt.SetOptions{})
		emit(op)
	})
}

func get(d *Dataset, key string) string {
	var out string
	d.Read(func(ks *crdt.Keyspace) {
		v, ok, err := ks.GetString(key)
		if ok && err == nil {
			out = string(v)
		}
	})
	return out
}

func grouped(id crdt.ReplicaID, all ...crdt.ReplicaID) *Dataset {
	d := New(id)
	d.SetMembers(all)
	return d
}

func TestStandaloneLogsNothing(t *testing.T) {
	d := New(1)
	calls := 0
	d.OnLocalWrite(func(uint64) { calls++ })
	for range 100 {
		set(d, "k", "v")
	}
	if d.LogLen() != 0 || calls != 0 {
		t.Fatalf("standalone: log %d ops, hook %d calls; want none", d.LogLen(), calls)
	}
	if d.LastSeq() != 100 || d.LogStart() != 100 {
		t.Fatalf("LastSeq %d LogStart %d, want 100 100", d.LastSeq(), d.LogStart())
	}
}

func TestLogOrderSinceAndTrim(t *testing.T) {
	d := grouped(1, 1, 2)
	calls := 0
	d.OnLocalWrite(func(uint64) { calls++ })
	set(d, "a", "1")
	d.Write(func(ks *crdt.Keyspace, emit func(crdt.Op)) {
		_, op := ks.Set("b", []byte("2"), crdt.SetOptions{})
		emit(op)
		emit(crdt.Op{}) // ignored
		_, op = ks.Del("a")
		emit(op)
	})
	d.Write(func(*crdt.Keyspace, func(crdt.Op)) {}) // logs nothing: no hook
	if calls != 2 {
		t.Fatalf("hook called %d times, want 2", calls)
	}
	ops := d.LogSince(0, 0)
	type kk struct {
		kind crdt.OpKind
		key  string
	}
	var got []kk
	for _, op := range ops {
		got = append(got, kk{op.Kind, op.Key})
		if op.Origin != 1 {
			t.Fatalf("op origin %d", op.Origin)
		}
	}
	if want := []kk{{crdt.OpSet, "a"}, {crdt.OpSet, "b"}, {crdt.OpDel, "a"}}; !reflect.DeepEqual(got, want) {
		t.Fatalf("log holds %v, want %v", got, want)
	}
	for i, op := range ops {
		if op.Seq != uint64(i+1) {
			t.Fatalf("op %d has seq %d", i, op.Seq)
		}
	}
	if d.LastSeq() != 3 {
		t.Fatalf("LastSeq %d", d.LastSeq())
	}
	if got := d.LogSince(1, 1); len(got) != 1 || got[0].Seq != 2 {
		t.Fatalf("LogSince(1,1) = %+v", got)
	}
	d.TrimLog(2)
	if got := d.LogSince(0, 0); len(got) != 1 || got[0].Seq != 3 {
		t.Fatalf("after TrimLog(2): %+v", got)
	}
	if d.LogStart() != 2 {
		t.Fatalf("LogStart %d, want 2", d.LogStart())
	}
	d.TrimLog(10)
	if d.LogLen() != 0 || len(d.LogSince(0, 0)) != 0 {
		t.Fatal("log not empty after trimming everything")
	}
	set(d, "c", "3")
	if got := d.LogSince(3, 0); len(got) != 1 || got[0].Seq != 4 {
		t.Fatalf("after refill: %+v", got)
	}
}

func TestApplyConverges(t *testing.T) {
	a, b := grouped(1, 1, 2), grouped(2, 1, 2)
	set(a, "k", "from-a")
	set(b, "k", "from-b")
	set(a, "only-a", "x")
	b.Write(func(ks *crdt.Keyspace, emit func(crdt.Op)) {
		_, op, _ := ks.IncrBy("n", 5)
		emit(op)
	})
	a.Write(func(ks *crdt.Keyspace, emit func(crdt.Op)) {
		_, op, _ := ks.IncrBy("n", 3)
		emit(op)
	})
	fromA, fromB := a.LogSince(0, 0), b.LogSince(0, 0)
	if n, err := b.Apply(fromA); err != nil || n != len(fromA) {
		t.Fatalf("b.Apply = %d, %v", n, err)
	}
	if n, err := a.Apply(fromB); err != nil || n != len(fromB) {
		t.Fatalf("a.Apply = %d, %v", n, err)
	}
	// Duplicates are skipped.
	if n, err := a.Apply(fromB); err != nil || n != 0 {
		t.Fatalf("duplicate Apply = %d, %v", n, err)
	}
	for _, k := range []string{"k", "only-a", "n"} {
		if get(a, k) != get(b, k) {
			t.Fatalf("%s: a=%q b=%q", k, get(a, k), get(b, k))
		}
	}
	if get(a, "n") != "8" {
		t.Fatalf("n = %q, want 8", get(a, "n"))
	}
	if !reflect.DeepEqual(a.Applied(), b.Applied()) {
		t.Fatalf("applied a=%v b=%v", a.Applied(), b.Applied())
	}
	// Remote ops are not relayed.
	if a.LogLen() != 3 {
		t.Fatalf("a logs %d ops, want its own 3", a.LogLen())
	}
}

func TestApplyReportsGap(t *testing.T) {
	a, b := grouped(1, 1, 2), grouped(2, 1, 2)
	set(a, "x", "1")
	set(a, "y", "2")
	_, err := b.Apply(a.LogSince(1, 0))
	if !errors.Is(err, crdt.ErrGap) {
		t.Fatalf("err = %v, want ErrGap", err)
	}
}

func TestSnapshotMergeAndGC(t *testing.T) {
	a, b := grouped(1, 1, 2), grouped(2, 1, 2)
	set(a, "k", "v")
	a.Write(func(ks *crdt.Keyspace, emit func(crdt.Op)) {
		_, op := ks.Del("k")
		emit(op)
	})
	if err := b.Merge(a.Snapshot()); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(a.Applied(), b.Applied()) {
		t.Fatalf("applied a=%v b=%v", a.Applied(), b.Applied())
	}
	a.Ack(2, b.Applied())
	b.Ack(1, a.Applied())
	a.Ack(1, a.Applied())
	if n := a.GC(); n == 0 {
		t.Fatal("GC collected nothing after every member acknowledged the DEL")
	}
}

func TestFlushObservedReplicates(t *testing.T) {
	a, b := grouped(1, 1, 2), grouped(2, 1, 2)
	set(a, "x", "1")
	set(a, "y", "2")
	if _, err := b.Apply(a.LogSince(0, 0)); err != nil {
		t.Fatal(err)
	}
	a.FlushObserved()
	if _, err := b.Apply(a.LogSince(2, 0)); err != nil {
		t.Fatal(err)
	}
	var n int
	b.Read(func(ks *crdt.Keyspace) { n = ks.Len() })
	if n != 0 {
		t.Fatalf("b holds %d keys after the flush replicated", n)
	}
}

func TestMarshalRestoreRoundTrip(t *testing.T) {
	d := grouped(7, 7, 8)
	d.SetInGroup(true)
	set(d, "s", "v")
	d.Write(func(ks *crdt.Keyspace, emit func(crdt.Op)) {
		_, op, _ := ks.HSet("h", []crdt.FieldValue{{Field: "f", Value: []byte("1")}})
		emit(op)
		_, op, _ = ks.SAdd("set", "a", "b")
		emit(op)
	})
	d.TrimLog(1)
	data, err := d.MarshalState()
	if err != nil {
		t.Fatal(err)
	}
	r, err := Restore(7, data)
	if err != nil {
		t.Fatal(err)
	}
	if get(r, "s") != "v" || !r.InGroup() || r.LastSeq() != 3 {
		t.Fatalf("restored: s=%q inGroup=%v last=%d", get(r, "s"), r.InGroup(), r.LastSeq())
	}
	if !reflect.DeepEqual(r.LogSince(0, 0), d.LogSince(0, 0)) || r.LogStart() != 1 {
		t.Fatalf("log not restored: %+v", r.LogSince(0, 0))
	}
	if !reflect.DeepEqual(r.Members(), d.Members()) {
		t.Fatalf("members %v", r.Members())
	}
	// The sequence continues where it stopped.
	set(r, "t", "w")
	if got := r.LogSince(3, 0); len(got) != 1 || got[0].Seq != 4 {
		t.Fatalf("next op after restore: %+v", got)
	}
	if _, err := Restore(8, data); err == nil {
		t.Fatal("Restore accepted another replica's state")
	}
	if _, err := Restore(7, []byte("{")); err == nil {
		t.Fatal("Restore accepted garbage")
	}
}

func TestLeavingGroupDropsLog(t *testing.T) {
	d := grouped(1, 1, 2)
	set(d, "a", "1")
	d.SetMembers(nil)
	set(d, "b", "2")
	if d.LogLen() != 0 {
		t.Fatalf("standalone again but log holds %d ops", d.LogLen())
	}
	d.SetInGroup(true)
	set(d, "c", "3")
	if got := d.LogSince(0, 0); len(got) != 1 || got[0].Seq != 3 || d.LogStart() != 2 {
		t.Fatalf("log after rejoining: %+v start %d", got, d.LogStart())
	}
}

func TestLinks(t *testing.T) {
	d := New(1)
	if d.Links() != nil {
		t.Fatal("links without a reporter")
	}
	want := []LinkStatus{{Peer: "b", Region: "westeurope", State: "up", Backlog: 2, LagMs: 1.5, LastAckSeq: 9}}
	d.SetLinkReporter(func() []LinkStatus { return want })
	if !reflect.DeepEqual(d.Links(), want) {
		t.Fatalf("Links = %+v", d.Links())
	}
}
