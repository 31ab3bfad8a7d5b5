package replication

import (
	"sort"
	"sync"
	"sync/atomic"
	"time"
)

// pair is an unordered pair of regions.
type pair struct{ a, b string }

func pairOf(a, b string) pair {
	if b < a {
		a, b = b, a
	}
	return pair{a, b}
}

// LatencyOverride replaces the base one-way latency between two regions,
// in both directions.
type LatencyOverride struct {
	A, B    string
	Latency time.Duration
}

// Faults is the fault injection in force.
type Faults struct {
	Partitions [][2]string // sorted, each pair sorted
	Latency    []LatencyOverride
}

// faults holds partitions and latency overrides. changed is closed and
// replaced on every change so that waiters (a join or leave held up by a
// partition) notice a heal without polling.
type faults struct {
	base func(from, to string) time.Duration

	mu        sync.RWMutex
	cut       map[pair]bool
	overrides map[pair]time.Duration
	changed   chan struct{}
	// gen counts changes, so that a link can keep what it read until the
	// next one (see link.faultsLocked).
	gen atomic.Uint64
}

func newFaults(base func(from, to string) time.Duration) *faults {
	if base == nil {
		base = func(string, string) time.Duration { return 0 }
	}
	return &faults{base: base, cut: map[pair]bool{}, overrides: map[pair]time.Duration{}, changed: make(chan struct{})}
}

func (f *faults) isCut(a, b string) bool {
	f.mu.RLock()
	defer f.mu.RUnlock()
	return f.cut[pairOf(a, b)]
}

func (f *faults) latency(from, to string) time.Duration {
	f.mu.RLock()
	d, ok := f.overrides[pairOf(from, to)]
	f.mu.RUnlock()
	if ok {
		return d
	}
	return f.base(from, to)
}

// watch returns a channel closed at the next change.
func (f *faults) watch() <-chan struct{} {
	f.mu.RLock()
	defer f.mu.RUnlock()
	return f.changed
}

func (f *faults) update(fn func()) {
	f.mu.Lock()
	fn()
	f.gen.Add(1)
	close(f.changed)
	f.changed = make(chan struct{})
	f.mu.Unlock()
}

func (f *faults) snapshot() Faults {
	f.mu.RLock()
	defer f.mu.RUnlock()
	out := Faults{Partitions: [][2]string{}, Latency: []LatencyOverride{}}
	for p := range f.cut {
		out.Partitions = append(out.Partitions, [2]string{p.a, p.b})
	}
	sort.Slice(out.Partitions, func(i, j int) bool {
		x, y := out.Partitions[i], out.Partitions[j]
		return x[0] < y[0] || x[0] == y[0] && x[1] < y[1]
	})
	for p, d := range f.overrides {
		out.Latency = append(out.Latency, LatencyOverride{A: p.a, B: p.b, Latency: d})
	}
	sort.Slice(out.Latency, func(i, j int) bool {
		x, y := out.Latency[i], out.Latency[j]
		return x.A < y.A || x.A == y.A && x.B < y.B
	})
	return out
}

// Partition cuts every link between members in regions a and b, both ways.
// Once it returns, nothing more crosses the cut until a heal: each link is
// marked cut under its lock, so a step already under way ships no more.
func (e *Engine) Partition(a, b string) {
	p := pairOf(a, b)
	e.faults.update(func() { e.faults.cut[p] = true })
	e.mu.Lock()
	for _, l := range e.links {
		if pairOf(l.src.Region, l.dst.Region) == p {
			l.mu.Lock()
			l.cutLocked()
			l.mu.Unlock()
		}
	}
	e.mu.Unlock()
	e.wakeAll()
}

// Heal restores the links between regions a and b.
func (e *Engine) Heal(a, b string) {
	e.faults.update(func() { delete(e.faults.cut, pairOf(a, b)) })
	e.wakeAll()
}

// HealAll removes every partition.
func (e *Engine) HealAll() {
	e.faults.update(func() { clear(e.faults.cut) })
	e.wakeAll()
}

// SetLatency overrides the one-way latency between regions a and b.
func (e *Engine) SetLatency(a, b string, d time.Duration) {
	e.faults.update(func() { e.faults.overrides[pairOf(a, b)] = max(d, 0) })
	e.wakeAll()
}

// ResetLatency returns the pair to its base latency.
func (e *Engine) ResetLatency(a, b string) {
	e.faults.update(func() { delete(e.faults.overrides, pairOf(a, b)) })
	e.wakeAll()
}

// ResetAllLatency removes every latency override.
func (e *Engine) ResetAllLatency() {
	e.faults.update(func() { clear(e.faults.overrides) })
	e.wakeAll()
}

// Faults returns the partitions and latency overrides in force.
func (e *Engine) Faults() Faults { return e.faults.snapshot() }

// Partitioned reports whether regions a and b are cut from each other.
func (e *Engine) Partitioned(a, b string) bool { return e.faults.isCut(a, b) }

// Latency is the one-way latency from one region to another now.
func (e *Engine) Latency(from, to string) time.Duration { return e.faults.latency(from, to) }
