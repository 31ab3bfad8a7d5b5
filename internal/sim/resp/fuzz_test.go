package resp

import (
	"bytes"
	"errors"
	"strconv"
	"strings"
	"testing"
)

// respCommand encodes args as a RESP array of bulk strings.
func respCommand(args ...string) []byte {
	var w respWriter
	w.WriteArray(len(args))
	for _, a := range args {
		w.WriteBulkString(a)
	}
	return w.b
}

// parseAll runs data through a parser in chunks of at most step bytes and
// returns copies of the commands it completed, the bytes consumed up to
// the last one, and the framing error that stopped it, if any.
func parseAll(data []byte, step int) (cmds [][][]byte, err error) {
	var pr parser
	off := 0
	for off < len(data) {
		end := min(len(data), off+step)
		n, done, ferr := pr.feed(data[off:end])
		off += n
		if ferr != nil {
			return cmds, ferr
		}
		if done && len(pr.args) > 0 {
			cp := make([][]byte, len(pr.args))
			for i, a := range pr.args {
				cp[i] = append([]byte{}, a...)
			}
			cmds = append(cmds, cp)
		}
	}
	return cmds, nil
}

// FuzzCommand drives raw request bytes through the same path a connection
// takes (the request parser, the command table) and checks that nothing
// panics, that the parser finds the same commands whether the bytes come
// at once or one at a time, and that every command gets exactly one
// well-formed reply.
func FuzzCommand(f *testing.F) {
	seeds := [][]string{
		{"PING"}, {"PING", "x"}, {"ECHO", "e"}, {"AUTH", "pw"}, {"AUTH", "default", "pw"},
		{"HELLO"}, {"HELLO", "3", "AUTH", "default", "pw"}, {"HELLO", "2", "SETNAME", "n"},
		{"SET", "k", "v"}, {"SET", "k", "v", "EX", "10", "NX", "GET"}, {"SET", "k", "v", "PXAT", "1", "XX"},
		{"SET", "k", "v", "KEEPTTL"}, {"GET", "k"}, {"MSET", "a", "1", "b"}, {"MGET", "a", "k"},
		{"INCR", "n"}, {"INCRBY", "n", "-9223372036854775808"}, {"DECRBY", "n", "9223372036854775807"},
		{"DEL", "a", "a"}, {"EXISTS", "k", "k"}, {"EXPIRE", "k", "10", "GT"}, {"PEXPIRE", "k", "-1"},
		{"EXPIREAT", "k", "9223372036854775807"}, {"TTL", "k"}, {"PTTL", "k"}, {"PERSIST", "k"},
		{"TYPE", "k"}, {"HSET", "h", "f", "v"}, {"HGET", "h", "f"}, {"HDEL", "h", "f"}, {"HGETALL", "h"},
		{"HLEN", "h"}, {"DBSIZE"}, {"INFO"}, {"INFO", "memory", "keyspace"}, {"CONFIG", "GET", "*"},
		{"CLIENT", "SETNAME", "x"}, {"CLIENT", "GETNAME"}, {"CLIENT", "ID"}, {"CLIENT", "SETINFO", "lib-ver", "1"},
		{"COMMAND"}, {"COMMAND", "COUNT"}, {"COMMAND", "DOCS"}, {"COMMAND", "INFO", "get"},
		{"SETNX", "k", "v"}, {"SETEX", "k", "1", "v"}, {"PSETEX", "k", "0", "v"}, {"GETSET", "k", "v"},
		{"GETDEL", "k"}, {"APPEND", "k", "v"}, {"STRLEN", "k"}, {"INCRBYFLOAT", "f", "1e308"},
		{"UNLINK", "k"}, {"KEYS", "[a-"}, {"SCAN", "0", "MATCH", "*", "COUNT", "2", "TYPE", "string"},
		{"HMGET", "h", "f"}, {"HKEYS", "h"}, {"HVALS", "h"}, {"HEXISTS", "h", "f"}, {"HINCRBY", "h", "f", "1"},
		{"HINCRBYFLOAT", "h", "f", "1.5"}, {"HSETNX", "h", "g", "v"}, {"SADD", "s", "a", "b"}, {"SREM", "s", "a"},
		{"SMEMBERS", "s"}, {"SISMEMBER", "s", "a"}, {"SCARD", "s"}, {"ZADD", "z", "GT", "CH", "1", "a"},
		{"ZADD", "z", "INCR", "inf", "a"}, {"ZADD", "z", "INCR", "-inf", "a"}, {"ZINCRBY", "z", "1", "a"},
		{"ZRANGE", "z", "(1", "+inf", "BYSCORE", "REV", "LIMIT", "0", "-1", "WITHSCORES"},
		{"ZRANGE", "z", "[a", "-", "BYLEX", "REV"}, {"ZREVRANGE", "z", "0", "-1", "WITHSCORES"},
		{"ZRANGEBYSCORE", "z", "-inf", "(2", "LIMIT", "1", "1"}, {"ZRANK", "z", "a", "WITHSCORE"},
		{"ZREM", "z", "a"}, {"ZSCORE", "z", "a"}, {"ZCARD", "z"},
		{"MULTI"}, {"EXEC"}, {"DISCARD"}, {"WATCH", "k"}, {"UNWATCH"}, {"RESET"},
		{"SUBSCRIBE", "c"}, {"PSUBSCRIBE", "c*"}, {"UNSUBSCRIBE"}, {"PUNSUBSCRIBE", "x"}, {"PUBLISH", "c", "m"},
		{"PUBSUB", "NUMSUB", "c"}, {"PUBSUB", "CHANNELS"}, {"INFO", "crdt"},
		{"SELECT", "0"}, {"FLUSHALL"}, {"FLUSHDB", "ASYNC"}, {"QUIT"}, {"NOSUCH", "a\r\nb"},
	}
	for _, s := range seeds {
		f.Add(respCommand(s...))
	}
	f.Add([]byte("SET k \"v w\"\r\nGET k\r\n"))
	f.Add([]byte("*1\r\n$9223372036854775807\r\n"))
	f.Add([]byte("*99999999999\r\n$1\r\n"))
	f.Add([]byte("*2\r\n$3\r\nGET\r\n$-1\r\n"))
	f.Add(append(respCommand("SET", "k", "1"), respCommand("INCR", "k")...))
	f.Add(append(append(respCommand("MULTI"), respCommand("SET", "k", "1")...), respCommand("EXEC")...))
	f.Add(append(append(respCommand("MULTI"), respCommand("GET")...), respCommand("EXEC")...))
	f.Add(append(respCommand("SUBSCRIBE", "a"), respCommand("GET", "k")...))

	s := New(Config{Name: "fuzz", Passwords: []string{"pw"}, MaxMemoryBytes: 1 << 20})
	f.Fuzz(func(t *testing.T, data []byte) {
		defer s.ds.FlushObserved()
		cmds, perr := parseAll(data, len(data)+1)
		slow, slowErr := parseAll(data, 1)
		if !equalCommands(cmds, slow) || !sameError(perr, slowErr) {
			t.Fatalf("parsed at once: %q, %v; byte by byte: %q, %v", cmds, perr, slow, slowErr)
		}
		var out bytes.Buffer
		w := newRespWriter(&out)
		c := s.newClient(w)
		defer func() {
			if c.sub != nil {
				c.sub.sub.Close()
			}
		}()
		c.authed = len(data)%2 == 0 // exercise both sides of the AUTH gate
		ran := 0
		// (P)(UN)SUBSCRIBE answer once per channel, as in Redis, so with
		// them in the stream only "at least one reply each" holds.
		multiReply := false
		for _, args := range cmds {
			if c.quit {
				break
			}
			s.execContained(c, args)
			ran++
			name := strings.ToLower(string(args[0]))
			multiReply = multiReply || strings.HasSuffix(name, "subscribe")
		}
		if err := w.Flush(); err != nil {
			t.Fatalf("flush: %v", err)
		}
		n, err := countReplies(out.Bytes())
		if err != nil {
			t.Fatalf("malformed reply stream %q: %v", out.Bytes(), err)
		}
		if n != ran && (!multiReply || n < ran) {
			t.Fatalf("%d replies for %d commands: %q", n, ran, out.Bytes())
		}
	})
}

func equalCommands(a, b [][][]byte) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if len(a[i]) != len(b[i]) {
			return false
		}
		for j := range a[i] {
			if !bytes.Equal(a[i][j], b[i][j]) {
				return false
			}
		}
	}
	return true
}

func sameError(a, b error) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Error() == b.Error()
}

// countReplies parses a RESP2 reply stream and counts its top-level replies.
func countReplies(b []byte) (int, error) {
	n := 0
	for len(b) > 0 {
		rest, err := skipReply(b)
		if err != nil {
			return n, err
		}
		b = rest
		n++
	}
	return n, nil
}

func skipReply(b []byte) ([]byte, error) {
	i := bytes.Index(b, []byte("\r\n"))
	if i < 1 {
		return nil, errors.New("reply without a CRLF-terminated header")
	}
	head, rest := b[:i], b[i+2:]
	switch head[0] {
	case '+', '-':
		if bytes.ContainsAny(head, "\r\n") {
			return nil, errors.New("line reply with a newline")
		}
		return rest, nil
	case ':':
		_, err := strconv.ParseInt(string(head[1:]), 10, 64)
		return rest, err
	case '$':
		l, err := strconv.Atoi(string(head[1:]))
		if err != nil || l < -1 {
			return nil, errors.New("bad bulk length")
		}
		if l == -1 {
			return rest, nil
		}
		if len(rest) < l+2 || string(rest[l:l+2]) != "\r\n" {
			return nil, errors.New("short bulk")
		}
		return rest[l+2:], nil
	case '*':
		l, err := strconv.Atoi(string(head[1:]))
		if err != nil || l < -1 {
			return nil, errors.New("bad array length")
		}
		for range l {
			if rest, err = skipReply(rest); err != nil {
				return nil, err
			}
		}
		return rest, nil
	}
	return nil, errors.New("unknown reply type " + strconv.Quote(string(head[:1])))
}
