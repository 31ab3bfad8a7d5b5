package provider

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

// groupConfig is a group plus one cache resource per name => region, each
// its own block so that removing one touches no other. (for_each would do
// the same, but the testing framework's state shim cannot address it.)
func groupConfig(s accEnv, group string, members map[string]string) string {
	var b strings.Builder
	b.WriteString(s.providerConfig())
	fmt.Fprintf(&b, `
resource "geocache_replication_group" "g" {
  name = %q
}
`, group)
	for _, name := range sortedKeys(members) {
		fmt.Fprintf(&b, `
resource "geocache_cache" %q {
  name                 = %q
  region               = %q
  sku                  = "Balanced_B5"
  replication_group_id = geocache_replication_group.g.id
}
`, name, name, members[name])
	}
	return b.String()
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// linkChecks expects every member to list all the others, and the group to
// report them all as Linked.
func linkChecks(e accEnv, members map[string]string) []statecheck.StateCheck {
	names := sortedKeys(members)
	var checks []statecheck.StateCheck
	var memberChecks []knownvalue.Check
	for _, n := range names {
		var others []knownvalue.Check
		for _, o := range names {
			if o != n {
				others = append(others, knownvalue.StringExact(e.cacheID(o)))
			}
		}
		addr := "geocache_cache." + n
		checks = append(checks,
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("linked_cache_ids"), knownvalue.ListExact(others)),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("geo_replication_state"), knownvalue.StringExact("Linked")),
		)
		memberChecks = append(memberChecks, knownvalue.ObjectExact(map[string]knownvalue.Check{
			"id": knownvalue.StringExact(e.cacheID(n)), "name": knownvalue.StringExact(n),
			"region": knownvalue.StringExact(members[n]), "state": knownvalue.StringExact("Linked"),
		}))
	}
	return append(checks, statecheck.ExpectKnownValue("geocache_replication_group.g",
		tfjsonpath.New("members"), knownvalue.ListExact(memberChecks)))
}

// Three regions, one group. Links are checked in a second, identical step:
// a member created first only learns of later ones on refresh.
func TestAccCache_threeRegions(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, s accEnv) {
		members := map[string]string{"us": "eastus", "eu": "westeurope", "asia": "southeastasia"}
		config := groupConfig(s, "trio", members)
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: s.factories(),
			CheckDestroy:             s.checkDestroyed(t),
			Steps: []resource.TestStep{
				{Config: config},
				{Config: config, ConfigStateChecks: linkChecks(s, members)},
				{
					ResourceName:            "geocache_cache.eu",
					ImportState:             true,
					ImportStateVerify:       true,
					ImportStateVerifyIgnore: []string{"timeouts"},
				},
				{
					ResourceName:            "geocache_replication_group.g",
					ImportState:             true,
					ImportStateVerify:       true,
					ImportStateVerifyIgnore: []string{"timeouts"},
				},
			},
		})
	})
}

// Five caches join one group in one apply, without depends_on between them;
// then a sixth is refused at plan time because the group is full.
func TestAccCache_parallelJoin(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, s accEnv) {
		five := map[string]string{
			"c1": "eastus", "c2": "westus2", "c3": "northeurope", "c4": "japaneast", "c5": "australiaeast",
		}
		six := map[string]string{"c6": "brazilsouth"}
		for k, v := range five {
			six[k] = v
		}
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: s.factories(),
			CheckDestroy:             s.checkDestroyed(t),
			Steps: []resource.TestStep{
				{Config: groupConfig(s, "five", five)},
				{Config: groupConfig(s, "five", five), ConfigStateChecks: linkChecks(s, five)},
				{
					Config: groupConfig(s, "five", six),
					ExpectError: regexp.MustCompile(
						`(?s)Replication group is full.*"five" already has 5 members\s+\(` +
							quotedIDs(s, "c1", "c2", "c3", "c4", "c5") + `\)`),
				},
			},
		})
	})
}

// Destroying a middle member leaves the others untouched: no update, no
// replacement, and an empty plan afterwards.
func TestAccCache_leaveMiddle(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, s accEnv) {
		three := map[string]string{"left": "westus", "middle": "centralus", "right": "eastus2"}
		two := map[string]string{"left": "westus", "right": "eastus2"}
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: s.factories(),
			CheckDestroy:             s.checkDestroyed(t),
			Steps: []resource.TestStep{
				{Config: groupConfig(s, "line", three)},
				{
					Config: groupConfig(s, "line", two),
					ConfigPlanChecks: resource.ConfigPlanChecks{
						PreApply: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction("geocache_cache.middle", plancheck.ResourceActionDestroy),
							plancheck.ExpectResourceAction("geocache_cache.left", plancheck.ResourceActionNoop),
							plancheck.ExpectResourceAction("geocache_cache.right", plancheck.ResourceActionNoop),
							plancheck.ExpectResourceAction("geocache_replication_group.g", plancheck.ResourceActionNoop),
						},
						PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
					},
				},
				{
					Config: groupConfig(s, "line", two),
					ConfigPlanChecks: resource.ConfigPlanChecks{
						PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
					},
					ConfigStateChecks: linkChecks(s, two),
				},
			},
		})
	})
}

// One member cannot change the eviction policy the group's members share.
func TestAccCache_evictionPolicyShared(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, s accEnv) {
		config := func(policy string) string {
			return s.providerConfig() + fmt.Sprintf(`
resource "geocache_replication_group" "g" {
  name = "pair"
}

resource "geocache_cache" "a" {
  name                 = "pa"
  region               = "uksouth"
  sku                  = "Balanced_B3"
  eviction_policy      = %q
  replication_group_id = geocache_replication_group.g.id
}

resource "geocache_cache" "b" {
  name                 = "pb"
  region               = "francecentral"
  sku                  = "Balanced_B3"
  eviction_policy      = "AllKeysLRU"
  replication_group_id = geocache_replication_group.g.id
}
`, policy)
		}
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: s.factories(),
			CheckDestroy:             s.checkDestroyed(t),
			Steps: []resource.TestStep{
				{Config: config("AllKeysLRU")},
				{
					Config: config("NoEviction"),
					ExpectError: regexp.MustCompile(
						`(?s)Eviction policy is shared by the replication group.*"pair".*\(` + quotedIDs(s, "pb") + `\).*"AllKeysLRU"`),
				},
			},
		})
	})
}
