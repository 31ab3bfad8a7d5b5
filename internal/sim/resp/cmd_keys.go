package resp

import (
	"bytes"
	"strconv"

	"github.com/geocache/terraform-provider-geocache/internal/sim/crdt"
	"github.com/geocache/terraform-provider-geocache/internal/sim/dataset"
)

// cmdDel serves DEL and UNLINK; a key named twice counts once.
func cmdDel(s *Server, c *client, args [][]byte) {
	s.write(c, func(ks *crdt.Keyspace, emit func(crdt.Op)) {
		n := 0
		for _, k := range args[1:] {
			existed, op := ks.Del(string(k))
			emit(op)
			n += b2i(existed)
		}
		c.w.WriteInt(n)
	})
}

// cmdExists counts a key named twice twice, as Redis does.
func cmdExists(s *Server, c *client, args [][]byte) {
	s.read(c, func(ks *crdt.Keyspace) {
		n := 0
		for _, k := range args[1:] {
			n += b2i(ks.Exists(view(k)))
		}
		c.w.WriteInt(n)
	})
}

func cmdType(s *Server, c *client, args [][]byte) {
	s.read(c, func(ks *crdt.Keyspace) { c.w.WriteString(ks.Type(view(args[1])).RedisType()) })
}

func cmdDBSize(s *Server, c *client, _ [][]byte) {
	s.read(c, func(ks *crdt.Keyspace) { c.w.WriteInt(ks.Len()) })
}

// cmdFlush serves FLUSHALL and FLUSHDB; with one database they are alike.
// A member of a group refuses them, as Redis Enterprise does: a flush
// through the control plane clears every member, while a local one would
// only remove what this member happened to observe.
func cmdFlush(s *Server, c *client, args [][]byte) {
	if len(args) == 2 {
		if m := args[1]; !bytes.EqualFold(m, []byte("sync")) && !bytes.EqualFold(m, []byte("async")) {
			c.w.WriteError(errSyntax)
			return
		}
	}
	if s.ds.InGroup() {
		name := "FLUSHALL"
		if bytes.EqualFold(args[0], []byte("flushdb")) {
			name = "FLUSHDB"
		}
		c.w.WriteError("ERR " + name + " is not allowed on a member of an active-active group; flush through the control plane")
		return
	}
	s.write(c, func(ks *crdt.Keyspace, emit func(crdt.Op)) {
		for _, k := range ks.Keys(nil) {
			_, op := ks.Del(k)
			emit(op)
		}
		c.ok()
	})
}

func cmdKeys(s *Server, c *client, args [][]byte) {
	pat := string(args[1])
	s.read(c, func(ks *crdt.Keyspace) {
		var keys []string
		if pat == "*" {
			keys = ks.Keys(nil)
		} else {
			keys = ks.Keys(func(k string) bool { return dataset.Match(pat, k) })
		}
		writeStrings(c, keys)
	})
}

// scanDefaultCount is SCAN's default COUNT, as in Redis.
const scanDefaultCount = 10

// cmdScan walks keys in order, resuming after the key the cursor stands
// for (see scanCursors), so keys present for the whole scan come back
// exactly once, which is Redis's guarantee.
func cmdScan(s *Server, c *client, args [][]byte) {
	cur, err := strconv.ParseUint(string(args[1]), 10, 64)
	if err != nil {
		c.w.WriteError("ERR invalid cursor")
		return
	}
	cursor := ""
	if cur != 0 {
		cursor = s.scans.resume(cur)
	}
	count := scanDefaultCount
	var pat, typ []byte
	for j := 2; j < len(args); j += 2 {
		if j+1 >= len(args) {
			c.w.WriteError(errSyntax)
			return
		}
		switch opt, v := args[j], args[j+1]; {
		case bytes.EqualFold(opt, []byte("match")):
			pat = v
		case bytes.EqualFold(opt, []byte("count")):
			n, ok := parseInt(v)
			if !ok {
				c.err(errNotInteger)
				return
			}
			if n < 1 {
				c.w.WriteError(errSyntax)
				return
			}
			count = int(min(n, 1<<20))
		case bytes.EqualFold(opt, []byte("type")):
			typ = v
		default:
			c.w.WriteError(errSyntax)
			return
		}
	}
	p, t := string(pat), string(bytes.ToLower(typ))
	s.read(c, func(ks *crdt.Keyspace) {
		var match func(string) bool
		if pat != nil && p != "*" {
			match = func(k string) bool { return dataset.Match(p, k) }
		}
		keys, next := ks.Scan(cursor, count, match)
		if typ != nil {
			kept := keys[:0]
			for _, k := range keys {
				if ks.Type(k).RedisType() == t {
					kept = append(kept, k)
				}
			}
			keys = kept
		}
		nextCur := uint64(0)
		if next != "" {
			nextCur = s.scans.issue(next)
		}
		c.w.WriteArray(2)
		c.w.WriteBulk(strconv.AppendUint(c.scratch[:0], nextCur, 10))
		writeStrings(c, keys)
	})
}

func writeStrings(c *client, ss []string) {
	c.w.WriteArray(len(ss))
	for _, s := range ss {
		c.w.WriteBulkString(s)
	}
}

func cmdExpire(s *Server, c *client, a [][]byte)    { expire(s, c, a, "expire", unitSeconds, true) }
func cmdPExpire(s *Server, c *client, a [][]byte)   { expire(s, c, a, "pexpire", unitMillis, true) }
func cmdExpireAt(s *Server, c *client, a [][]byte)  { expire(s, c, a, "expireat", unitSeconds, false) }
func cmdPExpireAt(s *Server, c *client, a [][]byte) { expire(s, c, a, "pexpireat", unitMillis, false) }

// expire conditions of Redis 7.
const (
	expNX = 1 << iota
	expXX
	expGT
	expLT
)

// parseExpireFlags reads NX/XX/GT/LT as Redis 7.2 does, including its
// errors for combinations.
func parseExpireFlags(c *client, opts [][]byte) (int, bool) {
	f := 0
	for _, o := range opts {
		switch {
		case bytes.EqualFold(o, []byte("nx")):
			f |= expNX
		case bytes.EqualFold(o, []byte("xx")):
			f |= expXX
		case bytes.EqualFold(o, []byte("gt")):
			f |= expGT
		case bytes.EqualFold(o, []byte("lt")):
			f |= expLT
		default:
			c.w.WriteError(sanitize("ERR Unsupported option " + string(clip(o, 128))))
			return 0, false
		}
	}
	if f&expNX != 0 && f&(expXX|expGT|expLT) != 0 {
		c.w.WriteError("ERR NX and XX, GT or LT options at the same time are not compatible")
		return 0, false
	}
	if f&expGT != 0 && f&expLT != 0 {
		c.w.WriteError("ERR GT and LT options at the same time are not compatible")
		return 0, false
	}
	return f, true
}

// expire implements the EXPIRE family. A key without expiry counts as an
// infinite TTL for GT and LT, as in Redis.
func expire(s *Server, c *client, args [][]byte, name string, unit int64, relative bool) {
	flags, ok := parseExpireFlags(c, args[3:])
	if !ok {
		return
	}
	v, ok := parseInt(args[2])
	if !ok {
		c.err(errNotInteger)
		return
	}
	s.write(c, func(ks *crdt.Keyspace, emit func(crdt.Op)) {
		at, ok := absExpiry(v, unit, relative, ks.Now())
		if !ok {
			c.w.WriteError("ERR invalid expire time in '" + name + "' command")
			return
		}
		key := view(args[1])
		if !ks.Exists(key) {
			c.w.WriteInt(0)
			return
		}
		cur, has := ks.ExpireTime(key)
		switch {
		case flags&expNX != 0 && has,
			flags&expXX != 0 && !has,
			flags&expGT != 0 && (!has || at <= cur),
			flags&expLT != 0 && has && at >= cur:
			c.w.WriteInt(0)
			return
		}
		_, op := ks.Expire(string(args[1]), at)
		emit(op)
		c.w.WriteInt(1)
	})
}

func cmdTTL(s *Server, c *client, args [][]byte) {
	s.read(c, func(ks *crdt.Keyspace) {
		ms := ks.PTTL(view(args[1]))
		if ms >= 0 {
			// Rounded to the nearest second, as Redis does.
			ms = (ms + 500) / 1000
		}
		c.w.WriteInt64(ms)
	})
}

func cmdPTTL(s *Server, c *client, args [][]byte) {
	s.read(c, func(ks *crdt.Keyspace) { c.w.WriteInt64(ks.PTTL(view(args[1]))) })
}

func cmdPersist(s *Server, c *client, args [][]byte) {
	s.write(c, func(ks *crdt.Keyspace, emit func(crdt.Op)) {
		if !ks.Exists(view(args[1])) {
			c.w.WriteInt(0)
			return
		}
		done, op := ks.Persist(string(args[1]))
		emit(op)
		c.w.WriteInt(b2i(done))
	})
}
