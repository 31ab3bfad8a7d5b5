# A cache another configuration manages, read by ID to connect an app to it.
data "geocache_cache" "sessions_eastus" {
  id = "sessions-eastus"
}

output "sessions_eastus_endpoint" {
  value = "${data.geocache_cache.sessions_eastus.hostname}:${data.geocache_cache.sessions_eastus.port}"
}

output "sessions_eastus_key" {
  value     = data.geocache_cache.sessions_eastus.primary_access_key
  sensitive = true
}
