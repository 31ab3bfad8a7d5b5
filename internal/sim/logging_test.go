package sim

import (
	"bytes"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/geocache/terraform-provider-geocache/internal/sim/simapi"
)

// lockedBuffer lets the daemon's goroutines log concurrently.
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

func TestSecretsNeverLogged(t *testing.T) {
	var logs lockedBuffer
	log := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	ts := startServer(t, Config{Logger: log})
	ts.createGroup("g")
	ts.createCache("a", simapi.CacheCreate{Region: "eastus", SKU: "Balanced_B3", ReplicationGroup: "g"})
	c := ts.createCache("b", simapi.CacheCreate{Region: "westus", SKU: "Balanced_B3", ReplicationGroup: "g"})
	ts.waitReady("b", "a")
	ping(t, c, c.PrimaryAccessKey)
	ts.raw(http.MethodGet, simapi.PathCaches, "wrong-"+ts.Token(), nil)
	ts.expect(ts.do(http.MethodDelete, simapi.PathCaches+"/b", nil), http.StatusAccepted, "")
	ts.waitGone("b")
	if err := ts.Close(); err != nil {
		t.Fatal(err)
	}
	out := logs.String()
	if !strings.Contains(out, "cache created") {
		t.Fatalf("nothing was logged: %q", out)
	}
	for what, secret := range map[string]string{"token": ts.Token(), "primary key": c.PrimaryAccessKey, "secondary key": c.SecondaryAccessKey} {
		if strings.Contains(out, secret) {
			t.Errorf("the %s appears in the log", what)
		}
	}
}
