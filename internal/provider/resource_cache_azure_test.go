package provider

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/geocache/terraform-provider-geocache/internal/backend"
	"github.com/geocache/terraform-provider-geocache/internal/backend/azure"
)

// An ARM operation that fails after the cluster exists leaves a cache that
// is saved as tainted, with the ARM code and message, and replaced by the
// next apply: nothing is orphaned.
func TestAccAzure_failedCreateIsTainted(t *testing.T) {
	t.Parallel()
	a := newTestARM(t, fastARM())
	const addr = "geocache_cache.test"
	config := a.providerConfig() + `
resource "geocache_cache" "test" {
  name   = "flaky"
  region = "westeurope"
  sku    = "Balanced_B3"
}
`
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: a.factories(),
		CheckDestroy:             a.checkDestroyed(t),
		Steps: []resource.TestStep{
			{
				PreConfig: func() { a.srv.FailNextOperation("InternalServerError", "Provisioning hit an internal error.") },
				Config:    config,
				ExpectError: regexp.MustCompile(`(?s)Cache partly created.*"flaky".*InternalServerError.*` +
					`Provisioning hit an internal error.*tainted`),
			},
			{
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(addr, plancheck.ResourceActionDestroyBeforeCreate),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringExact(a.cacheID("flaky"))),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("primary_access_key"), knownvalue.StringRegexp(regexp.MustCompile(`.{16,}`))),
				},
			},
		},
	})
}

// The create timeout reaches the Azure waits: a cluster still provisioning
// when it runs out is saved as tainted and replaced next time.
func TestAccAzure_createTimeoutKeepsState(t *testing.T) {
	t.Parallel()
	opts := fastARM()
	opts.ProvisionDelay = 2 * time.Second
	a := newTestARM(t, opts)
	const addr = "geocache_cache.test"
	config := func(timeouts string) string {
		return a.providerConfig() + fmt.Sprintf(`
resource "geocache_cache" "test" {
  name     = "slow"
  region   = "eastus"
  sku      = "Balanced_B3"
  timeouts = %s
}
`, timeouts)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: a.factories(),
		CheckDestroy:             a.checkDestroyed(t),
		Steps: []resource.TestStep{
			{
				Config:      config(`{ create = "300ms" }`),
				ExpectError: regexp.MustCompile(`(?s)Cache partly created.*"slow".*deadline exceeded.*tainted`),
			},
			{
				Config: config("null"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(addr, plancheck.ResourceActionDestroyBeforeCreate),
					},
				},
			},
		},
	})
}

// recase writes an ARM ID the way other tools (and ARM itself, at times)
// do: same resource, other letter case.
func recase(id string) string {
	id = strings.Replace(id, "/resourceGroups/", "/resourcegroups/", 1)
	return strings.Replace(id, "/providers/Microsoft.Cache/redisEnterprise/", "/providers/microsoft.cache/REDISENTERPRISE/", 1)
}

// A cache imported by an ID in another letter case plans nothing, and as
// the only member of its group may still change the eviction policy: the
// group's member list, in ARM's casing, is recognised as itself.
func TestAccAzure_importOtherCasing(t *testing.T) {
	t.Parallel()
	a := newTestARM(t, fastARM())
	const addr = "geocache_cache.c"
	config := func(policy string) string {
		return a.providerConfig() + fmt.Sprintf(`
resource "geocache_cache" "c" {
  name                 = "cased"
  region               = "northeurope"
  sku                  = "Balanced_B5"
  eviction_policy      = %q
  replication_group_id = "cg"
}
`, policy)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: a.factories(),
		CheckDestroy:             a.checkDestroyed(t),
		Steps: []resource.TestStep{
			{
				PreConfig: func() {
					ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
					defer cancel()
					spec := backend.CacheSpec{Name: "cased", Region: "northeurope", SKU: "Balanced_B5", ReplicationGroupID: "cg"}
					if _, err := a.client(t).CreateCache(ctx, spec); err != nil {
						t.Fatalf("creating the cache to import: %v", err)
					}
				},
				Config:             config("VolatileLRU"),
				ResourceName:       addr,
				ImportState:        true,
				ImportStateId:      recase(a.cacheID("cased")),
				ImportStatePersist: true,
			},
			{
				Config: config("VolatileLRU"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringExact(recase(a.cacheID("cased")))),
				},
			},
			{
				Config: config("NoEviction"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("eviction_policy"), knownvalue.StringExact("NoEviction")),
				},
			},
		},
	})
}

// An azure block known only after apply defers configuration, as the
// simulator's settings do.
func TestAccAzure_unknownProviderConfig(t *testing.T) {
	t.Parallel()
	a := newTestARM(t, fastARM())
	config := fmt.Sprintf(`
resource "terraform_data" "subscription" {
  input = %q
}

provider "geocache" {
  backend = "azure"
  azure {
    subscription_id     = terraform_data.subscription.output
    resource_group_name = %q
  }
}

resource "geocache_replication_group" "g" {
  name = "late"
}

resource "geocache_cache" "c" {
  name                 = "late-a"
  region               = "eastasia"
  sku                  = "Balanced_B3"
  replication_group_id = geocache_replication_group.g.id
}
`, fakeSubscription, fakeResourceGroup)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: a.factories(),
		CheckDestroy:             a.checkDestroyed(t),
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("geocache_cache.c", tfjsonpath.New("geo_replication_state"), knownvalue.StringExact("Linked")),
				},
			},
		},
	})
}

// TestAccAzureLive_pair creates a group of two caches on a real
// subscription through Terraform, checks they link, and destroys them. It
// costs money and takes tens of minutes, so it runs only with credentials.
func TestAccAzureLive_pair(t *testing.T) {
	testAccPreCheck(t)
	cfg := azure.ConfigFromEnv()
	hasCredential := cfg.ClientSecret != "" || cfg.OIDCToken != "" || cfg.OIDCTokenFilePath != "" || cfg.UseMSI || cfg.UseCLI
	if cfg.SubscriptionID == "" || cfg.ResourceGroupName == "" || !hasCredential {
		t.Skip("live Azure acceptance test skipped: set ARM_SUBSCRIPTION_ID, GEOCACHE_AZURE_RESOURCE_GROUP and " +
			"credentials (ARM_TENANT_ID + ARM_CLIENT_ID + ARM_CLIENT_SECRET, or ARM_OIDC_TOKEN[_FILE_PATH] / " +
			"TFC_WORKLOAD_IDENTITY_TOKEN, or ARM_USE_MSI / ARM_USE_CLI)")
	}
	suffix := fmt.Sprintf("%05d", time.Now().Unix()%100000)
	config := fmt.Sprintf(`
provider "geocache" {
  backend = "azure"
}

resource "geocache_replication_group" "g" {
  name = "geocache-acc-%[1]s"
}

resource "geocache_cache" "a" {
  name                 = "geocache-acc-a-%[1]s"
  region               = "westeurope"
  sku                  = "Balanced_B3"
  replication_group_id = geocache_replication_group.g.id
}

resource "geocache_cache" "b" {
  name                 = "geocache-acc-b-%[1]s"
  region               = "northeurope"
  sku                  = "Balanced_B3"
  replication_group_id = geocache_replication_group.g.id
}
`, suffix)
	linked := func(addr string) statecheck.StateCheck {
		return statecheck.ExpectKnownValue(addr, tfjsonpath.New("geo_replication_state"), knownvalue.StringExact("Linked"))
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config},
			{
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					linked("geocache_cache.a"), linked("geocache_cache.b"),
					statecheck.ExpectKnownValue("geocache_cache.a", tfjsonpath.New("linked_cache_ids"), knownvalue.ListSizeExact(1)),
					statecheck.ExpectKnownValue("geocache_replication_group.g", tfjsonpath.New("members"), knownvalue.ListSizeExact(2)),
				},
			},
		},
	})
}
