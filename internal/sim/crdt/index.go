package crdt

import (
	"container/heap"
	"sort"
	"strings"
)

// The keyspace keeps three indexes beside its map of keys, so that nothing
// periodic or per-command has to walk every key:
//
//   - expiry: a min-heap of the keys that have an expiry, by time, so the
//     active-expiry sweep (ReapExpired) finds what is due without a scan;
//   - tombstones: the keys that may hold removal records, the only ones GC
//     has to visit;
//   - order: every key name, sorted, so SCAN resumes after a cursor and KEYS
//     lists in order without sorting the whole keyspace.
//
// Each key's entry in them is brought up to date by settle, which every
// path that changes a key (apply, Merge, GC) calls once it is done with it.

// settle updates the indexes and counts after key name's state changed, and
// forgets the key once it holds nothing at all.
func (ks *Keyspace) settle(name string, k *keyState) {
	_, vis := k.visible()
	if vis != k.vis {
		k.vis = vis
		if vis {
			ks.live++
		} else {
			ks.live--
		}
	}
	at, _, ok := k.expiry()
	if !ok {
		at = 0
	}
	if at != k.indexedExpiry() {
		x := k.more()
		switch {
		case x.expAt == 0:
			ks.exp.keys++
		case at == 0:
			ks.exp.keys--
		}
		x.expAt = at
		x.expGen++
		delete(ks.exp.waiting, k)
		if at != 0 {
			heap.Push(&ks.exp, expEntry{at: at, gen: x.expGen, k: k, name: name})
			ks.exp.maybeCompact()
		}
	}
	if k.isEmpty() {
		delete(ks.keys, name)
		delete(ks.tombs, name)
		delete(ks.exp.waiting, k)
		ks.order.remove(name)
	}
}

// lookupOrCreate returns the state of key name, creating an empty one.
func (ks *Keyspace) lookupOrCreate(name string) *keyState {
	k := ks.keys[name]
	if k == nil {
		k = newKeyState(name)
		ks.keys[name] = k
		ks.order.insert(name)
	}
	return k
}

// markTombs records that key name may hold removal records.
func (ks *Keyspace) markTombs(name string, k *keyState) {
	if !k.tomb {
		k.tomb = true
		ks.tombs[name] = k
	}
}

// hasTombs reports whether the key holds any removal record.
func (k *keyState) hasTombs() bool {
	if len(k.rmBy) > 0 || len(k.rmAll) > 0 || cellTombs(&k.str) || cellTombs(k.expCell()) {
		return true
	}
	for p := range numParts {
		if len(k.partRm(p)) > 0 {
			return true
		}
	}
	for i := range 3 {
		for _, c := range k.coll(i) {
			if cellTombs(c) {
				return true
			}
		}
	}
	return false
}

func cellTombs(c *Cell) bool { return len(c.Removed) > 0 || len(c.RemovedBy) > 0 }

// expEntry says key name expires at at. It is stale once the key's expiry
// changed since (gen differs), and is then skipped.
type expEntry struct {
	at   int64
	gen  uint32
	k    *keyState
	name string
}

// An entry is only made for a key with keyExtra, which stays.
func (e *expEntry) valid() bool { return e.k.x.expAt == e.at && e.k.x.expGen == e.gen }

// expHeap orders expiry entries by time. waiting holds keys found expired
// that another member owns: they stay until that member's DEL arrives or
// the membership changes (SetMembers puts them back in the heap).
type expHeap struct {
	items   []expEntry
	waiting map[*keyState]expEntry
	keys    int // keys with an expiry: the valid entries, at most
}

func (h *expHeap) Len() int           { return len(h.items) }
func (h *expHeap) Less(i, j int) bool { return h.items[i].at < h.items[j].at }
func (h *expHeap) Swap(i, j int)      { h.items[i], h.items[j] = h.items[j], h.items[i] }
func (h *expHeap) Push(x any)         { h.items = append(h.items, x.(expEntry)) }
func (h *expHeap) Pop() any {
	n := len(h.items) - 1
	e := h.items[n]
	h.items[n] = expEntry{}
	h.items = h.items[:n]
	return e
}

// maybeCompact drops stale entries once they make up most of the heap, so
// a key whose expiry is rewritten over and over cannot grow it without end.
// Each compaction leaves at most keys entries and the next one waits for as
// many pushes again, so the cost per push stays constant.
func (h *expHeap) maybeCompact() {
	if len(h.items) <= 2*h.keys+1024 {
		return
	}
	n := 0
	for _, e := range h.items {
		if e.valid() {
			h.items[n] = e
			n++
		}
	}
	clear(h.items[n:])
	h.items = h.items[:n]
	heap.Init(h)
}

// due calls fn for every valid entry with at <= now, heap and waiting set
// alike, without changing either.
func (h *expHeap) due(now int64, fn func(e *expEntry)) {
	var stack []int
	if len(h.items) > 0 {
		stack = append(stack, 0)
	}
	for len(stack) > 0 {
		i := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		e := &h.items[i]
		if e.at > now {
			continue
		}
		if e.valid() {
			fn(e)
		}
		for _, c := range [2]int{2*i + 1, 2*i + 2} {
			if c < len(h.items) {
				stack = append(stack, c)
			}
		}
	}
	for _, e := range h.waiting {
		if e.at <= now && e.valid() {
			fn(&e)
		}
	}
}

// requeue moves the waiting keys back into the heap: after a membership
// change, some of them may now be this member's to reap.
func (h *expHeap) requeue() {
	for _, e := range h.waiting {
		if e.valid() {
			heap.Push(h, e)
		}
	}
	clear(h.waiting)
}

// expiredVisible counts the keys whose data is visible but expired at now:
// those Len must not count, though ReapExpired has not deleted them yet.
func (ks *Keyspace) expiredVisible(now int64) int {
	n := 0
	ks.exp.due(now, func(e *expEntry) {
		if e.k.vis {
			n++
		}
	})
	return n
}

// orderBlock bounds the names held in one block of the ordered index.
const orderBlock = 512

// ordered is the sorted set of key names: a list of sorted blocks, each
// holding a contiguous range, so an insert or removal moves at most one
// block's worth of names.
type ordered struct {
	blocks [][]string
}

// block returns the index of the first block whose last name is >= name,
// or len(blocks) when name sorts after all of them.
func (o *ordered) block(name string) int {
	return sort.Search(len(o.blocks), func(i int) bool {
		b := o.blocks[i]
		return b[len(b)-1] >= name
	})
}

func (o *ordered) insert(name string) {
	if len(o.blocks) == 0 {
		o.blocks = append(o.blocks, append(make([]string, 0, 8), name))
		return
	}
	bi := o.block(name)
	if bi == len(o.blocks) {
		bi--
	}
	b := o.blocks[bi]
	i := sort.SearchStrings(b, name)
	if i < len(b) && b[i] == name {
		return
	}
	b = append(b, "")
	copy(b[i+1:], b[i:])
	b[i] = name
	if len(b) <= orderBlock {
		o.blocks[bi] = b
		return
	}
	half := len(b) / 2
	right := append(make([]string, 0, orderBlock+1), b[half:]...)
	clear(b[half:])
	left := b[:half]
	o.blocks = append(o.blocks, nil)
	copy(o.blocks[bi+2:], o.blocks[bi+1:])
	o.blocks[bi], o.blocks[bi+1] = left, right
}

func (o *ordered) remove(name string) {
	bi := o.block(name)
	if bi == len(o.blocks) {
		return
	}
	b := o.blocks[bi]
	i := sort.SearchStrings(b, name)
	if i == len(b) || b[i] != name {
		return
	}
	copy(b[i:], b[i+1:])
	b[len(b)-1] = ""
	b = b[:len(b)-1]
	if len(b) > 0 {
		o.blocks[bi] = b
		return
	}
	copy(o.blocks[bi:], o.blocks[bi+1:])
	o.blocks[len(o.blocks)-1] = nil
	o.blocks = o.blocks[:len(o.blocks)-1]
}

// ascend calls fn for each name in order, starting with the first name
// after cursor ("" starts at the beginning, the empty name included), until
// fn returns false.
func (o *ordered) ascend(cursor string, fn func(name string) bool) {
	bi, i := 0, 0
	if cursor != "" {
		bi = sort.Search(len(o.blocks), func(j int) bool {
			b := o.blocks[j]
			return b[len(b)-1] > cursor
		})
		if bi < len(o.blocks) {
			b := o.blocks[bi]
			i = sort.Search(len(b), func(j int) bool { return strings.Compare(b[j], cursor) > 0 })
		}
	}
	for ; bi < len(o.blocks); bi, i = bi+1, 0 {
		for _, name := range o.blocks[bi][i:] {
			if !fn(name) {
				return
			}
		}
	}
}
