# The quickstart on Azure Managed Redis: one replication group with three
# active-active members on three continents. Only the provider block differs
# from examples/quickstart; the caches are billed while they exist.
#
# Credentials come from the environment, as for the azurerm provider:
#   ARM_SUBSCRIPTION_ID, ARM_TENANT_ID, ARM_CLIENT_ID and one of
#   ARM_CLIENT_SECRET, ARM_OIDC_TOKEN (or Terraform Cloud's
#   TFC_WORKLOAD_IDENTITY_TOKEN), ARM_USE_MSI=true, ARM_USE_CLI=true.

terraform {
  required_version = ">= 1.5"

  required_providers {
    geocache = {
      source = "geocache/geocache"
    }
  }
}

variable "resource_group_name" {
  description = "Existing resource group that holds the caches."
  type        = string
}

provider "geocache" {
  backend = "azure"

  azure {
    resource_group_name = var.resource_group_name
    # subscription_id, tenant_id, client_id, ... fall back to ARM_*.
  }
}

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

  # The defaults; a geo-replicated create on Azure takes tens of minutes.
  timeouts = {
    create = "45m"
    update = "30m"
    delete = "30m"
  }
}

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
  description = "Primary access key of each member, for AUTH over TLS. Read with: terraform output -json access_keys"
  sensitive   = true
  value       = { for c in geocache_cache.member : c.name => c.primary_access_key }
}
