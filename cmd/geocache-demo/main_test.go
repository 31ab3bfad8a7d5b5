package main

import (
	"bytes"
	"context"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tidwall/redcon"
)

const sampleOutputs = `{
  "access_keys": {"sensitive": true, "type": ["map","string"], "value": {"qs-eastus": "k1", "qs-westeurope": "k2"}},
  "caches": {"sensitive": false, "type": "object", "value": {
    "qs-westeurope": {"id": "qs-westeurope", "region": "westeurope", "hostname": "127.0.0.1", "port": 7002, "linked_cache_ids": ["qs-eastus"], "geo_replication_state": "Linked"},
    "qs-eastus": {"id": "qs-eastus", "region": "eastus", "hostname": "127.0.0.1", "port": 7001, "linked_cache_ids": ["qs-westeurope"], "geo_replication_state": "Linked"}
  }},
  "replication_group_id": {"sensitive": false, "type": "string", "value": "qs"}
}`

func TestParseOutputs(t *testing.T) {
	caches, err := parseOutputs([]byte(sampleOutputs))
	if err != nil {
		t.Fatal(err)
	}
	if len(caches) != 2 || caches[0].Name != "qs-eastus" || caches[1].Name != "qs-westeurope" {
		t.Fatalf("want two caches sorted by name, got %+v", caches)
	}
	if caches[0].endpoint() != "127.0.0.1:7001" || caches[0].key != "k1" {
		t.Fatalf("eastus: endpoint %s", caches[0].endpoint())
	}
}

func TestParseOutputsErrors(t *testing.T) {
	for name, raw := range map[string]string{
		"not json":   `nope`,
		"no outputs": `{}`,
		"no keys":    `{"caches": {"value": {}}}`,
		"key missing": `{"caches": {"value": {"a": {"id":"a","hostname":"127.0.0.1","port":1}}},
		                 "access_keys": {"value": {}}}`,
		"keys not a map": `{"caches": {"value": {}}, "access_keys": {"value": "secret-value"}}`,
	} {
		_, err := parseOutputs([]byte(raw))
		if err == nil {
			t.Errorf("%s: no error", name)
			continue
		}
		if strings.Contains(err.Error(), "secret-value") {
			t.Errorf("%s: error quotes the key: %v", name, err)
		}
	}
}

// fakeGroup serves one keyspace on several loopback listeners, each with its
// own password, the way a replication group with instant links would look.
// It refuses HELLO like a RESP2-only server so the client's fallback to AUTH
// is exercised.
type fakeGroup struct {
	mu   sync.Mutex
	data map[string]string
}

func (g *fakeGroup) serve(t *testing.T, password string) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := redcon.NewServer(ln.Addr().String(), func(conn redcon.Conn, cmd redcon.Command) {
		name := strings.ToUpper(string(cmd.Args[0]))
		authed := conn.Context() == true
		switch {
		case name == "AUTH" && len(cmd.Args) == 2:
			if string(cmd.Args[1]) != password {
				conn.WriteError("WRONGPASS invalid password")
				return
			}
			conn.SetContext(true)
			conn.WriteString("OK")
		case name == "HELLO":
			conn.WriteError("ERR unknown command 'HELLO'")
		case !authed:
			conn.WriteError("NOAUTH Authentication required.")
		case name == "PING":
			conn.WriteString("PONG")
		case name == "SET" && len(cmd.Args) >= 3:
			g.mu.Lock()
			g.data[string(cmd.Args[1])] = string(cmd.Args[2])
			g.mu.Unlock()
			conn.WriteString("OK")
		case name == "GET" && len(cmd.Args) == 2:
			g.mu.Lock()
			v, ok := g.data[string(cmd.Args[1])]
			g.mu.Unlock()
			if !ok {
				conn.WriteNull()
				return
			}
			conn.WriteBulkString(v)
		default:
			conn.WriteError("ERR unknown command '" + name + "'")
		}
	}, nil, nil)
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	return ln.Addr().(*net.TCPAddr).Port
}

func TestProbeAgainstRESP2Server(t *testing.T) {
	g := &fakeGroup{data: map[string]string{}}
	caches := []cache{
		{Name: "a", ID: "a", Region: "eastus", Hostname: "127.0.0.1", LinkedCacheIDs: []string{"b"}, key: "ka"},
		{Name: "b", ID: "b", Region: "westeurope", Hostname: "127.0.0.1", LinkedCacheIDs: []string{"a"}, key: "kb"},
	}
	for i := range caches {
		caches[i].Port = g.serve(t, caches[i].key)
	}

	results := probe(context.Background(), caches, 5*time.Second)
	for i, r := range results {
		if r.err != nil || !r.wroteAndRead || r.seen != 1 || r.peers != 1 {
			t.Errorf("%s: %+v", caches[i].Name, r)
		}
	}

	var table bytes.Buffer
	printTable(&table, caches, results)
	for _, s := range []string{"NAME", "eastus", "b", "1/1"} {
		if !strings.Contains(table.String(), s) {
			t.Errorf("table lacks %q:\n%s", s, table.String())
		}
	}
	for _, k := range []string{"ka", "kb"} {
		if strings.Contains(table.String(), " "+k) {
			t.Errorf("table shows an access key:\n%s", table.String())
		}
	}
}

func TestProbeReportsWrongKey(t *testing.T) {
	g := &fakeGroup{data: map[string]string{}}
	c := cache{Name: "a", ID: "a", Region: "eastus", Hostname: "127.0.0.1", key: "wrong"}
	c.Port = g.serve(t, "right")
	results := probe(context.Background(), []cache{c}, 2*time.Second)
	if results[0].err == nil || results[0].wroteAndRead {
		t.Fatalf("want an auth failure, got %+v", results[0])
	}
}

// Every other cache in the outputs is a peer, whatever their (possibly
// stale) linked_cache_ids say: here the third member joined after the
// others were last refreshed, and "c" lists none yet.
func TestProbeChecksEveryOtherCache(t *testing.T) {
	g := &fakeGroup{data: map[string]string{}}
	caches := []cache{
		{Name: "a", ID: "a", Region: "eastus", Hostname: "127.0.0.1", LinkedCacheIDs: []string{"b"}, key: "ka"},
		{Name: "b", ID: "b", Region: "westeurope", Hostname: "127.0.0.1", LinkedCacheIDs: []string{"a"}, key: "kb"},
		{Name: "c", ID: "c", Region: "japaneast", Hostname: "127.0.0.1", key: "kc"},
	}
	for i := range caches {
		caches[i].Port = g.serve(t, caches[i].key)
	}
	results := probe(context.Background(), caches, 5*time.Second)
	for i, r := range results {
		if r.err != nil || r.peers != 2 || r.seen != 2 {
			t.Errorf("%s: want 2 of 2 other caches checked, got %+v", caches[i].Name, r)
		}
	}
	if got, want := summary(caches, results), "Each of the 3 caches accepted a write and saw the writes of all 2 others"; !strings.Contains(got, want) {
		t.Errorf("summary %q lacks %q", got, want)
	}
	if got := summary(caches[:1], results[:1]); strings.Contains(got, "active-active") || !strings.Contains(got, "no other cache") {
		t.Errorf("a lone cache claims replication: %q", got)
	}
}
