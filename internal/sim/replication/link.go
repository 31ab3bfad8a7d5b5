package replication

import (
	"errors"
	"runtime"
	"sync"
	"time"

	"github.com/geocache/terraform-provider-geocache/internal/sim/crdt"
)

// Link states, in the control plane's words.
const (
	StateLinked     = "Linked"
	StateLinkFailed = "LinkFailed" // partitioned, or the peer keeps refusing what it is sent
)

// failedAfter is how many consecutive refusals by the destination make a
// link report StateLinkFailed; the next accepted delivery clears it.
const failedAfter = 3

// maxShipPerStep bounds how many batches one step puts on the wire before
// delivering what is due, so a large backlog does not delay acks.
const maxShipPerStep = 16

// maxQueuedMessages bounds pub/sub messages on one link; beyond it they are
// dropped, as a slow Redis subscriber would lose them.
const maxQueuedMessages = 1 << 16

// envelope is one message from source to destination: a batch of ops, a
// full snapshot, or a pub/sub message.
type envelope struct {
	at      time.Time
	ops     []crdt.Op
	snap    *crdt.Snapshot
	channel string
	msg     []byte
}

// ack travels back from destination to source.
type ack struct {
	at      time.Time
	applied crdt.VV
}

// link carries one member's ops to one peer. One goroutine (run) ships,
// delivers and processes acks; the queues model what is on the wire.
type link struct {
	e        *Engine
	src, dst *member
	wake     chan struct{}
	stop     chan struct{}
	done     chan struct{} // closed when run returns
	stopOnce sync.Once

	mu        sync.Mutex
	data      []envelope // in order; at never decreases
	acks      []ack      // in order; at never decreases
	lastData  time.Time
	lastAck   time.Time
	messages  int
	sent      uint64 // highest source seq put on the wire
	delivered uint64 // highest source seq applied by the destination through this link
	acked     uint64 // highest source seq the destination acknowledged
	cut       bool
	lag       histogram
	lastLag   time.Duration
	progress  chan struct{} // closed when acked advances; nil until progressLocked
	failures  int           // consecutive deliveries the destination refused
	retryAt   time.Time     // nothing is shipped before it after a refusal

	// The fault state of the link's regions as of faults generation fgen
	// (see faultsLocked).
	fgen      uint64
	fcut      bool
	fwd, back time.Duration

	// Scratch of the link's goroutine, reused from step to step.
	due     []envelope
	samples []time.Duration
}

func newLink(e *Engine, src, dst *member) *link {
	// The handshake: a link starts from what the destination already has.
	pos := dst.Replica.Applied().Get(src.ID)
	return &link{
		e: e, src: src, dst: dst,
		wake:      make(chan struct{}, 1),
		stop:      make(chan struct{}),
		done:      make(chan struct{}),
		sent:      pos,
		delivered: pos,
		acked:     pos,
	}
}

func (l *link) poke() {
	select {
	case l.wake <- struct{}{}:
	default:
	}
}

// halt stops the link and waits for its goroutine, so nothing is shipped
// after it returns.
func (l *link) halt() {
	l.stopOnce.Do(func() { close(l.stop) })
	<-l.done
}

// progressLocked returns a channel closed when acked next advances; l.mu
// is held. It is made on demand: acks come far more often than waiters.
func (l *link) progressLocked() <-chan struct{} {
	if l.progress == nil {
		l.progress = make(chan struct{})
	}
	return l.progress
}

func (l *link) ackedSeq() uint64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.acked
}

// sendMessage queues a pub/sub message behind what is already on the wire.
func (l *link) sendMessage(channel string, msg []byte) {
	if l.e.faults.isCut(l.src.Region, l.dst.Region) {
		return
	}
	lat := l.e.faults.latency(l.src.Region, l.dst.Region)
	l.mu.Lock()
	if l.messages >= maxQueuedMessages {
		l.mu.Unlock()
		return
	}
	l.messages++
	l.pushDataLocked(envelope{channel: channel, msg: append([]byte(nil), msg...)}, time.Now().Add(lat))
	l.mu.Unlock()
	l.poke()
}

// pushDataLocked queues env for delivery at at, or after the previous
// message if a latency change would make it overtake.
func (l *link) pushDataLocked(env envelope, at time.Time) {
	if at.Before(l.lastData) {
		at = l.lastData
	}
	env.at, l.lastData = at, at
	l.data = append(l.data, env)
}

func (l *link) run() {
	defer l.e.wg.Done()
	defer close(l.done)
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	for {
		select {
		case <-l.stop:
			return
		default:
		}
		next := l.step(time.Now())
		var due <-chan time.Time
		if !next.IsZero() {
			timer.Reset(time.Until(next))
			due = timer.C
		}
		select {
		case <-l.stop:
			return
		case <-l.wake:
			// Let the writers that are ready run first, so that one
			// wake-up ships what they write too.
			runtime.Gosched()
		case <-due:
		}
		timer.Stop()
	}
}

// Retry delays after the destination refuses what the link delivered: they
// double with each consecutive refusal, from retryMin up to retryMax.
const (
	retryMin = 10 * time.Millisecond
	retryMax = 2 * time.Second
)

func retryDelay(failures int) time.Duration {
	d := retryMin
	for i := 1; i < failures && d < retryMax; i++ {
		d *= 2
	}
	return min(d, retryMax)
}

// maxPasses bounds the passes of one step, so that a link under constant
// load still sees its stop signal between steps.
const maxPasses = 8

// step does everything due at now and returns when it next has work to do
// without being woken (zero: nothing scheduled). It goes on with what
// becomes due meanwhile (without latency: the batch it just shipped, then
// the ack of that batch) rather than waiting for a timer each time.
func (l *link) step(now time.Time) time.Time {
	for pass := 0; ; pass++ {
		// One acquisition of the lock to see the faults and take what is
		// due: a cut stops the step, as it dropped what was on the wire.
		l.mu.Lock()
		if l.checkCutLocked() {
			l.mu.Unlock()
			return time.Time{}
		}
		l.popDueLocked(now)
		a, acked := l.popAcksLocked(now)
		fwd, back := l.fwd, l.back
		l.mu.Unlock()
		if len(l.due) > 0 {
			now = l.deliverDue(now, back)
		}
		if acked {
			l.receiveAck(a)
		}
		more := l.ship(now, fwd)
		l.mu.Lock()
		next := l.nextDueLocked()
		if more {
			next = now
		}
		if retry := l.retryAt; retry.After(now) && (next.IsZero() || retry.Before(next)) {
			next = retry
		}
		l.mu.Unlock()
		if next.IsZero() || pass == maxPasses-1 {
			return next
		}
		// What is due already (without latency, all of it) needs no new
		// reading of the clock.
		if next.After(now) {
			if now = time.Now(); next.After(now) {
				return next
			}
		}
	}
}

// nextDueLocked is when the first queued envelope or ack arrives (zero:
// none).
func (l *link) nextDueLocked() time.Time {
	var next time.Time
	if len(l.data) > 0 {
		next = l.data[0].at
	}
	if len(l.acks) > 0 && (next.IsZero() || l.acks[0].at.Before(next)) {
		next = l.acks[0].at
	}
	return next
}

// faultsLocked refreshes the link's copy of the fault state of its regions
// if the faults changed since it was read: a step then needs no lookup in
// the faults' maps. l.mu is held.
func (l *link) faultsLocked() {
	f := l.e.faults
	g := f.gen.Load() + 1 // 0 is "never read"
	if g == l.fgen {
		return
	}
	// Read after the generation: a change in between bumps it again, and
	// the next call reads once more.
	l.fcut = f.isCut(l.src.Region, l.dst.Region)
	l.fwd = f.latency(l.src.Region, l.dst.Region)
	l.back = f.latency(l.dst.Region, l.src.Region)
	l.fgen = g
}

// checkCutLocked applies a partition change: a cut drops what is on the
// wire and rewinds to the last acknowledged position, so a heal resends
// everything the destination has not confirmed.
//
// The fault state is read under the link's lock, as Partition marks the
// link under it: a stale read here cannot undo a cut made meanwhile.
func (l *link) checkCutLocked() bool {
	l.faultsLocked()
	if l.fcut {
		l.cutLocked()
	} else {
		l.cut = false
	}
	return l.cut
}

// cutLocked marks the link cut, dropping what is on the wire and rewinding
// to the last acknowledged position the first time.
func (l *link) cutLocked() {
	if !l.cut {
		l.data, l.acks, l.messages = nil, nil, 0
		l.sent = l.acked
	}
	l.cut = true
}

// popDueLocked moves every envelope due at now into l.due.
func (l *link) popDueLocked(now time.Time) {
	if l.cut {
		return // what was on the wire was dropped with the cut
	}
	n := 0
	for n < len(l.data) && !l.data[n].at.After(now) {
		env := l.data[n]
		if env.ops == nil && env.snap == nil {
			l.messages--
		}
		l.due = append(l.due, env)
		l.data[n] = envelope{}
		n++
	}
	if n == len(l.data) {
		l.data = l.data[:0] // reuse the array from its start
		return
	}
	l.data = l.data[n:]
}

// popAcksLocked takes every ack due at now and returns the newest:
// applied vectors only grow, so it covers the others.
func (l *link) popAcksLocked(now time.Time) (ack, bool) {
	n := 0
	for n < len(l.acks) && !l.acks[n].at.After(now) {
		n++
	}
	if n == 0 {
		return ack{}, false
	}
	a := l.acks[n-1]
	clear(l.acks[:n])
	if n == len(l.acks) {
		l.acks = l.acks[:0] // reuse the array from its start
	} else {
		l.acks = l.acks[n:]
	}
	return a, true
}

// deliverDue hands the envelopes popped into l.due to the destination,
// then queues one ack for all of them, back after latency back. It returns
// the time after the last delivery (now if it did not read the clock).
func (l *link) deliverDue(now time.Time, back time.Duration) time.Time {
	acked := false
	for _, env := range l.due {
		ok, stop, at := l.deliver(env)
		acked = acked || ok
		if !at.IsZero() {
			now = at
		}
		if stop {
			// The link rewound: what was on the wire is gone.
			break
		}
	}
	clear(l.due)
	l.due = l.due[:0]
	if acked {
		l.queueAck(now, back)
	}
	return now
}

// deliver hands one envelope to the destination. ok: it changed what the
// destination acknowledges; stop: the link rewound and the envelopes
// popped with this one must be dropped; at: when the destination applied
// a batch or a snapshot (zero for a pub/sub message).
func (l *link) deliver(env envelope) (ok, stop bool, at time.Time) {
	switch {
	case env.snap != nil:
		if err := l.dst.Replica.Merge(env.snap); err != nil {
			// The snapshot is lost: send again what the destination
			// lacks, after a while.
			l.e.log.Error("replication: merge snapshot", "from", l.src.Name, "to", l.dst.Name, "err", err)
			l.refused()
			return false, true, time.Time{}
		}
		l.mu.Lock()
		l.delivered = max(l.delivered, env.snap.Applied.Get(l.src.ID))
		l.failures, l.retryAt = 0, time.Time{}
		l.mu.Unlock()
		return true, false, time.Now()
	case env.ops != nil:
		_, err := l.dst.Replica.Apply(env.ops)
		now := time.Now()
		if err != nil {
			l.restart(err)
			return false, true, now
		}
		l.recordLag(env.ops, now)
		return true, false, now
	default:
		l.dst.Replica.Deliver(env.channel, env.msg)
		return false, false, time.Time{}
	}
}

// queueAck puts the destination's applied vector on the way back, as of
// now, to arrive after latency back.
func (l *link) queueAck(now time.Time, back time.Duration) {
	applied := l.dst.Replica.Applied()
	l.mu.Lock()
	if l.cut {
		l.mu.Unlock()
		return
	}
	at := now.Add(back)
	if at.Before(l.lastAck) {
		at = l.lastAck
	}
	l.lastAck = at
	l.acks = append(l.acks, ack{at: at, applied: applied})
	l.mu.Unlock()
}

// restart handles a batch the destination could not apply. A gap means it
// is behind where the batch starts (it was restored from an older
// snapshot): the link rewinds to what it really has, dropping what is on
// the wire, and resends at once. Any other error would recur if the batch
// were resent at once, so the link rewinds and backs off.
func (l *link) restart(err error) {
	if errors.Is(err, crdt.ErrGap) {
		l.rewind()
		return
	}
	l.e.log.Error("replication: apply", "from", l.src.Name, "to", l.dst.Name, "err", err)
	l.refused()
}

// rewind drops what is on the wire and goes back to what the destination
// has applied of the source, so the next ship sends it what it lacks.
func (l *link) rewind() {
	pos := l.dst.Replica.Applied().Get(l.src.ID)
	l.mu.Lock()
	l.rewindLocked(pos)
	l.mu.Unlock()
}

func (l *link) rewindLocked(pos uint64) {
	l.data, l.messages = nil, 0
	l.sent, l.delivered = pos, pos
}

// refused rewinds after the destination refused a delivery and holds the
// next ship back, longer after each consecutive refusal.
func (l *link) refused() {
	pos := l.dst.Replica.Applied().Get(l.src.ID)
	l.mu.Lock()
	l.rewindLocked(pos)
	l.failures++
	l.retryAt = time.Now().Add(retryDelay(l.failures))
	l.mu.Unlock()
}

func (l *link) recordLag(ops []crdt.Op, now time.Time) {
	l.samples = l.src.stamps.lags(ops, l.src.ID, now, l.samples[:0])
	samples := l.samples
	l.mu.Lock()
	defer l.mu.Unlock()
	l.failures, l.retryAt = 0, time.Time{} // the destination accepted the batch
	for _, d := range samples {
		l.lag.record(d)
	}
	if n := len(samples); n > 0 {
		l.lastLag = samples[n-1]
	}
	l.delivered = max(l.delivered, ops[len(ops)-1].Seq)
}

func (l *link) receiveAck(a ack) {
	seq := a.applied.Get(l.src.ID)
	l.src.ackAndTrim(l, seq, a.applied)
	l.mu.Lock()
	if seq > l.acked {
		l.acked = seq
		if l.progress != nil {
			close(l.progress)
			l.progress = nil
		}
	}
	l.mu.Unlock()
}

// ship puts the source's new ops on the wire, to arrive after latency
// lat, and reports whether more are waiting.
func (l *link) ship(now time.Time, lat time.Duration) bool {
	for range maxShipPerStep {
		l.mu.Lock()
		from, wait := l.sent, now.Before(l.retryAt)
		l.mu.Unlock()
		if wait {
			return false // step wakes up at retryAt
		}
		// LastSeq first: every op up to it is either in what LogSince
		// returns or missing from the log for good.
		newest := l.src.Replica.LastSeq()
		ops := l.src.Replica.LogSince(from, l.e.cfg.Batch)
		if len(ops) == 0 && newest <= from {
			return false
		}
		env := envelope{ops: ops}
		if len(ops) == 0 || ops[0].Seq != from+1 {
			// The log no longer holds what the destination needs: send
			// the whole state, which covers it, and go on from there.
			env = envelope{snap: l.src.Replica.Snapshot()}
			l.e.log.Info("replication: sending a snapshot", "from", l.src.Name, "to", l.dst.Name, "position", from)
		}
		l.mu.Lock()
		if l.sent != from || l.cut {
			l.mu.Unlock() // a cut or a rewind happened meanwhile
			return true
		}
		l.pushDataLocked(env, now.Add(lat))
		if env.snap != nil {
			l.sent = max(env.snap.Applied.Get(l.src.ID), from)
		} else {
			l.sent = ops[len(ops)-1].Seq
		}
		l.mu.Unlock()
	}
	return true
}
