package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

// cacheBlock is one cache with the given extra arguments.
func cacheBlock(label, name, region, sku, extra string) string {
	return fmt.Sprintf(`
resource "geocache_cache" %q {
  name   = %q
  region = %q
  sku    = %q
  %s
}
`, label, name, region, sku, extra)
}

// Invalid inputs fail at plan time, before anything is created.
func TestAccCache_invalidInputs(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, s accEnv) {
		plan := func(config, want string) resource.TestStep {
			return resource.TestStep{
				Config:      s.providerConfig() + config,
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(want),
			}
		}
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: s.factories(),
			CheckDestroy:             s.checkDestroyed(t),
			Steps: append([]resource.TestStep{
				plan(cacheBlock("t", "bad--name", "eastus", "Balanced_B3", ""),
					`(?s)Invalid name.*"bad--name".*without consecutive hyphens`),
				plan(cacheBlock("t", "-lead", "eastus", "Balanced_B3", ""), `Invalid name`),
				plan(`
resource "geocache_replication_group" "g" {
  name = "has_underscore"
}
`, `(?s)Invalid name.*"has_underscore"`),
				plan(cacheBlock("t", "ok", "moon-north", "Balanced_B3", ""),
					`(?s)Attribute region value must be one of.*"moon-north"`),
				plan(cacheBlock("t", "ok", "eastus", "Balanced_B9", ""),
					`(?s)Attribute sku value must be one of.*"Balanced_B9"`),
				plan(cacheBlock("t", "ok", "eastus", "Balanced_B3", `eviction_policy = "LeastLoved"`),
					`(?s)Attribute eviction_policy value must be one of.*"LeastLoved"`),
				// A literal group ID is checked in validation ...
				plan(cacheBlock("t", "ok", "eastus", "Balanced_B0", `replication_group_id = "somegroup"`),
					`(?s)SKU cannot geo-replicate.*"Balanced_B0"`),
				// ... and one known only after apply, in the plan.
				plan(`
resource "geocache_replication_group" "g" {
  name = "g"
}
`+cacheBlock("t", "ok", "eastus", "Balanced_B1", `replication_group_id = geocache_replication_group.g.id`),
					`(?s)SKU cannot geo-replicate.*"Balanced_B1"`),
			}, missingGroupStep(s, plan)...),
		})
	})
}

// A cache joining a group with members must match their SKU and eviction
// policy; the errors name the group, its values and its members.
func TestAccCache_groupMismatch(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, s accEnv) {
		base := s.providerConfig() + `
resource "geocache_replication_group" "g" {
  name = "shared"
}
` + cacheBlock("first", "first", "eastus", "Balanced_B10", `
  eviction_policy      = "AllKeysLRU"
  replication_group_id = geocache_replication_group.g.id`)
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: s.factories(),
			CheckDestroy:             s.checkDestroyed(t),
			Steps: []resource.TestStep{
				{Config: base},
				{
					Config: base + cacheBlock("second", "second", "westeurope", "Balanced_B20", `
  eviction_policy      = "AllKeysLRU"
  replication_group_id = geocache_replication_group.g.id`),
					ExpectError: regexp.MustCompile(
						`(?s)SKU differs from the replication group's.*"shared" uses SKU "Balanced_B10".*\(` + quotedIDs(s, "first") + `\).*"Balanced_B20"`),
				},
				{
					Config: base + cacheBlock("second", "second", "westeurope", "Balanced_B10", `
  replication_group_id = geocache_replication_group.g.id`),
					ExpectError: regexp.MustCompile(
						`(?s)Eviction policy differs from the replication group's.*"shared" uses eviction policy "AllKeysLRU".*\(` + quotedIDs(s, "first") + `\).*"VolatileLRU"`),
				},
			},
		})
	})
}

// missingGroupStep refuses a group nobody created. Only the simulator can
// tell: on Azure a group is a nickname its first member brings into being,
// so any valid name is an empty group.
func missingGroupStep(s accEnv, plan func(config, want string) resource.TestStep) []resource.TestStep {
	if s.name() != backendLocal {
		return nil
	}
	return []resource.TestStep{plan(cacheBlock("t", "ok", "eastus", "Balanced_B3", `replication_group_id = "nosuchgroup"`),
		`(?s)Replication group not found.*"nosuchgroup"`)}
}
