package cli

import "strconv"

// ServeProcs is how many threads may run the simulator's Go code at once
// (GOMAXPROCS) when `sim serve` starts, given the GOMAXPROCS environment
// variable and the runtime's default. Its caches listen on loopback only,
// so every client runs on the same machine: leaving those clients a core
// keeps the simulator's threads from preempting the very process waiting
// for their replies, which costs more than the extra parallelism gains on a
// small machine (on 2 cores, about a third of the throughput of one
// connection without pipelining). A GOMAXPROCS the user set is kept.
func ServeProcs(env string, procs int) int {
	if n, err := strconv.Atoi(env); err == nil && n > 0 {
		return n
	}
	return max(1, procs-1)
}
