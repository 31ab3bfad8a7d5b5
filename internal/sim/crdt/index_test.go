package crdt

import (
	"math/rand"
	"sort"
	"strconv"
	"testing"
)

func TestOrderedIndexAcrossBlocks(t *testing.T) {
	var o ordered
	rng := rand.New(rand.NewSource(1))
	set := map[string]bool{}
	for i := 0; i < 20*orderBlock; i++ {
		name := strconv.Itoa(rng.Intn(8 * orderBlock))
		if rng.Intn(3) == 0 {
			o.remove(name)
			delete(set, name)
		} else {
			o.insert(name)
			set[name] = true
		}
	}
	var want []string
	for n := range set {
		want = append(want, n)
	}
	sort.Strings(want)
	for _, cursor := range []string{"", want[0], want[len(want)/2], want[len(want)-1], "zzz"} {
		var got []string
		o.ascend(cursor, func(n string) bool { got = append(got, n); return true })
		i := 0
		if cursor != "" {
			i = sort.Search(len(want), func(j int) bool { return want[j] > cursor })
		}
		if len(got) != len(want[i:]) {
			t.Fatalf("after %q: %d names, want %d", cursor, len(got), len(want[i:]))
		}
		for j := range got {
			if got[j] != want[i+j] {
				t.Fatalf("after %q: name %d is %q, want %q", cursor, j, got[j], want[i+j])
			}
		}
	}
	if len(o.blocks) < 2 {
		t.Fatalf("%d blocks: the test did not split any", len(o.blocks))
	}
}

func TestScanPagesEveryKeyOnce(t *testing.T) {
	ks := New(1, newClock().now)
	for i := 0; i < 3*orderBlock; i++ {
		ks.Set("k"+strconv.Itoa(i), []byte("v"), SetOptions{})
	}
	seen := map[string]int{}
	cursor := ""
	for {
		page, next := ks.Scan(cursor, 100, nil)
		for _, k := range page {
			seen[k]++
		}
		// Keys added and removed during the scan do not disturb it.
		ks.Set("new"+cursor, []byte("v"), SetOptions{})
		ks.Del("new" + cursor)
		if next == "" {
			break
		}
		cursor = next
	}
	for i := 0; i < 3*orderBlock; i++ {
		if n := seen["k"+strconv.Itoa(i)]; n != 1 {
			t.Fatalf("k%d seen %d times", i, n)
		}
	}
	checkIndexes(t, ks)
}

func TestReapExpiredUsesTheIndex(t *testing.T) {
	a, b, clk := pair()
	a.SetMembers([]ReplicaID{1, 2})
	b.SetMembers([]ReplicaID{1, 2})
	for i := 0; i < 100; i++ {
		_, op := a.Set("a"+strconv.Itoa(i), []byte("v"), SetOptions{ExpireAt: clk.ms + int64(i) + 1})
		deliver(t, b, op)
		// The same key's expiry rewritten many times leaves stale entries.
		for j := 0; j < 30; j++ {
			_, op = a.Expire("a"+strconv.Itoa(i), clk.ms+int64(i)+1)
			deliver(t, b, op)
		}
	}
	if len(a.exp.items) > 2*a.exp.keys+1024 {
		t.Fatalf("%d heap entries for %d keys", len(a.exp.items), a.exp.keys)
	}
	clk.ms += 50
	if n := a.Len(); n != 50 {
		t.Fatalf("Len %d, want 50", n)
	}
	ops := a.ReapExpired(0)
	if len(ops) != 50 {
		t.Fatalf("reaped %d, want 50", len(ops))
	}
	// b does not own them: it only hides them, until a leaves the group.
	if got := b.ReapExpired(0); len(got) != 0 || b.Len() != 50 {
		t.Fatalf("non-owner reaped %d, Len %d", len(got), b.Len())
	}
	checkIndexes(t, b)
	b.SetMembers([]ReplicaID{2})
	if got := b.ReapExpired(0); len(got) != 50 {
		t.Fatalf("after the owner left, reaped %d, want 50", len(got))
	}
	deliver(t, b, ops...)
	checkIndexes(t, a)
	checkIndexes(t, b)
	if a.Len() != 50 || b.Len() != 50 || b.Expires() != 50 {
		t.Fatalf("Len %d and %d, Expires %d", a.Len(), b.Len(), b.Expires())
	}
}
