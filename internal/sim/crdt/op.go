package crdt

import "fmt"

// OpKind tags an operation record.
type OpKind uint8

// Operation kinds. Each one is the replicated effect of a command, not the
// command itself: e.g. INCR and INCRBYFLOAT both ship as OpIncr carrying the
// origin's new running total.
const (
	OpNone    OpKind = iota
	OpSet            // string value, optional expiry
	OpIncr           // string counter
	OpDel            // key removal (Reset only)
	OpExpire         // new expiry time
	OpPersist        // expiry cleared; beats a concurrent OpExpire
	OpHSet           // hash field values
	OpHDel           // hash field removal
	OpHIncr          // hash field counters
	OpSAdd           // set members
	OpSRem           // set member removal
	OpZAdd           // sorted-set members with scores
	OpZIncr          // sorted-set score counters
	OpZRem           // sorted-set member removal
	opKinds
)

var opNames = [...]string{"none", "set", "incr", "del", "expire", "persist", "hset", "hdel",
	"hincr", "sadd", "srem", "zadd", "zincr", "zrem"}

func (k OpKind) String() string {
	if k < opKinds {
		return opNames[k]
	}
	return fmt.Sprintf("OpKind(%d)", uint8(k))
}

// Part is one facet of a key. A key normally has data in one data part; more
// than one only after concurrent writes of different types.
type Part uint8

// Parts of a key.
const (
	PartString Part = iota
	PartHash
	PartSet
	PartZSet
	PartExpire
	numParts
)

// Parts is a set of Part values.
type Parts uint8

// Has reports whether p is in the set.
func (s Parts) Has(p Part) bool { return s&(1<<p) != 0 }

// AllParts is every part of a key, data and expiry.
const AllParts Parts = 1<<numParts - 1

const dataParts Parts = AllParts &^ (1 << PartExpire)

// Op is a serialisable operation record. The replication layer ships each
// origin's ops in Seq order and hands them to Keyspace.Apply elsewhere;
// applying the same op twice is harmless and concurrent ops commute.
//
// Ops are immutable once produced: their byte slices are shared with the
// state of every keyspace that applies them.
type Op struct {
	Kind   OpKind    `json:"kind"`
	Key    string    `json:"key"`
	Origin ReplicaID `json:"origin"`
	Seq    uint64    `json:"seq"` // (Origin, Seq) is the op's dot
	TS     Timestamp `json:"ts"`

	// Reset removes, before the op takes effect, what the origin observed in
	// the key's ResetParts: register writes up to Reset, and the counters
	// listed in ResetCells up to their observed totals. DEL is a bare reset;
	// SET and writes to an absent or expired key reset first.
	Reset      VV        `json:"reset,omitempty"`
	ResetParts Parts     `json:"resetParts,omitempty"`
	ResetCells []CellObs `json:"resetCells,omitempty"`

	Value    []byte  `json:"value,omitempty"`    // OpSet
	ExpireAt int64   `json:"expireAt,omitempty"` // OpSet, OpExpire: absolute ms
	Counter  Counter `json:"counter,omitzero"`   // OpIncr
	Elems    []Elem  `json:"elems,omitempty"`    // hash, set and sorted-set ops
}

// Dot returns the op's identity.
func (o *Op) Dot() Dot { return Dot{Replica: o.Origin, Seq: o.Seq} }

// CellObs is a removal's observation of one counter-bearing slot.
type CellObs struct {
	Part Part   `json:"part"`
	Name string `json:"name,omitempty"`
	Obs  []Obs  `json:"obs"`
}

// Elem is the effect on one hash field or (sorted-)set member.
type Elem struct {
	Name    string  `json:"name"`
	Removed []Obs   `json:"removed,omitempty"` // observed state replaced or removed
	Value   []byte  `json:"value,omitempty"`   // OpHSet
	Score   float64 `json:"score,omitempty"`   // OpZAdd
	Counter Counter `json:"counter,omitzero"`  // OpHIncr, OpZIncr
}

func (k OpKind) part() Part {
	switch k {
	case OpHSet, OpHDel, OpHIncr:
		return PartHash
	case OpSAdd, OpSRem:
		return PartSet
	case OpZAdd, OpZIncr, OpZRem:
		return PartZSet
	case OpExpire, OpPersist:
		return PartExpire
	}
	return PartString
}
