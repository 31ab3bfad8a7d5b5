package sim

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/geocache/terraform-provider-geocache/internal/backend"
	"github.com/geocache/terraform-provider-geocache/internal/sim/simapi"
	"github.com/geocache/terraform-provider-geocache/internal/sim/store"
)

func (s *Server) listCaches(w http.ResponseWriter, _ *http.Request, _ string) error {
	out := simapi.CacheList{Caches: []simapi.Cache{}}
	err := s.store.View(func(tx *store.Tx) error {
		all, err := tx.Caches()
		if err != nil {
			return err
		}
		idx := byName(all)
		for _, c := range all {
			out.Caches = append(out.Caches, renderCache(s.showFaults(c, idx), idx))
		}
		return nil
	})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) getCache(w http.ResponseWriter, _ *http.Request, name string) error {
	var out simapi.Cache
	err := s.store.View(func(tx *store.Tx) error {
		c, err := loadCache(tx, name)
		if err != nil {
			return err
		}
		out, err = s.renderWithPeers(tx, c)
		return err
	})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// loadCache reads a cache, turning a missing one into the API's 404.
func loadCache(tx *store.Tx, name string) (*store.Cache, error) {
	c, err := tx.Cache(name)
	if errors.Is(err, store.ErrNotFound) {
		return nil, notFound("cache", name)
	}
	return c, err
}

func (s *Server) renderWithPeers(tx *store.Tx, c *store.Cache) (simapi.Cache, error) {
	peers := map[string]*store.Cache{}
	if c.ReplicationGroup != "" {
		members, err := tx.Members(c.ReplicationGroup)
		if err != nil {
			return simapi.Cache{}, err
		}
		peers = byName(members)
	}
	return renderCache(s.showFaults(c, peers), peers), nil
}

func (s *Server) putCache(w http.ResponseWriter, r *http.Request, name string) error {
	var req simapi.CacheCreate
	if err := decodeBody(w, r, &req, false); err != nil {
		return err
	}
	req.ReplicationGroup = strings.ToLower(req.ReplicationGroup) // as names in paths
	if err := validateCreate(name, &req); err != nil {
		return err
	}
	primary, err := randomSecret()
	if err != nil {
		return err
	}
	secondary, err := randomSecret()
	if err != nil {
		return err
	}
	ln, err := listenData(0)
	if err != nil {
		return fmt.Errorf("listen for cache %q: %w", name, err)
	}
	now := time.Now().UTC()
	c := &store.Cache{
		Name:             name,
		Region:           req.Region,
		SKU:              req.SKU,
		EvictionPolicy:   req.EvictionPolicy,
		ReplicationGroup: req.ReplicationGroup,
		Tags:             req.Tags,
		Port:             listenerPort(ln),
		PrimaryKey:       primary,
		SecondaryKey:     secondary,
		State:            backend.StateCreating,
		ReadyAt:          now.Add(s.cfg.ProvisioningDelay),
		CreatedAt:        now,
	}
	out, err := s.insertCache(c, ln)
	if err != nil {
		return err
	}
	s.log.Info("cache created", "cache", name, "region", c.Region, "sku", c.SKU, "group", c.ReplicationGroup, "port", c.Port)
	writeJSON(w, http.StatusCreated, out)
	return nil
}

// insertCache commits c if its group admits it and starts its endpoint
// and transitions. The lock spans the commit and the scheduling so jobs are
// queued in commit order; ln is closed if c is refused.
func (s *Server) insertCache(c *store.Cache, ln net.Listener) (simapi.Cache, error) {
	var out simapi.Cache
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.bg.Err() != nil {
		// Close has begun; an endpoint started now would outlive it.
		_ = ln.Close()
		return out, newAPIError(http.StatusServiceUnavailable, simapi.CodeInternal, "the simulator is shutting down")
	}
	err := s.store.Update(func(tx *store.Tx) error {
		if old, err := tx.Cache(c.Name); err == nil {
			if old.State == backend.StateDeleting {
				return conflict(simapi.CodeAlreadyExists, "cache %q already exists and is being deleted; create it again once it is gone", c.Name)
			}
			return conflict(simapi.CodeAlreadyExists, "cache %q already exists", c.Name)
		} else if !errors.Is(err, store.ErrNotFound) {
			return err
		}
		if c.ReplicationGroup != "" {
			if err := checkMembership(tx, c); err != nil {
				return err
			}
		}
		id, err := tx.NextReplicaID()
		if err != nil {
			return err
		}
		c.ReplicaID = id
		if err := tx.PutCache(c); err != nil {
			return err
		}
		out, err = s.renderWithPeers(tx, c)
		return err
	})
	if err != nil {
		_ = ln.Close()
		return out, err
	}
	s.startDataPlane(c, ln)
	s.scheduleCreate(c)
	return out, nil
}

func (s *Server) patchCache(w http.ResponseWriter, r *http.Request, name string) error {
	var req simapi.CacheUpdate
	if err := decodeBody(w, r, &req, false); err != nil {
		return err
	}
	if req.EvictionPolicy != nil {
		if err := validatePolicy(*req.EvictionPolicy); err != nil {
			return err
		}
	}
	var out simapi.Cache
	err := s.store.Update(func(tx *store.Tx) error {
		c, err := loadCache(tx, name)
		if err != nil {
			return err
		}
		if c.State == backend.StateDeleting {
			return conflict(simapi.CodeConflict, "cache %q is being deleted", name)
		}
		if p := req.EvictionPolicy; p != nil && *p != c.EvictionPolicy && c.ReplicationGroup != "" {
			if err := checkPolicyChange(tx, c, *p); err != nil {
				return err
			}
		}
		if req.EvictionPolicy != nil {
			c.EvictionPolicy = *req.EvictionPolicy
		}
		if req.Tags != nil {
			c.Tags = *req.Tags
		}
		if err := tx.PutCache(c); err != nil {
			return err
		}
		out, err = s.renderWithPeers(tx, c)
		return err
	})
	if err != nil {
		return err
	}
	s.log.Info("cache updated", "cache", name)
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) deleteCache(w http.ResponseWriter, _ *http.Request, name string) error {
	out, err := s.markDeleting(name)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusAccepted, out)
	return nil
}

// markDeleting commits the Deleting state and queues the leave, once: a
// repeated DELETE finds the leave already queued.
func (s *Server) markDeleting(name string) (simapi.Cache, error) {
	var out simapi.Cache
	var c *store.Cache
	started := false
	s.mu.Lock()
	defer s.mu.Unlock()
	err := s.store.Update(func(tx *store.Tx) error {
		var err error
		if c, err = loadCache(tx, name); err != nil {
			return err
		}
		if c.State != backend.StateDeleting {
			c.State = backend.StateDeleting
			started = true
			if err := tx.PutCache(c); err != nil {
				return err
			}
		}
		out, err = s.renderWithPeers(tx, c)
		return err
	})
	if err != nil {
		return out, err
	}
	if started {
		s.scheduleDelete(c)
		s.log.Info("cache deletion started", "cache", name)
	}
	return out, nil
}
