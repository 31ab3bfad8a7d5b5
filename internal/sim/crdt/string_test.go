package crdt

import (
	"errors"
	"math"
	"testing"
)

func TestConcurrentSetLastWriterWins(t *testing.T) {
	a, b, clk := pair()
	_, op1 := a.Set("k", []byte("a"), SetOptions{})
	clk.ms++
	_, op2 := b.Set("k", []byte("b"), SetOptions{})
	deliver(t, a, op2)
	deliver(t, b, op1)
	if got := str(t, a, "k"); got != "b" {
		t.Fatalf("a: got %q, want the later write", got)
	}
	mustEqualDumps(t, "lww", a, b)
}

func TestSameMillisecondSetResolvesByReplica(t *testing.T) {
	a, b, _ := pair()
	_, op1 := a.Set("k", []byte("a"), SetOptions{})
	_, op2 := b.Set("k", []byte("b"), SetOptions{})
	deliver(t, a, op2)
	deliver(t, b, op1)
	if got := str(t, b, "k"); got != "b" {
		t.Fatalf("got %q, want replica 2's write", got)
	}
	mustEqualDumps(t, "tie", a, b)
}

func TestDelRemovesOnlyWhatItObserved(t *testing.T) {
	a, b, clk := pair()
	_, op := a.Set("k", []byte("v1"), SetOptions{})
	deliver(t, b, op)
	clk.ms++
	_, del := b.Del("k")
	_, op2 := a.Set("k", []byte("v2"), SetOptions{}) // concurrent with the DEL
	deliver(t, a, del)
	deliver(t, b, op2)
	if got := str(t, a, "k"); got != "v2" {
		t.Fatalf("got %q, want the unobserved write to survive", got)
	}
	mustEqualDumps(t, "del", a, b)
}

func TestSetOptions(t *testing.T) {
	a, _, clk := pair()
	if ok, op := a.Set("k", []byte("x"), SetOptions{XX: true}); ok || op.Kind != OpNone {
		t.Fatal("XX on a missing key must not write")
	}
	a.Set("k", []byte("x"), SetOptions{ExpireAt: clk.ms + 100})
	if ok, _ := a.Set("k", []byte("y"), SetOptions{NX: true}); ok {
		t.Fatal("NX on an existing key must not write")
	}
	a.Set("k", []byte("z"), SetOptions{KeepTTL: true})
	if ttl := a.PTTL("k"); ttl != 100 {
		t.Fatalf("KEEPTTL lost the expiry: %d", ttl)
	}
	a.Set("k", []byte("z"), SetOptions{})
	if ttl := a.PTTL("k"); ttl != -1 {
		t.Fatalf("plain SET must clear the expiry: %d", ttl)
	}
}

func TestSetReplacesOtherTypes(t *testing.T) {
	a, _, _ := pair()
	a.SAdd("k", "m")
	a.Set("k", []byte("v"), SetOptions{})
	if a.Type("k") != KindString || str(t, a, "k") != "v" {
		t.Fatalf("type %v", a.Type("k"))
	}
	if _, _, err := a.SAdd("k", "m"); !errors.Is(err, ErrWrongType) {
		t.Fatalf("SADD on a string: %v", err)
	}
}

func TestCountersAddUpAcrossReplicas(t *testing.T) {
	// The example of Redis Active-Active's documentation on string counters.
	a, b, _ := pair()
	_, op1, _ := a.IncrBy("c", 7)
	_, op2, _ := b.IncrBy("c", 3)
	deliver(t, a, op2)
	deliver(t, b, op1)
	if got := str(t, a, "c"); got != "10" {
		t.Fatalf("after first sync %s", got)
	}
	_, op3, _ := a.IncrBy("c", -3)
	_, op4, _ := b.IncrBy("c", 6)
	deliver(t, a, op4)
	deliver(t, b, op3)
	if got := str(t, b, "c"); got != "13" {
		t.Fatalf("after second sync %s", got)
	}
	if v := a.Get("c"); v.Kind != KindInt || v.Int != 13 {
		t.Fatalf("Get: %+v", v)
	}
	mustEqualDumps(t, "counter", a, b)
}

func TestSetOnCounterSetsNewBase(t *testing.T) {
	a, b, _ := pair()
	_, op, _ := a.IncrBy("c", 5)
	deliver(t, b, op)
	_, set := a.Set("c", []byte("100"), SetOptions{})
	_, inc, _ := b.IncrBy("c", 2) // concurrent with the SET
	deliver(t, a, inc)
	deliver(t, b, set)
	if got := str(t, a, "c"); got != "102" {
		t.Fatalf("got %s, want new base plus concurrent increment", got)
	}
	n, op5, err := a.IncrBy("c", 1)
	if err != nil || n != 103 {
		t.Fatalf("INCR after SET: %d %v", n, err)
	}
	deliver(t, b, op5)
	mustEqualDumps(t, "base", a, b)
}

func TestDelOfCounterKeepsConcurrentIncrement(t *testing.T) {
	a, b, _ := pair()
	_, op, _ := a.IncrBy("c", 10)
	deliver(t, b, op)
	_, del := a.Del("c")
	_, inc, _ := b.IncrBy("c", 4)
	deliver(t, a, inc)
	deliver(t, b, del)
	if got := str(t, a, "c"); got != "4" {
		t.Fatalf("got %s, want only the unobserved increment", got)
	}
	mustEqualDumps(t, "del counter", a, b)
}

func TestIncrErrors(t *testing.T) {
	a, _, _ := pair()
	a.Set("s", []byte("abc"), SetOptions{})
	if _, _, err := a.IncrBy("s", 1); !errors.Is(err, ErrNotInteger) {
		t.Fatalf("INCR on text: %v", err)
	}
	if _, _, err := a.IncrByFloat("s", 1); !errors.Is(err, ErrNotFloat) {
		t.Fatalf("INCRBYFLOAT on text: %v", err)
	}
	a.Set("big", []byte("9223372036854775800"), SetOptions{})
	if _, op, err := a.IncrBy("big", 100); !errors.Is(err, ErrOverflow) || op.Kind != OpNone {
		t.Fatalf("overflow: %v %v", err, op.Kind)
	}
	if _, _, err := a.IncrByFloat("f", math.Inf(1)); !errors.Is(err, ErrNaNOrInfinity) {
		t.Fatalf("inf: %v", err)
	}
	a.HSet("h", []FieldValue{{"f", []byte("1")}})
	if _, _, err := a.IncrBy("h", 1); !errors.Is(err, ErrWrongType) {
		t.Fatalf("INCR on hash: %v", err)
	}
	for _, bad := range []string{"+1", "01", "-0", " 1", "1 ", ""} {
		a.Set("n", []byte(bad), SetOptions{})
		if _, _, err := a.IncrBy("n", 1); err == nil {
			t.Fatalf("INCR accepted %q", bad)
		}
	}
}

func TestIncrByFloat(t *testing.T) {
	a, b, _ := pair()
	_, set := a.Set("f", []byte("10.5"), SetOptions{})
	deliver(t, b, set)
	v, op1, err := a.IncrByFloat("f", 0.1)
	if err != nil || v != 10.6 {
		t.Fatalf("%v %v", v, err)
	}
	_, op2, _ := b.IncrByFloat("f", 2) // concurrent
	deliver(t, a, op2)
	deliver(t, b, op1)
	if got := str(t, a, "f"); got != "12.6" {
		t.Fatalf("GET %s", got)
	}
	mustEqualDumps(t, "float", a, b)
	if _, _, err := a.IncrBy("f", 1); !errors.Is(err, ErrNotInteger) {
		t.Fatalf("INCRBY on a fractional float: %v", err)
	}
	a.IncrByFloat("f", 0.4)
	if n, _, err := a.IncrBy("f", 1); err != nil || n != 14 {
		t.Fatalf("INCRBY on a whole float: %d %v", n, err)
	}
}
