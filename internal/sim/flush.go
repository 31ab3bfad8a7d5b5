package sim

import (
	"net/http"

	"github.com/geocache/terraform-provider-geocache/internal/sim/simapi"
	"github.com/geocache/terraform-provider-geocache/internal/sim/store"
)

// flushCache empties a cache; in a group, every member. Each member removes
// exactly what it observed and the removals replicate, so once the links
// are quiet every member is empty (a write made concurrently elsewhere
// survives, as any concurrent write survives a DEL).
func (s *Server) flushCache(w http.ResponseWriter, _ *http.Request, name string) error {
	var targets []*store.Cache
	err := s.store.View(func(tx *store.Tx) error {
		c, err := loadCache(tx, name)
		if err != nil {
			return err
		}
		if c.ReplicationGroup == "" {
			targets = []*store.Cache{c}
			return nil
		}
		targets, err = tx.Members(c.ReplicationGroup)
		return err
	})
	if err != nil {
		return err
	}
	out := simapi.FlushResult{Flushed: []string{}}
	for _, c := range targets {
		if cd := s.cacheData(c.Name); cd != nil {
			cd.ds.FlushObserved()
			out.Flushed = append(out.Flushed, c.Name)
		}
	}
	s.log.Info("cache flushed", "cache", name, "members", len(out.Flushed))
	writeJSON(w, http.StatusOK, out)
	return nil
}
