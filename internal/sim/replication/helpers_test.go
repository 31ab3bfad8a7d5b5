package replication

import (
	"fmt"
	"testing"
	"time"

	"github.com/geocache/terraform-provider-geocache/internal/sim/crdt"
)

var regions = []string{"eastus", "westeurope", "southeastasia"}

// mesh starts an engine with n fully linked fakes, member i named m<i> in
// regions[i%3].
func mesh(t *testing.T, cfg Config, n int) (*Engine, []*fake) {
	t.Helper()
	e := New(cfg)
	t.Cleanup(func() { _ = e.Close() })
	fs := make([]*fake, n)
	for i := range fs {
		fs[i] = addFake(t, e, i)
	}
	for i := range fs {
		for j := i + 1; j < n; j++ {
			if err := e.Link(name(i), name(j)); err != nil {
				t.Fatal(err)
			}
		}
	}
	return e, fs
}

func name(i int) string { return fmt.Sprintf("m%d", i) }

func addFake(t *testing.T, e *Engine, i int) *fake {
	t.Helper()
	f := newFake(crdt.ReplicaID(i + 1))
	if err := e.Add(Member{Name: name(i), Region: regions[i%len(regions)], ID: crdt.ReplicaID(i + 1), Replica: f}); err != nil {
		t.Fatal(err)
	}
	return f
}

// eventually polls cond until it holds or the deadline passes.
func eventually(t *testing.T, within time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(within)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("not within %v: %s", within, what)
		}
		time.Sleep(time.Millisecond)
	}
}

func sameValue(fs []*fake, key, want string) func() bool {
	return func() bool {
		for _, f := range fs {
			if f.get(key) != want {
				return false
			}
		}
		return true
	}
}
