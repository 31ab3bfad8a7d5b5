resource "geocache_replication_group" "sessions" {
  name = "sessions"
}

# Two active-active members: both accept writes, each replicates to the other.
# They join the group in parallel; no depends_on between them is needed.
resource "geocache_cache" "sessions" {
  for_each = toset(["eastus", "westeurope"])

  name                 = "sessions-${each.key}"
  region               = each.key
  sku                  = "Balanced_B3" # B0 and B1 cannot join a group
  replication_group_id = geocache_replication_group.sessions.id
  eviction_policy      = "VolatileLRU" # shared by every member of the group

  tags = {
    team = "checkout"
  }

  timeouts = {
    create = "30m" # Azure takes minutes to create and link a member
    delete = "30m"
  }
}

# A standalone cache: no replication_group_id.
resource "geocache_cache" "scratch" {
  name   = "scratch"
  region = "northeurope"
  sku    = "Balanced_B0"
}

output "session_endpoints" {
  value = { for k, c in geocache_cache.sessions : k => "${c.hostname}:${c.port}" }
}
