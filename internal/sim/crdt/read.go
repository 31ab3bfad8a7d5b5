package crdt

import (
	"sort"
	"strings"
)

// Kind is the visible type of a key's value.
type Kind uint8

// Kinds of value. KindString, KindInt and KindFloat are all the Redis type
// "string"; they differ in how concurrent writes combine.
const (
	KindNone Kind = iota
	KindString
	KindInt
	KindFloat
	KindHash
	KindSet
	KindZSet
)

// RedisType returns the name TYPE replies with.
func (k Kind) RedisType() string {
	switch k {
	case KindString, KindInt, KindFloat:
		return "string"
	case KindHash:
		return "hash"
	case KindSet:
		return "set"
	case KindZSet:
		return "zset"
	}
	return "none"
}

// Field is one hash field with its value as HGET returns it.
type Field struct {
	Name  string
	Value []byte
}

// ZMember is one sorted-set member.
type ZMember struct {
	Member string
	Score  float64
}

// Value is a key's full visible content. Bytes is set for every string kind
// (counters rendered as text); Int or Float hold the number for counters.
// Collections are sorted: fields and members by name, sorted-set members by
// score then member.
type Value struct {
	Kind     Kind
	Bytes    []byte
	Int      int64
	Float    float64
	Fields   []Field
	Members  []string
	ZMembers []ZMember
}

// lookup returns the visible state of key, or nil if it is absent or expired.
func (ks *Keyspace) lookup(key string) (*keyState, Part) {
	k := ks.keys[key]
	if k == nil || ks.expired(k) {
		return nil, 0
	}
	p, ok := k.visible()
	if !ok {
		return nil, 0
	}
	return k, p
}

func (ks *Keyspace) lookupPart(key string, want Part) (*keyState, error) {
	k, p := ks.lookup(key)
	if k == nil {
		return nil, nil
	}
	if p != want {
		return nil, ErrWrongType
	}
	return k, nil
}

func kindOf(k *keyState, p Part) Kind {
	switch p {
	case PartHash:
		return KindHash
	case PartSet:
		return KindSet
	case PartZSet:
		return KindZSet
	}
	return scalarOf(&k.str).kind
}

// Type returns the kind of the key's value, KindNone if it does not exist.
func (ks *Keyspace) Type(key string) Kind {
	k, p := ks.lookup(key)
	if k == nil {
		return KindNone
	}
	return kindOf(k, p)
}

// Exists reports whether key holds a visible value.
func (ks *Keyspace) Exists(key string) bool {
	k, _ := ks.lookup(key)
	return k != nil
}

// Get returns the key's whole value.
func (ks *Keyspace) Get(key string) Value {
	k, p := ks.lookup(key)
	if k == nil {
		return Value{}
	}
	switch p {
	case PartHash:
		return Value{Kind: KindHash, Fields: hashFields(k)}
	case PartSet:
		return Value{Kind: KindSet, Members: setMembers(k)}
	case PartZSet:
		return Value{Kind: KindZSet, ZMembers: zMembers(k)}
	}
	s := scalarOf(&k.str)
	return Value{Kind: s.kind, Bytes: s.text(), Int: s.i, Float: s.f}
}

// GetString returns what GET returns. The slice must not be modified.
func (ks *Keyspace) GetString(key string) ([]byte, bool, error) {
	k, err := ks.lookupPart(key, PartString)
	if k == nil {
		return nil, false, err
	}
	return scalarOf(&k.str).text(), true, nil
}

// PTTL returns the remaining time to live in milliseconds, -1 for a key
// without expiry and -2 for a missing key.
func (ks *Keyspace) PTTL(key string) int64 {
	k, _ := ks.lookup(key)
	if k == nil {
		return -2
	}
	at, _, ok := k.expiry()
	if !ok {
		return -1
	}
	return at - ks.Now()
}

// ExpireTime returns the key's absolute expiry in milliseconds, if any.
func (ks *Keyspace) ExpireTime(key string) (int64, bool) {
	k, _ := ks.lookup(key)
	if k == nil {
		return 0, false
	}
	at, _, ok := k.expiry()
	return at, ok
}

// Keys returns the visible keys accepted by match (nil accepts all), sorted.
func (ks *Keyspace) Keys(match func(string) bool) []string {
	now := ks.Now()
	var out []string
	ks.order.ascend("", func(name string) bool {
		if match != nil && !match(name) {
			return true
		}
		if k := ks.keys[name]; k != nil && k.vis && !k.expired(now) {
			out = append(out, name)
		}
		return true
	})
	return out
}

// Len returns the number of visible keys.
func (ks *Keyspace) Len() int {
	if ks.exp.keys == 0 {
		return ks.live
	}
	return ks.live - ks.expiredVisible(ks.Now())
}

// Expires returns the number of visible keys that have an expiry.
func (ks *Keyspace) Expires() int {
	if ks.exp.keys == 0 {
		return 0
	}
	now := ks.Now()
	n := 0
	for _, e := range ks.exp.items {
		if e.valid() && e.k.vis && e.at > now {
			n++
		}
	}
	for _, e := range ks.exp.waiting {
		if e.valid() && e.k.vis && e.at > now {
			n++
		}
	}
	return n
}

// Scan returns up to count visible keys that sort after cursor, and the
// cursor for the next call ("" when the scan is complete). Keys are visited
// in order, so keys present for the whole scan are returned exactly once.
func (ks *Keyspace) Scan(cursor string, count int, match func(string) bool) ([]string, string) {
	if count <= 0 {
		count = 10
	}
	now := ks.Now()
	var page []string
	more := false
	ks.order.ascend(cursor, func(name string) bool {
		k := ks.keys[name]
		if k == nil || !k.vis || k.expired(now) {
			return true
		}
		if len(page) == count {
			more = true
			return false
		}
		page = append(page, name)
		return true
	})
	if !more {
		return filter(page, match), ""
	}
	return filter(page, match), page[len(page)-1]
}

func filter(s []string, match func(string) bool) []string {
	if match == nil {
		return s
	}
	n := 0
	for _, v := range s {
		if match(v) {
			s[n] = v
			n++
		}
	}
	return s[:n]
}

func liveCells(k *keyState, p Part, f func(name string, c *Cell)) {
	for name, c := range k.coll(collIndex(p)) {
		if c.live() {
			f(name, c)
		}
	}
}

func hashFields(k *keyState) []Field {
	out := make([]Field, 0, k.collLive(collIndex(PartHash)))
	liveCells(k, PartHash, func(name string, c *Cell) {
		out = append(out, Field{Name: name, Value: scalarOf(c).text()})
	})
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

func setMembers(k *keyState) []string {
	out := make([]string, 0, k.collLive(collIndex(PartSet)))
	liveCells(k, PartSet, func(name string, _ *Cell) { out = append(out, name) })
	sort.Strings(out)
	return out
}

func zMembers(k *keyState) []ZMember {
	out := make([]ZMember, 0, k.collLive(collIndex(PartZSet)))
	liveCells(k, PartZSet, func(name string, c *Cell) {
		out = append(out, ZMember{Member: name, Score: score(c)})
	})
	sort.Slice(out, func(i, j int) bool { return zLess(out[i], out[j]) })
	return out
}

func zLess(a, b ZMember) bool {
	if a.Score != b.Score {
		return a.Score < b.Score
	}
	return strings.Compare(a.Member, b.Member) < 0
}

// HGet returns a hash field's value.
func (ks *Keyspace) HGet(key, field string) ([]byte, bool, error) {
	k, err := ks.lookupPart(key, PartHash)
	if k == nil {
		return nil, false, err
	}
	c := k.cell(PartHash, field, false)
	if c == nil || !c.live() {
		return nil, false, nil
	}
	return scalarOf(c).text(), true, nil
}

// HGetAll returns every field, sorted by name.
func (ks *Keyspace) HGetAll(key string) ([]Field, error) {
	k, err := ks.lookupPart(key, PartHash)
	if k == nil {
		return nil, err
	}
	return hashFields(k), nil
}

// HLen returns the number of fields.
func (ks *Keyspace) HLen(key string) (int, error) {
	return ks.card(key, PartHash)
}

func (ks *Keyspace) card(key string, p Part) (int, error) {
	k, err := ks.lookupPart(key, p)
	if k == nil {
		return 0, err
	}
	return k.collLive(collIndex(p)), nil
}

// SIsMember reports whether member is in the set.
func (ks *Keyspace) SIsMember(key, member string) (bool, error) {
	k, err := ks.lookupPart(key, PartSet)
	if k == nil {
		return false, err
	}
	c := k.cell(PartSet, member, false)
	return c != nil && c.live(), nil
}

// SMembers returns the members, sorted.
func (ks *Keyspace) SMembers(key string) ([]string, error) {
	k, err := ks.lookupPart(key, PartSet)
	if k == nil {
		return nil, err
	}
	return setMembers(k), nil
}

// SCard returns the number of members.
func (ks *Keyspace) SCard(key string) (int, error) { return ks.card(key, PartSet) }

// ZScore returns a member's score.
func (ks *Keyspace) ZScore(key, member string) (float64, bool, error) {
	k, err := ks.lookupPart(key, PartZSet)
	if k == nil {
		return 0, false, err
	}
	c := k.cell(PartZSet, member, false)
	if c == nil || !c.live() {
		return 0, false, nil
	}
	return score(c), true, nil
}

// ZMembers returns the members ordered by score, then member.
func (ks *Keyspace) ZMembers(key string) ([]ZMember, error) {
	k, err := ks.lookupPart(key, PartZSet)
	if k == nil {
		return nil, err
	}
	return zMembers(k), nil
}

// ZCard returns the number of members.
func (ks *Keyspace) ZCard(key string) (int, error) { return ks.card(key, PartZSet) }
