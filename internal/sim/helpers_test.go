package sim

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/geocache/terraform-provider-geocache/internal/backend"
	"github.com/geocache/terraform-provider-geocache/internal/sim/simapi"
)

// testServer is a daemon listening on loopback with a client bound to it.
type testServer struct {
	*Server  // nil for a daemon in another process
	t        testing.TB
	dir      string
	endpoint string
	token    string
}

func startServer(t testing.TB, cfg Config) *testServer {
	t.Helper()
	if cfg.StateDir == "" {
		cfg.StateDir = t.TempDir()
	}
	if cfg.Latency == "" {
		cfg.Latency = LatencyOff
	}
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("close: %v", err)
		}
	})
	if err := s.Start("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	return &testServer{Server: s, t: t, dir: cfg.StateDir, endpoint: s.Endpoint(), token: s.Token()}
}

// reply is a control-plane answer.
type reply struct {
	status int
	header http.Header
	body   []byte
}

func (r reply) decode(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal(r.body, v); err != nil {
		t.Fatalf("decode %s: %v", r.body, err)
	}
}

func (r reply) errorBody(t testing.TB) simapi.ErrorDetail {
	t.Helper()
	var e simapi.ErrorBody
	r.decode(t, &e)
	return e.Error
}

// raw sends body as is; token "" sends no Authorization header.
func (ts *testServer) raw(method, path, token string, body io.Reader) reply {
	ts.t.Helper()
	req, err := http.NewRequest(method, ts.endpoint+path, body)
	if err != nil {
		ts.t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		ts.t.Fatal(err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		ts.t.Fatal(err)
	}
	return reply{status: resp.StatusCode, header: resp.Header, body: data}
}

func (ts *testServer) do(method, path string, body any) reply {
	ts.t.Helper()
	var rd io.Reader
	if body != nil {
		data, err := json.Marshal(body)
		if err != nil {
			ts.t.Fatal(err)
		}
		rd = bytes.NewReader(data)
	}
	return ts.raw(method, path, ts.token, rd)
}

// expect checks an answer's status and, for errors, its code.
func (ts *testServer) expect(r reply, status int, code string) {
	ts.t.Helper()
	if r.status != status {
		ts.t.Fatalf("status %d, want %d: %s", r.status, status, r.body)
	}
	if ct := r.header.Get("Content-Type"); ct != "application/json" {
		ts.t.Fatalf("Content-Type %q", ct)
	}
	if code != "" {
		if got := r.errorBody(ts.t).Code; got != code {
			ts.t.Fatalf("code %q, want %q: %s", got, code, r.body)
		}
	}
}

func (ts *testServer) createGroup(name string) {
	ts.t.Helper()
	ts.expect(ts.do(http.MethodPut, simapi.PathGroups+"/"+name, nil), http.StatusCreated, "")
}

func (ts *testServer) createCache(name string, req simapi.CacheCreate) simapi.Cache {
	ts.t.Helper()
	r := ts.do(http.MethodPut, simapi.PathCaches+"/"+name, req)
	ts.expect(r, http.StatusCreated, "")
	var c simapi.Cache
	r.decode(ts.t, &c)
	return c
}

func (ts *testServer) getCache(name string) (simapi.Cache, int) {
	ts.t.Helper()
	r := ts.do(http.MethodGet, simapi.PathCaches+"/"+name, nil)
	var c simapi.Cache
	if r.status == http.StatusOK {
		r.decode(ts.t, &c)
	}
	return c, r.status
}

func (ts *testServer) getGroup(name string) simapi.Group {
	ts.t.Helper()
	r := ts.do(http.MethodGet, simapi.PathGroups+"/"+name, nil)
	ts.expect(r, http.StatusOK, "")
	var g simapi.Group
	r.decode(ts.t, &g)
	return g
}

// eventually polls cond until it holds or the deadline passes.
func eventually(t testing.TB, what string, cond func() bool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for !cond() {
		select {
		case <-ctx.Done():
			t.Fatalf("timed out waiting for %s", what)
		case <-tick.C:
		}
	}
}

// ready reports whether a cache finished provisioning and, in a group, is
// linked to exactly the peers given.
func ready(c simapi.Cache, peers ...string) bool {
	if c.ProvisioningState != backend.StateSucceeded {
		return false
	}
	if c.ReplicationGroup == "" {
		return c.GeoReplicationState == backend.LinkStandalone
	}
	if c.GeoReplicationState != backend.LinkLinked || len(c.Links) != len(peers) {
		return false
	}
	for i, l := range c.Links {
		if l.ID != peers[i] || l.State != backend.LinkLinked {
			return false
		}
	}
	return true
}

func (ts *testServer) waitReady(name string, peers ...string) simapi.Cache {
	ts.t.Helper()
	var c simapi.Cache
	eventually(ts.t, name+" ready", func() bool {
		var status int
		c, status = ts.getCache(name)
		return status == http.StatusOK && ready(c, peers...)
	})
	return c
}

func (ts *testServer) waitGone(name string) {
	ts.t.Helper()
	eventually(ts.t, name+" deleted", func() bool {
		_, status := ts.getCache(name)
		return status == http.StatusNotFound
	})
}

// ping proves a cache's data port answers and accepts its access key.
func ping(t testing.TB, c simapi.Cache, key string) {
	t.Helper()
	rc := redis.NewClient(&redis.Options{
		Addr:            net.JoinHostPort(c.Hostname, strconv.Itoa(c.Port)),
		Password:        key,
		Protocol:        2,
		DisableIdentity: true,
		MaxRetries:      -1,
	})
	defer rc.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if got, err := rc.Ping(ctx).Result(); err != nil || got != "PONG" {
		t.Fatalf("PING %s on port %d: %q, %v", c.Name, c.Port, got, err)
	}
}

func others(all []string, self string) []string {
	var out []string
	for _, n := range all {
		if n != self {
			out = append(out, n)
		}
	}
	return out
}
