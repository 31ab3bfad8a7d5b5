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
