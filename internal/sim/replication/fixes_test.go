package replication

import (
	"errors"
	"strconv"
	"testing"

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
