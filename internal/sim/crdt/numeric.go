package crdt

import (
	"math"
	"strconv"
)

// parseInt accepts exactly the integers Redis accepts for INCR: an optional
// minus sign and digits, no leading zeros, no "-0", no spaces, no "+".
func parseInt(b []byte) (int64, bool) {
	if len(b) == 0 || len(b) > 20 {
		return 0, false
	}
	s := b
	if s[0] == '-' {
		s = s[1:]
		if len(s) == 0 || s[0] == '0' {
			return 0, false
		}
	}
	if len(s) > 1 && s[0] == '0' {
		return 0, false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return 0, false
		}
	}
	v, err := strconv.ParseInt(string(b), 10, 64)
	return v, err == nil
}

// parseFloat accepts a finite float without surrounding spaces, as
// INCRBYFLOAT does.
func parseFloat(b []byte) (float64, bool) {
	if len(b) == 0 || len(b) > 5000 {
		return 0, false
	}
	if b[0] == ' ' || b[len(b)-1] == ' ' {
		return 0, false
	}
	v, err := strconv.ParseFloat(string(b), 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, false
	}
	return v, true
}

// formatFloat renders a counter the way Redis renders INCRBYFLOAT results:
// shortest exact digits, no exponent, no trailing zeros.
func formatFloat(f float64) []byte {
	return strconv.AppendFloat(nil, f, 'f', -1, 64)
}

// asInt converts a float counter back to an integer when it is one, so that
// INCRBY works after INCRBYFLOAT landed on a whole number, as in Redis.
func asInt(f float64) (int64, bool) {
	if f != math.Trunc(f) || f < -9.2e18 || f > 9.2e18 {
		return 0, false
	}
	return int64(f), true
}

func addOverflows(a, b int64) bool {
	return (b > 0 && a > math.MaxInt64-b) || (b < 0 && a < math.MinInt64-b)
}

// scalar is the visible value of a string key or hash field.
type scalar struct {
	kind  Kind
	bytes []byte
	i     int64
	f     float64
}

// scalarOf resolves a slot: the last-writer-wins register is the base and the
// counters add to it. A base that is not a number shadows the counters
// (deterministically, on every member) rather than failing a read.
func scalarOf(c *Cell) scalar {
	w := c.winner()
	si, sf, float, any := c.sums()
	if !any {
		if w == nil {
			return scalar{}
		}
		return scalar{kind: KindString, bytes: w.Bytes}
	}
	if w == nil {
		if float {
			return scalar{kind: KindFloat, f: float64(si) + sf}
		}
		return scalar{kind: KindInt, i: si}
	}
	if bi, ok := parseInt(w.Bytes); ok {
		if float {
			return scalar{kind: KindFloat, f: float64(bi+si) + sf}
		}
		return scalar{kind: KindInt, i: bi + si}
	}
	if bf, ok := parseFloat(w.Bytes); ok {
		return scalar{kind: KindFloat, f: bf + float64(si) + sf}
	}
	return scalar{kind: KindString, bytes: w.Bytes}
}

// text renders the value as the bytes GET or HGET returns.
func (s scalar) text() []byte {
	switch s.kind {
	case KindInt:
		return strconv.AppendInt(nil, s.i, 10)
	case KindFloat:
		return formatFloat(s.f)
	}
	return s.bytes
}

func (s scalar) asInt() (int64, bool) {
	switch s.kind {
	case KindNone:
		return 0, true
	case KindInt:
		return s.i, true
	case KindFloat:
		return asInt(s.f)
	}
	return parseInt(s.bytes)
}

func (s scalar) asFloat() (float64, bool) {
	switch s.kind {
	case KindNone:
		return 0, true
	case KindInt:
		return float64(s.i), true
	case KindFloat:
		return s.f, true
	}
	return parseFloat(s.bytes)
}

// score is a sorted-set member's score: the last ZADD plus every ZINCRBY it
// did not observe.
func score(c *Cell) float64 {
	var base float64
	if w := c.winner(); w != nil {
		base = w.Float
	}
	si, sf, _, _ := c.sums()
	return base + float64(si) + sf
}
