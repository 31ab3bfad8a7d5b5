package resp

func cmdHSet(s *Server, c *client, args [][]byte) {
	if len(args)%2 != 0 {
		c.w.WriteError(wrongArity("hset"))
		return
	}
	pairs := make([][]byte, len(args)-2)
	for i, a := range args[2:] {
		if i%2 == 1 {
			a = append([]byte(nil), a...) // values are kept; fields are copied into map keys
		}
		pairs[i] = a
	}
	n, err := s.ks.HSet(args[1], pairs)
	if err != nil {
		c.err(err)
		return
	}
	c.w.WriteInt(n)
}

func cmdHGet(s *Server, c *client, args [][]byte) {
	v, ok, err := s.ks.HGet(args[1], args[2])
	if err != nil {
		c.err(err)
		return
	}
	c.bulkOrNil(v, ok)
}

func cmdHDel(s *Server, c *client, args [][]byte) {
	n, err := s.ks.HDel(args[1], args[2:])
	if err != nil {
		c.err(err)
		return
	}
	c.w.WriteInt(n)
}

func cmdHGetAll(s *Server, c *client, args [][]byte) {
	kv, err := s.ks.HGetAll(args[1])
	if err != nil {
		c.err(err)
		return
	}
	c.w.WriteArray(len(kv))
	for _, b := range kv {
		c.w.WriteBulk(b)
	}
}

func cmdHLen(s *Server, c *client, args [][]byte) {
	n, err := s.ks.HLen(args[1])
	if err != nil {
		c.err(err)
		return
	}
	c.w.WriteInt(n)
}
