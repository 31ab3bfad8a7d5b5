package resp

import (
	"errors"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

func authed(t *testing.T) *redis.Client {
	t.Helper()
	_, addr := startServer(t)
	return newClient(t, addr, testPrimary)
}

func TestGetSet(t *testing.T) {
	c := authed(t)
	ctx := ctxT(t)
	if err := c.Get(ctx, "missing").Err(); !errors.Is(err, redis.Nil) {
		t.Fatalf("GET missing: %v", err)
	}
	if got := do(t, c, "set", "k", "v1"); got != "OK" {
		t.Fatalf("SET = %v", got)
	}
	if got := c.Get(ctx, "k").Val(); got != "v1" {
		t.Fatalf("GET = %q", got)
	}
	// NX refuses an existing key, XX a missing one.
	if got := do(t, c, "set", "k", "v2", "nx"); got != nil {
		t.Fatalf("SET NX on existing = %v", got)
	}
	if got := do(t, c, "set", "other", "v", "XX"); got != nil {
		t.Fatalf("SET XX on missing = %v", got)
	}
	if got := do(t, c, "set", "k", "v3", "xx", "get"); got != "v1" {
		t.Fatalf("SET XX GET = %v", got)
	}
	if got := do(t, c, "set", "fresh", "v", "nx", "get"); got != nil {
		t.Fatalf("SET NX GET on missing = %v", got)
	}
	if got := c.Get(ctx, "fresh").Val(); got != "v" {
		t.Fatalf("after SET NX GET: %q", got)
	}
	// Binary-safe values.
	bin := string([]byte{0, '\r', '\n', 0xff})
	do(t, c, "set", "bin", bin)
	if got := c.Get(ctx, "bin").Val(); got != bin {
		t.Fatalf("binary value = %q", got)
	}
	for _, tc := range []struct {
		args []any
		err  string
	}{
		{[]any{"set", "k"}, "ERR wrong number of arguments for 'set' command"},
		{[]any{"set", "k", "v", "nx", "xx"}, errSyntax},
		{[]any{"set", "k", "v", "ex"}, errSyntax},
		{[]any{"set", "k", "v", "ex", "1", "px", "100"}, errSyntax},
		{[]any{"set", "k", "v", "keepttl", "ex", "1"}, errSyntax},
		{[]any{"set", "k", "v", "bogus"}, errSyntax},
		{[]any{"set", "k", "v", "ex", "abc"}, "ERR value is not an integer or out of range"},
		{[]any{"set", "k", "v", "ex", "0"}, "ERR invalid expire time in 'set' command"},
		{[]any{"set", "k", "v", "px", "-5"}, "ERR invalid expire time in 'set' command"},
		{[]any{"set", "k", "v", "ex", "9223372036854775807"}, "ERR invalid expire time in 'set' command"},
		{[]any{"get", "a", "b"}, "ERR wrong number of arguments for 'get' command"},
	} {
		wantErr(t, c.Do(ctx, tc.args...).Err(), tc.err)
	}
}

func TestSetExpiryOptions(t *testing.T) {
	c := authed(t)
	ctx := ctxT(t)
	do(t, c, "set", "ex", "v", "EX", "100")
	if ttl := c.TTL(ctx, "ex").Val(); ttl != 100*time.Second {
		t.Fatalf("TTL after EX 100 = %v", ttl)
	}
	do(t, c, "set", "px", "v", "px", "50000")
	if pttl := c.PTTL(ctx, "px").Val(); pttl <= 49*time.Second || pttl > 50*time.Second {
		t.Fatalf("PTTL after PX 50000 = %v", pttl)
	}
	at := time.Now().Add(time.Hour)
	do(t, c, "set", "exat", "v", "exat", at.Unix())
	if ttl := c.TTL(ctx, "exat").Val(); ttl < 59*time.Minute || ttl > time.Hour {
		t.Fatalf("TTL after EXAT = %v", ttl)
	}
	do(t, c, "set", "pxat", "v", "pxat", at.UnixMilli())
	if ttl := c.TTL(ctx, "pxat").Val(); ttl < 59*time.Minute || ttl > time.Hour {
		t.Fatalf("TTL after PXAT = %v", ttl)
	}
	// KEEPTTL keeps the expiry, a plain SET clears it.
	do(t, c, "set", "ex", "v2", "keepttl")
	if ttl := c.TTL(ctx, "ex").Val(); ttl <= 0 {
		t.Fatalf("TTL after KEEPTTL = %v", ttl)
	}
	do(t, c, "set", "ex", "v3")
	if ttl := c.TTL(ctx, "ex").Val(); ttl != -1 {
		t.Fatalf("TTL after plain SET = %v, want -1ns (no expiry)", ttl)
	}
	// An absolute time already past leaves no key behind.
	do(t, c, "set", "past", "v", "pxat", "1")
	if n := c.Exists(ctx, "past").Val(); n != 0 {
		t.Fatalf("key set with past PXAT exists: %d", n)
	}
	// Repeating the same option is allowed; the last value wins.
	do(t, c, "set", "twice", "v", "ex", "10", "ex", "20")
	if ttl := c.TTL(ctx, "twice").Val(); ttl != 20*time.Second {
		t.Fatalf("TTL after EX 10 EX 20 = %v", ttl)
	}
}

func TestIncrDecr(t *testing.T) {
	c := authed(t)
	ctx := ctxT(t)
	if v := c.Incr(ctx, "n").Val(); v != 1 {
		t.Fatalf("INCR new = %d", v)
	}
	if v := c.IncrBy(ctx, "n", 41).Val(); v != 42 {
		t.Fatalf("INCRBY = %d", v)
	}
	if v := c.Decr(ctx, "n").Val(); v != 41 {
		t.Fatalf("DECR = %d", v)
	}
	if v := c.DecrBy(ctx, "n", 50).Val(); v != -9 {
		t.Fatalf("DECRBY = %d", v)
	}
	if v := c.Get(ctx, "n").Val(); v != "-9" {
		t.Fatalf("GET counter = %q", v)
	}
	do(t, c, "set", "max", "9223372036854775807")
	wantErr(t, c.Incr(ctx, "max").Err(), "ERR increment or decrement would overflow")
	do(t, c, "set", "min", "-9223372036854775808")
	wantErr(t, c.Decr(ctx, "min").Err(), "ERR increment or decrement would overflow")
	wantErr(t, c.Do(ctx, "decrby", "n", "-9223372036854775808").Err(), "ERR decrement would overflow")
	for _, bad := range []string{"abc", " 1", "+1", "01", "1.5", "", "99999999999999999999"} {
		do(t, c, "set", "s", bad)
		wantErr(t, c.Incr(ctx, "s").Err(), "ERR value is not an integer or out of range")
	}
	wantErr(t, c.Do(ctx, "incrby", "n", "x").Err(), "ERR value is not an integer or out of range")
	wantErr(t, c.Do(ctx, "incr").Err(), "ERR wrong number of arguments for 'incr' command")
	wantErr(t, c.Do(ctx, "decrby", "n").Err(), "ERR wrong number of arguments for 'decrby' command")
	// INCR keeps an existing expiry.
	do(t, c, "set", "t", "1", "ex", "100")
	c.Incr(ctx, "t")
	if ttl := c.TTL(ctx, "t").Val(); ttl <= 0 {
		t.Fatalf("TTL after INCR = %v", ttl)
	}
}

func TestWrongType(t *testing.T) {
	c := authed(t)
	ctx := ctxT(t)
	const wrongType = "WRONGTYPE Operation against a key holding the wrong kind of value"
	if n := c.HSet(ctx, "h", "f1", "v1", "f2", "v2").Val(); n != 2 {
		t.Fatalf("HSET = %d", n)
	}
	wantErr(t, c.Get(ctx, "h").Err(), wrongType)
	wantErr(t, c.Incr(ctx, "h").Err(), wrongType)
	wantErr(t, c.Do(ctx, "set", "h", "v", "get").Err(), wrongType)
	do(t, c, "set", "s", "v")
	wantErr(t, c.HGet(ctx, "s", "f").Err(), wrongType)
	wantErr(t, c.HSet(ctx, "s", "f", "v").Err(), wrongType)
	wantErr(t, c.Do(ctx, "hset", "h", "f").Err(), "ERR wrong number of arguments for 'hset' command")
	wantErr(t, c.Do(ctx, "hset", "h", "f", "v", "g").Err(), "ERR wrong number of arguments for 'hset' command")
	// A plain SET replaces a value of any type.
	do(t, c, "set", "h", "now-a-string")
	if got := c.Type(ctx, "h").Val(); got != "string" {
		t.Fatalf("TYPE after SET = %q", got)
	}
}

func TestHash(t *testing.T) {
	c := authed(t)
	ctx := ctxT(t)
	c.HSet(ctx, "h", "a", "1", "b", "2")
	if n := c.HSet(ctx, "h", "a", "10", "c", "3").Val(); n != 1 {
		t.Fatalf("HSET update = %d new fields", n)
	}
	if v := c.HGet(ctx, "h", "a").Val(); v != "10" {
		t.Fatalf("HGET = %q", v)
	}
	if err := c.HGet(ctx, "h", "zz").Err(); !errors.Is(err, redis.Nil) {
		t.Fatalf("HGET missing field: %v", err)
	}
	if n := c.HLen(ctx, "h").Val(); n != 3 {
		t.Fatalf("HLEN = %d", n)
	}
	all := c.HGetAll(ctx, "h").Val()
	if len(all) != 3 || all["a"] != "10" || all["b"] != "2" || all["c"] != "3" {
		t.Fatalf("HGETALL = %v", all)
	}
	if got := c.Type(ctx, "h").Val(); got != "hash" {
		t.Fatalf("TYPE = %q", got)
	}
	if n := c.HDel(ctx, "h", "a", "b", "c", "nope").Val(); n != 3 {
		t.Fatalf("HDEL = %d", n)
	}
	if n := c.Exists(ctx, "h").Val(); n != 0 {
		t.Fatal("emptied hash still exists")
	}
	if got := c.Type(ctx, "h").Val(); got != "none" {
		t.Fatalf("TYPE missing = %q", got)
	}
}
