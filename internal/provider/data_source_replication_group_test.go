package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

// geocache_replication_group reports the members and what they share.
func TestAccDataSourceReplicationGroup(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, s accEnv) {
		config := s.providerConfig() + dataSourceFixture + `
data "geocache_replication_group" "g" {
  id         = geocache_replication_group.g.id
  depends_on = [geocache_cache.c]
}
`
		checks := []statecheck.StateCheck{
			statecheck.ExpectKnownValue("data.geocache_replication_group.g", tfjsonpath.New("name"), knownvalue.StringExact("seen")),
			statecheck.ExpectKnownValue("data.geocache_replication_group.g", tfjsonpath.New("sku"), knownvalue.StringExact("ComputeOptimized_X3")),
			statecheck.ExpectKnownValue("data.geocache_replication_group.g", tfjsonpath.New("eviction_policy"), knownvalue.StringExact("VolatileTTL")),
			statecheck.ExpectKnownValue("data.geocache_replication_group.g", tfjsonpath.New("members"),
				knownvalue.ListExact([]knownvalue.Check{knownvalue.ObjectExact(map[string]knownvalue.Check{
					"id": knownvalue.StringExact(s.cacheID("seen-a")), "name": knownvalue.StringExact("seen-a"),
					"region": knownvalue.StringExact("canadacentral"), "state": knownvalue.StringExact("Linked"),
				})})),
		}
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: s.factories(),
			CheckDestroy:             s.checkDestroyed(t),
			Steps:                    []resource.TestStep{{Config: config, ConfigStateChecks: checks}},
		})
	})
}

// An ID given in another letter case reads the same group and comes back
// as it was written.
func TestAccDataSourceReplicationGroup_otherCase(t *testing.T) {
	t.Parallel()
	s := newTestSim(t)
	config := s.providerConfig() + `
resource "geocache_replication_group" "g" {
  name = "cased-ds"
}

data "geocache_replication_group" "g" {
  id = upper(geocache_replication_group.g.id)
}
`
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             s.checkDestroyed(t),
		Steps: []resource.TestStep{{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.geocache_replication_group.g", tfjsonpath.New("id"), knownvalue.StringExact("CASED-DS")),
				statecheck.ExpectKnownValue("data.geocache_replication_group.g", tfjsonpath.New("name"), knownvalue.StringExact("cased-ds")),
			},
		}},
	})
}
