package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/geocache/terraform-provider-geocache/internal/backend"
)

var (
	_ resource.Resource                = (*replicationGroupResource)(nil)
	_ resource.ResourceWithConfigure   = (*replicationGroupResource)(nil)
	_ resource.ResourceWithImportState = (*replicationGroupResource)(nil)
)

const (
	groupCreateTimeout = 10 * time.Minute
	groupDeleteTimeout = 10 * time.Minute
)

// NewReplicationGroupResource is the geocache_replication_group resource.
func NewReplicationGroupResource() resource.Resource { return &replicationGroupResource{} }

type replicationGroupResource struct {
	backend backend.Backend
}

func (r *replicationGroupResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_replication_group"
}

func (r *replicationGroupResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A replication group: caches in different regions that replicate to each other, " +
			"every member accepting writes. The group is created empty; caches join it through their " +
			"`replication_group_id`. It cannot be destroyed while it has members.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "Identifier of the group, used as `replication_group_id` by its caches.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"name": schema.StringAttribute{
				MarkdownDescription: "Name of the group: " + nameRuleDoc + ". Changing it replaces the group.",
				Required:            true,
				PlanModifiers:       []planmodifier.String{requiresReplaceIgnoringCase()},
				Validators:          []validator.String{nameValidator{}},
			},
			"members": schema.ListNestedAttribute{
				MarkdownDescription: "The caches in the group, read from the backend on every refresh. " +
					"Membership is managed by the caches, so changes here never cause a diff.",
				Computed:     true,
				NestedObject: memberSchema(),
			},
			"timeouts": timeoutsAttribute(ctx, timeouts.Opts{Create: true, Delete: true},
				"Defaults: create "+minutes(groupCreateTimeout)+", delete "+minutes(groupDeleteTimeout)+"."),
		},
	}
}

func (r *replicationGroupResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.backend = backendFrom(req.ProviderData, &resp.Diagnostics)
}

func (r *replicationGroupResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	if r.backend == nil {
		addNotConfigured(&resp.Diagnostics)
		return
	}
	var plan replicationGroupModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := plan.Timeouts.Create(ctx, groupCreateTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	name := plan.Name.ValueString()
	ctx = tflog.SetField(ctx, "replication_group_name", name)
	tflog.Debug(ctx, "creating replication group")
	g, err := r.backend.CreateReplicationGroup(ctx, name)
	if err != nil {
		resp.Diagnostics.AddError("Unable to create replication group",
			fmt.Sprintf("Creating replication group %q: %s", name, err))
		return
	}
	resp.Diagnostics.Append(plan.fill(ctx, g)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *replicationGroupResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	if r.backend == nil {
		skipRefresh(ctx)
		return
	}
	var state replicationGroupModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id := state.ID.ValueString()
	g, err := findReplicationGroupByID(ctx, r.backend, id)
	if backend.IsNotFound(err) {
		resp.Diagnostics.AddWarning("Replication group not found",
			fmt.Sprintf("Replication group %q no longer exists; removing it from the state so it can be created again.", id))
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Unable to read replication group", fmt.Sprintf("Reading replication group %q: %s", id, err))
		return
	}
	resp.Diagnostics.Append(state.fill(ctx, g)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// Update only ever sees a change of timeouts or of the letter case of the
// name (the same group to the backend: any other change of name replaces
// it). Neither touches the backend: the state takes the configured values
// and keeps the ID and members as last read.
func (r *replicationGroupResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state replicationGroupModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	state.Name = plan.Name
	state.Timeouts = plan.Timeouts
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *replicationGroupResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	if r.backend == nil {
		addNotConfigured(&resp.Diagnostics)
		return
	}
	var state replicationGroupModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := state.Timeouts.Delete(ctx, groupDeleteTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	id := state.ID.ValueString()
	ctx = tflog.SetField(ctx, "replication_group_id", id)
	tflog.Debug(ctx, "deleting replication group")
	err := r.backend.DeleteReplicationGroup(ctx, id)
	switch {
	case err == nil, backend.IsNotFound(err):
		return
	case errors.Is(err, backend.ErrConflict):
		resp.Diagnostics.AddError("Replication group still has members", r.membersDetail(ctx, id, err))
	default:
		resp.Diagnostics.AddError("Unable to delete replication group", fmt.Sprintf("Deleting replication group %q: %s", id, err))
	}
}

// membersDetail explains a refused delete, naming the members as the group
// reports them now, and keeping the backend's own message.
func (r *replicationGroupResource) membersDetail(ctx context.Context, id string, cause error) string {
	msg := fmt.Sprintf("Replication group %q cannot be destroyed while caches are in it: %s.", id, cause)
	if g, err := findReplicationGroupByID(ctx, r.backend, id); err == nil && len(g.Members) > 0 {
		names := make([]string, len(g.Members))
		for i, m := range g.Members {
			names[i] = fmt.Sprintf("%s (%s)", m.ID, m.Region)
		}
		msg += "\n\nMembers: " + strings.Join(names, ", ") + "."
	}
	return msg + "\n\nDestroy those caches first, or remove their replication_group_id (which replaces them)."
}

func (r *replicationGroupResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	resource.ImportStatePassthroughID(ctx, path.Root("id"), req, resp)
}

func memberSchema() schema.NestedAttributeObject {
	return schema.NestedAttributeObject{
		Attributes: map[string]schema.Attribute{
			"id":     schema.StringAttribute{MarkdownDescription: "ID of the member cache.", Computed: true},
			"name":   schema.StringAttribute{MarkdownDescription: "Name of the member cache.", Computed: true},
			"region": schema.StringAttribute{MarkdownDescription: "Region of the member cache.", Computed: true},
			"state": schema.StringAttribute{
				MarkdownDescription: "Link state of the member: `Linking`, `Linked`, `Unlinking` or `LinkFailed`.",
				Computed:            true,
			},
		},
	}
}

type replicationGroupModel struct {
	ID       types.String   `tfsdk:"id"`
	Name     types.String   `tfsdk:"name"`
	Members  types.List     `tfsdk:"members"`
	Timeouts timeouts.Value `tfsdk:"timeouts"`
}
