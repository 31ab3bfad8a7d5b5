//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package local_test

import (
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/geocache/terraform-provider-geocache/internal/backend/local"
)

// readPids lists the pids daemons recorded in path.
func readPids(t *testing.T, path string) []int {
	t.Helper()
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	var pids []int
	for _, f := range strings.Fields(string(b)) {
		pid, err := strconv.Atoi(f)
		if err != nil {
			t.Fatalf("pid file: %v", err)
		}
		pids = append(pids, pid)
	}
	return pids
}

// stopDaemons sends SIGTERM to every daemon recorded in pidFile and waits
// until each has exited; they are this process's children, so waiting
// also reaps them.
func stopDaemons(t *testing.T, pidFile string) {
	t.Helper()
	for _, pid := range readPids(t, pidFile) {
		if err := syscall.Kill(pid, syscall.SIGTERM); err != nil && !errors.Is(err, syscall.ESRCH) {
			t.Errorf("SIGTERM %d: %v", pid, err)
			continue
		}
		deadline := time.Now().Add(15 * time.Second)
		for {
			var ws syscall.WaitStatus
			got, err := syscall.Wait4(pid, &ws, syscall.WNOHANG, nil)
			if errors.Is(err, syscall.ECHILD) || got == pid {
				if got == pid && !(ws.Exited() && ws.ExitStatus() == 0) {
					t.Errorf("daemon %d did not shut down cleanly: %v", pid, ws)
				}
				break
			}
			if time.Now().After(deadline) {
				_ = syscall.Kill(pid, syscall.SIGKILL)
				t.Errorf("daemon %d still running 15s after SIGTERM", pid)
				break
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
}

func TestAutoStartStartsOneDaemon(t *testing.T) {
	clearEnv(t)
	dir := filepath.Join(t.TempDir(), "state")
	pidFile := filepath.Join(t.TempDir(), "pids")
	addr := freeAddr(t)
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv(envDaemon, "1")
	t.Setenv(envPidFile, pidFile)
	t.Cleanup(func() {
		stopDaemons(t, pidFile)
		if resp, err := http.Get("http://" + addr + "/healthz"); err == nil {
			resp.Body.Close()
			t.Errorf("the simulator still answers at %s after SIGTERM", addr)
		}
	})

	// Parallel providers must agree on a single daemon.
	cfg := local.Config{Endpoint: addr, StateDir: dir, AutoStart: true, Executable: exe}
	var wg sync.WaitGroup
	clients := make([]*local.Client, 3)
	errs := make([]error, 3)
	for i := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			clients[i], errs[i] = local.Connect(testContext(t), cfg)
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatalf("Connect: %v", err)
		}
	}
	if pids := readPids(t, pidFile); len(pids) != 1 {
		t.Fatalf("%d daemons started, want 1", len(pids))
	}

	st, err := clients[0].Status(testContext(t))
	if err != nil {
		t.Fatal(err)
	}
	if st.StateDir != dir {
		t.Fatalf("daemon state dir %q, want %q", st.StateDir, dir)
	}
	for path, mode := range map[string]os.FileMode{dir: 0o700, filepath.Join(dir, "sim.log"): 0o600, filepath.Join(dir, "token"): 0o600} {
		info, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if info.Mode().Perm() != mode {
			t.Errorf("%s has mode %v, want %v", path, info.Mode().Perm(), mode)
		}
	}
}

func TestAutoStartReportsAnEarlyExit(t *testing.T) {
	clearEnv(t)
	dir := t.TempDir()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv(envDaemon, "fail")
	_, err = local.Connect(testContext(t), local.Config{Endpoint: freeAddr(t), StateDir: dir, AutoStart: true, Executable: exe})
	if err == nil || !strings.Contains(err.Error(), "exit status 3") || !strings.Contains(err.Error(), "refusing to start on purpose") ||
		!strings.Contains(err.Error(), filepath.Join(dir, "sim.log")) {
		t.Fatalf("got %v", err)
	}
}
