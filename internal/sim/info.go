package sim

import (
	"net/http"

	"github.com/geocache/terraform-provider-geocache/internal/catalog"
	"github.com/geocache/terraform-provider-geocache/internal/sim/simapi"
	"github.com/geocache/terraform-provider-geocache/internal/sim/store"
)

func (s *Server) getHealth(w http.ResponseWriter, _ *http.Request, _ string) error {
	writeJSON(w, http.StatusOK, simapi.Health{Service: simapi.ServiceName, Version: Version})
	return nil
}

func (s *Server) getStatus(w http.ResponseWriter, _ *http.Request, _ string) error {
	out := simapi.Status{
		Version:    Version,
		StartedAt:  s.started,
		StateDir:   s.cfg.StateDir,
		Latency:    s.cfg.Latency,
		Partitions: s.repl.Faults().Partitions,
	}
	err := s.store.View(func(tx *store.Tx) error {
		caches, err := tx.Caches()
		if err != nil {
			return err
		}
		groups, err := tx.Groups()
		if err != nil {
			return err
		}
		out.Caches, out.Groups = len(caches), len(groups)
		return nil
	})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) getRegions(w http.ResponseWriter, _ *http.Request, _ string) error {
	out := simapi.RegionList{Regions: []simapi.Region{}}
	for _, r := range catalog.Regions() {
		out.Regions = append(out.Regions, simapi.Region{Name: r.Name, DisplayName: r.DisplayName, Latitude: r.Latitude, Longitude: r.Longitude})
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) getSKUs(w http.ResponseWriter, _ *http.Request, _ string) error {
	out := simapi.SKUList{SKUs: []simapi.SKU{}}
	for _, k := range catalog.SKUs() {
		out.SKUs = append(out.SKUs, simapi.SKU{Name: k.Name, MemoryMB: k.MemoryMB, GeoReplication: k.GeoReplication})
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}
