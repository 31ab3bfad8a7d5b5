package resp

import (
	"context"
	"errors"
	"net"
	"testing"
	"time"

	"github.com/geocache/terraform-provider-geocache/internal/sim/crdt"
	"github.com/redis/go-redis/v9"
)

const (
	testPrimary   = "primary-key-0123456789"
	testSecondary = "secondary-key-9876543210"
)

// startServer runs a server on a loopback port and stops it when the test
// ends, checking that Serve returned cleanly.
func startServer(t testing.TB) (*Server, string) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	s := New(Config{Name: "cache-test", Passwords: []string{testPrimary, testSecondary}, MaxMemoryBytes: 1 << 30})
	done := make(chan error, 1)
	go func() { done <- s.Serve(ln) }()
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Serve returned %v after Close", err)
			}
		case <-time.After(5 * time.Second):
			t.Error("Serve did not return after Close")
		}
	})
	return s, ln.Addr().String()
}

// newClient returns a go-redis client with one connection, so per-
// connection state (AUTH, CLIENT SETNAME) is predictable.
func newClient(t testing.TB, addr, password string) *redis.Client {
	t.Helper()
	c := redis.NewClient(&redis.Options{
		Addr:         addr,
		Password:     password,
		PoolSize:     1,
		MaxRetries:   -1,
		DialTimeout:  2 * time.Second,
		ReadTimeout:  2 * time.Second,
		WriteTimeout: 2 * time.Second,
	})
	t.Cleanup(func() { _ = c.Close() })
	return c
}

func ctxT(t testing.TB) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// wantErr checks a command failed with exactly msg.
func wantErr(t testing.TB, err error, msg string) {
	t.Helper()
	if err == nil {
		t.Fatalf("want error %q, got success", msg)
	}
	var re redis.Error
	if !errors.As(err, &re) {
		t.Fatalf("want server error %q, got %v", msg, err)
	}
	if err.Error() != msg {
		t.Fatalf("error = %q, want %q", err.Error(), msg)
	}
}

// do runs a raw command and fails the test on error.
func do(t testing.TB, c *redis.Client, args ...any) any {
	t.Helper()
	v, err := c.Do(ctxT(t), args...).Result()
	if err != nil && !errors.Is(err, redis.Nil) {
		t.Fatalf("%v: %v", args, err)
	}
	return v
}

// dbSize counts the keys without going through a connection.
func dbSize(s *Server) int {
	var n int
	s.ds.Read(func(ks *crdt.Keyspace) { n = ks.Len() })
	return n
}
