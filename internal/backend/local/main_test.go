package local_test

import (
	"context"
	"fmt"
	"os"
	"testing"

	"github.com/geocache/terraform-provider-geocache/internal/sim/cli"
)

// Auto-start tests run this test binary as the simulator: with envDaemon
// set it records its pid and behaves like `terraform-provider-geocache`.
const (
	envDaemon  = "GEOCACHE_LOCAL_TEST_DAEMON"
	envPidFile = "GEOCACHE_LOCAL_TEST_PIDFILE"
)

func TestMain(m *testing.M) {
	switch os.Getenv(envDaemon) {
	case "1":
		os.Exit(runAsDaemon())
	case "fail":
		fmt.Fprintln(os.Stderr, "refusing to start on purpose")
		os.Exit(3)
	}
	os.Exit(m.Run())
}

func runAsDaemon() int {
	if path := os.Getenv(envPidFile); path != "" {
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		fmt.Fprintln(f, os.Getpid())
		f.Close()
	}
	return cli.Run(context.Background(), os.Args[1:], os.Stdout, os.Stderr)
}
