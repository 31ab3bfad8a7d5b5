// Package provider implements the geocache Terraform provider: replication
// groups and caches on a pluggable backend.
package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

var _ provider.Provider = (*geocacheProvider)(nil)

type geocacheProvider struct {
	version string
}

// New returns a factory for the provider, as providerserver expects.
func New(version string) func() provider.Provider {
	return func() provider.Provider {
		return &geocacheProvider{version: version}
	}
}

func (p *geocacheProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "geocache"
	resp.Version = p.version
}

func (p *geocacheProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manages active geo-replicated Redis caches: replication groups and the caches " +
			"that join them, on an embedded multi-region simulator (`local`, the default) or on a cloud backend.",
		Attributes: map[string]schema.Attribute{
			"backend": schema.StringAttribute{
				MarkdownDescription: "Where caches live: `local` (the default) is the embedded multi-region " +
					"simulator. May also be set with the `" + envBackend + "` environment variable.",
				Optional:   true,
				Validators: []validator.String{stringvalidator.OneOf(backendNames()...)},
			},
			"endpoint": schema.StringAttribute{
				MarkdownDescription: "URL of the simulator's control plane, e.g. `http://127.0.0.1:7450`. " +
					"May also be set with the `" + envEndpoint + "` environment variable. Defaults to " +
					"`http://" + defaultLocalAddr + "`.",
				Optional: true,
			},
			"token": schema.StringAttribute{
				MarkdownDescription: "Bearer token of the simulator's control plane. May also be set with the `" +
					envToken + "` environment variable; otherwise it is read from the `token` file in `state_dir`.",
				Optional:  true,
				Sensitive: true,
			},
			"state_dir": schema.StringAttribute{
				MarkdownDescription: "Directory holding the simulator's state and token file. May also be set " +
					"with the `" + envStateDir + "` environment variable. Defaults to `~/.geocache`.",
				Optional: true,
			},
			"auto_start": schema.BoolAttribute{
				MarkdownDescription: "Start the simulator in the background when nothing answers at `endpoint`. " +
					"May also be set with the `" + envAutoStart + "` environment variable. Defaults to `true`.",
				Optional: true,
			},
		},
	}
}

func (p *geocacheProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var cfg providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}

	// Values computed from other resources are unknown during the first plan.
	// Leaving the backend unset lets planning go on; resources then skip the
	// checks that need the backend, and apply configures again with values.
	if cfg.hasUnknown() {
		tflog.Debug(ctx, "provider configuration not yet known, skipping backend setup")
		return
	}

	settings, diags := cfg.resolve(lookupEnv)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}

	ctx = tflog.SetField(ctx, "backend", settings.Backend)
	tflog.Debug(ctx, "configuring backend", map[string]any{
		"endpoint":   settings.Endpoint,
		"state_dir":  settings.StateDir,
		"auto_start": settings.AutoStart,
	})

	b, err := connectBackend(ctx, settings)
	if err != nil {
		resp.Diagnostics.AddError("Unable to connect to the "+settings.Backend+" backend", err.Error())
		return
	}
	resp.ResourceData = b
	resp.DataSourceData = b
}

func (p *geocacheProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		NewReplicationGroupResource,
		NewCacheResource,
	}
}

func (p *geocacheProvider) DataSources(context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		NewRegionsDataSource,
		NewCacheDataSource,
		NewReplicationGroupDataSource,
	}
}

type providerModel struct {
	Backend   types.String `tfsdk:"backend"`
	Endpoint  types.String `tfsdk:"endpoint"`
	Token     types.String `tfsdk:"token"`
	StateDir  types.String `tfsdk:"state_dir"`
	AutoStart types.Bool   `tfsdk:"auto_start"`
}
