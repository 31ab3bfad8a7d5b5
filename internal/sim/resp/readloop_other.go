//go:build !unix

package resp

import "net"

func (s *Server) readLoop(c *client, nc net.Conn, in *inbuf, pr *parser) error {
	return s.netReadLoop(c, nc, in, pr)
}
