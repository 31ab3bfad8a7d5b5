package resp

import (
	"bufio"
	"io"
	"net"
	"runtime"
	"strings"
	"testing"
	"time"
)

// rawConn dials the server without a client library.
func rawConn(t *testing.T, addr string) (net.Conn, *bufio.Reader) {
	t.Helper()
	conn, err := net.DialTimeout("tcp", addr, 2*time.Second)
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	t.Cleanup(func() { _ = conn.Close() })
	_ = conn.SetDeadline(time.Now().Add(5 * time.Second))
	return conn, bufio.NewReader(conn)
}

func readLine(t *testing.T, r *bufio.Reader) string {
	t.Helper()
	line, err := r.ReadString('\n')
	if err != nil {
		t.Fatalf("read reply: %v (got %q)", err, line)
	}
	return line
}

// wantClosed checks the server hung up.
func wantClosed(t *testing.T, r *bufio.Reader) {
	t.Helper()
	if b, err := r.ReadByte(); err != io.EOF {
		t.Fatalf("connection still open: read %q, %v", b, err)
	}
}

func TestMalformedRequests(t *testing.T) {
	_, addr := startServer(t)
	auth := "*2\r\n$4\r\nAUTH\r\n$" + itoa(int64(len(testPrimary))) + "\r\n" + testPrimary + "\r\n"
	for _, tc := range []struct {
		name, send, reply string
	}{
		{"bulk length not a number", "*1\r\n$x\r\n", "-ERR Protocol error: invalid bulk length\r\n"},
		{"negative bulk length", "*1\r\n$-3\r\n", "-ERR Protocol error: invalid bulk length\r\n"},
		{"bulk length overflowing int", "*1\r\n$9223372036854775807\r\n", "-ERR Protocol error: invalid bulk length\r\n"},
		{"bulk length above 512MB", "*1\r\n$536870913\r\n", "-ERR Protocol error: invalid bulk length\r\n"},
		{"bulk length line too long", "*1\r\n$" + strings.Repeat("1", 100), "-ERR Protocol error: invalid bulk length\r\n"},
		{"huge argument count", "*9223372036854775807\r\n", "-ERR Protocol error: invalid multibulk length\r\n"},
		{"argument count above limit", "*1048577\r\n", "-ERR Protocol error: invalid multibulk length\r\n"},
		{"zero argument count", "*0\r\n", "-ERR Protocol error: invalid multibulk length\r\n"},
		{"count without CR", "*1\n", "-ERR Protocol error: invalid multibulk length\r\n"},
		{"not a bulk string", "*1\r\n:5\r\n", "-ERR Protocol error: expected '$', got ':'\r\n"},
		{"inline line too long", strings.Repeat("a", 70<<10), "-ERR Protocol error: too big inline request\r\n"},
		{"unbalanced quotes", "SET \"a b\r\n", "-ERR Protocol error: unbalanced quotes in request\r\n"},
		{"bad payload terminator", "*1\r\n$4\r\nPINGxx\r\n", "-ERR Protocol error: invalid bulk length\r\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			conn, r := rawConn(t, addr)
			if _, err := io.WriteString(conn, tc.send); err != nil {
				t.Fatalf("write: %v", err)
			}
			if got := readLine(t, r); got != tc.reply {
				t.Fatalf("reply = %q, want %q", got, tc.reply)
			}
			wantClosed(t, r)
		})
	}
	// Commands before the bad frame are answered, in order, first.
	t.Run("good prefix answered first", func(t *testing.T) {
		conn, r := rawConn(t, addr)
		io.WriteString(conn, auth+"*1\r\n$4\r\nPING\r\n*2\r\n$4\r\nECHO\r\n$99999999999999\r\n")
		for _, want := range []string{"+OK\r\n", "+PONG\r\n", "-ERR Protocol error: invalid bulk length\r\n"} {
			if got := readLine(t, r); got != want {
				t.Fatalf("reply = %q, want %q", got, want)
			}
		}
		wantClosed(t, r)
	})
	// The server is still healthy after all of the above.
	t.Run("server still serves", func(t *testing.T) {
		conn, r := rawConn(t, addr)
		io.WriteString(conn, auth+"PING\r\n")
		if got := readLine(t, r) + readLine(t, r); got != "+OK\r\n+PONG\r\n" {
			t.Fatalf("replies = %q", got)
		}
	})
}

func TestInlineAndSplitRequests(t *testing.T) {
	_, addr := startServer(t)
	conn, r := rawConn(t, addr)
	io.WriteString(conn, "PING\r\n")
	if got := readLine(t, r); got != "-NOAUTH Authentication required.\r\n" {
		t.Fatalf("PING before AUTH = %q", got)
	}
	io.WriteString(conn, "AUTH "+testSecondary+"\r\n")
	if got := readLine(t, r); got != "+OK\r\n" {
		t.Fatalf("inline AUTH = %q", got)
	}
	// A command split across writes, byte by byte through a bulk payload.
	msg := "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$10\r\n0123456789\r\n"
	for i := range len(msg) {
		if _, err := io.WriteString(conn, msg[i:i+1]); err != nil {
			t.Fatal(err)
		}
	}
	if got := readLine(t, r); got != "+OK\r\n" {
		t.Fatalf("split SET = %q", got)
	}
	io.WriteString(conn, "GET k\r\n")
	if got := readLine(t, r) + readLine(t, r); got != "$10\r\n0123456789\r\n" {
		t.Fatalf("GET = %q", got)
	}
	io.WriteString(conn, "QUIT\r\n")
	if got := readLine(t, r); got != "+OK\r\n" {
		t.Fatalf("QUIT = %q", got)
	}
	wantClosed(t, r)
}

func TestCloseEndsClients(t *testing.T) {
	before := runtime.NumGoroutine()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := New(Config{Name: "c", Passwords: []string{testPrimary}})
	done := make(chan error, 1)
	go func() { done <- s.Serve(ln) }()
	conn, r := rawConn(t, ln.Addr().String())
	io.WriteString(conn, "PING\r\n")
	readLine(t, r)
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	if err := <-done; err != nil {
		t.Fatalf("Serve = %v", err)
	}
	wantClosed(t, r)
	if _, err := net.DialTimeout("tcp", ln.Addr().String(), time.Second); err == nil {
		t.Fatal("listener still accepts after Close")
	}
	// Close waited for the accept loop, the handlers and the sweeper.
	if n := runtime.NumGoroutine(); n > before {
		t.Fatalf("%d goroutines after Close, %d before Serve", n, before)
	}
	// Serve after Close returns at once.
	ln2, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Serve(ln2); err != nil {
		t.Fatalf("Serve after Close = %v", err)
	}
	// Close before Serve needs no listener.
	if err := New(Config{Passwords: []string{"x"}}).Close(); err != nil {
		t.Fatalf("Close before Serve: %v", err)
	}
}

// A pipeline many read buffers long, with arguments larger than a buffer,
// written in one burst: every request is answered, in order, however the
// reads cut it.
func TestPipelineLongerThanTheReadBuffer(t *testing.T) {
	_, addr := startServer(t)
	conn, r := rawConn(t, addr)
	var req strings.Builder
	req.WriteString("AUTH " + testPrimary + "\r\n")
	const n = 12
	for i := range n {
		v := strings.Repeat(string(rune('a'+i)), readBufferSize+i*977)
		k := "k" + itoa(int64(i))
		req.WriteString("*3\r\n$3\r\nSET\r\n$" + itoa(int64(len(k))) + "\r\n" + k + "\r\n$" + itoa(int64(len(v))) + "\r\n" + v + "\r\n")
		req.WriteString("*2\r\n$3\r\nGET\r\n$" + itoa(int64(len(k))) + "\r\n" + k + "\r\n")
	}
	go func() { _, _ = io.WriteString(conn, req.String()) }()
	if got := readLine(t, r); got != "+OK\r\n" {
		t.Fatalf("AUTH = %q", got)
	}
	for i := range n {
		want := strings.Repeat(string(rune('a'+i)), readBufferSize+i*977)
		if got := readLine(t, r); got != "+OK\r\n" {
			t.Fatalf("SET %d = %q", i, got)
		}
		if got := readLine(t, r); got != "$"+itoa(int64(len(want)))+"\r\n" {
			t.Fatalf("GET %d header = %q", i, got)
		}
		if got := readLine(t, r); got != want+"\r\n" {
			t.Fatalf("GET %d = %d bytes, want %d", i, len(got), len(want)+2)
		}
	}
}

// Close ends a client that never stops sending, not only idle ones.
func TestCloseEndsAStreamingClient(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := New(Config{Name: "c", Passwords: []string{testPrimary}})
	go func() { _ = s.Serve(ln) }()
	conn, r := rawConn(t, ln.Addr().String())
	_ = conn.SetDeadline(time.Time{})
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		batch := strings.Repeat("PING\r\n", 64<<10)
		for {
			select {
			case <-stop:
				return
			default:
			}
			if _, err := io.WriteString(conn, batch); err != nil {
				return
			}
		}
	}()
	go func() { _, _ = io.Copy(io.Discard, r) }()
	time.Sleep(50 * time.Millisecond)
	closed := make(chan struct{})
	go func() { _ = s.Close(); close(closed) }()
	select {
	case <-closed:
	case <-time.After(5 * time.Second):
		t.Fatal("Close did not return while a client kept sending")
	}
}

// A client that hangs up right behind its last bytes is let go. The close
// arrives with the data and brings no readiness of its own: a server that
// waited for the poller after a short read, instead of reading until the
// socket says it is empty, would serve the connection until it shut down.
func TestHangUpRightBehindTheLastRequest(t *testing.T) {
	s, addr := startServer(t)
	gone := func(what string) {
		t.Helper()
		deadline := time.Now().Add(3 * time.Second)
		for s.clients.Load() != 0 {
			if time.Now().After(deadline) {
				t.Fatalf("%s: %d connections still served", what, s.clients.Load())
			}
			time.Sleep(5 * time.Millisecond)
		}
	}
	for i := range 10 {
		conn, _ := rawConn(t, addr)
		io.WriteString(conn, "*1\r\n$4\r\nPI")
		_ = conn.Close()
		gone("partial frame then close, try " + itoa(int64(i)))
	}
	for i := range 10 {
		conn, r := rawConn(t, addr)
		io.WriteString(conn, "PING\r\nPING\r\n")
		_ = conn.(*net.TCPConn).CloseWrite()
		for range 2 {
			if got := readLine(t, r); got != "-NOAUTH Authentication required.\r\n" {
				t.Fatalf("PING = %q", got)
			}
		}
		wantClosed(t, r)
		gone("requests then half-close, try " + itoa(int64(i)))
	}
}
