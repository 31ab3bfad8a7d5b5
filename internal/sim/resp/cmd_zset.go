package resp

import (
	"bytes"
	"math"

	"github.com/geocache/terraform-provider-geocache/internal/sim/crdt"
)

const (
	errMinMaxFloat = "ERR min or max is not a float"
	errMinMaxLex   = "ERR min or max not valid string range item"
)

// zaddFlags are ZADD's options.
type zaddFlags struct{ nx, xx, gt, lt, ch, incr bool }

func parseZAddFlags(args [][]byte) (zaddFlags, int) {
	var f zaddFlags
	j := 2
	for ; j < len(args); j++ {
		a := args[j]
		switch {
		case bytes.EqualFold(a, []byte("nx")):
			f.nx = true
		case bytes.EqualFold(a, []byte("xx")):
			f.xx = true
		case bytes.EqualFold(a, []byte("gt")):
			f.gt = true
		case bytes.EqualFold(a, []byte("lt")):
			f.lt = true
		case bytes.EqualFold(a, []byte("ch")):
			f.ch = true
		case bytes.EqualFold(a, []byte("incr")):
			f.incr = true
		default:
			return f, j
		}
	}
	return f, j
}

// skip says whether a ZADD condition leaves a member alone, given its
// current score (if any) and the score it would get.
func (f zaddFlags) skip(cur float64, exists bool, score float64) bool {
	return (f.nx && exists) || (f.xx && !exists) ||
		(exists && f.gt && score <= cur) || (exists && f.lt && score >= cur)
}

func cmdZAdd(s *Server, c *client, args [][]byte) {
	f, j := parseZAddFlags(args)
	pairs := args[j:]
	switch {
	case len(pairs) == 0 || len(pairs)%2 != 0:
		c.w.WriteError(errSyntax)
		return
	case f.nx && f.xx:
		c.w.WriteError("ERR XX and NX options at the same time are not compatible")
		return
	case (f.gt && f.nx) || (f.lt && f.nx) || (f.gt && f.lt):
		c.w.WriteError("ERR GT, LT, and/or NX options at the same time are not compatible")
		return
	case f.incr && len(pairs) > 2:
		c.w.WriteError("ERR INCR option supports a single increment-element pair")
		return
	}
	scores := make([]float64, len(pairs)/2)
	for i := range scores {
		v, ok := parseFloat(pairs[2*i])
		if !ok {
			c.w.WriteError(errNotFloat)
			return
		}
		scores[i] = v
	}
	key := args[1]
	s.write(c, func(ks *crdt.Keyspace, emit func(crdt.Op)) {
		if f.incr {
			zaddIncr(ks, emit, c, f, key, pairs[1], scores[0])
			return
		}
		added, changed := 0, 0
		for i, sc := range scores {
			m := pairs[2*i+1]
			cur, exists, err := ks.ZScore(view(key), view(m))
			if err != nil {
				c.err(err)
				return
			}
			if f.skip(cur, exists, sc) {
				continue
			}
			// An unchanged score is still written: like SADD of a member
			// that exists, it must win over a concurrent ZREM elsewhere.
			_, op, err := ks.ZAdd(string(key), []crdt.ZMember{{Member: string(m), Score: sc}})
			if err != nil {
				c.err(err)
				return
			}
			emit(op)
			if exists {
				if cur != sc {
					changed++
				}
			} else {
				added++
			}
		}
		if f.ch {
			added += changed
		}
		c.w.WriteInt(added)
	})
}

func zaddIncr(ks *crdt.Keyspace, emit func(crdt.Op), c *client, f zaddFlags, key, member []byte, d float64) {
	cur, exists, err := ks.ZScore(view(key), view(member))
	if err != nil {
		c.err(err)
		return
	}
	next := cur + d
	if math.IsNaN(next) {
		c.err(crdt.ErrScoreNaN)
		return
	}
	if f.skip(cur, exists, next) {
		c.w.WriteNull()
		return
	}
	v, op, err := ks.ZIncrBy(string(key), string(member), d)
	if err != nil {
		c.err(err)
		return
	}
	emit(op)
	c.writeScore(v)
}

func cmdZIncrBy(s *Server, c *client, args [][]byte) {
	d, ok := parseFloat(args[2])
	if !ok {
		c.w.WriteError(errNotFloat)
		return
	}
	s.write(c, func(ks *crdt.Keyspace, emit func(crdt.Op)) {
		v, op, err := ks.ZIncrBy(string(args[1]), string(args[3]), d)
		if err != nil {
			c.err(err)
			return
		}
		emit(op)
		c.writeScore(v)
	})
}

func cmdZRem(s *Server, c *client, args [][]byte) {
	s.write(c, func(ks *crdt.Keyspace, emit func(crdt.Op)) {
		n, op, err := ks.ZRem(string(args[1]), strs(args[2:])...)
		if err != nil {
			c.err(err)
			return
		}
		emit(op)
		c.w.WriteInt(n)
	})
}

func cmdZScore(s *Server, c *client, args [][]byte) {
	s.read(c, func(ks *crdt.Keyspace) {
		v, ok, err := ks.ZScore(view(args[1]), view(args[2]))
		switch {
		case err != nil:
			c.err(err)
		case !ok:
			c.w.WriteNull()
		default:
			c.writeScore(v)
		}
	})
}

func cmdZCard(s *Server, c *client, args [][]byte) {
	s.read(c, func(ks *crdt.Keyspace) {
		n, err := ks.ZCard(view(args[1]))
		if err != nil {
			c.err(err)
			return
		}
		c.w.WriteInt(n)
	})
}

func (c *client) writeScore(v float64) { c.w.WriteBulk(appendScore(c.scratch[:0], v)) }

func cmdZRank(s *Server, c *client, args [][]byte)    { zrank(s, c, args, false) }
func cmdZRevRank(s *Server, c *client, args [][]byte) { zrank(s, c, args, true) }

func zrank(s *Server, c *client, args [][]byte, rev bool) {
	withScore := false
	if len(args) == 4 {
		if !bytes.EqualFold(args[3], []byte("withscore")) {
			c.w.WriteError(errSyntax)
			return
		}
		withScore = true
	}
	s.read(c, func(ks *crdt.Keyspace) {
		ms, err := ks.ZMembers(view(args[1]))
		if err != nil {
			c.err(err)
			return
		}
		for i, m := range ms {
			if m.Member != view(args[2]) {
				continue
			}
			if rev {
				i = len(ms) - 1 - i
			}
			if withScore {
				c.w.WriteArray(2)
				c.w.WriteInt(i)
				c.writeScore(m.Score)
				return
			}
			c.w.WriteInt(i)
			return
		}
		if withScore {
			c.w.WriteRaw(nullArray)
			return
		}
		c.w.WriteNull()
	})
}

// nullArray is RESP2's null multi-bulk, which EXEC and ZRANK WITHSCORE
// answer.
var nullArray = []byte("*-1\r\n")
