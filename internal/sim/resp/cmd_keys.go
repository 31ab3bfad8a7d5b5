package resp

import (
	"bytes"
	"strings"
)

func cmdDel(s *Server, c *client, args [][]byte) { c.w.WriteInt(s.ks.Del(args[1:])) }

func cmdExists(s *Server, c *client, args [][]byte) { c.w.WriteInt(s.ks.Exists(args[1:])) }

func cmdType(s *Server, c *client, args [][]byte) { c.w.WriteString(s.ks.Type(args[1])) }

func cmdDBSize(s *Server, c *client, _ [][]byte) { c.w.WriteInt(s.ks.Stats(false).Keys) }

// cmdFlush serves FLUSHALL and FLUSHDB; with one database they are alike.
func cmdFlush(s *Server, c *client, args [][]byte) {
	if len(args) == 2 {
		if m := strings.ToLower(string(args[1])); m != "sync" && m != "async" {
			c.w.WriteError(errSyntax)
			return
		}
	}
	s.ks.Flush()
	c.ok()
}

func cmdExpire(s *Server, c *client, a [][]byte)    { expire(s, c, a, "expire", unitSeconds, true) }
func cmdPExpire(s *Server, c *client, a [][]byte)   { expire(s, c, a, "pexpire", unitMillis, true) }
func cmdExpireAt(s *Server, c *client, a [][]byte)  { expire(s, c, a, "expireat", unitSeconds, false) }
func cmdPExpireAt(s *Server, c *client, a [][]byte) { expire(s, c, a, "pexpireat", unitMillis, false) }

// expire implements the EXPIRE family with Redis 7's NX/XX/GT/LT option.
func expire(s *Server, c *client, args [][]byte, name string, unit int64, relative bool) {
	cond := ExpireAlways
	if len(args) == 4 {
		switch opt := args[3]; {
		case bytes.EqualFold(opt, []byte("nx")):
			cond = ExpireNX
		case bytes.EqualFold(opt, []byte("xx")):
			cond = ExpireXX
		case bytes.EqualFold(opt, []byte("gt")):
			cond = ExpireGT
		case bytes.EqualFold(opt, []byte("lt")):
			cond = ExpireLT
		default:
			c.w.WriteError(sanitize("ERR Unsupported option " + string(clip(args[3], 128))))
			return
		}
	}
	v, ok := parseInt(args[2])
	if !ok {
		c.err(errNotInteger)
		return
	}
	at, ok := absExpiry(v, unit, relative, s.ks.nowMs())
	if !ok {
		c.w.WriteError("ERR invalid expire time in '" + name + "' command")
		return
	}
	if s.ks.Expire(args[1], at, cond) {
		c.w.WriteInt(1)
		return
	}
	c.w.WriteInt(0)
}

func cmdTTL(s *Server, c *client, args [][]byte) {
	ms := s.ks.TTL(args[1])
	if ms < 0 {
		c.w.WriteInt64(ms)
		return
	}
	// Rounded to the nearest second, as Redis does.
	c.w.WriteInt64((ms + 500) / 1000)
}

func cmdPTTL(s *Server, c *client, args [][]byte) { c.w.WriteInt64(s.ks.TTL(args[1])) }

func cmdPersist(s *Server, c *client, args [][]byte) {
	if s.ks.Persist(args[1]) {
		c.w.WriteInt(1)
		return
	}
	c.w.WriteInt(0)
}
