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
	_ datasource.DataSource              = (*cacheDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*cacheDataSource)(nil)
)

// NewCacheDataSource is the geocache_cache data source.
func NewCacheDataSource() datasource.DataSource { return &cacheDataSource{} }

type cacheDataSource struct {
	backend backend.Backend
}

func (d *cacheDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_cache"
}

func (d *cacheDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	computed := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{MarkdownDescription: desc, Computed: true}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads an existing cache by ID, e.g. to connect an application to a cache " +
			"managed elsewhere.",
		Attributes: map[string]schema.Attribute{
			"id":                   schema.StringAttribute{MarkdownDescription: "ID of the cache to read.", Required: true},
			"name":                 computed("Name of the cache."),
			"region":               computed("Region of the cache."),
			"sku":                  computed("SKU of the cache."),
			"replication_group_id": computed("ID of the cache's replication group; null for a standalone cache."),
			"eviction_policy":      computed("Eviction policy of the cache."),
			"tags": schema.MapAttribute{
				MarkdownDescription: "Tags of the cache; null when it has none.",
				ElementType:         types.StringType,
				Computed:            true,
			},
			"hostname": computed("Host name clients connect to."),
			"port":     schema.Int64Attribute{MarkdownDescription: "Port clients connect to.", Computed: true},
			"primary_access_key": schema.StringAttribute{
				MarkdownDescription: "Primary access key (the password for `AUTH`).",
				Computed:            true,
				Sensitive:           true,
			},
			"secondary_access_key": schema.StringAttribute{
				MarkdownDescription: "Secondary access key.",
				Computed:            true,
				Sensitive:           true,
			},
			"linked_cache_ids": schema.ListAttribute{
				MarkdownDescription: "IDs of the other members of the cache's replication group, sorted.",
				ElementType:         types.StringType,
				Computed:            true,
			},
			"geo_replication_state": computed("`Standalone`, `Linking`, `Linked`, `Unlinking` or `LinkFailed`."),
		},
	}
}

func (d *cacheDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.backend = backendFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *cacheDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	if d.backend == nil {
		addNotConfigured(&resp.Diagnostics)
		return
	}
	var data cacheDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &data)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id := data.ID.ValueString()
	tflog.Debug(ctx, "reading cache", map[string]any{"cache_id": id})
	c, err := findCacheByID(ctx, d.backend, id)
	if err != nil {
		resp.Diagnostics.AddError("Unable to read cache", fmt.Sprintf("Reading cache %q: %s", id, err))
		return
	}
	resp.Diagnostics.Append(data.fill(ctx, c)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &data)...)
}

type cacheDataSourceModel struct {
	cacheAttributes
}
