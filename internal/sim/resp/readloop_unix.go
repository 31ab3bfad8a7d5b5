//go:build unix

package resp

import (
	"errors"
	"io"
	"net"
	"os"
	"syscall"
)

// readLoop serves the connection from inside one RawConn.Read call, so it
// can wait for input without first reading to an EAGAIN: the runtime
// forgets readiness at the start of every Read, so net.Conn.Read must try
// the socket before it waits, which costs one system call per request on
// a client that sends one command at a time. Inside a single RawConn.Read
// the readiness the poller saw since it began is kept, so after a read
// that drained the socket (a short read) waiting first is safe: data that
// arrived since then has marked the descriptor ready.
//
// A connection in subscriber mode continues on netReadLoop, whose reads
// release the descriptor between requests: its pusher goroutine may close
// the connection, and a close waits for a RawConn.Read in progress.
func (s *Server) readLoop(c *client, nc net.Conn, in *inbuf, pr *parser) error {
	sc, ok := nc.(syscall.Conn)
	if !ok {
		return s.netReadLoop(c, nc, in, pr)
	}
	rc, err := sc.SyscallConn()
	if err != nil {
		return s.netReadLoop(c, nc, in, pr)
	}
	var loopErr error
	mustRead := true // no readiness carried into this call: read before waiting
	err = rc.Read(func(fd uintptr) bool {
		for {
			if loopErr = s.serveBuffered(c, in, pr); loopErr != nil {
				return true
			}
			if c.sub != nil {
				return true
			}
			if !mustRead {
				mustRead = true
				return false
			}
			if s.closing.Load() {
				loopErr = net.ErrClosed
				return true
			}
			n, err := syscall.Read(int(fd), in.space())
			switch {
			case errors.Is(err, syscall.EAGAIN):
				return false
			case errors.Is(err, syscall.EINTR):
				continue
			case err != nil:
				loopErr = os.NewSyscallError("read", err)
				return true
			case n == 0:
				loopErr = io.EOF
				return true
			}
			// A full buffer may have left data in the socket.
			mustRead = in.filled(n)
		}
	})
	if loopErr != nil {
		return loopErr
	}
	if err != nil {
		return err
	}
	return s.netReadLoop(c, nc, in, pr)
}
