package azure

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/geocache/terraform-provider-geocache/internal/backend"
)

func TestStandaloneCacheLifecycle(t *testing.T) {
	srv := newFake(t, fastOptions())
	c := newTestClient(t, srv)
	ctx := testCtx(t)

	s := spec("cache-one", "westeurope", "")
	s.Tags = map[string]string{"env": "test"}
	cache := mustCreate(t, ctx, c, s)

	wantID := "/subscriptions/" + testSub + "/resourceGroups/" + testRG + "/providers/Microsoft.Cache/redisEnterprise/cache-one"
	if cache.ID != wantID {
		t.Errorf("ID = %q, want %q", cache.ID, wantID)
	}
	if !cache.Ready() || cache.ProvisioningState != backend.StateSucceeded {
		t.Errorf("not ready after create: %+v", cache)
	}
	if cache.GeoReplicationState != backend.LinkStandalone || len(cache.LinkedCacheIDs) != 0 {
		t.Errorf("standalone cache reports geo state %q links %v", cache.GeoReplicationState, cache.LinkedCacheIDs)
	}
	if cache.Port != 10000 || cache.Hostname != "cache-one.westeurope.redis.azure.net" {
		t.Errorf("endpoint = %s:%d", cache.Hostname, cache.Port)
	}
	if cache.PrimaryAccessKey == "" || cache.SecondaryAccessKey == "" || cache.PrimaryAccessKey == cache.SecondaryAccessKey {
		t.Errorf("access keys missing or equal")
	}
	if cache.EvictionPolicy != "VolatileLRU" || cache.SKU != "Balanced_B5" || cache.Region != "westeurope" {
		t.Errorf("settings = %s %s %s", cache.EvictionPolicy, cache.SKU, cache.Region)
	}
	if cache.Tags["env"] != "test" {
		t.Errorf("tags = %v", cache.Tags)
	}

	// IDs are case-insensitive in ARM; a differently cased ID reads the same cache.
	got, err := c.GetCache(ctx, strings.ToUpper(wantID))
	if err != nil || got.Name != "cache-one" {
		t.Fatalf("GetCache with upper-cased ID: %v %+v", err, got)
	}

	policy := "AllKeysLRU"
	tags := map[string]string{"env": "prod", "team": "cache"}
	updated, err := c.UpdateCache(ctx, cache.ID, backend.CacheUpdate{EvictionPolicy: &policy, Tags: &tags})
	if err != nil {
		t.Fatalf("UpdateCache: %v", err)
	}
	if updated.EvictionPolicy != policy || updated.Tags["env"] != "prod" || updated.Tags["team"] != "cache" {
		t.Errorf("after update: eviction %s tags %v", updated.EvictionPolicy, updated.Tags)
	}

	if _, err := c.CreateCache(ctx, s); !errors.Is(err, backend.ErrConflict) {
		t.Errorf("creating an existing cache: err = %v, want ErrConflict", err)
	}

	if err := c.DeleteCache(ctx, cache.ID); err != nil {
		t.Fatalf("DeleteCache: %v", err)
	}
	_, err = c.GetCache(ctx, cache.ID)
	var nf *backend.NotFoundError
	if !errors.As(err, &nf) || nf.Kind != "cache" {
		t.Fatalf("GetCache after delete: %v, want NotFoundError", err)
	}
	if err := c.DeleteCache(ctx, cache.ID); !errors.As(err, &nf) {
		t.Errorf("second DeleteCache: %v, want NotFoundError", err)
	}
}

func TestCreateWaitsForRunningBeforeDatabase(t *testing.T) {
	// The cluster's operation succeeds long before the cluster runs; the
	// fake refuses a database on a cluster that is not running.
	opts := fastOptions()
	opts.ProvisionDelay = 60 * opts.OperationDelay
	srv := newFake(t, opts)
	c := newTestClient(t, srv)
	cache := mustCreate(t, testCtx(t), c, spec("slow", "eastus", ""))
	if !cache.Ready() {
		t.Fatalf("cache not ready: %+v", cache)
	}
}

func TestCreateValidation(t *testing.T) {
	srv := newFake(t, fastOptions())
	c := newTestClient(t, srv)
	ctx := testCtx(t)
	cases := map[string]backend.CacheSpec{
		"bad name":       spec("bad--name", "eastus", ""),
		"long name":      spec(strings.Repeat("a", 61), "eastus", ""),
		"unknown region": spec("c1", "moon", ""),
		"unknown sku":    {Name: "c1", Region: "eastus", SKU: "Huge_H9"},
		"unknown policy": {Name: "c1", Region: "eastus", SKU: "Balanced_B5", EvictionPolicy: "Sometimes"},
		"B1 in a group":  {Name: "c1", Region: "eastus", SKU: "Balanced_B1", ReplicationGroupID: "g"},
		"bad group name": spec("c1", "eastus", "-g"),
	}
	for name, s := range cases {
		t.Run(name, func(t *testing.T) {
			cache, err := c.CreateCache(ctx, s)
			if !errors.Is(err, backend.ErrInvalid) || cache != nil {
				t.Fatalf("err = %v, cache = %v; want ErrInvalid and no cache", err, cache)
			}
		})
	}
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("invalid specs reached ARM %d times", n)
	}
}

func TestCreateFailureReportsTheCluster(t *testing.T) {
	srv := newFake(t, fastOptions())
	c := newTestClient(t, srv)
	srv.FailNextOperation("InternalServerError", "capacity exhausted in region")
	cache, err := c.CreateCache(testCtx(t), spec("doomed", "eastus", ""))
	if err == nil || !strings.Contains(err.Error(), "capacity exhausted") {
		t.Fatalf("err = %v, want the operation's error", err)
	}
	if cache == nil || !strings.HasSuffix(cache.ID, "/redisEnterprise/doomed") {
		t.Fatalf("partial cache = %+v, want the cluster's ID", cache)
	}
}

func TestKeysReadWhileDatabaseUpdating(t *testing.T) {
	// Operations last long enough to read the database mid-update.
	opts := fastOptions()
	opts.OperationDelay = 300 * time.Millisecond
	opts.ProvisionDelay = 300 * time.Millisecond
	srv := newFake(t, opts)
	c := newTestClient(t, srv)
	ctx := testCtx(t)
	cache := mustCreate(t, ctx, c, spec("busy", "eastus", ""))
	ref, err := parseClusterID(cache.ID)
	if err != nil {
		t.Fatal(err)
	}
	body := databaseModel{Properties: &databaseProps{EvictionPolicy: "AllKeysLRU"}}
	resp, err := c.send(ctx, http.MethodPatch, ref.databasePath(), body)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusAccepted {
		t.Fatalf("PATCH database: HTTP %d", resp.StatusCode)
	}
	got, err := c.GetCache(ctx, cache.ID)
	if err != nil {
		t.Fatalf("GetCache while updating: %v", err)
	}
	if got.ProvisioningState != backend.StateUpdating {
		t.Fatalf("state = %s, want %s (the update finished too soon for the test)", got.ProvisioningState, backend.StateUpdating)
	}
	if got.PrimaryAccessKey != cache.PrimaryAccessKey || got.SecondaryAccessKey != cache.SecondaryAccessKey {
		t.Errorf("keys while updating = %q/%q, want the database's keys", got.PrimaryAccessKey, got.SecondaryAccessKey)
	}
}

func TestKeysFailureIsAnError(t *testing.T) {
	srv := newFake(t, fastOptions())
	c := newTestClient(t, srv)
	ctx := testCtx(t)
	cache := mustCreate(t, ctx, c, spec("keyless", "eastus", ""))
	srv.RejectNext(http.MethodPost, http.StatusConflict, "Conflict", "The database is busy.")
	got, err := c.GetCache(ctx, cache.ID)
	if err == nil || !strings.Contains(err.Error(), "access keys") {
		t.Fatalf("GetCache with listKeys refused: %v, cache %+v; want an error about the keys", err, got)
	}
}

func TestCreateRejectedLeavesNoCache(t *testing.T) {
	srv := newFake(t, fastOptions())
	c := newTestClient(t, srv)
	ctx := testCtx(t)
	srv.RejectNext(http.MethodPut, http.StatusConflict, "QuotaExceeded", "The subscription has no quota left in eastus.")
	cache, err := c.CreateCache(ctx, spec("refused", "eastus", ""))
	if err == nil || !strings.Contains(err.Error(), "QuotaExceeded") {
		t.Fatalf("err = %v, want the rejection", err)
	}
	if cache != nil {
		t.Fatalf("a rejected create returned cache %+v; nothing was created", cache)
	}
	if _, err := c.GetCache(ctx, clusterRef{testSub, testRG, "refused"}.ID()); !backend.IsNotFound(err) {
		t.Errorf("GetCache after the rejection: %v, want not found", err)
	}
}
