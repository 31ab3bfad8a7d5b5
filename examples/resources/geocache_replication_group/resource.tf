# An empty group: caches join it by naming it in replication_group_id.
resource "geocache_replication_group" "sessions" {
  name = "sessions"
}

output "session_cache_members" {
  # One entry per member cache, with its link state (Linking, Linked, ...).
  value = geocache_replication_group.sessions.members
}
