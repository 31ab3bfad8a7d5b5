package sim

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/geocache/terraform-provider-geocache/internal/sim/crdt"
	"github.com/geocache/terraform-provider-geocache/internal/sim/dataset"
	"github.com/geocache/terraform-provider-geocache/internal/sim/replication"
	"github.com/geocache/terraform-provider-geocache/internal/sim/store"
)

// Data snapshots: each cache's dataset is written to DIR/data/NAME.ID.state
// on Close and every snapshotInterval while it changes. After a kill -9 a
// cache comes back as its last snapshot held: its own writes acknowledged
// after that snapshot are lost unless a peer had already applied them (they
// are then recovered from the peer), and everything else its peers had not
// acknowledged is sent again.
const (
	dataDir          = "data"
	stateSuffix      = ".state"
	snapshotInterval = 5 * time.Second
)

// cacheData is one cache's replicated data. It lives apart from the RESP
// endpoint so that a leaving cache can stop serving and still be drained.
type cacheData struct {
	name string
	id   crdt.ReplicaID
	ds   *dataset.Dataset
	file string

	saveMu  sync.Mutex // one save of this cache at a time
	saved   crdt.VV    // applied vector the file holds
	dropped bool       // the cache is deleted: never write its file again (under saveMu)
}

func (s *Server) dataPath(c *store.Cache) string {
	return filepath.Join(s.cfg.StateDir, dataDir, c.Name+"."+strconv.FormatUint(uint64(c.ReplicaID), 10)+stateSuffix)
}

// openData returns the cache's dataset, restoring it from its snapshot the
// first time, and registers a group member with the replication engine.
func (s *Server) openData(c *store.Cache) *cacheData {
	s.dataMu.Lock()
	defer s.dataMu.Unlock()
	if cd := s.data[c.Name]; cd != nil {
		return cd
	}
	cd := &cacheData{name: c.Name, id: crdt.ReplicaID(c.ReplicaID), file: s.dataPath(c)}
	cd.ds = s.loadDataset(cd)
	cd.saved = cd.ds.Applied()
	if c.ReplicationGroup != "" {
		cd.ds.SetInGroup(true)
		err := s.repl.Add(replication.Member{Name: c.Name, Region: c.Region, ID: cd.id, Replica: cd.ds})
		if err != nil && !errors.Is(err, replication.ErrClosed) {
			s.log.Error("register cache for replication", "cache", c.Name, "err", err)
		}
		name := c.Name
		cd.ds.SetLinkReporter(func() []dataset.LinkStatus { return s.linkReport(name) })
	}
	s.data[c.Name] = cd
	return cd
}

// loadDataset restores the snapshot if there is one. An unreadable one is
// kept aside (NAME.ID.state.corrupt) and the cache starts empty: its peers,
// if any, send their data back, which beats a simulator that cannot start.
func (s *Server) loadDataset(cd *cacheData) *dataset.Dataset {
	raw, err := os.ReadFile(cd.file)
	if errors.Is(err, fs.ErrNotExist) {
		return dataset.New(cd.id)
	}
	if err == nil {
		var ds *dataset.Dataset
		if ds, err = dataset.Restore(cd.id, raw); err == nil {
			return ds
		}
	}
	s.log.Error("data snapshot unreadable; the cache starts empty", "cache", cd.name, "file", cd.file, "err", err)
	if err := os.Rename(cd.file, cd.file+".corrupt"); err != nil {
		s.log.Warn("set the unreadable snapshot aside", "file", cd.file, "err", err)
	}
	return dataset.New(cd.id)
}

func (s *Server) linkReport(name string) []dataset.LinkStatus {
	links := s.repl.Links(name)
	out := make([]dataset.LinkStatus, len(links))
	for i, l := range links {
		out[i] = dataset.LinkStatus{
			Peer:       l.Peer,
			Region:     l.Region,
			State:      l.State,
			Backlog:    l.Backlog,
			LagMs:      float64(l.Lag) / float64(time.Millisecond),
			LastAckSeq: l.LastAckSeq,
		}
	}
	return out
}

func (s *Server) cacheData(name string) *cacheData {
	s.dataMu.Lock()
	defer s.dataMu.Unlock()
	return s.data[name]
}

// dropData forgets a deleted cache's data and removes its snapshot.
func (s *Server) dropData(name string) {
	s.repl.Remove(name)
	s.dataMu.Lock()
	cd := s.data[name]
	delete(s.data, name)
	s.dataMu.Unlock()
	if cd == nil {
		return
	}
	cd.saveMu.Lock()
	defer cd.saveMu.Unlock()
	// A saveAll that collected cd before it was forgotten may still get
	// here after us; the mark keeps it from writing the file back.
	cd.dropped = true
	if err := os.Remove(cd.file); err != nil && !errors.Is(err, fs.ErrNotExist) {
		s.log.Warn("remove data snapshot", "cache", name, "err", err)
	}
}

// save writes the cache's snapshot if it changed since the last one (or
// always, when forced), unless the cache was deleted meanwhile.
func (s *Server) save(cd *cacheData, force bool) error {
	cd.saveMu.Lock()
	defer cd.saveMu.Unlock()
	if cd.dropped {
		return nil
	}
	// Read before marshalling: a write in between makes the next check see
	// a change and save again, never the opposite.
	applied := cd.ds.Applied()
	if !force && vvEqual(applied, cd.saved) {
		return nil
	}
	raw, err := cd.ds.MarshalState()
	if err != nil {
		return err
	}
	if err := writeFileAtomic(cd.file, raw); err != nil {
		return fmt.Errorf("save data of cache %q: %w", cd.name, err)
	}
	cd.saved = applied
	return nil
}

func vvEqual(a, b crdt.VV) bool {
	return a.LessEq(b) && b.LessEq(a)
}

// saveAll writes every cache's snapshot and returns the first error.
func (s *Server) saveAll(force bool) error {
	s.dataMu.Lock()
	all := make([]*cacheData, 0, len(s.data))
	for _, cd := range s.data {
		all = append(all, cd)
	}
	s.dataMu.Unlock()
	var errs []error
	for _, cd := range all {
		if err := s.save(cd, force); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// snapshotLoop saves changed caches periodically and lets the engine tidy
// the logs of members nobody reads.
func (s *Server) snapshotLoop(every time.Duration) {
	defer s.bgWG.Done()
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-s.bg.Done():
			return
		case <-t.C:
			s.repl.Maintain()
			if err := s.saveAll(false); err != nil {
				s.log.Error("periodic data snapshot", "err", err)
			}
		}
	}
}

// writeFileAtomic replaces path with data so that a crash leaves either the
// old file or the new one, never a mix: temp file, fsync, rename, fsync of
// the folder.
func writeFileAtomic(path string, data []byte) (err error) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			_ = os.Remove(tmp)
		}
	}()
	if err := f.Chmod(0o600); err != nil {
		_ = f.Close()
		return err
	}
	if _, err := f.Write(data); err != nil {
		_ = f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		_ = f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		return err
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// removeOrphanData deletes snapshots (and leftover temp files) of caches
// that are no longer recorded, such as one deleted just before a crash.
func (s *Server) removeOrphanData(caches []*store.Cache) {
	dir := filepath.Join(s.cfg.StateDir, dataDir)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	keep := map[string]bool{}
	for _, c := range caches {
		keep[filepath.Base(s.dataPath(c))] = true
	}
	for _, e := range entries {
		n := e.Name()
		if keep[n] || strings.HasSuffix(n, ".corrupt") {
			continue
		}
		if err := os.Remove(filepath.Join(dir, n)); err == nil {
			s.log.Info("removed the data of a cache no longer recorded", "file", n)
		}
	}
}
