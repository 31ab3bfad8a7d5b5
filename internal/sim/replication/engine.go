package replication

import (
	"errors"
	"fmt"
	"log/slog"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/geocache/terraform-provider-geocache/internal/sim/crdt"
)

// Defaults.
const (
	DefaultBatch = 512
)

// ErrClosed is returned once the engine is closed.
var ErrClosed = errors.New("replication: engine closed")

// Config configures an Engine.
type Config struct {
	// Latency is the base one-way latency between two regions; nil means
	// links are instant. Overrides set at run time take precedence.
	Latency func(from, to string) time.Duration
	Batch   int          // ops per message; 0: DefaultBatch
	Logger  *slog.Logger // nil: discard
}

// Engine runs the links between members. Its zero value is not usable;
// call New.
type Engine struct {
	cfg    Config
	log    *slog.Logger
	faults *faults

	mu      sync.Mutex
	closed  bool
	members map[string]*member
	links   map[[2]string]*link // (src, dst) names
	wg      sync.WaitGroup      // one per running link
}

// member is one registered cache.
type member struct {
	Member
	e        *Engine
	stamps   timeline
	out      atomic.Pointer[[]*link] // outgoing links, read on every write
	detached atomic.Bool
	trimMu   sync.Mutex // orders TrimLog calls so a smaller one never follows a larger
	trimmed  uint64
}

// New returns an engine with no members.
func New(cfg Config) *Engine {
	if cfg.Batch <= 0 {
		cfg.Batch = DefaultBatch
	}
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Engine{
		cfg:     cfg,
		log:     log,
		faults:  newFaults(cfg.Latency),
		members: map[string]*member{},
		links:   map[[2]string]*link{},
	}
}

// Add registers a member. It takes over the replica's local-write and
// publish hooks; the member is linked to nobody until Link or Transfer.
func (e *Engine) Add(m Member) error {
	if m.Name == "" || m.Replica == nil {
		return errors.New("replication: member needs a name and a replica")
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closed {
		return ErrClosed
	}
	if _, ok := e.members[m.Name]; ok {
		return fmt.Errorf("replication: member %q already added", m.Name)
	}
	for _, o := range e.members {
		if o.ID == m.ID {
			return fmt.Errorf("replication: replica id %d of %q is already used by %q", m.ID, m.Name, o.Name)
		}
	}
	mem := &member{Member: m, e: e}
	mem.out.Store(&[]*link{})
	e.members[m.Name] = mem
	m.Replica.OnLocalWrite(mem.localWrite)
	m.Replica.OnPublish(mem.publish)
	m.Replica.SetMembers([]crdt.ReplicaID{m.ID})
	return nil
}

// localWrite stamps the write's acknowledgement time and wakes the links.
func (m *member) localWrite(lastSeq uint64) {
	if m.detached.Load() {
		return
	}
	out := *m.out.Load()
	if len(out) == 0 {
		return
	}
	m.stamps.record(lastSeq, time.Now())
	for _, l := range out {
		l.poke()
	}
}

// publish ships a message to every peer; it is best-effort like Redis
// pub/sub: a cut link drops it.
func (m *member) publish(channel string, msg []byte) {
	if m.detached.Load() {
		return
	}
	for _, l := range *m.out.Load() {
		l.sendMessage(channel, msg)
	}
}

// Remove unlinks a member from all its peers and forgets it. Its hooks
// become no-ops. Call Drain first so the peers have all its writes.
func (e *Engine) Remove(name string) {
	e.mu.Lock()
	m := e.members[name]
	if m == nil {
		e.mu.Unlock()
		return
	}
	var stop []*link
	for key, l := range e.links {
		if key[0] == name || key[1] == name {
			stop = append(stop, l)
			delete(e.links, key)
		}
	}
	delete(e.members, name)
	m.detached.Store(true)
	e.refreshLocked()
	e.mu.Unlock()
	for _, l := range stop {
		l.halt()
	}
}

// Link connects two registered members both ways. Each direction starts
// from what its destination has applied of its source, so linking members
// that already share data ships only what is missing. Linking an existing
// pair does nothing.
func (e *Engine) Link(a, b string) error {
	if a == b {
		return fmt.Errorf("replication: cannot link %q with itself", a)
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closed {
		return ErrClosed
	}
	ma, mb := e.members[a], e.members[b]
	if ma == nil || mb == nil {
		return fmt.Errorf("replication: link %q-%q: unknown member", a, b)
	}
	for _, d := range [][2]*member{{ma, mb}, {mb, ma}} {
		key := [2]string{d[0].Name, d[1].Name}
		if e.links[key] != nil {
			continue
		}
		l := newLink(e, d[0], d[1])
		e.links[key] = l
		e.wg.Add(1)
		go l.run()
	}
	e.refreshLocked()
	return nil
}

// Unlink stops both directions between a and b without draining.
func (e *Engine) Unlink(a, b string) {
	e.mu.Lock()
	var stop []*link
	for _, key := range [][2]string{{a, b}, {b, a}} {
		if l := e.links[key]; l != nil {
			stop = append(stop, l)
			delete(e.links, key)
		}
	}
	e.refreshLocked()
	e.mu.Unlock()
	for _, l := range stop {
		l.halt()
	}
}

// refreshLocked republishes each member's outgoing links and tells its data
// set who its peers are, so tombstones wait for exactly those members.
func (e *Engine) refreshLocked() {
	out := map[string][]*link{}
	peers := map[string][]crdt.ReplicaID{}
	for key, l := range e.links {
		out[key[0]] = append(out[key[0]], l)
		peers[key[0]] = append(peers[key[0]], l.dst.ID)
	}
	for name, m := range e.members {
		links := out[name]
		sort.Slice(links, func(i, j int) bool { return links[i].dst.Name < links[j].dst.Name })
		m.out.Store(&links)
		ids := append([]crdt.ReplicaID{m.ID}, peers[name]...)
		sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
		m.Replica.SetMembers(ids)
	}
}

// ackAndTrim records from's ack of the source's ops up to seq (applied is
// the peer's whole vector) and, under the same lock of the data set, trims
// the log to what every peer acknowledged, counting from's ack.
// Tombstones are collected by Maintain, not here: GC walks the whole
// keyspace under the data set's lock, which would stall writes and
// applies on every burst of acknowledgements.
func (m *member) ackAndTrim(from *link, seq uint64, applied crdt.VV) {
	out := *m.out.Load()
	low, found := uint64(0), false
	for i, l := range out {
		a := l.ackedSeq()
		if l == from {
			a, found = max(a, seq), true
		}
		if i == 0 || a < low {
			low = a
		}
	}
	if !found {
		low = 0 // the link is being removed: trim on the others' acks only
	}
	m.trimMu.Lock()
	defer m.trimMu.Unlock()
	if low > m.trimmed {
		m.trimmed = low
		m.Replica.AckAndTrim(from.dst.ID, applied, low)
		m.stamps.trim(low)
		return
	}
	m.Replica.Ack(from.dst.ID, applied)
}

func (e *Engine) wakeAll() {
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, l := range e.links {
		l.poke()
	}
}

// Close stops every link. What was on the wire is dropped: the sources
// still hold it and resend it after a restart.
func (e *Engine) Close() error {
	e.mu.Lock()
	e.closed = true
	links := e.links
	e.links = map[[2]string]*link{}
	for _, m := range e.members {
		m.detached.Store(true)
	}
	e.mu.Unlock()
	for _, l := range links {
		l.halt()
	}
	e.wg.Wait()
	return nil
}

func (e *Engine) member(name string) *member {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.members[name]
}

func (e *Engine) outLinks(name string) []*link {
	e.mu.Lock()
	defer e.mu.Unlock()
	if m := e.members[name]; m != nil {
		return *m.out.Load()
	}
	return nil
}

// Maintain trims the logs of members that have no links (nobody will read
// them: a member that joins later gets a snapshot) and collects tombstones.
// The simulator calls it every few seconds.
func (e *Engine) Maintain() {
	e.mu.Lock()
	members := make([]*member, 0, len(e.members))
	for _, m := range e.members {
		members = append(members, m)
	}
	e.mu.Unlock()
	for _, m := range members {
		if len(*m.out.Load()) == 0 {
			m.Replica.TrimLog(m.Replica.LastSeq())
		}
		m.Replica.GC()
	}
}
