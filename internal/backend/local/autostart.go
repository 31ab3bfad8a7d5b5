package local

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/geocache/terraform-provider-geocache/internal/ctxtime"
	"github.com/geocache/terraform-provider-geocache/internal/sim/simapi"
)

const (
	startTimeout  = 30 * time.Second
	pollInterval  = 100 * time.Millisecond
	lockFileName  = "autostart.lock"
	logTailLines  = 20
	logTailMaxLen = 4096
)

// start runs the simulator detached so it outlives this process, holding a
// lock in the state dir so parallel providers start a single daemon.
func (c *Client) start(ctx context.Context, exe string) error {
	u, err := url.Parse(c.endpoint)
	if err != nil {
		return fmt.Errorf("invalid simulator endpoint %q: %w", c.endpoint, err)
	}
	if u.Scheme != "http" || !isLoopbackHost(u.Hostname()) || (u.Path != "" && u.Path != "/") {
		return fmt.Errorf("no geocache simulator answers at %s, and auto_start only starts one at a plain http loopback endpoint (such as http://%s)",
			c.endpoint, simapi.DefaultAddr)
	}
	port := u.Port()
	if port == "" {
		port = "80"
	}
	listen := net.JoinHostPort(u.Hostname(), port)

	if exe == "" {
		if exe, err = os.Executable(); err != nil {
			return fmt.Errorf("auto_start cannot find its own executable to start the simulator: %w", err)
		}
	}
	if err := os.MkdirAll(c.stateDir, 0o700); err != nil {
		return fmt.Errorf("auto_start cannot create the state dir: %w", err)
	}
	unlock, err := lockExclusive(ctx, filepath.Join(c.stateDir, lockFileName))
	if err != nil {
		return err
	}
	defer unlock()

	// Another provider may have started the daemon while this one waited.
	if err := c.probe(ctx); err == nil {
		return nil
	} else if !isUnreachable(err) {
		return err
	}
	return c.spawn(ctx, exe, listen)
}

func (c *Client) spawn(ctx context.Context, exe, listen string) error {
	logFile := logPath(c.stateDir)
	f, err := os.OpenFile(logFile, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("auto_start cannot open the simulator log: %w", err)
	}
	// An older log may have been created with looser permissions; it can
	// hold what the daemon says about its state dir.
	_ = f.Chmod(0o600)
	var offset int64
	if st, err := f.Stat(); err == nil {
		offset = st.Size()
	}
	args := []string{"sim", "serve", "--listen", listen, "--state-dir", c.stateDir}
	proc, err := startDetached(exe, args, c.childEnv(), f)
	// The child holds its own descriptor; ours is no longer needed.
	f.Close()
	if err != nil {
		return fmt.Errorf("auto_start could not run %s: %w", exe, err)
	}
	command := exe + " " + strings.Join(args, " ")

	deadline := time.Now().Add(startTimeout)
	for {
		if err := c.probe(ctx); err == nil {
			proc.release()
			return nil
		} else if !isUnreachable(err) {
			proc.release()
			return err
		}
		if exited, status := proc.exited(); exited {
			// Exiting early is what a daemon does when one that started
			// meanwhile holds the port: that one serves just as well.
			if c.probeFor(ctx, 2*time.Second) == nil {
				return nil
			}
			return fmt.Errorf("the simulator started by auto_start (%s) exited (%s) before answering at %s; last lines of %s:\n%s",
				command, status, c.endpoint, logFile, c.logTail(logFile, offset))
		}
		if time.Now().After(deadline) {
			proc.release()
			return fmt.Errorf("the simulator started by auto_start (%s, pid %d) did not answer at %s within %s; last lines of %s:\n%s",
				command, proc.pid, c.endpoint, startTimeout, logFile, c.logTail(logFile, offset))
		}
		if err := ctxtime.Sleep(ctx, pollInterval); err != nil {
			proc.release()
			return fmt.Errorf("waiting for the simulator started by auto_start at %s: %w", c.endpoint, err)
		}
	}
}

// probeFor polls the health probe until it answers or d passes.
func (c *Client) probeFor(ctx context.Context, d time.Duration) error {
	deadline := time.Now().Add(d)
	for {
		err := c.probe(ctx)
		if err == nil || !isUnreachable(err) || time.Now().After(deadline) {
			return err
		}
		if err := ctxtime.Sleep(ctx, pollInterval); err != nil {
			return err
		}
	}
}

// childEnv passes the configured token through the environment, not the
// command line where any local user could read it, and drops the variables
// Terraform sets for plugins since the daemon is not one.
func (c *Client) childEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if name == simapi.EnvToken || name == "TF_PLUGIN_MAGIC_COOKIE" || strings.HasPrefix(name, "PLUGIN_") {
			continue
		}
		env = append(env, kv)
	}
	if c.token != "" {
		env = append(env, simapi.EnvToken+"="+c.token)
	}
	return env
}

// logTail returns the last lines the daemon wrote since offset, with any
// known token blanked out.
func (c *Client) logTail(path string, offset int64) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return fmt.Sprintf("(cannot read the log: %v)", err)
	}
	if offset <= int64(len(b)) {
		b = b[offset:]
	}
	if len(b) > logTailMaxLen {
		b = b[len(b)-logTailMaxLen:]
	}
	lines := bytes.Split(bytes.TrimRight(b, "\n"), []byte("\n"))
	if len(lines) > logTailLines {
		lines = lines[len(lines)-logTailLines:]
	}
	tail := string(bytes.Join(lines, []byte("\n")))
	if strings.TrimSpace(tail) == "" {
		return "(the log is empty)"
	}
	for _, secret := range []string{c.token, tokenOrEmpty(c.stateDir)} {
		if secret != "" {
			tail = strings.ReplaceAll(tail, secret, "[token]")
		}
	}
	return tail
}

func tokenOrEmpty(stateDir string) string {
	tok, err := readTokenFile(stateDir)
	if err != nil {
		return ""
	}
	return tok
}

func isUnreachable(err error) bool {
	var down *unreachableError
	return errors.As(err, &down)
}
