package crdt

import (
	"encoding/json"
	"testing"
)

// TestBytesVariantsMatch runs the same writes through Set and IncrBy on one
// replica and through SetBytes and IncrByBytes on another, from a buffer
// that is overwritten after every call: both must produce the same ops and
// the same state, and the key names must not alias the buffer.
func TestBytesVariantsMatch(t *testing.T) {
	clk := newClock()
	a, b := New(1, clk.now), New(1, clk.now)
	buf := make([]byte, 0, 16)
	scribble := func() {
		for i := range buf[:cap(buf)] {
			buf[:cap(buf)][i] = '#'
		}
	}
	keys := []string{"k1", "k2", "n1", "k1", "", "n1", "k2", "k3"}
	for i, key := range keys {
		clk.ms++
		var opA, opB Op
		var okA, okB bool
		switch i % 4 {
		case 0, 1:
			opt := SetOptions{NX: i%3 == 0, KeepTTL: i%5 == 0}
			okA, opA = a.Set(key, []byte("v"+key), opt)
			buf = append(buf[:0], key...)
			okB, opB = b.SetBytes(buf, []byte("v"+key), opt)
		default:
			var errA, errB error
			var nA, nB int64
			nA, opA, errA = a.IncrBy(key, int64(i))
			buf = append(buf[:0], key...)
			nB, opB, errB = b.IncrByBytes(buf, int64(i))
			okA, okB = errA == nil && nA == nB, errB == nil
			if errA != errB {
				t.Fatalf("step %d: errors %v and %v", i, errA, errB)
			}
		}
		scribble()
		ja, _ := json.Marshal(opA)
		jb, _ := json.Marshal(opB)
		if okA != okB || string(ja) != string(jb) {
			t.Fatalf("step %d: %v %s\nbytes variant: %v %s", i, okA, ja, okB, jb)
		}
	}
	mustEqualDumps(t, "bytes variants", a, b)
	sa, _ := json.Marshal(a.Snapshot().Keys)
	sb, _ := json.Marshal(b.Snapshot().Keys)
	if string(sa) != string(sb) {
		t.Fatalf("snapshots differ:\n%s\n%s", sa, sb)
	}
}
