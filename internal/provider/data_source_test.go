package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/geocache/terraform-provider-geocache/internal/catalog"
)

func TestAccDataSourceRegions(t *testing.T) {
	t.Parallel()
	s := newTestSim(t)
	eastus, _ := catalog.LookupRegion("eastus")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: s.providerConfig() + `data "geocache_regions" "all" {}`,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.geocache_regions.all", tfjsonpath.New("regions"),
						knownvalue.ListSizeExact(len(catalog.Regions()))),
					statecheck.ExpectKnownValue("data.geocache_regions.all", tfjsonpath.New("regions"),
						knownvalue.ListPartial(map[int]knownvalue.Check{
							regionIndex(t, "eastus"): knownvalue.ObjectExact(map[string]knownvalue.Check{
								"name":         knownvalue.StringExact("eastus"),
								"display_name": knownvalue.StringExact(eastus.DisplayName),
								"latitude":     knownvalue.Float64Exact(eastus.Latitude),
								"longitude":    knownvalue.Float64Exact(eastus.Longitude),
							}),
						})),
				},
			},
		},
	})
}

func regionIndex(t *testing.T, name string) int {
	t.Helper()
	for i, r := range catalog.Regions() {
		if r.Name == name {
			return i
		}
	}
	t.Fatalf("region %s missing from the catalogue", name)
	return -1
}

// The cache and group data sources read back what the resources made.
func TestAccDataSourceCacheAndGroup(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, s accEnv) {
		config := s.providerConfig() + `
resource "geocache_replication_group" "g" {
  name = "seen"
}

resource "geocache_cache" "c" {
  name                 = "seen-a"
  region               = "canadacentral"
  sku                  = "ComputeOptimized_X3"
  eviction_policy      = "VolatileTTL"
  replication_group_id = geocache_replication_group.g.id
  tags                 = { owner = "ops" }
}

data "geocache_cache" "c" {
  id = geocache_cache.c.id
}

data "geocache_replication_group" "g" {
  id         = geocache_replication_group.g.id
  depends_on = [geocache_cache.c]
}
`
		same := func(attr string) statecheck.StateCheck {
			return statecheck.CompareValuePairs("geocache_cache.c", tfjsonpath.New(attr),
				"data.geocache_cache.c", tfjsonpath.New(attr), compare.ValuesSame())
		}
		var checks []statecheck.StateCheck
		for _, attr := range []string{"id", "name", "region", "sku", "replication_group_id", "eviction_policy", "tags",
			"hostname", "port", "primary_access_key", "secondary_access_key", "linked_cache_ids", "geo_replication_state"} {
			checks = append(checks, same(attr))
		}
		checks = append(checks,
			statecheck.ExpectSensitiveValue("data.geocache_cache.c", tfjsonpath.New("primary_access_key")),
			statecheck.ExpectKnownValue("data.geocache_replication_group.g", tfjsonpath.New("name"), knownvalue.StringExact("seen")),
			statecheck.ExpectKnownValue("data.geocache_replication_group.g", tfjsonpath.New("sku"), knownvalue.StringExact("ComputeOptimized_X3")),
			statecheck.ExpectKnownValue("data.geocache_replication_group.g", tfjsonpath.New("eviction_policy"), knownvalue.StringExact("VolatileTTL")),
			statecheck.ExpectKnownValue("data.geocache_replication_group.g", tfjsonpath.New("members"),
				knownvalue.ListExact([]knownvalue.Check{knownvalue.ObjectExact(map[string]knownvalue.Check{
					"id": knownvalue.StringExact(s.cacheID("seen-a")), "name": knownvalue.StringExact("seen-a"),
					"region": knownvalue.StringExact("canadacentral"), "state": knownvalue.StringExact("Linked"),
				})})),
		)
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: s.factories(),
			CheckDestroy:             s.checkDestroyed(t),
			Steps:                    []resource.TestStep{{Config: config, ConfigStateChecks: checks}},
		})
	})
}
