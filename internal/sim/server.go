// Package sim is the simulator daemon: the control plane (JSON over HTTP),
// its state store, and the data-plane endpoints of every simulated cache.
package sim

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/geocache/terraform-provider-geocache/internal/catalog"
	"github.com/geocache/terraform-provider-geocache/internal/sim/replication"
	"github.com/geocache/terraform-provider-geocache/internal/sim/store"
)

// Version is reported by /healthz and /v1/status; release builds set it
// with -ldflags.
var Version = "dev"

// Latency modes.
const (
	LatencyRealistic = "realistic"
	LatencyOff       = "off"
)

const (
	stateFile = "state.db"
	// lockTimeout is how long New waits for another daemon to release the
	// state dir before giving up.
	lockTimeout = time.Second
	// shutdownTimeout bounds how long Close waits for in-flight requests.
	shutdownTimeout = 10 * time.Second
)

// Config configures a simulator daemon.
type Config struct {
	StateDir          string        // required; created 0700 if missing
	Token             string        // empty: read StateDir/token, or generate one and write it there mode 0600
	Latency           string        // "realistic" (default) or "off"; links take catalog.OneWayLatency to settle when realistic
	ProvisioningDelay time.Duration // Creating -> Succeeded delay; 0 in tests
	Logger            *slog.Logger  // nil: discard

	hooks *testHooks // tests of this package only
}

// testHooks let the package's tests act at a point of a transition that no
// request could reach reliably in time.
type testHooks struct {
	// leaveRecordDeleted runs in the leave job right after the record of
	// the leaving cache was deleted.
	leaveRecordDeleted func(name string)
}

// Server is a running simulator.
type Server struct {
	cfg     Config
	log     *slog.Logger
	store   *store.Store
	token   string
	started time.Time

	// mu makes each membership decision and its follow-up (data plane start,
	// job queueing) one critical section, so job order matches commit order.
	mu sync.Mutex

	bg     context.Context // cancelled by Close; every background wait honours it
	cancel context.CancelFunc
	bgWG   sync.WaitGroup
	queues *serialQueues

	dpMu       sync.Mutex
	dataPlanes map[string]*dataPlane

	// repl runs the links between group members and the fault injection.
	repl *replication.Engine
	// faultsMu makes each fault change and its record one step.
	faultsMu sync.Mutex

	dataMu sync.Mutex
	data   map[string]*cacheData // by cache name

	httpMu    sync.Mutex
	httpSrv   *http.Server
	httpLn    net.Listener
	httpDone  chan struct{}
	closeOnce sync.Once
	closeErr  error
}

// New opens the state in cfg.StateDir and brings back every cache recorded
// there, resuming transitions a crash interrupted.
func New(cfg Config) (*Server, error) {
	if cfg.StateDir == "" {
		return nil, errors.New("state dir is required")
	}
	switch cfg.Latency {
	case "":
		cfg.Latency = LatencyRealistic
	case LatencyRealistic, LatencyOff:
	default:
		return nil, fmt.Errorf("latency %q: must be %q or %q", cfg.Latency, LatencyRealistic, LatencyOff)
	}
	if cfg.ProvisioningDelay < 0 {
		return nil, fmt.Errorf("provisioning delay %v is negative", cfg.ProvisioningDelay)
	}
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	dir, err := filepath.Abs(cfg.StateDir)
	if err != nil {
		return nil, fmt.Errorf("state dir: %w", err)
	}
	cfg.StateDir = dir
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("create state dir: %w", err)
	}
	// The store's lock comes first: it is what tells two daemons apart.
	st, err := store.Open(filepath.Join(dir, stateFile), lockTimeout)
	if err != nil {
		return nil, err
	}
	token := cfg.Token
	if token == "" {
		if token, err = loadOrCreateToken(dir, log); err != nil {
			return nil, errors.Join(err, st.Close())
		}
	}
	bg, cancel := context.WithCancel(context.Background())
	s := &Server{
		cfg:        cfg,
		log:        log,
		store:      st,
		token:      token,
		started:    time.Now().UTC(),
		bg:         bg,
		cancel:     cancel,
		dataPlanes: map[string]*dataPlane{},
		data:       map[string]*cacheData{},
	}
	replCfg := replication.Config{Logger: log}
	if cfg.Latency == LatencyRealistic {
		replCfg.Latency = catalog.OneWayLatency
	}
	s.repl = replication.New(replCfg)
	s.queues = newSerialQueues(bg, &s.bgWG)
	if err := s.restore(); err != nil {
		return nil, errors.Join(err, s.shutdownBackground())
	}
	s.bgWG.Add(1)
	go s.snapshotLoop(snapshotInterval)
	log.Info("simulator state opened", "stateDir", dir, "latency", cfg.Latency)
	return s, nil
}

// Start listens for the control plane on addr and serves it in the
// background; it returns once the listener is bound.
func (s *Server) Start(addr string) error {
	s.httpMu.Lock()
	defer s.httpMu.Unlock()
	if s.httpSrv != nil {
		return errors.New("control plane already started")
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen for the control plane on %s: %w", addr, err)
	}
	srv := &http.Server{
		Handler:           s.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	s.httpSrv, s.httpLn, s.httpDone = srv, ln, make(chan struct{})
	go func() {
		defer close(s.httpDone)
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.log.Error("control plane stopped", "err", err)
		}
	}()
	s.log.Info("control plane listening", "addr", ln.Addr().String())
	return nil
}

// Addr is the control plane's bound address, empty before Start.
func (s *Server) Addr() string {
	s.httpMu.Lock()
	defer s.httpMu.Unlock()
	if s.httpLn == nil {
		return ""
	}
	return s.httpLn.Addr().String()
}

// Endpoint is the control plane's base URL.
func (s *Server) Endpoint() string { return "http://" + s.Addr() }

// Token is the bearer token clients must send.
func (s *Server) Token() string { return s.token }

// Handler serves the control plane, for callers that run their own
// http.Server.
func (s *Server) Handler() http.Handler { return s }

// Close stops the control plane, then the background transitions (their
// progress is already in the store, so a restart resumes them), then every
// data-plane endpoint, then the store.
func (s *Server) Close() error {
	s.closeOnce.Do(func() {
		var errs []error
		s.httpMu.Lock()
		srv, done := s.httpSrv, s.httpDone
		s.httpMu.Unlock()
		if srv != nil {
			ctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
			if err := srv.Shutdown(ctx); err != nil {
				errs = append(errs, fmt.Errorf("stop control plane: %w", err))
				_ = srv.Close()
			}
			cancel()
			<-done
		}
		errs = append(errs, s.shutdownBackground())
		s.closeErr = errors.Join(errs...)
		s.log.Info("simulator stopped")
	})
	return s.closeErr
}

// shutdownBackground stops jobs and timers, closes the data planes and
// the links, saves every cache's data and closes the store.
func (s *Server) shutdownBackground() error {
	s.mu.Lock()
	s.queues.close()
	s.cancel()
	s.mu.Unlock()
	s.bgWG.Wait()
	s.stopAllDataPlanes()
	_ = s.repl.Close()
	// Nothing writes any more: these snapshots hold every acknowledged write.
	saveErr := s.saveAll(true)
	if err := s.store.Close(); err != nil {
		return errors.Join(saveErr, fmt.Errorf("close state store: %w", err))
	}
	return saveErr
}
