// Command noopprovider is a Terraform provider that does nothing: one
// resource type, noop_resource, whose Create, Read, Update and Delete only
// set state. It is built with the same terraform-plugin-framework as the
// geocache provider and exists for scripts/bench-apply.sh, which measures
// Terraform with it beside Terraform with geocache resources and with the
// built-in terraform_data: what this provider costs over terraform_data is
// what any plugin provider pays (a process, the go-plugin handshake, gRPC and
// the framework per resource call); what geocache costs over this provider is
// geocache's own.
//
// Like the geocache provider, it turns the plugin SDK's logging off when
// Terraform started it and no TF_LOG* variable asks for logs (Terraform
// parses every line a provider writes even when it shows none), so that the
// comparison is not about a setting any provider can change.
// NOOP_PROVIDER_STOCK=1 leaves the SDK's defaults alone, to measure a
// provider nobody tuned.
package main

import (
	"context"
	"flag"
	"log"
	"os"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	pschema "github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/geocache/terraform-provider-geocache/internal/pluginlog"
)

// Address is where the bench's CLI configuration finds this provider in the
// filesystem mirror.
const Address = "registry.terraform.io/geocache/noop"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "start the provider with support for debuggers like delve")
	flag.Parse()

	if os.Getenv("NOOP_PROVIDER_STOCK") != "1" {
		pluginlog.Quiet("noop")
	}
	err := providerserver.Serve(context.Background(), func() provider.Provider { return noopProvider{} },
		providerserver.ServeOpts{Address: Address, Debug: debug})
	if err != nil {
		log.Fatal(err)
	}
}

type noopProvider struct{}

func (noopProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "noop"
	resp.Version = "0.1.0"
}

func (noopProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = pschema.Schema{}
}

// Configure has nothing to set up: the provider block is empty.
func (noopProvider) Configure(context.Context, provider.ConfigureRequest, *provider.ConfigureResponse) {
}

func (noopProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{func() resource.Resource { return noopResource{} }}
}

func (noopProvider) DataSources(context.Context) []func() datasource.DataSource { return nil }

// noopResource is noop_resource: a name, three optional strings shaped like
// a cache's region, sku and group reference, and an id equal to the name.
type noopResource struct{}

type noopModel struct {
	ID      types.String `tfsdk:"id"`
	Name    types.String `tfsdk:"name"`
	Region  types.String `tfsdk:"region"`
	SKU     types.String `tfsdk:"sku"`
	GroupID types.String `tfsdk:"group_id"`
}

func (noopResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_resource"
}

func (noopResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Attributes: map[string]schema.Attribute{
			"id":       schema.StringAttribute{Computed: true},
			"name":     schema.StringAttribute{Required: true},
			"region":   schema.StringAttribute{Optional: true},
			"sku":      schema.StringAttribute{Optional: true},
			"group_id": schema.StringAttribute{Optional: true},
		},
	}
}

func (noopResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	planToState(ctx, req.Plan, &resp.State, &resp.Diagnostics)
}

// Read keeps the state as it is: the framework hands it over unchanged.
func (noopResource) Read(context.Context, resource.ReadRequest, *resource.ReadResponse) {}

func (noopResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	planToState(ctx, req.Plan, &resp.State, &resp.Diagnostics)
}

// planToState is all Create and Update do: the planned values, with the id
// set from the name, become the state.
func planToState(ctx context.Context, plan tfsdk.Plan, state *tfsdk.State, diags *diag.Diagnostics) {
	var m noopModel
	diags.Append(plan.Get(ctx, &m)...)
	if diags.HasError() {
		return
	}
	m.ID = m.Name
	diags.Append(state.Set(ctx, &m)...)
}

// Delete does nothing: the framework removes the state when it returns
// without an error.
func (noopResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {}
