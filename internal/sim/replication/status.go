package replication

import (
	"sort"
	"time"
)

// LinkStatus is one outgoing link as its source sees it.
type LinkStatus struct {
	Peer   string
	Region string // the peer's
	State  string // StateLinked or StateLinkFailed
	// Backlog counts the source's ops the peer has not acknowledged.
	Backlog    int
	LastAckSeq uint64
	// Lag is the current lag: that of the latest op the peer applied, or
	// the age of the oldest op still on its way if that is larger (so it
	// grows during a partition).
	Lag time.Duration
	// Stats covers every op applied since the engine started or the last
	// ResetLagStats.
	Stats LagStats
}

// Links reports the outgoing links of a member, sorted by peer name.
func (e *Engine) Links(name string) []LinkStatus {
	m := e.member(name)
	if m == nil {
		return nil
	}
	last := m.Replica.LastSeq()
	now := time.Now()
	var out []LinkStatus
	for _, l := range e.outLinks(name) {
		l.mu.Lock()
		st := LinkStatus{
			Peer:       l.dst.Name,
			Region:     l.dst.Region,
			State:      StateLinked,
			LastAckSeq: l.acked,
			Lag:        l.lastLag,
			Stats:      l.lag.stats(),
		}
		if l.e.faults.isCut(m.Region, l.dst.Region) || l.failures >= failedAfter {
			st.State = StateLinkFailed
		}
		if last > l.acked {
			st.Backlog = int(last - l.acked)
		}
		delivered := l.delivered
		l.mu.Unlock()
		if last > delivered {
			if at, ok := m.stamps.at(delivered + 1); ok {
				st.Lag = max(st.Lag, now.Sub(at))
			}
		}
		out = append(out, st)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Peer < out[j].Peer })
	return out
}

// LagStats merges the lag samples of every link into one summary.
func (e *Engine) LagStats() LagStats {
	e.mu.Lock()
	links := make([]*link, 0, len(e.links))
	for _, l := range e.links {
		links = append(links, l)
	}
	e.mu.Unlock()
	var all histogram
	for _, l := range links {
		l.mu.Lock()
		all.merge(&l.lag)
		l.mu.Unlock()
	}
	return all.stats()
}

// ResetLagStats clears every link's lag samples, to measure a window.
func (e *Engine) ResetLagStats() {
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, l := range e.links {
		l.mu.Lock()
		l.lag = histogram{}
		l.mu.Unlock()
	}
}
