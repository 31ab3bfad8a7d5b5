data "geocache_regions" "all" {}

# Region names to choose replication group members from.
output "region_names" {
  value = [for r in data.geocache_regions.all.regions : r.name]
}
