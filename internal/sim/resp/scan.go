package resp

import "sync"

// maxScanCursors bounds the cursors remembered for SCAN.
const maxScanCursors = 4096

// scanCursors maps SCAN's numeric cursors to the key a scan stopped at.
// Clients (go-redis, redis-cli) parse cursors as unsigned integers, while
// the keyspace resumes after a key name, so the server hands out numbers
// and remembers what they stand for. A cursor evicted or never issued
// starts the scan over: keys may then come back twice, which SCAN allows,
// but none present throughout is missed.
type scanCursors struct {
	mu    sync.Mutex
	next  uint64
	keys  map[uint64]string
	order []uint64 // issue order, for evicting the oldest
}

// issue returns a cursor standing for "after key".
func (sc *scanCursors) issue(key string) uint64 {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	if sc.keys == nil {
		sc.keys = map[uint64]string{}
	}
	if len(sc.order) >= maxScanCursors {
		delete(sc.keys, sc.order[0])
		sc.order = append(sc.order[:0], sc.order[1:]...)
	}
	sc.next++
	sc.keys[sc.next] = key
	sc.order = append(sc.order, sc.next)
	return sc.next
}

// resume returns the key a cursor stands for, "" to start from the
// beginning.
func (sc *scanCursors) resume(cur uint64) string {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	return sc.keys[cur]
}
