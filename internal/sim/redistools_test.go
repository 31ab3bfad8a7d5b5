package sim

import (
	"context"
	"net/http"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/geocache/terraform-provider-geocache/internal/sim/simapi"
)

// TestRedisToolsAgainstGroupMembers drives Debian's redis-cli and
// redis-benchmark against members of a three-region group: what one tool
// writes on one member must reach the others.
func TestRedisToolsAgainstGroupMembers(t *testing.T) {
	cli, errCLI := exec.LookPath("redis-cli")
	bench, errBench := exec.LookPath("redis-benchmark")
	if errCLI != nil || errBench != nil {
		t.Skip("redis-cli or redis-benchmark not on PATH (Debian package redis-tools); skipping")
	}
	ts := startServer(t, Config{})
	clients := ts.group(threeRegions...)
	members := make([]simapi.Cache, len(threeRegions))
	for i := range members {
		var status int
		members[i], status = ts.getCache("r" + strconv.Itoa(i))
		if status != http.StatusOK {
			t.Fatalf("GET r%d: status %d", i, status)
		}
	}
	run := func(tool string, c simapi.Cache, args ...string) string {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		defer cancel()
		base := []string{"-h", c.Hostname, "-p", strconv.Itoa(c.Port), "-a", c.PrimaryAccessKey}
		if tool == cli {
			base = append(base, "--no-auth-warning")
		}
		out, err := exec.CommandContext(ctx, tool, append(base, args...)...).CombinedOutput()
		if err != nil {
			t.Fatalf("%s %v: %v\n%s", tool, args, err, out)
		}
		return strings.TrimSpace(string(out))
	}

	if got := run(cli, members[0], "SET", "written-by", "redis-cli"); got != "OK" {
		t.Fatalf("redis-cli SET on r0 = %q", got)
	}
	converged(t, clients, "redis-cli write", "redis-cli", getKey("written-by"))
	eventually(t, "redis-cli read on r2", func() bool {
		return run(cli, members[2], "GET", "written-by") == "redis-cli"
	})
	if got := run(cli, members[1], "FLUSHALL"); !strings.Contains(got, "not allowed") {
		t.Fatalf("redis-cli FLUSHALL on a group member = %q, want a refusal", got)
	}

	// Without -r, redis-benchmark's INCR test hits one key, so the count
	// every member converges to is exactly the number of requests.
	const requests = 2000
	out := run(bench, members[1], "-t", "set,get,incr", "-n", strconv.Itoa(requests), "-c", "4", "-q")
	for _, test := range []string{"SET", "GET", "INCR"} {
		if !strings.Contains(out, test+": ") || !strings.Contains(out, "requests per second") {
			t.Fatalf("redis-benchmark output lacks %s results:\n%s", test, out)
		}
	}
	converged(t, clients, "redis-benchmark INCR count", strconv.Itoa(requests), getKey("counter:__rand_int__"))
}
