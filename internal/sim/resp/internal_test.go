package resp

import (
	"bytes"
	"io"
	"log/slog"
	"net"
	"strings"
	"sync"
	"testing"
)

func TestParseInt(t *testing.T) {
	for in, want := range map[string]int64{
		"0": 0, "7": 7, "-7": -7, "9223372036854775807": maxInt64, "-9223372036854775808": minInt64,
	} {
		if got, ok := parseInt([]byte(in)); !ok || got != want {
			t.Errorf("parseInt(%q) = %d, %v", in, got, ok)
		}
	}
	for _, in := range []string{"", "-", "-0", "00", "01", "+1", " 1", "1 ", "1e3", "9223372036854775808", "-9223372036854775809", "123456789012345678901"} {
		if got, ok := parseInt([]byte(in)); ok {
			t.Errorf("parseInt(%q) accepted as %d", in, got)
		}
	}
}

func TestCommandNamesFitLookup(t *testing.T) {
	for name := range commands {
		if len(name) > maxCommandName || strings.ToLower(name) != name {
			t.Errorf("command %q cannot be looked up", name)
		}
	}
}

// lockedBuffer collects log output written from handler goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestHandlerPanicIsContained registers a command that panics and checks
// the client gets an error, the panic is logged without the arguments,
// and the server keeps serving.
func TestHandlerPanicIsContained(t *testing.T) {
	commands["panicnow"] = &command{name: "panicnow", arity: -1, noAuth: true,
		run: func(*Server, *client, [][]byte) { panic("boom") }}
	defer delete(commands, "panicnow")

	var logs lockedBuffer
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := New(Config{Passwords: []string{testPrimary}, Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	done := make(chan error, 1)
	go func() { done <- s.Serve(ln) }()
	defer func() {
		s.Close()
		<-done
	}()

	conn, r := rawConn(t, ln.Addr().String())
	io.WriteString(conn, "PANICNOW secret-argument\r\n")
	if got := readLine(t, r); got != "-ERR internal error\r\n" {
		t.Fatalf("reply = %q", got)
	}
	wantClosed(t, r)
	out := logs.String()
	if !strings.Contains(out, "panicked") || !strings.Contains(out, "boom") {
		t.Fatalf("panic not logged: %s", out)
	}
	if strings.Contains(out, "secret-argument") {
		t.Fatalf("log holds command arguments: %s", out)
	}
	conn2, r2 := rawConn(t, ln.Addr().String())
	io.WriteString(conn2, "PING\r\n")
	if got := readLine(t, r2); got != "-NOAUTH Authentication required.\r\n" {
		t.Fatalf("after panic: %q", got)
	}
}
