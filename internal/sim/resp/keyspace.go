package resp

import (
	"errors"
	"sync"
	"time"
)

// errWrongType is returned when a command meets a key of another type.
var errWrongType = errors.New("WRONGTYPE Operation against a key holding the wrong kind of value")

// kind is the Redis type of a value.
type kind uint8

const (
	kindString kind = iota + 1
	kindHash
)

func (k kind) String() string {
	switch k {
	case kindString:
		return "string"
	case kindHash:
		return "hash"
	}
	return "none"
}

// entry is one key's value. Byte slices stored here are never modified in
// place, so a reader may keep using a slice after dropping the shard lock.
type entry struct {
	kind     kind
	str      []byte
	hash     map[string][]byte
	expireAt int64 // unix milliseconds; 0 means no expiry
}

func (e *entry) expired(now int64) bool { return e.expireAt != 0 && e.expireAt <= now }

// shardCount spreads lock contention between concurrent clients; a power
// of two so the shard index is a mask.
const shardCount = 64

type shard struct {
	mu   sync.RWMutex
	keys map[string]*entry
	// volatile holds the keys that have an expiry, so the active sweep
	// samples only those and INFO can count them cheaply.
	volatile map[string]struct{}
}

// Keyspace is the single database of one cache. It is a self-contained type
// so that a replicated implementation can take its place later.
type Keyspace struct {
	shards [shardCount]shard
	now    func() time.Time
}

// NewKeyspace returns an empty keyspace.
func NewKeyspace() *Keyspace {
	ks := &Keyspace{now: time.Now}
	for i := range ks.shards {
		ks.shards[i].keys = make(map[string]*entry)
		ks.shards[i].volatile = make(map[string]struct{})
	}
	return ks
}

func (ks *Keyspace) nowMs() int64 { return ks.now().UnixMilli() }

// shardOf hashes with FNV-1a, inlined to avoid allocating.
func (ks *Keyspace) shardOf(key []byte) *shard {
	h := uint32(2166136261)
	for _, b := range key {
		h ^= uint32(b)
		h *= 16777619
	}
	return &ks.shards[h&(shardCount-1)]
}

// lookup returns the live entry for key; the caller holds sh.mu. Expired
// entries are removed when the caller holds the write lock (write=true).
func (sh *shard) lookup(key []byte, now int64, write bool) *entry {
	e, ok := sh.keys[string(key)]
	if !ok {
		return nil
	}
	if e.expired(now) {
		if write {
			sh.remove(key)
		}
		return nil
	}
	return e
}

func (sh *shard) remove(key []byte) {
	delete(sh.keys, string(key))
	delete(sh.volatile, string(key))
}

// setExpire records an expiry (0 clears it) and keeps volatile in step.
func (sh *shard) setExpire(key []byte, e *entry, at int64) {
	if at == 0 {
		if e.expireAt != 0 {
			delete(sh.volatile, string(key))
		}
	} else if e.expireAt == 0 {
		sh.volatile[string(key)] = struct{}{}
	}
	e.expireAt = at
}

// insert adds a new key; the caller knows it is absent.
func (sh *shard) insert(key []byte, e *entry) {
	k := string(key)
	sh.keys[k] = e
	if e.expireAt != 0 {
		sh.volatile[k] = struct{}{}
	}
}

// Get returns a string value.
func (ks *Keyspace) Get(key []byte) ([]byte, bool, error) {
	sh := ks.shardOf(key)
	sh.mu.RLock()
	defer sh.mu.RUnlock()
	e := sh.lookup(key, ks.nowMs(), false)
	if e == nil {
		return nil, false, nil
	}
	if e.kind != kindString {
		return nil, false, errWrongType
	}
	return e.str, true, nil
}

// SetCond restricts SET to absent (NX) or present (XX) keys.
type SetCond uint8

// SET conditions.
const (
	SetAlways SetCond = iota
	SetIfAbsent
	SetIfPresent
)

// SetArgs are SET's options. ExpireAt is unix milliseconds, 0 for none.
type SetArgs struct {
	Cond     SetCond
	ExpireAt int64
	KeepTTL  bool
	Get      bool // return the old value; the old value must be a string
}

// SetResult says what SET did.
type SetResult struct {
	Written bool
	Old     []byte
	HadOld  bool
}

// Set stores a string value, taking ownership of val.
func (ks *Keyspace) Set(key, val []byte, a SetArgs) (SetResult, error) {
	sh := ks.shardOf(key)
	sh.mu.Lock()
	defer sh.mu.Unlock()
	now := ks.nowMs()
	e := sh.lookup(key, now, true)
	var res SetResult
	if e != nil && a.Get {
		if e.kind != kindString {
			return res, errWrongType
		}
		res.Old, res.HadOld = e.str, true
	}
	if (a.Cond == SetIfAbsent && e != nil) || (a.Cond == SetIfPresent && e == nil) {
		return res, nil
	}
	res.Written = true
	if e == nil {
		sh.insert(key, &entry{kind: kindString, str: val, expireAt: a.ExpireAt})
		return res, nil
	}
	e.kind, e.str, e.hash = kindString, val, nil
	if !a.KeepTTL {
		sh.setExpire(key, e, a.ExpireAt)
	}
	return res, nil
}

// Del removes keys and returns how many existed.
func (ks *Keyspace) Del(keys [][]byte) int {
	now := ks.nowMs()
	n := 0
	for _, k := range keys {
		sh := ks.shardOf(k)
		sh.mu.Lock()
		if sh.lookup(k, now, true) != nil {
			sh.remove(k)
			n++
		}
		sh.mu.Unlock()
	}
	return n
}

// Exists counts the keys that exist, duplicates included.
func (ks *Keyspace) Exists(keys [][]byte) int {
	now := ks.nowMs()
	n := 0
	for _, k := range keys {
		sh := ks.shardOf(k)
		sh.mu.RLock()
		if sh.lookup(k, now, false) != nil {
			n++
		}
		sh.mu.RUnlock()
	}
	return n
}

// Type names the type of key's value, "none" when absent.
func (ks *Keyspace) Type(key []byte) string {
	sh := ks.shardOf(key)
	sh.mu.RLock()
	defer sh.mu.RUnlock()
	if e := sh.lookup(key, ks.nowMs(), false); e != nil {
		return e.kind.String()
	}
	return "none"
}

var (
	errNotInteger = errors.New("ERR value is not an integer or out of range")
	errOverflow   = errors.New("ERR increment or decrement would overflow")
)

// IncrBy adds delta to an integer held as a string, creating it at 0.
func (ks *Keyspace) IncrBy(key []byte, delta int64) (int64, error) {
	sh := ks.shardOf(key)
	sh.mu.Lock()
	defer sh.mu.Unlock()
	e := sh.lookup(key, ks.nowMs(), true)
	var cur int64
	if e != nil {
		if e.kind != kindString {
			return 0, errWrongType
		}
		v, ok := parseInt(e.str)
		if !ok {
			return 0, errNotInteger
		}
		cur = v
	}
	if (delta > 0 && cur > maxInt64-delta) || (delta < 0 && cur < minInt64-delta) {
		return 0, errOverflow
	}
	cur += delta
	val := appendInt(nil, cur)
	if e == nil {
		sh.insert(key, &entry{kind: kindString, str: val})
	} else {
		e.str = val
	}
	return cur, nil
}

// ExpireCond is EXPIRE's NX/XX/GT/LT option.
type ExpireCond uint8

// EXPIRE conditions.
const (
	ExpireAlways ExpireCond = iota
	ExpireNX
	ExpireXX
	ExpireGT
	ExpireLT
)

// Expire sets key's expiry to at (unix ms) when cond allows; a time already
// past deletes the key, as Redis does. It reports whether anything changed.
func (ks *Keyspace) Expire(key []byte, at int64, cond ExpireCond) bool {
	sh := ks.shardOf(key)
	sh.mu.Lock()
	defer sh.mu.Unlock()
	now := ks.nowMs()
	e := sh.lookup(key, now, true)
	if e == nil {
		return false
	}
	switch cond {
	case ExpireNX:
		if e.expireAt != 0 {
			return false
		}
	case ExpireXX:
		if e.expireAt == 0 {
			return false
		}
	case ExpireGT:
		// A key without expiry counts as infinite, so nothing is greater.
		if e.expireAt == 0 || at <= e.expireAt {
			return false
		}
	case ExpireLT:
		if e.expireAt != 0 && at >= e.expireAt {
			return false
		}
	}
	if at <= now {
		sh.remove(key)
		return true
	}
	sh.setExpire(key, e, at)
	return true
}

// TTL returns the milliseconds left: -2 when absent, -1 without expiry.
func (ks *Keyspace) TTL(key []byte) int64 {
	sh := ks.shardOf(key)
	sh.mu.RLock()
	defer sh.mu.RUnlock()
	now := ks.nowMs()
	e := sh.lookup(key, now, false)
	switch {
	case e == nil:
		return -2
	case e.expireAt == 0:
		return -1
	}
	return e.expireAt - now
}

// Persist removes key's expiry and reports whether it had one.
func (ks *Keyspace) Persist(key []byte) bool {
	sh := ks.shardOf(key)
	sh.mu.Lock()
	defer sh.mu.Unlock()
	e := sh.lookup(key, ks.nowMs(), true)
	if e == nil || e.expireAt == 0 {
		return false
	}
	sh.setExpire(key, e, 0)
	return true
}

// Flush removes every key.
func (ks *Keyspace) Flush() {
	for i := range ks.shards {
		sh := &ks.shards[i]
		sh.mu.Lock()
		sh.keys = make(map[string]*entry)
		sh.volatile = make(map[string]struct{})
		sh.mu.Unlock()
	}
}

// Stats summarises the keyspace for DBSIZE and INFO.
type Stats struct {
	Keys     int
	Expires  int
	MemBytes int64 // rough estimate of the bytes held
}

// entryOverhead approximates the per-key bookkeeping cost so INFO's
// used_memory grows with the key count as it does in Redis.
const entryOverhead = 64

// Stats counts keys. Keys that expired but were not yet swept are counted,
// as Redis counts them until they are reclaimed.
func (ks *Keyspace) Stats(withMemory bool) Stats {
	var st Stats
	for i := range ks.shards {
		sh := &ks.shards[i]
		sh.mu.RLock()
		st.Keys += len(sh.keys)
		st.Expires += len(sh.volatile)
		if withMemory {
			for k, e := range sh.keys {
				st.MemBytes += int64(entryOverhead + len(k) + len(e.str))
				for f, v := range e.hash {
					st.MemBytes += int64(entryOverhead/2 + len(f) + len(v))
				}
			}
		}
		sh.mu.RUnlock()
	}
	return st
}

// sweepSample bounds the work of one sweep pass over one shard.
const sweepSample = 32

// SweepExpired deletes expired keys, sampling each shard's volatile keys;
// a shard where most of the sample had expired is sampled again, as the
// Redis active expire cycle does. It returns how many keys it removed.
func (ks *Keyspace) SweepExpired() int {
	removed := 0
	for i := range ks.shards {
		sh := &ks.shards[i]
		for {
			sh.mu.Lock()
			now := ks.nowMs()
			seen, gone := 0, 0
			for k := range sh.volatile {
				if seen == sweepSample {
					break
				}
				seen++
				if e := sh.keys[k]; e == nil || e.expired(now) {
					delete(sh.keys, k)
					delete(sh.volatile, k)
					gone++
				}
			}
			sh.mu.Unlock()
			removed += gone
			if seen < sweepSample || gone*4 < seen {
				break
			}
		}
	}
	return removed
}
