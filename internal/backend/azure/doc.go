// Package azure implements backend.Backend on Azure Managed Redis
// (Microsoft.Cache/redisEnterprise, API version 2025-07-01) with typed calls
// written directly on azcore: the published armredisenterprise SDK predates
// Managed Redis and its geo-replication calls.
//
// Mapping:
//   - A cache is a redisEnterprise cluster plus its "default" database. The
//     cache ID is the cluster's ARM resource ID; IDs are compared without
//     regard to case, as ARM does.
//   - A replication group has no ARM resource of its own: it is the set of
//     databases in the configured resource group whose
//     geoReplication.groupNickname equals the group's name. The group ID is the
//     nickname itself, so `terraform import` takes the group name. Because
//     nothing is stored for an empty group, reading any valid nickname that no
//     cache uses yields an empty group (the same thing Create returned), and
//     deleting it succeeds. Only IDs that cannot be a nickname are not found.
//   - Joining a group means creating the database with every current member
//     listed in linkedDatabases, then waiting until the new database and every
//     existing member list each other as Linked. Joins to one group are
//     serialised within the process, and a join that Azure rejects because
//     another one is in flight (a 409, or an operation that fails with a
//     conflict code, from another process) is retried once that one settles.
//   - Leaving means force-unlinking the database from the remaining members,
//     waiting until none of them lists it, then deleting the cluster.
//
// Limits: a group's members are looked for in the configured resource group
// only. A join retried after a conflict is bounded only by the caller's context.
// Changing one member's eviction policy is passed to Azure as is; keeping
// the group's policy uniform is left to plan-time checks.
//
// CreateCache, UpdateCache and DeleteCache wait for Azure to finish (the
// cluster Running, every link Linked, the cluster gone), polling at
// Config.PollInterval; every wait stops when its context ends.
package azure
