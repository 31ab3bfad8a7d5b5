package replication

import (
	"context"
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

func TestRefusedSnapshotIsSentAgain(t *testing.T) {
	e := New(Config{})
	defer e.Close()
	a, b := addFake(t, e, 0), addFake(t, e, 1)
	for i := range 10 {
		a.set("k"+strconv.Itoa(i), "v")
	}
	a.TrimLog(5) // only a snapshot can bring the first writes
	b.failNextMerges(3, errInjected)
	if err := e.Link("m0", "m1"); err != nil {
		t.Fatal(err)
	}
	// m0 leaves without writing again: the drain must not depend on a
	// new write to resend what the peer refused.
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	if err := e.Drain(ctx, "m0"); err != nil {
		t.Fatalf("drain after a refused snapshot: %v", err)
	}
	if b.keys() != 10 {
		t.Fatalf("peer has %d keys after the drain, want 10", b.keys())
	}
	b.mu.Lock()
	merges := b.merges
	b.mu.Unlock()
	if merges != 4 {
		t.Fatalf("%d snapshot merges, want 3 refused and 1 accepted", merges)
	}
}

func TestRetryDelayDoublesUpToItsBound(t *testing.T) {
	if got := retryDelay(1); got != retryMin {
		t.Fatalf("first retry after %v", got)
	}
	if got := retryDelay(3); got != 4*retryMin {
		t.Fatalf("third retry after %v", got)
	}
	if got := retryDelay(1000); got != retryMax {
		t.Fatalf("retry after many refusals %v", got)
	}
}

func TestRefusedBatchBacksOffAndFailsTheLink(t *testing.T) {
	e, fs := mesh(t, Config{}, 2)
	state := func() string {
		for _, l := range e.Links("m0") {
			if l.Peer == "m1" {
				return l.State
			}
		}
		return ""
	}
	fs[1].setApplyErr(crdt.ErrBadOp)
	fs[0].set("k", "v")
	eventually(t, 2*time.Second, "the link reported failed", func() bool { return state() == StateLinkFailed })
	fs[1].mu.Lock()
	before := fs[1].applies
	fs[1].mu.Unlock()
	time.Sleep(300 * time.Millisecond)
	fs[1].mu.Lock()
	tries := fs[1].applies - before
	fs[1].mu.Unlock()
	if tries > 10 {
		t.Fatalf("%d attempts to apply a refused batch in 300ms: no back-off", tries)
	}
	if fs[1].get("k") != "" {
		t.Fatal("a refused batch was applied")
	}

	fs[1].setApplyErr(nil)
	eventually(t, 3*time.Second, "delivered once the peer accepts it", sameValue(fs, "k", "v"))
	eventually(t, time.Second, "the link recovered", func() bool { return state() == StateLinked })
}
