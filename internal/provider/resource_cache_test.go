package provider

import (
	"fmt"
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

func TestAccCache_basic(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, s accEnv) {
		const addr = "geocache_cache.test"
		config := s.providerConfig() + `
resource "geocache_cache" "test" {
  name   = "solo"
  region = "westeurope"
  sku    = "Balanced_B1"
}
`
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: s.factories(),
			CheckDestroy:             s.checkDestroyed(t),
			Steps: []resource.TestStep{
				{
					Config: config,
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringExact(s.cacheID("solo"))),
						statecheck.ExpectKnownValue(addr, tfjsonpath.New("region"), knownvalue.StringExact("westeurope")),
						statecheck.ExpectKnownValue(addr, tfjsonpath.New("eviction_policy"), knownvalue.StringExact("VolatileLRU")),
						statecheck.ExpectKnownValue(addr, tfjsonpath.New("replication_group_id"), knownvalue.Null()),
						statecheck.ExpectKnownValue(addr, tfjsonpath.New("tags"), knownvalue.Null()),
						statecheck.ExpectKnownValue(addr, tfjsonpath.New("hostname"), s.hostname()),
						statecheck.ExpectKnownValue(addr, tfjsonpath.New("port"), knownvalue.Int64Func(func(p int64) error {
							if p <= 0 || p > 65535 {
								return fmt.Errorf("port %d out of range", p)
							}
							return nil
						})),
						statecheck.ExpectKnownValue(addr, tfjsonpath.New("primary_access_key"), knownvalue.StringRegexp(regexp.MustCompile(`.{16,}`))),
						statecheck.ExpectKnownValue(addr, tfjsonpath.New("secondary_access_key"), knownvalue.StringRegexp(regexp.MustCompile(`.{16,}`))),
						statecheck.ExpectSensitiveValue(addr, tfjsonpath.New("primary_access_key")),
						statecheck.ExpectKnownValue(addr, tfjsonpath.New("linked_cache_ids"), knownvalue.ListSizeExact(0)),
						statecheck.ExpectKnownValue(addr, tfjsonpath.New("geo_replication_state"), knownvalue.StringExact("Standalone")),
					},
				},
				{
					ResourceName:            addr,
					ImportState:             true,
					ImportStateVerify:       true,
					ImportStateVerifyIgnore: []string{"timeouts"},
				},
			},
		})
	})
}

func TestAccCache_disappears(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, s accEnv) {
		config := s.providerConfig() + `
resource "geocache_cache" "test" {
  name   = "gone"
  region = "eastus"
  sku    = "Balanced_B0"
}
`
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: s.factories(),
			CheckDestroy:             s.checkDestroyed(t),
			Steps: []resource.TestStep{
				{
					Config: config,
					Check: func(*terraform.State) error {
						s.deleteCache(t, s.cacheID("gone"))
						return nil
					},
					ExpectNonEmptyPlan: true,
					ConfigPlanChecks: resource.ConfigPlanChecks{
						PostApplyPostRefresh: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction("geocache_cache.test", plancheck.ResourceActionCreate),
						},
					},
				},
			},
		})
	})
}

// Tags and eviction policy change in place; region and group replace.
func TestAccCache_updateAndReplace(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, s accEnv) {
		const addr = "geocache_cache.test"
		config := func(region, policy, tags, group string) string {
			return s.providerConfig() + fmt.Sprintf(`
resource "geocache_replication_group" "g" {
  name = "grp"
}

resource "geocache_cache" "test" {
  name                 = "moving"
  region               = %q
  sku                  = "Balanced_B3"
  eviction_policy      = %q
  tags                 = %s
  replication_group_id = %s
}
`, region, policy, tags, group)
		}
		sameID := statecheck.CompareValue(compare.ValuesSame())
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: s.factories(),
			CheckDestroy:             s.checkDestroyed(t),
			Steps: []resource.TestStep{
				{
					Config: config("eastus", "VolatileLRU", `{ env = "dev" }`, "null"),
					ConfigStateChecks: []statecheck.StateCheck{
						sameID.AddStateValue(addr, tfjsonpath.New("port")),
					},
				},
				{
					Config: config("eastus", "AllKeysLFU", `{ env = "prod", team = "cache" }`, "null"),
					ConfigPlanChecks: resource.ConfigPlanChecks{
						PreApply: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
							plancheck.ExpectKnownValue(addr, tfjsonpath.New("port"), knownvalue.NotNull()),
						},
					},
					ConfigStateChecks: []statecheck.StateCheck{
						sameID.AddStateValue(addr, tfjsonpath.New("port")),
						statecheck.ExpectKnownValue(addr, tfjsonpath.New("eviction_policy"), knownvalue.StringExact("AllKeysLFU")),
						statecheck.ExpectKnownValue(addr, tfjsonpath.New("tags"), knownvalue.MapExact(map[string]knownvalue.Check{
							"env": knownvalue.StringExact("prod"), "team": knownvalue.StringExact("cache"),
						})),
					},
				},
				{
					Config: config("westus2", "AllKeysLFU", "null", "null"),
					ConfigPlanChecks: resource.ConfigPlanChecks{
						PreApply: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction(addr, plancheck.ResourceActionDestroyBeforeCreate),
						},
					},
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue(addr, tfjsonpath.New("region"), knownvalue.StringExact("westus2")),
						statecheck.ExpectKnownValue(addr, tfjsonpath.New("tags"), knownvalue.Null()),
					},
				},
				{
					Config: config("westus2", "AllKeysLFU", "null", "geocache_replication_group.g.id"),
					ConfigPlanChecks: resource.ConfigPlanChecks{
						PreApply: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction(addr, plancheck.ResourceActionReplace),
							plancheck.ExpectResourceAction("geocache_replication_group.g", plancheck.ResourceActionNoop),
						},
					},
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue(addr, tfjsonpath.New("replication_group_id"), knownvalue.StringExact("grp")),
						statecheck.ExpectKnownValue(addr, tfjsonpath.New("geo_replication_state"), knownvalue.StringExact("Linked")),
					},
				},
				{
					// The only member of a group may still change the policy.
					Config: config("westus2", "NoEviction", "null", "geocache_replication_group.g.id"),
					ConfigPlanChecks: resource.ConfigPlanChecks{
						PreApply: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
						},
					},
				},
			},
		})
	})
}

// A simulator restarted on the same state dir and port keeps every cache
// and its port: Terraform sees no change.
func TestAccCache_simulatorRestart(t *testing.T) {
	t.Parallel()
	s := newTestSim(t)
	config := s.providerConfig() + `
resource "geocache_replication_group" "g" {
  name = "durable"
}

resource "geocache_cache" "a" {
  name                 = "keep-a"
  region               = "northeurope"
  sku                  = "MemoryOptimized_M10"
  replication_group_id = geocache_replication_group.g.id
}

resource "geocache_cache" "solo" {
  name   = "keep-solo"
  region = "japaneast"
  sku    = "Balanced_B1"
}
`
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             s.checkDestroyed(t),
		Steps: restartSteps(config, func() { s.restart(t) }, []string{"geocache_cache.a", "geocache_cache.solo"},
			[]statecheck.StateCheck{
				statecheck.ExpectKnownValue("geocache_cache.a", tfjsonpath.New("geo_replication_state"), knownvalue.StringExact("Linked")),
			}, nil),
	})
}

// A cache that the backend accepted but that does not become ready in time
// is kept in the state (tainted), not orphaned: the next plan replaces it.
func TestAccCache_createTimeoutKeepsState(t *testing.T) {
	t.Parallel()
	testAccPreCheck(t)
	s := startTestSim(t, 3*time.Second)
	const addr = "geocache_cache.test"
	config := func(timeouts string) string {
		return s.providerConfig() + fmt.Sprintf(`
resource "geocache_cache" "test" {
  name     = "slow"
  region   = "eastus"
  sku      = "Balanced_B3"
  timeouts = %s
}
`, timeouts)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             s.checkDestroyed(t),
		Steps: []resource.TestStep{
			{
				Config:      config(`{ create = "500ms" }`),
				ExpectError: regexp.MustCompile(`(?s)Cache created but not ready.*within\s+the\s+create\s+timeout.*provisioning\s+state\s+"Creating"`),
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

// A provider block whose values are known only after apply plans without
// the backend, and applies once they are known.
func TestAccCache_unknownProviderConfig(t *testing.T) {
	t.Parallel()
	s := newTestSim(t)
	config := fmt.Sprintf(`
resource "terraform_data" "endpoint" {
  input = %q
}

provider "geocache" {
  endpoint   = terraform_data.endpoint.output
  token      = %q
  auto_start = false
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
`, "http://"+s.addr, s.token)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             s.checkDestroyed(t),
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

// The simulator folds names to lower case, as Azure ignores their case: a
// configuration that spells them otherwise applies once and then plans
// nothing, with the names kept as written.
func TestAccCache_mixedCaseNames(t *testing.T) {
	t.Parallel()
	s := newTestSim(t)
	config := s.providerConfig() + `
resource "geocache_replication_group" "g" {
  name = "Mixed-Group"
}

resource "geocache_cache" "test" {
  name                 = "Mixed-Cache"
  region               = "eastus"
  sku                  = "Balanced_B3"
  replication_group_id = geocache_replication_group.g.id
}
`
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             s.checkDestroyed(t),
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("geocache_cache.test", tfjsonpath.New("name"), knownvalue.StringExact("Mixed-Cache")),
				},
			},
			{
				// The group was read before its member joined: the refresh
				// of this step shows the member.
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("geocache_replication_group.g", tfjsonpath.New("name"), knownvalue.StringExact("Mixed-Group")),
					statecheck.ExpectKnownValue("geocache_replication_group.g", tfjsonpath.New("members"), knownvalue.ListSizeExact(1)),
				},
			},
		},
	})
}
