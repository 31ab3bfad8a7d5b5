package dataset

import "github.com/geocache/terraform-provider-geocache/internal/sim/crdt"

// opLog is the outbound log: this member's own ops, consecutive by Seq.
// ops[0] has Seq base+1.
type opLog struct {
	base uint64
	ops  []crdt.Op
}

// keepLogOps bounds the array an emptied log keeps for reuse.
const keepLogOps = 4096

func (l *opLog) append(op crdt.Op) {
	if len(l.ops) == 0 {
		l.base = op.Seq - 1
	}
	l.ops = append(l.ops, op)
}

// reset empties the log; the next op logged is expected after seq.
func (l *opLog) reset(seq uint64) {
	l.base = seq
	l.ops = nil
}

func (l *opLog) since(after uint64, max int) []crdt.Op {
	if after < l.base {
		after = l.base
	}
	i := after - l.base
	if i >= uint64(len(l.ops)) {
		return nil
	}
	out := l.ops[i:]
	if max > 0 && len(out) > max {
		out = out[:max]
	}
	// No copy: logged ops are never modified while they are in the log,
	// append only writes past the end and trim reslices or copies, so the
	// caller may keep this view until the ops in it are trimmed (the log
	// then reuses its array). Its capacity is cut so that appending to it
	// cannot reach the log.
	return out[:len(out):len(out)]
}

func (l *opLog) trim(upto uint64) {
	if upto <= l.base {
		return
	}
	n := upto - l.base
	if n >= uint64(len(l.ops)) {
		l.base += uint64(len(l.ops))
		// Every op is trimmed, so no view of them is in use any more:
		// keep a modest array rather than growing a new one from nothing
		// on every burst of writes.
		if cap(l.ops) <= keepLogOps {
			clear(l.ops)
			l.ops = l.ops[:0]
		} else {
			l.ops = nil
		}
		if upto > l.base {
			l.base = upto
		}
		return
	}
	l.base = upto
	rest := l.ops[n:]
	// Copy once the dropped head outweighs what is left, so trimmed ops
	// (and the values they hold) can be collected.
	if int(n) >= len(rest) {
		l.ops = append(make([]crdt.Op, 0, len(rest)*2), rest...)
		return
	}
	l.ops = rest
}

// LogSince returns up to max (0: no limit) logged local ops with
// Seq > afterSeq, oldest first. The slice shares the log's memory: it
// stays valid until TrimLog drops the ops it holds. Ops already trimmed, or written while the
// dataset was not logging, are not returned: compare with LogStart.
func (d *Dataset) LogSince(afterSeq uint64, max int) []crdt.Op {
	d.mu.RLock()
	defer d.mu.RUnlock()
	return d.log.since(afterSeq, max)
}

// LogStart returns the Seq after which the log is complete: every local op
// with a larger Seq is in the log. A peer that acknowledged less than this
// can no longer be caught up from the log and needs a snapshot.
func (d *Dataset) LogStart() uint64 {
	d.mu.RLock()
	defer d.mu.RUnlock()
	if len(d.log.ops) == 0 {
		return d.lastSeq()
	}
	return d.log.base
}

// LogLen returns the number of ops held in the log.
func (d *Dataset) LogLen() int {
	d.mu.RLock()
	defer d.mu.RUnlock()
	return len(d.log.ops)
}

// LastSeq returns the Seq of the newest local op (0: none), logged or not.
func (d *Dataset) LastSeq() uint64 {
	d.mu.RLock()
	defer d.mu.RUnlock()
	return d.lastSeq()
}

// TrimLog drops the logged ops with Seq <= uptoSeq: those every peer has
// acknowledged.
func (d *Dataset) TrimLog(uptoSeq uint64) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.log.trim(uptoSeq)
}
