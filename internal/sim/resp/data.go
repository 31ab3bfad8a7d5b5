package resp

import (
	"unsafe"

	"github.com/geocache/terraform-provider-geocache/internal/sim/crdt"
)

// read runs fn with shared access to the keyspace, or with the access EXEC
// already holds. Replies may be written inside fn: it only appends to the
// connection's buffer.
func (s *Server) read(c *client, fn func(ks *crdt.Keyspace)) {
	if c.tx != nil {
		fn(c.tx.ks)
		return
	}
	s.ds.Read(fn)
}

// write runs fn exclusively; ops passed to emit are logged for replication
// before the reply leaves (the buffer is flushed after the command).
func (s *Server) write(c *client, fn func(ks *crdt.Keyspace, emit func(crdt.Op))) {
	if c.tx != nil {
		fn(c.tx.ks, c.tx.emit)
		return
	}
	s.ds.Write(fn)
}

// view is a string sharing b's bytes, for lookups that do not keep the key
// (reads): it spares the copy a conversion makes. Never pass it to a write,
// which stores the key.
func view(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

// strs copies arguments into strings the keyspace may keep.
func strs(args [][]byte) []string {
	out := make([]string, len(args))
	for i, a := range args {
		out[i] = string(a)
	}
	return out
}

var (
	errNotInteger = crdt.ErrNotInteger
	errNotFloat   = crdt.ErrNotFloat.Error()
)
