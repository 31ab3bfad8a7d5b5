package replication

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/geocache/terraform-provider-geocache/internal/sim/crdt"
)

func TestWritesReachEveryMember(t *testing.T) {
	_, fs := mesh(t, Config{}, 3)
	for i, f := range fs {
		f.set("k"+strconv.Itoa(i), "v"+strconv.Itoa(i))
	}
	for i := range fs {
		eventually(t, 2*time.Second, "k"+strconv.Itoa(i)+" everywhere", sameValue(fs, "k"+strconv.Itoa(i), "v"+strconv.Itoa(i)))
	}
}

func TestConcurrentIncrementsAddUpAndLogsAreTrimmed(t *testing.T) {
	_, fs := mesh(t, Config{Batch: 7}, 3)
	var wg sync.WaitGroup
	for _, f := range fs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 500 {
				f.incr("n", 2)
			}
		}()
	}
	wg.Wait()
	eventually(t, 5*time.Second, "n = 3000 everywhere", sameValue(fs, "n", "3000"))
	// Every op acknowledged by both peers leaves the log.
	eventually(t, 2*time.Second, "logs trimmed", func() bool {
		for _, f := range fs {
			if len(f.LogSince(0, 1)) != 0 {
				return false
			}
		}
		return true
	})
	for _, f := range fs {
		if ids := f.memberIDs(); len(ids) != 3 {
			t.Fatalf("data set members %v, want all three", ids)
		}
	}
}

func TestLatencyDelaysDelivery(t *testing.T) {
	const oneWay = 40 * time.Millisecond
	e, fs := mesh(t, Config{Latency: func(a, b string) time.Duration { return oneWay }}, 2)
	start := time.Now()
	fs[0].set("k", "v")
	eventually(t, 2*time.Second, "k on m1", sameValue(fs[1:], "k", "v"))
	if got := time.Since(start); got < oneWay {
		t.Fatalf("visible after %v, before the one-way latency %v", got, oneWay)
	}
	// The ack comes back after the reverse latency: the backlog clears.
	eventually(t, 2*time.Second, "acked", func() bool { return e.Links("m0")[0].Backlog == 0 })
	st := e.Links("m0")[0]
	if st.Stats.Count != 1 || st.Stats.Max < oneWay || st.Lag < oneWay {
		t.Fatalf("lag not measured: %+v", st)
	}

	// An override applies to new messages, in both directions.
	e.SetLatency("westeurope", "eastus", 0)
	start = time.Now()
	fs[1].set("k2", "v")
	eventually(t, time.Second, "k2 on m0", sameValue(fs[:1], "k2", "v"))
	if got := time.Since(start); got >= oneWay {
		t.Fatalf("override ignored: took %v", got)
	}
	if f := e.Faults(); len(f.Latency) != 1 || f.Latency[0].A != "eastus" || f.Latency[0].Latency != 0 {
		t.Fatalf("faults: %+v", f)
	}
	e.ResetLatency("eastus", "westeurope")
	if got := e.Latency("eastus", "westeurope"); got != oneWay {
		t.Fatalf("latency after reset %v", got)
	}
}

func TestPartitionHoldsWritesUntilHeal(t *testing.T) {
	e, fs := mesh(t, Config{Batch: 3}, 3)
	e.Partition("eastus", "westeurope")
	if !e.Partitioned("westeurope", "eastus") {
		t.Fatal("partition not recorded")
	}
	for i := range 20 {
		fs[0].incr("n", 1)
		fs[1].incr("n", 10)
		fs[0].set("a"+strconv.Itoa(i), "x")
		fs[1].set("b"+strconv.Itoa(i), "y")
	}
	// m2 hears both sides; m0 and m1 not each other.
	eventually(t, 2*time.Second, "m2 sees both", sameValue(fs[2:], "n", "220"))
	time.Sleep(20 * time.Millisecond)
	if fs[0].get("b0") != "" || fs[1].get("a0") != "" {
		t.Fatal("a write crossed the partition")
	}
	var st LinkStatus
	for _, l := range e.Links("m0") {
		if l.Peer == "m1" {
			st = l
		}
	}
	if st.State != StateLinkFailed || st.Backlog != 40 {
		t.Fatalf("link m0->m1 during the partition: %+v", st)
	}
	if f := e.Faults(); len(f.Partitions) != 1 || f.Partitions[0] != [2]string{"eastus", "westeurope"} {
		t.Fatalf("faults: %+v", f)
	}

	e.HealAll()
	eventually(t, 2*time.Second, "converged after heal", sameValue(fs, "n", "220"))
	for i := range 20 {
		eventually(t, time.Second, "a/b keys", func() bool {
			return sameValue(fs, "a"+strconv.Itoa(i), "x")() && sameValue(fs, "b"+strconv.Itoa(i), "y")()
		})
	}
	eventually(t, time.Second, "backlog cleared", func() bool {
		for _, l := range e.Links("m0") {
			if l.Backlog != 0 || l.State != StateLinked {
				return false
			}
		}
		return true
	})
}

func TestTransferGivesAJoinerTheData(t *testing.T) {
	e, fs := mesh(t, Config{}, 2)
	for i := range 50 {
		fs[i%2].set("k"+strconv.Itoa(i), "v")
	}
	fs[0].incr("n", 5)
	fs[1].incr("n", 7)
	// Trimmed logs: only a snapshot can bring the old writes.
	eventually(t, 2*time.Second, "trimmed", func() bool { return len(fs[0].LogSince(0, 1))+len(fs[1].LogSince(0, 1)) == 0 })

	j := addFake(t, e, 2)
	j.set("mine", "early") // written before the join: must reach the others
	if err := e.Transfer(context.Background(), "m2", []string{"m0", "m1"}); err != nil {
		t.Fatal(err)
	}
	all := append(fs, j)
	if j.keys() != 52 || j.get("n") != "12" {
		t.Fatalf("joiner has %d keys, n=%q right after the transfer", j.keys(), j.get("n"))
	}
	fs[1].set("after", "join")
	eventually(t, 2*time.Second, "later writes reach the joiner", sameValue(all, "after", "join"))
	eventually(t, 2*time.Second, "the joiner's writes reach the group", sameValue(all, "mine", "early"))
}

func TestTransferWaitsForHealOrContext(t *testing.T) {
	e, _ := mesh(t, Config{}, 1)
	addFake(t, e, 1)
	e.Partition("eastus", "westeurope")
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	if err := e.Transfer(ctx, "m1", []string{"m0"}); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("transfer across a partition: %v", err)
	}
	done := make(chan error, 1)
	go func() { done <- e.Transfer(context.Background(), "m1", []string{"m0"}) }()
	time.Sleep(10 * time.Millisecond)
	e.Heal("westeurope", "eastus")
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

func TestDrainDeliversEverythingBeforeRemove(t *testing.T) {
	e, fs := mesh(t, Config{Latency: func(a, b string) time.Duration { return 5 * time.Millisecond }}, 3)
	for i := range 300 {
		fs[2].set("k"+strconv.Itoa(i), "v")
	}
	fs[2].incr("n", 3)
	if err := e.Drain(context.Background(), "m2"); err != nil {
		t.Fatal(err)
	}
	e.Remove("m2")
	for _, f := range fs[:2] {
		if f.keys() != 301 || f.get("n") != "3" {
			t.Fatalf("after drain a peer has %d keys, n=%q", f.keys(), f.get("n"))
		}
		if ids := f.memberIDs(); len(ids) != 2 {
			t.Fatalf("members after remove: %v", ids)
		}
	}
	if got := e.Links("m0"); len(got) != 1 || got[0].Peer != "m1" {
		t.Fatalf("links of m0 after remove: %+v", got)
	}
}

func TestDrainWaitsForHeal(t *testing.T) {
	e, fs := mesh(t, Config{}, 2)
	e.Partition("eastus", "westeurope")
	fs[1].set("k", "v")
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	if err := e.Drain(ctx, "m1"); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("drain across a partition: %v", err)
	}
	go func() { time.Sleep(10 * time.Millisecond); e.HealAll() }()
	if err := e.Drain(context.Background(), "m1"); err != nil {
		t.Fatal(err)
	}
	if fs[0].get("k") != "v" {
		t.Fatal("drain returned before the write arrived")
	}
}

func TestTrimmedLogFallsBackToASnapshot(t *testing.T) {
	e := New(Config{})
	defer e.Close()
	a, b := addFake(t, e, 0), addFake(t, e, 1)
	for i := range 10 {
		a.set("k"+strconv.Itoa(i), "v")
	}
	a.TrimLog(5) // as if a peer acknowledged them, then came back from an older snapshot
	if err := e.Link("m0", "m1"); err != nil {
		t.Fatal(err)
	}
	eventually(t, time.Second, "b has everything", func() bool { return b.keys() == 10 })
	b.mu.Lock()
	merges := b.merges
	b.mu.Unlock()
	if merges != 1 {
		t.Fatalf("%d snapshot merges, want 1", merges)
	}
	a.set("later", "x")
	eventually(t, time.Second, "streaming resumed", sameValue([]*fake{b}, "later", "x"))
}

func TestPublishReachesPeers(t *testing.T) {
	e, fs := mesh(t, Config{}, 3)
	fs[0].publish("news", "hello")
	eventually(t, time.Second, "both peers got it", func() bool {
		return len(fs[1].messages()) == 1 && len(fs[2].messages()) == 1
	})
	if got := fs[1].messages()[0]; got != "news:hello" {
		t.Fatalf("delivered %q", got)
	}
	if len(fs[0].messages()) != 0 {
		t.Fatal("the publisher got its own message back")
	}
	e.Partition("eastus", "westeurope")
	fs[0].publish("news", "lost")
	time.Sleep(10 * time.Millisecond)
	e.HealAll()
	fs[0].publish("news", "again")
	eventually(t, time.Second, "after heal", func() bool { return len(fs[1].messages()) == 2 })
	if got := fs[1].messages()[1]; got != "news:again" {
		t.Fatalf("a message crossed the partition: %q", got)
	}
}

func TestAddRefusesDuplicatesAndLinkUnknown(t *testing.T) {
	e := New(Config{})
	defer e.Close()
	addFake(t, e, 0)
	if err := e.Add(Member{Name: "other", ID: 1, Replica: newFake(1)}); err == nil {
		t.Fatal("a reused replica id was accepted")
	}
	if err := e.Add(Member{Name: "m0", ID: 9, Replica: newFake(9)}); err == nil {
		t.Fatal("a duplicate name was accepted")
	}
	if err := e.Link("m0", "nope"); err == nil {
		t.Fatal("linked an unknown member")
	}
	if err := e.Link("m0", "m0"); err == nil {
		t.Fatal("linked a member with itself")
	}
	_ = e.Close()
	if err := e.Add(Member{Name: "late", ID: 5, Replica: newFake(5)}); !errors.Is(err, ErrClosed) {
		t.Fatalf("add after close: %v", err)
	}
}

func TestUnlinkStopsShipping(t *testing.T) {
	e, fs := mesh(t, Config{}, 2)
	e.Unlink("m0", "m1")
	fs[0].set("k", "v")
	time.Sleep(10 * time.Millisecond)
	if fs[1].get("k") != "" || len(e.Links("m0")) != 0 {
		t.Fatalf("unlinked members still replicate: %q %+v", fs[1].get("k"), e.Links("m0"))
	}
	// Relinking resumes from what m1 has.
	if err := e.Link("m1", "m0"); err != nil {
		t.Fatal(err)
	}
	eventually(t, time.Second, "relinked", sameValue(fs, "k", "v"))
}

func TestHistogramQuantiles(t *testing.T) {
	var h histogram
	for i := 1; i <= 1000; i++ {
		h.record(time.Duration(i) * time.Microsecond)
	}
	st := h.stats()
	within := func(got, want time.Duration) bool {
		d := float64(got-want) / float64(want)
		return d > -0.04 && d < 0.04
	}
	if st.Count != 1000 || !within(st.P50, 500*time.Microsecond) || !within(st.P99, 990*time.Microsecond) || st.Max != time.Millisecond {
		t.Fatalf("stats %+v", st)
	}
	for _, d := range []time.Duration{0, 1, 63, 64, 65, 1 << 40, 1<<63 - 1} {
		i := bucketOf(d)
		if i < 0 || i >= histBuckets {
			t.Fatalf("bucket %d for %v", i, d)
		}
		if v := bucketValue(i); d >= 64 && (v < d/2 || v > d*2 && d < 1<<62) {
			t.Fatalf("bucket value %v for %v", v, d)
		}
	}
}

func ExampleEngine_Links() {
	e := New(Config{})
	defer e.Close()
	a, b := newFake(1), newFake(2)
	_ = e.Add(Member{Name: "a", Region: "eastus", ID: 1, Replica: a})
	_ = e.Add(Member{Name: "b", Region: "westeurope", ID: 2, Replica: b})
	_ = e.Link("a", "b")
	e.Partition("eastus", "westeurope")
	a.set("k", "v")
	for _, l := range e.Links("a") {
		fmt.Println(l.Peer, l.State, l.Backlog)
	}
	// Output: b LinkFailed 1
}

var _ = crdt.ReplicaID(0)
