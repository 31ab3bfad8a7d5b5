package resp

import (
	"net"
	"strconv"
	"strings"
)

// replyWriter is what the commands write replies with.
type replyWriter = *respWriter

// client is one connection's state. Only its connection's handler
// goroutine touches it.
type client struct {
	w       replyWriter
	id      int64
	authed  bool
	quit    bool
	name    string
	libName string
	libVer  string
	lower   [maxCommandName]byte // scratch for case-folding command names
	scratch [64]byte             // scratch for formatting numbers
	last    *command             // the command looked up last

	multi *multiState // non-nil between MULTI and EXEC/DISCARD
	tx    *txState    // non-nil while EXEC runs the queue under the dataset lock
	// batchTx is tx while a batch of pipelined writes runs (execBatch).
	batchTx txState
	// watched holds WATCHed keys with what they looked like then.
	watched []watchedKey

	sub *subscriber // non-nil once the connection entered subscriber mode
	// conn is the socket, nil on the command path without one.
	conn net.Conn
}

func (s *Server) newClient(w replyWriter) *client {
	return &client{w: w, id: s.nextID.Add(1)}
}

// lockWrites serialises the connection's replies with the messages a
// subscriber's writer pushes; before SUBSCRIBE only one goroutine writes.
func (c *client) lockWrites() {
	if c.sub != nil && c.sub.started {
		c.sub.mu.Lock()
	}
}

func (c *client) unlockWrites() {
	if c.sub != nil && c.sub.started {
		c.sub.mu.Unlock()
	}
}

// flush writes the buffered replies.
func (c *client) flush() error {
	c.lockWrites()
	defer c.unlockWrites()
	return c.w.Flush()
}

// exec runs one command. As in Redis, an unknown command or a wrong
// argument count is reported before authentication is checked.
func (s *Server) exec(c *client, args [][]byte) {
	if len(args) == 0 {
		return
	}
	cmd := c.lookup(args[0])
	if cmd == nil {
		c.failQueue()
		c.w.WriteError(unknownCommand(args))
		return
	}
	if !cmd.arityOK(len(args)) {
		c.failQueue()
		c.w.WriteError(wrongArity(cmd.name))
		return
	}
	if !c.authed && !cmd.noAuth {
		c.w.WriteError("NOAUTH Authentication required.")
		return
	}
	if c.multi != nil && !cmd.txControl {
		c.queue(cmd, args)
		return
	}
	if c.sub != nil && c.sub.active() && !cmd.subOK {
		c.w.WriteError(sanitize("ERR Can't execute '" + cmd.name +
			"': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context"))
		return
	}
	cmd.run(s, c, args)
}

// failQueue marks a transaction being queued as failed: Redis answers
// EXECABORT for a command rejected before it could be queued.
func (c *client) failQueue() {
	if c.multi != nil {
		c.multi.dirty = true
	}
}

// lookup finds a command by case-insensitive name without allocating.
// The last command found is tried first: pipelines and benchmarks repeat
// one command, and a fold-compare is cheaper than hashing the name.
func (c *client) lookup(name []byte) *command {
	if len(name) > len(c.lower) {
		return nil
	}
	if l := c.last; l != nil && len(l.name) == len(name) && equalFoldASCII(name, l.name) {
		return l
	}
	for i, b := range name {
		if 'A' <= b && b <= 'Z' {
			b += 'a' - 'A'
		}
		c.lower[i] = b
	}
	cmd := commands[string(c.lower[:len(name)])]
	if cmd != nil {
		c.last = cmd
	}
	return cmd
}

// equalFoldASCII compares b to the lower-case name.
func equalFoldASCII(b []byte, lower string) bool {
	for i, ch := range b {
		if 'A' <= ch && ch <= 'Z' {
			ch += 'a' - 'A'
		}
		if ch != lower[i] {
			return false
		}
	}
	return true
}

func wrongArity(name string) string {
	return "ERR wrong number of arguments for '" + name + "' command"
}

// unknownCommand words the error as Redis 7 does, bounding the echoed
// name and arguments to 128 bytes each.
func unknownCommand(args [][]byte) string {
	var b strings.Builder
	b.WriteString("ERR unknown command '")
	b.Write(clip(args[0], 128))
	b.WriteString("', with args beginning with: ")
	n := 0
	for _, a := range args[1:] {
		if n >= 128 {
			break
		}
		a = clip(a, 128-n)
		b.WriteByte('\'')
		b.Write(a)
		b.WriteString("' ")
		n += len(a) + 3
	}
	return sanitize(b.String())
}

func unknownSubcommand(sub []byte, cmd string) string {
	return sanitize("ERR unknown subcommand '" + string(clip(sub, 128)) + "'. Try " + cmd + " HELP.")
}

func clip(b []byte, n int) []byte {
	if len(b) > n {
		return b[:n]
	}
	return b
}

// sanitize keeps an error reply on one line.
func sanitize(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\r' || r == '\n' {
			return ' '
		}
		return r
	}, s)
}

func (c *client) ok() { c.w.WriteString("OK") }

func (c *client) err(e error) { c.w.WriteError(e.Error()) }

func (c *client) bulkOrNil(b []byte, ok bool) {
	if !ok {
		c.w.WriteNull()
		return
	}
	c.w.WriteBulk(b)
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
