package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/geocache/terraform-provider-geocache/internal/backend"
)

var (
	_ datasource.DataSource              = (*replicationGroupDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*replicationGroupDataSource)(nil)
)

// NewReplicationGroupDataSource is the geocache_replication_group data source.
func NewReplicationGroupDataSource() datasource.DataSource { return &replicationGroupDataSource{} }

type replicationGroupDataSource struct {
	backend backend.Backend
}

func (d *replicationGroupDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_replication_group"
}

func (d *replicationGroupDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads an existing replication group by ID, with its current members.",
		Attributes: map[string]schema.Attribute{
			"id":   schema.StringAttribute{MarkdownDescription: "ID of the group to read.", Required: true},
			"name": schema.StringAttribute{MarkdownDescription: "Name of the group.", Computed: true},
			"sku": schema.StringAttribute{
				MarkdownDescription: "SKU every member shares; null while the group has no members.",
				Computed:            true,
			},
			"eviction_policy": schema.StringAttribute{
				MarkdownDescription: "Eviction policy every member shares; null while the group has no members.",
				Computed:            true,
			},
			"members": schema.ListNestedAttribute{
				MarkdownDescription: "The caches in the group, sorted by ID.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"id":     schema.StringAttribute{MarkdownDescription: "ID of the member cache.", Computed: true},
						"name":   schema.StringAttribute{MarkdownDescription: "Name of the member cache.", Computed: true},
						"region": schema.StringAttribute{MarkdownDescription: "Region of the member cache.", Computed: true},
						"state": schema.StringAttribute{
							MarkdownDescription: "Link state: `Linking`, `Linked`, `Unlinking` or `LinkFailed`.",
							Computed:            true,
						},
					},
				},
			},
		},
	}
}

func (d *replicationGroupDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.backend = backendFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *replicationGroupDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	if d.backend == nil {
		addNotConfigured(&resp.Diagnostics)
		return
	}
	var data replicationGroupDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &data)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id := data.ID.ValueString()
	tflog.Debug(ctx, "reading replication group", map[string]any{"replication_group_id": id})
	g, err := findReplicationGroupByID(ctx, d.backend, id)
	if err != nil {
		resp.Diagnostics.AddError("Unable to read replication group", fmt.Sprintf("Reading replication group %q: %s", id, err))
		return
	}
	// The ID stays as configured when the backend spells it otherwise (as
	// the cache data source does): the configured value must come back.
	data.ID = keepCase(data.ID, g.ID)
	data.Name = keepCase(data.Name, g.Name)
	data.SKU = optionalString(g.SKU)
	data.EvictionPolicy = optionalString(g.EvictionPolicy)
	members, diags := membersValue(ctx, g.Members)
	resp.Diagnostics.Append(diags...)
	data.Members = members
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &data)...)
}

type replicationGroupDataSourceModel struct {
	ID             types.String `tfsdk:"id"`
	Name           types.String `tfsdk:"name"`
	SKU            types.String `tfsdk:"sku"`
	EvictionPolicy types.String `tfsdk:"eviction_policy"`
	Members        types.List   `tfsdk:"members"`
}
