package provider

import (
	"context"
	"fmt"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/geocache/terraform-provider-geocache/internal/backend"
	"github.com/geocache/terraform-provider-geocache/internal/backend/local"
	"github.com/geocache/terraform-provider-geocache/internal/sim"
)

// testAccProtoV6ProviderFactories serves the provider in-process to the
// Terraform CLI the tests drive.
var testAccProtoV6ProviderFactories = map[string]func() (tfprotov6.ProviderServer, error){
	"geocache": providerserver.NewProtocol6WithError(New("test")()),
}

// testAccPreCheck skips acceptance tests unless TF_ACC is set, as
// resource.Test would, before a simulator is started for nothing.
func testAccPreCheck(t *testing.T) {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance tests run with TF_ACC=1")
	}
}

// testSim is an in-process simulator owned by one test. It can be restarted
// on the same state directory and port, as a user's daemon would be.
type testSim struct {
	dir, token, addr string
	delay            time.Duration // how long caches stay Creating

	mu  sync.Mutex
	srv *sim.Server
}

// newTestSim starts a simulator for an acceptance test.
func newTestSim(t *testing.T) *testSim {
	t.Helper()
	testAccPreCheck(t)
	return startTestSim(t, 0)
}

// startTestSim starts a simulator on a fresh loopback port and state dir,
// and closes it when the test ends.
func startTestSim(t *testing.T, provisioningDelay time.Duration) *testSim {
	t.Helper()
	s := &testSim{dir: t.TempDir(), delay: provisioningDelay}
	srv := s.start(t, "127.0.0.1:0")
	s.token, s.addr = srv.Token(), srv.Addr()
	t.Cleanup(func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		if err := s.srv.Close(); err != nil {
			t.Errorf("closing simulator: %v", err)
		}
	})
	return s
}

func (s *testSim) start(t *testing.T, addr string) *sim.Server {
	t.Helper()
	srv, err := sim.New(sim.Config{StateDir: s.dir, Token: s.token, Latency: "off", ProvisioningDelay: s.delay})
	if err != nil {
		t.Fatalf("opening simulator: %v", err)
	}
	if err := srv.Start(addr); err != nil {
		_ = srv.Close()
		t.Fatalf("starting simulator: %v", err)
	}
	s.mu.Lock()
	s.srv = srv
	s.mu.Unlock()
	return srv
}

// restart closes the simulator and opens it again on the same state dir and
// control port.
func (s *testSim) restart(t *testing.T) {
	t.Helper()
	s.mu.Lock()
	err := s.srv.Close()
	s.mu.Unlock()
	if err != nil {
		t.Fatalf("closing simulator for restart: %v", err)
	}
	s.start(t, s.addr)
}

// providerConfig is the provider block pointing at this simulator. It is
// written into the HCL rather than the environment so tests run in parallel.
func (s *testSim) providerConfig() string {
	return fmt.Sprintf(`
provider "geocache" {
  backend    = "local"
  endpoint   = %q
  token      = %q
  state_dir  = %q
  auto_start = false
}
`, "http://"+s.addr, s.token, s.dir)
}

// client is a backend client for checks and out-of-band changes.
func (s *testSim) client(t *testing.T) backend.Backend {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := local.Connect(ctx, local.Config{Endpoint: "http://" + s.addr, Token: s.token, StateDir: s.dir})
	if err != nil {
		t.Fatalf("connecting to the simulator: %v", err)
	}
	return c
}
