package armfake

import (
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"strings"
	"time"
)

type cluster struct {
	id, name, location, sku string
	tags                    map[string]string
	provisionedAt           time.Time // provisioningState Succeeded from here
	runningAt               time.Time // resourceState Running from here
	updatingUntil           time.Time // a PATCH in progress
	deleteAt                time.Time // zero unless being deleted
	failed                  bool
	db                      *database
}

type database struct {
	id                                   string
	port                                 int64
	clientProtocol, clustering, eviction string
	accessKeysAuth                       string
	nickname                             string
	links                                []*link // self included when geo-replicated
	provisionedAt, runningAt             time.Time
	updatingUntil                        time.Time
	primaryKey, secondaryKey             string
	// detached is set by forceUnlink: the database keeps its nickname but
	// no longer counts as a member when others join.
	detached bool
}

type link struct {
	id       string
	linkedAt time.Time
	unlinkAt time.Time // zero unless being unlinked
}

type operation struct {
	id, location string
	started      time.Time
	doneAt       time.Time
	failure      *armError
}

func clusterID(sub, rg, name string) string {
	return "/subscriptions/" + sub + "/resourceGroups/" + rg + "/providers/Microsoft.Cache/redisEnterprise/" + name
}

func key(id string) string { return strings.ToLower(id) }

func (l *link) state(now time.Time) string {
	switch {
	case !l.unlinkAt.IsZero():
		return "Unlinking"
	case now.Before(l.linkedAt):
		return "Linking"
	}
	return "Linked"
}

// advance applies transitions whose time has come: finished deletions and
// unlinks. Everything else is derived from timestamps when read.
func (s *Server) advance(now time.Time) {
	for k, c := range s.clusters {
		if !c.deleteAt.IsZero() && !now.Before(c.deleteAt) {
			delete(s.clusters, k)
			if c.db != nil {
				s.dropLinksTo(c.db.id)
			}
		}
	}
	for _, c := range s.clusters {
		if c.db == nil {
			continue
		}
		kept := c.db.links[:0]
		for _, l := range c.db.links {
			if l.unlinkAt.IsZero() || now.Before(l.unlinkAt) {
				kept = append(kept, l)
			}
		}
		c.db.links = kept
	}
}

// dropLinksTo is Azure reconfiguring a group after a member vanished.
func (s *Server) dropLinksTo(dbID string) {
	for _, c := range s.clusters {
		if c.db == nil {
			continue
		}
		kept := c.db.links[:0]
		for _, l := range c.db.links {
			if key(l.id) != key(dbID) {
				kept = append(kept, l)
			}
		}
		c.db.links = kept
	}
}

// findDatabase resolves a database ID to its database, nil when absent.
func (s *Server) findDatabase(dbID string) *database {
	const suffix = "/databases/default"
	if !strings.HasSuffix(key(dbID), suffix) {
		return nil
	}
	c := s.clusters[key(dbID[:len(dbID)-len(suffix)])]
	if c == nil || c.db == nil {
		return nil
	}
	return c.db
}

// groupDatabases lists the databases carrying nickname.
func (s *Server) groupDatabases(nickname string) []*database {
	var out []*database
	for _, c := range s.clusters {
		if c.db != nil && !c.db.detached && c.db.nickname != "" && strings.EqualFold(c.db.nickname, nickname) {
			out = append(out, c.db)
		}
	}
	return out
}

func (s *Server) clusterOf(db *database) *cluster {
	return s.clusters[key(strings.TrimSuffix(db.id, "/databases/default"))]
}

// newOperation records an async operation finishing after the configured
// delay, consuming a pending injected failure.
func (s *Server) newOperation(location string, now time.Time) *operation {
	s.seq++
	op := &operation{
		id:       fmt.Sprintf("op-%06d", s.seq),
		location: strings.ToLower(strings.ReplaceAll(location, " ", "")),
		started:  now,
		doneAt:   now.Add(s.opts.OperationDelay),
		failure:  s.failNext,
	}
	s.failNext = nil
	s.ops[op.id] = op
	return op
}

func randomKey() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		// crypto/rand does not fail on supported platforms; a fixed key
		// keeps the fake usable if it ever does.
		return "armfake-key"
	}
	return base64.StdEncoding.EncodeToString(b)
}
