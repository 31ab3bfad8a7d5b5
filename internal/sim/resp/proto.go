package resp

import (
	"bytes"
	"io"
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
	errBadMultibulk      = &protocolError{"invalid multibulk length"}
	errBadBulk           = &protocolError{"invalid bulk length"}
	errBigInline         = &protocolError{"too big inline request"}
	errUnbalancedQuotes  = &protocolError{"unbalanced quotes in request"}
	errExpectedBulkFirst = func(c byte) error { return &protocolError{"expected '$', got '" + string(rune(c)) + "'"} }
)

type parseState uint8

const (
	stStart    parseState = iota // first byte of a request
	stInline                     // inside an inline request line
	stCount                      // inside "*N\r\n" after the '*'
	stBulkHead                   // expecting '$'
	stBulkLen                    // inside "$N\r\n" after the '$'
	stBulkBody                   // inside a bulk payload
	stBulkCR                     // expecting the payload's '\r'
	stBulkLF                     // expecting the payload's '\n'
)

// Buffers above these sizes are dropped after the command that grew them,
// so one big request does not pin its memory for the connection's life.
const (
	keepArgBytes = 1 << 20
	keepArgs     = 1024
)

// parser reads RESP2 requests (multibulk and inline) incrementally from
// whatever bytes have arrived. Arguments are copied into one reused buffer
// and handed out as slices of it, valid until the next call to feed, so a
// steady stream of commands allocates nothing.
type parser struct {
	state parseState
	want  int    // bulk arguments still expected in the current command
	left  int    // payload bytes still expected in the current bulk argument
	hdr   int    // header bytes (CR included) or inline line bytes seen so far
	buf   []byte // argument bytes (or the inline line) of the current command
	offs  []int  // start of each argument in buf; the next one's start ends it
	args  [][]byte
	hbuf  [maxHeaderLen]byte
}

// feed consumes p until a command is complete (done), a framing error is
// found, or p runs out. n is how many leading bytes of p it consumed; after
// done the command is in args until the next feed.
func (pr *parser) feed(p []byte) (n int, done bool, err error) {
	i := 0
	for i < len(p) {
		switch pr.state {
		case stStart:
			pr.reset()
			if p[i] == '*' {
				if n := pr.fastCommand(p[i:]); n > 0 {
					pr.finish()
					return i + n, true, nil
				}
				pr.state = stCount
				i++
			} else {
				pr.state = stInline
			}
		case stInline:
			room := maxInlineLen - pr.hdr
			q := p[i:]
			lim := min(len(q), room+1)
			if j := bytes.IndexByte(q[:lim], '\n'); j >= 0 {
				pr.buf = append(pr.buf, q[:j]...)
				i += j + 1
				pr.state = stStart
				if err := pr.splitInline(); err != nil {
					return i, false, err
				}
				return i, true, nil
			}
			if len(q) > room {
				return i + room, false, errBigInline
			}
			pr.buf = append(pr.buf, q...)
			pr.hdr += len(q)
			i = len(p)
		case stCount, stBulkLen:
			bad := error(errBadBulk)
			if pr.state == stCount {
				bad = errBadMultibulk
			}
			v, used, ok, herr := pr.header(p[i:], bad)
			i += used
			if herr != nil {
				return i, false, herr
			}
			if !ok {
				continue
			}
			if pr.state == stCount {
				if v <= 0 || v > maxMultibulkLen {
					return i, false, errBadMultibulk
				}
				pr.want = int(v)
				pr.state = stBulkHead
				continue
			}
			if v < 0 || v > maxBulkLen {
				return i, false, errBadBulk
			}
			pr.offs = append(pr.offs, len(pr.buf))
			pr.left = int(v)
			pr.state = stBulkBody
			if pr.left == 0 {
				pr.state = stBulkCR
			}
		case stBulkHead:
			if p[i] != '$' {
				return i, false, errExpectedBulkFirst(p[i])
			}
			i++
			pr.state = stBulkLen
		case stBulkBody:
			step := min(len(p)-i, pr.left)
			pr.buf = append(pr.buf, p[i:i+step]...)
			i += step
			pr.left -= step
			if pr.left == 0 {
				pr.state = stBulkCR
			}
		case stBulkCR:
			if p[i] != '\r' {
				return i, false, errBadBulk
			}
			i++
			pr.state = stBulkLF
		case stBulkLF:
			if p[i] != '\n' {
				return i, false, errBadBulk
			}
			i++
			pr.want--
			pr.state = stBulkHead
			if pr.want == 0 {
				pr.state = stStart
				pr.finish()
				return i, true, nil
			}
		}
	}
	return i, false, nil
}

// fastCommand parses a whole multibulk command at the start of p (p[0] is
// '*') in one go when p holds all of it and it is plainly well formed,
// returning the bytes used; otherwise it returns 0 and leaves p, and any
// error in it, to the byte-by-byte states.
func (pr *parser) fastCommand(p []byte) int {
	n, i := fastLen(p, 1)
	if n <= 0 || n > maxMultibulkLen {
		return 0
	}
	for range n {
		if i >= len(p) || p[i] != '$' {
			return pr.undoFast()
		}
		l, j := fastLen(p, i+1)
		if l < 0 || l > maxBulkLen || j+l+2 > len(p) || p[j+l] != '\r' || p[j+l+1] != '\n' {
			return pr.undoFast()
		}
		pr.offs = append(pr.offs, len(pr.buf))
		pr.buf = append(pr.buf, p[j:j+l]...)
		i = j + l + 2
	}
	return i
}

func (pr *parser) undoFast() int {
	pr.buf, pr.offs = pr.buf[:0], pr.offs[:0]
	return 0
}

// fastLen parses the plain decimal length (1 to 9 digits, no sign) that
// starts at p[i] and ends with CRLF, returning it and the index after the
// CRLF, or -1 for anything else.
func fastLen(p []byte, i int) (int, int) {
	v, j := 0, i
	for j < len(p) && j-i < 10 && p[j] >= '0' && p[j] <= '9' {
		v = v*10 + int(p[j]-'0')
		j++
	}
	if j == i || j-i > 9 || j+1 >= len(p) || p[j] != '\r' || p[j+1] != '\n' {
		return -1, 0
	}
	return v, j + 2
}

// header collects a length line ("N\r\n" after '*' or '$') from p. It
// returns the bytes used and, once the line is complete, its value.
// As in Redis, a line longer than maxHeaderLen is refused as soon as it
// is seen, without waiting for its end.
func (pr *parser) header(p []byte, bad error) (v int64, used int, ok bool, err error) {
	room := maxHeaderLen - pr.hdr
	lim := min(len(p), room+1)
	j := 0
	for j < lim && p[j] != '\n' { // a few bytes: cheaper than IndexByte
		j++
	}
	if j == lim {
		if len(p) > room {
			return 0, room, false, bad
		}
		pr.hdr += copy(pr.hbuf[pr.hdr:], p)
		return 0, len(p), false, nil
	}
	line := p[:j] // the usual case: the whole line is in p
	if pr.hdr > 0 {
		pr.hdr += copy(pr.hbuf[pr.hdr:], p[:j])
		line = pr.hbuf[:pr.hdr]
		pr.hdr = 0
	}
	if len(line) == 0 || line[len(line)-1] != '\r' {
		return 0, j + 1, false, bad
	}
	v, okv := parseLen(line[:len(line)-1])
	if !okv {
		return 0, j + 1, false, bad
	}
	return v, j + 1, true, nil
}

// parseLen parses a length as strconv.ParseInt(s, 10, 64) does: an
// optional sign and decimal digits, refusing overflow.
func parseLen(b []byte) (int64, bool) {
	neg := false
	if len(b) > 0 && (b[0] == '+' || b[0] == '-') {
		neg = b[0] == '-'
		b = b[1:]
	}
	if len(b) == 0 {
		return 0, false
	}
	var v uint64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		if v > (1<<63)/10 {
			return 0, false
		}
		v = v*10 + uint64(c-'0')
		if v > 1<<63 {
			return 0, false
		}
	}
	if neg {
		return -int64(v), true // -(1<<63) wraps to itself: MinInt64
	}
	if v > 1<<63-1 {
		return 0, false
	}
	return int64(v), true
}

func (pr *parser) reset() {
	if cap(pr.buf) > keepArgBytes {
		pr.buf = nil
	}
	if cap(pr.args) > keepArgs {
		pr.args, pr.offs = nil, nil
	}
	pr.buf = pr.buf[:0]
	pr.offs = pr.offs[:0]
	pr.args = pr.args[:0]
	pr.hdr = 0
}

// finish slices buf into args; buf may have moved while it grew.
func (pr *parser) finish() {
	pr.args = pr.args[:0]
	for k, start := range pr.offs {
		end := len(pr.buf)
		if k+1 < len(pr.offs) {
			end = pr.offs[k+1]
		}
		pr.args = append(pr.args, pr.buf[start:end:end])
	}
}

// splitInline splits the inline line in buf into arguments in place, the
// way redcon (and so this server) always has: arguments are separated by
// spaces; one may be quoted with " or ', with \n, \r, \t and \<any> escapes
// inside the quotes; a quote inside an unquoted argument or text right
// after a closing quote is an error.
func (pr *parser) splitInline() error {
	line := pr.buf
	if n := len(line); n > 0 && line[n-1] == '\r' {
		line = line[:n-1]
	}
	w, i := 0, 0
	var ends []int // reuses offs: pairs of start, end
	ends = pr.offs[:0]
	for i < len(line) {
		c := line[i]
		if c == ' ' {
			i++
			continue
		}
		start := w
		if c == '"' || c == '\'' {
			quote := c
			i++
			closed, esc := false, false
			for i < len(line) {
				c = line[i]
				i++
				if esc {
					esc = false
					switch c {
					case 'n':
						c = '\n'
					case 'r':
						c = '\r'
					case 't':
						c = '\t'
					}
				} else if c == quote {
					closed = true
					break
				} else if c == '\\' {
					esc = true
					continue
				}
				line[w] = c
				w++
			}
			if !closed || (i < len(line) && line[i] != ' ') {
				return errUnbalancedQuotes
			}
		} else {
			for i < len(line) && line[i] != ' ' {
				if line[i] == '"' || line[i] == '\'' {
					return errUnbalancedQuotes
				}
				line[w] = line[i]
				w++
				i++
			}
		}
		ends = append(ends, start, w)
	}
	pr.offs = ends
	pr.args = pr.args[:0]
	for k := 0; k < len(ends); k += 2 {
		pr.args = append(pr.args, line[ends[k]:ends[k+1]:ends[k+1]])
	}
	return nil
}

// respWriter buffers replies; the connection flushes it once per batch of
// pipelined commands.
type respWriter struct {
	b   []byte
	out io.Writer
}

func newRespWriter(out io.Writer) *respWriter { return &respWriter{out: out} }

// keepReplyBytes bounds the buffer kept between batches.
const keepReplyBytes = 1 << 20

// Flush writes the buffered replies.
func (w *respWriter) Flush() error {
	if len(w.b) == 0 {
		return nil
	}
	_, err := w.out.Write(w.b)
	if cap(w.b) > keepReplyBytes {
		w.b = nil
	} else {
		w.b = w.b[:0]
	}
	return err
}

// Buffered is how many reply bytes wait for Flush.
func (w *respWriter) Buffered() int { return len(w.b) }

func (w *respWriter) prefix(c byte, n int64) {
	if n >= 0 && n <= 9 {
		w.b = append(w.b, c, byte('0'+n), '\r', '\n')
		return
	}
	w.b = append(w.b, c)
	w.b = appendInt(w.b, n)
	w.b = append(w.b, '\r', '\n')
}

// line writes a status or error line, newlines turned into spaces.
func (w *respWriter) line(c byte, s string) {
	w.b = append(w.b, c)
	start := len(w.b)
	w.b = append(w.b, s...)
	for i := start; i < len(w.b); i++ {
		if w.b[i] == '\r' || w.b[i] == '\n' {
			w.b[i] = ' '
		}
	}
	w.b = append(w.b, '\r', '\n')
}

func (w *respWriter) WriteString(s string)  { w.line('+', s) }
func (w *respWriter) WriteError(msg string) { w.line('-', msg) }
func (w *respWriter) WriteBulk(b []byte) {
	w.prefix('$', int64(len(b)))
	w.b = append(w.b, b...)
	w.b = append(w.b, '\r', '\n')
}
func (w *respWriter) WriteBulkString(s string) {
	w.prefix('$', int64(len(s)))
	w.b = append(w.b, s...)
	w.b = append(w.b, '\r', '\n')
}
func (w *respWriter) WriteInt(n int)       { w.prefix(':', int64(n)) }
func (w *respWriter) WriteInt64(n int64)   { w.prefix(':', n) }
func (w *respWriter) WriteArray(n int)     { w.prefix('*', int64(n)) }
func (w *respWriter) WriteNull()           { w.b = append(w.b, "$-1\r\n"...) }
func (w *respWriter) WriteRaw(data []byte) { w.b = append(w.b, data...) }
