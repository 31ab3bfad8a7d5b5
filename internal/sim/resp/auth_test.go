package resp

import (
	"testing"
)

func TestAuthRequired(t *testing.T) {
	_, addr := startServer(t)
	c := newClient(t, addr, "")
	ctx := ctxT(t)
	wantErr(t, c.Ping(ctx).Err(), "NOAUTH Authentication required.")
	wantErr(t, c.Get(ctx, "k").Err(), "NOAUTH Authentication required.")
	// Unknown commands and arity are reported before authentication.
	wantErr(t, c.Do(ctx, "nosuch").Err(), "ERR unknown command 'nosuch', with args beginning with: ")
	wantErr(t, c.Do(ctx, "get").Err(), "ERR wrong number of arguments for 'get' command")
	wantErr(t, c.Do(ctx, "auth", "wrong").Err(), "WRONGPASS invalid username-password pair or user is disabled.")
	wantErr(t, c.Do(ctx, "auth", "someone", testPrimary).Err(), "WRONGPASS invalid username-password pair or user is disabled.")
	wantErr(t, c.Do(ctx, "auth", "a", "b", "c").Err(), "ERR wrong number of arguments for 'auth' command")
	wantErr(t, c.Do(ctx, "hello").Err(), errHelloAuth)
	if err := c.Do(ctx, "auth", "default", testPrimary).Err(); err != nil {
		t.Fatalf("AUTH default: %v", err)
	}
	if got := c.Ping(ctx).Val(); got != "PONG" {
		t.Fatalf("PING after AUTH = %q", got)
	}
	// A failed AUTH leaves an authenticated connection authenticated.
	wantErr(t, c.Do(ctx, "auth", "bad").Err(), errWrongPass)
	if err := c.Ping(ctx).Err(); err != nil {
		t.Fatalf("PING after failed re-AUTH: %v", err)
	}
}

func TestGoRedisConnectsWithEitherKey(t *testing.T) {
	_, addr := startServer(t)
	for _, pw := range []string{testPrimary, testSecondary} {
		c := newClient(t, addr, pw)
		if err := c.Set(ctxT(t), "k", "v", 0).Err(); err != nil {
			t.Fatalf("SET with key %q...: %v", pw[:4], err)
		}
	}
	bad := newClient(t, addr, "not-a-key")
	err := bad.Ping(ctxT(t)).Err()
	if err == nil || err.Error() != "WRONGPASS invalid username-password pair or user is disabled." {
		t.Fatalf("wrong password: got %v", err)
	}
}

func TestSetPasswordsRotates(t *testing.T) {
	s, addr := startServer(t)
	old := newClient(t, addr, testPrimary)
	if err := old.Ping(ctxT(t)).Err(); err != nil {
		t.Fatal(err)
	}
	s.SetPasswords([]string{"new-primary", testSecondary})
	// An authenticated connection survives the rotation.
	if err := old.Ping(ctxT(t)).Err(); err != nil {
		t.Fatalf("existing connection after rotation: %v", err)
	}
	wantErr(t, newClient(t, addr, testPrimary).Ping(ctxT(t)).Err(), errWrongPass)
	if err := newClient(t, addr, "new-primary").Ping(ctxT(t)).Err(); err != nil {
		t.Fatalf("new key: %v", err)
	}
}

func TestHello(t *testing.T) {
	_, addr := startServer(t)
	c := newClient(t, addr, "")
	ctx := ctxT(t)
	wantErr(t, c.Do(ctx, "hello", "3", "auth", "default", testPrimary).Err(), "NOPROTO unsupported protocol version")
	wantErr(t, c.Do(ctx, "hello", "x").Err(), "ERR Protocol version is not an integer or out of range")
	wantErr(t, c.Do(ctx, "hello", "2", "auth", "default", "bad").Err(), errWrongPass)
	wantErr(t, c.Do(ctx, "hello", "2", "bogus").Err(), "ERR Syntax error in HELLO option 'bogus'")
	v, err := c.Do(ctx, "hello", "2", "AUTH", "default", testSecondary, "SETNAME", "app").Slice()
	if err != nil {
		t.Fatalf("HELLO 2 AUTH: %v", err)
	}
	if len(v) != 14 || v[0] != "server" || v[3] != redisVersion || v[5] != int64(2) || v[9] != "standalone" {
		t.Fatalf("HELLO reply = %#v", v)
	}
	if got := do(t, c, "client", "getname"); got != "app" {
		t.Fatalf("name after HELLO SETNAME = %v", got)
	}
}
