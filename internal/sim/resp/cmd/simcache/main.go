// Command simcache serves one standalone simulated cache on a loopback
// port, without the control plane: the data-plane benchmark
// (scripts/bench-data.sh) measures it against redis-server.
//
//	simcache -addr 127.0.0.1:0 -password KEY
//
// It prints "listening on ADDR" once it accepts connections and stops
// cleanly on SIGINT or SIGTERM.
package main

import (
	"flag"
	"fmt"
	"net"
	"os"
	"os/signal"
	"runtime"
	"runtime/pprof"
	"syscall"

	"github.com/geocache/terraform-provider-geocache/internal/sim/cli"
	"github.com/geocache/terraform-provider-geocache/internal/sim/resp"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "listen address")
	password := flag.String("password", "", "AUTH password (required by clients)")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile to this file until shutdown")
	flag.Parse()
	// As `sim serve` runs its caches, so that the benchmark measures them.
	runtime.GOMAXPROCS(cli.ServeProcs(os.Getenv("GOMAXPROCS"), runtime.GOMAXPROCS(0)))
	if *password == "" {
		fmt.Fprintln(os.Stderr, "simcache: -password is required: caches always require AUTH")
		os.Exit(2)
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "simcache:", err)
		os.Exit(1)
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			fmt.Fprintln(os.Stderr, "simcache:", err)
			os.Exit(1)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintln(os.Stderr, "simcache:", err)
			os.Exit(1)
		}
		defer func() { pprof.StopCPUProfile(); _ = f.Close() }()
	}
	srv := resp.New(resp.Config{Name: "bench", Passwords: []string{*password}, MaxMemoryBytes: 1 << 30})
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	fmt.Println("listening on", ln.Addr())

	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGINT, syscall.SIGTERM)
	select {
	case <-sig:
	case err := <-done:
		fmt.Fprintln(os.Stderr, "simcache: serve:", err)
		os.Exit(1)
	}
	_ = srv.Close()
	<-done
}
