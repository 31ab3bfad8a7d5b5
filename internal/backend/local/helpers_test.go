package local_test

import (
	"context"
	"net"
	"testing"
	"time"

	"github.com/geocache/terraform-provider-geocache/internal/backend"
	"github.com/geocache/terraform-provider-geocache/internal/backend/local"
	"github.com/geocache/terraform-provider-geocache/internal/sim"
)

// startSim runs a real simulator in-process on a loopback port.
func startSim(t *testing.T) (*sim.Server, string) {
	t.Helper()
	dir := t.TempDir()
	srv, err := sim.New(sim.Config{StateDir: dir, Latency: sim.LatencyOff})
	if err != nil {
		t.Fatalf("sim.New: %v", err)
	}
	if err := srv.Start("127.0.0.1:0"); err != nil {
		srv.Close()
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(func() {
		if err := srv.Close(); err != nil {
			t.Errorf("closing the simulator: %v", err)
		}
	})
	return srv, dir
}

// connect returns a client of srv configured explicitly, so no test depends
// on the environment it runs in.
func connect(t *testing.T, srv *sim.Server, dir string) *local.Client {
	t.Helper()
	c, err := local.Connect(testContext(t), local.Config{Endpoint: srv.Endpoint(), Token: srv.Token(), StateDir: dir})
	if err != nil {
		t.Fatalf("Connect: %v", err)
	}
	return c
}

func testContext(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// clearEnv keeps the developer's own simulator settings out of a test.
func clearEnv(t *testing.T) {
	t.Helper()
	for _, k := range []string{"GEOCACHE_ENDPOINT", "GEOCACHE_TOKEN", "GEOCACHE_STATE_DIR"} {
		t.Setenv(k, "")
	}
}

// freeAddr returns a loopback address nothing listens on.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// waitCache polls until done reports true for the cache, or fails the test.
func waitCache(t *testing.T, c *local.Client, id string, done func(*backend.Cache, error) bool) {
	t.Helper()
	ctx := testContext(t)
	for {
		got, err := c.GetCache(ctx, id)
		if done(got, err) {
			return
		}
		select {
		case <-ctx.Done():
			t.Fatalf("cache %s: gave up waiting (last: %+v, %v)", id, got, err)
		case <-time.After(20 * time.Millisecond):
		}
	}
}

func ready(c *backend.Cache, err error) bool { return err == nil && c.Ready() }

func gone(_ *backend.Cache, err error) bool { return backend.IsNotFound(err) }
