package sim

import (
	"fmt"
	"maps"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/geocache/terraform-provider-geocache/internal/backend"
	"github.com/geocache/terraform-provider-geocache/internal/sim/simapi"
)

func TestWriteInOneRegionIsReadInTheOthers(t *testing.T) {
	ts := startServer(t, Config{})
	cs := ts.group(threeRegions...)
	for i, c := range cs {
		if err := c.Set(bg(), "from"+strconv.Itoa(i), "region"+strconv.Itoa(i), 0).Err(); err != nil {
			t.Fatal(err)
		}
	}
	for i := range cs {
		converged(t, cs, "from"+strconv.Itoa(i), "region"+strconv.Itoa(i), getKey("from"+strconv.Itoa(i)))
	}
}

func TestConcurrentIncrByConvergesToTheSum(t *testing.T) {
	ts := startServer(t, Config{})
	cs := ts.group(threeRegions...)
	var wg sync.WaitGroup
	for i, c := range cs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 200 {
				if err := c.IncrBy(bg(), "n", int64(i+1)).Err(); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	converged(t, cs, "counter", "1200", getKey("n")) // 200 * (1+2+3)
}

func TestConcurrentSAddSRemConvergesAddWins(t *testing.T) {
	ts := startServer(t, Config{})
	cs := ts.group(threeRegions...)
	if err := cs[0].SAdd(bg(), "s", "x", "y").Err(); err != nil {
		t.Fatal(err)
	}
	members := func(c *redis.Client) (string, error) {
		m, err := c.SMembers(bg(), "s").Result()
		sort.Strings(m)
		return strings.Join(m, ","), err
	}
	converged(t, cs, "initial set", "x,y", members)
	// Cut r0 and r1 off each other and from r2 so the two writes are
	// concurrent: neither observed the other.
	ts.partition("eastus", "westeurope")
	ts.partition("eastus", "southeastasia")
	ts.partition("westeurope", "southeastasia")
	if err := cs[0].SRem(bg(), "s", "x").Err(); err != nil {
		t.Fatal(err)
	}
	if err := cs[1].SAdd(bg(), "s", "x").Err(); err != nil {
		t.Fatal(err)
	}
	if err := cs[2].SRem(bg(), "s", "y").Err(); err != nil {
		t.Fatal(err)
	}
	ts.healAll()
	// x: removed on r0 concurrently with an add on r1, so the add wins;
	// y: removed with no concurrent add, so it is gone.
	converged(t, cs, "set after heal", "x", members)
}

func TestConcurrentSetConvergesToOneValue(t *testing.T) {
	ts := startServer(t, Config{})
	cs := ts.group(threeRegions...)
	var wg sync.WaitGroup
	for i, c := range cs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range 100 {
				if err := c.Set(bg(), "k", fmt.Sprintf("%d-%d", i, j), 0).Err(); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	want, err := cs[0].Get(bg(), "k").Result()
	if err != nil {
		t.Fatal(err)
	}
	// r0's value may still change as the last writes arrive; wait for
	// quiet, then require one value everywhere.
	eventually(t, "one value everywhere", func() bool {
		want, _ = cs[0].Get(bg(), "k").Result()
		for _, c := range cs[1:] {
			if v, _ := c.Get(bg(), "k").Result(); v != want {
				return false
			}
		}
		return true
	})
	if !strings.HasSuffix(want, "-99") {
		t.Fatalf("converged on %q, not the last write of any member", want)
	}
}

func TestPartitionWithWritesOnBothSidesConvergesAfterHeal(t *testing.T) {
	ts := startServer(t, Config{})
	cs := ts.group(threeRegions...)
	ts.partition("eastus", "westeurope")
	ts.partition("eastus", "southeastasia")

	// While partitioned, the control plane shows the cut links failed.
	c0, _ := ts.getCache("r0")
	if c0.GeoReplicationState != backend.LinkFailed {
		t.Fatalf("r0 during the partition: %s %+v", c0.GeoReplicationState, c0.Links)
	}
	var st simapi.Status
	ts.do(http.MethodGet, simapi.PathStatus, nil).decode(t, &st)
	if len(st.Partitions) != 2 {
		t.Fatalf("status partitions %v", st.Partitions)
	}

	var acked [3][]string
	for i, c := range cs {
		for j := range 50 {
			k := fmt.Sprintf("p%d-%d", i, j)
			if err := c.Set(bg(), k, "v", 0).Err(); err != nil {
				t.Fatal(err)
			}
			acked[i] = append(acked[i], k)
		}
		if err := c.IncrBy(bg(), "n", 1).Err(); err != nil {
			t.Fatal(err)
		}
	}
	time.Sleep(20 * time.Millisecond)
	if n, _ := cs[1].Exists(bg(), "p0-0").Result(); n != 0 {
		t.Fatal("a write crossed the partition")
	}
	info, err := cs[0].Info(bg(), "crdt").Result()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(info, "LinkFailed") {
		t.Fatalf("INFO crdt during the partition does not show the failed links:\n%s", info)
	}

	ts.healAll()
	converged(t, cs, "counter after heal", "3", getKey("n"))
	for i := range acked {
		for _, k := range acked[i] {
			converged(t, cs, k, "v", getKey(k))
		}
	}
	if c0 := ts.waitReady("r0", "r1", "r2"); c0.GeoReplicationState != backend.LinkLinked {
		t.Fatalf("r0 after heal: %s", c0.GeoReplicationState)
	}
}

func TestLateJoinerReceivesExistingData(t *testing.T) {
	ts := startServer(t, Config{})
	cs := ts.group(threeRegions[:2]...)
	for i := range 100 {
		if err := cs[i%2].Set(bg(), "k"+strconv.Itoa(i), "v", 0).Err(); err != nil {
			t.Fatal(err)
		}
	}
	if err := cs[0].HSet(bg(), "h", "f", "1").Err(); err != nil {
		t.Fatal(err)
	}
	converged(t, cs, "before the join", "1", func(c *redis.Client) (string, error) { return c.HGet(bg(), "h", "f").Result() })

	ts.createCache("r2", simapi.CacheCreate{Region: "southeastasia", SKU: "Balanced_B3", ReplicationGroup: "g"})
	j := ts.client(ts.waitReady("r2", "r0", "r1"))
	if n, err := j.DBSize(bg()).Result(); err != nil || n != 101 {
		t.Fatalf("joiner DBSIZE %d, %v; want 101", n, err)
	}
	if err := j.Set(bg(), "from-joiner", "yes", 0).Err(); err != nil {
		t.Fatal(err)
	}
	converged(t, append(cs, j), "joiner's write", "yes", getKey("from-joiner"))
}

func TestMemberDestroyedMidTrafficLosesNothingAcknowledged(t *testing.T) {
	ts := startServer(t, Config{})
	cs := ts.group(threeRegions...)
	var (
		mu      sync.Mutex
		acked   []string
		stop    atomic.Bool
		writers sync.WaitGroup
	)
	for w := range 4 {
		writers.Add(1)
		go func() {
			defer writers.Done()
			for i := 0; !stop.Load(); i++ {
				k := fmt.Sprintf("w%d-%d", w, i)
				if err := cs[2].Set(bg(), k, "v", 0).Err(); err != nil {
					return // the endpoint closed: only acknowledged writes count
				}
				mu.Lock()
				acked = append(acked, k)
				mu.Unlock()
			}
		}()
	}
	time.Sleep(50 * time.Millisecond)
	ts.expect(ts.do(http.MethodDelete, simapi.PathCaches+"/r2", nil), http.StatusAccepted, "")
	ts.waitGone("r2")
	stop.Store(true)
	writers.Wait()
	if len(acked) == 0 {
		t.Fatal("no write was acknowledged")
	}
	rest := cs[:2]
	for _, c := range rest {
		pipe := c.Pipeline()
		cmds := make([]*redis.IntCmd, len(acked))
		for i, k := range acked {
			cmds[i] = pipe.Exists(bg(), k)
		}
		if _, err := pipe.Exec(bg()); err != nil {
			t.Fatal(err)
		}
		for i, cmd := range cmds {
			if cmd.Val() != 1 {
				t.Fatalf("acknowledged write %s lost after the leave (%d acknowledged)", acked[i], len(acked))
			}
		}
	}
	t.Logf("%d acknowledged writes all present on both remaining members", len(acked))
}

func TestRealisticLatencyDelaysRemoteVisibility(t *testing.T) {
	ts := startServer(t, Config{Latency: LatencyRealistic})
	cs := ts.group("eastus", "southeastasia")
	oneWay := ts.repl.Latency("eastus", "southeastasia")
	if oneWay < 50*time.Millisecond {
		t.Fatalf("eastus-southeastasia latency %v looks wrong", oneWay)
	}
	start := time.Now()
	if err := cs[0].Set(bg(), "k", "v", 0).Err(); err != nil {
		t.Fatal(err)
	}
	var seenAt time.Duration
	for {
		if v, _ := cs[1].Get(bg(), "k").Result(); v == "v" {
			seenAt = time.Since(start)
			break
		}
		if time.Since(start) > 10*time.Second {
			t.Fatal("never replicated")
		}
		time.Sleep(time.Millisecond)
	}
	if seenAt < oneWay {
		t.Fatalf("visible remotely after %v, before the one-way latency %v", seenAt, oneWay)
	}
	// An override takes effect at once.
	ts.expect(ts.do(http.MethodPut, simapi.PathLatency, simapi.LatencySetting{A: "eastus", B: "southeastasia", Latency: "0s"}), http.StatusOK, "")
	start = time.Now()
	if err := cs[0].Set(bg(), "k2", "v", 0).Err(); err != nil {
		t.Fatal(err)
	}
	converged(t, cs[1:], "k2", "v", getKey("k2"))
	if d := time.Since(start); d >= oneWay {
		t.Fatalf("override to 0s ignored: %v", d)
	}
}

func TestRestartKeepsDataAndReplicationResumes(t *testing.T) {
	dir := t.TempDir()
	ts := startServer(t, Config{StateDir: dir})
	cs := ts.group(threeRegions...)
	for i, c := range cs {
		if err := c.IncrBy(bg(), "n", 1).Err(); err != nil {
			t.Fatal(err)
		}
		if err := c.Set(bg(), "k"+strconv.Itoa(i), "v", 0).Err(); err != nil {
			t.Fatal(err)
		}
	}
	converged(t, cs, "before restart", "3", getKey("n"))
	if err := ts.Close(); err != nil {
		t.Fatal(err)
	}
	ts = startServer(t, Config{StateDir: dir})
	cs = cs[:0]
	for _, n := range []string{"r0", "r1", "r2"} {
		cs = append(cs, ts.client(ts.waitReady(n, others([]string{"r0", "r1", "r2"}, n)...)))
	}
	converged(t, cs, "after restart", "3", getKey("n"))
	for i := range 3 {
		converged(t, cs, "k"+strconv.Itoa(i), "v", getKey("k"+strconv.Itoa(i)))
	}
	if err := cs[1].IncrBy(bg(), "n", 10).Err(); err != nil {
		t.Fatal(err)
	}
	converged(t, cs, "replication resumed", "13", getKey("n"))
}

func TestFaultsSurviveARestart(t *testing.T) {
	dir := t.TempDir()
	ts := startServer(t, Config{StateDir: dir})
	cs := ts.group(threeRegions...)
	ts.partition("eastus", "westeurope")
	ts.expect(ts.do(http.MethodPut, simapi.PathLatency, simapi.LatencySetting{A: "eastus", B: "southeastasia", Latency: "25ms"}), http.StatusOK, "")
	if err := ts.Close(); err != nil {
		t.Fatal(err)
	}

	ts = startServer(t, Config{StateDir: dir})
	var f simapi.Faults
	ts.do(http.MethodGet, simapi.PathFaults, nil).decode(t, &f)
	if len(f.Partitions) != 1 || f.Partitions[0] != (simapi.RegionPair{A: "eastus", B: "westeurope"}) ||
		len(f.Overrides) != 1 || f.Overrides[0] != (simapi.LatencySetting{A: "eastus", B: "southeastasia", Latency: "25ms"}) {
		t.Fatalf("faults after restart %+v", f)
	}
	// The control plane shows the recorded partition on both sides.
	links := func(c simapi.Cache) map[string]string {
		m := map[string]string{}
		for _, l := range c.Links {
			m[l.ID] = l.State
		}
		return m
	}
	want := map[string]map[string]string{
		"r0": {"r1": backend.LinkFailed, "r2": backend.LinkLinked},
		"r1": {"r0": backend.LinkFailed, "r2": backend.LinkLinked},
		"r2": {"r0": backend.LinkLinked, "r1": backend.LinkLinked},
	}
	cs = cs[:0]
	for _, n := range []string{"r0", "r1", "r2"} {
		var c simapi.Cache
		eventually(t, n+" restored with the partition in force", func() bool {
			var status int
			c, status = ts.getCache(n)
			return status == http.StatusOK && c.ProvisioningState == backend.StateSucceeded && maps.Equal(links(c), want[n])
		})
		cs = append(cs, ts.client(c))
	}
	// r0 (eastus) reaches r2 (southeastasia) but is still cut from r1
	// (westeurope); r1 reaches r2 alike.
	if err := cs[0].Set(bg(), "east", "1", 0).Err(); err != nil {
		t.Fatal(err)
	}
	converged(t, cs[2:], "east reaches southeastasia", "1", getKey("east"))
	time.Sleep(100 * time.Millisecond)
	if v, err := cs[1].Get(bg(), "east").Result(); err != redis.Nil {
		t.Fatalf("a write crossed the recorded partition: %q, %v", v, err)
	}
	ts.healAll()
	converged(t, cs, "healed", "1", getKey("east"))
}

func TestFlushClearsEveryMember(t *testing.T) {
	ts := startServer(t, Config{})
	cs := ts.group(threeRegions...)
	for i, c := range cs {
		for j := range 20 {
			if err := c.Set(bg(), fmt.Sprintf("k%d-%d", i, j), "v", 0).Err(); err != nil {
				t.Fatal(err)
			}
		}
	}
	dbsize := func(c *redis.Client) (string, error) {
		n, err := c.DBSize(bg()).Result()
		return strconv.FormatInt(n, 10), err
	}
	converged(t, cs, "filled", "60", dbsize)
	if err := cs[0].FlushAll(bg()).Err(); err == nil {
		t.Fatal("FLUSHALL accepted on a group member")
	}
	r := ts.do(http.MethodPost, simapi.PathCaches+"/r1"+simapi.FlushSuffix, nil)
	ts.expect(r, http.StatusOK, "")
	var res simapi.FlushResult
	r.decode(t, &res)
	if strings.Join(res.Flushed, ",") != "r0,r1,r2" {
		t.Fatalf("flushed %v", res.Flushed)
	}
	converged(t, cs, "flushed", "0", dbsize)
	ts.expect(ts.do(http.MethodPost, simapi.PathCaches+"/nope"+simapi.FlushSuffix, nil), http.StatusNotFound, simapi.CodeNotFound)
}

func TestPublishReachesASubscriberOnAnotherMember(t *testing.T) {
	ts := startServer(t, Config{})
	cs := ts.group(threeRegions...)
	sub := cs[2].Subscribe(bg(), "news")
	defer sub.Close()
	if _, err := sub.Receive(bg()); err != nil { // the subscription confirmation
		t.Fatal(err)
	}
	if err := cs[0].Publish(bg(), "news", "hello").Err(); err != nil {
		t.Fatal(err)
	}
	select {
	case m := <-sub.Channel():
		if m.Channel != "news" || m.Payload != "hello" {
			t.Fatalf("got %+v", m)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the message never reached the other member")
	}
}

func TestFaultsAPIValidatesRegions(t *testing.T) {
	ts := startServer(t, Config{})
	for _, body := range []any{
		simapi.RegionPair{A: "eastus", B: "nowhere"},
		simapi.RegionPair{A: "eastus", B: "eastus"},
		simapi.RegionPair{A: "eastus"},
	} {
		ts.expect(ts.do(http.MethodPost, simapi.PathPartitions, body), http.StatusBadRequest, simapi.CodeInvalidRequest)
	}
	ts.expect(ts.do(http.MethodPut, simapi.PathLatency, simapi.LatencySetting{A: "eastus", B: "westeurope", Latency: "fast"}), http.StatusBadRequest, simapi.CodeInvalidRequest)
	ts.expect(ts.do(http.MethodPut, simapi.PathLatency, simapi.LatencySetting{A: "eastus", B: "westeurope", Latency: "-1ms"}), http.StatusBadRequest, simapi.CodeInvalidRequest)
	ts.expect(ts.do(http.MethodPost, simapi.PathPartitions, map[string]string{"a": "eastus", "c": "x"}), http.StatusBadRequest, simapi.CodeInvalidJSON)

	ts.partition("westeurope", "eastus")
	ts.expect(ts.do(http.MethodPut, simapi.PathLatency, simapi.LatencySetting{A: "eastus", B: "westeurope", Latency: "120ms"}), http.StatusOK, "")
	var f simapi.Faults
	ts.do(http.MethodGet, simapi.PathFaults, nil).decode(t, &f)
	if len(f.Partitions) != 1 || f.Partitions[0] != (simapi.RegionPair{A: "eastus", B: "westeurope"}) ||
		len(f.Overrides) != 1 || f.Overrides[0].Latency != "120ms" || f.Latency != LatencyOff {
		t.Fatalf("faults %+v", f)
	}
	ts.expect(ts.do(http.MethodDelete, simapi.PathPartitions, simapi.RegionPair{A: "eastus", B: "westeurope"}), http.StatusOK, "")
	ts.expect(ts.do(http.MethodDelete, simapi.PathLatency, nil), http.StatusOK, "")
	ts.do(http.MethodGet, simapi.PathFaults, nil).decode(t, &f)
	if len(f.Partitions) != 0 || len(f.Overrides) != 0 {
		t.Fatalf("faults after heal and reset %+v", f)
	}
	ts.expect(ts.do(http.MethodGet, simapi.PathPartitions, nil), http.StatusMethodNotAllowed, simapi.CodeMethodNotAllowed)
}

// A fault that cannot be recorded is not applied either: a restart would
// otherwise heal what the API said was cut.
func TestFaultNotRecordedIsUndone(t *testing.T) {
	ts := startServer(t, Config{})
	ts.partition("eastus", "westeurope")
	if err := ts.store.Close(); err != nil {
		t.Fatal(err)
	}
	r := ts.do(http.MethodPost, simapi.PathPartitions, simapi.RegionPair{A: "eastus", B: "southeastasia"})
	if r.status < 500 {
		t.Fatalf("partition with the store closed: status %d %s", r.status, r.body)
	}
	if got := ts.repl.Faults().Partitions; len(got) != 1 || got[0] != [2]string{"eastus", "westeurope"} {
		t.Fatalf("engine partitions after a failed record: %v", got)
	}
	r = ts.do(http.MethodDelete, simapi.PathPartitions, nil)
	if r.status < 500 {
		t.Fatalf("heal with the store closed: status %d %s", r.status, r.body)
	}
	if !ts.repl.Partitioned("eastus", "westeurope") {
		t.Fatal("a heal that could not be recorded healed anyway")
	}
}
