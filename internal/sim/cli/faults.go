package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/geocache/terraform-provider-geocache/internal/backend/local"
	"github.com/geocache/terraform-provider-geocache/internal/sim/simapi"
)

// connFlags are the flags every command that talks to a running simulator
// takes; they find it as `sim status` and the provider do.
func connFlags(fs *flag.FlagSet) *statusOptions {
	o := &statusOptions{}
	fs.StringVar(&o.endpoint, "endpoint", "", "simulator `URL` or host:port (default $"+simapi.EnvEndpoint+", else http://"+simapi.DefaultAddr+")")
	fs.StringVar(&o.token, "token", "", "control-plane bearer `token` (default $"+simapi.EnvToken+", else the state dir's token file)")
	fs.StringVar(&o.stateDir, "state-dir", "", "`folder` whose token file to read (default $"+simapi.EnvStateDir+", else ~/"+simapi.DefaultDir+")")
	return o
}

func partitionFlags(w io.Writer) (*flag.FlagSet, *statusOptions) {
	fs := newFlagSet("partition", "partition REGION_A REGION_B [--endpoint E] [--token T] [--state-dir D]", w)
	return fs, connFlags(fs)
}

func healFlags(w io.Writer) (*flag.FlagSet, *statusOptions) {
	fs := newFlagSet("heal", "heal [REGION_A REGION_B] [--endpoint E] [--token T] [--state-dir D]\n\nWithout regions every partition is healed.", w)
	return fs, connFlags(fs)
}

func latencyFlags(w io.Writer) (*flag.FlagSet, *statusOptions) {
	fs := newFlagSet("latency", "latency REGION_A REGION_B DURATION|reset [--endpoint E] [--token T] [--state-dir D]\n"+
		"       terraform-provider-geocache sim latency reset\n\n"+
		"Sets the one-way latency between two regions, both ways (such as 120ms, or 0s);\n"+
		"reset returns the pair, or with no regions every pair, to the simulator's own latency.", w)
	return fs, connFlags(fs)
}

func flushFlags(w io.Writer) (*flag.FlagSet, *statusOptions) {
	fs := newFlagSet("flush", "flush CACHE [--endpoint E] [--token T] [--state-dir D]\n\nEmpties the cache, and every member of its replication group.", w)
	return fs, connFlags(fs)
}

// parseArgs parses flags placed before or after the positional arguments
// and checks their count is one of counts.
func parseArgs(fs *flag.FlagSet, args []string, counts ...int) ([]string, int, bool) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			// fs has already reported the error and its usage.
			if errors.Is(err, flag.ErrHelp) {
				return nil, exitOK, false
			}
			return nil, exitUsage, false
		}
		if fs.NArg() == 0 {
			break
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
	for _, n := range counts {
		if len(pos) == n {
			return pos, exitOK, true
		}
	}
	fmt.Fprintf(fs.Output(), "%s: wrong number of arguments: %q\n\n", fs.Name(), strings.Join(pos, " "))
	fs.Usage()
	return nil, exitUsage, false
}

// connect finds the running simulator; it never starts one, since a fault
// injected into a simulator nobody else uses would do nothing.
func connect(ctx context.Context, o *statusOptions) (*local.Client, error) {
	return local.Connect(ctx, local.Config{Endpoint: o.endpoint, Token: o.token, StateDir: o.stateDir})
}

func runPartition(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs, o := partitionFlags(stderr)
	pos, code, ok := parseArgs(fs, args, 2)
	if !ok {
		return code
	}
	return faultCommand(ctx, "partition", o, stdout, stderr, func(c *local.Client) (*simapi.Faults, error) {
		return c.Partition(ctx, pos[0], pos[1])
	})
}

func runHeal(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs, o := healFlags(stderr)
	pos, code, ok := parseArgs(fs, args, 0, 2)
	if !ok {
		return code
	}
	return faultCommand(ctx, "heal", o, stdout, stderr, func(c *local.Client) (*simapi.Faults, error) {
		if len(pos) == 0 {
			return c.Heal(ctx, "", "")
		}
		return c.Heal(ctx, pos[0], pos[1])
	})
}

func runLatency(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs, o := latencyFlags(stderr)
	pos, code, ok := parseArgs(fs, args, 1, 3)
	if !ok {
		return code
	}
	last := pos[len(pos)-1]
	if len(pos) == 1 && last != "reset" {
		fmt.Fprintf(stderr, "sim latency: give REGION_A REGION_B DURATION, or reset\n\n")
		fs.Usage()
		return exitUsage
	}
	var d time.Duration
	if last != "reset" {
		var err error
		if d, err = time.ParseDuration(last); err != nil || d < 0 {
			fmt.Fprintf(stderr, "sim latency: %q is not a duration such as 120ms\n\n", last)
			fs.Usage()
			return exitUsage
		}
	}
	return faultCommand(ctx, "latency", o, stdout, stderr, func(c *local.Client) (*simapi.Faults, error) {
		switch {
		case len(pos) == 1:
			return c.ResetLatency(ctx, "", "")
		case last == "reset":
			return c.ResetLatency(ctx, pos[0], pos[1])
		default:
			return c.SetLatency(ctx, pos[0], pos[1], d)
		}
	})
}

func faultCommand(ctx context.Context, name string, o *statusOptions, stdout, stderr io.Writer, fn func(*local.Client) (*simapi.Faults, error)) int {
	c, err := connect(ctx, o)
	if err != nil {
		fmt.Fprintf(stderr, "sim %s: %v\n", name, err)
		return exitError
	}
	f, err := fn(c)
	if err != nil {
		fmt.Fprintf(stderr, "sim %s: %v\n", name, err)
		return exitError
	}
	printFaults(stdout, f)
	return exitOK
}

func printFaults(w io.Writer, f *simapi.Faults) {
	pairs := make([][2]string, len(f.Partitions))
	for i, p := range f.Partitions {
		pairs[i] = [2]string{p.A, p.B}
	}
	fmt.Fprintf(w, "Partitions: %s\n", partitions(pairs))
	if len(f.Overrides) == 0 {
		fmt.Fprintf(w, "Latency: %s, no overrides\n", f.Latency)
		return
	}
	out := make([]string, len(f.Overrides))
	for i, l := range f.Overrides {
		out[i] = fmt.Sprintf("%s <-> %s %s", l.A, l.B, l.Latency)
	}
	fmt.Fprintf(w, "Latency: %s, overrides: %s\n", f.Latency, strings.Join(out, ", "))
}

func runFlush(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs, o := flushFlags(stderr)
	pos, code, ok := parseArgs(fs, args, 1)
	if !ok {
		return code
	}
	c, err := connect(ctx, o)
	if err != nil {
		fmt.Fprintf(stderr, "sim flush: %v\n", err)
		return exitError
	}
	r, err := c.Flush(ctx, pos[0])
	if err != nil {
		fmt.Fprintf(stderr, "sim flush: %v\n", err)
		return exitError
	}
	fmt.Fprintf(stdout, "Flushed %s\n", strings.Join(r.Flushed, ", "))
	return exitOK
}
