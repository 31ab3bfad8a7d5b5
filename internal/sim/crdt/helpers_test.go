package crdt

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// fakeClock is a physical clock the test moves by hand.
type fakeClock struct{ ms int64 }

func (c *fakeClock) now() int64 { return c.ms }

func newClock() *fakeClock { return &fakeClock{ms: 1_700_000_000_000} }

// pair returns two replicas sharing one clock.
func pair() (*Keyspace, *Keyspace, *fakeClock) {
	c := newClock()
	return New(1, c.now), New(2, c.now), c
}

// deliver applies ops to ks, failing the test on an error.
func deliver(t testing.TB, ks *Keyspace, ops ...Op) {
	t.Helper()
	for i := range ops {
		if ops[i].Kind == OpNone {
			continue
		}
		if _, err := ks.Apply(&ops[i]); err != nil {
			t.Fatalf("apply %v to %d: %v", ops[i].Kind, ks.ID(), err)
		}
	}
}

// dump renders everything a client could observe, in a canonical form.
func dump(ks *Keyspace) string {
	var b strings.Builder
	for _, key := range ks.Keys(nil) {
		v := ks.Get(key)
		fmt.Fprintf(&b, "%s %s", key, v.Kind.RedisType())
		switch v.Kind {
		case KindHash:
			for _, f := range v.Fields {
				fmt.Fprintf(&b, " %s=%q", f.Name, f.Value)
			}
		case KindSet:
			fmt.Fprintf(&b, " %v", v.Members)
		case KindZSet:
			for _, m := range v.ZMembers {
				fmt.Fprintf(&b, " %s:%s", m.Member, strconv.FormatFloat(m.Score, 'g', -1, 64))
			}
		default:
			fmt.Fprintf(&b, " %q", v.Bytes)
		}
		if at, ok := ks.ExpireTime(key); ok {
			fmt.Fprintf(&b, " exp=%d", at)
		}
		b.WriteByte('\n')
	}
	return b.String()
}

func mustEqualDumps(t testing.TB, label string, replicas ...*Keyspace) {
	t.Helper()
	want := dump(replicas[0])
	for _, r := range replicas[1:] {
		if got := dump(r); got != want {
			t.Fatalf("%s: replica %d diverges from %d:\n--- %d\n%s--- %d\n%s",
				label, r.ID(), replicas[0].ID(), replicas[0].ID(), want, r.ID(), got)
		}
	}
}

func str(t testing.TB, ks *Keyspace, key string) string {
	t.Helper()
	b, ok, err := ks.GetString(key)
	if err != nil {
		t.Fatalf("GET %s: %v", key, err)
	}
	if !ok {
		return "<nil>"
	}
	return string(b)
}

// checkIndexes compares the keyspace's indexes and counts with what a walk
// over every key finds.
func checkIndexes(t testing.TB, ks *Keyspace) {
	t.Helper()
	now := ks.Now()
	var names []string
	live, visible, expires := 0, 0, 0
	for name, k := range ks.keys {
		names = append(names, name)
		if k.isEmpty() {
			t.Fatalf("replica %d keeps empty key %q", ks.ID(), name)
		}
		_, vis := k.visible()
		if vis != k.vis {
			t.Fatalf("replica %d key %q: vis %v, visible %v", ks.ID(), name, k.vis, vis)
		}
		if vis {
			live++
			if !k.expired(now) {
				visible++
				if _, _, ok := k.expiry(); ok {
					expires++
				}
			}
		}
		if k.hasTombs() && (!k.tomb || ks.tombs[name] != k) {
			t.Fatalf("replica %d key %q holds tombstones but is not listed", ks.ID(), name)
		}
		at, _, ok := k.expiry()
		if !ok {
			at = 0
		}
		if at != k.indexedExpiry() {
			t.Fatalf("replica %d key %q: indexed expiry %d, expiry %d", ks.ID(), name, k.indexedExpiry(), at)
		}
		if at != 0 {
			found := false
			for _, e := range ks.exp.items {
				found = found || (e.k == k && e.valid() && e.name == name)
			}
			if e, ok := ks.exp.waiting[k]; ok && e.valid() {
				found = true
			}
			if !found {
				t.Fatalf("replica %d key %q: expiry %d not indexed", ks.ID(), name, at)
			}
		}
	}
	for name, k := range ks.tombs {
		if ks.keys[name] != k || !k.tomb {
			t.Fatalf("replica %d lists %q for tombstones, but it is not that key", ks.ID(), name)
		}
	}
	if live != ks.live || visible != ks.Len() || expires != ks.Expires() {
		t.Fatalf("replica %d: live %d/%d, Len %d/%d, Expires %d/%d", ks.ID(), ks.live, live, ks.Len(), visible, ks.Expires(), expires)
	}
	sort.Strings(names)
	var ordered []string
	ks.order.ascend("", func(name string) bool { ordered = append(ordered, name); return true })
	if strings.Join(ordered, "\x00") != strings.Join(names, "\x00") || len(ordered) != len(names) {
		t.Fatalf("replica %d: ordered index %q, keys %q", ks.ID(), ordered, names)
	}
}
