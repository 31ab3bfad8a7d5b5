package crdt

import (
	"fmt"
	"runtime"
	"testing"
)

// BenchmarkMemStringKeys reports the heap held per string key: 1M keys
// "key:%010d" with 16-byte values, HeapAlloc after a GC, before and after.
func BenchmarkMemStringKeys(b *testing.B) {
	const n = 1 << 20
	val := []byte("0123456789abcdef")
	for b.Loop() {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		ks := New(1, nil)
		for i := 0; i < n; i++ {
			ks.Set(fmt.Sprintf("key:%010d", i), val, SetOptions{})
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/n, "B/key")
		runtime.KeepAlive(ks)
	}
}
