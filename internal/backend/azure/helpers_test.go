package azure

import (
	"context"
	"testing"
	"time"

	"github.com/geocache/terraform-provider-geocache/internal/backend"
	"github.com/geocache/terraform-provider-geocache/internal/backend/azure/armfake"
)

const (
	testSub = "00000000-0000-0000-0000-000000000001"
	testRG  = "rg-geocache"
)

// fastOptions keep every transition a few milliseconds long, with the
// resource running only after its operation reports success and the
// existing members' links to a new member settling after its own.
func fastOptions() armfake.Options {
	return armfake.Options{
		OperationDelay: 5 * time.Millisecond,
		ProvisionDelay: 15 * time.Millisecond,
		LinkDelay:      10 * time.Millisecond,
		PeerLinkDelay:  20 * time.Millisecond,
		ResourceGroups: []string{testRG},
	}
}

func newFake(t *testing.T, opts armfake.Options) *armfake.Server {
	t.Helper()
	srv := armfake.New(opts)
	t.Cleanup(srv.Close)
	return srv
}

func newTestClient(t *testing.T, srv *armfake.Server) *Client {
	t.Helper()
	c, err := New(context.Background(), Config{
		SubscriptionID:    testSub,
		ResourceGroupName: testRG,
		Endpoint:          srv.URL(),
		Credential:        srv.Credential(),
		PollInterval:      2 * time.Millisecond,
	})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c
}

func testCtx(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func spec(name, region, group string) backend.CacheSpec {
	return backend.CacheSpec{Name: name, Region: region, SKU: "Balanced_B5", ReplicationGroupID: group}
}

func mustCreate(t *testing.T, ctx context.Context, c *Client, s backend.CacheSpec) *backend.Cache {
	t.Helper()
	cache, err := c.CreateCache(ctx, s)
	if err != nil {
		t.Fatalf("CreateCache(%s): %v", s.Name, err)
	}
	return cache
}
