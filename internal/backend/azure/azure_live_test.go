package azure

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/geocache/terraform-provider-geocache/internal/backend"
)

// liveClient is a client for the subscription and resource group in the
// environment; the test skips without them. Live tests cost money and take
// tens of minutes: run them with a -timeout to match.
func liveClient(t *testing.T, ctx context.Context) *Client {
	t.Helper()
	cfg := ConfigFromEnv()
	hasCredential := cfg.ClientSecret != "" || cfg.OIDCToken != "" || cfg.OIDCTokenFilePath != "" || cfg.UseMSI || cfg.UseCLI
	if cfg.SubscriptionID == "" || cfg.ResourceGroupName == "" || !hasCredential {
		t.Skip("live Azure test skipped: set ARM_SUBSCRIPTION_ID, GEOCACHE_AZURE_RESOURCE_GROUP and credentials (ARM_TENANT_ID + ARM_CLIENT_ID + ARM_CLIENT_SECRET or ARM_OIDC_TOKEN[_FILE_PATH], or ARM_USE_MSI / ARM_USE_CLI)")
	}
	c, err := New(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// liveSuffix keeps names of concurrent or leftover live runs apart.
func liveSuffix() string { return fmt.Sprint(time.Now().Unix() % 100000) }

// TestLiveAzure runs one standalone cache through create, read and delete
// on a real subscription.
func TestLiveAzure(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Minute)
	defer cancel()
	c := liveClient(t, ctx)
	s := spec("geocache-live-"+liveSuffix(), "westeurope", "")
	cache, err := c.CreateCache(ctx, s)
	if cache != nil {
		defer func() {
			if err := c.DeleteCache(context.Background(), cache.ID); err != nil {
				t.Errorf("cleanup of %s: %v", cache.ID, err)
			}
		}()
	}
	if err != nil {
		t.Fatalf("CreateCache: %v", err)
	}
	if !cache.Ready() || cache.Hostname == "" || cache.PrimaryAccessKey == "" {
		t.Fatalf("cache = %s state %s host %q", cache.ID, cache.ProvisioningState, cache.Hostname)
	}
}

// TestLiveAzureTwoMemberGroup joins two caches into one replication group,
// reads the group, destroys one member and checks that the other no longer
// lists it, on a real subscription.
func TestLiveAzureTwoMemberGroup(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 150*time.Minute)
	defer cancel()
	c := liveClient(t, ctx)
	suffix := liveSuffix()
	group := "geocache-live-g" + suffix
	if _, err := c.CreateReplicationGroup(ctx, group); err != nil {
		t.Fatalf("CreateReplicationGroup: %v", err)
	}

	// Whatever is left is deleted at the end, the joiner first.
	var created []string
	defer func() {
		for i := len(created) - 1; i >= 0; i-- {
			err := c.DeleteCache(context.Background(), created[i])
			if err != nil && !backend.IsNotFound(err) {
				t.Errorf("cleanup of %s: %v", created[i], err)
			}
		}
	}()
	create := func(name, region string) *backend.Cache {
		t.Helper()
		cache, err := c.CreateCache(ctx, spec(name, region, group))
		if cache != nil {
			created = append(created, cache.ID)
		}
		if err != nil {
			t.Fatalf("CreateCache(%s): %v", name, err)
		}
		return cache
	}
	first := create("geocache-live-a"+suffix, "westeurope")
	second := create("geocache-live-b"+suffix, "northeurope")

	g, err := c.GetReplicationGroup(ctx, group)
	if err != nil {
		t.Fatalf("GetReplicationGroup: %v", err)
	}
	if len(g.Members) != 2 {
		t.Fatalf("group has %d members, want 2: %+v", len(g.Members), g.Members)
	}
	for _, m := range g.Members {
		if m.State != backend.LinkLinked {
			t.Errorf("member %s is %s, want %s", m.Name, m.State, backend.LinkLinked)
		}
	}
	a, err := c.GetCache(ctx, first.ID)
	if err != nil {
		t.Fatalf("GetCache(%s): %v", first.Name, err)
	}
	if !slices.ContainsFunc(a.LinkedCacheIDs, func(id string) bool { return sameID(id, second.ID) }) {
		t.Errorf("%s links %v, want %s among them", a.Name, a.LinkedCacheIDs, second.ID)
	}

	if err := c.DeleteCache(ctx, second.ID); err != nil {
		t.Fatalf("DeleteCache(%s): %v", second.Name, err)
	}
	a, err = c.GetCache(ctx, first.ID)
	if err != nil {
		t.Fatalf("GetCache(%s) after the other member left: %v", first.Name, err)
	}
	for _, id := range a.LinkedCacheIDs {
		if strings.EqualFold(id, second.ID) {
			t.Errorf("%s still links the deleted %s: %v", a.Name, second.Name, a.LinkedCacheIDs)
		}
	}
	g, err = c.GetReplicationGroup(ctx, group)
	if err != nil {
		t.Fatalf("GetReplicationGroup after the leave: %v", err)
	}
	if len(g.Members) != 1 || !sameID(g.Members[0].ID, first.ID) {
		t.Errorf("group after the leave = %+v, want only %s", g.Members, first.ID)
	}
}
