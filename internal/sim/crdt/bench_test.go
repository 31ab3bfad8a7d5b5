package crdt

import (
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
	src, dst := New(1, nil), New(2, nil)
	keys := benchKeys(1024)
	ops := make([]Op, 0, 1<<16)
	for i := 0; i < cap(ops); i++ {
		_, op := src.Set(keys[i&1023], []byte("xxx"), SetOptions{})
		ops = append(ops, op)
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if i == len(ops) {
			b.StopTimer()
			dst = New(2, nil)
			i = 0
			b.StartTimer()
		}
		if _, err := dst.Apply(&ops[i]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}
