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
	flags  []string
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
	wr := []string{"write", "denyoom"}
	wf := []string{"write", "fast"}
	conn := []string{"fast", "no-auth", "loading", "stale"}
	return []*command{
		{name: "auth", arity: -2, max: 3, noAuth: true, flags: conn, run: cmdAuth},
		{name: "hello", arity: -1, noAuth: true, flags: conn, run: cmdHello},
		{name: "quit", arity: -1, noAuth: true, flags: conn, run: cmdQuit},
		{name: "ping", arity: -1, max: 2, flags: []string{"fast"}, run: cmdPing},
		{name: "echo", arity: 2, flags: []string{"fast"}, run: cmdEcho},
		{name: "select", arity: 2, flags: []string{"fast", "loading", "stale"}, run: cmdSelect},
		{name: "client", arity: -2, flags: []string{"loading", "stale"}, run: cmdClient},
		{name: "command", arity: -1, flags: []string{"loading", "stale"}, run: cmdCommand},
		{name: "info", arity: -1, flags: []string{"loading", "stale"}, run: cmdInfo},
		{name: "config", arity: -2, flags: []string{"admin", "loading", "stale"}, run: cmdConfig},
		{name: "dbsize", arity: 1, flags: ro, run: cmdDBSize},
		{name: "flushall", arity: -1, max: 2, flags: []string{"write"}, run: cmdFlush},
		{name: "flushdb", arity: -1, max: 2, flags: []string{"write"}, run: cmdFlush},

		{name: "get", arity: 2, flags: ro, first: 1, last: 1, step: 1, run: cmdGet},
		{name: "set", arity: -3, flags: wr, first: 1, last: 1, step: 1, run: cmdSet},
		{name: "mget", arity: -2, flags: ro, first: 1, last: -1, step: 1, run: cmdMGet},
		{name: "mset", arity: -3, flags: wr, first: 1, last: -1, step: 2, run: cmdMSet},
		{name: "incr", arity: 2, flags: append(wr, "fast"), first: 1, last: 1, step: 1, run: cmdIncr},
		{name: "decr", arity: 2, flags: append(wr, "fast"), first: 1, last: 1, step: 1, run: cmdDecr},
		{name: "incrby", arity: 3, flags: append(wr, "fast"), first: 1, last: 1, step: 1, run: cmdIncrBy},
		{name: "decrby", arity: 3, flags: append(wr, "fast"), first: 1, last: 1, step: 1, run: cmdDecrBy},

		{name: "del", arity: -2, flags: []string{"write"}, first: 1, last: -1, step: 1, run: cmdDel},
		{name: "exists", arity: -2, flags: ro, first: 1, last: -1, step: 1, run: cmdExists},
		{name: "type", arity: 2, flags: ro, first: 1, last: 1, step: 1, run: cmdType},
		{name: "expire", arity: -3, max: 4, flags: wf, first: 1, last: 1, step: 1, run: cmdExpire},
		{name: "pexpire", arity: -3, max: 4, flags: wf, first: 1, last: 1, step: 1, run: cmdPExpire},
		{name: "expireat", arity: -3, max: 4, flags: wf, first: 1, last: 1, step: 1, run: cmdExpireAt},
		{name: "pexpireat", arity: -3, max: 4, flags: wf, first: 1, last: 1, step: 1, run: cmdPExpireAt},
		{name: "ttl", arity: 2, flags: ro, first: 1, last: 1, step: 1, run: cmdTTL},
		{name: "pttl", arity: 2, flags: ro, first: 1, last: 1, step: 1, run: cmdPTTL},
		{name: "persist", arity: 2, flags: wf, first: 1, last: 1, step: 1, run: cmdPersist},

		{name: "hset", arity: -4, flags: append(wr, "fast"), first: 1, last: 1, step: 1, run: cmdHSet},
		{name: "hget", arity: 3, flags: ro, first: 1, last: 1, step: 1, run: cmdHGet},
		{name: "hdel", arity: -3, flags: wf, first: 1, last: 1, step: 1, run: cmdHDel},
		{name: "hgetall", arity: 2, flags: []string{"readonly"}, first: 1, last: 1, step: 1, run: cmdHGetAll},
		{name: "hlen", arity: 2, flags: ro, first: 1, last: 1, step: 1, run: cmdHLen},
	}
}

func init() {
	list := commandList()
	commands = make(map[string]*command, len(list))
	for _, c := range list {
		commands[c.name] = c
	}
}
