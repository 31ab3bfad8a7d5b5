package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/geocache/terraform-provider-geocache/internal/backend"
	"github.com/geocache/terraform-provider-geocache/internal/catalog"
)

var _ resource.ConfigValidator = geoSKUValidator{}

func (r *cacheResource) ConfigValidators(context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{geoSKUValidator{}}
}

// geoSKUValidator refuses a SKU that cannot geo-replicate in a cache that
// names a replication group.
type geoSKUValidator struct{}

func (geoSKUValidator) Description(context.Context) string {
	return "Balanced_B0 and Balanced_B1 cannot be used with replication_group_id"
}

func (v geoSKUValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (geoSKUValidator) ValidateResource(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var sku, group types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("sku"), &sku)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("replication_group_id"), &group)...)
	if resp.Diagnostics.HasError() || sku.IsUnknown() || group.IsNull() || group.IsUnknown() {
		return
	}
	addGeoSKUError(sku.ValueString(), &resp.Diagnostics)
}

// addGeoSKUError reports a known SKU that cannot join a group.
func addGeoSKUError(sku string, diags *diag.Diagnostics) {
	if s, ok := catalog.LookupSKU(sku); ok && !s.GeoReplication {
		diags.AddAttributeError(path.Root("sku"), "SKU cannot geo-replicate",
			fmt.Sprintf("SKU %q cannot join a replication group (as in Azure, Balanced_B0 and Balanced_B1 do not "+
				"support active geo-replication). Choose Balanced_B3 or larger, or remove replication_group_id.", sku))
	}
}

// ModifyPlan checks, against the live group, what only the backend knows:
// that the group exists, has room, and that the cache matches the SKU and
// eviction policy its members share. Skipped when the provider could not be
// configured yet, the group is not known until apply, or the cache stays in
// its group with its SKU and eviction policy unchanged.
func (r *cacheResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return // destroy
	}
	if !req.State.Raw.IsNull() && req.Plan.Raw.Equal(req.State.Raw) {
		return // nothing changes, so no group rule can newly fail
	}
	var plan cacheModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || plan.ReplicationGroupID.IsNull() {
		return
	}
	if plan.ReplicationGroupID.IsUnknown() {
		// A group created in the same apply: its ID is unknown, but it will be
		// set, so the SKU rule still applies.
		if !plan.SKU.IsUnknown() {
			addGeoSKUError(plan.SKU.ValueString(), &resp.Diagnostics)
		}
		return
	}
	if r.backend == nil {
		return
	}

	in := groupPlanInput{SKU: plan.SKU, EvictionPolicy: plan.EvictionPolicy, Creating: true}
	if !req.State.Raw.IsNull() {
		var state cacheModel
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
		if resp.Diagnostics.HasError() {
			return
		}
		in.CacheID = state.ID.ValueString()
		in.PriorEvictionPolicy = state.EvictionPolicy.ValueString()
		in.Creating = replacing(plan, state)
		if !in.Creating && plan.EvictionPolicy.Equal(state.EvictionPolicy) {
			// A member that stays, with the SKU and eviction policy it
			// already has in the group: no group rule can newly fail, so
			// the group is not read (a plan of many unchanged caches would
			// otherwise read every group once per member).
			return
		}
	}

	groupID := plan.ReplicationGroupID.ValueString()
	g, err := findReplicationGroupByID(ctx, r.backend, groupID)
	if backend.IsNotFound(err) {
		resp.Diagnostics.AddAttributeError(path.Root("replication_group_id"), "Replication group not found",
			fmt.Sprintf("Replication group %q does not exist. Create it first (a geocache_replication_group "+
				"resource), or reference that resource's id.", groupID))
		return
	}
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("replication_group_id"), "Unable to read replication group",
			fmt.Sprintf("Checking replication group %q for this plan: %s", groupID, err))
		return
	}
	in.Group = g
	tflog.Debug(ctx, "checking cache plan against its replication group", map[string]any{
		"replication_group_id": groupID, "members": len(g.Members), "creating": in.Creating,
	})
	for _, p := range groupPlanProblems(in) {
		resp.Diagnostics.AddAttributeError(p.Path, p.Summary, p.Detail)
	}
}

// groupPlanInput is what the group checks look at.
type groupPlanInput struct {
	Group               *backend.ReplicationGroup
	CacheID             string // empty for a new cache
	Creating            bool   // a new cache, or one being replaced (it leaves and joins again)
	SKU                 types.String
	EvictionPolicy      types.String
	PriorEvictionPolicy string
}

type planProblem struct {
	Path    path.Path
	Summary string
	Detail  string
}

// groupPlanProblems applies the group rules. Members are compared without
// the cache itself, which leaves before it is replaced.
func groupPlanProblems(in groupPlanInput) []planProblem {
	g := in.Group
	others := memberIDs(g.Members, in.CacheID)
	var out []planProblem
	if in.Creating && len(others) >= catalog.MaxGroupMembers {
		out = append(out, planProblem{
			Path:    path.Root("replication_group_id"),
			Summary: "Replication group is full",
			Detail: fmt.Sprintf("Replication group %q already has %d members (%s), the most a group can have. "+
				"Remove a member or use another group.", g.ID, len(others), strings.Join(others, ", ")),
		})
	}
	if len(others) == 0 {
		return out
	}
	members := strings.Join(others, ", ")
	if known(in.SKU) && g.SKU != "" && in.SKU.ValueString() != g.SKU {
		out = append(out, planProblem{
			Path:    path.Root("sku"),
			Summary: "SKU differs from the replication group's",
			Detail: fmt.Sprintf("Replication group %q uses SKU %q, shared by all its members (%s); this cache asks "+
				"for %q. Use sku = %q.", g.ID, g.SKU, members, in.SKU.ValueString(), g.SKU),
		})
	}
	if known(in.EvictionPolicy) && g.EvictionPolicy != "" && in.EvictionPolicy.ValueString() != g.EvictionPolicy {
		p := planProblem{Path: path.Root("eviction_policy")}
		if !in.Creating && in.PriorEvictionPolicy != in.EvictionPolicy.ValueString() {
			p.Summary = "Eviction policy is shared by the replication group"
			p.Detail = fmt.Sprintf("This cache is a member of replication group %q, whose members (%s) share "+
				"eviction policy %q; one member cannot change it to %q on its own. Keep %q, or change every "+
				"member by recreating the group.", g.ID, members, g.EvictionPolicy, in.EvictionPolicy.ValueString(),
				g.EvictionPolicy)
		} else {
			p.Summary = "Eviction policy differs from the replication group's"
			p.Detail = fmt.Sprintf("Replication group %q uses eviction policy %q, shared by all its members (%s); "+
				"this cache asks for %q. Use eviction_policy = %q.", g.ID, g.EvictionPolicy, members,
				in.EvictionPolicy.ValueString(), g.EvictionPolicy)
		}
		out = append(out, p)
	}
	return out
}

// replacing reports whether the plan replaces the cache. The attribute plan
// modifiers' verdict is not passed to ModifyPlan, so it is worked out again
// from the attributes that require replacement (a change of letter case in
// name, region or group does not).
func replacing(plan, state cacheModel) bool {
	return !sameIgnoringCase(plan.Name, state.Name) || !sameIgnoringCase(plan.Region, state.Region) ||
		!plan.SKU.Equal(state.SKU) || !sameIgnoringCase(plan.ReplicationGroupID, state.ReplicationGroupID)
}

func known(v types.String) bool { return !v.IsNull() && !v.IsUnknown() }

// cacheUpdateFor lists the in-place changes between state and plan; nil
// fields are unchanged.
func cacheUpdateFor(ctx context.Context, plan, state cacheModel) (backend.CacheUpdate, diag.Diagnostics) {
	var u backend.CacheUpdate
	var diags diag.Diagnostics
	if !plan.EvictionPolicy.Equal(state.EvictionPolicy) && known(plan.EvictionPolicy) {
		p := plan.EvictionPolicy.ValueString()
		u.EvictionPolicy = &p
	}
	if !plan.Tags.Equal(state.Tags) {
		tags, d := tagsMap(ctx, plan.Tags)
		diags.Append(d...)
		u.Tags = &tags
	}
	return u, diags
}
