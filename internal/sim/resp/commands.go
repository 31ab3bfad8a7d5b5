package resp

// maxCommandName bounds the names the table can hold; longer names are
// unknown without a lookup.
const maxCommandName = 32

// command is one entry of the command table.
type command struct {
	name  string
	arity int // Redis convention: n exact, -n at least n (name included)
	max   int // most arguments accepted, name included; 0 for no limit
	// noAuth commands run before AUTH (AUTH, HELLO, QUIT).
	noAuth bool
	// txControl commands run at once inside MULTI rather than being
	// queued (EXEC, DISCARD, MULTI, WATCH, QUIT, RESET).
	txControl bool
	// noMulti commands cannot be queued by MULTI.
	noMulti bool
	// subOK commands are allowed in subscriber mode.
	subOK bool
	// write marks commands that change data, for the errors MULTI queues.
	write bool
	// batch marks writes that only touch the keyspace through Server.read
	// and Server.write: pipelined runs of them share one write lock.
	batch bool
	flags []string
	// first, last and step locate key arguments for COMMAND; last -1 is
	// the final argument.
	first, last, step int
	run               func(s *Server, c *client, args [][]byte)
}

func (c *command) arityOK(n int) bool {
	if c.arity >= 0 {
		return n == c.arity
	}
	return n >= -c.arity && (c.max == 0 || n <= c.max)
}

// commands is filled in init because some handlers (COMMAND) read it.
var commands map[string]*command

// commandList is the table; add a command by adding a line.
func commandList() []*command {
	ro := []string{"readonly", "fast"}
	rs := []string{"readonly"}
	wr := []string{"write", "denyoom"}
	wrf := []string{"write", "denyoom", "fast"}
	wf := []string{"write", "fast"}
	conn := []string{"fast", "no-auth", "loading", "stale"}
	ps := []string{"pubsub", "noscript", "loading", "stale"}
	k1 := func(c *command) *command { c.first, c.last, c.step = 1, 1, 1; return c }
	kn := func(c *command) *command { c.first, c.last, c.step = 1, -1, 1; return c }
	w := func(c *command) *command { c.write = true; return c }
	return []*command{
		{name: "auth", arity: -2, max: 3, noAuth: true, subOK: true, flags: conn, run: cmdAuth},
		{name: "hello", arity: -1, noAuth: true, flags: conn, run: cmdHello},
		{name: "quit", arity: -1, noAuth: true, txControl: true, subOK: true, flags: conn, run: cmdQuit},
		{name: "reset", arity: 1, noAuth: true, txControl: true, subOK: true, flags: conn, run: cmdReset},
		{name: "ping", arity: -1, max: 2, subOK: true, flags: []string{"fast"}, run: cmdPing},
		{name: "echo", arity: 2, flags: []string{"fast"}, run: cmdEcho},
		{name: "select", arity: 2, flags: []string{"fast", "loading", "stale"}, run: cmdSelect},
		{name: "client", arity: -2, flags: []string{"loading", "stale"}, run: cmdClient},
		{name: "command", arity: -1, flags: []string{"loading", "stale"}, run: cmdCommand},
		{name: "info", arity: -1, flags: []string{"loading", "stale"}, run: cmdInfo},
		{name: "memory", arity: -2, flags: []string{"readonly"}, run: cmdMemory},
		{name: "config", arity: -2, flags: []string{"admin", "loading", "stale"}, run: cmdConfig},
		{name: "dbsize", arity: 1, flags: ro, run: cmdDBSize},
		w(&command{name: "flushall", arity: -1, max: 2, flags: []string{"write"}, run: cmdFlush}),
		w(&command{name: "flushdb", arity: -1, max: 2, flags: []string{"write"}, run: cmdFlush}),

		k1(&command{name: "get", arity: 2, flags: ro, run: cmdGet}),
		w(k1(&command{name: "set", arity: -3, flags: wr, run: cmdSet})),
		w(k1(&command{name: "setnx", arity: 3, flags: wrf, run: cmdSetNX})),
		w(k1(&command{name: "setex", arity: 4, flags: wr, run: cmdSetEX})),
		w(k1(&command{name: "psetex", arity: 4, flags: wr, run: cmdPSetEX})),
		w(k1(&command{name: "getset", arity: 3, flags: wrf, run: cmdGetSet})),
		w(k1(&command{name: "getdel", arity: 2, flags: wf, run: cmdGetDel})),
		w(k1(&command{name: "append", arity: 3, flags: wrf, run: cmdAppend})),
		k1(&command{name: "strlen", arity: 2, flags: ro, run: cmdStrlen}),
		kn(&command{name: "mget", arity: -2, flags: ro, run: cmdMGet}),
		w(&command{name: "mset", arity: -3, flags: wr, first: 1, last: -1, step: 2, run: cmdMSet}),
		w(k1(&command{name: "incr", arity: 2, flags: wrf, run: cmdIncr})),
		w(k1(&command{name: "decr", arity: 2, flags: wrf, run: cmdDecr})),
		w(k1(&command{name: "incrby", arity: 3, flags: wrf, run: cmdIncrBy})),
		w(k1(&command{name: "decrby", arity: 3, flags: wrf, run: cmdDecrBy})),
		w(k1(&command{name: "incrbyfloat", arity: 3, flags: wrf, run: cmdIncrByFloat})),

		w(kn(&command{name: "del", arity: -2, flags: []string{"write"}, run: cmdDel})),
		w(kn(&command{name: "unlink", arity: -2, flags: wf, run: cmdDel})),
		kn(&command{name: "exists", arity: -2, flags: ro, run: cmdExists}),
		k1(&command{name: "type", arity: 2, flags: ro, run: cmdType}),
		{name: "keys", arity: 2, flags: rs, run: cmdKeys},
		{name: "scan", arity: -2, flags: rs, run: cmdScan},
		w(k1(&command{name: "expire", arity: -3, flags: wf, run: cmdExpire})),
		w(k1(&command{name: "pexpire", arity: -3, flags: wf, run: cmdPExpire})),
		w(k1(&command{name: "expireat", arity: -3, flags: wf, run: cmdExpireAt})),
		w(k1(&command{name: "pexpireat", arity: -3, flags: wf, run: cmdPExpireAt})),
		k1(&command{name: "ttl", arity: 2, flags: ro, run: cmdTTL}),
		k1(&command{name: "pttl", arity: 2, flags: ro, run: cmdPTTL}),
		w(k1(&command{name: "persist", arity: 2, flags: wf, run: cmdPersist})),

		w(k1(&command{name: "hset", arity: -4, flags: wrf, run: cmdHSet})),
		w(k1(&command{name: "hmset", arity: -4, flags: wrf, run: cmdHMSet})),
		w(k1(&command{name: "hsetnx", arity: 4, flags: wrf, run: cmdHSetNX})),
		k1(&command{name: "hget", arity: 3, flags: ro, run: cmdHGet}),
		k1(&command{name: "hmget", arity: -3, flags: ro, run: cmdHMGet}),
		w(k1(&command{name: "hdel", arity: -3, flags: wf, run: cmdHDel})),
		k1(&command{name: "hgetall", arity: 2, flags: rs, run: cmdHGetAll}),
		k1(&command{name: "hkeys", arity: 2, flags: rs, run: cmdHKeys}),
		k1(&command{name: "hvals", arity: 2, flags: rs, run: cmdHVals}),
		k1(&command{name: "hexists", arity: 3, flags: ro, run: cmdHExists}),
		k1(&command{name: "hlen", arity: 2, flags: ro, run: cmdHLen}),
		w(k1(&command{name: "hincrby", arity: 4, flags: wrf, run: cmdHIncrBy})),
		w(k1(&command{name: "hincrbyfloat", arity: 4, flags: wrf, run: cmdHIncrByFloat})),

		w(k1(&command{name: "sadd", arity: -3, flags: wrf, run: cmdSAdd})),
		w(k1(&command{name: "srem", arity: -3, flags: wf, run: cmdSRem})),
		k1(&command{name: "smembers", arity: 2, flags: rs, run: cmdSMembers}),
		k1(&command{name: "sismember", arity: 3, flags: ro, run: cmdSIsMember}),
		k1(&command{name: "scard", arity: 2, flags: ro, run: cmdSCard}),

		w(k1(&command{name: "zadd", arity: -4, flags: wrf, run: cmdZAdd})),
		w(k1(&command{name: "zincrby", arity: 4, flags: wrf, run: cmdZIncrBy})),
		w(k1(&command{name: "zrem", arity: -3, flags: wf, run: cmdZRem})),
		k1(&command{name: "zscore", arity: 3, flags: ro, run: cmdZScore}),
		k1(&command{name: "zcard", arity: 2, flags: ro, run: cmdZCard}),
		k1(&command{name: "zrange", arity: -4, flags: rs, run: cmdZRange}),
		k1(&command{name: "zrevrange", arity: -4, flags: rs, run: cmdZRevRange}),
		k1(&command{name: "zrangebyscore", arity: -4, flags: rs, run: cmdZRangeByScore}),
		k1(&command{name: "zrevrangebyscore", arity: -4, flags: rs, run: cmdZRevRangeByScore}),
		k1(&command{name: "zrank", arity: -3, max: 4, flags: ro, run: cmdZRank}),
		k1(&command{name: "zrevrank", arity: -3, max: 4, flags: ro, run: cmdZRevRank}),

		{name: "multi", arity: 1, txControl: true, flags: []string{"noscript", "loading", "stale", "fast"}, run: cmdMulti},
		{name: "exec", arity: 1, txControl: true, flags: []string{"noscript", "loading", "stale", "skip_slowlog"}, run: cmdExec},
		{name: "discard", arity: 1, txControl: true, flags: []string{"noscript", "loading", "stale", "fast"}, run: cmdDiscard},
		kn(&command{name: "watch", arity: -2, txControl: true, flags: []string{"noscript", "loading", "stale", "fast"}, run: cmdWatch}),
		{name: "unwatch", arity: 1, flags: []string{"noscript", "loading", "stale", "fast"}, run: cmdUnwatch},

		{name: "publish", arity: 3, flags: append(ps, "fast"), run: cmdPublish},
		{name: "subscribe", arity: -2, subOK: true, noMulti: true, flags: ps, run: cmdSubscribe},
		{name: "unsubscribe", arity: -1, subOK: true, noMulti: true, flags: ps, run: cmdUnsubscribe},
		{name: "psubscribe", arity: -2, subOK: true, noMulti: true, flags: ps, run: cmdPSubscribe},
		{name: "punsubscribe", arity: -1, subOK: true, noMulti: true, flags: ps, run: cmdPUnsubscribe},
		{name: "pubsub", arity: -2, flags: ps, run: cmdPubSub},
	}
}

func init() {
	list := commandList()
	commands = make(map[string]*command, len(list))
	for _, c := range list {
		commands[c.name] = c
	}
	for _, name := range []string{"set", "setnx", "setex", "psetex", "getset", "getdel", "append",
		"incr", "decr", "incrby", "decrby", "incrbyfloat", "mset", "del", "unlink",
		"hset", "hmset", "hsetnx", "hdel", "hincrby", "hincrbyfloat", "sadd", "srem",
		"zadd", "zincrby", "zrem", "expire", "pexpire", "expireat", "pexpireat", "persist"} {
		commands[name].batch = true
	}
}
