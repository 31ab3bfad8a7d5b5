package provider

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/redis/go-redis/v9"

	"github.com/geocache/terraform-provider-geocache/internal/sim/cli"
	"github.com/geocache/terraform-provider-geocache/internal/sim/simapi"
)

// Settings of the simulator child process; set only by TestAccCache_simulatorKilled.
const (
	envChildDir  = "GEOCACHE_ACC_CHILD_STATE_DIR"
	envChildAddr = "GEOCACHE_ACC_CHILD_ADDR"
)

// TestSimulatorChildProcess is not a test of its own: the kill test runs the
// test binary again with only this function selected, so the simulator is a
// real process that SIGKILL can end without any clean-up.
func TestSimulatorChildProcess(t *testing.T) {
	dir, addr := os.Getenv(envChildDir), os.Getenv(envChildAddr)
	if dir == "" || addr == "" {
		t.Skip("runs only as the simulator process of TestAccCache_simulatorKilled")
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	// The token comes from GEOCACHE_TOKEN, kept off the command line.
	os.Exit(cli.Run(ctx, []string{"serve", "--listen", addr, "--state-dir", dir,
		"--latency", "off", "--provisioning-delay", "0"}, os.Stderr, os.Stderr))
}

// childSim is a simulator in its own process, on a fixed loopback port.
type childSim struct {
	testSim
	cmd *exec.Cmd
	log string // the process's output, shown when the test fails
}

func startChildSim(t *testing.T) *childSim {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	_ = ln.Close()
	c := &childSim{testSim: testSim{dir: t.TempDir(), token: "kill-test-token", addr: addr}}
	c.log = t.TempDir() + "/sim.log"
	c.spawn(t)
	t.Cleanup(func() {
		if c.cmd.ProcessState == nil {
			_ = c.cmd.Process.Signal(syscall.SIGTERM)
			_ = c.cmd.Wait()
		}
		if t.Failed() {
			out, _ := os.ReadFile(c.log)
			t.Logf("simulator process output:\n%s", out)
		}
	})
	return c
}

func (c *childSim) spawn(t *testing.T) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestSimulatorChildProcess$", "-test.count=1")
	cmd.Env = append(os.Environ(), envChildDir+"="+c.dir, envChildAddr+"="+c.addr, simapi.EnvToken+"="+c.token)
	dieWithParent(cmd)
	out, err := os.OpenFile(c.log, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close() // the child keeps its own descriptor
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting the simulator process: %v", err)
	}
	c.cmd = cmd
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, err := http.Get("http://" + c.addr + simapi.PathHealth)
		if err == nil {
			_ = resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("the simulator process did not answer on %s: %v", c.addr, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// kill9 ends the simulator with SIGKILL and starts it again on the same
// state dir and port.
func (c *childSim) kill9(t *testing.T) {
	t.Helper()
	if err := c.cmd.Process.Kill(); err != nil {
		t.Fatalf("SIGKILL: %v", err)
	}
	_ = c.cmd.Wait()
	c.spawn(t)
}

// The simulator killed with SIGKILL between two steps comes back with every
// cache on its port, still linked, answering AUTH with its key; the next plan
// is empty.
func TestAccCache_simulatorKilled(t *testing.T) {
	t.Parallel()
	testAccPreCheck(t)
	c := startChildSim(t)
	config := c.providerConfig() + `
resource "geocache_replication_group" "g" {
  name = "survivor"
}

resource "geocache_cache" "a" {
  name                 = "survivor-a"
  region               = "eastus"
  sku                  = "Balanced_B3"
  replication_group_id = geocache_replication_group.g.id
}

resource "geocache_cache" "b" {
  name                 = "survivor-b"
  region               = "westeurope"
  sku                  = "Balanced_B3"
  replication_group_id = geocache_replication_group.g.id
}
`
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             c.checkDestroyed(t),
		Steps: restartSteps(config, func() { c.kill9(t) }, []string{"geocache_cache.a", "geocache_cache.b"},
			[]statecheck.StateCheck{
				statecheck.ExpectKnownValue("geocache_cache.a", tfjsonpath.New("geo_replication_state"), knownvalue.StringExact("Linked")),
				statecheck.ExpectKnownValue("geocache_cache.b", tfjsonpath.New("linked_cache_ids"), knownvalue.ListSizeExact(1)),
			},
			resource.ComposeAggregateTestCheckFunc(
				checkCacheAnswersAuth("geocache_cache.a"),
				checkCacheAnswersAuth("geocache_cache.b"),
			)),
	})
}

// restartSteps applies config, restarts the simulator between the two steps,
// and checks that each cache kept its ID and port and that the next plan is
// empty, plus the checks given for the second step.
func restartSteps(config string, restart func(), caches []string, after []statecheck.StateCheck, check resource.TestCheckFunc) []resource.TestStep {
	var before, kept []statecheck.StateCheck
	for _, addr := range caches {
		for _, attr := range []string{"id", "port"} {
			same := statecheck.CompareValue(compare.ValuesSame())
			before = append(before, same.AddStateValue(addr, tfjsonpath.New(attr)))
			kept = append(kept, same.AddStateValue(addr, tfjsonpath.New(attr)))
		}
	}
	return []resource.TestStep{
		{Config: config, ConfigStateChecks: before},
		{
			PreConfig: restart,
			Config:    config,
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
			ConfigStateChecks: append(kept, after...),
			Check:             check,
		},
	}
}

// checkCacheAnswersAuth connects to a cache's endpoint from the state and
// PINGs it after AUTH with its primary key.
func checkCacheAnswersAuth(addr string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		rs, ok := s.RootModule().Resources[addr]
		if !ok {
			return fmt.Errorf("%s not in state", addr)
		}
		attrs := rs.Primary.Attributes
		if _, err := strconv.Atoi(attrs["port"]); err != nil {
			return fmt.Errorf("%s port %q: %v", addr, attrs["port"], err)
		}
		rc := redis.NewClient(&redis.Options{
			Addr:            net.JoinHostPort(attrs["hostname"], attrs["port"]),
			Password:        attrs["primary_access_key"],
			Protocol:        2,
			DisableIdentity: true,
			MaxRetries:      -1,
		})
		defer rc.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if got, err := rc.Ping(ctx).Result(); err != nil || got != "PONG" {
			return fmt.Errorf("%s at %s:%s: PING = %q, %v", addr, attrs["hostname"], attrs["port"], got, err)
		}
		return nil
	}
}
