package resp

import (
	"testing"
	"time"
)

func TestStringCommands(t *testing.T) {
	c := authed(t)
	ctx := ctxT(t)
	checks := []struct {
		args []any
		want any
	}{
		{[]any{"setnx", "s", "a"}, int64(1)},
		{[]any{"setnx", "s", "b"}, int64(0)},
		{[]any{"getset", "s", "c"}, "a"},
		{[]any{"append", "s", "def"}, int64(4)},
		{[]any{"append", "new", "xy"}, int64(2)},
		{[]any{"strlen", "s"}, int64(4)},
		{[]any{"strlen", "missing"}, int64(0)},
		{[]any{"getdel", "s"}, "cdef"},
		{[]any{"exists", "s"}, int64(0)},
		{[]any{"set", "s", "1", "get"}, nil},
		{[]any{"set", "s", "2", "nx", "get"}, "1"},
		{[]any{"get", "s"}, "1"},
		{[]any{"incrbyfloat", "f", "10.5"}, "10.5"},
		{[]any{"incrbyfloat", "f", "0.1"}, "10.6"},
		{[]any{"incrbyfloat", "f", "-5e1"}, "-39.4"},
		{[]any{"mset", "m1", "a", "m2", "b"}, "OK"},
		{[]any{"mget", "m1", "nope", "m2"}, []any{"a", nil, "b"}},
	}
	for _, ch := range checks {
		got := do(t, c, ch.args...)
		if !equalReply(got, ch.want) {
			t.Fatalf("%v = %#v, want %#v", ch.args, got, ch.want)
		}
	}
	if got := do(t, c, "setex", "e", "100", "v"); got != "OK" {
		t.Fatalf("SETEX = %v", got)
	}
	if ttl := c.TTL(ctx, "e").Val(); ttl < 99*time.Second || ttl > 100*time.Second {
		t.Fatalf("TTL after SETEX = %v", ttl)
	}
	do(t, c, "psetex", "pe", "100000", "v")
	if ttl := c.PTTL(ctx, "pe").Val(); ttl < 99*time.Second {
		t.Fatalf("PTTL after PSETEX = %v", ttl)
	}
	// APPEND keeps the TTL, as in Redis.
	do(t, c, "append", "e", "w")
	if ttl := c.TTL(ctx, "e").Val(); ttl <= 0 {
		t.Fatalf("APPEND dropped the TTL: %v", ttl)
	}
	do(t, c, "hset", "h", "f", "v")
	do(t, c, "set", "txt", "abc")
	for _, tc := range []struct {
		args []any
		err  string
	}{
		{[]any{"setex", "e", "0", "v"}, "ERR invalid expire time in 'setex' command"},
		{[]any{"psetex", "e", "-1", "v"}, "ERR invalid expire time in 'psetex' command"},
		{[]any{"setex", "e", "x", "v"}, "ERR value is not an integer or out of range"},
		{[]any{"getset", "h", "v"}, "WRONGTYPE Operation against a key holding the wrong kind of value"},
		{[]any{"getdel", "h"}, "WRONGTYPE Operation against a key holding the wrong kind of value"},
		{[]any{"append", "h", "v"}, "WRONGTYPE Operation against a key holding the wrong kind of value"},
		{[]any{"strlen", "h"}, "WRONGTYPE Operation against a key holding the wrong kind of value"},
		{[]any{"set", "h", "v", "get"}, "WRONGTYPE Operation against a key holding the wrong kind of value"},
		{[]any{"incrbyfloat", "txt", "1"}, "ERR value is not a valid float"},
		{[]any{"incrbyfloat", "f", "abc"}, "ERR value is not a valid float"},
		{[]any{"incrbyfloat", "f", "inf"}, "ERR value is not a valid float"},
		{[]any{"setnx", "a"}, "ERR wrong number of arguments for 'setnx' command"},
		{[]any{"getdel", "a", "b"}, "ERR wrong number of arguments for 'getdel' command"},
	} {
		wantErr(t, c.Do(ctx, tc.args...).Err(), tc.err)
	}
	// A failed SET ... GET on a hash left the hash alone.
	if typ := c.Type(ctx, "h").Val(); typ != "hash" {
		t.Fatalf("TYPE h = %q", typ)
	}
}

// equalReply compares go-redis Do results.
func equalReply(got, want any) bool {
	ga, ok1 := got.([]any)
	wa, ok2 := want.([]any)
	if ok1 != ok2 {
		return false
	}
	if !ok1 {
		return got == want
	}
	if len(ga) != len(wa) {
		return false
	}
	for i := range ga {
		if !equalReply(ga[i], wa[i]) {
			return false
		}
	}
	return true
}
