package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

// dataSourceFixture is a group with one member, both read back by the data
// sources under test.
const dataSourceFixture = `
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
`

// geocache_cache reads back every attribute the resource has.
func TestAccDataSourceCache(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, s accEnv) {
		config := s.providerConfig() + dataSourceFixture + `
data "geocache_cache" "c" {
  id = geocache_cache.c.id
}
`
		var checks []statecheck.StateCheck
		for _, attr := range []string{"id", "name", "region", "sku", "replication_group_id", "eviction_policy", "tags",
			"hostname", "port", "primary_access_key", "secondary_access_key", "linked_cache_ids", "geo_replication_state"} {
			checks = append(checks, statecheck.CompareValuePairs("geocache_cache.c", tfjsonpath.New(attr),
				"data.geocache_cache.c", tfjsonpath.New(attr), compare.ValuesSame()))
		}
		checks = append(checks,
			statecheck.ExpectSensitiveValue("data.geocache_cache.c", tfjsonpath.New("primary_access_key")),
			statecheck.ExpectKnownValue("data.geocache_cache.c", tfjsonpath.New("geo_replication_state"), knownvalue.StringExact("Linked")),
		)
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: s.factories(),
			CheckDestroy:             s.checkDestroyed(t),
			Steps:                    []resource.TestStep{{Config: config, ConfigStateChecks: checks}},
		})
	})
}
