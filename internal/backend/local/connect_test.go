package local_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/geocache/terraform-provider-geocache/internal/backend/local"
)

func TestResolveDefaults(t *testing.T) {
	clearEnv(t)
	home := t.TempDir()
	t.Setenv("HOME", home)
	cfg, err := local.Resolve(local.Config{})
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Endpoint != "http://127.0.0.1:7450" || cfg.StateDir != filepath.Join(home, ".geocache") || cfg.Token != "" || cfg.HTTPClient == nil {
		t.Fatalf("defaults = %+v", cfg)
	}

	t.Setenv("GEOCACHE_ENDPOINT", "localhost:9999")
	t.Setenv("GEOCACHE_TOKEN", "env-token")
	t.Setenv("GEOCACHE_STATE_DIR", "~/sims/a")
	cfg, err = local.Resolve(local.Config{})
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Endpoint != "http://localhost:9999" || cfg.Token != "env-token" || cfg.StateDir != filepath.Join(home, "sims/a") {
		t.Fatalf("from the environment = %+v", cfg)
	}

	// What the configuration says beats the environment.
	cfg, err = local.Resolve(local.Config{Endpoint: "https://sim.example:8443/", Token: "cfg", StateDir: "rel"})
	if err != nil {
		t.Fatal(err)
	}
	wd, _ := os.Getwd()
	if cfg.Endpoint != "https://sim.example:8443" || cfg.Token != "cfg" || cfg.StateDir != filepath.Join(wd, "rel") {
		t.Fatalf("configured = %+v", cfg)
	}

	for _, bad := range []string{"ftp://x:1", "http://", "http://u:p@h:1", "http://h:1/?q=1", "::"} {
		if _, err := local.Resolve(local.Config{Endpoint: bad}); err == nil {
			t.Errorf("endpoint %q accepted", bad)
		}
	}
}

func TestConnectFromEnvironment(t *testing.T) {
	srv, dir := startSim(t)
	clearEnv(t)
	t.Setenv("GEOCACHE_ENDPOINT", strings.TrimPrefix(srv.Endpoint(), "http://"))
	t.Setenv("GEOCACHE_STATE_DIR", dir)
	ctx := testContext(t)

	// The token comes from the file the simulator wrote in its state dir.
	c, err := local.Connect(ctx, local.Config{})
	if err != nil {
		t.Fatal(err)
	}
	if c.Endpoint() != srv.Endpoint() {
		t.Fatalf("endpoint %q, want %q", c.Endpoint(), srv.Endpoint())
	}
	if _, err := c.ListCaches(ctx); err != nil {
		t.Fatal(err)
	}

	t.Setenv("GEOCACHE_STATE_DIR", t.TempDir())
	t.Setenv("GEOCACHE_TOKEN", srv.Token())
	c, err = local.Connect(ctx, local.Config{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.ListGroups(ctx); err != nil {
		t.Fatal(err)
	}

	// Neither variable nor file: say where a token comes from.
	t.Setenv("GEOCACHE_TOKEN", "")
	_, err = local.Connect(ctx, local.Config{})
	if err == nil || !strings.Contains(err.Error(), "GEOCACHE_TOKEN") {
		t.Fatalf("without a token: %v", err)
	}
}

func TestConnectRefusedWithoutAutoStart(t *testing.T) {
	addr := freeAddr(t)
	_, err := local.Connect(testContext(t), local.Config{Endpoint: addr, Token: "t", StateDir: t.TempDir()})
	if err == nil || !strings.Contains(err.Error(), "http://"+addr) || !strings.Contains(err.Error(), "auto_start is off") {
		t.Fatalf("got %v", err)
	}
}

func TestRequestsAfterTheSimulatorStopped(t *testing.T) {
	srv, dir := startSim(t)
	c := connect(t, srv, dir)
	if err := srv.Close(); err != nil {
		t.Fatal(err)
	}
	_, err := c.ListCaches(testContext(t))
	if err == nil || !strings.Contains(err.Error(), srv.Endpoint()) || !strings.Contains(err.Error(), filepath.Join(dir, "sim.log")) {
		t.Fatalf("got %v", err)
	}

	// Retries stop as soon as the context does.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	start := time.Now()
	if _, err := c.ListCaches(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled: %v", err)
	}
	if time.Since(start) > time.Second {
		t.Fatalf("a cancelled request took %s", time.Since(start))
	}
}

func TestNotASimulator(t *testing.T) {
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		io.WriteString(w, "<html>welcome to nginx</html>")
	}))
	t.Cleanup(other.Close)
	_, err := local.Connect(testContext(t), local.Config{Endpoint: other.URL, Token: "t", StateDir: t.TempDir(), AutoStart: true})
	if err == nil || !strings.Contains(err.Error(), "not as a geocache simulator") || !strings.Contains(err.Error(), other.URL) {
		t.Fatalf("got %v", err)
	}
}

// flakyFront stands between the client and a real simulator and answers
// 503 to the first `fail` requests of the given method.
func flakyFront(t *testing.T, target, method string, fail int32) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	proxy := httputil.NewSingleHostReverseProxy(u)
	var seen atomic.Int32
	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == method && r.URL.Path != "/healthz" && seen.Add(1) <= fail {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusServiceUnavailable)
			io.WriteString(w, `{"error":{"code":"Unavailable","message":"busy"}}`)
			return
		}
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(front.Close)
	return front, &seen
}

func TestReadsRetryOn503(t *testing.T) {
	srv, dir := startSim(t)
	front, seen := flakyFront(t, srv.Endpoint(), http.MethodGet, 2)
	c, err := local.Connect(testContext(t), local.Config{Endpoint: front.URL, Token: srv.Token(), StateDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Regions(testContext(t)); err != nil {
		t.Fatalf("after two 503s: %v", err)
	}
	if n := seen.Load(); n != 3 {
		t.Fatalf("%d GETs, want 3", n)
	}
}

func TestWritesAreNotRetried(t *testing.T) {
	srv, dir := startSim(t)
	front, seen := flakyFront(t, srv.Endpoint(), http.MethodPut, 1)
	c, err := local.Connect(testContext(t), local.Config{Endpoint: front.URL, Token: srv.Token(), StateDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.CreateReplicationGroup(testContext(t), "g")
	if err == nil || !strings.Contains(err.Error(), "busy") || seen.Load() != 1 {
		t.Fatalf("got %v after %d PUTs", err, seen.Load())
	}
}

func TestUnexpectedErrorBody(t *testing.T) {
	srv, dir := startSim(t)
	u, _ := url.Parse(srv.Endpoint())
	proxy := httputil.NewSingleHostReverseProxy(u)
	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/healthz" {
			proxy.ServeHTTP(w, r)
			return
		}
		http.Error(w, "bad gateway", http.StatusBadGateway)
	}))
	t.Cleanup(front.Close)
	c, err := local.Connect(testContext(t), local.Config{Endpoint: front.URL, Token: srv.Token(), StateDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.GetCache(testContext(t), "x")
	if err == nil || !strings.Contains(err.Error(), "HTTP 502") || !strings.Contains(err.Error(), "bad gateway") {
		t.Fatalf("got %v", err)
	}
}
