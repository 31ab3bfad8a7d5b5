package crdt

import (
	"math/rand"
	"slices"
	"testing"
)

// TestJoinMatchesRaise checks the one-pass Join against joining entry by
// entry, for sorted vectors and for unsorted (malformed) ones.
func TestJoinMatchesRaise(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	randVV := func(sorted bool) VV {
		var v VV
		for range rng.Intn(6) {
			d := Dot{Replica: ReplicaID(rng.Intn(6)), Seq: uint64(rng.Intn(4))}
			if sorted {
				v.Raise(d.Replica, d.Seq)
			} else {
				v = append(v, d)
			}
		}
		return v
	}
	for i := 0; i < 20000; i++ {
		a, b := randVV(true), randVV(i%3 != 0)
		want := a.Clone()
		for _, d := range b {
			want.Raise(d.Replica, d.Seq)
		}
		got := a.Clone()
		got.Join(b)
		if !slices.Equal(got, want) {
			t.Fatalf("%v join %v: got %v, want %v", a, b, got, want)
		}
	}
}
