package replication

import (
	"errors"
	"strconv"
	"testing"
	"time"

	"github.com/geocache/terraform-provider-geocache/internal/sim/crdt"
)

func TestRecoverTriesEveryPeer(t *testing.T) {
	orig := newFake(1)
	for i := range 3 {
		orig.set("k"+strconv.Itoa(i), "v")
	}
	p1, p2 := newFake(2), newFake(3)
	for _, p := range []*fake{p1, p2} {
		if err := p.Merge(orig.Snapshot()); err != nil {
			t.Fatal(err)
		}
	}
	e := New(Config{})
	defer e.Close()
	restarted := newFake(1) // came back from a snapshot that missed the writes
	for i, f := range []*fake{restarted, p1, p2} {
		if err := e.Add(Member{Name: name(i), Region: regions[i], ID: crdt.ReplicaID(i + 1), Replica: f}); err != nil {
			t.Fatal(err)
		}
	}
	restarted.failNextMerges(1, crdt.ErrStaleSnapshot)
	if err := e.Recover("m0", []string{"m1", "m2"}); err != nil {
		t.Fatalf("recover with one good peer: %v", err)
	}
	if restarted.keys() != 3 {
		t.Fatalf("recovered %d keys, want 3", restarted.keys())
	}

	// No peer can be merged: the error says why for each.
	again := newFake(1)
	e2 := New(Config{})
	defer e2.Close()
	for i, f := range []*fake{again, p1, p2} {
		if err := e2.Add(Member{Name: name(i), Region: regions[i], ID: crdt.ReplicaID(i + 1), Replica: f}); err != nil {
			t.Fatal(err)
		}
	}
	again.failNextMerges(2, crdt.ErrStaleSnapshot)
	err := e2.Recover("m0", []string{"m1", "m2"})
	if !errors.Is(err, crdt.ErrStaleSnapshot) {
		t.Fatalf("recover with no good peer: %v", err)
	}
}

func TestNoWriteCrossesAPartitionAfterItReturns(t *testing.T) {
	e, fs := mesh(t, Config{}, 2)
	entered, release := make(chan struct{}), make(chan struct{})
	fs[1].mu.Lock()
	fs[1].beforeApply = func() { close(entered); <-release }
	fs[1].mu.Unlock()
	fs[0].set("a", "1")
	<-entered // the link is in the middle of a step, delivering a
	e.Partition("eastus", "westeurope")
	fs[0].set("b", "2") // after the partition: must wait for the heal
	close(release)
	eventually(t, time.Second, "a arrives", sameValue(fs, "a", "1"))
	time.Sleep(50 * time.Millisecond)
	if got := fs[1].get("b"); got != "" {
		t.Fatalf("a write made after the partition crossed it: b=%q", got)
	}
	e.HealAll()
	eventually(t, time.Second, "b arrives after the heal", sameValue(fs, "b", "2"))
}
