package resp

import (
	"reflect"
	"testing"

	"github.com/redis/go-redis/v9"
)

const wrongType = "WRONGTYPE Operation against a key holding the wrong kind of value"

func TestHashCommands(t *testing.T) {
	c := authed(t)
	ctx := ctxT(t)
	if n := c.HSet(ctx, "h", "a", "1", "b", "2").Val(); n != 2 {
		t.Fatalf("HSET = %d", n)
	}
	if got := do(t, c, "hmset", "h", "c", "3"); got != "OK" {
		t.Fatalf("HMSET = %v", got)
	}
	if !c.HSetNX(ctx, "h", "d", "4").Val() || c.HSetNX(ctx, "h", "d", "5").Val() {
		t.Fatal("HSETNX")
	}
	if got := c.HMGet(ctx, "h", "a", "zz", "d").Val(); !reflect.DeepEqual(got, []any{"1", nil, "4"}) {
		t.Fatalf("HMGET = %#v", got)
	}
	if got := c.HKeys(ctx, "h").Val(); !reflect.DeepEqual(got, []string{"a", "b", "c", "d"}) {
		t.Fatalf("HKEYS = %v", got)
	}
	if got := c.HVals(ctx, "h").Val(); !reflect.DeepEqual(got, []string{"1", "2", "3", "4"}) {
		t.Fatalf("HVALS = %v", got)
	}
	if !c.HExists(ctx, "h", "a").Val() || c.HExists(ctx, "h", "zz").Val() {
		t.Fatal("HEXISTS")
	}
	if n := c.HIncrBy(ctx, "h", "a", 41).Val(); n != 42 {
		t.Fatalf("HINCRBY = %d", n)
	}
	if f := c.HIncrByFloat(ctx, "h", "b", 0.5).Val(); f != 2.5 {
		t.Fatalf("HINCRBYFLOAT = %v", f)
	}
	if n := c.HDel(ctx, "h", "a", "zz").Val(); n != 1 {
		t.Fatalf("HDEL = %d", n)
	}
	if got := c.HGetAll(ctx, "h").Val(); !reflect.DeepEqual(got, map[string]string{"b": "2.5", "c": "3", "d": "4"}) {
		t.Fatalf("HGETALL = %v", got)
	}
	if got := c.HGetAll(ctx, "nope").Val(); len(got) != 0 {
		t.Fatalf("HGETALL of a missing key = %v", got)
	}
	c.Set(ctx, "s", "v", 0)
	for _, tc := range []struct {
		args []any
		err  string
	}{
		{[]any{"hset", "s", "f", "v"}, wrongType},
		{[]any{"hmget", "s", "f"}, wrongType},
		{[]any{"hkeys", "s"}, wrongType},
		{[]any{"hsetnx", "s", "f", "v"}, wrongType},
		{[]any{"hset", "h", "f"}, "ERR wrong number of arguments for 'hset' command"},
		{[]any{"hincrby", "h", "c", "x"}, "ERR value is not an integer or out of range"},
		{[]any{"hincrby", "h", "b", "1"}, "ERR hash value is not an integer"},
		{[]any{"hincrbyfloat", "h", "c", "nan"}, "ERR value is not a valid float"},
	} {
		wantErr(t, c.Do(ctx, tc.args...).Err(), tc.err)
	}
}

func TestSetCommands(t *testing.T) {
	c := authed(t)
	ctx := ctxT(t)
	if n := c.SAdd(ctx, "s", "a", "b", "a").Val(); n != 2 {
		t.Fatalf("SADD = %d", n)
	}
	if n := c.SAdd(ctx, "s", "b", "c").Val(); n != 1 {
		t.Fatalf("SADD again = %d", n)
	}
	if got := c.SMembers(ctx, "s").Val(); !reflect.DeepEqual(got, []string{"a", "b", "c"}) {
		t.Fatalf("SMEMBERS = %v", got)
	}
	if !c.SIsMember(ctx, "s", "a").Val() || c.SIsMember(ctx, "s", "z").Val() {
		t.Fatal("SISMEMBER")
	}
	if n := c.SRem(ctx, "s", "a", "z").Val(); n != 1 {
		t.Fatalf("SREM = %d", n)
	}
	if n := c.SCard(ctx, "s").Val(); n != 2 {
		t.Fatalf("SCARD = %d", n)
	}
	c.SRem(ctx, "s", "b", "c")
	if n := c.Exists(ctx, "s").Val(); n != 0 {
		t.Fatal("empty set still exists")
	}
	c.Set(ctx, "str", "v", 0)
	wantErr(t, c.SAdd(ctx, "str", "a").Err(), wrongType)
	wantErr(t, c.SMembers(ctx, "str").Err(), wrongType)
	wantErr(t, c.Do(ctx, "sadd", "s").Err(), "ERR wrong number of arguments for 'sadd' command")
}

func TestSortedSetCommands(t *testing.T) {
	c := authed(t)
	ctx := ctxT(t)
	if n := c.ZAdd(ctx, "z", redis.Z{Score: 1, Member: "a"}, redis.Z{Score: 2, Member: "b"}, redis.Z{Score: 3, Member: "c"}).Val(); n != 3 {
		t.Fatalf("ZADD = %d", n)
	}
	checks := []struct {
		args []any
		want any
	}{
		{[]any{"zadd", "z", "nx", "10", "a", "4", "d"}, int64(1)},
		{[]any{"zadd", "z", "xx", "ch", "1.5", "a", "9", "nope"}, int64(1)},
		{[]any{"zadd", "z", "gt", "ch", "1", "a", "5", "d"}, int64(1)},
		{[]any{"zadd", "z", "lt", "ch", "9", "b"}, int64(0)},
		{[]any{"zadd", "z", "incr", "2", "b"}, "4"},
		{[]any{"zadd", "z", "nx", "incr", "2", "b"}, nil},
		{[]any{"zincrby", "z", "0.5", "c"}, "3.5"},
		{[]any{"zscore", "z", "a"}, "1.5"},
		{[]any{"zscore", "z", "nope"}, nil},
		{[]any{"zcard", "z"}, int64(4)},
		{[]any{"zrange", "z", "0", "-1"}, []any{"a", "c", "b", "d"}},
		{[]any{"zrange", "z", "0", "1", "withscores"}, []any{"a", "1.5", "c", "3.5"}},
		{[]any{"zrange", "z", "-2", "100"}, []any{"b", "d"}},
		{[]any{"zrange", "z", "5", "10"}, []any{}},
		{[]any{"zrange", "z", "0", "0", "rev"}, []any{"d"}},
		{[]any{"zrange", "z", "(1.5", "4", "byscore"}, []any{"c", "b"}},
		{[]any{"zrange", "z", "+inf", "-inf", "byscore", "rev", "limit", "1", "2"}, []any{"b", "c"}},
		{[]any{"zrevrange", "z", "0", "1", "withscores"}, []any{"d", "5", "b", "4"}},
		{[]any{"zrangebyscore", "z", "-inf", "(4"}, []any{"a", "c"}},
		{[]any{"zrangebyscore", "z", "-inf", "+inf", "withscores", "limit", "1", "1"}, []any{"c", "3.5"}},
		{[]any{"zrevrangebyscore", "z", "+inf", "4"}, []any{"d", "b"}},
		{[]any{"zrank", "z", "b"}, int64(2)},
		{[]any{"zrevrank", "z", "b"}, int64(1)},
		{[]any{"zrank", "z", "nope"}, nil},
		{[]any{"zrank", "z", "c", "withscore"}, []any{int64(1), "3.5"}},
		{[]any{"zrem", "z", "a", "nope"}, int64(1)},
	}
	for _, ch := range checks {
		got := do(t, c, ch.args...)
		if !equalReply(got, ch.want) {
			t.Fatalf("%v = %#v, want %#v", ch.args, got, ch.want)
		}
	}
	c.ZAdd(ctx, "lex", redis.Z{Member: "a"}, redis.Z{Member: "b"}, redis.Z{Member: "c"})
	if got := do(t, c, "zrange", "lex", "[b", "+", "bylex"); !equalReply(got, []any{"b", "c"}) {
		t.Fatalf("ZRANGE BYLEX = %v", got)
	}
	c.Set(ctx, "str", "v", 0)
	for _, tc := range []struct {
		args []any
		err  string
	}{
		{[]any{"zadd", "str", "1", "a"}, wrongType},
		{[]any{"zrange", "str", "0", "1"}, wrongType},
		{[]any{"zadd", "z", "x", "a"}, "ERR value is not a valid float"},
		{[]any{"zadd", "z", "1"}, "ERR wrong number of arguments for 'zadd' command"},
		{[]any{"zadd", "z", "1", "a", "2"}, "ERR syntax error"},
		{[]any{"zadd", "z", "nx", "xx", "1", "a"}, "ERR XX and NX options at the same time are not compatible"},
		{[]any{"zadd", "z", "gt", "lt", "1", "a"}, "ERR GT, LT, and/or NX options at the same time are not compatible"},
		{[]any{"zadd", "z", "incr", "1", "a", "2", "b"}, "ERR INCR option supports a single increment-element pair"},
		{[]any{"zrangebyscore", "z", "x", "1"}, "ERR min or max is not a float"},
		{[]any{"zrange", "z", "0", "1", "limit", "0", "1"}, "ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX"},
		{[]any{"zrange", "z", "a", "1"}, "ERR value is not an integer or out of range"},
		{[]any{"zrange", "lex", "b", "c", "bylex"}, "ERR min or max not valid string range item"},
		{[]any{"zincrby", "z", "x", "a"}, "ERR value is not a valid float"},
	} {
		wantErr(t, c.Do(ctx, tc.args...).Err(), tc.err)
	}
}

func TestKeysAndScan(t *testing.T) {
	c := authed(t)
	ctx := ctxT(t)
	for _, k := range []string{"user:1", "user:2", "user:3", "order:1", "0", "123"} {
		c.Set(ctx, k, "v", 0)
	}
	c.HSet(ctx, "user:h", "f", "v")
	if got := c.Keys(ctx, "user:?").Val(); !reflect.DeepEqual(got, []string{"user:1", "user:2", "user:3", "user:h"}) {
		t.Fatalf("KEYS = %v", got)
	}
	if got := c.Keys(ctx, "user:[12]").Val(); !reflect.DeepEqual(got, []string{"user:1", "user:2"}) {
		t.Fatalf("KEYS class = %v", got)
	}
	// Numeric key names must not be mistaken for cursors.
	seen := map[string]int{}
	var cursor uint64
	for i := 0; ; i++ {
		keys, next, err := c.Scan(ctx, cursor, "", 2).Result()
		if err != nil {
			t.Fatal(err)
		}
		for _, k := range keys {
			seen[k]++
		}
		if cursor = next; cursor == 0 {
			break
		}
		if i > 20 {
			t.Fatal("SCAN does not end")
		}
	}
	if len(seen) != 7 {
		t.Fatalf("SCAN saw %v", seen)
	}
	for k, n := range seen {
		if n != 1 {
			t.Fatalf("SCAN returned %q %d times", k, n)
		}
	}
	keys, _, err := c.ScanType(ctx, 0, "user:*", 100, "hash").Result()
	if err != nil || !reflect.DeepEqual(keys, []string{"user:h"}) {
		t.Fatalf("SCAN MATCH TYPE = %v, %v", keys, err)
	}
	if n := c.Unlink(ctx, "user:1", "user:2", "nope").Val(); n != 2 {
		t.Fatalf("UNLINK = %d", n)
	}
	wantErr(t, c.Do(ctx, "scan", "abc").Err(), "ERR invalid cursor")
	wantErr(t, c.Do(ctx, "scan", "0", "count", "0").Err(), "ERR syntax error")
	wantErr(t, c.Do(ctx, "scan", "0", "match").Err(), "ERR syntax error")
}
