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

	"github.com/geocache/terraform-provider-geocache/internal/backend/azure"
)

var (
	_ provider.Provider                   = (*geocacheProvider)(nil)
	_ provider.ProviderWithValidateConfig = (*geocacheProvider)(nil)
)

type geocacheProvider struct {
	version string
	// azureOverride adjusts the resolved Azure configuration before the
	// client is built. Only this package's tests set it, to point the
	// backend at an in-process fake ARM server with its static credential
	// and a fast poll; users have no way to reach it.
	azureOverride func(*azure.Config)
}

// New returns a factory for the provider, as providerserver expects. When
// Terraform started this process, it also turns the plugin SDK's logging off
// if Terraform shows no provider logs (see quietUnreadLogs) and lets the
// heap grow further between collections (see relaxGC).
func New(version string) func() provider.Provider {
	quietUnreadLogs()
	relaxGC()
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
					"simulator, `azure` is Azure Managed Redis (configured by the `azure` block or the `ARM_*` " +
					"environment variables). May also be set with the `" + envBackend + "` environment variable.",
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
		Blocks: map[string]schema.Block{
			backendAzure: azureBlock(),
		},
	}
}

// ValidateConfig catches, at plan time, settings the selected backend would
// ignore and contradictory Azure credential choices. Values still unknown
// are left to Configure.
func (p *geocacheProvider) ValidateConfig(ctx context.Context, req provider.ValidateConfigRequest, resp *provider.ValidateConfigResponse) {
	var cfg providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if name := cfg.backendAtPlan(lookupEnv); name != "" {
		resp.Diagnostics.Append(cfg.validateForBackend(name, lookupEnv)...)
	}
	cfg.Azure.validateAzure(&resp.Diagnostics)
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
	switch settings.Backend {
	case backendAzure:
		if p.azureOverride != nil {
			p.azureOverride(&settings.Azure)
		}
		// Names and choices only: secrets and tokens are never logged.
		tflog.Debug(ctx, "configuring backend", map[string]any{
			"subscription_id":     settings.Azure.SubscriptionID,
			"resource_group_name": settings.Azure.ResourceGroupName,
			"environment":         settings.Azure.Environment,
			"authentication":      settings.Azure.AuthMethod(),
		})
	default:
		tflog.Debug(ctx, "configuring backend", map[string]any{
			"endpoint":   settings.Endpoint,
			"state_dir":  settings.StateDir,
			"auto_start": settings.AutoStart,
		})
	}

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
	Azure     *azureModel  `tfsdk:"azure"`
}
