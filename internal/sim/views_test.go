package sim

import (
	"testing"

	"github.com/geocache/terraform-provider-geocache/internal/sim/store"
)

func TestGeoState(t *testing.T) {
	for _, tc := range []struct {
		name string
		c    store.Cache
		want string
	}{
		{"standalone", store.Cache{}, "Standalone"},
		{"waiting to join", store.Cache{ReplicationGroup: "g"}, "Linking"},
		{"sole member", store.Cache{ReplicationGroup: "g", Joined: true}, "Linked"},
		{"all linked", store.Cache{ReplicationGroup: "g", Joined: true, Links: map[string]string{"a": "Linked", "b": "Linked"}}, "Linked"},
		{"first not linked by ID", store.Cache{ReplicationGroup: "g", Joined: true, Links: map[string]string{"c": "Linking", "b": "LinkFailed", "a": "Linked"}}, "LinkFailed"},
		{"leaving", store.Cache{ReplicationGroup: "g", Joined: true, State: "Deleting", Links: map[string]string{"a": "Linked"}}, "Unlinking"},
	} {
		if got := geoState(&tc.c); got != tc.want {
			t.Errorf("%s: %s, want %s", tc.name, got, tc.want)
		}
	}
}

func TestRenderGroupTakesSettingsFromRemainingMembers(t *testing.T) {
	members := []*store.Cache{
		{Name: "a", SKU: "Balanced_B3", EvictionPolicy: "NoEviction", State: "Deleting", ReplicationGroup: "g"},
		{Name: "b", SKU: "Balanced_B5", EvictionPolicy: "AllKeysLRU", State: "Succeeded", ReplicationGroup: "g", Joined: true},
	}
	g := renderGroup(&store.Group{Name: "g"}, members)
	if g.SKU != "Balanced_B5" || g.EvictionPolicy != "AllKeysLRU" || len(g.Members) != 2 || g.Members[0].State != "Unlinking" {
		t.Fatalf("group: %+v", g)
	}
}
