package resp

import (
	"context"
	"net"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// TestRedisCLI drives the real redis-cli when it is installed.
func TestRedisCLI(t *testing.T) {
	cli, err := exec.LookPath("redis-cli")
	if err != nil {
		t.Skip("redis-cli not on PATH; skipping the redis-cli interoperability test")
	}
	_, addr := startServer(t)
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		t.Fatal(err)
	}
	run := func(password string, args ...string) string {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		base := []string{"-h", host, "-p", port, "--no-auth-warning"}
		if password != "" {
			base = append(base, "-a", password)
		}
		out, err := exec.CommandContext(ctx, cli, append(base, args...)...).CombinedOutput()
		if err != nil {
			t.Fatalf("redis-cli %v: %v\n%s", args, err, out)
		}
		return strings.TrimSpace(string(out))
	}
	if got := run("", "PING"); !strings.Contains(got, "NOAUTH") {
		t.Fatalf("PING without a password = %q", got)
	}
	if got := run(testPrimary, "SET", "greeting", "hello world"); got != "OK" {
		t.Fatalf("SET = %q", got)
	}
	if got := run(testSecondary, "GET", "greeting"); got != "hello world" {
		t.Fatalf("GET = %q", got)
	}
	if got := run(testPrimary, "INCRBY", "n", "5"); got != "5" {
		t.Fatalf("INCRBY = %q", got)
	}
	if got := run(testPrimary, "INFO", "server"); !strings.Contains(got, "redis_version:7.2.0") {
		t.Fatalf("INFO server = %q", got)
	}
}
