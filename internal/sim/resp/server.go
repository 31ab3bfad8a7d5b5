// Package resp is the simulator's data plane: a Redis-protocol (RESP2)
// endpoint for one simulated cache.
package resp

import (
	"bufio"
	"crypto/subtle"
	"errors"
	"io"
	"log/slog"
	"net"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"github.com/geocache/terraform-provider-geocache/internal/sim/crdt"
	"github.com/geocache/terraform-provider-geocache/internal/sim/dataset"
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
	serveDone chan struct{}
	closeOnce sync.Once

	conns     sync.WaitGroup // one per accepted connection until its handler ends
	stopSweep chan struct{}
	sweepDone chan struct{}
	open      map[net.Conn]struct{} // client connections, guarded by mu
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
		open:      map[net.Conn]struct{}{},
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
	s.mu.Unlock()
	if a, ok := ln.Addr().(*net.TCPAddr); ok {
		s.port.Store(int64(a.Port))
	}

	go s.sweep()
	defer close(s.serveDone)
	for {
		nc, err := ln.Accept()
		if err != nil {
			s.mu.Lock()
			closed := s.closed
			s.mu.Unlock()
			if closed {
				return nil
			}
			if errors.Is(err, net.ErrClosed) {
				return err
			}
			s.acceptError(err)
			continue
		}
		s.mu.Lock()
		if s.closed {
			s.mu.Unlock()
			_ = nc.Close()
			return nil
		}
		s.open[nc] = struct{}{}
		s.conns.Add(1)
		s.clients.Add(1)
		s.mu.Unlock()
		go s.serveConn(nc)
	}
}

// Close stops accepting, closes every client connection and waits for
// their handlers to finish. It is idempotent.
func (s *Server) Close() error {
	s.closeOnce.Do(func() {
		s.mu.Lock()
		s.closed = true
		serving, ln := s.serving, s.ln
		s.mu.Unlock()
		if !serving {
			return
		}
		_ = ln.Close()
		<-s.serveDone
		s.mu.Lock()
		for nc := range s.open {
			_ = nc.Close()
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

// readBufferSize is each connection's read buffer; a request larger than
// it is assembled across reads.
const readBufferSize = 16 << 10

// flushAt bounds the replies buffered while a pipeline is being read.
const flushAt = 64 << 10

// rejectWriteTimeout keeps a client that never reads from holding the
// handler goroutine after a framing error.
const rejectWriteTimeout = time.Second

// serveConn is one connection's loop: parse the requests already read,
// run each, and write the replies in one go when the read buffer is
// drained, so a pipeline costs one read and one write per batch.
func (s *Server) serveConn(nc net.Conn) {
	w := newRespWriter(nc)
	c := s.newClient(w)
	c.conn = nc
	br := bufio.NewReaderSize(nc, readBufferSize)
	var pr parser
	err := s.connLoop(c, br, &pr)
	if pe, ok := err.(*protocolError); ok {
		c.lockWrites()
		_ = w.Flush() // the replies to the commands before the bad frame
		w.WriteError("ERR " + pe.Error())
		_ = nc.SetWriteDeadline(time.Now().Add(rejectWriteTimeout))
		_ = w.Flush()
		c.unlockWrites()
	} else if err != nil && !errors.Is(err, errQuit) && !errors.Is(err, net.ErrClosed) && !errors.Is(err, io.EOF) {
		s.log.Debug("client connection ended", "cache", s.cfg.Name, "remote", nc.RemoteAddr(), "err", err)
	}
	if c.sub != nil {
		c.sub.stop()
	}
	_ = nc.Close()
	s.mu.Lock()
	delete(s.open, nc)
	s.mu.Unlock()
	s.clients.Add(-1)
	s.conns.Done()
}

func (s *Server) connLoop(c *client, br *bufio.Reader, pr *parser) error {
	for {
		if br.Buffered() == 0 {
			if err := c.flush(); err != nil {
				return err
			}
			if _, err := br.Peek(1); err != nil {
				return err
			}
		}
		p, _ := br.Peek(br.Buffered())
		n, done, err := pr.feed(p)
		_, _ = br.Discard(n)
		if err != nil {
			return err
		}
		if !done || len(pr.args) == 0 {
			continue
		}
		c.lockWrites()
		if err := s.execBatch(c, br, pr); err != nil {
			c.unlockWrites()
			return err
		}
		var ferr error
		if c.w.Buffered() >= flushAt {
			ferr = c.w.Flush()
		}
		c.unlockWrites()
		if c.quit {
			if ferr == nil {
				ferr = c.flush()
			}
			if ferr == nil {
				ferr = errQuit
			}
		}
		if ferr != nil {
			return ferr
		}
		if c.sub != nil && !c.sub.started {
			if err := s.startSubscriber(c); err != nil {
				return err
			}
		}
	}
}

// maxBatch bounds how many pipelined writes share one write lock.
const maxBatch = 64

// batchable reports whether args may run in a batch of writes.
func (c *client) batchable(args [][]byte) bool {
	if c.multi != nil || c.sub != nil || !c.authed || len(args) == 0 {
		return false
	}
	cmd := c.lookup(args[0])
	return cmd != nil && cmd.batch && cmd.arityOK(len(args))
}

// execBatch runs the command in pr.args. When it is a write and more
// pipelined writes are already read, it runs them all under one
// acquisition of the data set's write lock, as EXEC does, up to maxBatch:
// 50 clients pipelining SETs would otherwise take turns at the lock for
// every command. The first command that cannot join runs after the batch.
func (s *Server) execBatch(c *client, br *bufio.Reader, pr *parser) error {
	if br.Buffered() == 0 || !c.batchable(pr.args) {
		s.execContained(c, pr.args)
		return nil
	}
	var ferr error
	pending := false
	s.ds.Write(func(ks *crdt.Keyspace, emit func(crdt.Op)) {
		c.batchTx = txState{ks: ks, emit: emit}
		c.tx = &c.batchTx
		defer func() { c.tx, c.batchTx = nil, txState{} }()
		s.execContained(c, pr.args)
		for n := 1; n < maxBatch && !c.quit && br.Buffered() > 0 && c.w.Buffered() < flushAt; {
			p, _ := br.Peek(br.Buffered())
			used, done, err := pr.feed(p)
			_, _ = br.Discard(used)
			if err != nil {
				ferr = err
				return
			}
			if !done || len(pr.args) == 0 {
				continue
			}
			if !c.batchable(pr.args) {
				pending = true
				return
			}
			s.execContained(c, pr.args)
			n++
		}
	})
	if ferr != nil {
		return ferr
	}
	if pending {
		s.execContained(c, pr.args)
	}
	return nil
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
