//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package local

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"

	"github.com/geocache/terraform-provider-geocache/internal/ctxtime"
)

// lockExclusive takes an exclusive flock on path, polling so that ctx can
// end the wait. The returned function releases it.
func lockExclusive(ctx context.Context, path string) (func(), error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("auto_start cannot open its lock file: %w", err)
	}
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			return func() {
				_ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
				f.Close()
			}, nil
		}
		if !errors.Is(err, syscall.EWOULDBLOCK) && !errors.Is(err, syscall.EINTR) {
			f.Close()
			return nil, fmt.Errorf("auto_start cannot lock %s: %w", path, err)
		}
		if err := ctxtime.Sleep(ctx, pollInterval); err != nil {
			f.Close()
			return nil, fmt.Errorf("waiting for another provider starting the simulator (lock %s): %w", path, err)
		}
	}
}

// child is a daemon started by auto-start, watched until it answers.
type child struct {
	pid  int
	proc *os.Process
	done bool
}

// startDetached runs exe in a session of its own, so the daemon survives
// Terraform ending the provider's process group, with stdin on /dev/null,
// its output in log, and its working directory in its state dir (the
// --state-dir of args): it outlives the Terraform run that started it, and
// should hold no other directory open or in use.
func startDetached(exe string, args, env []string, log *os.File) (*child, error) {
	cmd := exec.Command(exe, args...)
	cmd.Dir = stateDirArg(args)
	cmd.Env = env
	cmd.Stdin = nil // os/exec connects a nil Stdin to /dev/null
	cmd.Stdout = log
	cmd.Stderr = log
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	return &child{pid: cmd.Process.Pid, proc: cmd.Process}, nil
}

// exited reaps the child without blocking if it has ended; os.Process has
// no non-blocking wait, and a blocking one would tie a goroutine to the
// daemon for as long as it lives.
func (c *child) exited() (bool, string) {
	if c.done {
		return true, "already reaped"
	}
	var ws syscall.WaitStatus
	pid, err := syscall.Wait4(c.pid, &ws, syscall.WNOHANG, nil)
	if err != nil {
		if errors.Is(err, syscall.EINTR) {
			return false, ""
		}
		c.release()
		return true, "cannot watch it: " + err.Error()
	}
	if pid != c.pid {
		return false, ""
	}
	c.release()
	switch {
	case ws.Exited():
		return true, fmt.Sprintf("exit status %d", ws.ExitStatus())
	case ws.Signaled():
		return true, "killed by " + ws.Signal().String()
	default:
		return true, "status " + fmt.Sprint(int(ws))
	}
}

// release lets the daemon go on alone.
func (c *child) release() {
	if !c.done {
		c.done = true
		_ = c.proc.Release()
	}
}

// stateDirArg returns the value of --state-dir in args, or "" (the current
// directory) if there is none.
func stateDirArg(args []string) string {
	for i, a := range args {
		if v, ok := strings.CutPrefix(a, "--state-dir="); ok {
			return v
		}
		if a == "--state-dir" && i+1 < len(args) {
			return args[i+1]
		}
	}
	return ""
}
