// Command geocache-demo shows that the caches examples/quickstart created are
// real, linked Redis endpoints: it reads the example's `terraform output
// -json`, authenticates to every cache with its access key, writes and reads
// a key on each, waits for every cache to see the keys written on the others,
// and prints a table. Access keys are used, never printed.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"time"
)

func main() {
	dir := flag.String("dir", "examples/quickstart", "Terraform working directory whose outputs describe the caches")
	terraform := flag.String("terraform", "terraform", "Terraform CLI to read the outputs with")
	outputs := flag.String("outputs", "", "read `terraform output -json` from this file instead of running Terraform (- for stdin)")
	timeout := flag.Duration("timeout", 30*time.Second, "how long to wait for each cache to answer and for writes to replicate")
	destroyHint := flag.String("destroy-hint", "make demo-destroy", "command the closing message suggests to tear the demo down")
	flag.Parse()

	ctx, cancel := context.WithTimeout(context.Background(), 2*(*timeout)+10*time.Second)
	defer cancel()

	raw, err := readOutputs(ctx, *outputs, *terraform, *dir)
	if err != nil {
		fail(err)
	}
	caches, err := parseOutputs(raw)
	if err != nil {
		fail(err)
	}
	results := probe(ctx, caches, *timeout)
	printTable(os.Stdout, caches, results)

	failed := 0
	for _, r := range results {
		if r.err != nil {
			failed++
		}
	}
	if failed > 0 {
		fmt.Fprintf(os.Stderr, "\n%d of %d caches failed the check.\n", failed, len(caches))
		os.Exit(1)
	}
	fmt.Printf("\n%s\n", summary(caches, results))
	fmt.Println("Connect your own client with AUTH and the key from `terraform output -json access_keys`.")
	fmt.Printf("To tear it down: %s\n", *destroyHint)
}

func readOutputs(ctx context.Context, file, terraform, dir string) ([]byte, error) {
	switch file {
	case "":
		cmd := exec.CommandContext(ctx, terraform, "-chdir="+dir, "output", "-json")
		var stderr strings.Builder
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			return nil, fmt.Errorf("terraform output -json in %s: %w\n%s", dir, err, stderr.String())
		}
		return out, nil
	case "-":
		return io.ReadAll(os.Stdin)
	default:
		return os.ReadFile(file)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "geocache-demo:", err)
	os.Exit(1)
}
