package provider

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/geocache/terraform-provider-geocache/internal/backend"
)

// fill copies what the backend reports about a group into the model,
// leaving timeouts as configured.
func (m *replicationGroupModel) fill(ctx context.Context, g *backend.ReplicationGroup) diag.Diagnostics {
	m.ID = keepCase(m.ID, g.ID)
	m.Name = keepCase(m.Name, g.Name)
	var diags diag.Diagnostics
	m.Members, diags = membersValue(ctx, g.Members)
	return diags
}

// fill copies what the backend reports about a cache into the attributes.
func (m *cacheAttributes) fill(ctx context.Context, c *backend.Cache) diag.Diagnostics {
	var diags diag.Diagnostics
	m.ID = keepCase(m.ID, c.ID)
	m.Name = keepCase(m.Name, c.Name)
	m.Region = keepCase(m.Region, c.Region)
	m.SKU = types.StringValue(c.SKU)
	if c.ReplicationGroupID == "" {
		m.ReplicationGroupID = types.StringNull()
	} else {
		m.ReplicationGroupID = keepCase(m.ReplicationGroupID, c.ReplicationGroupID)
	}
	m.EvictionPolicy = types.StringValue(c.EvictionPolicy)
	m.Hostname = types.StringValue(c.Hostname)
	m.Port = types.Int64Value(c.Port)
	m.PrimaryAccessKey = types.StringValue(c.PrimaryAccessKey)
	m.SecondaryAccessKey = types.StringValue(c.SecondaryAccessKey)
	m.GeoReplicationState = types.StringValue(c.GeoReplicationState)

	var d diag.Diagnostics
	m.Tags, d = tagsValue(ctx, c.Tags, m.Tags)
	diags.Append(d...)

	linked := keepCaseList(ctx, m.LinkedCacheIDs, c.LinkedCacheIDs)
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

// keepCase returns the prior value when the backend reports the same
// identifier in another letter case. Azure compares resource IDs and names
// without regard to case and may echo them differently from how they were
// written; taking its casing would show a change, and on replace-on-change
// attributes a replacement, where there is none.
func keepCase(prior types.String, now string) types.String {
	if !prior.IsNull() && !prior.IsUnknown() && strings.EqualFold(prior.ValueString(), now) {
		return prior
	}
	return types.StringValue(now)
}

// keepCaseList applies keepCase to each ID that was already listed.
func keepCaseList(ctx context.Context, prior types.List, now []string) []string {
	out := make([]string, len(now))
	copy(out, now)
	if prior.IsNull() || prior.IsUnknown() {
		return out
	}
	var before []string
	if prior.ElementsAs(ctx, &before, false).HasError() {
		return out
	}
	for i, id := range out {
		for _, b := range before {
			if strings.EqualFold(b, id) {
				out[i] = b
				break
			}
		}
	}
	return out
}
