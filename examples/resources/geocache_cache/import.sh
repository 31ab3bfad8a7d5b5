# A cache is imported by its ID (on the local backend, its name).
terraform import 'geocache_cache.sessions["eastus"]' sessions-eastus
