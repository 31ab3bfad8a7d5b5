package replication

import (
	"math/bits"
	"time"
)

// LagStats summarises the lag samples of one link since the last reset.
type LagStats struct {
	Count uint64
	P50   time.Duration
	P99   time.Duration
	Max   time.Duration
}

// histogram counts durations in log-linear buckets: exact below 64ns, then
// 32 buckets per power of two, so every quantile is within about 3% while
// the whole range of time.Duration fits in 1920 counters.
type histogram struct {
	counts [histBuckets]uint64
	n      uint64
	max    time.Duration
}

const (
	histLinear  = 64
	histSub     = 32
	histBuckets = histLinear + (64-6)*histSub
)

func bucketOf(d time.Duration) int {
	if d < 0 {
		d = 0
	}
	v := uint64(d)
	if v < histLinear {
		return int(v)
	}
	shift := bits.Len64(v) - 6 // v>>shift is in [32, 63]
	return histLinear + (shift-1)*histSub + int(v>>shift) - histSub
}

// bucketValue is the middle of a bucket's range.
func bucketValue(i int) time.Duration {
	if i < histLinear {
		return time.Duration(i)
	}
	i -= histLinear
	shift := i/histSub + 1
	low := uint64(i%histSub+histSub) << shift
	return time.Duration(low + (uint64(1)<<shift)/2)
}

func (h *histogram) record(d time.Duration) {
	h.counts[bucketOf(d)]++
	h.n++
	if d > h.max {
		h.max = d
	}
}

func (h *histogram) quantile(q float64) time.Duration {
	if h.n == 0 {
		return 0
	}
	rank := uint64(q*float64(h.n-1)) + 1
	var seen uint64
	for i, c := range h.counts {
		seen += c
		if seen >= rank {
			return min(bucketValue(i), h.max)
		}
	}
	return h.max
}

func (h *histogram) stats() LagStats {
	return LagStats{Count: h.n, P50: h.quantile(0.50), P99: h.quantile(0.99), Max: h.max}
}

func (h *histogram) merge(o *histogram) {
	for i, c := range o.counts {
		h.counts[i] += c
	}
	h.n += o.n
	h.max = max(h.max, o.max)
}
