package sim

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/geocache/terraform-provider-geocache/internal/catalog"
	"github.com/geocache/terraform-provider-geocache/internal/sim/simapi"
)

var fiveRegions = []string{"eastus", "westeurope", "japaneast", "brazilsouth", "australiaeast"}

// joinInParallel creates one cache per region in group g at once and
// returns their names, sorted.
func joinInParallel(t *testing.T, ts *testServer, g string, regions []string) []string {
	t.Helper()
	names := make([]string, len(regions))
	replies := make([]reply, len(regions))
	var wg sync.WaitGroup
	for i, region := range regions {
		names[i] = fmt.Sprintf("c%d", i)
		wg.Add(1)
		go func() {
			defer wg.Done()
			replies[i] = ts.do(http.MethodPut, simapi.PathCaches+"/"+names[i],
				simapi.CacheCreate{Region: region, SKU: "Balanced_B5", ReplicationGroup: g})
		}()
	}
	wg.Wait()
	for _, r := range replies {
		ts.expect(r, http.StatusCreated, "")
	}
	return names
}

func TestParallelJoinsLinkEveryMember(t *testing.T) {
	ts := startServer(t, Config{})
	ts.createGroup("g")
	names := joinInParallel(t, ts, "g", fiveRegions)
	for _, n := range names {
		ts.waitReady(n, others(names, n)...)
	}
	g := ts.getGroup("g")
	if len(g.Members) != 5 || g.SKU != "Balanced_B5" || g.EvictionPolicy != catalog.DefaultEvictionPolicy {
		t.Fatalf("group: %+v", g)
	}
	for i, m := range g.Members {
		if m.ID != names[i] || m.State != "Linked" || m.Region != fiveRegions[i] {
			t.Fatalf("member %d: %+v", i, m)
		}
	}
	r := ts.do(http.MethodPut, simapi.PathCaches+"/sixth", simapi.CacheCreate{Region: "uksouth", SKU: "Balanced_B5", ReplicationGroup: "g"})
	ts.expect(r, http.StatusConflict, simapi.CodeGroupFull)
	if msg := r.errorBody(t).Message; !strings.Contains(msg, strings.Join(names, ", ")) {
		t.Fatalf("GroupFull message does not name the members: %q", msg)
	}
}

// Racing joins with two different SKUs: whichever commits first sets the
// group's SKU, and the group never exceeds its limit.
func TestRacingJoinsNeverOverfillOrMixSKUs(t *testing.T) {
	ts := startServer(t, Config{})
	ts.createGroup("g")
	const n = 12
	replies := make([]reply, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sku := []string{"Balanced_B3", "MemoryOptimized_M10"}[i%2]
			replies[i] = ts.do(http.MethodPut, fmt.Sprintf("%s/r%d", simapi.PathCaches, i),
				simapi.CacheCreate{Region: "eastus", SKU: sku, ReplicationGroup: "g"})
		}()
	}
	wg.Wait()
	created := 0
	for _, r := range replies {
		switch r.status {
		case http.StatusCreated:
			created++
		case http.StatusConflict:
			if code := r.errorBody(t).Code; code != simapi.CodeGroupFull && code != simapi.CodeGroupMismatch {
				t.Fatalf("unexpected conflict %s", r.body)
			}
		default:
			t.Fatalf("unexpected answer %d %s", r.status, r.body)
		}
	}
	g := ts.getGroup("g")
	if created != catalog.MaxGroupMembers || len(g.Members) != created {
		t.Fatalf("created %d, group has %d members", created, len(g.Members))
	}
	for _, m := range g.Members {
		c, _ := ts.getCache(m.Name)
		if c.SKU != g.SKU {
			t.Fatalf("member %s has sku %s, group %s", m.Name, c.SKU, g.SKU)
		}
	}
	var names []string
	for _, m := range g.Members {
		names = append(names, m.Name)
	}
	for _, n := range names {
		ts.waitReady(n, others(names, n)...)
	}
}

func TestLeaveOfMiddleMemberKeepsOthersLinked(t *testing.T) {
	ts := startServer(t, Config{})
	ts.createGroup("g")
	names := joinInParallel(t, ts, "g", fiveRegions[:3])
	for _, n := range names {
		ts.waitReady(n, others(names, n)...)
	}
	r := ts.do(http.MethodDelete, simapi.PathCaches+"/c1", nil)
	ts.expect(r, http.StatusAccepted, "")
	ts.waitGone("c1")
	ts.waitReady("c0", "c2")
	ts.waitReady("c2", "c0")
	if g := ts.getGroup("g"); len(g.Members) != 2 {
		t.Fatalf("group after leave: %+v", g)
	}
	// The freed seat can be taken again, and the newcomer links with both.
	ts.createCache("c1", simapi.CacheCreate{Region: "uksouth", SKU: "Balanced_B5", ReplicationGroup: "g"})
	ts.waitReady("c1", "c0", "c2")
	ts.waitReady("c0", "c1", "c2")
}

func TestGroupLifecycle(t *testing.T) {
	ts := startServer(t, Config{})
	ts.expect(ts.do(http.MethodPut, simapi.PathGroups+"/bad--name", nil), http.StatusBadRequest, simapi.CodeInvalidRequest)
	ts.createGroup("g")
	ts.expect(ts.do(http.MethodPut, simapi.PathGroups+"/g", nil), http.StatusConflict, simapi.CodeAlreadyExists)
	if g := ts.getGroup("g"); g.SKU != "" || len(g.Members) != 0 || g.Members == nil {
		t.Fatalf("empty group: %+v", g)
	}
	ts.createCache("a", simapi.CacheCreate{Region: "eastus", SKU: "Balanced_B3", ReplicationGroup: "g"})
	ts.createCache("b", simapi.CacheCreate{Region: "westus", SKU: "Balanced_B3", ReplicationGroup: "g"})

	r := ts.do(http.MethodDelete, simapi.PathGroups+"/g", nil)
	ts.expect(r, http.StatusConflict, simapi.CodeGroupNotEmpty)
	if msg := r.errorBody(t).Message; msg != `replication group "g" still has members: a, b; delete them first` {
		t.Fatalf("message %q", msg)
	}
	var list simapi.GroupList
	r = ts.do(http.MethodGet, simapi.PathGroups, nil)
	ts.expect(r, http.StatusOK, "")
	r.decode(t, &list)
	if len(list.Groups) != 1 || len(list.Groups[0].Members) != 2 {
		t.Fatalf("list: %+v", list)
	}

	for _, n := range []string{"a", "b"} {
		ts.expect(ts.do(http.MethodDelete, simapi.PathCaches+"/"+n, nil), http.StatusAccepted, "")
	}
	ts.waitGone("a")
	ts.waitGone("b")
	r = ts.do(http.MethodDelete, simapi.PathGroups+"/g", nil)
	if r.status != http.StatusNoContent || len(r.body) != 0 {
		t.Fatalf("delete group: %d %s", r.status, r.body)
	}
	ts.expect(ts.do(http.MethodGet, simapi.PathGroups+"/g", nil), http.StatusNotFound, simapi.CodeNotFound)
	ts.expect(ts.do(http.MethodDelete, simapi.PathGroups+"/g", nil), http.StatusNotFound, simapi.CodeNotFound)
}

func TestEvictionPolicyChangeInGroup(t *testing.T) {
	ts := startServer(t, Config{})
	ts.createGroup("g")
	ts.createCache("a", simapi.CacheCreate{Region: "eastus", SKU: "Balanced_B3", ReplicationGroup: "g"})
	policy := "NoEviction"
	// A sole member sets the policy for the group.
	ts.expect(ts.do(http.MethodPatch, simapi.PathCaches+"/a", simapi.CacheUpdate{EvictionPolicy: &policy}), http.StatusOK, "")
	ts.createCache("b", simapi.CacheCreate{Region: "westus", SKU: "Balanced_B3", EvictionPolicy: policy, ReplicationGroup: "g"})

	other := "AllKeysLRU"
	r := ts.do(http.MethodPatch, simapi.PathCaches+"/a", simapi.CacheUpdate{EvictionPolicy: &other})
	ts.expect(r, http.StatusConflict, simapi.CodeGroupMismatch)
	if msg := r.errorBody(t).Message; !strings.Contains(msg, "every member") || !strings.Contains(msg, "b") {
		t.Fatalf("message %q", msg)
	}
	// Tags still change in place, and an unchanged policy is no change.
	tags := map[string]string{"k": "v"}
	ts.expect(ts.do(http.MethodPatch, simapi.PathCaches+"/a", simapi.CacheUpdate{Tags: &tags, EvictionPolicy: &policy}), http.StatusOK, "")
}

func TestRealisticLatencyLinksSettleAfterTheirDelay(t *testing.T) {
	ts := startServer(t, Config{Latency: LatencyRealistic})
	ts.createGroup("g")
	ts.createCache("near", simapi.CacheCreate{Region: "eastus", SKU: "Balanced_B3", ReplicationGroup: "g"})
	ts.waitReady("near")
	start := time.Now()
	c := ts.createCache("far", simapi.CacheCreate{Region: "australiaeast", SKU: "Balanced_B3", ReplicationGroup: "g"})
	if c.GeoReplicationState != "Linking" {
		t.Fatalf("new member starts %q", c.GeoReplicationState)
	}
	ts.waitReady("far", "near")
	want := catalog.OneWayLatency("eastus", "australiaeast")
	if took := time.Since(start); took < want {
		t.Fatalf("linked after %v, before the one-way latency %v", took, want)
	}
	near := ts.waitReady("near", "far")
	if near.Links[0].Region != "australiaeast" {
		t.Fatalf("link region: %+v", near.Links)
	}
}
