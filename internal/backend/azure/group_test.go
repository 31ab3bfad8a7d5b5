package azure

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/geocache/terraform-provider-geocache/internal/backend"
)

var regions5 = []string{"eastus", "westeurope", "southeastasia", "japaneast", "australiaeast"}

// checkFullyLinked asserts each cache links to exactly the others.
func checkFullyLinked(t *testing.T, ctx context.Context, c *Client, ids []string) {
	t.Helper()
	for _, id := range ids {
		cache, err := c.GetCache(ctx, id)
		if err != nil {
			t.Fatalf("GetCache(%s): %v", id, err)
		}
		var want []string
		for _, o := range ids {
			if o != id {
				want = append(want, o)
			}
		}
		sortIDs(want)
		if !slices.Equal(cache.LinkedCacheIDs, want) {
			t.Errorf("%s links %v, want %v", cache.Name, cache.LinkedCacheIDs, want)
		}
		if cache.GeoReplicationState != backend.LinkLinked || !cache.Ready() {
			t.Errorf("%s geo state %s, provisioning %s", cache.Name, cache.GeoReplicationState, cache.ProvisioningState)
		}
	}
}

func TestThreeMemberGroup(t *testing.T) {
	srv := newFake(t, fastOptions())
	c := newTestClient(t, srv)
	ctx := testCtx(t)

	g, err := c.CreateReplicationGroup(ctx, "orders")
	if err != nil {
		t.Fatalf("CreateReplicationGroup: %v", err)
	}
	if g.ID != "orders" || len(g.Members) != 0 {
		t.Fatalf("new group = %+v", g)
	}
	var ids []string
	for i, region := range regions5[:3] {
		cache := mustCreate(t, ctx, c, spec(fmt.Sprintf("orders-%d", i), region, g.ID))
		if cache.ReplicationGroupID != "orders" || !cache.Ready() {
			t.Fatalf("member %d = %+v", i, cache)
		}
		ids = append(ids, cache.ID)
	}
	checkFullyLinked(t, ctx, c, ids)

	got, err := c.GetReplicationGroup(ctx, "orders")
	if err != nil {
		t.Fatalf("GetReplicationGroup: %v", err)
	}
	if len(got.Members) != 3 || got.SKU != "Balanced_B5" || got.EvictionPolicy != "VolatileLRU" {
		t.Fatalf("group = %+v", got)
	}
	for i, m := range got.Members {
		if m.ID != ids[i] || m.State != backend.LinkLinked || m.Region != regions5[i] {
			t.Errorf("member %d = %+v", i, m)
		}
	}

	// A member on another SKU is refused before anything is created.
	odd := spec("orders-odd", "westus", "orders")
	odd.SKU = "Balanced_B10"
	if _, err := c.CreateCache(ctx, odd); !errors.Is(err, backend.ErrInvalid) || !strings.Contains(err.Error(), "SKU") {
		t.Errorf("mismatched SKU join: %v", err)
	}
}

func TestParallelJoinsAllLink(t *testing.T) {
	srv := newFake(t, fastOptions())
	c := newTestClient(t, srv)
	ctx := testCtx(t)

	ids := make([]string, len(regions5))
	errs := make([]error, len(regions5))
	var wg sync.WaitGroup
	for i, region := range regions5 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cache, err := c.CreateCache(ctx, spec(fmt.Sprintf("p-%d", i), region, "parallel"))
			errs[i] = err
			if cache != nil {
				ids[i] = cache.ID
			}
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("join %d: %v", i, err)
		}
	}
	checkFullyLinked(t, ctx, c, ids)

	sixth := spec("p-6", "westus", "parallel")
	if _, err := c.CreateCache(ctx, sixth); !errors.Is(err, backend.ErrConflict) {
		t.Errorf("sixth member: %v, want ErrConflict", err)
	}
}

func TestJoinsFromSeparateProcessesRetryOnConflict(t *testing.T) {
	// Two clients share no lock, as two Terraform runs would not; the fake
	// answers 409 to a join while another is linking, and both must end
	// up in one group.
	opts := fastOptions()
	opts.LinkDelay = 40 * opts.OperationDelay
	srv := newFake(t, opts)
	a, b := newTestClient(t, srv), newTestClient(t, srv)
	ctx := testCtx(t)
	first := mustCreate(t, ctx, a, spec("x-0", "eastus", "shared"))

	joinFromTwoClients(t, ctx, a, b, first.ID, "x", "shared")
	conflicts := 0
	for _, r := range srv.Requests() {
		if r.Method == http.MethodPut && r.Status == http.StatusConflict {
			conflicts++
		}
	}
	if conflicts == 0 {
		t.Error("the joins never collided; the test did not exercise the retry")
	}
}

func TestLeaveMiddleMember(t *testing.T) {
	srv := newFake(t, fastOptions())
	c := newTestClient(t, srv)
	ctx := testCtx(t)
	var ids []string
	for i, region := range regions5[:3] {
		ids = append(ids, mustCreate(t, ctx, c, spec(fmt.Sprintf("m-%d", i), region, "trio")).ID)
	}

	if err := c.DeleteReplicationGroup(ctx, "trio"); !errors.Is(err, backend.ErrConflict) ||
		!strings.Contains(err.Error(), "m-0") || !strings.Contains(err.Error(), "m-2") {
		t.Fatalf("deleting a group with members: %v", err)
	}

	if err := c.DeleteCache(ctx, ids[1]); err != nil {
		t.Fatalf("DeleteCache(middle): %v", err)
	}
	unlinked := false
	for _, r := range srv.Requests() {
		if r.Method == http.MethodPost && strings.HasSuffix(r.Path, "/m-2/databases/default/forceUnlink") ||
			strings.HasSuffix(r.Path, "/m-0/databases/default/forceUnlink") {
			unlinked = r.Status == http.StatusAccepted
		}
	}
	if !unlinked {
		t.Error("leaving did not force-unlink the database")
	}
	checkFullyLinked(t, ctx, c, []string{ids[0], ids[2]})
	g, err := c.GetReplicationGroup(ctx, "trio")
	if err != nil || len(g.Members) != 2 {
		t.Fatalf("group after leave: %v %+v", err, g)
	}

	// The group accepts a new member after the leave.
	ids = append(ids, mustCreate(t, ctx, c, spec("m-3", "japaneast", "trio")).ID)
	checkFullyLinked(t, ctx, c, []string{ids[0], ids[2], ids[3]})

	for _, id := range []string{ids[0], ids[2], ids[3]} {
		if err := c.DeleteCache(ctx, id); err != nil {
			t.Fatalf("DeleteCache: %v", err)
		}
	}
	if err := c.DeleteReplicationGroup(ctx, "trio"); err != nil {
		t.Fatalf("deleting the emptied group: %v", err)
	}
}

func TestGroupIDs(t *testing.T) {
	srv := newFake(t, fastOptions())
	c := newTestClient(t, srv)
	ctx := testCtx(t)
	if _, err := c.CreateReplicationGroup(ctx, "no--good"); !errors.Is(err, backend.ErrInvalid) {
		t.Errorf("invalid name: %v", err)
	}
	if _, err := c.GetReplicationGroup(ctx, "/not/a/nickname"); !backend.IsNotFound(err) {
		t.Errorf("invalid ID: %v, want not found", err)
	}
	g, err := c.GetReplicationGroup(ctx, "never-used")
	if err != nil || g.ID != "never-used" || len(g.Members) != 0 {
		t.Errorf("unused nickname: %v %+v", err, g)
	}
}

func TestMissingResourceGroupIsAnError(t *testing.T) {
	srv := newFake(t, fastOptions())
	c, err := New(context.Background(), Config{
		SubscriptionID: testSub, ResourceGroupName: "rg-gone", Endpoint: srv.URL(),
		Credential: srv.Credential(), PollInterval: time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx := testCtx(t)
	check := func(what string, err error) {
		t.Helper()
		if err == nil || backend.IsNotFound(err) {
			t.Errorf("%s: %v; want an error that is not not-found", what, err)
			return
		}
		if !strings.Contains(err.Error(), "rg-gone") || !strings.Contains(err.Error(), "ResourceGroupNotFound") {
			t.Errorf("%s: %q does not name the resource group and the ARM code", what, err)
		}
	}
	_, err = c.GetReplicationGroup(ctx, "orders")
	check("GetReplicationGroup", err)
	check("DeleteReplicationGroup", c.DeleteReplicationGroup(ctx, "orders"))
	id := clusterRef{testSub, "rg-gone", "c1"}.ID()
	_, err = c.GetCache(ctx, id)
	check("GetCache", err)
	check("DeleteCache", c.DeleteCache(ctx, id))
	cache, err := c.CreateCache(ctx, spec("c1", "eastus", ""))
	check("CreateCache", err)
	if cache != nil {
		t.Errorf("CreateCache returned %+v", cache)
	}
}

func TestJoinWaitsUntilEveryMemberLinks(t *testing.T) {
	// The existing members list a new member Linked well after it lists
	// them; a join is done only when both sides are.
	opts := fastOptions()
	opts.PeerLinkDelay = 300 * time.Millisecond
	srv := newFake(t, opts)
	c := newTestClient(t, srv)
	ctx := testCtx(t)
	a := mustCreate(t, ctx, c, spec("w-0", "eastus", "waits"))
	b := mustCreate(t, ctx, c, spec("w-1", "westeurope", "waits"))
	got, err := c.GetCache(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.GeoReplicationState != backend.LinkLinked {
		t.Errorf("right after the join, %s reports %s", got.Name, got.GeoReplicationState)
	}
	g, err := c.GetReplicationGroup(ctx, "waits")
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range g.Members {
		if m.State != backend.LinkLinked {
			t.Errorf("right after the join, member %s is %s", m.Name, m.State)
		}
	}
	checkFullyLinked(t, ctx, c, []string{a.ID, b.ID})
}

func TestJoinRetriesAnOperationThatFailsWithConflict(t *testing.T) {
	// Two clients share no lock; the fake accepts a colliding join and
	// fails its operation with Conflict rather than answering 409.
	opts := fastOptions()
	opts.LinkDelay = 40 * opts.OperationDelay
	opts.AsyncJoinConflicts = true
	srv := newFake(t, opts)
	a, b := newTestClient(t, srv), newTestClient(t, srv)
	ctx := testCtx(t)
	first := mustCreate(t, ctx, a, spec("y-0", "eastus", "async"))

	joinFromTwoClients(t, ctx, a, b, first.ID, "y", "async")
	puts := 0
	for _, r := range srv.Requests() {
		if r.Method == http.MethodPut && strings.HasSuffix(r.Path, "/databases/default") && !strings.Contains(r.Path, "/y-0/") {
			puts++
		}
	}
	if puts < 3 {
		t.Errorf("%d database PUTs for two joins; the joins never collided", puts)
	}
}

// joinFromTwoClients joins a cache from each client, at the same time, to
// the group whose first member is firstID (caches PREFIX-1 and PREFIX-2),
// and checks that all three end up linked to each other.
func joinFromTwoClients(t *testing.T, ctx context.Context, a, b *Client, firstID, prefix, group string) {
	t.Helper()
	ids := []string{firstID, "", ""}
	errs := make([]error, 2)
	var wg sync.WaitGroup
	for i, cl := range []*Client{a, b} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cache, err := cl.CreateCache(ctx, spec(fmt.Sprintf("%s-%d", prefix, i+1), regions5[i+1], group))
			errs[i] = err
			if cache != nil {
				ids[i+1] = cache.ID
			}
		}()
	}
	wg.Wait()
	if errs[0] != nil || errs[1] != nil {
		t.Fatalf("joins: %v / %v", errs[0], errs[1])
	}
	checkFullyLinked(t, ctx, a, ids)
}
