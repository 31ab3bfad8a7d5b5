package sim

import (
	"net/http"
	"time"

	"github.com/geocache/terraform-provider-geocache/internal/catalog"
	"github.com/geocache/terraform-provider-geocache/internal/sim/simapi"
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
	s.repl.Partition(req.A, req.B)
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
		s.repl.HealAll()
		s.log.Info("all partitions healed")
	} else {
		if err := validatePair(req.A, req.B); err != nil {
			return err
		}
		s.repl.Heal(req.A, req.B)
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
	s.repl.SetLatency(req.A, req.B, d)
	s.log.Info("latency set", "a", req.A, "b", req.B, "latency", d)
	writeJSON(w, http.StatusOK, s.faults())
	return nil
}

func (s *Server) deleteLatency(w http.ResponseWriter, r *http.Request, _ string) error {
	req, err := decodePair(w, r)
	if err != nil {
		return err
	}
	if req == nil {
		s.repl.ResetAllLatency()
	} else {
		if err := validatePair(req.A, req.B); err != nil {
			return err
		}
		s.repl.ResetLatency(req.A, req.B)
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
