package provider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/geocache/terraform-provider-geocache/internal/backend"
)

const (
	armID      = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Cache/redisEnterprise/a"
	armIDLower = "/subscriptions/s/resourcegroups/rg/providers/microsoft.cache/redisenterprise/a"
)

// A backend echoing the same IDs in another case changes nothing in the
// state; a real change still shows.
func TestFillKeepsPriorCasing(t *testing.T) {
	ctx := context.Background()
	var m cacheAttributes
	m.ID = types.StringValue(armID)
	m.Name = types.StringValue("a")
	m.ReplicationGroupID = types.StringValue("grp")
	m.Tags = types.MapNull(types.StringType)
	m.LinkedCacheIDs, _ = types.ListValueFrom(ctx, types.StringType, []string{"/X/b"})
	c := &backend.Cache{ID: armIDLower, Name: "A", Region: "eastus", ReplicationGroupID: "GRP",
		LinkedCacheIDs: []string{"/x/B", "/x/c"}}
	if diags := m.fill(ctx, c); diags.HasError() {
		t.Fatal(diags)
	}
	if m.ID.ValueString() != armID || m.Name.ValueString() != "a" || m.ReplicationGroupID.ValueString() != "grp" {
		t.Errorf("casing changed: id %s name %s group %s", m.ID, m.Name, m.ReplicationGroupID)
	}
	var linked []string
	m.LinkedCacheIDs.ElementsAs(ctx, &linked, false)
	if len(linked) != 2 || linked[0] != "/X/b" || linked[1] != "/x/c" {
		t.Errorf("linked_cache_ids = %v, want [/X/b /x/c]", linked)
	}

	c.Name = "other"
	c.ReplicationGroupID = ""
	m.fill(ctx, c)
	if m.Name.ValueString() != "other" || !m.ReplicationGroupID.IsNull() {
		t.Errorf("real changes must show: name %s group %s", m.Name, m.ReplicationGroupID)
	}
}

func TestMemberIDsIgnoresCase(t *testing.T) {
	members := []backend.Member{{ID: armID}, {ID: "/other"}}
	if got := memberIDs(members, armIDLower); len(got) != 1 || got[0] != "/other" {
		t.Errorf("memberIDs = %v, want the cache itself left out whatever its casing", got)
	}
}

func TestSameIgnoringCase(t *testing.T) {
	for _, tc := range []struct {
		a, b types.String
		want bool
	}{
		{types.StringValue("Mixed-Group"), types.StringValue("mixed-group"), true},
		{types.StringValue("a"), types.StringValue("b"), false},
		{types.StringNull(), types.StringNull(), true},
		{types.StringNull(), types.StringValue(""), false},
		{types.StringValue("x"), types.StringUnknown(), false},
		{types.StringUnknown(), types.StringUnknown(), false},
	} {
		if got := sameIgnoringCase(tc.a, tc.b); got != tc.want {
			t.Errorf("sameIgnoringCase(%s, %s) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
}
