package provider

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/geocache/terraform-provider-geocache/internal/backend"
	"github.com/geocache/terraform-provider-geocache/internal/backend/azure"
	"github.com/geocache/terraform-provider-geocache/internal/backend/azure/armfake"
)

// accEnv is one backend an acceptance test runs against: the simulator,
// or the azure backend talking to a fake ARM server.
type accEnv interface {
	// name is "local" or "azure".
	name() string
	// providerConfig is the provider block pointing at this backend.
	providerConfig() string
	// factories serve a provider wired to this backend.
	factories() map[string]func() (tfprotov6.ProviderServer, error)
	// client is a backend client for checks and out-of-band changes.
	client(t *testing.T) backend.Backend
	// cacheID is the ID the backend gives a cache named name.
	cacheID(name string) string
	// hostname checks a cache's hostname.
	hostname() knownvalue.Check
	checkDestroyed(t *testing.T) func(*terraform.State) error
	deleteCache(t *testing.T, id string)
}

// forEachBackend runs test as parallel subtests, once per backend.
func forEachBackend(t *testing.T, test func(t *testing.T, e accEnv)) {
	t.Helper()
	testAccPreCheck(t)
	t.Run("local", func(t *testing.T) {
		t.Parallel()
		test(t, newTestSim(t))
	})
	t.Run("azure", func(t *testing.T) {
		t.Parallel()
		test(t, newTestARM(t, fastARM()))
	})
}

// cacheIDs maps names to IDs.
func cacheIDs(e accEnv, names ...string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = e.cacheID(n)
	}
	return out
}

// quotedIDs is a regexp matching the IDs of names joined by ", ", where
// Terraform may wrap the line at any of the spaces.
func quotedIDs(e accEnv, names ...string) string {
	ids := cacheIDs(e, names...)
	for i, id := range ids {
		ids[i] = regexp.QuoteMeta(id)
	}
	return strings.Join(ids, `,\s+`)
}

func (s *testSim) name() string { return backendLocal }

func (s *testSim) factories() map[string]func() (tfprotov6.ProviderServer, error) {
	return testAccProtoV6ProviderFactories
}

func (s *testSim) cacheID(name string) string { return name }

func (s *testSim) hostname() knownvalue.Check { return knownvalue.StringExact("127.0.0.1") }

// Identifiers of the fake subscription and resource group.
const (
	fakeSubscription  = "00000000-0000-0000-0000-0000000000aa"
	fakeResourceGroup = "rg-geocache-test"
)

// testARM is a fake ARM server owned by one test.
type testARM struct {
	srv *armfake.Server
}

// fastARM keeps every transition a few milliseconds long, with the
// resource running only after its operation reports success, as in Azure.
func fastARM() armfake.Options {
	return armfake.Options{
		OperationDelay: 5 * time.Millisecond,
		ProvisionDelay: 15 * time.Millisecond,
		LinkDelay:      10 * time.Millisecond,
	}
}

func newTestARM(t *testing.T, opts armfake.Options) *testARM {
	t.Helper()
	testAccPreCheck(t)
	// The provider's configuration names this resource group; the fake
	// answers ResourceGroupNotFound for any other.
	opts.ResourceGroups = append(opts.ResourceGroups, fakeResourceGroup)
	srv := armfake.New(opts)
	t.Cleanup(srv.Close)
	return &testARM{srv: srv}
}

func (a *testARM) name() string { return backendAzure }

// override points the provider's azure backend at the fake; it is set on
// the provider value itself, never through configuration.
func (a *testARM) override(c *azure.Config) {
	c.Endpoint = a.srv.URL()
	c.Credential = a.srv.Credential()
	c.PollInterval = 2 * time.Millisecond
}

func (a *testARM) providerConfig() string {
	return fmt.Sprintf(`
provider "geocache" {
  backend = "azure"
  azure {
    subscription_id     = %q
    resource_group_name = %q
  }
}
`, fakeSubscription, fakeResourceGroup)
}

func (a *testARM) factories() map[string]func() (tfprotov6.ProviderServer, error) {
	return map[string]func() (tfprotov6.ProviderServer, error){
		"geocache": providerserver.NewProtocol6WithError(&geocacheProvider{version: "test", azureOverride: a.override}),
	}
}

func (a *testARM) client(t *testing.T) backend.Backend {
	t.Helper()
	cfg := azure.Config{SubscriptionID: fakeSubscription, ResourceGroupName: fakeResourceGroup}
	a.override(&cfg)
	c, err := azure.New(context.Background(), cfg)
	if err != nil {
		t.Fatalf("azure client for the fake: %v", err)
	}
	return c
}

func (a *testARM) cacheID(name string) string {
	return "/subscriptions/" + fakeSubscription + "/resourceGroups/" + fakeResourceGroup +
		"/providers/Microsoft.Cache/redisEnterprise/" + name
}

func (a *testARM) hostname() knownvalue.Check {
	return knownvalue.StringRegexp(regexp.MustCompile(`^[a-z0-9-]+\.[a-z0-9]+\.redis\.azure\.net$`))
}

// checkDestroyed: on Azure a group is only its members' nickname, so a
// destroyed group reads as an empty one.
func (a *testARM) checkDestroyed(t *testing.T) func(*terraform.State) error {
	return checkDestroyedIn(func() backend.Backend { return a.client(t) }, true)
}

func (a *testARM) deleteCache(t *testing.T, id string) { deleteCacheIn(t, a.client(t), id) }

func (s *testSim) checkDestroyed(t *testing.T) func(*terraform.State) error {
	return checkDestroyedIn(func() backend.Backend { return s.client(t) }, false)
}

func (s *testSim) deleteCache(t *testing.T, id string) { deleteCacheIn(t, s.client(t), id) }

// checkDestroyedIn verifies that the backend knows none of the state's
// caches and groups any more; emptyGroupIsGone accepts a group that still
// reads, without members.
func checkDestroyedIn(client func() backend.Backend, emptyGroupIsGone bool) func(*terraform.State) error {
	return func(state *terraform.State) error {
		b := client()
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		for name, rs := range state.RootModule().Resources {
			var err error
			switch rs.Type {
			case "geocache_cache":
				_, err = b.GetCache(ctx, rs.Primary.ID)
			case "geocache_replication_group":
				var g *backend.ReplicationGroup
				g, err = b.GetReplicationGroup(ctx, rs.Primary.ID)
				if err == nil && emptyGroupIsGone {
					if len(g.Members) == 0 {
						continue
					}
					return fmt.Errorf("%s (%s) still has members after destroy: %v", name, rs.Primary.ID, g.Members)
				}
			default:
				continue
			}
			if err == nil {
				return fmt.Errorf("%s (%s) still exists after destroy", name, rs.Primary.ID)
			}
			if !backend.IsNotFound(err) {
				return fmt.Errorf("checking %s (%s): %w", name, rs.Primary.ID, err)
			}
		}
		return nil
	}
}

// deleteCacheIn removes a cache behind Terraform's back and waits until it
// is gone.
func deleteCacheIn(t *testing.T, b backend.Backend, id string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := b.DeleteCache(ctx, id); err != nil {
		t.Fatalf("deleting cache %s out of band: %v", id, err)
	}
	if err := waitCacheDeleted(ctx, b, id); err != nil {
		t.Fatalf("waiting for cache %s to go: %v", id, err)
	}
}
