package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/geocache/terraform-provider-geocache/internal/backend"
)

func groupWith(ids ...string) *backend.ReplicationGroup {
	g := &backend.ReplicationGroup{ID: "g1", Name: "g1"}
	if len(ids) > 0 {
		g.SKU, g.EvictionPolicy = "Balanced_B3", "VolatileLRU"
	}
	for _, id := range ids {
		g.Members = append(g.Members, backend.Member{ID: id, Name: id, Region: "eastus", State: backend.LinkLinked})
	}
	return g
}

func problemPaths(ps []planProblem) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Path.String())
	}
	return out
}

func TestGroupPlanProblems(t *testing.T) {
	b3, b5 := types.StringValue("Balanced_B3"), types.StringValue("Balanced_B5")
	lru, lfu := types.StringValue("VolatileLRU"), types.StringValue("AllKeysLFU")
	cases := []struct {
		name  string
		in    groupPlanInput
		paths []string
		want  string // a fragment the first detail must contain
	}{
		{name: "empty group accepts anything",
			in: groupPlanInput{Group: groupWith(), Creating: true, SKU: b5, EvictionPolicy: lfu}},
		{name: "matching join",
			in: groupPlanInput{Group: groupWith("a", "b"), Creating: true, SKU: b3, EvictionPolicy: lru}},
		{name: "full group",
			in:    groupPlanInput{Group: groupWith("a", "b", "c", "d", "e"), Creating: true, SKU: b3, EvictionPolicy: lru},
			paths: []string{"replication_group_id"}, want: "a, b, c, d, e"},
		{name: "full group is fine for an existing member",
			in: groupPlanInput{Group: groupWith("a", "b", "c", "d", "e"), CacheID: "c", SKU: b3, EvictionPolicy: lru, PriorEvictionPolicy: "VolatileLRU"}},
		{name: "replacing a member of a full group frees its own seat",
			in: groupPlanInput{Group: groupWith("a", "b", "c", "d", "e"), CacheID: "c", Creating: true, SKU: b3, EvictionPolicy: lru}},
		{name: "sku mismatch names group, sku and members",
			in:    groupPlanInput{Group: groupWith("a", "b"), Creating: true, SKU: b5, EvictionPolicy: lru},
			paths: []string{"sku"}, want: `"g1" uses SKU "Balanced_B3", shared by all its members (a, b)`},
		{name: "eviction mismatch on join",
			in:    groupPlanInput{Group: groupWith("a"), Creating: true, SKU: b3, EvictionPolicy: lfu},
			paths: []string{"eviction_policy"}, want: `eviction policy "VolatileLRU"`},
		{name: "eviction change of a member is refused as shared",
			in:    groupPlanInput{Group: groupWith("a", "b"), CacheID: "a", SKU: b3, EvictionPolicy: lfu, PriorEvictionPolicy: "VolatileLRU"},
			paths: []string{"eviction_policy"}, want: "cannot change it"},
		{name: "eviction change of the only member is allowed",
			in: groupPlanInput{Group: groupWith("a"), CacheID: "a", SKU: b3, EvictionPolicy: lfu, PriorEvictionPolicy: "VolatileLRU"}},
		{name: "unknown values are not judged",
			in: groupPlanInput{Group: groupWith("a"), Creating: true, SKU: types.StringUnknown(), EvictionPolicy: types.StringUnknown()}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := groupPlanProblems(tc.in)
			if strings.Join(problemPaths(got), ",") != strings.Join(tc.paths, ",") {
				t.Fatalf("problem paths = %v, want %v (%+v)", problemPaths(got), tc.paths, got)
			}
			if tc.want != "" && !strings.Contains(got[0].Detail, tc.want) {
				t.Fatalf("detail %q should contain %q", got[0].Detail, tc.want)
			}
		})
	}
}

func TestCacheUpdateFor(t *testing.T) {
	ctx := context.Background()
	tags := func(kv ...string) types.Map {
		m := map[string]string{}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		v, _ := types.MapValueFrom(ctx, types.StringType, m)
		return v
	}
	model := func(policy string, t types.Map) cacheModel {
		var m cacheModel
		m.EvictionPolicy = types.StringValue(policy)
		m.Tags = t
		return m
	}

	u, diags := cacheUpdateFor(ctx, model("VolatileLRU", tags("a", "1")), model("VolatileLRU", tags("a", "1")))
	if diags.HasError() || u.EvictionPolicy != nil || u.Tags != nil {
		t.Fatalf("no change expected, got %+v %v", u, diags)
	}

	u, _ = cacheUpdateFor(ctx, model("AllKeysLRU", tags("a", "1")), model("VolatileLRU", tags("a", "1")))
	if u.EvictionPolicy == nil || *u.EvictionPolicy != "AllKeysLRU" || u.Tags != nil {
		t.Fatalf("eviction change expected alone, got %+v", u)
	}

	u, _ = cacheUpdateFor(ctx, model("VolatileLRU", types.MapNull(types.StringType)), model("VolatileLRU", tags("a", "1")))
	if u.Tags == nil || len(*u.Tags) != 0 {
		t.Fatalf("removing tags must send an empty map, got %+v", u)
	}
}

func TestTagsValueKeepsNull(t *testing.T) {
	ctx := context.Background()
	v, diags := tagsValue(ctx, map[string]string{}, types.MapNull(types.StringType))
	if diags.HasError() || !v.IsNull() {
		t.Fatalf("no tags and null before should stay null, got %v", v)
	}
	empty, _ := types.MapValueFrom(ctx, types.StringType, map[string]string{})
	v, _ = tagsValue(ctx, nil, empty)
	if v.IsNull() || len(v.Elements()) != 0 {
		t.Fatalf("no tags and {} before should stay {}, got %v", v)
	}
	v, _ = tagsValue(ctx, map[string]string{"k": "v"}, types.MapNull(types.StringType))
	if len(v.Elements()) != 1 {
		t.Fatalf("tags must be copied, got %v", v)
	}
}

func TestAddGeoSKUError(t *testing.T) {
	for sku, bad := range map[string]bool{"Balanced_B0": true, "Balanced_B1": true, "Balanced_B3": false, "nope": false} {
		var diags = newDiags()
		addGeoSKUError(sku, &diags)
		if diags.HasError() != bad {
			t.Errorf("%s: error = %v, want %v", sku, diags.HasError(), bad)
		}
		if bad && !diags.Errors()[0].(interface{ Path() path.Path }).Path().Equal(path.Root("sku")) {
			t.Errorf("%s: error should be on sku", sku)
		}
	}
}

func TestReplacing(t *testing.T) {
	base := func() cacheModel {
		var m cacheModel
		m.Name, m.Region = types.StringValue("a"), types.StringValue("eastus")
		m.SKU, m.ReplicationGroupID = types.StringValue("Balanced_B3"), types.StringValue("g")
		m.EvictionPolicy = types.StringValue("VolatileLRU")
		return m
	}
	if replacing(base(), base()) {
		t.Fatal("an unchanged cache is not replaced")
	}
	changed := base()
	changed.EvictionPolicy = types.StringValue("NoEviction")
	if replacing(changed, base()) {
		t.Fatal("an eviction policy change is in place")
	}
	for _, mutate := range []func(*cacheModel){
		func(m *cacheModel) { m.Region = types.StringValue("westus") },
		func(m *cacheModel) { m.SKU = types.StringValue("Balanced_B5") },
		func(m *cacheModel) { m.ReplicationGroupID = types.StringUnknown() },
		func(m *cacheModel) { m.ReplicationGroupID = types.StringNull() },
	} {
		m := base()
		mutate(&m)
		if !replacing(m, base()) {
			t.Errorf("%+v should replace", m.cacheAttributes)
		}
	}
}
