//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package cli_test

import (
	"os"
	"syscall"
	"testing"
	"time"
)

// SIGTERM shuts serve down cleanly; serve has its handler installed before
// it prints the listening line, so the signal cannot kill the test.
func TestServeStopsOnSIGTERM(t *testing.T) {
	clearEnv(t)
	d := serve(t, "--listen", "127.0.0.1:0", "--state-dir", t.TempDir(), "--latency", "off")
	if err := syscall.Kill(os.Getpid(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case code := <-d.done:
		d.done <- code
		if code != 0 {
			t.Fatalf("serve exited %d after SIGTERM: %s", code, d.stderr)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("serve ignored SIGTERM")
	}
}
