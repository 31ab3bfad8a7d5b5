// Package replication links the members of a replication group: every member
// ships its own operations to every other member (a full mesh), in order,
// over simulated inter-region links.
//
// A directional link from A to B carries A's ops, starting from the last
// position B acknowledged, in batches. Each batch arrives after the one-way
// latency of the region pair; B applies it and its acknowledgement (B's
// applied version vector) travels back with the reverse latency. A trims its
// log once every peer acknowledged an op, and hands the acknowledgements to
// its data set so tombstones can be collected.
//
// Faults: a partition between two regions cuts every link between their
// members both ways. What is on the wire is lost, nothing is delivered,
// backlogs grow and the links report LinkFailed. A heal resumes each link
// from the last acknowledged position; ops the peer already applied are
// skipped by its data set, so nothing is lost and nothing applied twice.
// Latency overrides per region pair change the delay of new messages; a
// message never overtakes an earlier one on the same link. A peer that
// refuses what it is sent (a snapshot it cannot merge, a batch it cannot
// apply) makes the link rewind and retry with a growing delay; after a few
// refusals in a row the link reports LinkFailed until a delivery succeeds.
//
// Catch-up: when a link must start from a position the source has trimmed
// from its log (a peer restored from an older snapshot), the source sends a
// full snapshot instead and streams from the position it covers.
//
// Joining and leaving: Transfer merges a snapshot of each existing member
// into a new one before linking it, so it starts with the group's data.
// Drain waits until everything a leaving member acknowledged has been
// applied by every remaining member and acknowledged back; a partition makes
// it wait for the heal (or for its context).
//
// Lag is measured per link from the moment the source acknowledged a write
// to its client to the moment the peer applied it.
package replication
