# Quickstart: one replication group with three active-active members on three
# continents, on the local simulator. `make demo` applies it and talks to
# every cache; `make demo-destroy` removes it.

terraform {
  required_version = ">= 1.5"

  required_providers {
    geocache = {
      source = "geocache/geocache"
    }
  }
}

# No settings: the simulator at http://127.0.0.1:7450, started in the
# background when nothing answers there (GEOCACHE_ENDPOINT, GEOCACHE_TOKEN
# and GEOCACHE_STATE_DIR point elsewhere).
provider "geocache" {}

variable "regions" {
  description = "Regions that get a member of the group."
  type        = list(string)
  default     = ["eastus", "westeurope", "southeastasia"]
}

resource "geocache_replication_group" "sessions" {
  name = "quickstart"
}

resource "geocache_cache" "member" {
  for_each = toset(var.regions)

  name                 = "quickstart-${each.key}"
  region               = each.key
  sku                  = "Balanced_B3"
  eviction_policy      = "VolatileLRU"
  replication_group_id = geocache_replication_group.sessions.id

  tags = {
    example = "quickstart"
  }
}
