package dataset

import (
	"sort"

	"github.com/geocache/terraform-provider-geocache/internal/sim/crdt"
)

// opLog is the outbound log: this member's own ops, consecutive by Seq.
//
// It is a queue of blocks, each an array of ops that never grows once made:
// append fills the newest block and starts another when it is full, trim
// drops whole blocks from the front. No op is ever copied within the log, so
// a view returned by since stays valid (the ops in it are neither moved nor
// modified) until trim drops them. A block whose ops are all trimmed is
// cleared, so the values its ops held can be collected, and may be reused
// for ops appended later: that is why a view is only valid until then.
type opLog struct {
	base   uint64     // Seq of the op before the first held one
	n      int        // ops held
	blocks []logBlock // oldest first; the held ops start at head in blocks[0]
	head   int
	// Emptied blocks kept for reuse (length 0), largest first: a busy log
	// that spans a block boundary releases two at a time.
	spare [2][]crdt.Op
}

// logBlock is a run of consecutive ops. Its capacity is fixed when it is
// made; ops are only ever added past its length.
type logBlock struct {
	first uint64 // Seq of ops[0]
	ops   []crdt.Op
}

// Block sizes, in ops. A new block is sized after what the log holds, so
// that a quiet member keeps small blocks and a busy one few large ones.
const (
	minBlockOps = 32
	maxBlockOps = 512
)

func (l *opLog) append(op crdt.Op) {
	if k := len(l.blocks); k > 0 {
		b := &l.blocks[k-1]
		if len(b.ops) < cap(b.ops) && op.Seq == b.first+uint64(len(b.ops)) {
			b.ops = append(b.ops, op)
			if l.n == 0 {
				l.base = op.Seq - 1
			}
			l.n++
			return
		}
	}
	if l.n == 0 {
		// Whatever the blocks still hold is trimmed: start afresh.
		l.releaseAll()
		l.base = op.Seq - 1
	}
	ops := l.newBlock()
	l.blocks = append(l.blocks, logBlock{first: op.Seq, ops: append(ops, op)})
	l.n++
}

// newBlock returns an empty block for the ops to come.
func (l *opLog) newBlock() []crdt.Op {
	size := minBlockOps
	for size < l.n && size < maxBlockOps {
		size *= 2
	}
	if s := l.spare[0]; cap(s) >= size {
		l.spare[0], l.spare[1] = l.spare[1], nil
		return s
	}
	return make([]crdt.Op, 0, size)
}

// release recycles a block whose ops are all trimmed.
func (l *opLog) release(ops []crdt.Op) {
	clear(ops)
	switch ops = ops[:0]; {
	case cap(ops) > cap(l.spare[0]):
		l.spare[0], l.spare[1] = ops, l.spare[0]
	case cap(ops) > cap(l.spare[1]):
		l.spare[1] = ops
	}
}

func (l *opLog) releaseAll() {
	for i := range l.blocks {
		l.release(l.blocks[i].ops)
		l.blocks[i] = logBlock{}
	}
	l.blocks = l.blocks[:0]
	l.head = 0
}

// reset empties the log; the next op logged is expected after seq.
func (l *opLog) reset(seq uint64) {
	l.releaseAll()
	l.spare = [2][]crdt.Op{}
	l.blocks = nil
	l.base, l.n = seq, 0
}

// load makes the log hold ops, which follow base, without copying them.
func (l *opLog) load(base uint64, ops []crdt.Op) {
	l.reset(base)
	if len(ops) > 0 {
		l.blocks = []logBlock{{first: base + 1, ops: ops[:len(ops):len(ops)]}}
		l.n = len(ops)
	}
}

// since returns up to max (0: no limit) held ops with Seq > after. The
// result is a view of one block when max allows, or when the ops wanted
// span blocks and max is 0, a copy. Its capacity is cut so that appending
// to it cannot reach the log.
func (l *opLog) since(after uint64, max int) []crdt.Op {
	if after < l.base {
		after = l.base
	}
	if after >= l.base+uint64(l.n) {
		return nil
	}
	seq := after + 1
	// The block holding seq: the last one starting at or before it.
	// Readers mostly want the newest ops, so look from the end.
	i := len(l.blocks) - 1
	if l.blocks[i].first > seq {
		i = sort.Search(len(l.blocks), func(j int) bool { return l.blocks[j].first > seq }) - 1
	}
	b := l.blocks[i]
	out := b.ops[seq-b.first:]
	if max > 0 {
		if len(out) > max {
			out = out[:max]
		}
		return out[:len(out):len(out)]
	}
	if i == len(l.blocks)-1 {
		return out[:len(out):len(out)]
	}
	all := make([]crdt.Op, 0, l.base+uint64(l.n)-after)
	all = append(all, out...)
	for _, b := range l.blocks[i+1:] {
		all = append(all, b.ops...)
	}
	return all
}

// trim drops the ops with Seq <= upto.
func (l *opLog) trim(upto uint64) {
	if upto <= l.base {
		return
	}
	if upto >= l.base+uint64(l.n) {
		l.releaseAll()
		l.base, l.n = upto, 0
		return
	}
	drop := 0
	for drop < len(l.blocks) {
		b := l.blocks[drop]
		if b.first+uint64(len(b.ops))-1 > upto {
			break
		}
		l.release(b.ops)
		l.blocks[drop] = logBlock{}
		drop++
	}
	l.blocks = l.blocks[drop:]
	l.head = int(upto + 1 - l.blocks[0].first)
	l.n -= int(upto - l.base)
	l.base = upto
}

// copyAll returns a copy of every held op.
func (l *opLog) copyAll() []crdt.Op {
	if l.n == 0 {
		return nil
	}
	all := make([]crdt.Op, 0, l.n)
	for i, b := range l.blocks {
		if i == 0 {
			all = append(all, b.ops[l.head:]...)
			continue
		}
		all = append(all, b.ops...)
	}
	return all
}

// LogSince returns up to max (0: no limit) logged local ops with
// Seq > afterSeq, oldest first. It may return fewer than max even when
// more are logged (a view ends where a block of the log does): ask again
// from the last one returned. The slice shares the log's memory: it stays
// valid until TrimLog drops the ops it holds. Ops already trimmed, or
// written while the dataset was not logging, are not returned: compare
// with LogStart.
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
	if d.log.n == 0 {
		return d.lastSeq()
	}
	return d.log.base
}

// LogLen returns the number of ops held in the log.
func (d *Dataset) LogLen() int {
	d.mu.RLock()
	defer d.mu.RUnlock()
	return d.log.n
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
