package provider

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/geocache/terraform-provider-geocache/internal/backend"
)

var (
	_ resource.Resource                     = (*cacheResource)(nil)
	_ resource.ResourceWithConfigure        = (*cacheResource)(nil)
	_ resource.ResourceWithImportState      = (*cacheResource)(nil)
	_ resource.ResourceWithModifyPlan       = (*cacheResource)(nil)
	_ resource.ResourceWithConfigValidators = (*cacheResource)(nil)
)

// Defaults follow Azure Managed Redis, whose geo-replicated creates take tens
// of minutes.
const (
	cacheCreateTimeout = 45 * time.Minute
	cacheUpdateTimeout = 30 * time.Minute
	cacheDeleteTimeout = 30 * time.Minute
)

// NewCacheResource is the geocache_cache resource.
func NewCacheResource() resource.Resource { return &cacheResource{} }

type cacheResource struct {
	backend backend.Backend
}

func (r *cacheResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_cache"
}

func (r *cacheResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = cacheResourceSchema(ctx)
}

func (r *cacheResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.backend = backendFrom(req.ProviderData, &resp.Diagnostics)
}

func (r *cacheResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	if r.backend == nil {
		addNotConfigured(&resp.Diagnostics)
		return
	}
	var plan cacheModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := plan.Timeouts.Create(ctx, cacheCreateTimeout)
	resp.Diagnostics.Append(diags...)
	tags, diags := tagsMap(ctx, plan.Tags)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	spec := backend.CacheSpec{
		Name:               plan.Name.ValueString(),
		Region:             plan.Region.ValueString(),
		SKU:                plan.SKU.ValueString(),
		EvictionPolicy:     plan.EvictionPolicy.ValueString(),
		ReplicationGroupID: plan.ReplicationGroupID.ValueString(),
		Tags:               tags,
	}
	ctx = tflog.SetField(ctx, "cache_name", spec.Name)
	tflog.Debug(ctx, "creating cache", map[string]any{
		"region": spec.Region, "sku": spec.SKU, "replication_group_id": spec.ReplicationGroupID,
	})
	created, err := r.backend.CreateCache(ctx, spec)
	if err != nil && created != nil && created.ID != "" {
		// The backend made something before failing (Azure: a cluster whose
		// database or join failed). Saving it with the error makes Terraform
		// mark it tainted and replace it, instead of orphaning a billed
		// resource.
		resp.Diagnostics.Append(plan.fill(ctx, created)...)
		resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
		resp.Diagnostics.AddError("Cache partly created",
			fmt.Sprintf("Creating cache %q failed after the backend had created %s: %s\n\n"+
				"It is saved in the state as tainted, so the next apply deletes and creates it again "+
				"(or terraform destroy removes it).", spec.Name, created.ID, err))
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Unable to create cache", fmt.Sprintf("Creating cache %q: %s", spec.Name, err))
		return
	}
	if created == nil || created.ID == "" {
		resp.Diagnostics.AddError("Unable to create cache",
			fmt.Sprintf("The backend accepted cache %q but reported no ID for it.", spec.Name))
		return
	}

	// From here on the cache exists: whatever happens, it goes into the state
	// so that Terraform tracks (and, on failure, taints) it rather than
	// leaving an orphan behind.
	ready, err := waitCacheReady(ctx, r.backend, created.ID)
	if ready == nil {
		ready = created
	}
	resp.Diagnostics.Append(plan.fill(ctx, ready)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	if err != nil {
		summary, detail := notReadyAfterCreate(created.ID, timeout, err)
		resp.Diagnostics.AddError(summary, detail)
	}
}

// notReadyAfterCreate explains why a created cache is not ready, by what
// actually ended the wait.
func notReadyAfterCreate(id string, timeout time.Duration, err error) (summary, detail string) {
	const tainted = "It is saved in the state as tainted, so the next apply replaces it."
	switch {
	case errors.Is(err, errCacheGone):
		return "Cache disappeared after creation",
			fmt.Sprintf("Cache %q was created but deleted before it became ready: %s. "+
				"The next refresh drops it from the state and the next apply creates it again.", id, err)
	case errors.Is(err, errCacheFailed):
		return "Cache failed to provision",
			fmt.Sprintf("Cache %q was created but the backend reports that it failed: %s. %s", id, err, tainted)
	case errors.Is(err, context.DeadlineExceeded):
		return "Cache created but not ready",
			fmt.Sprintf("Cache %q was created but did not become ready within the create timeout (%s): %s. %s",
				id, timeout, err, tainted)
	default:
		return "Cache created but not ready",
			fmt.Sprintf("Cache %q was created but could not be seen to become ready: %s. %s", id, err, tainted)
	}
}

func (r *cacheResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	if r.backend == nil {
		skipRefresh(ctx)
		return
	}
	var state cacheModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id := state.ID.ValueString()
	c, err := findCacheByID(ctx, r.backend, id)
	if backend.IsNotFound(err) {
		resp.Diagnostics.AddWarning("Cache not found",
			fmt.Sprintf("Cache %q no longer exists; removing it from the state so it can be created again.", id))
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Unable to read cache", fmt.Sprintf("Reading cache %q: %s", id, err))
		return
	}
	resp.Diagnostics.Append(state.fill(ctx, c)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *cacheResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	if r.backend == nil {
		addNotConfigured(&resp.Diagnostics)
		return
	}
	var plan, state cacheModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := plan.Timeouts.Update(ctx, cacheUpdateTimeout)
	resp.Diagnostics.Append(diags...)
	update, diags := cacheUpdateFor(ctx, plan, state)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	id := state.ID.ValueString()
	ctx = tflog.SetField(ctx, "cache_id", id)
	if update.EvictionPolicy == nil && update.Tags == nil {
		// Nothing the backend holds changes: only the spelling of a name,
		// region or group ID (the same resource to the backend) or the
		// timeouts. The state takes the configured values; everything the
		// backend reports stays as last read.
		tflog.Debug(ctx, "updating cache in the state only")
		resp.Diagnostics.Append(resp.State.Set(ctx, stateOnlyCacheUpdate(plan, state))...)
		return
	}

	tflog.Debug(ctx, "updating cache", map[string]any{
		"eviction_policy_changed": update.EvictionPolicy != nil, "tags_changed": update.Tags != nil,
	})
	updated, err := r.backend.UpdateCache(ctx, id, update)
	if err != nil {
		resp.Diagnostics.AddError("Unable to update cache", fmt.Sprintf("Updating cache %q: %s", id, err))
		r.saveAfterFailedUpdate(ctx, id, state, nil, resp)
		return
	}
	current, err := waitCacheReady(ctx, r.backend, id)
	if err != nil {
		resp.Diagnostics.AddError("Cache updated but not ready", fmt.Sprintf("Waiting for cache %q after update: %s", id, err))
		// The backend accepted the update: what it last showed of the
		// cache, during the wait or in its answer, already has it.
		if current == nil {
			current = updated
		}
		r.saveAfterFailedUpdate(ctx, id, state, current, resp)
		return
	}
	resp.Diagnostics.Append(plan.fill(ctx, current)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// saveAfterFailedUpdate keeps the state truthful after a partial update:
// what the backend says now if it answers, else the last it showed of the
// cache since the update (applied), else the state as it was. The read gets
// a short deadline of its own, as the update's may be what ran out.
func (r *cacheResource) saveAfterFailedUpdate(ctx context.Context, id string, state cacheModel, applied *backend.Cache, resp *resource.UpdateResponse) {
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	if c, err := findCacheByID(rctx, r.backend, id); err == nil {
		applied = c
	}
	if applied != nil {
		resp.Diagnostics.Append(state.fill(ctx, applied)...)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// stateOnlyCacheUpdate is the state after an update that changes nothing in
// the backend: the configured arguments, and the computed attributes as the
// state had them.
func stateOnlyCacheUpdate(plan, state cacheModel) cacheModel {
	next := state
	next.Name = plan.Name
	next.Region = plan.Region
	next.ReplicationGroupID = plan.ReplicationGroupID
	next.SKU = plan.SKU
	next.Timeouts = plan.Timeouts
	if known(plan.EvictionPolicy) {
		next.EvictionPolicy = plan.EvictionPolicy
	}
	if !plan.Tags.IsUnknown() {
		next.Tags = plan.Tags
	}
	return next
}

func (r *cacheResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	if r.backend == nil {
		addNotConfigured(&resp.Diagnostics)
		return
	}
	var state cacheModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := state.Timeouts.Delete(ctx, cacheDeleteTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	id := state.ID.ValueString()
	ctx = tflog.SetField(ctx, "cache_id", id)
	tflog.Debug(ctx, "deleting cache")
	if err := r.backend.DeleteCache(ctx, id); err != nil && !backend.IsNotFound(err) {
		resp.Diagnostics.AddError("Unable to delete cache", fmt.Sprintf("Deleting cache %q: %s", id, err))
		return
	}
	if err := waitCacheDeleted(ctx, r.backend, id); err != nil {
		resp.Diagnostics.AddError("Cache deletion did not finish", err.Error())
	}
}

func (r *cacheResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	resource.ImportStatePassthroughID(ctx, path.Root("id"), req, resp)
}

type cacheAttributes struct {
	ID                  types.String `tfsdk:"id"`
	Name                types.String `tfsdk:"name"`
	Region              types.String `tfsdk:"region"`
	SKU                 types.String `tfsdk:"sku"`
	ReplicationGroupID  types.String `tfsdk:"replication_group_id"`
	EvictionPolicy      types.String `tfsdk:"eviction_policy"`
	Tags                types.Map    `tfsdk:"tags"`
	Hostname            types.String `tfsdk:"hostname"`
	Port                types.Int64  `tfsdk:"port"`
	PrimaryAccessKey    types.String `tfsdk:"primary_access_key"`
	SecondaryAccessKey  types.String `tfsdk:"secondary_access_key"`
	LinkedCacheIDs      types.List   `tfsdk:"linked_cache_ids"`
	GeoReplicationState types.String `tfsdk:"geo_replication_state"`
}

type cacheModel struct {
	cacheAttributes
	Timeouts timeouts.Value `tfsdk:"timeouts"`
}
