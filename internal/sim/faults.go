package sim

import (
	"fmt"
	"net/http"
	"slices"
	"time"

	"github.com/geocache/terraform-provider-geocache/internal/catalog"
	"github.com/geocache/terraform-provider-geocache/internal/sim/replication"
	"github.com/geocache/terraform-provider-geocache/internal/sim/simapi"
	"github.com/geocache/terraform-provider-geocache/internal/sim/store"
)

// maxLatency bounds an override: beyond it a test is better served by a
// partition, and a typo ("120s" for "120ms") is caught.
const maxLatency = time.Minute

func (s *Server) getFaults(w http.ResponseWriter, _ *http.Request, _ string) error {
	writeJSON(w, http.StatusOK, s.faults())
	return nil
}

func (s *Server) faults() simapi.Faults {
	f := s.repl.Faults()
	out := simapi.Faults{Latency: s.cfg.Latency, Partitions: []simapi.RegionPair{}, Overrides: []simapi.LatencySetting{}}
	for _, p := range f.Partitions {
		out.Partitions = append(out.Partitions, simapi.RegionPair{A: p[0], B: p[1]})
	}
	for _, o := range f.Latency {
		out.Overrides = append(out.Overrides, simapi.LatencySetting{A: o.A, B: o.B, Latency: o.Latency.String()})
	}
	return out
}

func (s *Server) postPartition(w http.ResponseWriter, r *http.Request, _ string) error {
	var req simapi.RegionPair
	if err := decodeBody(w, r, &req, false); err != nil {
		return err
	}
	if err := validatePair(req.A, req.B); err != nil {
		return err
	}
	if err := s.changeFaults(func() { s.repl.Partition(req.A, req.B) }); err != nil {
		return err
	}
	s.log.Info("regions partitioned", "a", req.A, "b", req.B)
	writeJSON(w, http.StatusOK, s.faults())
	return nil
}

func (s *Server) deletePartitions(w http.ResponseWriter, r *http.Request, _ string) error {
	req, err := decodePair(w, r)
	if err != nil {
		return err
	}
	if req == nil {
		if err := s.changeFaults(s.repl.HealAll); err != nil {
			return err
		}
		s.log.Info("all partitions healed")
	} else {
		if err := validatePair(req.A, req.B); err != nil {
			return err
		}
		if err := s.changeFaults(func() { s.repl.Heal(req.A, req.B) }); err != nil {
			return err
		}
		s.log.Info("partition healed", "a", req.A, "b", req.B)
	}
	writeJSON(w, http.StatusOK, s.faults())
	return nil
}

func (s *Server) putLatency(w http.ResponseWriter, r *http.Request, _ string) error {
	var req simapi.LatencySetting
	if err := decodeBody(w, r, &req, false); err != nil {
		return err
	}
	if err := validatePair(req.A, req.B); err != nil {
		return err
	}
	d, err := time.ParseDuration(req.Latency)
	if err != nil || d < 0 || d > maxLatency {
		return invalidRequest("latency %q: want a duration from 0s to %v, such as \"120ms\"", req.Latency, maxLatency)
	}
	if err := s.changeFaults(func() { s.repl.SetLatency(req.A, req.B, d) }); err != nil {
		return err
	}
	s.log.Info("latency set", "a", req.A, "b", req.B, "latency", d)
	writeJSON(w, http.StatusOK, s.faults())
	return nil
}

func (s *Server) deleteLatency(w http.ResponseWriter, r *http.Request, _ string) error {
	req, err := decodePair(w, r)
	if err != nil {
		return err
	}
	change := s.repl.ResetAllLatency
	if req != nil {
		if err := validatePair(req.A, req.B); err != nil {
			return err
		}
		change = func() { s.repl.ResetLatency(req.A, req.B) }
	}
	if err := s.changeFaults(change); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, s.faults())
	return nil
}

// decodePair reads an optional region pair: no body, or an empty object,
// means every pair.
func decodePair(w http.ResponseWriter, r *http.Request) (*simapi.RegionPair, error) {
	var req simapi.RegionPair
	if err := decodeBody(w, r, &req, true); err != nil {
		return nil, err
	}
	if req.A == "" && req.B == "" {
		return nil, nil
	}
	return &req, nil
}

func validatePair(a, b string) error {
	for _, r := range []string{a, b} {
		if r == "" {
			return invalidRequest("two regions are required, as {\"a\":\"eastus\",\"b\":\"westeurope\"}")
		}
		if _, ok := catalog.LookupRegion(r); !ok {
			return invalidRequest("unknown region %q: GET %s lists them", r, simapi.PathRegions)
		}
	}
	if a == b {
		return invalidRequest("regions %q and %q are the same: a fault is between two different regions", a, b)
	}
	return nil
}

// changeFaults runs change on the engine and records the faults then in
// force, so that a restart brings them back: a test's partition must not
// heal because the simulator restarted. When the record cannot be written,
// the engine goes back to what it had, so the API never reports a fault
// that a restart would drop.
func (s *Server) changeFaults(change func()) error {
	s.faultsMu.Lock()
	defer s.faultsMu.Unlock()
	before := s.repl.Faults()
	change()
	after := s.repl.Faults()
	if err := s.store.Update(func(tx *store.Tx) error { return tx.PutFaults(toStoreFaults(after)) }); err != nil {
		s.moveFaults(after, before)
		return fmt.Errorf("record faults: %w", err)
	}
	return nil
}

// moveFaults changes the engine's faults from "from" to "to" pair by pair:
// a pair in both stays as it is, never healed for a moment.
func (s *Server) moveFaults(from, to replication.Faults) {
	for _, p := range from.Partitions {
		if !slices.Contains(to.Partitions, p) {
			s.repl.Heal(p[0], p[1])
		}
	}
	for _, p := range to.Partitions {
		if !slices.Contains(from.Partitions, p) {
			s.repl.Partition(p[0], p[1])
		}
	}
	for _, o := range from.Latency {
		if !slices.ContainsFunc(to.Latency, func(n replication.LatencyOverride) bool { return n.A == o.A && n.B == o.B }) {
			s.repl.ResetLatency(o.A, o.B)
		}
	}
	for _, o := range to.Latency {
		if !slices.Contains(from.Latency, o) {
			s.repl.SetLatency(o.A, o.B, o.Latency)
		}
	}
}

// restoreFaults puts back the faults recorded before a restart, skipping
// regions the catalogue no longer has.
func (s *Server) restoreFaults(rec *store.Faults) {
	var f replication.Faults
	for _, p := range rec.Partitions {
		if validatePair(p[0], p[1]) == nil {
			f.Partitions = append(f.Partitions, p)
		}
	}
	for _, o := range rec.Latency {
		if validatePair(o.A, o.B) == nil && o.Latency >= 0 && o.Latency <= maxLatency {
			f.Latency = append(f.Latency, replication.LatencyOverride{A: o.A, B: o.B, Latency: o.Latency})
		}
	}
	s.moveFaults(s.repl.Faults(), f)
	if len(f.Partitions)+len(f.Latency) > 0 {
		s.log.Info("faults restored", "partitions", len(f.Partitions), "latencyOverrides", len(f.Latency))
	}
}

func toStoreFaults(f replication.Faults) *store.Faults {
	out := &store.Faults{Partitions: f.Partitions}
	for _, o := range f.Latency {
		out.Latency = append(out.Latency, store.LatencyOverride{A: o.A, B: o.B, Latency: o.Latency})
	}
	return out
}
