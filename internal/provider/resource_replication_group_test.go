package provider

import (
	"context"
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/geocache/terraform-provider-geocache/internal/backend"
)

func TestAccReplicationGroup_basic(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, s accEnv) {
		config := s.providerConfig() + `
resource "geocache_replication_group" "test" {
  name = "grp-basic"
}
`
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: s.factories(),
			CheckDestroy:             s.checkDestroyed(t),
			Steps: []resource.TestStep{
				{
					Config: config,
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue("geocache_replication_group.test", tfjsonpath.New("id"), knownvalue.StringExact("grp-basic")),
						statecheck.ExpectKnownValue("geocache_replication_group.test", tfjsonpath.New("name"), knownvalue.StringExact("grp-basic")),
						statecheck.ExpectKnownValue("geocache_replication_group.test", tfjsonpath.New("members"), knownvalue.ListSizeExact(0)),
					},
				},
				{
					ResourceName:            "geocache_replication_group.test",
					ImportState:             true,
					ImportStateVerify:       true,
					ImportStateVerifyIgnore: []string{"timeouts"},
				},
			},
		})
	})
}

func TestAccReplicationGroup_disappears(t *testing.T) {
	t.Parallel()
	s := newTestSim(t)
	config := s.providerConfig() + `
resource "geocache_replication_group" "test" {
  name = "grp-gone"
}
`
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             s.checkDestroyed(t),
		Steps: []resource.TestStep{
			{
				Config: config,
				Check: func(*terraform.State) error {
					ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
					defer cancel()
					return s.client(t).DeleteReplicationGroup(ctx, "grp-gone")
				},
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("geocache_replication_group.test", plancheck.ResourceActionCreate),
					},
				},
			},
		},
	})
}

// A group with a member cannot be destroyed, and the error names the member.
func TestAccReplicationGroup_deleteWithMembers(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, s accEnv) {
		group := s.providerConfig() + `
resource "geocache_replication_group" "test" {
  name = "grp-busy"
}
`
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: s.factories(),
			CheckDestroy:             s.checkDestroyed(t),
			Steps: []resource.TestStep{
				{Config: group},
				{
					// A cache Terraform does not manage joins the group.
					PreConfig: func() {
						b := s.client(t)
						ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
						defer cancel()
						spec := backend.CacheSpec{Name: "stray", Region: "eastus", SKU: "Balanced_B3", ReplicationGroupID: "grp-busy"}
						created, err := b.CreateCache(ctx, spec)
						if err != nil {
							t.Fatalf("creating stray member: %v", err)
						}
						if _, err := waitCacheReady(ctx, b, created.ID); err != nil {
							t.Fatalf("waiting for stray member: %v", err)
						}
					},
					Config:      s.providerConfig(),
					ExpectError: regexp.MustCompile(`(?s)Replication group still has members.*stray\s+\(eastus\)`),
				},
				{
					PreConfig: func() { s.deleteCache(t, s.cacheID("stray")) },
					Config:    s.providerConfig(),
				},
			},
		})
	})
}
