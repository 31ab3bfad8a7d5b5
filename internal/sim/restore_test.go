package sim

import (
	"context"
	"fmt"
	"net"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// A member restored from a snapshot older than what its peers applied of
// it must not take a client write before it has recovered its own writes
// from them: that write would reuse a sequence number the peers already
// applied, and they would skip it as a duplicate.
func TestNoWriteIsTakenBeforeARestartedMemberRecovered(t *testing.T) {
	dir := t.TempDir()
	ts := startServer(t, Config{StateDir: dir})
	cs := ts.group("eastus", "westeurope")
	// Enough data that loading a snapshot takes a while.
	for b := range 5 {
		pipe := cs[0].Pipeline()
		for i := range 2000 {
			pipe.Set(bg(), fmt.Sprintf("bulk-%d-%d", b, i), "some value of a modest size", 0)
		}
		if _, err := pipe.Exec(bg()); err != nil {
			t.Fatal(err)
		}
	}
	converged(t, cs, "bulk", "some value of a modest size", getKey("bulk-4-1999"))
	if err := ts.saveAll(true); err != nil {
		t.Fatal(err)
	}
	r0 := ts.cacheData("r0").file
	older, err := os.ReadFile(r0)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 50 {
		if err := cs[0].Set(bg(), "later-"+strconv.Itoa(i), "v", 0).Err(); err != nil {
			t.Fatal(err)
		}
	}
	converged(t, cs, "later", "v", getKey("later-49"))
	c0, _ := ts.getCache("r0")
	if err := ts.Close(); err != nil {
		t.Fatal(err)
	}
	// r0 comes back as its older snapshot held; r1 applied more of it.
	if err := os.WriteFile(r0, older, 0o600); err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	acked := make(chan error, 1)
	go func() {
		rc := redis.NewClient(&redis.Options{
			Addr:            net.JoinHostPort(c0.Hostname, strconv.Itoa(c0.Port)),
			Password:        c0.PrimaryAccessKey,
			Protocol:        2,
			DisableIdentity: true,
			MaxRetries:      -1,
			PoolSize:        1,
		})
		defer rc.Close()
		for {
			err := rc.Set(ctx, "during-start", "v", 0).Err()
			if err == nil || ctx.Err() != nil {
				acked <- err
				return
			}
			time.Sleep(200 * time.Microsecond)
		}
	}()
	ts = startServer(t, Config{StateDir: dir})
	if err := <-acked; err != nil {
		t.Fatal(err)
	}
	cs = []*redis.Client{
		ts.client(ts.waitReady("r0", "r1")),
		ts.client(ts.waitReady("r1", "r0")),
	}
	converged(t, cs, "own writes recovered", "v", getKey("later-49"))
	converged(t, cs, "write taken during the restart", "v", getKey("during-start"))
}
