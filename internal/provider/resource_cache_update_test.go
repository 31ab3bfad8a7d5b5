package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/geocache/terraform-provider-geocache/internal/backend"
)

// stuckBackend applies updates at once but never shows the cache ready
// again (a member whose links are down), and can stop answering reads. It
// holds one cache and no groups.
type stuckBackend struct {
	mu        sync.Mutex
	cache     backend.Cache
	readsFail bool
}

var _ backend.Backend = (*stuckBackend)(nil)

var errStuckBackend = errors.New("this backend holds one existing cache and nothing else")

func (b *stuckBackend) Regions(context.Context) ([]backend.Region, error) {
	return nil, errStuckBackend
}

func (b *stuckBackend) CreateReplicationGroup(context.Context, string) (*backend.ReplicationGroup, error) {
	return nil, errStuckBackend
}

func (b *stuckBackend) GetReplicationGroup(_ context.Context, id string) (*backend.ReplicationGroup, error) {
	return nil, &backend.NotFoundError{Kind: "replication group", ID: id}
}

func (b *stuckBackend) DeleteReplicationGroup(_ context.Context, id string) error {
	return &backend.NotFoundError{Kind: "replication group", ID: id}
}

func (b *stuckBackend) CreateCache(context.Context, backend.CacheSpec) (*backend.Cache, error) {
	return nil, errStuckBackend
}

func (b *stuckBackend) DeleteCache(context.Context, string) error { return errStuckBackend }

func (b *stuckBackend) GetCache(_ context.Context, id string) (*backend.Cache, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.readsFail {
		return nil, errors.New("connection refused")
	}
	c := b.cache
	return &c, nil
}

func (b *stuckBackend) UpdateCache(_ context.Context, id string, u backend.CacheUpdate) (*backend.Cache, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if u.Tags != nil {
		b.cache.Tags = *u.Tags
	}
	if u.EvictionPolicy != nil {
		b.cache.EvictionPolicy = *u.EvictionPolicy
	}
	b.cache.GeoReplicationState = backend.LinkFailed
	// From here on reads fail too: only the update's answer shows it.
	b.readsFail = true
	c := b.cache
	return &c, nil
}

func timeoutsAttrTypes(context.Context) map[string]attr.Type {
	return map[string]attr.Type{"create": types.StringType, "update": types.StringType, "delete": types.StringType}
}

func cacheStateFor(t *testing.T, ctx context.Context, m cacheModel) tfsdk.State {
	t.Helper()
	return stateFor(t, ctx, cacheResourceSchema(ctx), &m)
}

// stateFor is a resource state under sch holding the model m points to.
func stateFor(t *testing.T, ctx context.Context, sch schema.Schema, m any) tfsdk.State {
	t.Helper()
	st := tfsdk.State{Schema: sch, Raw: tftypes.NewValue(sch.Type().TerraformType(ctx), nil)}
	if d := st.Set(ctx, m); d.HasError() {
		t.Fatalf("building state: %v", d)
	}
	return st
}

// When the wait after an update gives up, the state keeps what the backend
// already applied, not the values from before the update.
func TestCacheUpdateTimeoutKeepsAppliedChange(t *testing.T) {
	ctx := context.Background()
	be := &stuckBackend{cache: backend.Cache{
		ID: "a", Name: "a", Region: "eastus", SKU: "Balanced_B3", ReplicationGroupID: "g",
		EvictionPolicy: "VolatileLRU", Tags: map[string]string{"v": "1"}, Hostname: "127.0.0.1", Port: 7000,
		ProvisioningState: backend.StateSucceeded, GeoReplicationState: backend.LinkLinked,
		LinkedCacheIDs: []string{"b"},
	}}
	var prior cacheModel
	prior.Timeouts.Object = types.ObjectNull(timeoutsAttrTypes(ctx))
	prior.Tags = types.MapNull(types.StringType)
	prior.LinkedCacheIDs = types.ListNull(types.StringType)
	if d := prior.fill(ctx, &be.cache); d.HasError() {
		t.Fatal(d)
	}
	plan := prior
	plan.Tags = types.MapValueMust(types.StringType, map[string]attr.Value{"v": types.StringValue("2")})
	plan.Timeouts.Object = types.ObjectValueMust(timeoutsAttrTypes(ctx), map[string]attr.Value{
		"create": types.StringNull(), "update": types.StringValue("50ms"), "delete": types.StringNull(),
	})

	r := &cacheResource{backend: be}
	req := resource.UpdateRequest{State: cacheStateFor(t, ctx, prior), Plan: tfsdk.Plan(cacheStateFor(t, ctx, plan))}
	resp := &resource.UpdateResponse{State: cacheStateFor(t, ctx, prior)}
	start := time.Now()
	r.Update(ctx, req, resp)
	if time.Since(start) > 5*time.Second {
		t.Fatalf("update took %s", time.Since(start))
	}
	if !resp.Diagnostics.HasError() || !strings.Contains(fmt.Sprint(resp.Diagnostics), "Cache updated but not ready") {
		t.Fatalf("want a not-ready error, got %v", resp.Diagnostics)
	}
	var got cacheModel
	if d := resp.State.Get(ctx, &got); d.HasError() {
		t.Fatal(d)
	}
	if !got.Tags.Equal(plan.Tags) {
		t.Errorf("tags in the state = %s, want the applied %s", got.Tags, plan.Tags)
	}
	if got.GeoReplicationState.ValueString() != backend.LinkFailed {
		t.Errorf("geo_replication_state = %s, want %s", got.GeoReplicationState, backend.LinkFailed)
	}
}

// The error after a create names what ended the wait.
func TestNotReadyAfterCreateSaysWhy(t *testing.T) {
	for _, tc := range []struct {
		err         error
		summary     string
		mustNot     string
		detailParts []string
	}{
		{fmt.Errorf("%w: x", errCacheGone), "Cache disappeared after creation", "timeout", []string{"deleted"}},
		{fmt.Errorf("%w: x", errCacheFailed), "Cache failed to provision", "timeout", []string{"failed", "tainted"}},
		{fmt.Errorf("stuck: %w", context.DeadlineExceeded), "Cache created but not ready", "", []string{"create timeout (45m0s)"}},
		{errors.New("HTTP 500"), "Cache created but not ready", "timeout", []string{"HTTP 500"}},
	} {
		summary, detail := notReadyAfterCreate("c", 45*time.Minute, tc.err)
		if summary != tc.summary {
			t.Errorf("%v: summary %q, want %q", tc.err, summary, tc.summary)
		}
		if tc.mustNot != "" && strings.Contains(detail, tc.mustNot) {
			t.Errorf("%v: detail mentions %q: %s", tc.err, tc.mustNot, detail)
		}
		for _, p := range tc.detailParts {
			if !strings.Contains(detail, p) {
				t.Errorf("%v: detail lacks %q: %s", tc.err, p, detail)
			}
		}
	}
}
