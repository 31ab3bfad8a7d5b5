package sim

import (
	"errors"
	"net/http"
	"time"

	"github.com/geocache/terraform-provider-geocache/internal/catalog"
	"github.com/geocache/terraform-provider-geocache/internal/sim/simapi"
	"github.com/geocache/terraform-provider-geocache/internal/sim/store"
)

func loadGroup(tx *store.Tx, name string) (*store.Group, error) {
	g, err := tx.Group(name)
	if errors.Is(err, store.ErrNotFound) {
		return nil, notFound("replication group", name)
	}
	return g, err
}

func (s *Server) listGroups(w http.ResponseWriter, _ *http.Request, _ string) error {
	out := simapi.GroupList{Groups: []simapi.Group{}}
	err := s.store.View(func(tx *store.Tx) error {
		groups, err := tx.Groups()
		if err != nil {
			return err
		}
		for _, g := range groups {
			members, err := tx.Members(g.Name)
			if err != nil {
				return err
			}
			out.Groups = append(out.Groups, renderGroup(g, s.showGroupFaults(members)))
		}
		return nil
	})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) getGroup(w http.ResponseWriter, _ *http.Request, name string) error {
	var out simapi.Group
	err := s.store.View(func(tx *store.Tx) error {
		g, err := loadGroup(tx, name)
		if err != nil {
			return err
		}
		members, err := tx.Members(name)
		if err != nil {
			return err
		}
		out = renderGroup(g, s.showGroupFaults(members))
		return nil
	})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) putGroup(w http.ResponseWriter, r *http.Request, name string) error {
	var req simapi.GroupCreate
	if err := decodeBody(w, r, &req, true); err != nil {
		return err
	}
	if err := catalog.ValidateName(name); err != nil {
		return invalidRequest("replication group name: %v", err)
	}
	g := &store.Group{Name: name, CreatedAt: time.Now().UTC()}
	err := s.store.Update(func(tx *store.Tx) error {
		if _, err := tx.Group(name); err == nil {
			return conflict(simapi.CodeAlreadyExists, "replication group %q already exists", name)
		} else if !errors.Is(err, store.ErrNotFound) {
			return err
		}
		return tx.PutGroup(g)
	})
	if err != nil {
		return err
	}
	s.log.Info("replication group created", "group", name)
	writeJSON(w, http.StatusCreated, renderGroup(g, nil))
	return nil
}

func (s *Server) deleteGroup(w http.ResponseWriter, _ *http.Request, name string) error {
	err := s.store.Update(func(tx *store.Tx) error {
		if _, err := loadGroup(tx, name); err != nil {
			return err
		}
		members, err := tx.Members(name)
		if err != nil {
			return err
		}
		if len(members) > 0 {
			return conflict(simapi.CodeGroupNotEmpty, "replication group %q still has members: %s; delete them first", name, names(members))
		}
		return tx.DeleteGroup(name)
	})
	if err != nil {
		return err
	}
	s.log.Info("replication group deleted", "group", name)
	w.WriteHeader(http.StatusNoContent)
	return nil
}
