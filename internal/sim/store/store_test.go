package store

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

func openTemp(t *testing.T) (*Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "state.db")
	s, err := Open(path, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	return s, path
}

// reopen closes s and opens its file again, closed with the test.
func reopen(t *testing.T, s *Store, path string) *Store {
	t.Helper()
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s, err := Open(path, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

func TestCacheRoundTripSurvivesReopen(t *testing.T) {
	s, path := openTemp(t)
	created := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	want := &Cache{
		Name: "a", Region: "eastus", SKU: "Balanced_B3", EvictionPolicy: "VolatileLRU",
		ReplicationGroup: "g", Tags: map[string]string{"env": "dev"}, Port: 6380,
		PrimaryKey: "p", SecondaryKey: "s", State: "Creating", ReadyAt: created,
		Joined: true, Links: map[string]string{"b": "Linking"}, CreatedAt: created,
	}
	if err := s.Update(func(tx *Tx) error { return tx.PutCache(want) }); err != nil {
		t.Fatal(err)
	}
	s = reopen(t, s, path)
	var got *Cache
	if err := s.View(func(tx *Tx) (err error) { got, err = tx.Cache("a"); return err }); err != nil {
		t.Fatal(err)
	}
	if got.Links["b"] != "Linking" || got.Tags["env"] != "dev" || got.Port != 6380 ||
		!got.ReadyAt.Equal(created) || !got.Joined || got.ReplicationGroup != "g" {
		t.Fatalf("record changed across reopen: %+v", got)
	}
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if perm := info.Mode().Perm(); perm != 0o600 {
		t.Fatalf("state file mode %v, want 0600", perm)
	}
}

func TestMissingRecordsAreNotFound(t *testing.T) {
	s, _ := openTemp(t)
	defer s.Close()
	err := s.View(func(tx *Tx) error {
		if _, err := tx.Cache("nope"); !errors.Is(err, ErrNotFound) {
			t.Errorf("cache: got %v, want ErrNotFound", err)
		}
		if _, err := tx.Group("nope"); !errors.Is(err, ErrNotFound) {
			t.Errorf("group: got %v, want ErrNotFound", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestMembersAndListsAreSorted(t *testing.T) {
	s, _ := openTemp(t)
	defer s.Close()
	err := s.Update(func(tx *Tx) error {
		for _, n := range []string{"c", "a", "b", "solo"} {
			g := "g"
			if n == "solo" {
				g = ""
			}
			if err := tx.PutCache(&Cache{Name: n, ReplicationGroup: g}); err != nil {
				return err
			}
		}
		for _, n := range []string{"z", "g"} {
			if err := tx.PutGroup(&Group{Name: n}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	err = s.View(func(tx *Tx) error {
		m, err := tx.Members("g")
		if err != nil {
			return err
		}
		if len(m) != 3 || m[0].Name != "a" || m[1].Name != "b" || m[2].Name != "c" {
			t.Errorf("members of g: %+v", m)
		}
		gs, err := tx.Groups()
		if err != nil {
			return err
		}
		if len(gs) != 2 || gs[0].Name != "g" || gs[1].Name != "z" {
			t.Errorf("groups: %+v", gs)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestFailedUpdateWritesNothing(t *testing.T) {
	s, _ := openTemp(t)
	defer s.Close()
	boom := errors.New("boom")
	err := s.Update(func(tx *Tx) error {
		if err := tx.PutGroup(&Group{Name: "g"}); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("got %v, want boom", err)
	}
	err = s.View(func(tx *Tx) error {
		_, err := tx.Group("g")
		return err
	})
	if !errors.Is(err, ErrNotFound) {
		t.Fatalf("rolled-back group visible: %v", err)
	}
}

func TestDeleteRemoves(t *testing.T) {
	s, _ := openTemp(t)
	defer s.Close()
	err := s.Update(func(tx *Tx) error {
		if err := tx.PutCache(&Cache{Name: "a"}); err != nil {
			return err
		}
		if err := tx.PutGroup(&Group{Name: "g"}); err != nil {
			return err
		}
		if err := tx.DeleteCache("a"); err != nil {
			return err
		}
		return tx.DeleteGroup("g")
	})
	if err != nil {
		t.Fatal(err)
	}
	err = s.View(func(tx *Tx) error {
		cs, err := tx.Caches()
		if err != nil {
			return err
		}
		gs, err := tx.Groups()
		if err != nil {
			return err
		}
		if len(cs)+len(gs) != 0 {
			t.Errorf("left after delete: %v %v", cs, gs)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestEmptyKeyRefused(t *testing.T) {
	s, _ := openTemp(t)
	defer s.Close()
	if err := s.Update(func(tx *Tx) error { return tx.PutCache(&Cache{}) }); err == nil {
		t.Fatal("cache without a name was stored")
	}
}

func TestSecondOpenReportsInUse(t *testing.T) {
	s, path := openTemp(t)
	defer s.Close()
	_, err := Open(path, 50*time.Millisecond)
	if !errors.Is(err, ErrInUse) {
		t.Fatalf("second open: got %v, want ErrInUse", err)
	}
}

func TestCorruptRecordIsAnError(t *testing.T) {
	s, _ := openTemp(t)
	defer s.Close()
	err := s.db.Update(func(btx *bolt.Tx) error {
		return btx.Bucket(bucketCaches).Put([]byte("bad"), []byte("{not json"))
	})
	if err != nil {
		t.Fatal(err)
	}
	err = s.View(func(tx *Tx) error {
		_, err := tx.Caches()
		return err
	})
	if err == nil {
		t.Fatal("corrupt record decoded without error")
	}
}

func TestReplicaIDsNeverRepeatAcrossReopen(t *testing.T) {
	s, path := openTemp(t)
	var ids []uint32
	next := func(s *Store) {
		t.Helper()
		if err := s.Update(func(tx *Tx) error {
			id, err := tx.NextReplicaID()
			ids = append(ids, id)
			return err
		}); err != nil {
			t.Fatal(err)
		}
	}
	next(s)
	next(s)
	// A rolled-back transaction does not consume the counter's committed state.
	_ = s.Update(func(tx *Tx) error {
		if _, err := tx.NextReplicaID(); err != nil {
			return err
		}
		return errors.New("rollback")
	})
	s = reopen(t, s, path)
	next(s)
	if len(ids) != 3 || ids[0] != 1 || ids[1] != 2 || ids[2] != 3 {
		t.Fatalf("replica ids %v, want 1 2 3", ids)
	}
}

// membersOf lists the names Members returns for group.
func membersOf(t *testing.T, s *Store, group string) []string {
	t.Helper()
	var names []string
	err := s.View(func(tx *Tx) error {
		m, err := tx.Members(group)
		for _, c := range m {
			names = append(names, c.Name)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return names
}

func TestMembersFollowPutsDeletesAndReopen(t *testing.T) {
	s, path := openTemp(t)
	put := func(name, group string) {
		t.Helper()
		if err := s.Update(func(tx *Tx) error { return tx.PutCache(&Cache{Name: name, ReplicationGroup: group}) }); err != nil {
			t.Fatal(err)
		}
	}
	put("a", "g")
	put("b", "g")
	put("c", "g2") // a group whose name starts with another's
	put("d", "g-x")
	put("e", "")
	put("b", "g2") // moved: leaves g's members
	if err := s.Update(func(tx *Tx) error { return tx.DeleteCache("a") }); err != nil {
		t.Fatal(err)
	}
	put("f", "g")
	check := func(when string) {
		t.Helper()
		for group, want := range map[string]string{"g": "f", "g2": "b c", "g-x": "d", "": "", "none": ""} {
			if got := strings.Join(membersOf(t, s, group), " "); got != want {
				t.Errorf("%s: members of %q = %q, want %q", when, group, got, want)
			}
		}
	}
	check("before reopen")

	// A state file without the index (an older simulator's) gets it back.
	if err := s.db.Update(func(btx *bolt.Tx) error { return btx.DeleteBucket(bucketMembers) }); err != nil {
		t.Fatal(err)
	}
	s = reopen(t, s, path)
	check("after reopen")
}

func TestFaultsRoundTripSurvivesReopen(t *testing.T) {
	s, path := openTemp(t)
	var got *Faults
	if err := s.View(func(tx *Tx) (err error) { got, err = tx.Faults(); return err }); err != nil {
		t.Fatal(err)
	}
	if len(got.Partitions) != 0 || len(got.Latency) != 0 {
		t.Fatalf("faults of a new store: %+v", got)
	}
	want := &Faults{
		Partitions: [][2]string{{"eastus", "westeurope"}},
		Latency:    []LatencyOverride{{A: "eastus", B: "southeastasia", Latency: 120 * time.Millisecond}},
	}
	if err := s.Update(func(tx *Tx) error { return tx.PutFaults(want) }); err != nil {
		t.Fatal(err)
	}
	s = reopen(t, s, path)
	if err := s.View(func(tx *Tx) (err error) { got, err = tx.Faults(); return err }); err != nil {
		t.Fatal(err)
	}
	if len(got.Partitions) != 1 || got.Partitions[0] != want.Partitions[0] ||
		len(got.Latency) != 1 || got.Latency[0] != want.Latency[0] {
		t.Fatalf("faults after reopen: %+v, want %+v", got, want)
	}
}
