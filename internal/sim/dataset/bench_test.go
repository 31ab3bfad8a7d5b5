package dataset

import (
	"strconv"
	"testing"

	"github.com/geocache/terraform-provider-geocache/internal/sim/crdt"
)

// BenchmarkLogAppendTrim appends ops to the outbound log the way a busy
// member does, reading each new stretch as a link would and trimming what
// was read a window later, as acknowledgements come back.
func BenchmarkLogAppendTrim(b *testing.B) {
	const (
		window = 1024 // ops on the wire before their ack trims them
		read   = 16   // ops per Write, read as they come
	)
	var l opLog
	l.reset(0)
	op := crdt.Op{Kind: crdt.OpSet, Key: "k", Origin: 1, Value: []byte("v")}
	var sent uint64
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		op.Seq = uint64(i + 1)
		l.append(op)
		if op.Seq%read == 0 {
			for {
				ops := l.since(sent, DefaultBatchForBench)
				if len(ops) == 0 {
					break
				}
				sent = ops[len(ops)-1].Seq
			}
			if op.Seq > window {
				l.trim(op.Seq - window)
			}
		}
	}
}

// DefaultBatchForBench is the replication engine's default batch.
const DefaultBatchForBench = 512

// BenchmarkApplyBatch applies another member's SETs in batches of 64, as a
// link delivers them. ns/op is per op applied.
func BenchmarkApplyBatch(b *testing.B) {
	for _, keys := range []int{1, 100000} {
		b.Run("keys="+strconv.Itoa(keys), func(b *testing.B) {
			const (
				batch = 64
				chunk = 64 * batch // source ops written between timed stretches
			)
			src, dst := grouped(1, 1, 2), grouped(2, 1, 2)
			val := []byte("xxx")
			var ops []crdt.Op
			n := 0
			b.ReportAllocs()
			for b.Loop() {
				if len(ops) == 0 {
					b.StopTimer()
					src.TrimLog(src.LastSeq())
					from := src.LastSeq()
					src.Write(func(ks *crdt.Keyspace, emit func(crdt.Op)) {
						for i := range chunk {
							_, op := ks.Set("key:"+strconv.Itoa((n+i)%keys), val, crdt.SetOptions{})
							emit(op)
						}
					})
					ops = src.LogSince(from, 0)
					b.StartTimer()
				}
				if n%batch == 0 {
					if _, err := dst.Apply(ops[:batch]); err != nil {
						b.Fatal(err)
					}
					ops = ops[batch:]
				}
				n++
			}
		})
	}
}
