package resp

// HSet sets field/value pairs (pairs alternates them) and returns how many
// fields were new. It takes ownership of the value slices.
func (ks *Keyspace) HSet(key []byte, pairs [][]byte) (int, error) {
	sh := ks.shardOf(key)
	sh.mu.Lock()
	defer sh.mu.Unlock()
	e := sh.lookup(key, ks.nowMs(), true)
	if e == nil {
		e = &entry{kind: kindHash, hash: make(map[string][]byte, len(pairs)/2)}
		sh.insert(key, e)
	} else if e.kind != kindHash {
		return 0, errWrongType
	}
	added := 0
	for i := 0; i+1 < len(pairs); i += 2 {
		if _, ok := e.hash[string(pairs[i])]; !ok {
			added++
		}
		e.hash[string(pairs[i])] = pairs[i+1]
	}
	return added, nil
}

// HGet returns one field of a hash.
func (ks *Keyspace) HGet(key, field []byte) ([]byte, bool, error) {
	sh := ks.shardOf(key)
	sh.mu.RLock()
	defer sh.mu.RUnlock()
	e := sh.lookup(key, ks.nowMs(), false)
	if e == nil {
		return nil, false, nil
	}
	if e.kind != kindHash {
		return nil, false, errWrongType
	}
	v, ok := e.hash[string(field)]
	return v, ok, nil
}

// HDel removes fields and returns how many existed; an emptied hash is
// deleted, as in Redis.
func (ks *Keyspace) HDel(key []byte, fields [][]byte) (int, error) {
	sh := ks.shardOf(key)
	sh.mu.Lock()
	defer sh.mu.Unlock()
	e := sh.lookup(key, ks.nowMs(), true)
	if e == nil {
		return 0, nil
	}
	if e.kind != kindHash {
		return 0, errWrongType
	}
	n := 0
	for _, f := range fields {
		if _, ok := e.hash[string(f)]; ok {
			delete(e.hash, string(f))
			n++
		}
	}
	if len(e.hash) == 0 {
		sh.remove(key)
	}
	return n, nil
}

// HGetAll returns a hash's fields and values, alternating.
func (ks *Keyspace) HGetAll(key []byte) ([][]byte, error) {
	sh := ks.shardOf(key)
	sh.mu.RLock()
	defer sh.mu.RUnlock()
	e := sh.lookup(key, ks.nowMs(), false)
	if e == nil {
		return nil, nil
	}
	if e.kind != kindHash {
		return nil, errWrongType
	}
	out := make([][]byte, 0, 2*len(e.hash))
	for f, v := range e.hash {
		out = append(out, []byte(f), v)
	}
	return out, nil
}

// HLen returns the number of fields of a hash.
func (ks *Keyspace) HLen(key []byte) (int, error) {
	sh := ks.shardOf(key)
	sh.mu.RLock()
	defer sh.mu.RUnlock()
	e := sh.lookup(key, ks.nowMs(), false)
	if e == nil {
		return 0, nil
	}
	if e.kind != kindHash {
		return 0, errWrongType
	}
	return len(e.hash), nil
}
