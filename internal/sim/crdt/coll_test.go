package crdt

import (
	"errors"
	"reflect"
	"testing"
)

func TestHashFieldsUnionAndObservedRemove(t *testing.T) {
	a, b, _ := pair()
	_, op1, _ := a.HSet("h", []FieldValue{{"x", []byte("1")}})
	_, op2, _ := b.HSet("h", []FieldValue{{"y", []byte("2")}})
	deliver(t, a, op2)
	deliver(t, b, op1)
	_, del, _ := a.HDel("h", "x")
	_, upd, _ := b.HSet("h", []FieldValue{{"x", []byte("3")}}) // concurrent: add wins
	deliver(t, a, upd)
	deliver(t, b, del)
	got, _ := a.HGetAll("h")
	want := []Field{{"x", []byte("3")}, {"y", []byte("2")}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %q", got)
	}
	mustEqualDumps(t, "hash", a, b)
}

func TestHashCounters(t *testing.T) {
	a, b, _ := pair()
	_, op1, _ := a.HIncrBy("h", "n", 2)
	_, op2, _ := b.HIncrBy("h", "n", 5)
	deliver(t, a, op2)
	deliver(t, b, op1)
	if v, _, _ := a.HGet("h", "n"); string(v) != "7" {
		t.Fatalf("HGET %s", v)
	}
	a.HSet("h", []FieldValue{{"s", []byte("text")}})
	if _, _, err := a.HIncrBy("h", "s", 1); !errors.Is(err, ErrHashNotInteger) {
		t.Fatalf("HINCRBY on text: %v", err)
	}
	if _, _, err := a.HIncrByFloat("h", "s", 1); !errors.Is(err, ErrHashNotFloat) {
		t.Fatalf("HINCRBYFLOAT on text: %v", err)
	}
	if f, _, err := a.HIncrByFloat("h", "n", 0.5); err != nil || f != 7.5 {
		t.Fatalf("HINCRBYFLOAT %v %v", f, err)
	}
	if n, _ := a.HLen("h"); n != 2 {
		t.Fatalf("HLEN %d", n)
	}
}

func TestHSetRepeatedFieldKeepsLast(t *testing.T) {
	a, _, _ := pair()
	n, _, _ := a.HSet("h", []FieldValue{{"f", []byte("1")}, {"f", []byte("2")}})
	if v, _, _ := a.HGet("h", "f"); n != 1 || string(v) != "2" {
		t.Fatalf("added %d value %s", n, v)
	}
}

func TestSetAddWins(t *testing.T) {
	// The observed-remove example of the Active-Active sets documentation.
	a, b, _ := pair()
	_, op, _ := a.SAdd("s", "a", "b")
	deliver(t, b, op)
	_, rem, _ := a.SRem("s", "a")
	_, add, _ := b.SAdd("s", "a") // re-added concurrently: add wins
	deliver(t, a, add)
	deliver(t, b, rem)
	got, _ := a.SMembers("s")
	if !reflect.DeepEqual(got, []string{"a", "b"}) {
		t.Fatalf("got %v", got)
	}
	_, rem2, _ := a.SRem("s", "a", "b")
	deliver(t, b, rem2)
	if b.Exists("s") {
		t.Fatal("removing every member must remove the set")
	}
	mustEqualDumps(t, "set", a, b)
}

func TestSortedSetDocumentedExamples(t *testing.T) {
	a, b, clk := pair()
	// Concurrent ZADD: the later write's score wins.
	_, z1, _ := a.ZAdd("z", []ZMember{{"x", 1.1}})
	clk.ms++
	_, z2, _ := b.ZAdd("z", []ZMember{{"x", 2.1}})
	deliver(t, a, z2)
	deliver(t, b, z1)
	if s, _, _ := a.ZScore("z", "x"); s != 2.1 {
		t.Fatalf("concurrent ZADD: %v", s)
	}
	// Concurrent ZINCRBY: both increments count.
	_, z3, _ := a.ZAdd("z", []ZMember{{"x", 1.1}})
	deliver(t, b, z3)
	_, i1, _ := a.ZIncrBy("z", "x", 1)
	_, i2, _ := b.ZIncrBy("z", "x", 1)
	deliver(t, a, i2)
	deliver(t, b, i1)
	if s, _, _ := b.ZScore("z", "x"); s != 3.1 {
		t.Fatalf("concurrent ZINCRBY: %v", s)
	}
	// ZREM concurrent with ZINCRBY: only the unobserved increment remains.
	_, z4, _ := a.ZAdd("z", []ZMember{{"x", 4.1}})
	deliver(t, b, z4)
	_, rem, _ := a.ZRem("z", "x")
	_, inc, _ := b.ZIncrBy("z", "x", 2)
	deliver(t, a, inc)
	deliver(t, b, rem)
	if s, ok, _ := a.ZScore("z", "x"); !ok || s != 2 {
		t.Fatalf("ZREM vs ZINCRBY: %v %v", s, ok)
	}
	mustEqualDumps(t, "zset", a, b)
}

func TestZMembersOrder(t *testing.T) {
	a, _, _ := pair()
	a.ZAdd("z", []ZMember{{"b", 1}, {"a", 1}, {"c", 0}})
	got, _ := a.ZMembers("z")
	want := []ZMember{{"c", 0}, {"a", 1}, {"b", 1}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %v", got)
	}
	if n, _ := a.ZCard("z"); n != 3 {
		t.Fatalf("ZCARD %d", n)
	}
}

func TestConcurrentTypesResolveToLatestWrite(t *testing.T) {
	a, b, clk := pair()
	_, s1 := a.Set("k", []byte("v"), SetOptions{})
	clk.ms++
	_, s2, _ := b.SAdd("k", "m")
	deliver(t, a, s2)
	deliver(t, b, s1)
	if a.Type("k") != KindSet || b.Type("k") != KindSet {
		t.Fatalf("types %v %v", a.Type("k"), b.Type("k"))
	}
	// A later write of the winning type removes the hidden string for good.
	_, s3, _ := a.SRem("k", "m")
	deliver(t, b, s3)
	_, s4, _ := b.SAdd("k", "n")
	deliver(t, a, s4)
	if k := a.keys["k"]; k.str.live() {
		t.Fatal("hidden string still present")
	}
	mustEqualDumps(t, "types", a, b)
}
