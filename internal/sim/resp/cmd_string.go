package resp

import (
	"bytes"
	"strconv"

	"github.com/geocache/terraform-provider-geocache/internal/sim/crdt"
)

func cmdGet(s *Server, c *client, args [][]byte) {
	s.read(c, func(ks *crdt.Keyspace) {
		v, ok, err := ks.GetString(view(args[1]))
		if err != nil {
			c.err(err)
			return
		}
		c.bulkOrNil(v, ok)
	})
}

// expiry units of SET and the EXPIRE family.
const (
	unitSeconds = 1000
	unitMillis  = 1
)

// absExpiry turns a client's expiry argument into unix milliseconds.
// ok is false when the value overflows, which Redis reports as an invalid
// expire time.
func absExpiry(v, unit int64, relative bool, now int64) (int64, bool) {
	if unit == unitSeconds {
		if v > maxInt64/unitSeconds || v < minInt64/unitSeconds {
			return 0, false
		}
		v *= unitSeconds
	}
	if relative {
		if (now > 0 && v > maxInt64-now) || (now < 0 && v < minInt64-now) {
			return 0, false
		}
		v += now
	}
	return v, true
}

// setArgs is a parsed SET.
type setArgs struct {
	opt    crdt.SetOptions
	get    bool
	expArg []byte
	unit   int64
	rel    bool
}

// parseSet parses options the way Redis 7.2 does: NX/XX exclusive, one
// kind of EX/PX/EXAT/PXAT/KEEPTTL (repeating the same kind is allowed, the
// last wins), GET combinable with either condition.
func parseSet(args [][]byte) (setArgs, bool) {
	var a setArgs
	var expOpt string
	for j := 3; j < len(args); j++ {
		opt := setOption(args[j])
		switch {
		case opt == "nx" && !a.opt.XX:
			a.opt.NX = true
		case opt == "xx" && !a.opt.NX:
			a.opt.XX = true
		case opt == "get":
			a.get = true
		case opt == "keepttl" && (expOpt == "" || expOpt == opt):
			a.opt.KeepTTL, expOpt = true, opt
		case (opt == "ex" || opt == "px" || opt == "exat" || opt == "pxat") &&
			(expOpt == "" || expOpt == opt) && j+1 < len(args):
			expOpt, a.expArg = opt, args[j+1]
			j++
		default:
			return a, false
		}
	}
	a.unit = unitMillis
	if expOpt == "ex" || expOpt == "exat" {
		a.unit = unitSeconds
	}
	a.rel = expOpt == "ex" || expOpt == "px"
	return a, true
}

// setOptions are SET's keywords; setOption folds an argument to one of
// them without allocating, or returns "" for anything else.
var setOptions = []string{"nx", "xx", "get", "keepttl", "ex", "px", "exat", "pxat"}

func setOption(b []byte) string {
	for _, o := range setOptions {
		if len(b) == len(o) && bytes.EqualFold(b, []byte(o)) {
			return o
		}
	}
	return ""
}

// expiryArg parses an expiry given to SET, SETEX or PSETEX; Redis checks
// the integer, then positivity and overflow.
func expiryArg(c *client, arg []byte, unit int64, rel bool, now int64, cmd string) (int64, bool) {
	v, ok := parseInt(arg)
	if !ok {
		c.err(errNotInteger)
		return 0, false
	}
	at, ok := absExpiry(v, unit, rel, now)
	if v <= 0 || !ok {
		c.w.WriteError("ERR invalid expire time in '" + cmd + "' command")
		return 0, false
	}
	return at, true
}

func cmdSet(s *Server, c *client, args [][]byte) {
	a, ok := parseSet(args)
	if !ok {
		c.w.WriteError(errSyntax)
		return
	}
	s.write(c, func(ks *crdt.Keyspace, emit func(crdt.Op)) {
		if a.expArg != nil {
			at, ok := expiryArg(c, a.expArg, a.unit, a.rel, ks.Now(), "set")
			if !ok {
				return
			}
			a.opt.ExpireAt = at
		}
		var old []byte
		var had bool
		if a.get {
			var err error
			if old, had, err = ks.GetString(view(args[1])); err != nil {
				c.err(err)
				return
			}
		}
		var op crdt.Op
		done := ks.SetBytesInto(&op, args[1], args[2], a.opt)
		emit(op)
		switch {
		case a.get:
			c.bulkOrNil(old, had)
		case done:
			c.ok()
		default:
			c.w.WriteNull()
		}
	})
}

func cmdSetNX(s *Server, c *client, args [][]byte) {
	s.write(c, func(ks *crdt.Keyspace, emit func(crdt.Op)) {
		done, op := ks.SetBytes(args[1], args[2], crdt.SetOptions{NX: true})
		emit(op)
		c.w.WriteInt(b2i(done))
	})
}

func cmdSetEX(s *Server, c *client, args [][]byte)  { setEx(s, c, args, unitSeconds, "setex") }
func cmdPSetEX(s *Server, c *client, args [][]byte) { setEx(s, c, args, unitMillis, "psetex") }

func setEx(s *Server, c *client, args [][]byte, unit int64, name string) {
	s.write(c, func(ks *crdt.Keyspace, emit func(crdt.Op)) {
		at, ok := expiryArg(c, args[2], unit, true, ks.Now(), name)
		if !ok {
			return
		}
		_, op := ks.SetBytes(args[1], args[3], crdt.SetOptions{ExpireAt: at})
		emit(op)
		c.ok()
	})
}

func cmdGetSet(s *Server, c *client, args [][]byte) {
	s.write(c, func(ks *crdt.Keyspace, emit func(crdt.Op)) {
		old, had, err := ks.GetString(view(args[1]))
		if err != nil {
			c.err(err)
			return
		}
		_, op := ks.SetBytes(args[1], args[2], crdt.SetOptions{})
		emit(op)
		c.bulkOrNil(old, had)
	})
}

func cmdGetDel(s *Server, c *client, args [][]byte) {
	s.write(c, func(ks *crdt.Keyspace, emit func(crdt.Op)) {
		old, had, err := ks.GetString(view(args[1]))
		if err != nil {
			c.err(err)
			return
		}
		if had {
			_, op := ks.Del(string(args[1]))
			emit(op)
		}
		c.bulkOrNil(old, had)
	})
}

// cmdAppend writes the whole new value: under last-writer-wins an append
// is a SET of the result (keeping the expiry), as in Redis Active-Active.
func cmdAppend(s *Server, c *client, args [][]byte) {
	s.write(c, func(ks *crdt.Keyspace, emit func(crdt.Op)) {
		old, _, err := ks.GetString(view(args[1]))
		if err != nil {
			c.err(err)
			return
		}
		if len(old)+len(args[2]) > maxBulkLen {
			c.w.WriteError("ERR string exceeds maximum allowed size (proto-max-bulk-len)")
			return
		}
		v := make([]byte, 0, len(old)+len(args[2]))
		v = append(append(v, old...), args[2]...)
		_, op := ks.SetBytes(args[1], v, crdt.SetOptions{KeepTTL: true})
		emit(op)
		c.w.WriteInt(len(v))
	})
}

func cmdStrlen(s *Server, c *client, args [][]byte) {
	s.read(c, func(ks *crdt.Keyspace) {
		v, _, err := ks.GetString(view(args[1]))
		if err != nil {
			c.err(err)
			return
		}
		c.w.WriteInt(len(v))
	})
}

func incr(s *Server, c *client, key []byte, delta int64) {
	s.write(c, func(ks *crdt.Keyspace, emit func(crdt.Op)) {
		v, op, err := ks.IncrByBytes(key, delta)
		if err != nil {
			c.err(err)
			return
		}
		emit(op)
		c.w.WriteInt64(v)
	})
}

func cmdIncr(s *Server, c *client, args [][]byte) { incr(s, c, args[1], 1) }
func cmdDecr(s *Server, c *client, args [][]byte) { incr(s, c, args[1], -1) }

func cmdIncrBy(s *Server, c *client, args [][]byte) {
	d, ok := parseInt(args[2])
	if !ok {
		c.err(errNotInteger)
		return
	}
	incr(s, c, args[1], d)
}

func cmdDecrBy(s *Server, c *client, args [][]byte) {
	d, ok := parseInt(args[2])
	if !ok {
		c.err(errNotInteger)
		return
	}
	if d == minInt64 {
		c.w.WriteError("ERR decrement would overflow")
		return
	}
	incr(s, c, args[1], -d)
}

func cmdIncrByFloat(s *Server, c *client, args [][]byte) {
	d, ok := parseFiniteFloat(args[2])
	if !ok {
		c.err(crdt.ErrNotFloat)
		return
	}
	s.write(c, func(ks *crdt.Keyspace, emit func(crdt.Op)) {
		v, op, err := ks.IncrByFloat(string(args[1]), d)
		if err != nil {
			c.err(err)
			return
		}
		emit(op)
		c.w.WriteBulk(strconv.AppendFloat(c.scratch[:0], v, 'f', -1, 64))
	})
}

// cmdMGet answers nil for missing keys and for keys of another type.
func cmdMGet(s *Server, c *client, args [][]byte) {
	s.read(c, func(ks *crdt.Keyspace) {
		c.w.WriteArray(len(args) - 1)
		for _, k := range args[1:] {
			v, ok, err := ks.GetString(view(k))
			c.bulkOrNil(v, ok && err == nil)
		}
	})
}

func cmdMSet(s *Server, c *client, args [][]byte) {
	if len(args)%2 == 0 {
		c.w.WriteError(wrongArity("mset"))
		return
	}
	s.write(c, func(ks *crdt.Keyspace, emit func(crdt.Op)) {
		for i := 1; i+1 < len(args); i += 2 {
			_, op := ks.SetBytes(args[i], args[i+1], crdt.SetOptions{})
			emit(op)
		}
		c.ok()
	})
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
