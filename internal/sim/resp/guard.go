package resp

import (
	"errors"
	"net"
	"strconv"
	"time"
)

// Limits of the request framing, as in Redis.
const (
	maxMultibulkLen = 1024 * 1024 // arguments per command
	maxBulkLen      = 512 << 20   // proto-max-bulk-len
	maxInlineLen    = 64 << 10    // inline (telnet-style) request line
	maxHeaderLen    = 24          // "*" or "$", 20 digits and CRLF, with slack
)

// protocolError is a framing error; its text is the reply sent before the
// connection is closed.
type protocolError struct{ msg string }

func (e *protocolError) Error() string { return "Protocol error: " + e.msg }

var (
	errBadMultibulk = &protocolError{"invalid multibulk length"}
	errBadBulk      = &protocolError{"invalid bulk length"}
	errBigInline    = &protocolError{"too big inline request"}
)

type frameState uint8

const (
	frameStart      frameState = iota // first byte of a request
	frameInline                       // inside an inline request line
	frameMultiCount                   // inside "*N\r\n"
	frameBulkFirst                    // expecting '$'
	frameBulkLen                      // inside "$N\r\n" after the '$'
	frameBulkBody                     // inside a bulk payload and its CRLF
)

// framer follows the request stream a step ahead of redcon and rejects
// headers that redcon's reader mishandles: lengths near MaxInt overflow
// its index arithmetic (a panic) and huge argument counts make it spin.
// It keeps only a few counters, so a bulk payload costs O(1) per read.
type framer struct {
	state frameState
	args  int64 // bulk arguments still expected in the current command
	left  int64 // bytes left in the current bulk payload, CRLF included
	n     int   // bytes of the current header or inline line
	hdr   [maxHeaderLen]byte
}

// scan consumes p and returns how many leading bytes are well framed;
// after a framing error the rest must not be handed on.
func (f *framer) scan(p []byte) (int, error) {
	for i := 0; i < len(p); i++ {
		switch f.state {
		case frameBulkBody:
			// Skip the payload in one step rather than byte by byte.
			step := int64(len(p) - i)
			if step > f.left {
				step = f.left
			}
			f.left -= step
			i += int(step) - 1
			if f.left == 0 {
				f.args--
				f.state = frameBulkFirst
				if f.args == 0 {
					f.state = frameStart
				}
			}
		case frameStart:
			f.n = 0
			if p[i] == '*' {
				f.state = frameMultiCount
			} else {
				f.state = frameInline
				i-- // the byte belongs to the line
			}
		case frameInline:
			if p[i] == '\n' {
				f.state = frameStart
				continue
			}
			f.n++
			if f.n > maxInlineLen {
				return i, errBigInline
			}
		case frameMultiCount:
			v, done, err := f.header(p[i], errBadMultibulk)
			if err != nil {
				return i, err
			}
			if done {
				if v <= 0 || v > maxMultibulkLen {
					return i, errBadMultibulk
				}
				f.args = v
				f.state = frameBulkFirst
			}
		case frameBulkFirst:
			if p[i] != '$' {
				return i, &protocolError{"expected '$', got '" + string(p[i]) + "'"}
			}
			f.n = 0
			f.state = frameBulkLen
		case frameBulkLen:
			v, done, err := f.header(p[i], errBadBulk)
			if err != nil {
				return i, err
			}
			if done {
				if v < 0 || v > maxBulkLen {
					return i, errBadBulk
				}
				f.left = v + 2
				f.state = frameBulkBody
			}
		}
	}
	return len(p), nil
}

// header collects one byte of a length line and, at its end, parses it.
func (f *framer) header(c byte, bad error) (int64, bool, error) {
	if c != '\n' {
		if f.n == len(f.hdr) {
			return 0, false, bad
		}
		f.hdr[f.n] = c
		f.n++
		return 0, false, nil
	}
	if f.n == 0 || f.hdr[f.n-1] != '\r' {
		return 0, false, bad
	}
	v, err := strconv.ParseInt(string(f.hdr[:f.n-1]), 10, 64)
	if err != nil {
		return 0, false, bad
	}
	return v, true, nil
}

// guardListener wraps every accepted connection in a guardConn.
type guardListener struct{ net.Listener }

func (l guardListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &guardConn{Conn: c}, nil
}

// errRejected ends a connection whose framing was refused; the reply has
// already been written.
var errRejected = errors.New("request rejected for bad framing")

// guardConn hands redcon only well-framed bytes. On a framing error it
// first passes on the good prefix, so earlier commands are answered in
// order, then writes the error reply itself and fails the read.
type guardConn struct {
	net.Conn
	f        framer
	pending  error
	rejected bool
}

func (c *guardConn) Read(p []byte) (int, error) {
	if c.pending != nil {
		return 0, c.reject()
	}
	n, err := c.Conn.Read(p)
	good, ferr := c.f.scan(p[:n])
	if ferr != nil {
		c.pending = ferr
		if good > 0 {
			return good, nil
		}
		return 0, c.reject()
	}
	return n, err
}

// rejectWriteTimeout keeps a client that never reads from holding the
// handler goroutine.
const rejectWriteTimeout = time.Second

func (c *guardConn) reject() error {
	if c.rejected {
		return errRejected
	}
	c.rejected = true
	msg := "-ERR " + c.pending.Error() + "\r\n"
	_ = c.Conn.SetWriteDeadline(time.Now().Add(rejectWriteTimeout))
	_, _ = c.Conn.Write([]byte(msg))
	return errRejected
}
