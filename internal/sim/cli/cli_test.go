package cli_test

import (
	"context"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/geocache/terraform-provider-geocache/internal/backend"
	"github.com/geocache/terraform-provider-geocache/internal/backend/local"
	"github.com/geocache/terraform-provider-geocache/internal/sim"
)

func TestServeThenStatus(t *testing.T) {
	clearEnv(t)
	dir := t.TempDir()
	d := serve(t, "--listen", "127.0.0.1:0", "--state-dir", dir, "--latency", "off", "--provisioning-delay", "0s")
	if d.stateDir != dir {
		t.Fatalf("serve reports state %q, want %q", d.stateDir, dir)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	c, err := local.Connect(ctx, local.Config{Endpoint: d.endpoint, StateDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.CreateReplicationGroup(ctx, "geo"); err != nil {
		t.Fatal(err)
	}
	for _, spec := range []backend.CacheSpec{
		{Name: "c-east", Region: "eastus", SKU: "Balanced_B3", ReplicationGroupID: "geo"},
		{Name: "c-west", Region: "westeurope", SKU: "Balanced_B3", ReplicationGroupID: "geo"},
	} {
		if _, err := c.CreateCache(ctx, spec); err != nil {
			t.Fatal(err)
		}
	}
	for _, id := range []string{"c-east", "c-west"} {
		for {
			got, err := c.GetCache(ctx, id)
			if err == nil && got.Ready() {
				break
			}
			if ctx.Err() != nil {
				t.Fatalf("%s never became ready: %+v %v", id, got, err)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	east, err := c.GetCache(ctx, "c-east")
	if err != nil {
		t.Fatal(err)
	}

	code, out, errOut := run(t, "status", "--endpoint", d.endpoint, "--state-dir", dir)
	if code != 0 {
		t.Fatalf("status exited %d: %s", code, errOut)
	}
	for _, want := range []string{
		d.endpoint, "latency off", "Partitions: none", "Caches (2)", "Replication groups (1)",
		east.Hostname + ":" + itoa(east.Port), "c-west(Linked)", "c-east@eastus(Linked),c-west@westeurope(Linked)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("status output lacks %q:\n%s", want, out)
		}
	}
	// Columns line up under their headers.
	for _, col := range [][2]string{{"REGION", "eastus"}, {"SKU", "Balanced_B3"}, {"GROUP", "geo "}, {"STATE", "Succeeded"}} {
		if h, v := columnOf(t, out, "NAME ", col[0]), columnOf(t, out, "c-east ", col[1]); h != v {
			t.Errorf("column %s starts at %d, its value at %d:\n%s", col[0], h, v, out)
		}
	}

	// The same simulator found through the environment, as the provider would.
	t.Setenv("GEOCACHE_ENDPOINT", strings.TrimPrefix(d.endpoint, "http://"))
	t.Setenv("GEOCACHE_STATE_DIR", dir)
	if code, _, errOut := run(t, "sim", "status"); code != 0 {
		t.Fatalf("status from the environment exited %d: %s", code, errOut)
	}
}

func TestServeUsesTheTokenFromTheEnvironment(t *testing.T) {
	clearEnv(t)
	const token = "env-token-for-serve-0123456789"
	t.Setenv("GEOCACHE_TOKEN", token)
	d := serve(t, "--listen", "127.0.0.1:0", "--state-dir", t.TempDir(), "--latency", "off")

	// Another state dir holds no token file: only the variable can work.
	if code, _, errOut := run(t, "status", "--endpoint", d.endpoint, "--state-dir", t.TempDir()); code != 0 {
		t.Fatalf("status exited %d: %s", code, errOut)
	}
	code, _, errOut := run(t, "status", "--endpoint", d.endpoint, "--token", "wrong-token")
	if code != 1 || !strings.Contains(errOut, "rejected the token") || strings.Contains(errOut, "wrong-token") {
		t.Fatalf("status with a wrong token exited %d: %s", code, errOut)
	}
	if strings.Contains(d.stdout.String()+d.stderr.String(), token) {
		t.Fatal("serve printed its token")
	}
}

func TestStatusWithoutSimulator(t *testing.T) {
	clearEnv(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	code, out, errOut := run(t, "status", "--endpoint", addr, "--token", "t", "--state-dir", t.TempDir())
	if code != 1 || out != "" || !strings.Contains(errOut, "http://"+addr) || !strings.Contains(errOut, "sim serve") {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}
}

func TestServeFailsOnABusyAddress(t *testing.T) {
	clearEnv(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	code, _, errOut := run(t, "serve", "--listen", ln.Addr().String(), "--state-dir", t.TempDir())
	if code != 1 || !strings.Contains(errOut, ln.Addr().String()) {
		t.Fatalf("exit %d: %s", code, errOut)
	}
}

func TestUsageErrors(t *testing.T) {
	clearEnv(t)
	for _, args := range [][]string{
		{},
		{"sim"},
		{"bogus"},
		{"partition", "eastus"},
		{"heal", "eastus"},
		{"latency", "eastus", "westus", "fast"},
		{"latency", "eastus"},
		{"flush"},
		{"flush", "a", "b"},
		{"partition", "--bogus"},
		{"partition", "eastus", "westus", "--endpoint"},
		{"heal", "--bogus"},
		{"latency", "--bogus", "reset"},
		{"latency", "eastus", "westus", "120ms", "--token"},
		{"flush", "--bogus", "a"},
		{"flush", "a", "--state-dir"},
		{"serve", "--bogus"},
		{"serve", "--latency", "slow"},
		{"serve", "--provisioning-delay", "soon"},
		{"serve", "--provisioning-delay", "-1s"},
		{"status", "extra"},
		{"version", "--short"},
		{"help", "bogus"},
	} {
		code, out, errOut := run(t, args...)
		if code != 2 || out != "" || !strings.Contains(errOut, "Usage: terraform-provider-geocache sim") {
			t.Errorf("%q: exit %d, stdout %q, stderr %q", args, code, out, errOut)
		}
	}
}

func TestVersionAndHelp(t *testing.T) {
	code, out, _ := run(t, "version")
	if code != 0 || !strings.Contains(out, sim.Version) {
		t.Fatalf("version: exit %d, %q", code, out)
	}
	code, out, _ = run(t, "sim", "help")
	if code != 0 || !strings.Contains(out, "serve") || !strings.Contains(out, "status") || !strings.Contains(out, "version") {
		t.Fatalf("help: exit %d, %q", code, out)
	}
	code, out, _ = run(t, "help", "serve")
	for _, flag := range []string{"-listen", "-state-dir", "-token", "-latency", "-provisioning-delay"} {
		if code != 0 || !strings.Contains(out, flag) {
			t.Fatalf("help serve: exit %d, lacks %s: %q", code, flag, out)
		}
	}
	if code, _, errOut := run(t, "status", "-h"); code != 0 || !strings.Contains(errOut, "-endpoint") {
		t.Fatalf("status -h: exit %d, %q", code, errOut)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
