//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package local

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The daemon runs in its state dir, not in the directory Terraform ran in.
func TestStartDetachedRunsInStateDir(t *testing.T) {
	dir := t.TempDir()
	log, err := os.Create(filepath.Join(dir, "log"))
	if err != nil {
		t.Fatal(err)
	}
	defer log.Close()
	// sh -c SCRIPT $0 $1: the script writes its working directory into $1.
	c, err := startDetached("/bin/sh", []string{"-c", `pwd -P > "$1/cwd"`, "--state-dir", dir}, os.Environ(), log)
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for done, _ := c.exited(); !done; done, _ = c.exited() {
		if time.Now().After(deadline) {
			t.Fatal("the child did not finish")
		}
		time.Sleep(10 * time.Millisecond)
	}
	got, err := os.ReadFile(filepath.Join(dir, "cwd"))
	if err != nil {
		t.Fatal(err)
	}
	want, err := filepath.EvalSymlinks(dir)
	if err != nil {
		t.Fatal(err)
	}
	if strings.TrimSpace(string(got)) != want {
		t.Fatalf("daemon ran in %q, want its state dir %q", strings.TrimSpace(string(got)), want)
	}
}

func TestStateDirArg(t *testing.T) {
	for args, want := range map[string]string{
		"sim serve --listen x --state-dir /d": "/d",
		"sim serve --state-dir=/e":            "/e",
		"sim serve":                           "",
	} {
		if got := stateDirArg(strings.Fields(args)); got != want {
			t.Errorf("%q: got %q, want %q", args, got, want)
		}
	}
}
