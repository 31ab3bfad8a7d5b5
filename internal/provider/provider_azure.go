package provider

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/geocache/terraform-provider-geocache/internal/backend"
	"github.com/geocache/terraform-provider-geocache/internal/backend/azure"
)

const backendAzure = "azure"

// azureModel is the provider's azure block.
type azureModel struct {
	SubscriptionID    types.String `tfsdk:"subscription_id"`
	ResourceGroupName types.String `tfsdk:"resource_group_name"`
	TenantID          types.String `tfsdk:"tenant_id"`
	ClientID          types.String `tfsdk:"client_id"`
	ClientSecret      types.String `tfsdk:"client_secret"`
	OIDCToken         types.String `tfsdk:"oidc_token"`
	OIDCTokenFilePath types.String `tfsdk:"oidc_token_file_path"`
	UseOIDC           types.Bool   `tfsdk:"use_oidc"`
	UseMSI            types.Bool   `tfsdk:"use_msi"`
	UseCLI            types.Bool   `tfsdk:"use_cli"`
	Environment       types.String `tfsdk:"environment"`
}

var (
	guidRE          = regexp.MustCompile(`^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$`)
	tenantRE        = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9.-]*$`)
	resourceGroupRE = regexp.MustCompile(`^[-\p{L}\p{N}_.()]{0,89}[-\p{L}\p{N}_()]$`)
)

func envDoc(name string) string { return " Falls back to the `" + name + "` environment variable." }

// azureBlock is the schema of the azure block.
func azureBlock() schema.SingleNestedBlock {
	str := func(desc string, sensitive bool, validators ...validator.String) schema.StringAttribute {
		return schema.StringAttribute{MarkdownDescription: desc, Optional: true, Sensitive: sensitive, Validators: validators}
	}
	flag := func(desc string) schema.BoolAttribute {
		return schema.BoolAttribute{MarkdownDescription: desc, Optional: true}
	}
	return schema.SingleNestedBlock{
		MarkdownDescription: "Settings of the `azure` backend (Azure Managed Redis). Only allowed with " +
			"`backend = \"azure\"`; every setting may come from its environment variable instead, so the block " +
			"may be left out. Credentials are tried in this order unless one `use_*` flag picks one: client " +
			"secret, OIDC token, then managed identity falling back to the Azure CLI.",
		Attributes: map[string]schema.Attribute{
			"subscription_id": str("ID (a GUID) of the Azure subscription the caches are created in."+envDoc(azure.EnvSubscriptionID), false,
				stringvalidator.RegexMatches(guidRE, "must be a subscription ID, a GUID such as 00000000-0000-0000-0000-000000000000")),
			"resource_group_name": str("Existing resource group holding the caches; a replication group's members are "+
				"looked for in it."+envDoc(azure.EnvResourceGroupName), false,
				stringvalidator.RegexMatches(resourceGroupRE, "must be a resource group name: 1-90 letters, digits, "+
					"underscores, hyphens, periods and parentheses, not ending with a period")),
			"tenant_id": str("Microsoft Entra tenant ID (or verified domain) of the service principal, needed with "+
				"`client_secret` and OIDC."+envDoc(azure.EnvTenantID), false,
				stringvalidator.RegexMatches(tenantRE, "must be a tenant ID (a GUID) or a verified domain name")),
			"client_id": str("Client (application) ID of the service principal or user-assigned managed identity."+
				envDoc(azure.EnvClientID), false,
				stringvalidator.RegexMatches(guidRE, "must be a client ID, a GUID such as 00000000-0000-0000-0000-000000000000")),
			"client_secret": str("Client secret of the service principal. Prefer the environment variable or OIDC "+
				"to writing it in configuration."+envDoc(azure.EnvClientSecret), true,
				stringvalidator.LengthAtLeast(1)),
			"oidc_token": str("Federated ID token (OIDC) exchanged for an Azure token, e.g. from Terraform Cloud "+
				"dynamic credentials or a CI system."+envDoc(azure.EnvOIDCToken)+" When that is unset too, "+
				"Terraform Cloud's `"+azure.EnvTFCWorkloadIdentityToken+"` is used.", true,
				stringvalidator.LengthAtLeast(1),
				stringvalidator.ConflictsWith(path.MatchRelative().AtParent().AtName("oidc_token_file_path"))),
			"oidc_token_file_path": str("File holding the federated ID token, re-read at each exchange so a "+
				"rotated token is picked up."+envDoc(azure.EnvOIDCTokenFilePath), false,
				stringvalidator.LengthAtLeast(1)),
			"use_oidc": flag("Authenticate with `oidc_token` or `oidc_token_file_path` only." + envDoc(azure.EnvUseOIDC)),
			"use_msi":  flag("Authenticate with a managed identity only (`client_id` picks a user-assigned one)." + envDoc(azure.EnvUseMSI)),
			"use_cli":  flag("Authenticate with the signed-in Azure CLI only." + envDoc(azure.EnvUseCLI)),
			"environment": str("Azure cloud: `public` (the default), `usgovernment` or `china`."+envDoc(azure.EnvEnvironment), false,
				stringvalidator.OneOf(azure.Environments()...)),
		},
	}
}

func (m *azureModel) hasUnknown() bool {
	if m == nil {
		return false
	}
	return m.SubscriptionID.IsUnknown() || m.ResourceGroupName.IsUnknown() || m.TenantID.IsUnknown() ||
		m.ClientID.IsUnknown() || m.ClientSecret.IsUnknown() || m.OIDCToken.IsUnknown() ||
		m.OIDCTokenFilePath.IsUnknown() || m.UseOIDC.IsUnknown() || m.UseMSI.IsUnknown() ||
		m.UseCLI.IsUnknown() || m.Environment.IsUnknown()
}

// resolveAzure starts from the environment and lets each configured value
// win. An ARM_USE_* variable that is not a boolean is an error rather than
// silently false.
func (m *azureModel) resolveAzure(env func(string) (string, bool)) (azure.Config, diag.Diagnostics) {
	var diags diag.Diagnostics
	cfg := azure.ConfigFromLookup(env)
	for _, f := range []struct {
		name, attr string
	}{{azure.EnvUseOIDC, "use_oidc"}, {azure.EnvUseMSI, "use_msi"}, {azure.EnvUseCLI, "use_cli"}} {
		if v, ok := env(f.name); ok {
			if _, err := azure.ParseEnvBool(v); err != nil {
				diags.AddAttributeError(path.Root("azure").AtName(f.attr), "Invalid "+f.name,
					fmt.Sprintf("%s=%q is not a boolean (true, false, 1, 0).", f.name, v))
			}
		}
	}
	if m == nil {
		return cfg, diags
	}
	setString := func(v types.String, dst *string) {
		if !v.IsNull() && !v.IsUnknown() {
			*dst = v.ValueString()
		}
	}
	setBool := func(v types.Bool, dst *bool) {
		if !v.IsNull() && !v.IsUnknown() {
			*dst = v.ValueBool()
		}
	}
	setString(m.SubscriptionID, &cfg.SubscriptionID)
	setString(m.ResourceGroupName, &cfg.ResourceGroupName)
	setString(m.TenantID, &cfg.TenantID)
	setString(m.ClientID, &cfg.ClientID)
	setString(m.ClientSecret, &cfg.ClientSecret)
	setString(m.OIDCToken, &cfg.OIDCToken)
	setString(m.OIDCTokenFilePath, &cfg.OIDCTokenFilePath)
	setBool(m.UseOIDC, &cfg.UseOIDC)
	setBool(m.UseMSI, &cfg.UseMSI)
	setBool(m.UseCLI, &cfg.UseCLI)
	setString(m.Environment, &cfg.Environment)
	return cfg, diags
}

// validateAzure checks the azure block on its own, at plan time: at most
// one use_* flag, and no client secret next to a flag that ignores it.
func (m *azureModel) validateAzure(diags *diag.Diagnostics) {
	if m == nil {
		return
	}
	var chosen []string
	for _, f := range []struct {
		name string
		v    types.Bool
	}{{"use_oidc", m.UseOIDC}, {"use_msi", m.UseMSI}, {"use_cli", m.UseCLI}} {
		if !f.v.IsUnknown() && f.v.ValueBool() {
			chosen = append(chosen, f.name)
		}
	}
	if len(chosen) > 1 {
		diags.AddAttributeError(path.Root("azure").AtName(chosen[1]), "Conflicting Azure authentication methods",
			fmt.Sprintf("%s are all set to true; choose at most one way to authenticate.", strings.Join(chosen, " and ")))
	}
	if len(chosen) == 1 && !m.ClientSecret.IsNull() {
		diags.AddAttributeError(path.Root("azure").AtName("client_secret"), "Client secret would be ignored",
			fmt.Sprintf("client_secret is set together with %s = true, which authenticates without it. "+
				"Remove one of them.", chosen[0]))
	}
}

// connectAzure builds the Azure client. It makes no request: a wrong
// credential shows on the first operation, naming the resource.
func connectAzure(ctx context.Context, s backendSettings) (backend.Backend, error) {
	c, err := azure.New(ctx, s.Azure)
	if err != nil {
		return nil, err
	}
	return c, nil
}
