package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/geocache/terraform-provider-geocache/internal/backend"
)

// fill copies what the backend reports about a group into the model,
// leaving timeouts as configured.
func (m *replicationGroupModel) fill(ctx context.Context, g *backend.ReplicationGroup) diag.Diagnostics {
	m.ID = types.StringValue(g.ID)
	m.Name = types.StringValue(g.Name)
	var diags diag.Diagnostics
	m.Members, diags = membersValue(ctx, g.Members)
	return diags
}

// fill copies what the backend reports about a cache into the attributes.
func (m *cacheAttributes) fill(ctx context.Context, c *backend.Cache) diag.Diagnostics {
	var diags diag.Diagnostics
	m.ID = types.StringValue(c.ID)
	m.Name = types.StringValue(c.Name)
	m.Region = types.StringValue(c.Region)
	m.SKU = types.StringValue(c.SKU)
	m.ReplicationGroupID = optionalString(c.ReplicationGroupID)
	m.EvictionPolicy = types.StringValue(c.EvictionPolicy)
	m.Hostname = types.StringValue(c.Hostname)
	m.Port = types.Int64Value(c.Port)
	m.PrimaryAccessKey = types.StringValue(c.PrimaryAccessKey)
	m.SecondaryAccessKey = types.StringValue(c.SecondaryAccessKey)
	m.GeoReplicationState = types.StringValue(c.GeoReplicationState)

	var d diag.Diagnostics
	m.Tags, d = tagsValue(ctx, c.Tags, m.Tags)
	diags.Append(d...)

	linked := c.LinkedCacheIDs
	if linked == nil {
		linked = []string{}
	}
	m.LinkedCacheIDs, d = types.ListValueFrom(ctx, types.StringType, linked)
	diags.Append(d...)
	return diags
}

// tagsValue keeps "no tags" as it was written: a backend reports an empty
// map either way, and turning a configured null into {} (or back) would
// show as a perpetual diff.
func tagsValue(ctx context.Context, tags map[string]string, prior types.Map) (types.Map, diag.Diagnostics) {
	if len(tags) == 0 && (prior.IsNull() || prior.IsUnknown()) {
		return types.MapNull(types.StringType), nil
	}
	if tags == nil {
		tags = map[string]string{}
	}
	return types.MapValueFrom(ctx, types.StringType, tags)
}

// tagsMap turns a configured map back into Go, treating null as empty.
func tagsMap(ctx context.Context, v types.Map) (map[string]string, diag.Diagnostics) {
	out := map[string]string{}
	if v.IsNull() || v.IsUnknown() {
		return out, nil
	}
	diags := v.ElementsAs(ctx, &out, false)
	return out, diags
}

func optionalString(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}
