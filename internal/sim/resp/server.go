// Package resp is the simulator's data plane: a Redis-protocol (RESP2)
// endpoint for one simulated cache, served with tidwall/redcon.
package resp

import (
	"crypto/subtle"
	"errors"
	"io"
	"log/slog"
	"net"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"github.com/geocache/terraform-provider-geocache/internal/sim/dataset"
	"github.com/tidwall/redcon"
)

// Config describes one cache endpoint.
type Config struct {
	Name           string       // cache name, shown in INFO
	Passwords      []string     // accepted AUTH passwords (primary and secondary access key); non-empty
	MaxMemoryBytes int64        // shown in INFO as maxmemory
	Logger         *slog.Logger // nil: discard
	// Dataset is the cache's replicated data; nil gives the server a
	// standalone one of its own.
	Dataset *dataset.Dataset
}

// standaloneReplica is the replica ID of a dataset the server makes for
// itself: it is never part of a group, so any fixed ID will do.
const standaloneReplica = 1

// sweepInterval matches Redis's default hz of 10.
const sweepInterval = 100 * time.Millisecond

// Server serves one cache's keyspace over RESP2.
type Server struct {
	cfg     Config
	log     *slog.Logger
	ds      *dataset.Dataset
	started time.Time

	nextID  atomic.Int64
	clients atomic.Int64
	port    atomic.Int64

	pwMu      sync.RWMutex
	passwords []string

	mu        sync.Mutex
	serving   bool
	closed    bool
	ln        net.Listener
	rs        *redcon.Server
	serveDone chan struct{}
	closeOnce sync.Once

	conns     sync.WaitGroup // one per accepted connection until its handler ends
	stopSweep chan struct{}
	sweepDone chan struct{}
	detached  map[redcon.DetachedConn]struct{} // subscriber connections, guarded by mu
	scans     scanCursors
}

// New returns a server for cfg; call Serve to start it.
func New(cfg Config) *Server {
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	ds := cfg.Dataset
	if ds == nil {
		ds = dataset.New(standaloneReplica)
	}
	return &Server{
		cfg:       cfg,
		log:       log,
		ds:        ds,
		detached:  map[redcon.DetachedConn]struct{}{},
		started:   time.Now(),
		passwords: append([]string(nil), cfg.Passwords...),
		serveDone: make(chan struct{}),
		stopSweep: make(chan struct{}),
		sweepDone: make(chan struct{}),
	}
}

// errServing is returned by a second concurrent Serve.
var errServing = errors.New("resp: server is already serving")

// Serve accepts clients on ln until Close is called, then returns nil.
// It takes ownership of ln.
func (s *Server) Serve(ln net.Listener) error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		_ = ln.Close()
		return nil
	}
	if s.serving {
		s.mu.Unlock()
		return errServing
	}
	s.serving = true
	s.ln = ln
	s.rs = redcon.NewServerNetwork(ln.Addr().Network(), ln.Addr().String(), s.handle, s.accept, s.closedConn)
	s.rs.AcceptError = s.acceptError
	rs := s.rs
	s.mu.Unlock()
	if a, ok := ln.Addr().(*net.TCPAddr); ok {
		s.port.Store(int64(a.Port))
	}

	go s.sweep()
	defer close(s.serveDone)
	err := rs.Serve(guardListener{ln})
	s.mu.Lock()
	closed := s.closed
	s.mu.Unlock()
	if closed {
		return nil
	}
	return err
}

// Close stops accepting, closes every client connection and waits for
// their handlers to finish. It is idempotent.
func (s *Server) Close() error {
	s.closeOnce.Do(func() {
		s.mu.Lock()
		s.closed = true
		serving, ln, rs := s.serving, s.ln, s.rs
		s.mu.Unlock()
		if !serving {
			return
		}
		// Closing the listener ourselves covers the window in which redcon
		// has not yet recorded it and its own Close would be a no-op.
		_ = ln.Close()
		_ = rs.Close()
		<-s.serveDone
		// redcon no longer tracks connections detached for pub/sub.
		s.mu.Lock()
		for dc := range s.detached {
			_ = dc.NetConn().Close()
		}
		s.mu.Unlock()
		s.conns.Wait()
		close(s.stopSweep)
		<-s.sweepDone
	})
	return nil
}

// SetPasswords replaces the accepted passwords; clients already
// authenticated stay authenticated, as with a Redis key rotation.
func (s *Server) SetPasswords(p []string) {
	s.pwMu.Lock()
	s.passwords = append([]string(nil), p...)
	s.pwMu.Unlock()
}

// checkPassword compares in constant time so the access keys cannot be
// guessed byte by byte from response times.
func (s *Server) checkPassword(p []byte) bool {
	s.pwMu.RLock()
	defer s.pwMu.RUnlock()
	ok := 0
	for _, want := range s.passwords {
		ok |= subtle.ConstantTimeCompare(p, []byte(want))
	}
	return ok == 1
}

// Dataset returns the replicated data the server serves.
func (s *Server) Dataset() *dataset.Dataset { return s.ds }

// Active expiry, as Redis's: reap in batches of sweepBatch and keep going
// while whole batches come back, up to sweepMaxBatches per tick so a flood
// of expiring keys cannot starve the clients.
const (
	sweepBatch      = 20
	sweepMaxBatches = 50
)

func (s *Server) sweepOnce() {
	for range sweepMaxBatches {
		if s.ds.ReapExpired(sweepBatch) < sweepBatch {
			return
		}
	}
}

func (s *Server) sweep() {
	defer close(s.sweepDone)
	t := time.NewTicker(sweepInterval)
	defer t.Stop()
	for {
		select {
		case <-s.stopSweep:
			return
		case <-t.C:
			s.sweepOnce()
		}
	}
}

// acceptErrorPause keeps a persistent accept failure (such as running out
// of file descriptors) from spinning the accept loop.
const acceptErrorPause = 10 * time.Millisecond

func (s *Server) acceptError(err error) {
	s.log.Warn("accept failed", "cache", s.cfg.Name, "err", err)
	time.Sleep(acceptErrorPause)
}

func (s *Server) accept(conn redcon.Conn) bool {
	s.conns.Add(1)
	s.clients.Add(1)
	conn.SetContext(s.newClient(conn))
	return true
}

func (s *Server) closedConn(conn redcon.Conn, err error) {
	if err != nil && !errors.Is(err, errRejected) && !errors.Is(err, net.ErrClosed) && !errors.Is(err, io.EOF) {
		s.log.Debug("client connection ended", "cache", s.cfg.Name, "remote", conn.RemoteAddr(), "err", err)
	}
	s.clients.Add(-1)
	s.conns.Done()
}

func (s *Server) handle(conn redcon.Conn, cmd redcon.Command) {
	c, ok := conn.Context().(*client)
	if !ok {
		conn.WriteError("ERR internal error: connection has no state")
		_ = conn.Close()
		return
	}
	if c.sub != nil && c.sub.dc != nil {
		// Not expected: redcon stops calling once detached.
		return
	}
	s.execContained(c, cmd.Args)
	if c.detachPending {
		// The first SUBSCRIBE detached the connection; redcon reports it
		// closed (closedConn) when this handler returns, so count it again
		// for the goroutine that now serves it.
		c.detachPending = false
		s.conns.Add(1)
		s.clients.Add(1)
		go s.serveDetached(c)
		return
	}
	if c.quit {
		_ = conn.Close()
	}
}

// execContained runs one command; a panic becomes an error reply and ends
// the connection instead of the process.
func (s *Server) execContained(c *client, args [][]byte) {
	defer func() {
		if r := recover(); r != nil {
			// Arguments stay out of the log: they may hold an access key.
			s.log.Error("command handler panicked", "cache", s.cfg.Name, "command", commandName(args),
				"panic", r, "stack", string(debug.Stack()))
			c.w.WriteError("ERR internal error")
			c.quit = true
		}
	}()
	s.exec(c, args)
}

// commandName is the command's name for logs, bounded in length.
func commandName(args [][]byte) string {
	if len(args) == 0 {
		return ""
	}
	n := args[0]
	if len(n) > 32 {
		n = n[:32]
	}
	return string(n)
}
