package armfake

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/geocache/terraform-provider-geocache/internal/catalog"
)

type linkBody struct {
	ID string `json:"id"`
}

type geoBody struct {
	GroupNickname   string     `json:"groupNickname"`
	LinkedDatabases []linkBody `json:"linkedDatabases"`
}

type databaseBody struct {
	Properties *struct {
		ClientProtocol           string   `json:"clientProtocol"`
		Port                     int64    `json:"port"`
		ClusteringPolicy         string   `json:"clusteringPolicy"`
		EvictionPolicy           string   `json:"evictionPolicy"`
		AccessKeysAuthentication string   `json:"accessKeysAuthentication"`
		GeoReplication           *geoBody `json:"geoReplication"`
	} `json:"properties"`
}

func subOf(id string) string { return strings.Split(id, "/")[2] }

func (s *Server) databaseHandler(w http.ResponseWriter, r *http.Request, clusterID string) {
	now := time.Now()
	c := s.clusters[key(clusterID)]
	if c == nil {
		writeError(w, http.StatusNotFound, "ParentResourceNotFound",
			"Can not perform requested operation on nested resource. Parent resource '%s' not found.", clusterID[strings.LastIndex(clusterID, "/")+1:])
		return
	}
	switch r.Method {
	case http.MethodGet:
		if c.db == nil {
			notFound(w, strings.Split(clusterID, "/")[4], c.name+"/databases/default")
			return
		}
		writeJSON(w, http.StatusOK, c.db.render(now))
	case http.MethodPut, http.MethodPatch:
		var body databaseBody
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil || body.Properties == nil {
			writeError(w, http.StatusBadRequest, "InvalidRequestContent", "The request content was invalid: 'properties' is required.")
			return
		}
		if p := body.Properties.EvictionPolicy; p != "" && !validEviction(p) {
			writeError(w, http.StatusBadRequest, "InvalidParameter", "The eviction policy '%s' is invalid.", p)
			return
		}
		if c.db != nil {
			if body.Properties.EvictionPolicy != "" {
				c.db.eviction = body.Properties.EvictionPolicy
			}
			op := s.newOperation(c.location, now)
			c.db.updatingUntil = op.doneAt
			status := http.StatusAccepted
			if r.Method == http.MethodPut {
				status = http.StatusOK
			}
			s.accepted(w, r, subOf(clusterID), op, status, c.db.render(now))
			return
		}
		if r.Method == http.MethodPatch {
			notFound(w, strings.Split(clusterID, "/")[4], c.name+"/databases/default")
			return
		}
		s.createDatabase(w, r, c, &body, now)
	default:
		writeError(w, http.StatusMethodNotAllowed, "MethodNotAllowed", "%s is not supported on a database.", r.Method)
	}
}

func validEviction(p string) bool {
	for _, e := range catalog.EvictionPolicies() {
		if e == p {
			return true
		}
	}
	return false
}

func (s *Server) createDatabase(w http.ResponseWriter, r *http.Request, c *cluster, body *databaseBody, now time.Time) {
	if rs := c.resourceState(now); rs != "Running" {
		writeError(w, http.StatusConflict, "Conflict",
			"The cluster '%s' is not running (resourceState %s); retry when it is.", c.name, rs)
		return
	}
	p := body.Properties
	db := &database{
		id:             c.id + "/databases/default",
		port:           p.Port,
		clientProtocol: or(p.ClientProtocol, "Encrypted"),
		clustering:     or(p.ClusteringPolicy, "OSSCluster"),
		eviction:       or(p.EvictionPolicy, catalog.DefaultEvictionPolicy),
		accessKeysAuth: or(p.AccessKeysAuthentication, "Disabled"),
		primaryKey:     randomKey(),
		secondaryKey:   randomKey(),
	}
	if db.port == 0 {
		db.port = 10000
	}
	if g := p.GeoReplication; g != nil {
		members, ok := s.checkJoin(w, r, c, db, g, now)
		if !ok {
			return
		}
		linkedAt := now.Add(s.opts.LinkDelay)
		peerLinkedAt := linkedAt.Add(s.opts.PeerLinkDelay)
		db.nickname = g.GroupNickname
		db.links = []*link{{id: db.id, linkedAt: linkedAt}}
		for _, m := range members {
			db.links = append(db.links, &link{id: m.id, linkedAt: linkedAt})
			m.links = append(m.links, &link{id: db.id, linkedAt: peerLinkedAt})
		}
	}
	op := s.newOperation(c.location, now)
	db.provisionedAt = op.doneAt
	db.runningAt = latest(op.doneAt, now.Add(s.opts.ProvisionDelay))
	c.db = db
	s.accepted(w, r, subOf(c.id), op, http.StatusCreated, db.render(now))
}

func or(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

// checkJoin applies Azure's rules for creating a database into a group: it
// must list itself and every current member, all on the same SKU, at most
// five, and no other link change may be in flight in the group.
func (s *Server) checkJoin(w http.ResponseWriter, r *http.Request, c *cluster, db *database, g *geoBody, now time.Time) ([]*database, bool) {
	if g.GroupNickname == "" {
		writeError(w, http.StatusBadRequest, "InvalidParameter", "geoReplication.groupNickname is required.")
		return nil, false
	}
	listed := map[string]bool{}
	for _, l := range g.LinkedDatabases {
		listed[key(l.ID)] = true
	}
	if !listed[key(db.id)] {
		writeError(w, http.StatusBadRequest, "InvalidParameter",
			"geoReplication.linkedDatabases must include the database being created ('%s').", db.id)
		return nil, false
	}
	members := s.groupDatabases(g.GroupNickname)
	for _, m := range members {
		for _, l := range m.links {
			if st := l.state(now); st != "Linked" {
				msg := fmt.Sprintf("Another geo-replication operation is in progress in group '%s' (link %s is %s); retry when it has finished.",
					g.GroupNickname, l.id, st)
				if s.opts.AsyncJoinConflicts {
					// Accepted, then failed: the database is never stored.
					op := s.newOperation(c.location, now)
					op.failure = &armError{Code: "Conflict", Message: msg}
					s.accepted(w, r, subOf(c.id), op, http.StatusCreated, nil)
					return nil, false
				}
				writeError(w, http.StatusConflict, "Conflict", "%s", msg)
				return nil, false
			}
		}
		if !listed[key(m.id)] {
			writeError(w, http.StatusBadRequest, "InvalidParameter",
				"geoReplication.linkedDatabases must include every database in group '%s'; '%s' is missing.", g.GroupNickname, m.id)
			return nil, false
		}
		if mc := s.clusterOf(m); mc != nil && mc.sku != c.sku {
			writeError(w, http.StatusBadRequest, "InvalidParameter",
				"All databases in group '%s' must use the same SKU: '%s' uses %s, not %s.", g.GroupNickname, m.id, mc.sku, c.sku)
			return nil, false
		}
		delete(listed, key(m.id))
	}
	delete(listed, key(db.id))
	for id := range listed {
		writeError(w, http.StatusBadRequest, "LinkedDatabaseNotFound",
			"The linked database '%s' does not exist or is not in group '%s'.", id, g.GroupNickname)
		return nil, false
	}
	if len(members)+1 > catalog.MaxGroupMembers {
		writeError(w, http.StatusBadRequest, "InvalidParameter",
			"Group '%s' already has %d databases, the maximum.", g.GroupNickname, len(members))
		return nil, false
	}
	if sku, _ := catalog.LookupSKU(c.sku); !sku.GeoReplication {
		writeError(w, http.StatusBadRequest, "InvalidParameter", "SKU %s does not support geo-replication.", c.sku)
		return nil, false
	}
	return members, true
}

// databaseAction serves the POST actions on a database.
func (s *Server) databaseAction(w http.ResponseWriter, r *http.Request, clusterID, action string) {
	now := time.Now()
	c := s.clusters[key(clusterID)]
	if c == nil || c.db == nil {
		notFound(w, strings.Split(clusterID, "/")[4], clusterID[strings.LastIndex(clusterID, "/")+1:]+"/databases/default")
		return
	}
	switch strings.ToLower(action) {
	case "listkeys":
		if c.db.accessKeysAuth != "Enabled" {
			writeError(w, http.StatusBadRequest, "AccessKeysAuthenticationDisabled",
				"Access keys authentication is disabled for database '%s'.", c.db.id)
			return
		}
		writeJSON(w, http.StatusOK, map[string]string{"primaryKey": c.db.primaryKey, "secondaryKey": c.db.secondaryKey})
	case "forceunlink":
		var body struct {
			IDs []string `json:"ids"`
		}
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil || len(body.IDs) == 0 {
			writeError(w, http.StatusBadRequest, "InvalidRequestContent", "The property 'ids' is required.")
			return
		}
		s.forceUnlink(w, r, c, body.IDs, now)
	default:
		writeError(w, http.StatusNotFound, "InvalidResourceType", "The action '%s' is not supported on a database.", action)
	}
}

// forceUnlink starts dropping ids from every remaining member's links and
// the unlinked databases' links to the others.
func (s *Server) forceUnlink(w http.ResponseWriter, r *http.Request, c *cluster, ids []string, now time.Time) {
	linked := map[string]bool{}
	for _, l := range c.db.links {
		linked[key(l.id)] = true
	}
	gone := map[string]bool{}
	for _, id := range ids {
		if !linked[key(id)] || key(id) == key(c.db.id) {
			writeError(w, http.StatusBadRequest, "InvalidParameter",
				"The database '%s' is not linked to '%s'.", id, c.db.id)
			return
		}
		gone[key(id)] = true
	}
	unlinkAt := now.Add(s.opts.LinkDelay)
	members := s.groupDatabases(c.db.nickname)
	for _, m := range members {
		if gone[key(m.id)] {
			m.detached = true
		}
	}
	for _, m := range members {
		for _, l := range m.links {
			// Remaining members drop the unlinked ones; unlinked ones drop
			// everyone but themselves.
			if gone[key(l.id)] != gone[key(m.id)] && l.unlinkAt.IsZero() {
				l.unlinkAt = unlinkAt
			}
		}
	}
	op := s.newOperation(c.location, now)
	s.accepted(w, r, subOf(c.id), op, http.StatusAccepted, nil)
}
