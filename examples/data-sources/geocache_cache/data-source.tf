# A cache another configuration manages, read by ID to connect an app to it.
data "geocache_cache" "sessions_eastus" {
  # The cache's ID: on the local backend, its name; on the azure backend, the
  # cluster's ARM resource ID, e.g.
  # "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-geocache/providers/Microsoft.Cache/redisEnterprise/sessions-eastus".
  id = "sessions-eastus"
}

output "sessions_eastus_endpoint" {
  value = "${data.geocache_cache.sessions_eastus.hostname}:${data.geocache_cache.sessions_eastus.port}"
}

output "sessions_eastus_key" {
  value     = data.geocache_cache.sessions_eastus.primary_access_key
  sensitive = true
}
