package azure

import (
	"context"
	"fmt"
	"testing"
	"time"
)

// TestLiveAzure runs one standalone cache through create, read and delete
// on a real subscription. It costs money and takes tens of minutes.
func TestLiveAzure(t *testing.T) {
	cfg := ConfigFromEnv()
	hasCredential := cfg.ClientSecret != "" || cfg.OIDCToken != "" || cfg.OIDCTokenFilePath != "" || cfg.UseMSI || cfg.UseCLI
	if cfg.SubscriptionID == "" || cfg.ResourceGroupName == "" || !hasCredential {
		t.Skip("live Azure test skipped: set ARM_SUBSCRIPTION_ID, GEOCACHE_AZURE_RESOURCE_GROUP and credentials (ARM_TENANT_ID + ARM_CLIENT_ID + ARM_CLIENT_SECRET or ARM_OIDC_TOKEN[_FILE_PATH], or ARM_USE_MSI / ARM_USE_CLI)")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Minute)
	defer cancel()
	c, err := New(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	s := spec(fmt.Sprintf("geocache-live-%d", time.Now().Unix()%100000), "westeurope", "")
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
