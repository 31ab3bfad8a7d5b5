// Command terraform-provider-geocache serves the geocache Terraform provider
// when Terraform starts it, and runs the local simulator's command line when
// its first argument is "sim".
package main

import (
	"context"
	"flag"
	"log"
	"os"
	"os/signal"
	"runtime"
	"syscall"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/geocache/terraform-provider-geocache/internal/provider"
	"github.com/geocache/terraform-provider-geocache/internal/sim"
	"github.com/geocache/terraform-provider-geocache/internal/sim/cli"
)

// version is set by the release build (goreleaser ldflags).
var version = "dev"

func main() {
	sim.Version = version
	if len(os.Args) > 1 && os.Args[1] == "sim" {
		if len(os.Args) > 2 && os.Args[2] == "serve" {
			runtime.GOMAXPROCS(cli.ServeProcs(os.Getenv("GOMAXPROCS"), runtime.GOMAXPROCS(0)))
		}
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		code := cli.Run(ctx, os.Args[2:], os.Stdout, os.Stderr)
		stop()
		os.Exit(code)
	}

	var debug bool
	flag.BoolVar(&debug, "debug", false, "start the provider with support for debuggers like delve")
	flag.Parse()

	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address: "registry.terraform.io/geocache/geocache",
		Debug:   debug,
	})
	if err != nil {
		log.Fatal(err)
	}
}
