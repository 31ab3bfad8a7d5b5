package provider

import (
	"context"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/geocache/terraform-provider-geocache/internal/backend"
)

// A group and a member written in mixed case and imported by their
// simulator IDs (lower case) are the same resources: the next plan updates
// them in place, only to take the configured spelling, and replaces
// nothing; after that apply the plan is empty.
func TestAccImport_mixedCaseNamesDoNotReplace(t *testing.T) {
	t.Parallel()
	s := newTestSim(t)
	const (
		groupAddr = "geocache_replication_group.g"
		cacheAddr = "geocache_cache.c"
	)
	config := s.providerConfig() + `
resource "geocache_replication_group" "g" {
  name = "Mixed-Group"
}

resource "geocache_cache" "c" {
  name                 = "MC-A"
  region               = "westeurope"
  sku                  = "Balanced_B3"
  replication_group_id = "Mixed-Group"
  depends_on           = [geocache_replication_group.g]
}
`
	noReplace := func(addr string) []plancheck.PlanCheck {
		return []plancheck.PlanCheck{
			plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
		}
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             s.checkDestroyed(t),
		Steps: []resource.TestStep{
			{
				PreConfig: func() {
					ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
					defer cancel()
					c := s.client(t)
					if _, err := c.CreateReplicationGroup(ctx, "Mixed-Group"); err != nil {
						t.Fatalf("creating the group to import: %v", err)
					}
					spec := backend.CacheSpec{Name: "MC-A", Region: "westeurope", SKU: "Balanced_B3", ReplicationGroupID: "Mixed-Group"}
					if _, err := c.CreateCache(ctx, spec); err != nil {
						t.Fatalf("creating the cache to import: %v", err)
					}
					if _, err := waitCacheReady(ctx, c, "mc-a"); err != nil {
						t.Fatalf("waiting for the cache to import: %v", err)
					}
				},
				Config:             config,
				ResourceName:       groupAddr,
				ImportState:        true,
				ImportStateId:      "mixed-group",
				ImportStatePersist: true,
			},
			{
				Config:             config,
				ResourceName:       cacheAddr,
				ImportState:        true,
				ImportStateId:      "mc-a",
				ImportStatePersist: true,
			},
			{
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: append(noReplace(groupAddr), noReplace(cacheAddr)...),
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(groupAddr, tfjsonpath.New("id"), knownvalue.StringExact("mixed-group")),
					statecheck.ExpectKnownValue(groupAddr, tfjsonpath.New("name"), knownvalue.StringExact("Mixed-Group")),
					statecheck.ExpectKnownValue(cacheAddr, tfjsonpath.New("id"), knownvalue.StringExact("mc-a")),
					statecheck.ExpectKnownValue(cacheAddr, tfjsonpath.New("name"), knownvalue.StringExact("MC-A")),
					statecheck.ExpectKnownValue(cacheAddr, tfjsonpath.New("replication_group_id"), knownvalue.StringExact("Mixed-Group")),
					statecheck.ExpectKnownValue(cacheAddr, tfjsonpath.New("geo_replication_state"), knownvalue.StringExact("Linked")),
					statecheck.ExpectKnownValue(cacheAddr, tfjsonpath.New("hostname"), knownvalue.StringExact("127.0.0.1")),
				},
			},
			{
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
		},
	})
}
