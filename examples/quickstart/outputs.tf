output "replication_group_id" {
  value = geocache_replication_group.sessions.id
}

output "caches" {
  description = "Every member by name: where it is and who it replicates with."
  value = {
    for c in geocache_cache.member : c.name => {
      id                    = c.id
      region                = c.region
      hostname              = c.hostname
      port                  = c.port
      linked_cache_ids      = c.linked_cache_ids
      geo_replication_state = c.geo_replication_state
    }
  }
}

output "access_keys" {
  description = "Primary access key of each member, for AUTH. Read with: terraform output -json access_keys"
  sensitive   = true
  value       = { for c in geocache_cache.member : c.name => c.primary_access_key }
}
