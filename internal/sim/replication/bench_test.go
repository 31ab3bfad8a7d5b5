package replication

import (
	"strconv"
	"testing"
	"time"

	"github.com/geocache/terraform-provider-geocache/internal/sim/crdt"
	"github.com/geocache/terraform-provider-geocache/internal/sim/dataset"
)

// BenchmarkReplicateWrites writes SETs on one member of a group of three
// real data sets linked without latency, perWrite ops per Write (1: one
// command at a time, 16: a pipeline), and waits until both peers applied
// them. ns/op is per op, replication to both peers included.
func BenchmarkReplicateWrites(b *testing.B) {
	for _, perWrite := range []int{1, 16} {
		b.Run("perWrite="+strconv.Itoa(perWrite), func(b *testing.B) {
			_, ds := benchGroup(b)
			val := []byte("xxx")
			n := 0
			b.ReportAllocs()
			for b.Loop() {
				if n%perWrite == 0 {
					ds[0].Write(func(ks *crdt.Keyspace, emit func(crdt.Op)) {
						for range perWrite {
							_, op := ks.Set("key:"+strconv.Itoa(n%1000), val, crdt.SetOptions{})
							emit(op)
						}
					})
				}
				n++
			}
			last := ds[0].LastSeq()
			deadline := time.Now().Add(time.Minute)
			for ds[1].Applied().Get(1) < last || ds[2].Applied().Get(1) < last {
				if time.Now().After(deadline) {
					b.Fatal("peers did not catch up")
				}
				time.Sleep(50 * time.Microsecond)
			}
		})
	}
}

// benchGroup starts an engine with three linked data sets.
func benchGroup(b *testing.B) (*Engine, []*dataset.Dataset) {
	e := New(Config{})
	b.Cleanup(func() { _ = e.Close() })
	ds := make([]*dataset.Dataset, 3)
	for i := range ds {
		ds[i] = dataset.New(crdt.ReplicaID(i + 1))
		ds[i].SetInGroup(true)
		if err := e.Add(Member{Name: name(i), Region: regions[i], ID: crdt.ReplicaID(i + 1), Replica: ds[i]}); err != nil {
			b.Fatal(err)
		}
	}
	for i := range ds {
		for j := i + 1; j < len(ds); j++ {
			if err := e.Link(name(i), name(j)); err != nil {
				b.Fatal(err)
			}
		}
	}
	return e, ds
}

// BenchmarkReplicateRoundTrip writes one SET at a time and waits until both
// peers acknowledged it: the whole path of a lone write (wake-up, ship,
// apply, ack, trim), the case of clients that do not pipeline.
func BenchmarkReplicateRoundTrip(b *testing.B) {
	e, ds := benchGroup(b)
	links := e.outLinks(name(0))
	val := []byte("xxx")
	n := 0
	b.ReportAllocs()
	for b.Loop() {
		ds[0].Write(func(ks *crdt.Keyspace, emit func(crdt.Op)) {
			_, op := ks.Set("key:"+strconv.Itoa(n%1000), val, crdt.SetOptions{})
			emit(op)
		})
		n++
		seq := ds[0].LastSeq()
		for _, l := range links {
			for {
				l.mu.Lock()
				done, progress := l.acked >= seq, l.progressLocked()
				l.mu.Unlock()
				if done {
					break
				}
				<-progress
			}
		}
	}
}
