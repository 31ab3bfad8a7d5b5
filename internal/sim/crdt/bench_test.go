package crdt

import (
	"math/rand"
	"strconv"
	"testing"
)

func benchKeys(n int) []string {
	keys := make([]string, n)
	for i := range keys {
		keys[i] = "key:" + strconv.Itoa(i)
	}
	return keys
}

func BenchmarkSet(b *testing.B) {
	ks := New(1, nil)
	keys := benchKeys(1024)
	val := []byte("xxx")
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		ks.Set(keys[i&1023], val, SetOptions{})
	}
}

func BenchmarkGet(b *testing.B) {
	ks := New(1, nil)
	keys := benchKeys(1024)
	for _, k := range keys {
		ks.Set(k, []byte("xxx"), SetOptions{})
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if _, ok, _ := ks.GetString(keys[i&1023]); !ok {
			b.Fatal("missing")
		}
	}
}

func BenchmarkIncrBy(b *testing.B) {
	ks := New(1, nil)
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := ks.IncrBy("counter", 1); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkApplySet(b *testing.B) {
	src := New(1, nil)
	keys := benchKeys(1024)
	ops := make([]Op, 0, 1<<16)
	for i := 0; i < cap(ops); i++ {
		_, op := src.Set(keys[i&1023], []byte("xxx"), SetOptions{})
		ops = append(ops, op)
	}
	benchApply(b, 2, ops)
}

// randomOrder returns n indexes into keys drawn at random, so that the
// benchmarks below do not keep hitting the same (cached) key.
func randomOrder(n, keys int) []int {
	rng := rand.New(rand.NewSource(1))
	out := make([]int, n)
	for i := range out {
		out[i] = rng.Intn(keys)
	}
	return out
}

// BenchmarkSetRandom overwrites random keys of a large keyspace.
func BenchmarkSetRandom(b *testing.B) {
	ks := New(1, nil)
	keys := benchKeys(100_000)
	for _, k := range keys {
		ks.Set(k, []byte("xxx"), SetOptions{})
	}
	order := randomOrder(1<<16, len(keys))
	val := []byte("xxx")
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		ks.Set(keys[order[i&(1<<16-1)]], val, SetOptions{})
	}
}

// BenchmarkIncrByRandom increments random counters of a large keyspace.
func BenchmarkIncrByRandom(b *testing.B) {
	ks := New(1, nil)
	keys := benchKeys(100_000)
	order := randomOrder(1<<16, len(keys))
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if _, _, err := ks.IncrBy(keys[order[i&(1<<16-1)]], 1); err != nil {
			b.Fatal(err)
		}
	}
}

// groupOps makes the ops members 2 and 3 of a three-member group issue
// while all three write random keys, each member seeing the others' ops
// shortly after they were issued, as in a replication group under load.
// write produces one member's op for a key.
func groupOps(n int, write func(ks *Keyspace, key string) Op) []Op {
	members := []*Keyspace{New(1, nil), New(2, nil), New(3, nil)}
	keys := benchKeys(10_000)
	order := randomOrder(n, len(keys))
	var out []Op
	for i := 0; i < n; i++ {
		src := members[i%3]
		op := write(src, keys[order[i]])
		for _, m := range members {
			if m != src {
				if _, err := m.Apply(&op); err != nil {
					panic(err)
				}
			}
		}
		if src.ID() != 1 {
			out = append(out, op)
		}
	}
	return out
}

// benchApply applies ops to a fresh member id, starting again with an
// empty member when they run out. With many more ops than keys, most ops
// land on a key that exists, as in a member that has been running for a
// while.
func benchApply(b *testing.B, id ReplicaID, ops []Op) {
	dst := New(id, nil)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if i == len(ops) {
			b.StopTimer()
			dst = New(id, nil)
			i = 0
			b.StartTimer()
		}
		if _, err := dst.Apply(&ops[i]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

func BenchmarkApplyGroupSet(b *testing.B) {
	benchApply(b, 1, groupOps(1<<18, func(ks *Keyspace, key string) Op {
		_, op := ks.Set(key, []byte("xxx"), SetOptions{})
		return op
	}))
}

func BenchmarkApplyGroupIncr(b *testing.B) {
	benchApply(b, 1, groupOps(1<<18, func(ks *Keyspace, key string) Op {
		_, op, err := ks.IncrBy(key, 1)
		if err != nil {
			panic(err)
		}
		return op
	}))
}
