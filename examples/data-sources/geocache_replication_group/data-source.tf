# A group another configuration manages, read by ID: who its members are and
# whether their links are up.
data "geocache_replication_group" "sessions" {
  id = "sessions"
}

output "sessions_members" {
  value = {
    for m in data.geocache_replication_group.sessions.members : m.region => {
      name  = m.name
      state = m.state
    }
  }
}
