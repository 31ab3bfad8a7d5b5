package resp

import (
	"reflect"

	"github.com/geocache/terraform-provider-geocache/internal/sim/crdt"
	"github.com/geocache/terraform-provider-geocache/internal/sim/dataset"
)

// multiState is a transaction being queued.
type multiState struct {
	queue [][][]byte // copies: redcon reuses its read buffer
	cmds  []*command
	dirty bool // a queue-time error: EXEC answers EXECABORT
}

// txState is a transaction running: EXEC holds the dataset's write lock and
// the queued commands use it through Server.read and Server.write.
type txState struct {
	ks    *crdt.Keyspace
	emit  func(crdt.Op)
	links []dataset.LinkStatus // taken before locking: the reporter may lock
}

// watchedKey is a WATCHed key and what it held then.
type watchedKey struct {
	key    string
	val    crdt.Value
	expire int64
}

const errExecAbort = "EXECABORT Transaction discarded because of previous errors."

func (c *client) queue(cmd *command, args [][]byte) {
	if cmd.noMulti {
		c.multi.dirty = true
		c.w.WriteError("ERR Command not allowed inside a transaction")
		return
	}
	cp := make([][]byte, len(args))
	for i, a := range args {
		cp[i] = append([]byte(nil), a...)
	}
	c.multi.queue = append(c.multi.queue, cp)
	c.multi.cmds = append(c.multi.cmds, cmd)
	c.w.WriteString("QUEUED")
}

func cmdMulti(_ *Server, c *client, _ [][]byte) {
	if c.multi != nil {
		c.w.WriteError("ERR MULTI calls can not be nested")
		return
	}
	c.multi = &multiState{}
	c.ok()
}

func cmdDiscard(_ *Server, c *client, _ [][]byte) {
	if c.multi == nil {
		c.w.WriteError("ERR DISCARD without MULTI")
		return
	}
	c.multi = nil
	c.watched = nil
	c.ok()
}

func cmdExec(s *Server, c *client, _ [][]byte) {
	m := c.multi
	if m == nil {
		c.w.WriteError("ERR EXEC without MULTI")
		return
	}
	c.multi = nil
	watched := c.watched
	c.watched = nil
	if m.dirty {
		c.w.WriteError(errExecAbort)
		return
	}
	tx := &txState{}
	for _, cmd := range m.cmds {
		if cmd.name == "info" {
			tx.links = s.ds.Links()
			break
		}
	}
	s.ds.Write(func(ks *crdt.Keyspace, emit func(crdt.Op)) {
		for _, w := range watched {
			if !w.unchanged(ks) {
				c.w.WriteRaw(nullArray)
				return
			}
		}
		tx.ks, tx.emit = ks, emit
		c.tx = tx
		defer func() { c.tx = nil }()
		c.w.WriteArray(len(m.cmds))
		for i, cmd := range m.cmds {
			cmd.run(s, c, m.queue[i])
		}
	})
}

// WATCH compares values rather than counting writes: the keyspace keeps no
// per-key version. A transaction is aborted when a watched key's value,
// type or expiry changed; a write that put back the same value goes
// unnoticed, which cannot make the transaction act on stale data.
func cmdWatch(s *Server, c *client, args [][]byte) {
	if c.multi != nil {
		c.w.WriteError("ERR WATCH inside MULTI is not allowed")
		return
	}
	s.read(c, func(ks *crdt.Keyspace) {
		for _, k := range args[1:] {
			c.watched = append(c.watched, snapshotKey(ks, string(k)))
		}
	})
	c.ok()
}

func cmdUnwatch(_ *Server, c *client, _ [][]byte) {
	c.watched = nil
	c.ok()
}

func snapshotKey(ks *crdt.Keyspace, key string) watchedKey {
	w := watchedKey{key: key, val: ks.Get(key)}
	w.expire, _ = ks.ExpireTime(key)
	return w
}

func (w *watchedKey) unchanged(ks *crdt.Keyspace) bool {
	now := snapshotKey(ks, w.key)
	return now.expire == w.expire && reflect.DeepEqual(now.val, w.val)
}
