package resp

import (
	"bytes"
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

// parseFloat accepts what Redis's string2ld/strtod accept for increments
// and scores: no surrounding spaces, no NaN. Infinity is accepted here;
// callers that need a finite value check it.
func parseFloat(b []byte) (float64, bool) {
	if len(b) == 0 || len(b) > 5000 || b[0] == ' ' || b[len(b)-1] == ' ' || bytes.IndexByte(b, '_') >= 0 {
		return 0, false
	}
	// Out-of-range values fail as Redis's getDoubleFromObject fails them.
	v, err := strconv.ParseFloat(string(b), 64)
	if err != nil || math.IsNaN(v) {
		return 0, false
	}
	return v, true
}

// parseFiniteFloat is parseFloat without infinities (INCRBYFLOAT).
func parseFiniteFloat(b []byte) (float64, bool) {
	v, ok := parseFloat(b)
	return v, ok && !math.IsInf(v, 0)
}

// appendScore formats a score as Redis 7.2 does (fpconv_dtoa): the
// shortest round-tripping digits, "inf"/"-inf", plain notation for
// moderate magnitudes and an exponent beyond them.
func appendScore(b []byte, f float64) []byte {
	switch {
	case math.IsInf(f, 1):
		return append(b, "inf"...)
	case math.IsInf(f, -1):
		return append(b, "-inf"...)
	}
	a := math.Abs(f)
	if a == 0 || (a >= 1e-6 && a < 1e21) {
		return strconv.AppendFloat(b, f, 'f', -1, 64)
	}
	return strconv.AppendFloat(b, f, 'g', -1, 64)
}
