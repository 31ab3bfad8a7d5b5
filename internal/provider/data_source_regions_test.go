package provider

import (
	"testing"

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
