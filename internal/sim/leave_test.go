package sim

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/geocache/terraform-provider-geocache/internal/sim/simapi"
)

// crashImage copies a running daemon's state dir as a kill -9 would leave
// it: the store as committed and the data snapshots as last written.
func crashImage(t *testing.T, dir string) string {
	t.Helper()
	img := t.TempDir()
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return err
		}
		dst := filepath.Join(img, rel)
		if d.IsDir() {
			return os.MkdirAll(dst, 0o700)
		}
		src, err := os.Open(path)
		if err != nil {
			return err
		}
		defer src.Close()
		out, err := os.OpenFile(dst, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
		if err != nil {
			return err
		}
		if _, err := io.Copy(out, src); err != nil {
			_ = out.Close()
			return err
		}
		return out.Close()
	})
	if err != nil {
		t.Fatal(err)
	}
	return img
}

func missingKeys(t *testing.T, c *redis.Client, keys []string) []string {
	t.Helper()
	pipe := c.Pipeline()
	cmds := make([]*redis.IntCmd, len(keys))
	for i, k := range keys {
		cmds[i] = pipe.Exists(bg(), k)
	}
	if _, err := pipe.Exec(bg()); err != nil {
		t.Fatal(err)
	}
	var missing []string
	for i, cmd := range cmds {
		if cmd.Val() != 1 {
			missing = append(missing, keys[i])
		}
	}
	return missing
}

// A leave is done once the record is gone: a crash right after it must
// not lose the writes the leaver acknowledged, though no periodic
// snapshot of the remaining members has run since.
func TestCrashRightAfterALeaveKeepsTheLeaversWrites(t *testing.T) {
	ts := startServer(t, Config{})
	cs := ts.group(threeRegions...)
	var keys []string
	for i := range 100 {
		k := fmt.Sprintf("from-leaver-%d", i)
		if err := cs[2].Set(bg(), k, "v", 0).Err(); err != nil {
			t.Fatal(err)
		}
		keys = append(keys, k)
	}
	ts.expect(ts.do(http.MethodDelete, simapi.PathCaches+"/r2", nil), http.StatusAccepted, "")
	ts.waitGone("r2")
	img := crashImage(t, ts.dir)
	if err := ts.Close(); err != nil {
		t.Fatal(err)
	}

	ts = startServer(t, Config{StateDir: img})
	for _, n := range []string{"r0", "r1"} {
		c := ts.client(ts.waitReady(n, others([]string{"r0", "r1"}, n)...))
		if missing := missingKeys(t, c, keys); len(missing) > 0 {
			t.Fatalf("%s lost %d of the leaver's %d acknowledged writes, such as %s", n, len(missing), len(keys), missing[0])
		}
	}
}

// A periodic saveAll collects the caches, then saves them one by one; a
// cache deleted in between must not get its file written back.
func TestSaveOfADroppedCacheWritesNoFile(t *testing.T) {
	ts := startServer(t, Config{})
	ts.createCache("a", simapi.CacheCreate{Region: "eastus", SKU: "Balanced_B3"})
	c := ts.client(ts.waitReady("a"))
	if err := c.Set(bg(), "k", "v", 0).Err(); err != nil {
		t.Fatal(err)
	}
	cd := ts.cacheData("a") // as saveAll collected it
	if cd == nil {
		t.Fatal("no data for cache a")
	}
	ts.dropData("a")
	if err := ts.save(cd, true); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(cd.file); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("the deleted cache's data file was written after the drop: %v", err)
	}
}

// A Terraform replace deletes a cache and creates it again under the same
// name at once: the new cache must start empty, with its own replica ID,
// and then join and replicate like any other.
func TestCacheRecreatedRightAfterItsDeleteStartsAfresh(t *testing.T) {
	deleted := make(chan string)
	resume := make(chan struct{})
	ts := startServer(t, Config{hooks: &testHooks{leaveRecordDeleted: func(name string) {
		deleted <- name
		<-resume
	}}})
	var resumeOnce sync.Once
	resumeLeave := func() { resumeOnce.Do(func() { close(resume) }) }
	t.Cleanup(resumeLeave) // before the server's Close
	cs := ts.group("eastus", "westeurope")
	if err := cs[1].Set(bg(), "old", "v", 0).Err(); err != nil {
		t.Fatal(err)
	}
	converged(t, cs, "old", "v", getKey("old"))
	old := ts.cacheData("r1").id

	ts.expect(ts.do(http.MethodDelete, simapi.PathCaches+"/r1", nil), http.StatusAccepted, "")
	select {
	case <-deleted:
	case <-time.After(15 * time.Second):
		t.Fatal("the leave never deleted the record")
	}
	spec := simapi.CacheCreate{Region: "westeurope", SKU: "Balanced_B3", ReplicationGroup: "g"}
	created := ts.createCache("r1", spec)
	fresh := ts.client(created)
	if n, err := fresh.DBSize(bg()).Result(); err != nil || n != 0 {
		t.Fatalf("re-created cache holds %d keys (%v), want an empty one", n, err)
	}
	if cd := ts.cacheData("r1"); cd == nil || cd.id == old {
		t.Fatalf("re-created cache serves the old data (replica %d)", old)
	}
	resumeLeave()

	ts.waitReady("r1", "r0")
	ts.waitReady("r0", "r1")
	cs[1] = fresh
	converged(t, cs, "data the group held", "v", getKey("old"))
	if err := fresh.Set(bg(), "from-new", "v", 0).Err(); err != nil {
		t.Fatal(err)
	}
	converged(t, cs, "write on the new member", "v", getKey("from-new"))
	if err := cs[0].Set(bg(), "to-new", "v", 0).Err(); err != nil {
		t.Fatal(err)
	}
	converged(t, cs, "write to the new member", "v", getKey("to-new"))
}
