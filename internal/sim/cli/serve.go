package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/geocache/terraform-provider-geocache/internal/backend/local"
	"github.com/geocache/terraform-provider-geocache/internal/sim"
	"github.com/geocache/terraform-provider-geocache/internal/sim/simapi"
)

type serveOptions struct {
	listen   string
	stateDir string
	token    string
	latency  string
	delay    time.Duration
}

func serveFlags(w io.Writer) (*flag.FlagSet, *serveOptions) {
	o := &serveOptions{}
	fs := newFlagSet("serve", "serve [--listen ADDR] [--state-dir DIR] [--token T] [--latency realistic|off] [--provisioning-delay 1s]", w)
	fs.StringVar(&o.listen, "listen", simapi.DefaultAddr, "`address` the control plane listens on")
	fs.StringVar(&o.stateDir, "state-dir", "", "`folder` holding the simulator's state and token (default $"+simapi.EnvStateDir+", else ~/"+simapi.DefaultDir+")")
	fs.StringVar(&o.token, "token", "", "control-plane bearer `token` (default $"+simapi.EnvToken+", else the state dir's token file, generated on first use)")
	fs.StringVar(&o.latency, "latency", sim.LatencyRealistic, "inter-region link latency: realistic or off")
	fs.DurationVar(&o.delay, "provisioning-delay", time.Second, "how long a new cache stays Creating")
	return fs, o
}

// runServe runs the daemon in the foreground until SIGINT, SIGTERM or ctx
// ends, then shuts it down cleanly.
func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs, o := serveFlags(stderr)
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if o.latency != sim.LatencyRealistic && o.latency != sim.LatencyOff {
		fmt.Fprintf(stderr, "invalid --latency %q: must be %s or %s\n\n", o.latency, sim.LatencyRealistic, sim.LatencyOff)
		fs.Usage()
		return exitUsage
	}
	if o.delay < 0 {
		fmt.Fprintf(stderr, "invalid --provisioning-delay %s: must not be negative\n\n", o.delay)
		fs.Usage()
		return exitUsage
	}
	dir, err := local.StateDir(o.stateDir)
	if err != nil {
		fmt.Fprintf(stderr, "sim serve: %v\n", err)
		return exitError
	}
	token := o.token
	if token == "" {
		// The same variable clients read, so an auto-started daemon and its
		// clients agree without the token ever appearing on a command line.
		token = strings.TrimSpace(os.Getenv(simapi.EnvToken))
	}

	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()

	srv, err := sim.New(sim.Config{
		StateDir:          dir,
		Token:             token,
		Latency:           o.latency,
		ProvisioningDelay: o.delay,
		Logger:            slog.New(slog.NewTextHandler(stderr, nil)),
	})
	if err != nil {
		fmt.Fprintf(stderr, "sim serve: %v\n", err)
		return exitError
	}
	if err := srv.Start(o.listen); err != nil {
		fmt.Fprintf(stderr, "sim serve: %v\n", err)
		if cerr := srv.Close(); cerr != nil {
			fmt.Fprintf(stderr, "sim serve: %v\n", cerr)
		}
		return exitError
	}
	fmt.Fprintf(stdout, "geocache simulator listening on %s (state %s)\n", srv.Endpoint(), dir)

	<-ctx.Done()
	if err := srv.Close(); err != nil {
		fmt.Fprintf(stderr, "sim serve: shutting down: %v\n", err)
		return exitError
	}
	return exitOK
}
