package resp

import (
	"strconv"

	"github.com/geocache/terraform-provider-geocache/internal/sim/crdt"
)

// fieldValues pairs HSET's arguments; the keyspace copies what it keeps.
func fieldValues(args [][]byte) []crdt.FieldValue {
	fv := make([]crdt.FieldValue, 0, len(args)/2)
	for i := 0; i+1 < len(args); i += 2 {
		fv = append(fv, crdt.FieldValue{Field: string(args[i]), Value: append([]byte(nil), args[i+1]...)})
	}
	return fv
}

func hset(s *Server, c *client, args [][]byte, name string, reply func(n int)) {
	if len(args)%2 != 0 {
		c.w.WriteError(wrongArity(name))
		return
	}
	fv := fieldValues(args[2:])
	s.write(c, func(ks *crdt.Keyspace, emit func(crdt.Op)) {
		n, op, err := ks.HSet(string(args[1]), fv)
		if err != nil {
			c.err(err)
			return
		}
		emit(op)
		reply(n)
	})
}

func cmdHSet(s *Server, c *client, args [][]byte) {
	hset(s, c, args, "hset", func(n int) { c.w.WriteInt(n) })
}

func cmdHMSet(s *Server, c *client, args [][]byte) {
	hset(s, c, args, "hmset", func(int) { c.ok() })
}

func cmdHSetNX(s *Server, c *client, args [][]byte) {
	s.write(c, func(ks *crdt.Keyspace, emit func(crdt.Op)) {
		_, had, err := ks.HGet(view(args[1]), view(args[2]))
		if err != nil {
			c.err(err)
			return
		}
		if had {
			c.w.WriteInt(0)
			return
		}
		_, op, err := ks.HSet(string(args[1]), fieldValues(args[2:]))
		if err != nil {
			c.err(err)
			return
		}
		emit(op)
		c.w.WriteInt(1)
	})
}

func cmdHGet(s *Server, c *client, args [][]byte) {
	s.read(c, func(ks *crdt.Keyspace) {
		v, ok, err := ks.HGet(view(args[1]), view(args[2]))
		if err != nil {
			c.err(err)
			return
		}
		c.bulkOrNil(v, ok)
	})
}

func cmdHMGet(s *Server, c *client, args [][]byte) {
	s.read(c, func(ks *crdt.Keyspace) {
		if _, err := ks.HLen(view(args[1])); err != nil {
			c.err(err)
			return
		}
		c.w.WriteArray(len(args) - 2)
		for _, f := range args[2:] {
			v, ok, _ := ks.HGet(view(args[1]), view(f))
			c.bulkOrNil(v, ok)
		}
	})
}

func cmdHExists(s *Server, c *client, args [][]byte) {
	s.read(c, func(ks *crdt.Keyspace) {
		_, ok, err := ks.HGet(view(args[1]), view(args[2]))
		if err != nil {
			c.err(err)
			return
		}
		c.w.WriteInt(b2i(ok))
	})
}

func cmdHDel(s *Server, c *client, args [][]byte) {
	s.write(c, func(ks *crdt.Keyspace, emit func(crdt.Op)) {
		n, op, err := ks.HDel(string(args[1]), strs(args[2:])...)
		if err != nil {
			c.err(err)
			return
		}
		emit(op)
		c.w.WriteInt(n)
	})
}

// hashParts selects what HGETALL, HKEYS and HVALS write of each field.
const (
	hashKeys = 1 << iota
	hashVals
)

func hashRead(s *Server, c *client, key []byte, parts int) {
	s.read(c, func(ks *crdt.Keyspace) {
		fields, err := ks.HGetAll(view(key))
		if err != nil {
			c.err(err)
			return
		}
		per := 0
		if parts&hashKeys != 0 {
			per++
		}
		if parts&hashVals != 0 {
			per++
		}
		c.w.WriteArray(len(fields) * per)
		for _, f := range fields {
			if parts&hashKeys != 0 {
				c.w.WriteBulkString(f.Name)
			}
			if parts&hashVals != 0 {
				c.w.WriteBulk(f.Value)
			}
		}
	})
}

func cmdHGetAll(s *Server, c *client, args [][]byte) { hashRead(s, c, args[1], hashKeys|hashVals) }
func cmdHKeys(s *Server, c *client, args [][]byte)   { hashRead(s, c, args[1], hashKeys) }
func cmdHVals(s *Server, c *client, args [][]byte)   { hashRead(s, c, args[1], hashVals) }

func cmdHLen(s *Server, c *client, args [][]byte) {
	s.read(c, func(ks *crdt.Keyspace) {
		n, err := ks.HLen(view(args[1]))
		if err != nil {
			c.err(err)
			return
		}
		c.w.WriteInt(n)
	})
}

func cmdHIncrBy(s *Server, c *client, args [][]byte) {
	d, ok := parseInt(args[3])
	if !ok {
		c.err(errNotInteger)
		return
	}
	s.write(c, func(ks *crdt.Keyspace, emit func(crdt.Op)) {
		v, op, err := ks.HIncrBy(string(args[1]), string(args[2]), d)
		if err != nil {
			c.err(err)
			return
		}
		emit(op)
		c.w.WriteInt64(v)
	})
}

func cmdHIncrByFloat(s *Server, c *client, args [][]byte) {
	d, ok := parseFiniteFloat(args[3])
	if !ok {
		c.err(crdt.ErrNotFloat)
		return
	}
	s.write(c, func(ks *crdt.Keyspace, emit func(crdt.Op)) {
		v, op, err := ks.HIncrByFloat(string(args[1]), string(args[2]), d)
		if err != nil {
			c.err(err)
			return
		}
		emit(op)
		c.w.WriteBulk(strconv.AppendFloat(c.scratch[:0], v, 'f', -1, 64))
	})
}
