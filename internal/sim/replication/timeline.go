package replication

import (
	"sort"
	"sync"
	"time"

	"github.com/geocache/terraform-provider-geocache/internal/sim/crdt"
)

// maxStamps bounds a timeline during a long partition; older writes then
// report no lag rather than growing memory without end.
const maxStamps = 1 << 20

// stamp says that every op up to seq had been acknowledged locally by at.
type stamp struct {
	seq uint64
	at  time.Time
}

// timeline remembers when a member's local writes were acknowledged to
// their clients, so that a peer applying op n can tell how late it is.
type timeline struct {
	mu     sync.Mutex
	stamps []stamp // increasing seq
}

func (t *timeline) record(seq uint64, at time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if n := len(t.stamps); n > 0 && t.stamps[n-1].seq >= seq {
		return // a later write's stamp already covers it
	}
	if len(t.stamps) >= maxStamps {
		t.stamps = append(t.stamps[:0], t.stamps[len(t.stamps)/2:]...)
	}
	t.stamps = append(t.stamps, stamp{seq, at})
}

// at returns when op seq was acknowledged locally: the first stamp that
// covers it.
func (t *timeline) at(seq uint64) (time.Time, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	i := sort.Search(len(t.stamps), func(i int) bool { return t.stamps[i].seq >= seq })
	if i == len(t.stamps) {
		return time.Time{}, false
	}
	return t.stamps[i].at, true
}

// lags appends to out the lag at now of each op of ops from origin (ops of
// one origin come in increasing Seq order), for those it knows.
func (t *timeline) lags(ops []crdt.Op, origin crdt.ReplicaID, now time.Time, out []time.Duration) []time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	i, first := 0, true
	for k := range ops {
		if ops[k].Origin != origin {
			continue
		}
		seq := ops[k].Seq
		if first {
			// The stamps of ops not yet trimmed can be many: start
			// where the batch does.
			i = sort.Search(len(t.stamps), func(j int) bool { return t.stamps[j].seq >= seq })
			first = false
		}
		for i < len(t.stamps) && t.stamps[i].seq < seq {
			i++
		}
		if i == len(t.stamps) {
			return out
		}
		out = append(out, now.Sub(t.stamps[i].at))
	}
	return out
}

// trim forgets stamps of ops every peer applied.
func (t *timeline) trim(upto uint64) {
	t.mu.Lock()
	defer t.mu.Unlock()
	i := sort.Search(len(t.stamps), func(i int) bool { return t.stamps[i].seq > upto })
	if i == 0 {
		return
	}
	n := copy(t.stamps, t.stamps[i:])
	t.stamps = t.stamps[:n]
}
