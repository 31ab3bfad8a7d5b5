package resp

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/redis/go-redis/v9"
)

func TestConnectionCommands(t *testing.T) {
	c := authed(t)
	ctx := ctxT(t)
	if got := do(t, c, "ping"); got != "PONG" {
		t.Fatalf("PING = %v", got)
	}
	if got := do(t, c, "ping", "hi there"); got != "hi there" {
		t.Fatalf("PING msg = %v", got)
	}
	wantErr(t, c.Do(ctx, "ping", "a", "b").Err(), "ERR wrong number of arguments for 'ping' command")
	if got := do(t, c, "echo", "x y"); got != "x y" {
		t.Fatalf("ECHO = %v", got)
	}
	if got := do(t, c, "select", "0"); got != "OK" {
		t.Fatalf("SELECT 0 = %v", got)
	}
	wantErr(t, c.Do(ctx, "select", "1").Err(), "ERR DB index is out of range")
	wantErr(t, c.Do(ctx, "select", "x").Err(), "ERR value is not an integer or out of range")

	if got := do(t, c, "client", "getname"); got != nil {
		t.Fatalf("CLIENT GETNAME before SETNAME = %v", got)
	}
	do(t, c, "client", "setname", "worker-1")
	if got := do(t, c, "client", "getname"); got != "worker-1" {
		t.Fatalf("CLIENT GETNAME = %v", got)
	}
	wantErr(t, c.Do(ctx, "client", "setname", "a b").Err(), errClientName)
	if id, ok := do(t, c, "client", "id").(int64); !ok || id <= 0 {
		t.Fatalf("CLIENT ID = %v", id)
	}
	do(t, c, "client", "setinfo", "lib-name", "go-redis")
	do(t, c, "client", "setinfo", "LIB-VER", "9.23.0")
	wantErr(t, c.Do(ctx, "client", "setinfo", "colour", "x").Err(), "ERR Unrecognized option 'colour'")
	wantErr(t, c.Do(ctx, "client", "setname").Err(), "ERR wrong number of arguments for 'client|setname' command")
	wantErr(t, c.Do(ctx, "client", "kill").Err(), "ERR unknown subcommand 'kill'. Try CLIENT HELP.")

	wantErr(t, c.Do(ctx, "frobnicate", "a", "b").Err(), "ERR unknown command 'frobnicate', with args beginning with: 'a' 'b' ")
	long := strings.Repeat("z", 300)
	err := c.Do(ctx, "nope", long).Err()
	if err == nil || len(err.Error()) > 300 {
		t.Fatalf("unknown command with a long argument: %v", err)
	}
}

func TestCommandIntrospection(t *testing.T) {
	c := authed(t)
	ctx := ctxT(t)
	n, err := c.Do(ctx, "command", "count").Int64()
	if err != nil || n != int64(len(commands)) {
		t.Fatalf("COMMAND COUNT = %d, %v", n, err)
	}
	docs, err := c.Do(ctx, "command", "docs").Slice()
	if err != nil || len(docs) != 0 {
		t.Fatalf("COMMAND DOCS = %v, %v", docs, err)
	}
	// go-redis parses the full table in the Redis 7 layout.
	infos, err := c.Command(ctx).Result()
	if err != nil {
		t.Fatalf("COMMAND: %v", err)
	}
	get, ok := infos["get"]
	if !ok || get.Arity != 2 || !get.ReadOnly || get.FirstKeyPos != 1 {
		t.Fatalf("COMMAND entry for get = %+v", get)
	}
	info, err := c.Do(ctx, "command", "info", "SET", "nosuch").Slice()
	if err != nil || len(info) != 2 || info[1] != nil {
		t.Fatalf("COMMAND INFO = %v, %v", info, err)
	}
	wantErr(t, c.Do(ctx, "command", "bogus").Err(), "ERR unknown subcommand 'bogus'. Try COMMAND HELP.")
}

func TestInfo(t *testing.T) {
	c := authed(t)
	ctx := ctxT(t)
	c.Set(ctx, "a", "1", 0)
	c.Do(ctx, "set", "b", "2", "ex", "100")
	all := c.Info(ctx).Val()
	for _, want := range []string{
		"# Server\r\n", "redis_version:7.2.0\r\n", "cache_name:cache-test\r\n",
		"# Clients\r\n", "connected_clients:1\r\n",
		"# Memory\r\n", "maxmemory:1073741824\r\n", "maxmemory_human:1.00G\r\n",
		"# Keyspace\r\n", "db0:keys=2,expires=1,avg_ttl=0\r\n",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("INFO lacks %q:\n%s", want, all)
		}
	}
	mem := c.Info(ctx, "memory").Val()
	if !strings.HasPrefix(mem, "# Memory\r\n") || strings.Contains(mem, "# Server") {
		t.Fatalf("INFO memory = %q", mem)
	}
	if got := c.Info(ctx, "nosuch").Val(); got != "" {
		t.Fatalf("INFO nosuch = %q", got)
	}
	cfg, err := c.ConfigGet(ctx, "max*").Result()
	if err != nil || cfg["maxmemory"] != "1073741824" {
		t.Fatalf("CONFIG GET max* = %v, %v", cfg, err)
	}
}

func TestQuit(t *testing.T) {
	c := authed(t)
	ctx := ctxT(t)
	if got := do(t, c, "quit"); got != "OK" {
		t.Fatalf("QUIT = %v", got)
	}
	// The pool notices the closed connection and dials a new one.
	if err := c.Ping(ctx).Err(); err != nil {
		t.Logf("first command after QUIT: %v", err)
		if err := c.Ping(ctx).Err(); err != nil {
			t.Fatalf("reconnect after QUIT: %v", err)
		}
	}
}

func TestPipeline(t *testing.T) {
	c := authed(t)
	ctx := ctxT(t)
	const n = 500
	cmds, err := c.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i := range n {
			p.Set(ctx, fmt.Sprintf("k%d", i), i, 0)
			p.Incr(ctx, fmt.Sprintf("k%d", i))
		}
		p.Get(ctx, "k7")
		p.HSet(ctx, "k8", "f", "v") // WRONGTYPE in the middle of a pipeline
		p.DBSize(ctx)
		return nil
	})
	if err == nil {
		t.Fatal("pipeline with a WRONGTYPE command reported no error")
	}
	for i := range n {
		if v, err := cmds[2*i+1].(*redis.IntCmd).Result(); err != nil || v != int64(i+1) {
			t.Fatalf("INCR k%d = %d, %v", i, v, err)
		}
	}
	if v := cmds[2*n].(*redis.StringCmd).Val(); v != "8" {
		t.Fatalf("GET k7 = %q", v)
	}
	wantErr(t, cmds[2*n+1].Err(), "WRONGTYPE Operation against a key holding the wrong kind of value")
	if v := cmds[2*n+2].(*redis.IntCmd).Val(); v != n {
		t.Fatalf("DBSIZE = %d", v)
	}
}

// TestConcurrentClients runs many clients on overlapping keys; with -race
// it checks the keyspace locking.
func TestConcurrentClients(t *testing.T) {
	_, addr := startServer(t)
	ctx := ctxT(t)
	const workers, rounds = 16, 200
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := redis.NewClient(&redis.Options{Addr: addr, Password: testPrimary, PoolSize: 2})
			defer c.Close()
			for i := range rounds {
				if err := c.Incr(ctx, "shared").Err(); err != nil {
					errs <- err
					return
				}
				key := fmt.Sprintf("w%d-%d", w, i%10)
				if err := c.Set(ctx, key, i, 0).Err(); err != nil {
					errs <- err
					return
				}
				if i%20 == 0 {
					c.Info(ctx, "keyspace", "memory")
					c.Del(ctx, key)
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	c := newClient(t, addr, testPrimary)
	if v := c.Get(ctx, "shared").Val(); v != fmt.Sprint(workers*rounds) {
		t.Fatalf("shared counter = %s, want %d", v, workers*rounds)
	}
}
