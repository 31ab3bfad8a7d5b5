package resp

import "github.com/geocache/terraform-provider-geocache/internal/sim/crdt"

func cmdSAdd(s *Server, c *client, args [][]byte) {
	s.write(c, func(ks *crdt.Keyspace, emit func(crdt.Op)) {
		n, op, err := ks.SAdd(string(args[1]), strs(args[2:])...)
		if err != nil {
			c.err(err)
			return
		}
		emit(op)
		c.w.WriteInt(n)
	})
}

func cmdSRem(s *Server, c *client, args [][]byte) {
	s.write(c, func(ks *crdt.Keyspace, emit func(crdt.Op)) {
		n, op, err := ks.SRem(string(args[1]), strs(args[2:])...)
		if err != nil {
			c.err(err)
			return
		}
		emit(op)
		c.w.WriteInt(n)
	})
}

func cmdSMembers(s *Server, c *client, args [][]byte) {
	s.read(c, func(ks *crdt.Keyspace) {
		m, err := ks.SMembers(view(args[1]))
		if err != nil {
			c.err(err)
			return
		}
		writeStrings(c, m)
	})
}

func cmdSIsMember(s *Server, c *client, args [][]byte) {
	s.read(c, func(ks *crdt.Keyspace) {
		ok, err := ks.SIsMember(view(args[1]), view(args[2]))
		if err != nil {
			c.err(err)
			return
		}
		c.w.WriteInt(b2i(ok))
	})
}

func cmdSCard(s *Server, c *client, args [][]byte) {
	s.read(c, func(ks *crdt.Keyspace) {
		n, err := ks.SCard(view(args[1]))
		if err != nil {
			c.err(err)
			return
		}
		c.w.WriteInt(n)
	})
}
