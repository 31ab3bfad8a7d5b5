// Package cli is the simulator's command line, reached as
// `terraform-provider-geocache sim ...`.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/geocache/terraform-provider-geocache/internal/sim"
)

// Exit codes.
const (
	exitOK    = 0
	exitError = 1
	exitUsage = 2
)

// command is one subcommand. flags builds its FlagSet with usage written to
// w; run parses args with it and does the work.
type command struct {
	name    string
	summary string
	flags   func(w io.Writer) *flag.FlagSet
	run     func(ctx context.Context, args []string, stdout, stderr io.Writer) int
}

func commands() []command {
	return []command{
		{"serve", "run the simulator in the foreground", func(w io.Writer) *flag.FlagSet { fs, _ := serveFlags(w); return fs }, runServe},
		{"status", "show the running simulator's caches and replication groups", func(w io.Writer) *flag.FlagSet { fs, _ := statusFlags(w); return fs }, runStatus},
		{"partition", "cut the links between two regions", func(w io.Writer) *flag.FlagSet { fs, _ := partitionFlags(w); return fs }, runPartition},
		{"heal", "restore the links between two regions, or all", func(w io.Writer) *flag.FlagSet { fs, _ := healFlags(w); return fs }, runHeal},
		{"latency", "set or reset the one-way latency between two regions", func(w io.Writer) *flag.FlagSet { fs, _ := latencyFlags(w); return fs }, runLatency},
		{"flush", "empty a cache and every member of its group", func(w io.Writer) *flag.FlagSet { fs, _ := flushFlags(w); return fs }, runFlush},
		{"version", "print the simulator's version", versionFlags, runVersion},
		{"help", "show this help, or a command's", nil, nil},
	}
}

// Run executes one simulator command and returns the process exit code:
// 0 on success, 1 when the command failed, 2 on a usage error. A leading
// "sim" argument is skipped so callers may pass os.Args[1:] or os.Args[2:].
func Run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 && args[0] == "sim" {
		args = args[1:]
	}
	if len(args) == 0 {
		usage(stderr)
		return exitUsage
	}
	name, rest := args[0], args[1:]
	if name == "help" || name == "-h" || name == "-help" || name == "--help" {
		return runHelp(rest, stdout, stderr)
	}
	cmd, ok := lookup(name)
	if !ok {
		fmt.Fprintf(stderr, "unknown command %q\n\n", name)
		usage(stderr)
		return exitUsage
	}
	return cmd.run(ctx, rest, stdout, stderr)
}

// parse parses args with fs; when it returns false, code is the exit code
// (0 after -h, 2 on a usage error, already reported on fs's output).
func parse(fs *flag.FlagSet, args []string) (code int, ok bool) {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK, false
		}
		return exitUsage, false
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(fs.Output(), "%s takes no arguments, got %q\n\n", fs.Name(), strings.Join(fs.Args(), " "))
		fs.Usage()
		return exitUsage, false
	}
	return exitOK, true
}

func lookup(name string) (command, bool) {
	for _, c := range commands() {
		if c.name == name && c.run != nil {
			return c, true
		}
	}
	return command{}, false
}

func runHelp(args []string, stdout, stderr io.Writer) int {
	switch len(args) {
	case 0:
		usage(stdout)
		return exitOK
	case 1:
		cmd, ok := lookup(args[0])
		if !ok {
			fmt.Fprintf(stderr, "unknown command %q\n\n", args[0])
			usage(stderr)
			return exitUsage
		}
		cmd.flags(stdout).Usage()
		return exitOK
	default:
		usage(stderr)
		return exitUsage
	}
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "Usage: terraform-provider-geocache sim COMMAND [flags]")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Commands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Run `terraform-provider-geocache sim help COMMAND` for a command's flags.")
}

// newFlagSet returns a FlagSet that reports errors and usage on stderr
// instead of exiting, so Run decides the exit code.
func newFlagSet(name, synopsis string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		out := fs.Output()
		fmt.Fprintf(out, "Usage: terraform-provider-geocache sim %s\n", synopsis)
		hasFlags := false
		fs.VisitAll(func(*flag.Flag) { hasFlags = true })
		if hasFlags {
			fmt.Fprintln(out)
			fmt.Fprintln(out, "Flags:")
			fs.PrintDefaults()
		}
	}
	return fs
}

func versionFlags(w io.Writer) *flag.FlagSet { return newFlagSet("version", "version", w) }

func runVersion(_ context.Context, args []string, stdout, stderr io.Writer) int {
	if code, ok := parse(versionFlags(stderr), args); !ok {
		return code
	}
	fmt.Fprintf(stdout, "geocache simulator %s\n", sim.Version)
	return exitOK
}
