terraform {
  required_providers {
    geocache = {
      source = "geocache/geocache"
    }
  }
}

# With no settings the provider uses the local simulator at
# http://127.0.0.1:7450 and starts it in the background (state in
# ~/.geocache) when nothing answers there.
provider "geocache" {}

# Pointing at a simulator that someone else runs, for example one started in
# CI with `terraform-provider-geocache sim serve`:
#
# provider "geocache" {
#   backend    = "local"
#   endpoint   = "http://127.0.0.1:7450"
#   token      = var.simulator_token # or GEOCACHE_TOKEN
#   auto_start = false
# }

# Azure Managed Redis. Every setting may instead come from its environment
# variable (ARM_SUBSCRIPTION_ID, GEOCACHE_AZURE_RESOURCE_GROUP, ARM_CLIENT_ID,
# ...), which keeps credentials out of the configuration:
#
# provider "geocache" {
#   backend = "azure"
#
#   azure {
#     subscription_id     = "00000000-0000-0000-0000-000000000000"
#     resource_group_name = "rg-caches"
#     use_cli             = true
#   }
# }
