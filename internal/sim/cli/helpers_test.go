package cli_test

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/geocache/terraform-provider-geocache/internal/sim/cli"
)

// syncBuffer is a bytes.Buffer the daemon's goroutines may write to while
// a test reads it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// run calls cli.Run with fresh buffers.
func run(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut syncBuffer
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	code = cli.Run(ctx, args, &out, &errOut)
	return code, out.String(), errOut.String()
}

var listeningRE = regexp.MustCompile(`geocache simulator listening on (http://\S+) \(state (.+)\)`)

// daemon is `sim serve` running in a goroutine of the test.
type daemon struct {
	endpoint, stateDir string
	stdout, stderr     *syncBuffer
	cancel             context.CancelFunc
	done               chan int
}

// serve starts `sim serve ARGS` and waits for its listening line; the
// cleanup stops it and checks it exited cleanly.
func serve(t *testing.T, args ...string) *daemon {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	d := &daemon{stdout: &syncBuffer{}, stderr: &syncBuffer{}, cancel: cancel, done: make(chan int, 1)}
	go func() { d.done <- cli.Run(ctx, append([]string{"serve"}, args...), d.stdout, d.stderr) }()
	t.Cleanup(func() {
		cancel()
		select {
		case code := <-d.done:
			if code != 0 {
				t.Errorf("serve exited %d; stderr:\n%s", code, d.stderr)
			}
		case <-time.After(20 * time.Second):
			t.Errorf("serve did not stop after its context ended")
		}
	})
	deadline := time.After(20 * time.Second)
	for {
		if m := listeningRE.FindStringSubmatch(d.stdout.String()); m != nil {
			d.endpoint, d.stateDir = m[1], m[2]
			return d
		}
		select {
		case code := <-d.done:
			d.done <- code // let the cleanup see it too
			t.Fatalf("serve exited %d before listening; stderr:\n%s", code, d.stderr)
		case <-deadline:
			t.Fatalf("serve printed no listening line; stdout %q, stderr:\n%s", d.stdout, d.stderr)
		case <-time.After(10 * time.Millisecond):
		}
	}
}

// clearEnv keeps the developer's own simulator settings out of a test.
func clearEnv(t *testing.T) {
	t.Helper()
	for _, k := range []string{"GEOCACHE_ENDPOINT", "GEOCACHE_TOKEN", "GEOCACHE_STATE_DIR"} {
		t.Setenv(k, "")
	}
}

// columnOf returns where word starts in the first line of out that
// starts with prefix.
func columnOf(t *testing.T, out, prefix, word string) int {
	t.Helper()
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, prefix) {
			if i := strings.Index(line, word); i >= 0 {
				return i
			}
		}
	}
	t.Fatalf("no line starting %q holds %q in:\n%s", prefix, word, out)
	return -1
}
