package dataset

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/geocache/terraform-provider-geocache/internal/sim/crdt"
)

// stateVersion tags the encoding so a future change can still read old
// snapshots on disk.
const stateVersion = 1

// state is what MarshalState writes: the keyspace with its tombstones, the
// outbound log (ops not yet acknowledged by every peer must survive a
// restart) and the membership. Acknowledgements are not kept: after a
// restart GC waits for fresh ones, which is only later, never unsafe.
type state struct {
	Version  int              `json:"version"`
	Replica  crdt.ReplicaID   `json:"replica"`
	Keyspace *crdt.Snapshot   `json:"keyspace"`
	LogBase  uint64           `json:"logBase"`
	Log      []crdt.Op        `json:"log,omitempty"`
	Members  []crdt.ReplicaID `json:"members,omitempty"`
	InGroup  bool             `json:"inGroup,omitempty"`
}

// MarshalState encodes the whole state, outbound log included, for a
// snapshot on disk.
func (d *Dataset) MarshalState() ([]byte, error) {
	d.mu.RLock()
	st := state{
		Version:  stateVersion,
		Replica:  d.id,
		Keyspace: d.ks.Snapshot(),
		LogBase:  d.log.base,
		Log:      d.log.copyAll(),
		Members:  append([]crdt.ReplicaID(nil), d.members...),
		InGroup:  d.inGroup.Load(),
	}
	d.mu.RUnlock()
	// Encoded outside the lock, which writers and the replication links
	// need: the snapshot and the log are copies (a trim may recycle the
	// log's blocks meanwhile), and logged ops share only immutable values.
	b, err := json.Marshal(&st)
	if err != nil {
		return nil, fmt.Errorf("dataset: encode state: %w", err)
	}
	return b, nil
}

// Restore rebuilds a dataset from MarshalState's output. id must be the
// replica that wrote it: a replica's sequence continues where it stopped.
func Restore(id crdt.ReplicaID, data []byte) (*Dataset, error) {
	var st state
	if err := json.Unmarshal(data, &st); err != nil {
		return nil, fmt.Errorf("dataset: decode state: %w", err)
	}
	if st.Version != stateVersion {
		return nil, fmt.Errorf("dataset: state version %d not supported", st.Version)
	}
	if st.Replica != id {
		return nil, fmt.Errorf("dataset: state belongs to replica %d, not %d", st.Replica, id)
	}
	if st.Keyspace == nil {
		return nil, errors.New("dataset: state has no keyspace")
	}
	d := New(id)
	if err := d.ks.Merge(st.Keyspace); err != nil {
		return nil, fmt.Errorf("dataset: restore keyspace: %w", err)
	}
	last := d.lastSeq()
	for i, op := range st.Log {
		if op.Origin != id || op.Seq != st.LogBase+uint64(i)+1 || op.Seq > last {
			return nil, fmt.Errorf("dataset: outbound log entry %d is not op %d of replica %d", i, st.LogBase+uint64(i)+1, id)
		}
	}
	d.members = st.Members
	d.ks.SetMembers(st.Members)
	d.inGroup.Store(st.InGroup)
	d.updateLogging()
	d.log.load(st.LogBase, st.Log)
	return d, nil
}
