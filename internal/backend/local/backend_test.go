package local_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/geocache/terraform-provider-geocache/internal/backend"
	"github.com/geocache/terraform-provider-geocache/internal/backend/local"
	"github.com/geocache/terraform-provider-geocache/internal/catalog"
	"github.com/geocache/terraform-provider-geocache/internal/sim/simapi"
)

func TestRegionsMatchCatalogue(t *testing.T) {
	srv, dir := startSim(t)
	c := connect(t, srv, dir)
	regions, err := c.Regions(testContext(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(regions) != len(catalog.Regions()) {
		t.Fatalf("got %d regions, the catalogue has %d", len(regions), len(catalog.Regions()))
	}
	want, _ := catalog.LookupRegion("eastus")
	for _, r := range regions {
		if r.Name == "eastus" {
			if r.DisplayName != want.DisplayName || r.Latitude != want.Latitude || r.Longitude != want.Longitude {
				t.Fatalf("eastus = %+v, catalogue says %+v", r, want)
			}
			return
		}
	}
	t.Fatal("eastus missing")
}

func TestGroupAndCacheLifecycle(t *testing.T) {
	srv, dir := startSim(t)
	c := connect(t, srv, dir)
	ctx := testContext(t)

	g, err := c.CreateReplicationGroup(ctx, "grp")
	if err != nil {
		t.Fatal(err)
	}
	if g.ID != "grp" || g.Name != "grp" || len(g.Members) != 0 || g.SKU != "" {
		t.Fatalf("new group = %+v", g)
	}

	for _, spec := range []backend.CacheSpec{
		{Name: "c-east", Region: "eastus", SKU: "Balanced_B3", ReplicationGroupID: "grp", Tags: map[string]string{"env": "test"}},
		{Name: "c-west", Region: "westeurope", SKU: "Balanced_B3", ReplicationGroupID: "grp"},
	} {
		got, err := c.CreateCache(ctx, spec)
		if err != nil {
			t.Fatalf("CreateCache(%s): %v", spec.Name, err)
		}
		if got.ID != spec.Name || got.Region != spec.Region || got.ReplicationGroupID != "grp" {
			t.Fatalf("created %+v from %+v", got, spec)
		}
	}
	waitCache(t, c, "c-east", ready)
	waitCache(t, c, "c-west", ready)

	east, err := c.GetCache(ctx, "c-east")
	if err != nil {
		t.Fatal(err)
	}
	if east.Hostname != simapi.DataHostname || east.Port <= 0 || east.PrimaryAccessKey == "" ||
		east.SecondaryAccessKey == "" || east.PrimaryAccessKey == east.SecondaryAccessKey {
		t.Fatalf("endpoint or keys missing: %+v", east)
	}
	if east.EvictionPolicy != catalog.DefaultEvictionPolicy || east.SKU != "Balanced_B3" || east.Tags["env"] != "test" {
		t.Fatalf("settings not kept: %+v", east)
	}
	if east.GeoReplicationState != backend.LinkLinked || !reflect.DeepEqual(east.LinkedCacheIDs, []string{"c-west"}) {
		t.Fatalf("links: state %q, linked %v", east.GeoReplicationState, east.LinkedCacheIDs)
	}

	g, err = c.GetReplicationGroup(ctx, "grp")
	if err != nil {
		t.Fatal(err)
	}
	want := []backend.Member{
		{ID: "c-east", Name: "c-east", Region: "eastus", State: backend.LinkLinked},
		{ID: "c-west", Name: "c-west", Region: "westeurope", State: backend.LinkLinked},
	}
	if !reflect.DeepEqual(g.Members, want) || g.SKU != "Balanced_B3" || g.EvictionPolicy != catalog.DefaultEvictionPolicy {
		t.Fatalf("group = %+v", g)
	}

	// A group with members cannot go, and says who is left.
	err = c.DeleteReplicationGroup(ctx, "grp")
	var apiErr *backend.APIError
	if !errors.Is(err, backend.ErrConflict) || !errors.As(err, &apiErr) || apiErr.Code != simapi.CodeGroupNotEmpty ||
		!strings.Contains(err.Error(), "c-east") || !strings.Contains(err.Error(), "c-west") {
		t.Fatalf("deleting a non-empty group: %v", err)
	}

	if err := c.DeleteCache(ctx, "c-west"); err != nil {
		t.Fatal(err)
	}
	waitCache(t, c, "c-west", gone)
	waitCache(t, c, "c-east", func(got *backend.Cache, err error) bool {
		return err == nil && len(got.LinkedCacheIDs) == 0
	})
	if err := c.DeleteCache(ctx, "c-east"); err != nil {
		t.Fatal(err)
	}
	waitCache(t, c, "c-east", gone)

	if err := c.DeleteReplicationGroup(ctx, "grp"); err != nil {
		t.Fatal(err)
	}
	_, err = c.GetReplicationGroup(ctx, "grp")
	var nf *backend.NotFoundError
	if !errors.As(err, &nf) || nf.Kind != "replication group" || nf.ID != "grp" {
		t.Fatalf("reading a deleted group: %v", err)
	}
	if err := c.DeleteReplicationGroup(ctx, "grp"); !backend.IsNotFound(err) {
		t.Fatalf("deleting a deleted group: %v", err)
	}
}

func TestStandaloneCacheUpdateAndLists(t *testing.T) {
	srv, dir := startSim(t)
	c := connect(t, srv, dir)
	ctx := testContext(t)

	if _, err := c.CreateCache(ctx, backend.CacheSpec{Name: "solo", Region: "southeastasia", SKU: "Balanced_B0"}); err != nil {
		t.Fatal(err)
	}
	waitCache(t, c, "solo", ready)
	got, err := c.GetCache(ctx, "solo")
	if err != nil {
		t.Fatal(err)
	}
	if got.GeoReplicationState != backend.LinkStandalone || got.ReplicationGroupID != "" || got.LinkedCacheIDs == nil || len(got.LinkedCacheIDs) != 0 {
		t.Fatalf("standalone cache = %+v", got)
	}

	policy := "AllKeysLRU"
	tags := map[string]string{"team": "geo"}
	got, err = c.UpdateCache(ctx, "solo", backend.CacheUpdate{EvictionPolicy: &policy, Tags: &tags})
	if err != nil {
		t.Fatal(err)
	}
	if got.EvictionPolicy != policy || !reflect.DeepEqual(got.Tags, tags) {
		t.Fatalf("after update: %+v", got)
	}
	// A nil field leaves the setting alone.
	got, err = c.UpdateCache(ctx, "solo", backend.CacheUpdate{})
	if err != nil {
		t.Fatal(err)
	}
	if got.EvictionPolicy != policy || !reflect.DeepEqual(got.Tags, tags) {
		t.Fatalf("after an empty update: %+v", got)
	}

	caches, err := c.ListCaches(ctx)
	if err != nil || len(caches) != 1 || caches[0].Name != "solo" {
		t.Fatalf("ListCaches = %+v, %v", caches, err)
	}
	if _, err := c.CreateReplicationGroup(ctx, "g1"); err != nil {
		t.Fatal(err)
	}
	groups, err := c.ListGroups(ctx)
	if err != nil || len(groups) != 1 || groups[0].Name != "g1" {
		t.Fatalf("ListGroups = %+v, %v", groups, err)
	}
	st, err := c.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Caches != 1 || st.Groups != 1 || st.Latency != "off" || st.StateDir != dir {
		t.Fatalf("Status = %+v", st)
	}
}

func TestErrorMapping(t *testing.T) {
	srv, dir := startSim(t)
	c := connect(t, srv, dir)
	ctx := testContext(t)

	t.Run("cache not found", func(t *testing.T) {
		for _, call := range []func() error{
			func() error { _, err := c.GetCache(ctx, "missing"); return err },
			func() error { _, err := c.UpdateCache(ctx, "missing", backend.CacheUpdate{}); return err },
			func() error { return c.DeleteCache(ctx, "missing") },
		} {
			var nf *backend.NotFoundError
			if err := call(); !errors.As(err, &nf) || nf.Kind != "cache" || nf.ID != "missing" || !backend.IsNotFound(err) {
				t.Fatalf("got %v", err)
			}
		}
	})
	t.Run("ids are escaped", func(t *testing.T) {
		// Without escaping this would read the collection or another path.
		for _, id := range []string{"a/b", "x?y", "%2e%2e"} {
			if _, err := c.GetCache(ctx, id); !backend.IsNotFound(err) {
				t.Fatalf("GetCache(%q): %v", id, err)
			}
		}
		for _, id := range []string{"", ".", ".."} {
			if _, err := c.GetCache(ctx, id); !errors.Is(err, backend.ErrInvalid) {
				t.Fatalf("GetCache(%q): %v", id, err)
			}
		}
	})
	t.Run("conflict", func(t *testing.T) {
		if _, err := c.CreateReplicationGroup(ctx, "dup"); err != nil {
			t.Fatal(err)
		}
		_, err := c.CreateReplicationGroup(ctx, "dup")
		var apiErr *backend.APIError
		if !errors.As(err, &apiErr) || !errors.Is(err, backend.ErrConflict) || apiErr.StatusCode != 409 ||
			apiErr.Code != simapi.CodeAlreadyExists || apiErr.Message == "" {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("invalid", func(t *testing.T) {
		for _, spec := range []backend.CacheSpec{
			{Name: "bad-region", Region: "atlantis", SKU: "Balanced_B3"},
			{Name: "bad-sku", Region: "eastus", SKU: "Huge_Z9"},
			{Name: "no-group", Region: "eastus", SKU: "Balanced_B3", ReplicationGroupID: "nowhere"},
			{Name: "tiny-geo", Region: "eastus", SKU: "Balanced_B0", ReplicationGroupID: "dup"},
		} {
			_, err := c.CreateCache(ctx, spec)
			var apiErr *backend.APIError
			if !errors.As(err, &apiErr) || !errors.Is(err, backend.ErrInvalid) || apiErr.StatusCode != 400 || apiErr.Code == "" {
				t.Fatalf("CreateCache(%+v): %v", spec, err)
			}
		}
	})
	t.Run("bad token", func(t *testing.T) {
		const wrong = "not-the-token-0123456789"
		bad, err := local.Connect(ctx, local.Config{Endpoint: srv.Endpoint(), Token: wrong, StateDir: dir})
		if err != nil {
			t.Fatal(err)
		}
		_, err = bad.GetCache(ctx, "x")
		var tokErr *local.TokenError
		if !errors.As(err, &tokErr) {
			t.Fatalf("got %v", err)
		}
		msg := err.Error()
		for _, want := range []string{srv.Endpoint(), "rejected the token", "GEOCACHE_TOKEN", dir + "/token"} {
			if !strings.Contains(msg, want) {
				t.Errorf("%q does not mention %q", msg, want)
			}
		}
		if strings.Contains(msg, wrong) || strings.Contains(msg, srv.Token()) {
			t.Errorf("error shows a token: %q", msg)
		}
	})
}
