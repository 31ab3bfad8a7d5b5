// Package store keeps the simulator's authoritative state in a bbolt file so
// that every acknowledged change survives a restart or a kill -9.
package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"time"

	bolt "go.etcd.io/bbolt"
)

// ErrNotFound is returned when a record does not exist.
var ErrNotFound = errors.New("not found")

// ErrInUse is returned by Open when another process holds the database.
var ErrInUse = errors.New("state dir in use by another simulator")

var (
	bucketCaches = []byte("caches")
	bucketGroups = []byte("groups")
	bucketMeta   = []byte("meta")
	// bucketMembers indexes caches by group: key group + "\x00" + cache
	// name, empty value. It is derived from the caches bucket, rebuilt on
	// every Open and kept in step by PutCache and DeleteCache, so reading
	// a group's members costs its members, not every cache.
	bucketMembers = []byte("members")

	keyLastReplicaID = []byte("lastReplicaID")
	keyFaults        = "faults"
)

// Store is an open state database.
type Store struct {
	db *bolt.DB
}

// Open opens or creates the database at path. bbolt takes an exclusive file
// lock; waiting at most timeout turns a second daemon on the same directory
// into a clear error instead of a hang.
func Open(path string, timeout time.Duration) (*Store, error) {
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: timeout})
	if errors.Is(err, bolt.ErrTimeout) {
		return nil, fmt.Errorf("open %s: %w", path, ErrInUse)
	}
	if err != nil {
		return nil, fmt.Errorf("open state database %s: %w", path, err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bucketCaches, bucketGroups, bucketMeta} {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return fmt.Errorf("create bucket %s: %w", b, err)
			}
		}
		return rebuildMembers(tx)
	})
	if err != nil {
		return nil, errors.Join(err, db.Close())
	}
	return &Store{db: db}, nil
}

// rebuildMembers derives the members index from the caches, so a state
// file written before the index existed, or by another version, is read
// correctly.
func rebuildMembers(tx *bolt.Tx) error {
	if tx.Bucket(bucketMembers) != nil {
		if err := tx.DeleteBucket(bucketMembers); err != nil {
			return fmt.Errorf("reset bucket %s: %w", bucketMembers, err)
		}
	}
	idx, err := tx.CreateBucket(bucketMembers)
	if err != nil {
		return fmt.Errorf("create bucket %s: %w", bucketMembers, err)
	}
	return tx.Bucket(bucketCaches).ForEach(func(k, v []byte) error {
		var c cacheGroup
		if err := decode(bucketCaches, string(k), v, &c); err != nil {
			return err
		}
		if c.ReplicationGroup == "" {
			return nil
		}
		return idx.Put(memberKey(c.ReplicationGroup, string(k)), []byte{})
	})
}

// cacheGroup is the part of a cache record the members index needs.
type cacheGroup struct {
	ReplicationGroup string `json:"replicationGroup"`
}

// memberKey is a cache's key in the members index. Names hold no NUL, so
// the prefix group + "\x00" selects exactly that group's members, in name
// order.
func memberKey(group, name string) []byte {
	k := make([]byte, 0, len(group)+1+len(name))
	k = append(k, group...)
	k = append(k, 0)
	return append(k, name...)
}

// Close releases the database and its lock.
func (s *Store) Close() error { return s.db.Close() }

// Path is the database file.
func (s *Store) Path() string { return s.db.Path() }

// View runs fn in a read-only transaction.
func (s *Store) View(fn func(*Tx) error) error {
	return s.db.View(func(tx *bolt.Tx) error { return fn(&Tx{tx: tx}) })
}

// Update runs fn in a read-write transaction, committed (and synced to disk)
// only if fn returns nil. bbolt runs one writer at a time, so checks and
// writes inside fn are atomic with respect to every other Update.
func (s *Store) Update(fn func(*Tx) error) error {
	return s.db.Update(func(tx *bolt.Tx) error { return fn(&Tx{tx: tx}) })
}

// Tx gives typed access to the records inside one transaction. Records it
// returns are copies: changing them has no effect until they are put back.
type Tx struct {
	tx *bolt.Tx
}

// Cache returns the named cache or ErrNotFound.
func (t *Tx) Cache(name string) (*Cache, error) {
	var c Cache
	if err := t.get(bucketCaches, name, &c); err != nil {
		return nil, err
	}
	return &c, nil
}

// Caches returns every cache, sorted by name.
func (t *Tx) Caches() ([]*Cache, error) {
	var out []*Cache
	err := t.each(bucketCaches, func(k string, v []byte) error {
		var c Cache
		if err := decode(bucketCaches, k, v, &c); err != nil {
			return err
		}
		out = append(out, &c)
		return nil
	})
	return out, err
}

// Members returns the caches of one replication group, sorted by name.
func (t *Tx) Members(group string) ([]*Cache, error) {
	if group == "" {
		return nil, nil
	}
	prefix := memberKey(group, "")
	var out []*Cache
	cur := t.tx.Bucket(bucketMembers).Cursor()
	for k, _ := cur.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = cur.Next() {
		c, err := t.Cache(string(k[len(prefix):]))
		if errors.Is(err, ErrNotFound) {
			continue // a stale entry, see unindex
		}
		if err != nil {
			return nil, err
		}
		if c.ReplicationGroup == group {
			out = append(out, c)
		}
	}
	return out, nil
}

// PutCache inserts or replaces a cache.
func (t *Tx) PutCache(c *Cache) error {
	if err := t.unindex(c.Name); err != nil {
		return err
	}
	if err := t.put(bucketCaches, c.Name, c); err != nil {
		return err
	}
	if c.ReplicationGroup == "" {
		return nil
	}
	if err := t.tx.Bucket(bucketMembers).Put(memberKey(c.ReplicationGroup, c.Name), []byte{}); err != nil {
		return fmt.Errorf("write %s %q: %w", bucketMembers, c.Name, err)
	}
	return nil
}

// DeleteCache removes a cache; removing a missing one is not an error.
func (t *Tx) DeleteCache(name string) error {
	if err := t.unindex(name); err != nil {
		return err
	}
	return t.tx.Bucket(bucketCaches).Delete([]byte(name))
}

// unindex drops the stored cache name, if any, from the members index. A
// corrupt stored record cannot say its group: its entry, if any, stays
// until the next Open rebuilds the index, and Members skips it meanwhile.
func (t *Tx) unindex(name string) error {
	raw := t.tx.Bucket(bucketCaches).Get([]byte(name))
	if raw == nil {
		return nil
	}
	var old cacheGroup
	if json.Unmarshal(raw, &old) != nil || old.ReplicationGroup == "" {
		return nil
	}
	if err := t.tx.Bucket(bucketMembers).Delete(memberKey(old.ReplicationGroup, name)); err != nil {
		return fmt.Errorf("write %s %q: %w", bucketMembers, name, err)
	}
	return nil
}

// Group returns the named group or ErrNotFound.
func (t *Tx) Group(name string) (*Group, error) {
	var g Group
	if err := t.get(bucketGroups, name, &g); err != nil {
		return nil, err
	}
	return &g, nil
}

// Groups returns every group, sorted by name.
func (t *Tx) Groups() ([]*Group, error) {
	var out []*Group
	err := t.each(bucketGroups, func(k string, v []byte) error {
		var g Group
		if err := decode(bucketGroups, k, v, &g); err != nil {
			return err
		}
		out = append(out, &g)
		return nil
	})
	return out, err
}

// PutGroup inserts or replaces a group.
func (t *Tx) PutGroup(g *Group) error { return t.put(bucketGroups, g.Name, g) }

// DeleteGroup removes a group; removing a missing one is not an error.
func (t *Tx) DeleteGroup(name string) error {
	return t.tx.Bucket(bucketGroups).Delete([]byte(name))
}

// NextReplicaID returns a replica ID never returned before by this store
// (1, 2, ...). It is committed with the transaction, so a rolled-back one
// may hand out the same ID again, but never one a stored record holds.
func (t *Tx) NextReplicaID() (uint32, error) {
	b := t.tx.Bucket(bucketMeta)
	var last uint32
	if raw := b.Get(keyLastReplicaID); raw != nil {
		if len(raw) != 4 {
			return 0, fmt.Errorf("corrupt %s record %q", bucketMeta, keyLastReplicaID)
		}
		last = binary.BigEndian.Uint32(raw)
	}
	if last == math.MaxUint32 {
		return 0, errors.New("replica IDs exhausted")
	}
	next := last + 1
	if err := b.Put(keyLastReplicaID, binary.BigEndian.AppendUint32(nil, next)); err != nil {
		return 0, fmt.Errorf("write %s: %w", bucketMeta, err)
	}
	return next, nil
}

// Faults returns the fault injection recorded by PutFaults; none recorded
// is an empty record.
func (t *Tx) Faults() (*Faults, error) {
	var f Faults
	if err := t.get(bucketMeta, keyFaults, &f); err != nil && !errors.Is(err, ErrNotFound) {
		return nil, err
	}
	return &f, nil
}

// PutFaults records the fault injection in force.
func (t *Tx) PutFaults(f *Faults) error { return t.put(bucketMeta, keyFaults, f) }

func (t *Tx) get(bucket []byte, key string, v any) error {
	raw := t.tx.Bucket(bucket).Get([]byte(key))
	if raw == nil {
		return fmt.Errorf("%s %q: %w", bucket, key, ErrNotFound)
	}
	return decode(bucket, key, raw, v)
}

func (t *Tx) put(bucket []byte, key string, v any) error {
	if key == "" {
		return fmt.Errorf("%s: empty key", bucket)
	}
	raw, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode %s %q: %w", bucket, key, err)
	}
	if err := t.tx.Bucket(bucket).Put([]byte(key), raw); err != nil {
		return fmt.Errorf("write %s %q: %w", bucket, key, err)
	}
	return nil
}

// each visits a bucket in key order, which bbolt guarantees is sorted.
func (t *Tx) each(bucket []byte, fn func(k string, v []byte) error) error {
	return t.tx.Bucket(bucket).ForEach(func(k, v []byte) error { return fn(string(k), v) })
}

func decode(bucket []byte, key string, raw []byte, v any) error {
	if err := json.Unmarshal(raw, v); err != nil {
		return fmt.Errorf("corrupt %s record %q: %w", bucket, key, err)
	}
	return nil
}
