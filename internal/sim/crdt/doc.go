// Package crdt holds the replicated data types behind the simulator's
// active-active data plane, with the conflict rules of Redis Enterprise
// Active-Active databases. It is pure: no I/O, no goroutines, no clock other
// than the one it is given.
//
// Each member of a replication group owns a Keyspace. Commands run through
// its write methods (Set, IncrBy, HSet, SAdd, ZAdd, Del, Expire, ...), which
// answer like Redis and return an Op; the replication layer ships each
// origin's ops in order and the other members Apply them. Apply skips
// duplicates, reports gaps, and concurrent ops commute, so members that
// received the same ops in any interleaving show the same data.
//
// Conflict rules:
//   - Strings: last writer wins by hybrid logical clock, replica ID breaking
//     ties. Counters (INCRBY, INCRBYFLOAT) add up across members; a SET sets
//     a new base and increments it did not observe still add to it. A
//     non-numeric base hides the increments concurrent with it.
//   - Hashes: fields are observed-remove (a concurrent HSET beats HDEL);
//     field values are strings or counters as above.
//   - Sets: observed-remove, add wins.
//   - Sorted sets: membership observed-remove; ZADD scores last-writer-wins;
//     ZINCRBYs add up, and those a ZREM or ZADD did not observe survive it.
//   - DEL, and every removal, removes only what its member had observed.
//   - Concurrent writes of different types: the type written last (by HLC)
//     is visible; the others stay hidden until the next write to the key
//     removes them.
//   - Expiry: among concurrent EXPIREs the later time wins and PERSIST beats
//     them all. Reads hide an expired key at once; the member whose expiry
//     won deletes it (ReapExpired), and a write to an expired key starts
//     from an empty key.
//
// How: every op has a dot (origin, seq). Removals record, per origin, the
// last seq they observed in a slot, so writes arriving late are recognised
// as removed. Counters ship each origin's running total, and a removal
// records the totals it observed, so it subtracts exactly what it saw. These
// records are tombstones: GC drops them once every member (SetMembers)
// acknowledged (Ack) the removal and what it removed.
//
// Snapshot and Merge carry the whole state, tombstones included, to a member
// that joins late or lost its backlog.
package crdt
