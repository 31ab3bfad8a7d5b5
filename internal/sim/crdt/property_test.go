package crdt

import (
	"math/rand"
	"os"
	"strconv"
	"testing"
)

// history drives random commands on several replicas and delivers their ops
// per origin in order, at random times, sometimes twice.
type history struct {
	t        *testing.T
	rng      *rand.Rand
	clock    *fakeClock
	replicas []*Keyspace
	log      map[ReplicaID][]Op
	cursor   map[[2]ReplicaID]int // (dest, origin) -> next op index
}

func newHistory(t *testing.T, seed int64, n int) *history {
	h := &history{
		t:      t,
		rng:    rand.New(rand.NewSource(seed)),
		clock:  newClock(),
		log:    make(map[ReplicaID][]Op),
		cursor: make(map[[2]ReplicaID]int),
	}
	var ids []ReplicaID
	for i := 1; i <= n; i++ {
		ids = append(ids, ReplicaID(i))
		h.replicas = append(h.replicas, New(ReplicaID(i), h.clock.now))
	}
	for _, r := range h.replicas {
		r.SetMembers(ids)
	}
	return h
}

var (
	propKeys  = []string{"a", "b", "c"}
	propNames = []string{"x", "y", "z"}
	propVals  = []string{"1", "2.5", "v", "-7", ""}
)

func (h *history) pick(s []string) string { return s[h.rng.Intn(len(s))] }

// local runs one random command on r and records the op it produced.
func (h *history) local(r *Keyspace) {
	key := h.pick(propKeys)
	name := h.pick(propNames)
	var op Op
	switch h.rng.Intn(17) {
	case 0, 1:
		opt := SetOptions{KeepTTL: h.rng.Intn(3) == 0, NX: h.rng.Intn(6) == 0}
		if h.rng.Intn(4) == 0 {
			opt.ExpireAt = h.clock.ms + int64(h.rng.Intn(40)+1)
		}
		_, op = r.Set(key, []byte(h.pick(propVals)), opt)
	case 2:
		_, op = r.Del(key)
	case 3, 4:
		_, op, _ = r.IncrBy(key, int64(h.rng.Intn(9)-4))
	case 5:
		_, op, _ = r.IncrByFloat(key, float64(h.rng.Intn(9)-4)/4+0.1)
	case 6:
		_, op, _ = r.HSet(key, []FieldValue{{name, []byte(h.pick(propVals))}, {h.pick(propNames), []byte("w")}})
	case 7:
		_, op, _ = r.HDel(key, name)
	case 8:
		if h.rng.Intn(2) == 0 {
			_, op, _ = r.HIncrBy(key, name, int64(h.rng.Intn(5)-2))
		} else {
			_, op, _ = r.HIncrByFloat(key, name, 0.3)
		}
	case 9:
		_, op, _ = r.SAdd(key, name, h.pick(propNames))
	case 10:
		_, op, _ = r.SRem(key, name)
	case 11:
		_, op, _ = r.ZAdd(key, []ZMember{{name, float64(h.rng.Intn(7))}})
	case 12:
		_, op, _ = r.ZIncrBy(key, name, float64(h.rng.Intn(5))-1.5)
	case 13:
		_, op, _ = r.ZRem(key, name)
	case 14:
		_, op = r.Expire(key, h.clock.ms+int64(h.rng.Intn(60)-5))
	case 15:
		_, op = r.Persist(key)
	case 16:
		for _, o := range r.ReapExpired(2) {
			h.record(o)
		}
		return
	}
	h.record(op)
}

func (h *history) record(op Op) {
	if op.Kind == OpNone {
		return
	}
	h.log[op.Origin] = append(h.log[op.Origin], op)
}

// deliverOne hands dest the next op of origin, if any.
func (h *history) deliverOne(dest *Keyspace, origin ReplicaID) bool {
	c := [2]ReplicaID{dest.ID(), origin}
	i := h.cursor[c]
	if i >= len(h.log[origin]) {
		return false
	}
	h.cursor[c] = i + 1
	op := h.log[origin][i]
	if _, err := dest.Apply(&op); err != nil {
		h.t.Fatalf("apply %d#%d to %d: %v", op.Origin, op.Seq, dest.ID(), err)
	}
	if i > 0 && h.rng.Intn(8) == 0 {
		dup := h.log[origin][h.rng.Intn(i+1)]
		if ok, err := dest.Apply(&dup); ok || err != nil {
			h.t.Fatalf("duplicate %d#%d applied again (%v, %v)", dup.Origin, dup.Seq, ok, err)
		}
	}
	return true
}

func (h *history) flush(replicas []*Keyspace) {
	for {
		moved := false
		for _, d := range replicas {
			for origin := range h.log {
				for h.deliverOne(d, origin) {
					moved = true
				}
			}
		}
		if !moved {
			return
		}
	}
}

// exchangeAcks gives r every member's current position, as the replication
// layer would after a round trip.
func (h *history) exchangeAcks(r *Keyspace) {
	for _, o := range h.replicas {
		r.Ack(o.ID(), o.Applied())
	}
}

func (h *history) step() {
	r := h.replicas[h.rng.Intn(len(h.replicas))]
	h.clock.ms += int64(h.rng.Intn(4))
	switch x := h.rng.Intn(100); {
	case x < 50:
		h.local(r)
	case x < 92:
		origin := h.replicas[h.rng.Intn(len(h.replicas))].ID()
		if origin != r.ID() {
			h.deliverOne(r, origin)
		}
	case x < 97:
		h.exchangeAcks(r)
		r.GC()
	default:
		// A member that fell far behind catches up from another's state.
		o := h.replicas[h.rng.Intn(len(h.replicas))]
		if o != r {
			if err := r.Merge(o.Snapshot()); err != nil {
				h.t.Fatalf("merge: %v", err)
			}
		}
	}
}

func TestRandomHistoriesConverge(t *testing.T) {
	seeds := 300
	if testing.Short() {
		seeds = 40
	}
	first := int64(1)
	if v, err := strconv.Atoi(os.Getenv("CRDT_SEEDS")); err == nil && v > 0 {
		seeds = v // CRDT_SEEDS=5000 [CRDT_FIRST_SEED=N] go test -run RandomHistories
	}
	if v, err := strconv.ParseInt(os.Getenv("CRDT_FIRST_SEED"), 10, 64); err == nil {
		first = v
	}
	collected, nonEmpty := 0, 0
	for seed := first; seed < first+int64(seeds); seed++ {
		h := newHistory(t, seed, 3)
		var mid *Snapshot
		for i := 0; i < 400; i++ {
			h.step()
			if i%10 == 0 {
				for _, r := range h.replicas {
					checkIndexes(t, r)
				}
			}
			if i == 200 {
				mid = h.replicas[0].Snapshot()
			}
		}
		h.flush(h.replicas)
		mustEqualDumps(t, "after delivery, seed "+itoa(seed), h.replicas...)

		// A member joining late from a snapshot taken mid-history, then
		// receiving every op (those the snapshot covers are skipped).
		joiner := New(9, h.clock.now)
		if err := joiner.Merge(mid); err != nil {
			t.Fatal(err)
		}
		h.flush([]*Keyspace{joiner})
		mustEqualDumps(t, "late joiner, seed "+itoa(seed), append(h.replicas, joiner)...)

		for _, r := range h.replicas {
			h.exchangeAcks(r)
		}
		for _, r := range h.replicas {
			collected += r.GC()
			checkCollected(t, seed, r)
		}
		if dump(h.replicas[0]) != "" {
			nonEmpty++
		}
		mustEqualDumps(t, "after GC, seed "+itoa(seed), h.replicas...)
		for _, r := range append(h.replicas, joiner) {
			checkIndexes(t, r)
		}

		// Life goes on after collection.
		for i := 0; i < 200; i++ {
			h.step()
		}
		h.flush(h.replicas)
		mustEqualDumps(t, "after GC and more writes, seed "+itoa(seed), h.replicas...)
		for _, r := range h.replicas {
			checkIndexes(t, r)
		}
	}
	if collected == 0 {
		t.Fatal("no tombstone was ever collected")
	}
	if nonEmpty < seeds/2 {
		t.Fatalf("only %d of %d histories ended with data: the generator is too destructive to test much", nonEmpty, seeds)
	}
}

// checkCollected asserts that once every member acknowledged everything, the
// only removal records left are those a partly removed counter still needs.
func checkCollected(t *testing.T, seed int64, r *Keyspace) {
	t.Helper()
	check := func(key string, c *Cell) {
		for _, o := range c.Removed {
			needed := false
			for _, p := range c.Counters {
				needed = needed || (p.Replica == o.Replica && p.Seq > o.Seq)
			}
			if !needed {
				t.Fatalf("seed %d: replica %d kept removal %+v in key %q", seed, r.ID(), o, key)
			}
		}
	}
	for name, k := range r.keys {
		if len(k.rmAll) > 0 {
			t.Fatalf("seed %d: replica %d kept key removal %v on %q", seed, r.ID(), k.rmAll, name)
		}
		for p := range numParts {
			if len(k.partRm(p)) > 0 {
				t.Fatalf("seed %d: replica %d kept key removal %v on %q", seed, r.ID(), k.partRm(p), name)
			}
		}
		check(name, &k.str)
		check(name, k.expCell())
		for i := range 3 {
			for _, c := range k.coll(i) {
				check(name, c)
			}
		}
	}
}

func itoa(n int64) string {
	const digits = "0123456789"
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{digits[n%10]}, b...)
	}
	return string(b)
}
