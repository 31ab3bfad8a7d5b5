package resp

import (
	"bytes"
	"sort"

	"github.com/geocache/terraform-provider-geocache/internal/sim/crdt"
)

// zrangeBy is what a ZRANGE selects by.
type zrangeBy uint8

const (
	byRank zrangeBy = iota
	byScore
	byLex
)

// zrangeSpec is a parsed ZRANGE and its older forms.
type zrangeSpec struct {
	by           zrangeBy
	rev          bool
	withScores   bool
	limit        bool
	offset, cnt  int64
	start, stop  int64 // byRank
	min, max     float64
	minEx, maxEx bool // byScore: exclusive bounds
	lmin, lmax   lexBound
}

// lexBound is one end of a BYLEX range.
type lexBound struct {
	inf  int // -1 for "-", +1 for "+", 0 for a value
	ex   bool
	name string
}

func parseLexBound(b []byte) (lexBound, bool) {
	switch {
	case len(b) == 1 && b[0] == '-':
		return lexBound{inf: -1}, true
	case len(b) == 1 && b[0] == '+':
		return lexBound{inf: 1}, true
	case len(b) > 0 && (b[0] == '(' || b[0] == '['):
		return lexBound{ex: b[0] == '(', name: string(b[1:])}, true
	}
	return lexBound{}, false
}

// parseScoreBound reads "1.5", "(1.5", "-inf", "+inf".
func parseScoreBound(b []byte) (float64, bool, bool) {
	ex := len(b) > 0 && b[0] == '('
	if ex {
		b = b[1:]
	}
	v, ok := parseFloat(b)
	return v, ex, ok
}

// parseRangeTail reads REV, BYSCORE, BYLEX, LIMIT and WITHSCORES from the
// options of ZRANGE (all allowed) or of an older command (allowed set).
func (z *zrangeSpec) parseTail(c *client, opts [][]byte, zrange bool) bool {
	for j := 0; j < len(opts); j++ {
		o := opts[j]
		switch {
		case bytes.EqualFold(o, []byte("withscores")):
			z.withScores = true
		case bytes.EqualFold(o, []byte("limit")) && j+2 < len(opts) && (zrange || z.by == byScore):
			off, ok1 := parseInt(opts[j+1])
			cnt, ok2 := parseInt(opts[j+2])
			if !ok1 || !ok2 {
				c.err(errNotInteger)
				return false
			}
			z.limit, z.offset, z.cnt = true, off, cnt
			j += 2
		case zrange && bytes.EqualFold(o, []byte("rev")):
			z.rev = true
		case zrange && bytes.EqualFold(o, []byte("byscore")):
			z.by = byScore
		case zrange && bytes.EqualFold(o, []byte("bylex")):
			z.by = byLex
		default:
			c.w.WriteError(errSyntax)
			return false
		}
	}
	return true
}

// parseBounds reads start and stop for the selected kind of range; with
// REV in ZRANGE (or in ZREV*BYSCORE) they come as max then min.
func (z *zrangeSpec) parseBounds(c *client, a, b []byte) bool {
	switch z.by {
	case byRank:
		start, ok1 := parseInt(a)
		stop, ok2 := parseInt(b)
		if !ok1 || !ok2 {
			c.err(errNotInteger)
			return false
		}
		z.start, z.stop = start, stop
	case byScore:
		if z.rev {
			a, b = b, a
		}
		var ok1, ok2 bool
		z.min, z.minEx, ok1 = parseScoreBound(a)
		z.max, z.maxEx, ok2 = parseScoreBound(b)
		if !ok1 || !ok2 {
			c.w.WriteError(errMinMaxFloat)
			return false
		}
	case byLex:
		if z.rev {
			a, b = b, a
		}
		var ok1, ok2 bool
		z.lmin, ok1 = parseLexBound(a)
		z.lmax, ok2 = parseLexBound(b)
		if !ok1 || !ok2 {
			c.w.WriteError(errMinMaxLex)
			return false
		}
	}
	return true
}

func cmdZRange(s *Server, c *client, args [][]byte) {
	var z zrangeSpec
	if !z.parseTail(c, args[4:], true) {
		return
	}
	if z.limit && z.by == byRank {
		c.w.WriteError("ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX")
		return
	}
	if z.withScores && z.by == byLex {
		c.w.WriteError("ERR syntax error, WITHSCORES not supported in combination with BYLEX")
		return
	}
	if z.parseBounds(c, args[2], args[3]) {
		zrange(s, c, args[1], &z)
	}
}

func cmdZRevRange(s *Server, c *client, args [][]byte) {
	z := zrangeSpec{rev: true}
	if len(args) > 5 || (len(args) == 5 && !bytes.EqualFold(args[4], []byte("withscores"))) {
		c.w.WriteError(errSyntax)
		return
	}
	z.withScores = len(args) == 5
	if z.parseBounds(c, args[2], args[3]) {
		zrange(s, c, args[1], &z)
	}
}

func cmdZRangeByScore(s *Server, c *client, args [][]byte)    { zrangeByScore(s, c, args, false) }
func cmdZRevRangeByScore(s *Server, c *client, args [][]byte) { zrangeByScore(s, c, args, true) }

func zrangeByScore(s *Server, c *client, args [][]byte, rev bool) {
	z := zrangeSpec{by: byScore, rev: rev}
	if z.parseTail(c, args[4:], false) && z.parseBounds(c, args[2], args[3]) {
		zrange(s, c, args[1], &z)
	}
}

func zrange(s *Server, c *client, key []byte, z *zrangeSpec) {
	s.read(c, func(ks *crdt.Keyspace) {
		ms, err := ks.ZMembers(view(key))
		if err != nil {
			c.err(err)
			return
		}
		sel := z.selectRange(ms)
		n := len(sel)
		if z.withScores {
			n *= 2
		}
		c.w.WriteArray(n)
		for _, m := range sel {
			c.w.WriteBulkString(m.Member)
			if z.withScores {
				c.writeScore(m.Score)
			}
		}
	})
}

// selectRange picks the members in range from ms (ascending), in reply
// order.
func (z *zrangeSpec) selectRange(ms []crdt.ZMember) []crdt.ZMember {
	var lo, hi int // half-open, in ascending order
	switch z.by {
	case byRank:
		n := int64(len(ms))
		start, stop := z.start, z.stop
		if start < 0 {
			start += n
		}
		if stop < 0 {
			stop += n
		}
		start = max(start, 0)
		if start > stop || start >= n {
			return nil
		}
		stop = min(stop, n-1)
		if z.rev {
			start, stop = n-1-stop, n-1-start
		}
		lo, hi = int(start), int(stop)+1
	case byScore:
		lo = sort.Search(len(ms), func(i int) bool {
			return ms[i].Score > z.min || (!z.minEx && ms[i].Score == z.min)
		})
		hi = sort.Search(len(ms), func(i int) bool {
			return ms[i].Score > z.max || (z.maxEx && ms[i].Score == z.max)
		})
	case byLex:
		lo = sort.Search(len(ms), func(i int) bool { return z.lmin.below(ms[i].Member) })
		hi = sort.Search(len(ms), func(i int) bool { return !z.lmax.above(ms[i].Member) })
	}
	if lo >= hi {
		return nil
	}
	out := make([]crdt.ZMember, hi-lo)
	copy(out, ms[lo:hi])
	if z.rev {
		for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
			out[i], out[j] = out[j], out[i]
		}
	}
	if z.limit && z.by != byRank {
		if z.offset < 0 || z.offset >= int64(len(out)) {
			return nil
		}
		out = out[z.offset:]
		if z.cnt >= 0 && z.cnt < int64(len(out)) {
			out = out[:z.cnt]
		}
	}
	return out
}

// below reports whether m is at or after the lower bound.
func (b lexBound) below(m string) bool {
	switch {
	case b.inf < 0:
		return true
	case b.inf > 0:
		return false
	case b.ex:
		return m > b.name
	}
	return m >= b.name
}

// above reports whether m is at or before the upper bound.
func (b lexBound) above(m string) bool {
	switch {
	case b.inf > 0:
		return true
	case b.inf < 0:
		return false
	case b.ex:
		return m < b.name
	}
	return m <= b.name
}
