package crdt

import "testing"

func TestClockNeverGoesBackwards(t *testing.T) {
	phys := int64(1000)
	c := NewClock(1, func() int64 { return phys })
	a := c.Now()
	phys = 900 // wall clock stepped back
	b := c.Now()
	if !b.After(a) {
		t.Fatalf("%+v not after %+v", b, a)
	}
	if b.Wall != 1000 || b.Logical != 1 {
		t.Fatalf("expected logical tick at wall 1000, got %+v", b)
	}
	phys = 2000
	if d := c.Now(); d.Wall != 2000 || d.Logical != 0 {
		t.Fatalf("physical time should take over again, got %+v", d)
	}
}

func TestClockUpdateMovesPastRemote(t *testing.T) {
	c := NewClock(1, func() int64 { return 100 })
	remote := Timestamp{Wall: 500, Logical: 7, Replica: 2}
	c.Update(remote)
	if got := c.Now(); !got.After(remote) {
		t.Fatalf("%+v not after remote %+v", got, remote)
	}
}

func TestTimestampReplicaBreaksTies(t *testing.T) {
	a := Timestamp{Wall: 5, Logical: 1, Replica: 1}
	b := Timestamp{Wall: 5, Logical: 1, Replica: 2}
	if a.Compare(b) != -1 || b.Compare(a) != 1 || a.Compare(a) != 0 {
		t.Fatalf("bad order: %d %d %d", a.Compare(b), b.Compare(a), a.Compare(a))
	}
}

func TestClockLogicalOverflowBorrowsMillisecond(t *testing.T) {
	c := NewClock(1, func() int64 { return 10 })
	c.Update(Timestamp{Wall: 10, Logical: ^uint32(0)})
	if got := c.Now(); got.Wall != 11 {
		t.Fatalf("expected wall 11 after logical overflow, got %+v", got)
	}
}
