package resp

import (
	"errors"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/geocache/terraform-provider-geocache/internal/sim/dataset"
	"github.com/redis/go-redis/v9"
)

func TestMultiExec(t *testing.T) {
	c := authed(t)
	ctx := ctxT(t)
	cmds, err := c.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.Set(ctx, "a", "1", 0)
		p.Incr(ctx, "a")
		p.HSet(ctx, "a", "f", "v") // wrong type: fails at run time only
		p.Get(ctx, "a")
		return nil
	})
	var re redis.Error
	if !errors.As(err, &re) || err.Error() != wrongType {
		t.Fatalf("EXEC error = %v", err)
	}
	if got := cmds[1].(*redis.IntCmd).Val(); got != 2 {
		t.Fatalf("INCR in EXEC = %d", got)
	}
	if got := cmds[3].(*redis.StringCmd).Val(); got != "2" {
		t.Fatalf("GET in EXEC = %q", got)
	}

	// Queue-time errors abort the transaction.
	conn, r := rawConn(t, startAddr(t))
	send := func(line, want string) {
		t.Helper()
		if _, err := conn.Write([]byte(line + "\r\n")); err != nil {
			t.Fatal(err)
		}
		if got := readLine(t, r); got != want+"\r\n" {
			t.Fatalf("%s -> %q, want %q", line, got, want)
		}
	}
	send("AUTH "+testPrimary, "+OK")
	send("EXEC", "-ERR EXEC without MULTI")
	send("DISCARD", "-ERR DISCARD without MULTI")
	send("MULTI", "+OK")
	send("MULTI", "-ERR MULTI calls can not be nested")
	send("SET k v", "+QUEUED")
	send("GET", "-ERR wrong number of arguments for 'get' command")
	send("EXEC", "-EXECABORT Transaction discarded because of previous errors.")
	send("GET k", "$-1")
	send("MULTI", "+OK")
	send("SET k v", "+QUEUED")
	send("DISCARD", "+OK")
	send("EXISTS k", ":0")
	send("MULTI", "+OK")
	send("SUBSCRIBE ch", "-ERR Command not allowed inside a transaction")
	send("DISCARD", "+OK")
}

// startAddr starts a server and returns its address.
func startAddr(t *testing.T) string {
	_, addr := startServer(t)
	return addr
}

func TestWatch(t *testing.T) {
	_, addr := startServer(t)
	c := newClient(t, addr, testPrimary)
	other := newClient(t, addr, testPrimary)
	ctx := ctxT(t)
	c.Set(ctx, "w", "1", 0)
	err := c.Watch(ctx, func(tx *redis.Tx) error {
		other.Set(ctx, "w", "2", 0)
		_, err := tx.TxPipelined(ctx, func(p redis.Pipeliner) error {
			p.Set(ctx, "w", "mine", 0)
			return nil
		})
		return err
	}, "w")
	if !errors.Is(err, redis.TxFailedErr) {
		t.Fatalf("EXEC after a watched key changed: %v", err)
	}
	if v := c.Get(ctx, "w").Val(); v != "2" {
		t.Fatalf("w = %q", v)
	}
	err = c.Watch(ctx, func(tx *redis.Tx) error {
		_, err := tx.TxPipelined(ctx, func(p redis.Pipeliner) error {
			p.Set(ctx, "w", "mine", 0)
			return nil
		})
		return err
	}, "w")
	if err != nil || c.Get(ctx, "w").Val() != "mine" {
		t.Fatalf("unchallenged WATCH transaction: %v", err)
	}
}

func TestPubSub(t *testing.T) {
	s, addr := startServer(t)
	pub := newClient(t, addr, testPrimary)
	subc := newClient(t, addr, testPrimary)
	ctx := ctxT(t)
	ps := subc.Subscribe(ctx, "news")
	defer ps.Close()
	if _, err := ps.Receive(ctx); err != nil { // subscribe confirmation
		t.Fatal(err)
	}
	if err := ps.PSubscribe(ctx, "n*"); err != nil {
		t.Fatal(err)
	}
	if _, err := ps.Receive(ctx); err != nil {
		t.Fatal(err)
	}
	if n := pub.Publish(ctx, "news", "hello").Val(); n != 2 {
		t.Fatalf("PUBLISH = %d receivers, want 2", n)
	}
	got := map[string]bool{}
	for range 2 {
		m, err := ps.ReceiveMessage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		got[m.Pattern+"|"+m.Channel+"|"+m.Payload] = true
	}
	if !got["|news|hello"] || !got["n*|news|hello"] {
		t.Fatalf("messages %v", got)
	}
	// A message from a peer reaches local subscribers.
	if n := s.Dataset().Deliver("nx", []byte("from-peer")); n != 1 {
		t.Fatalf("Deliver = %d", n)
	}
	m, err := ps.ReceiveMessage(ctx)
	if err != nil || m.Payload != "from-peer" || m.Pattern != "n*" {
		t.Fatalf("peer message %+v, %v", m, err)
	}
	if err := ps.Ping(ctx, "hi"); err != nil {
		t.Fatal(err)
	}
	if v, err := ps.Receive(ctx); err != nil || v.(*redis.Pong).Payload != "hi" {
		t.Fatalf("PING in subscriber mode: %v %v", v, err)
	}
	if got := pub.PubSubNumSub(ctx, "news").Val(); got["news"] != 1 {
		t.Fatalf("PUBSUB NUMSUB = %v", got)
	}

	// Subscriber mode refuses other commands, with Redis's error.
	conn, r := rawConn(t, addr)
	conn.Write([]byte("AUTH " + testPrimary + "\r\nSUBSCRIBE a\r\nGET k\r\n"))
	lines := []string{"+OK\r\n", "*3\r\n", "$9\r\n", "subscribe\r\n", "$1\r\n", "a\r\n", ":1\r\n",
		"-ERR Can't execute 'get': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context\r\n"}
	for _, want := range lines {
		if got := readLine(t, r); got != want {
			t.Fatalf("got %q, want %q", got, want)
		}
	}
	conn.Write([]byte("UNSUBSCRIBE\r\nGET k\r\n"))
	for _, want := range []string{"*3\r\n", "$11\r\n", "unsubscribe\r\n", "$1\r\n", "a\r\n", ":0\r\n", "$-1\r\n"} {
		if got := readLine(t, r); got != want {
			t.Fatalf("after UNSUBSCRIBE got %q, want %q", got, want)
		}
	}
	conn.Write([]byte("QUIT\r\n"))
	if got := readLine(t, r); got != "+OK\r\n" {
		t.Fatalf("QUIT = %q", got)
	}
	wantClosed(t, r)
}

func TestPublishHookAndSlowSubscriber(t *testing.T) {
	ds := dataset.New(3)
	shipped := make(chan string, 1)
	ds.OnPublish(func(ch string, msg []byte) {
		select { // the flood below publishes too; keep the first only
		case shipped <- ch + "=" + string(msg):
		default:
		}
	})
	s, addr := startWith(t, ds)
	c := newClient(t, addr, testPrimary)
	c.Publish(ctxT(t), "c", "m")
	if got := <-shipped; got != "c=m" {
		t.Fatalf("hook got %q", got)
	}
	// A subscriber that never reads is disconnected, not a memory sink.
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.Write([]byte("AUTH " + testPrimary + "\r\nSUBSCRIBE flood\r\n"))
	deadline := time.Now().Add(5 * time.Second)
	for s.Dataset().NumSub("flood") == 0 {
		if time.Now().After(deadline) {
			t.Fatal("never subscribed")
		}
		time.Sleep(5 * time.Millisecond)
	}
	big := []byte(strings.Repeat("x", 64<<10))
	for i := 0; s.Dataset().NumSub("flood") > 0; i++ {
		s.Dataset().Publish("flood", big)
		if time.Now().After(deadline) {
			t.Fatal("slow subscriber never disconnected")
		}
		if i%64 == 0 {
			time.Sleep(time.Millisecond)
		}
	}
}

// startWith runs a server on ds, stopped when the test ends.
func startWith(t *testing.T, ds *dataset.Dataset) (*Server, string) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := New(Config{Name: "cache-test", Passwords: []string{testPrimary}, Dataset: ds})
	done := make(chan error, 1)
	go func() { done <- s.Serve(ln) }()
	t.Cleanup(func() {
		s.Close()
		if err := <-done; err != nil {
			t.Errorf("Serve: %v", err)
		}
	})
	return s, ln.Addr().String()
}

func TestFlushRefusedInGroupAndInfoCRDT(t *testing.T) {
	ds := dataset.New(42)
	_, addr := startWith(t, ds)
	c := newClient(t, addr, testPrimary)
	ctx := ctxT(t)
	c.Set(ctx, "k", "v", 0)
	if err := c.FlushAll(ctx).Err(); err != nil {
		t.Fatalf("standalone FLUSHALL: %v", err)
	}
	c.Set(ctx, "k", "v", 0)
	ds.SetInGroup(true)
	wantErr(t, c.FlushAll(ctx).Err(), "ERR FLUSHALL is not allowed on a member of an active-active group; flush through the control plane")
	wantErr(t, c.FlushDB(ctx).Err(), "ERR FLUSHDB is not allowed on a member of an active-active group; flush through the control plane")
	if n := c.DBSize(ctx).Val(); n != 1 {
		t.Fatalf("DBSIZE after refused flush = %d", n)
	}
	ds.SetLinkReporter(func() []dataset.LinkStatus {
		return []dataset.LinkStatus{{Peer: "cache-b", Region: "westeurope", State: "connected", Backlog: 3, LagMs: 1.25, LastAckSeq: 7}}
	})
	info := c.Info(ctx, "crdt").Val()
	for _, want := range []string{"# CRDT\r\n", "crdt_replica_id:42\r\n", "crdt_in_group:1\r\n", "crdt_peers:1\r\n",
		"crdt_peer0:peer=cache-b,region=westeurope,state=connected,backlog=3,lag_ms=1.250,last_ack_seq=7\r\n"} {
		if !strings.Contains(info, want) {
			t.Fatalf("INFO crdt lacks %q:\n%s", want, info)
		}
	}
	// INFO inside a transaction does not deadlock on the reporter.
	cmds, err := c.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.Info(ctx, "crdt")
		return nil
	})
	if err != nil || !strings.Contains(cmds[0].(*redis.StringCmd).Val(), "crdt_peer0:") {
		t.Fatalf("INFO in EXEC: %v", err)
	}
	// Writes are logged for replication since the cache joined.
	c.Incr(ctx, "n")
	if ds.LogLen() != 1 {
		t.Fatal("no ops logged in group mode")
	}
}
