package sim

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/geocache/terraform-provider-geocache/internal/sim/simapi"
	"github.com/geocache/terraform-provider-geocache/internal/sim/store"
)

// childStateDir names the env var that turns the test binary into a
// simulator daemon for the kill -9 test.
const childStateDir = "GEOCACHE_SIM_TEST_CHILD_DIR"

func TestMain(m *testing.M) {
	if dir := os.Getenv(childStateDir); dir != "" {
		os.Exit(runChildDaemon(dir))
	}
	code := m.Run()
	if code == 0 {
		if err := checkNoLeftovers(); err != nil {
			fmt.Fprintln(os.Stderr, err)
			code = 1
		}
	}
	os.Exit(code)
}

// checkNoLeftovers fails the run if a goroutine of the simulator outlived
// the servers the tests closed.
func checkNoLeftovers() error {
	http.DefaultClient.CloseIdleConnections()
	deadline := time.Now().Add(5 * time.Second)
	for {
		buf := make([]byte, 1<<20)
		stacks := string(buf[:runtime.Stack(buf, true)])
		var leaked []string
		for _, g := range strings.Split(stacks, "\n\n") {
			if strings.Contains(g, "terraform-provider-geocache/internal/sim") && !strings.Contains(g, "checkNoLeftovers") {
				leaked = append(leaked, g)
			}
		}
		if len(leaked) == 0 {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("goroutines left behind:\n%s", strings.Join(leaked, "\n\n"))
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// runChildDaemon serves until killed, or until its parent goes away and
// closes stdin, so a failed test leaves no process behind.
func runChildDaemon(dir string) int {
	s, err := New(Config{StateDir: dir, Latency: LatencyRealistic, ProvisioningDelay: 2 * time.Second})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	if err := s.Start("127.0.0.1:0"); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	fmt.Println(s.Addr())
	_, _ = io.Copy(io.Discard, os.Stdin)
	if err := s.Close(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

// reopen starts a second server on the same state dir.
func reopen(t *testing.T, old *testServer) *testServer {
	t.Helper()
	if err := old.Close(); err != nil {
		t.Fatal(err)
	}
	return startServer(t, Config{StateDir: old.dir})
}

func TestRestartKeepsCachesPortsAndToken(t *testing.T) {
	ts := startServer(t, Config{})
	ts.createGroup("g")
	ts.createCache("a", simapi.CacheCreate{Region: "eastus", SKU: "Balanced_B3", ReplicationGroup: "g"})
	ts.createCache("b", simapi.CacheCreate{Region: "westeurope", SKU: "Balanced_B3", ReplicationGroup: "g"})
	ts.createCache("solo", simapi.CacheCreate{Region: "japaneast", SKU: "Balanced_B0"})
	before := map[string]simapi.Cache{
		"a":    ts.waitReady("a", "b"),
		"b":    ts.waitReady("b", "a"),
		"solo": ts.waitReady("solo"),
	}
	token := ts.Token()

	ts = reopen(t, ts)
	if ts.Token() != token {
		t.Fatal("token changed across restart")
	}
	peers := map[string][]string{"a": {"b"}, "b": {"a"}, "solo": nil}
	for name, old := range before {
		c := ts.waitReady(name, peers[name]...)
		if c.Port != old.Port || c.PrimaryAccessKey != old.PrimaryAccessKey {
			t.Fatalf("%s: port %d -> %d, or keys changed", name, old.Port, c.Port)
		}
		ping(t, c, c.PrimaryAccessKey)
	}
	if g := ts.getGroup("g"); len(g.Members) != 2 {
		t.Fatalf("group after restart: %+v", g)
	}
}

func TestRestartMovesACacheWhosePortIsTaken(t *testing.T) {
	ts := startServer(t, Config{})
	old := ts.createCache("a", simapi.CacheCreate{Region: "eastus", SKU: "Balanced_B3"})
	ts.waitReady("a")
	if err := ts.Close(); err != nil {
		t.Fatal(err)
	}
	squatter, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", fmt.Sprint(old.Port)))
	if err != nil {
		t.Fatal(err)
	}
	defer squatter.Close()
	ts = startServer(t, Config{StateDir: ts.dir})
	c := ts.waitReady("a")
	if c.Port == old.Port || c.Port == 0 {
		t.Fatalf("port %d, want a new one", c.Port)
	}
	ping(t, c, c.SecondaryAccessKey)
	// The new port is recorded, so the next start uses it.
	ts = reopen(t, ts)
	if again := ts.waitReady("a"); again.Port != c.Port {
		t.Fatalf("port %d after second restart, want %d", again.Port, c.Port)
	}
}

func TestSecondDaemonOnSameDirFails(t *testing.T) {
	ts := startServer(t, Config{})
	_, err := New(Config{StateDir: ts.dir})
	if err == nil || !strings.Contains(err.Error(), "in use") {
		t.Fatalf("second daemon: %v", err)
	}
}

func TestTokenFile(t *testing.T) {
	dir := t.TempDir()
	ts := startServer(t, Config{StateDir: dir})
	path := filepath.Join(dir, simapi.TokenFile)
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o600 {
		t.Fatalf("token file mode %v", info.Mode().Perm())
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if strings.TrimSpace(string(raw)) != ts.Token() || len(ts.Token()) < 32 {
		t.Fatal("token file does not hold the server's token")
	}

	given := startServer(t, Config{StateDir: filepath.Join(t.TempDir(), "new"), Token: "given"})
	if given.Token() != "given" {
		t.Fatalf("token %q", given.Token())
	}
	if _, err := os.Stat(filepath.Join(given.dir, simapi.TokenFile)); !os.IsNotExist(err) {
		t.Fatalf("a given token was written to disk: %v", err)
	}
	newDir, err := os.Stat(given.dir)
	if err != nil {
		t.Fatal(err)
	}
	if newDir.Mode().Perm() != 0o700 {
		t.Fatalf("created state dir mode %v", newDir.Mode().Perm())
	}
}

func TestSurvivesKill9(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a child process")
	}
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childStateDir+"="+dir)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	killed := false
	defer func() {
		if !killed {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
		}
		stdin.Close()
	}()
	addr, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		t.Fatalf("child did not report its address: %v", err)
	}
	tokenRaw, err := os.ReadFile(filepath.Join(dir, simapi.TokenFile))
	if err != nil {
		t.Fatal(err)
	}
	child := &testServer{t: t, dir: dir, endpoint: "http://" + strings.TrimSpace(addr), token: strings.TrimSpace(string(tokenRaw))}

	child.createGroup("g")
	child.createCache("a", simapi.CacheCreate{Region: "eastus", SKU: "Balanced_B3", ReplicationGroup: "g"})
	child.createCache("b", simapi.CacheCreate{Region: "northeurope", SKU: "Balanced_B3", ReplicationGroup: "g"})
	gone := child.createCache("gone", simapi.CacheCreate{Region: "westus", SKU: "Balanced_B3"})
	child.expect(child.do(http.MethodDelete, simapi.PathCaches+"/gone", nil), http.StatusAccepted, "")
	before := map[string]simapi.Cache{}
	for _, n := range []string{"a", "b"} {
		c, status := child.getCache(n)
		if status != http.StatusOK || c.ProvisioningState != "Creating" {
			t.Fatalf("%s before the kill: %d %+v", n, status, c)
		}
		before[n] = c
	}

	// Everything above is mid-transition: provisioning takes 2s.
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	killed = true
	_ = cmd.Wait()

	ts := startServer(t, Config{StateDir: dir})
	if ts.Token() != child.token {
		t.Fatal("token changed")
	}
	a := ts.waitReady("a", "b")
	b := ts.waitReady("b", "a")
	for _, c := range []simapi.Cache{a, b} {
		if c.Port != before[c.Name].Port || c.SecondaryAccessKey != before[c.Name].SecondaryAccessKey {
			t.Fatalf("%s changed across the crash: %+v", c.Name, c)
		}
		ping(t, c, c.PrimaryAccessKey)
	}
	ts.waitGone("gone")
	if ln, err := listenData(gone.Port); err == nil {
		ln.Close()
	} else {
		t.Fatalf("deleted cache's port %d still held: %v", gone.Port, err)
	}
}

func TestCloseMidTransitionResumesOnRestart(t *testing.T) {
	ts := startServer(t, Config{Latency: LatencyRealistic, ProvisioningDelay: time.Hour})
	ts.createGroup("g")
	ts.createCache("a", simapi.CacheCreate{Region: "eastus", SKU: "Balanced_B3", ReplicationGroup: "g"})
	ts.createCache("b", simapi.CacheCreate{Region: "japaneast", SKU: "Balanced_B3", ReplicationGroup: "g"})
	ts.expect(ts.do(http.MethodDelete, simapi.PathCaches+"/b", nil), http.StatusAccepted, "")
	// Close must not wait for the hour of provisioning.
	start := time.Now()
	if err := ts.Close(); err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took > 5*time.Second {
		t.Fatalf("close took %v", took)
	}
	// Provisioning ends at the recorded time; move it to now to resume.
	err := func() error {
		st, err := store.Open(filepath.Join(ts.dir, stateFile), time.Second)
		if err != nil {
			return err
		}
		defer st.Close()
		return st.Update(func(tx *store.Tx) error {
			for _, n := range []string{"a", "b"} {
				c, err := tx.Cache(n)
				if err != nil {
					return err
				}
				if c.State == "Succeeded" {
					return fmt.Errorf("%s provisioned early", n)
				}
				c.ReadyAt = time.Now()
				if err := tx.PutCache(c); err != nil {
					return err
				}
			}
			return nil
		})
	}()
	if err != nil {
		t.Fatal(err)
	}
	ts = startServer(t, Config{StateDir: ts.dir})
	ts.waitReady("a")
	ts.waitGone("b")
}
