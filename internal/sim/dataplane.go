package sim

import (
	"fmt"
	"net"
	"strconv"

	"github.com/geocache/terraform-provider-geocache/internal/catalog"
	"github.com/geocache/terraform-provider-geocache/internal/sim/resp"
	"github.com/geocache/terraform-provider-geocache/internal/sim/simapi"
	"github.com/geocache/terraform-provider-geocache/internal/sim/store"
)

// dataPlane is one cache's running RESP endpoint.
type dataPlane struct {
	srv  *resp.Server
	done chan struct{} // closed when Serve returns
}

// listenData binds a cache's data port on loopback; port 0 picks a free one.
func listenData(port int) (net.Listener, error) {
	return net.Listen("tcp", net.JoinHostPort(simapi.DataHostname, strconv.Itoa(port)))
}

func listenerPort(ln net.Listener) int {
	if a, ok := ln.Addr().(*net.TCPAddr); ok {
		return a.Port
	}
	return 0
}

// startDataPlane serves c's keyspace on ln, which it takes over.
func (s *Server) startDataPlane(c *store.Cache, ln net.Listener) {
	var maxMemory int64
	if sku, ok := catalog.LookupSKU(c.SKU); ok {
		maxMemory = sku.MemoryMB << 20
	}
	srv := resp.New(resp.Config{
		Dataset:        s.openData(c).ds,
		Name:           c.Name,
		Passwords:      []string{c.PrimaryKey, c.SecondaryKey},
		MaxMemoryBytes: maxMemory,
		Logger:         s.log.With("cache", c.Name),
	})
	dp := &dataPlane{srv: srv, done: make(chan struct{})}
	s.dpMu.Lock()
	old := s.dataPlanes[c.Name]
	s.dataPlanes[c.Name] = dp
	s.dpMu.Unlock()
	if old != nil {
		// Not expected: a name has one endpoint. Closing the stale one keeps
		// its port from leaking if it ever happens.
		s.log.Warn("replacing a running data plane", "cache", c.Name)
		s.closeDataPlane(c.Name, old)
	}
	go func() {
		defer close(dp.done)
		if err := srv.Serve(ln); err != nil {
			s.log.Error("data plane stopped", "cache", c.Name, "err", err)
		}
	}()
}

// stopDataPlane closes a cache's endpoint and waits for it to end.
func (s *Server) stopDataPlane(name string) {
	s.dpMu.Lock()
	dp := s.dataPlanes[name]
	delete(s.dataPlanes, name)
	s.dpMu.Unlock()
	if dp != nil {
		s.closeDataPlane(name, dp)
	}
}

func (s *Server) closeDataPlane(name string, dp *dataPlane) {
	if err := dp.srv.Close(); err != nil {
		s.log.Warn("close data plane", "cache", name, "err", err)
	}
	<-dp.done
}

func (s *Server) stopAllDataPlanes() {
	s.dpMu.Lock()
	all := s.dataPlanes
	s.dataPlanes = map[string]*dataPlane{}
	s.dpMu.Unlock()
	for name, dp := range all {
		s.closeDataPlane(name, dp)
	}
}

// restoreListener binds the port a cache had before the restart so its
// clients keep working; if another process took it, a new port is better
// than a cache that cannot start.
func (s *Server) restoreListener(c *store.Cache) (net.Listener, error) {
	if c.Port > 0 {
		ln, err := listenData(c.Port)
		if err == nil {
			return ln, nil
		}
		s.log.Warn("recorded data port is unavailable; picking a new one", "cache", c.Name, "port", c.Port, "err", err)
	}
	ln, err := listenData(0)
	if err != nil {
		return nil, fmt.Errorf("listen for cache %q: %w", c.Name, err)
	}
	return ln, nil
}
