package dataset

import (
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/geocache/terraform-provider-geocache/internal/sim/crdt"
)

func logOp(seq uint64) crdt.Op {
	return crdt.Op{Kind: crdt.OpSet, Key: "k" + strconv.FormatUint(seq, 10), Origin: 1, Seq: seq, Value: []byte("v")}
}

// checkOps fails unless ops are exactly the ops from..to (inclusive).
func checkOps(t *testing.T, what string, ops []crdt.Op, from, to uint64) {
	t.Helper()
	if to < from {
		if len(ops) != 0 {
			t.Fatalf("%s: %d ops, want none", what, len(ops))
		}
		return
	}
	if uint64(len(ops)) != to-from+1 {
		t.Fatalf("%s: %d ops, want %d..%d", what, len(ops), from, to)
	}
	for i, op := range ops {
		if want := logOp(from + uint64(i)); op.Seq != want.Seq || op.Key != want.Key || op.Kind != crdt.OpSet {
			t.Fatalf("%s: op %d is %d %q, want %d %q", what, i, op.Seq, op.Key, want.Seq, want.Key)
		}
	}
}

// readAll reads the log from after as a link does, a view at a time.
func readAll(l *opLog, after uint64, max int) []crdt.Op {
	var all []crdt.Op
	for {
		ops := l.since(after, max)
		if len(ops) == 0 {
			return all
		}
		all = append(all, ops...)
		after = ops[len(ops)-1].Seq
	}
}

func TestLogAcrossBlocks(t *testing.T) {
	var l opLog
	l.reset(0)
	const n = 3*maxBlockOps + 17
	for s := uint64(1); s <= n; s++ {
		l.append(logOp(s))
	}
	if len(l.blocks) < 2 {
		t.Fatalf("%d ops in %d block(s): the test wants several", n, len(l.blocks))
	}
	checkOps(t, "since(0, 0)", l.since(0, 0), 1, n)
	checkOps(t, "read by 100", readAll(&l, 0, 100), 1, n)
	checkOps(t, "read by 1", readAll(&l, 0, 1), 1, n)
	// Every start position, including each side of every block boundary.
	for _, b := range l.blocks {
		for _, after := range []uint64{b.first - 2, b.first - 1, b.first} {
			if after >= n {
				continue
			}
			got := l.since(after, 7)
			if len(got) == 0 || got[0].Seq != after+1 || len(got) > 7 {
				t.Fatalf("since(%d, 7) = %d ops from %d", after, len(got), got[0].Seq)
			}
			checkOps(t, "since across", l.since(after, 0), after+1, n)
		}
	}
	if got := l.since(n, 0); got != nil {
		t.Fatalf("since(last) = %d ops", len(got))
	}
	// A view cannot reach the log when appended to.
	v := l.since(n-1, 0)
	_ = append(v, logOp(999))
	l.append(logOp(n + 1))
	checkOps(t, "after appending to a view", l.since(n-1, 0), n, n+1)

	// Trim inside the first block, at its end, and past several blocks.
	for _, upto := range []uint64{5, l.blocks[0].first + uint64(cap(l.blocks[0].ops)) - 1, 2*maxBlockOps + 3} {
		l.trim(upto)
		if l.n != int(n+1-upto) || l.base != upto {
			t.Fatalf("trim(%d): n %d base %d", upto, l.n, l.base)
		}
		checkOps(t, "since(0) after trim", l.since(0, 0), upto+1, n+1)
		checkOps(t, "copyAll after trim", l.copyAll(), upto+1, n+1)
	}
	l.trim(3) // below base: nothing
	checkOps(t, "trim below base", l.copyAll(), 2*maxBlockOps+4, n+1)
	l.trim(n + 10) // past the end: empty
	if l.n != 0 || len(l.blocks) != 0 || l.since(0, 0) != nil {
		t.Fatalf("trimmed past the end: n %d, %d blocks", l.n, len(l.blocks))
	}
	// The next op starts the log again, in a recycled block.
	l.append(logOp(n + 11))
	checkOps(t, "after refill", l.since(0, 0), n+11, n+11)
	if l.base != n+10 {
		t.Fatalf("base %d after refill, want %d", l.base, n+10)
	}
}

// TestLogViewsSurviveAppendsAndTrims holds views while the log grows over
// many blocks and trims behind them, and checks they still read the same
// ops until they are trimmed themselves.
func TestLogViewsSurviveAppendsAndTrims(t *testing.T) {
	var l opLog
	l.reset(0)
	type view struct {
		from uint64
		ops  []crdt.Op
	}
	var views []view
	var seq, trimmed uint64
	for round := range 200 {
		for range 1 + round%37 {
			seq++
			l.append(logOp(seq))
		}
		if v := l.since(seq-uint64(round%5), 0); len(v) > 0 {
			views = append(views, view{v[0].Seq, v})
		}
		if round%3 == 0 && seq > 600 {
			trimmed = seq - 600
			l.trim(trimmed)
		}
		kept := views[:0]
		for _, v := range views {
			if v.from <= trimmed {
				continue // trimmed: no longer promised
			}
			checkOps(t, "held view", v.ops, v.from, v.from+uint64(len(v.ops))-1)
			kept = append(kept, v)
		}
		views = kept
	}
}

// TestLogMatchesASlice runs random appends, reads, trims and resets against
// a plain slice of the same ops.
func TestLogMatchesASlice(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var l opLog
	l.reset(0)
	var model []crdt.Op // the held ops
	var base, last uint64
	for step := range 20000 {
		switch x := r.IntN(100); {
		case x < 60:
			for range 1 + r.IntN(40) {
				last++
				l.append(logOp(last))
				if len(model) == 0 {
					base = last - 1
				}
				model = append(model, logOp(last))
			}
		case x < 85:
			after := base + uint64(r.IntN(len(model)+2))
			if after > 0 && r.IntN(4) == 0 {
				after -= min(after, uint64(r.IntN(3)))
			}
			max := r.IntN(3) * r.IntN(600)
			got := l.since(after, max)
			var want []crdt.Op
			if after < base {
				after = base
			}
			if i := after - base; i < uint64(len(model)) {
				want = model[i:]
			}
			if max > 0 && len(got) > max || len(want) > 0 && len(got) == 0 || len(got) > len(want) {
				t.Fatalf("step %d: since(%d, %d) = %d ops of %d", step, after, max, len(got), len(want))
			}
			if max == 0 && len(got) != len(want) {
				t.Fatalf("step %d: since(%d, 0) = %d ops, want %d", step, after, len(got), len(want))
			}
			checkOps(t, "since", got, after+1, after+uint64(len(got)))
		case x < 98:
			upto := base + uint64(r.IntN(len(model)+3))
			l.trim(upto)
			if upto > base {
				n := min(upto-base, uint64(len(model)))
				model = model[n:]
				base = upto
			}
		default:
			l.reset(last)
			model, base = nil, last
		}
		if l.n != len(model) || (len(model) > 0 && l.base != base) {
			t.Fatalf("step %d: n %d base %d, want %d %d", step, l.n, l.base, len(model), base)
		}
		if step%97 == 0 {
			checkOps(t, "copyAll", l.copyAll(), base+1, base+uint64(len(model)))
		}
	}
}

func TestLogLoad(t *testing.T) {
	var l opLog
	ops := []crdt.Op{logOp(8), logOp(9), logOp(10)}
	l.load(7, ops)
	checkOps(t, "loaded", l.since(0, 0), 8, 10)
	l.append(logOp(11))
	checkOps(t, "appended", l.since(7, 0), 8, 11)
	if ops[0].Seq != 8 || len(ops) != 3 {
		t.Fatal("load changed its input")
	}
	l.trim(9)
	checkOps(t, "trimmed", l.since(0, 0), 10, 11)
}

// TestLogReusesBlocks checks that a log that keeps being trimmed behind its
// appends, across block boundaries, allocates nothing once warm.
func TestLogReusesBlocks(t *testing.T) {
	var l opLog
	l.reset(0)
	var seq uint64
	cycle := func() {
		for range maxBlockOps / 2 {
			seq++
			l.append(crdt.Op{Kind: crdt.OpSet, Origin: 1, Seq: seq})
		}
		if seq > maxBlockOps {
			l.trim(seq - maxBlockOps + 7)
		}
	}
	for range 8 {
		cycle()
	}
	if n := testing.AllocsPerRun(50, cycle); n != 0 {
		t.Fatalf("%v allocations per cycle once warm", n)
	}
}
