package sim

import (
	"context"
	"net"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/geocache/terraform-provider-geocache/internal/sim/simapi"
)

var threeRegions = []string{"eastus", "westeurope", "southeastasia"}

// group starts a group "g" with one Balanced_B3 member per region given,
// named r0, r1, ..., all linked, and returns a go-redis client per member.
func (ts *testServer) group(regions ...string) []*redis.Client {
	ts.t.Helper()
	ts.createGroup("g")
	names := make([]string, len(regions))
	for i, r := range regions {
		names[i] = "r" + strconv.Itoa(i)
		ts.createCache(names[i], simapi.CacheCreate{Region: r, SKU: "Balanced_B3", ReplicationGroup: "g"})
	}
	clients := make([]*redis.Client, len(regions))
	for i, n := range names {
		clients[i] = ts.client(ts.waitReady(n, others(names, n)...))
	}
	return clients
}

// client connects go-redis to a cache and closes it with the test.
func (ts *testServer) client(c simapi.Cache) *redis.Client {
	rc := redis.NewClient(&redis.Options{
		Addr:            net.JoinHostPort(c.Hostname, strconv.Itoa(c.Port)),
		Password:        c.PrimaryAccessKey,
		Protocol:        2,
		DisableIdentity: true,
		PoolSize:        8,
	})
	ts.t.Cleanup(func() { _ = rc.Close() })
	return rc
}

func (ts *testServer) partition(a, b string) {
	ts.t.Helper()
	ts.expect(ts.do(http.MethodPost, simapi.PathPartitions, simapi.RegionPair{A: a, B: b}), http.StatusOK, "")
}

func (ts *testServer) healAll() {
	ts.t.Helper()
	ts.expect(ts.do(http.MethodDelete, simapi.PathPartitions, nil), http.StatusOK, "")
}

func bg() context.Context { return context.Background() }

// converged waits until every client answers get(key) with want.
func converged(t testing.TB, clients []*redis.Client, what string, want string, get func(*redis.Client) (string, error)) {
	t.Helper()
	var last []string
	deadline := time.Now().Add(15 * time.Second)
	for {
		last = last[:0]
		ok := true
		for _, c := range clients {
			v, err := get(c)
			if err != nil && err != redis.Nil {
				t.Fatalf("%s: %v", what, err)
			}
			last = append(last, v)
			ok = ok && v == want
		}
		if ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: members show %q, want %q everywhere", what, last, want)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func getKey(key string) func(*redis.Client) (string, error) {
	return func(c *redis.Client) (string, error) { return c.Get(bg(), key).Result() }
}
