package crdt

import (
	"math"
	"time"
)

// ReplicaID identifies one member of a replication group. IDs must never be
// reused within a group: dots and sequence numbers are keyed by them, so a
// reused ID would make a new member's writes look like duplicates.
type ReplicaID uint32

// Timestamp is a hybrid logical clock reading. The replica ID takes part in
// the order so that two different writes never compare equal, which is what
// makes last-writer-wins deterministic on every member.
type Timestamp struct {
	Wall    int64     `json:"w"` // physical milliseconds since the Unix epoch
	Logical uint32    `json:"l"`
	Replica ReplicaID `json:"r"`
}

// Compare orders timestamps by wall time, then logical counter, then replica.
func (t Timestamp) Compare(u Timestamp) int {
	switch {
	case t.Wall < u.Wall:
		return -1
	case t.Wall > u.Wall:
		return 1
	case t.Logical < u.Logical:
		return -1
	case t.Logical > u.Logical:
		return 1
	case t.Replica < u.Replica:
		return -1
	case t.Replica > u.Replica:
		return 1
	}
	return 0
}

// After reports whether t is strictly later than u.
func (t Timestamp) After(u Timestamp) bool { return t.Compare(u) > 0 }

// IsZero reports whether t was never set.
func (t Timestamp) IsZero() bool { return t == Timestamp{} }

// Clock is a hybrid logical clock: it follows physical time but never goes
// backwards and always moves past any timestamp it has seen, so a write that
// causally follows another always carries a larger timestamp even when the
// members' wall clocks disagree.
type Clock struct {
	id   ReplicaID
	phys func() int64
	wall int64
	log  uint32
}

// NewClock returns a clock for replica id. phys returns physical time in
// milliseconds; nil means the system clock.
func NewClock(id ReplicaID, phys func() int64) *Clock {
	if phys == nil {
		phys = systemMillis
	}
	return &Clock{id: id, phys: phys}
}

func systemMillis() int64 { return time.Now().UnixMilli() }

// Physical returns the underlying physical time in milliseconds.
func (c *Clock) Physical() int64 { return c.phys() }

// Now returns a timestamp greater than every one this clock returned or saw.
func (c *Clock) Now() Timestamp {
	if p := c.phys(); p > c.wall {
		c.wall, c.log = p, 0
	} else {
		c.tick()
	}
	return Timestamp{Wall: c.wall, Logical: c.log, Replica: c.id}
}

// Update moves the clock past a timestamp received from another member.
// It does not read physical time: the next Now does, and takes it over if it
// is later, so a member applying a stream of remote ops pays for no clock
// reads. A clock already past remote is left as it is; Now ticks past it.
func (c *Clock) Update(remote Timestamp) {
	if remote.Wall > c.wall || (remote.Wall == c.wall && remote.Logical > c.log) {
		c.wall, c.log = remote.Wall, remote.Logical
		c.tick()
	}
}

// tick advances the logical part; on the (absurd) overflow of the counter it
// borrows a millisecond rather than wrapping, which would break monotonicity.
func (c *Clock) tick() {
	if c.log == math.MaxUint32 {
		c.wall++
		c.log = 0
		return
	}
	c.log++
}
