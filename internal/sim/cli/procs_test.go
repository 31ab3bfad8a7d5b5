package cli_test

import (
	"testing"

	"github.com/geocache/terraform-provider-geocache/internal/sim/cli"
)

func TestServeProcsLeavesTheClientsACore(t *testing.T) {
	for _, c := range []struct {
		env         string
		procs, want int
	}{
		{"", 1, 1},
		{"", 2, 1},
		{"", 8, 7},
		{"3", 8, 3}, // the user's choice stands
		{"8", 2, 8}, // even above the core count
		{"0", 4, 3}, // not a valid GOMAXPROCS: the runtime ignores it too
		{"x", 4, 3},
		{"-2", 4, 3},
	} {
		if got := cli.ServeProcs(c.env, c.procs); got != c.want {
			t.Errorf("ServeProcs(%q, %d) = %d, want %d", c.env, c.procs, got, c.want)
		}
	}
}
