package resp

import (
	"math"
	"strconv"
)

const (
	maxInt64 = math.MaxInt64
	minInt64 = math.MinInt64
)

// parseInt accepts exactly what Redis's string2ll accepts: an optional
// minus sign and decimal digits without leading zeros, spaces or plus sign,
// within int64.
func parseInt(b []byte) (int64, bool) {
	if len(b) == 0 || len(b) > 20 {
		return 0, false
	}
	if len(b) == 1 && b[0] == '0' {
		return 0, true
	}
	neg := false
	i := 0
	if b[0] == '-' {
		neg = true
		i = 1
		if len(b) == 1 {
			return 0, false
		}
	}
	if b[i] < '1' || b[i] > '9' {
		return 0, false
	}
	// Accumulate as a negative number so MinInt64 fits.
	var v int64
	for ; i < len(b); i++ {
		c := b[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		d := int64(c - '0')
		if v < (minInt64+d)/10 {
			return 0, false
		}
		v = v*10 - d
	}
	if neg {
		return v, true
	}
	if v == minInt64 {
		return 0, false
	}
	return -v, true
}

func appendInt(b []byte, v int64) []byte { return strconv.AppendInt(b, v, 10) }
