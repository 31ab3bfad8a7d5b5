package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/geocache/terraform-provider-geocache/internal/backend"
)

var (
	_ datasource.DataSource              = (*regionsDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*regionsDataSource)(nil)
)

// NewRegionsDataSource is the geocache_regions data source.
func NewRegionsDataSource() datasource.DataSource { return &regionsDataSource{} }

type regionsDataSource struct {
	backend backend.Backend
}

var regionAttrTypes = map[string]attr.Type{
	"name":         types.StringType,
	"display_name": types.StringType,
	"latitude":     types.Float64Type,
	"longitude":    types.Float64Type,
}

func (d *regionsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_regions"
}

func (d *regionsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The regions the backend can place caches in.",
		Attributes: map[string]schema.Attribute{
			"regions": schema.ListNestedAttribute{
				MarkdownDescription: "Every region, sorted by name.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"name": schema.StringAttribute{
							MarkdownDescription: "Region name, as `region` of `geocache_cache` takes it (e.g. `eastus`).",
							Computed:            true,
						},
						"display_name": schema.StringAttribute{
							MarkdownDescription: "Human-readable name (e.g. `East US`).",
							Computed:            true,
						},
						"latitude": schema.Float64Attribute{
							MarkdownDescription: "Approximate latitude, in degrees.",
							Computed:            true,
						},
						"longitude": schema.Float64Attribute{
							MarkdownDescription: "Approximate longitude, in degrees.",
							Computed:            true,
						},
					},
				},
			},
		},
	}
}

func (d *regionsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.backend = backendFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *regionsDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	if d.backend == nil {
		addNotConfigured(&resp.Diagnostics)
		return
	}
	regions, err := d.backend.Regions(ctx)
	if err != nil {
		resp.Diagnostics.AddError("Unable to list regions", fmt.Sprintf("Listing regions: %s", err))
		return
	}
	tflog.Debug(ctx, "listed regions", map[string]any{"count": len(regions)})
	out := make([]regionModel, len(regions))
	for i, r := range regions {
		out[i] = regionModel{
			Name:        types.StringValue(r.Name),
			DisplayName: types.StringValue(r.DisplayName),
			Latitude:    types.Float64Value(r.Latitude),
			Longitude:   types.Float64Value(r.Longitude),
		}
	}
	var state regionsModel
	var diags diag.Diagnostics
	state.Regions, diags = types.ListValueFrom(ctx, types.ObjectType{AttrTypes: regionAttrTypes}, out)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

type regionsModel struct {
	Regions types.List `tfsdk:"regions"`
}

type regionModel struct {
	Name        types.String  `tfsdk:"name"`
	DisplayName types.String  `tfsdk:"display_name"`
	Latitude    types.Float64 `tfsdk:"latitude"`
	Longitude   types.Float64 `tfsdk:"longitude"`
}
