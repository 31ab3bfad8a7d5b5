package resp

import (
	"strings"
	"testing"
	"time"
)

func TestDelExistsDBSizeFlush(t *testing.T) {
	c := authed(t)
	ctx := ctxT(t)
	c.MSet(ctx, "a", "1", "b", "2", "c", "3")
	if n := c.Exists(ctx, "a", "a", "b", "nope").Val(); n != 3 {
		t.Fatalf("EXISTS with a duplicate = %d, want 3", n)
	}
	if n := c.Del(ctx, "a", "b", "nope", "a").Val(); n != 2 {
		t.Fatalf("DEL = %d", n)
	}
	if n := c.DBSize(ctx).Val(); n != 1 {
		t.Fatalf("DBSIZE = %d", n)
	}
	if got := do(t, c, "flushdb"); got != "OK" {
		t.Fatalf("FLUSHDB = %v", got)
	}
	if n := c.DBSize(ctx).Val(); n != 0 {
		t.Fatalf("DBSIZE after FLUSHDB = %d", n)
	}
	c.Set(ctx, "x", "1", 0)
	if got := do(t, c, "flushall", "async"); got != "OK" {
		t.Fatalf("FLUSHALL ASYNC = %v", got)
	}
	if n := c.DBSize(ctx).Val(); n != 0 {
		t.Fatalf("DBSIZE after FLUSHALL = %d", n)
	}
	wantErr(t, c.Do(ctx, "flushall", "later").Err(), errSyntax)
	wantErr(t, c.Do(ctx, "del").Err(), "ERR wrong number of arguments for 'del' command")
	wantErr(t, c.Do(ctx, "exists").Err(), "ERR wrong number of arguments for 'exists' command")
	wantErr(t, c.Do(ctx, "dbsize", "x").Err(), "ERR wrong number of arguments for 'dbsize' command")
}

func TestExpireFamily(t *testing.T) {
	c := authed(t)
	ctx := ctxT(t)
	if c.Expire(ctx, "missing", time.Minute).Val() {
		t.Fatal("EXPIRE on a missing key reported success")
	}
	if ttl := c.TTL(ctx, "missing").Val(); ttl != -2 {
		t.Fatalf("TTL missing = %v, want -2ns", ttl)
	}
	c.Set(ctx, "k", "v", 0)
	if ttl := c.TTL(ctx, "k").Val(); ttl != -1 {
		t.Fatalf("TTL persistent = %v, want -1ns", ttl)
	}
	// XX and GT need an existing expiry; NX and LT accept a persistent key.
	for _, opt := range []string{"xx", "gt"} {
		if got := do(t, c, "expire", "k", "100", opt); got != int64(0) {
			t.Fatalf("EXPIRE %s on persistent key = %v", opt, got)
		}
	}
	if got := do(t, c, "expire", "k", "100", "nx"); got != int64(1) {
		t.Fatalf("EXPIRE NX = %v", got)
	}
	if got := do(t, c, "expire", "k", "200", "nx"); got != int64(0) {
		t.Fatalf("second EXPIRE NX = %v", got)
	}
	if got := do(t, c, "expire", "k", "50", "gt"); got != int64(0) {
		t.Fatalf("EXPIRE GT smaller = %v", got)
	}
	if got := do(t, c, "expire", "k", "300", "GT"); got != int64(1) {
		t.Fatalf("EXPIRE GT larger = %v", got)
	}
	if got := do(t, c, "expire", "k", "400", "lt"); got != int64(0) {
		t.Fatalf("EXPIRE LT larger = %v", got)
	}
	if got := do(t, c, "expire", "k", "60", "lt"); got != int64(1) {
		t.Fatalf("EXPIRE LT smaller = %v", got)
	}
	if ttl := c.TTL(ctx, "k").Val(); ttl != 60*time.Second {
		t.Fatalf("TTL = %v", ttl)
	}
	if got := do(t, c, "pexpire", "k", "30000", "xx"); got != int64(1) {
		t.Fatalf("PEXPIRE XX = %v", got)
	}
	if pttl := c.PTTL(ctx, "k").Val(); pttl <= 29*time.Second || pttl > 30*time.Second {
		t.Fatalf("PTTL = %v", pttl)
	}
	if !c.Persist(ctx, "k").Val() {
		t.Fatal("PERSIST reported no expiry")
	}
	if c.Persist(ctx, "k").Val() {
		t.Fatal("second PERSIST reported an expiry")
	}
	if c.Persist(ctx, "missing").Val() {
		t.Fatal("PERSIST on a missing key reported success")
	}
	at := time.Now().Add(time.Hour)
	if !c.ExpireAt(ctx, "k", at).Val() {
		t.Fatal("EXPIREAT failed")
	}
	if ttl := c.TTL(ctx, "k").Val(); ttl < 59*time.Minute {
		t.Fatalf("TTL after EXPIREAT = %v", ttl)
	}
	// A non-positive timeout deletes the key, as in Redis.
	if got := do(t, c, "expire", "k", "-1"); got != int64(1) {
		t.Fatalf("EXPIRE -1 = %v", got)
	}
	if n := c.Exists(ctx, "k").Val(); n != 0 {
		t.Fatal("key survived EXPIRE -1")
	}
	c.Set(ctx, "k", "v", 0)
	for _, tc := range []struct {
		args []any
		err  string
	}{
		{[]any{"expire", "k"}, "ERR wrong number of arguments for 'expire' command"},
		{[]any{"expire", "k", "1", "nx", "xx"}, "ERR NX and XX, GT or LT options at the same time are not compatible"},
		{[]any{"expire", "k", "1", "gt", "lt"}, "ERR GT and LT options at the same time are not compatible"},
		{[]any{"expire", "k", "x"}, "ERR value is not an integer or out of range"},
		{[]any{"expire", "k", "1", "sometimes"}, "ERR Unsupported option sometimes"},
		{[]any{"expire", "k", "9223372036854775807"}, "ERR invalid expire time in 'expire' command"},
		{[]any{"pexpire", "k", "9223372036854775807"}, "ERR invalid expire time in 'pexpire' command"},
		{[]any{"ttl"}, "ERR wrong number of arguments for 'ttl' command"},
		{[]any{"persist", "a", "b"}, "ERR wrong number of arguments for 'persist' command"},
	} {
		wantErr(t, c.Do(ctx, tc.args...).Err(), tc.err)
	}
}

func TestKeysExpire(t *testing.T) {
	s, addr := startServer(t)
	c := newClient(t, addr, testPrimary)
	ctx := ctxT(t)
	c.Set(ctx, "lazy", "v", 50*time.Millisecond)
	c.Set(ctx, "keep", "v", 0)
	for i := range 200 {
		c.Set(ctx, "swept"+strings.Repeat("x", i%7)+string(rune('a'+i%26))+itoa(int64(i)), "v", 50*time.Millisecond)
	}
	time.Sleep(120 * time.Millisecond)
	// Lazy expiry: the key is gone on access even before a sweep.
	if n := c.Exists(ctx, "lazy").Val(); n != 0 {
		t.Fatal("expired key still visible")
	}
	if err := c.Get(ctx, "lazy").Err(); err == nil {
		t.Fatal("GET of expired key returned a value")
	}
	// Active expiry: the sweeper reclaims keys nobody touches.
	deadline := time.Now().Add(3 * time.Second)
	for dbSize(s) > 1 {
		if time.Now().After(deadline) {
			t.Fatalf("sweeper left %d keys, want 1", dbSize(s))
		}
		time.Sleep(20 * time.Millisecond)
	}
	if n := c.DBSize(ctx).Val(); n != 1 {
		t.Fatalf("DBSIZE after sweep = %d", n)
	}
}
