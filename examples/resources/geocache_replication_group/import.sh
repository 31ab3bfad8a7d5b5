# A replication group is imported by its ID (on the local backend, its name).
terraform import geocache_replication_group.sessions sessions
