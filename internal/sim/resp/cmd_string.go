package resp

import "bytes"

func cmdGet(s *Server, c *client, args [][]byte) {
	v, ok, err := s.ks.Get(args[1])
	if err != nil {
		c.err(err)
		return
	}
	c.bulkOrNil(v, ok)
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

// cmdSet parses options the way Redis 7.2 does: NX/XX exclusive, one kind
// of EX/PX/EXAT/PXAT/KEEPTTL (repeating the same kind is allowed, the last
// wins), GET combinable with either condition.
func cmdSet(s *Server, c *client, args [][]byte) {
	var a SetArgs
	var expOpt string
	var expArg []byte
	for j := 3; j < len(args); j++ {
		opt := setOption(args[j])
		switch {
		case opt == "nx" && a.Cond != SetIfPresent:
			a.Cond = SetIfAbsent
		case opt == "xx" && a.Cond != SetIfAbsent:
			a.Cond = SetIfPresent
		case opt == "get":
			a.Get = true
		case opt == "keepttl" && (expOpt == "" || expOpt == opt):
			a.KeepTTL, expOpt = true, opt
		case (opt == "ex" || opt == "px" || opt == "exat" || opt == "pxat") &&
			(expOpt == "" || expOpt == opt) && j+1 < len(args):
			expOpt, expArg = opt, args[j+1]
			j++
		default:
			c.w.WriteError(errSyntax)
			return
		}
	}
	if expArg != nil {
		v, ok := parseInt(expArg)
		if !ok {
			c.err(errNotInteger)
			return
		}
		unit := int64(unitMillis)
		if expOpt == "ex" || expOpt == "exat" {
			unit = unitSeconds
		}
		at, ok := absExpiry(v, unit, expOpt == "ex" || expOpt == "px", s.ks.nowMs())
		if v <= 0 || !ok {
			c.w.WriteError("ERR invalid expire time in 'set' command")
			return
		}
		a.ExpireAt = at
	}
	res, err := s.ks.Set(args[1], append([]byte(nil), args[2]...), a)
	switch {
	case err != nil:
		c.err(err)
	case a.Get:
		c.bulkOrNil(res.Old, res.HadOld)
	case res.Written:
		c.ok()
	default:
		c.w.WriteNull()
	}
}

// setOptions are SET's keywords; setOption folds an argument to one of
// them without allocating, or returns "" for anything else.
var setOptions = []string{"nx", "xx", "get", "keepttl", "ex", "px", "exat", "pxat"}

func setOption(b []byte) string {
	for _, o := range setOptions {
		if bytes.EqualFold(b, []byte(o)) {
			return o
		}
	}
	return ""
}

func incr(s *Server, c *client, key []byte, delta int64) {
	v, err := s.ks.IncrBy(key, delta)
	if err != nil {
		c.err(err)
		return
	}
	c.w.WriteInt64(v)
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

// cmdMGet answers nil for missing keys and for keys of another type.
func cmdMGet(s *Server, c *client, args [][]byte) {
	c.w.WriteArray(len(args) - 1)
	for _, k := range args[1:] {
		v, ok, err := s.ks.Get(k)
		c.bulkOrNil(v, ok && err == nil)
	}
}

func cmdMSet(s *Server, c *client, args [][]byte) {
	if len(args)%2 == 0 {
		c.w.WriteError(wrongArity("mset"))
		return
	}
	for i := 1; i+1 < len(args); i += 2 {
		// SET without options cannot fail.
		_, _ = s.ks.Set(args[i], append([]byte(nil), args[i+1]...), SetArgs{})
	}
	c.ok()
}
