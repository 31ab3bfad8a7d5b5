package provider

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/geocache/terraform-provider-geocache/internal/backend/azure"
	"github.com/geocache/terraform-provider-geocache/internal/backend/azure/armfake"
)

const testSubscription = "00000000-0000-0000-0000-000000000001"

func nullAzure() *azureModel {
	return &azureModel{
		SubscriptionID: types.StringNull(), ResourceGroupName: types.StringNull(), TenantID: types.StringNull(),
		ClientID: types.StringNull(), ClientSecret: types.StringNull(), OIDCToken: types.StringNull(),
		OIDCTokenFilePath: types.StringNull(), UseOIDC: types.BoolNull(), UseMSI: types.BoolNull(),
		UseCLI: types.BoolNull(), Environment: types.StringNull(),
	}
}

func diagText(diags diag.Diagnostics) string {
	var out []string
	for _, d := range diags {
		out = append(out, d.Summary()+": "+d.Detail())
	}
	return strings.Join(out, "\n")
}

func TestResolveAzureFromEnvironmentAndBlock(t *testing.T) {
	m := nullModel()
	m.Backend = types.StringValue("azure")
	m.Azure = nullAzure()
	m.Azure.ResourceGroupName = types.StringValue("rg-from-block")
	m.Azure.UseOIDC = types.BoolValue(true)
	env := envOf(map[string]string{
		azure.EnvSubscriptionID: testSubscription, azure.EnvResourceGroupName: "rg-from-env",
		azure.EnvTenantID: "contoso.onmicrosoft.com", azure.EnvClientID: "11111111-1111-1111-1111-111111111111",
		azure.EnvTFCWorkloadIdentityToken: "tfc-jwt", azure.EnvEnvironment: "usgovernment",
	})
	s, diags := m.resolve(env)
	if diags.HasError() {
		t.Fatalf("unexpected diagnostics: %s", diagText(diags))
	}
	got := s.Azure
	if got.SubscriptionID != testSubscription || got.ResourceGroupName != "rg-from-block" ||
		got.TenantID != "contoso.onmicrosoft.com" || got.OIDCToken != "tfc-jwt" || !got.UseOIDC ||
		got.Environment != "usgovernment" {
		t.Fatalf("resolved %v", got)
	}
}

func TestResolveLocalIgnoresAzureEnvironment(t *testing.T) {
	s, diags := nullModel().resolve(envOf(map[string]string{azure.EnvSubscriptionID: testSubscription, azure.EnvUseMSI: "maybe"}))
	if diags.HasError() || s.Azure.SubscriptionID != "" {
		t.Fatalf("the local backend must not read ARM_* variables: %+v %s", s.Azure, diagText(diags))
	}
}

func TestResolveAzureRejectsBadFlagVariable(t *testing.T) {
	m := nullModel()
	m.Backend = types.StringValue("azure")
	_, diags := m.resolve(envOf(map[string]string{azure.EnvUseMSI: "maybe"}))
	if !diags.HasError() || !strings.Contains(diagText(diags), `ARM_USE_MSI="maybe"`) {
		t.Fatalf("want an error naming ARM_USE_MSI, got: %s", diagText(diags))
	}
}

func TestValidateForBackend(t *testing.T) {
	m := nullModel()
	m.Azure = nullAzure()
	if text := diagText(m.validateForBackend("local", envOf(nil))); !strings.Contains(text, "Azure settings given for the local backend") {
		t.Errorf("azure block with the local backend: got %q", text)
	}
	if diags := m.validateForBackend("azure", envOf(nil)); diags.HasError() {
		t.Errorf("azure block with the azure backend: %s", diagText(diags))
	}
	m.Azure = nil
	m.StateDir = types.StringValue("/tmp/x")
	m.AutoStart = types.BoolValue(false)
	diags := m.validateForBackend("azure", envOf(nil))
	if len(diags.Errors()) != 2 || !strings.Contains(diagText(diags), "state_dir configures the local simulator") {
		t.Errorf("simulator settings with the azure backend: %s", diagText(diags))
	}
}

func TestBackendAtPlan(t *testing.T) {
	m := nullModel()
	if got := m.backendAtPlan(envOf(nil)); got != "local" {
		t.Errorf("default = %q", got)
	}
	if got := m.backendAtPlan(envOf(map[string]string{envBackend: "azure"})); got != "azure" {
		t.Errorf("from %s = %q", envBackend, got)
	}
	m.Backend = types.StringUnknown()
	if got := m.backendAtPlan(envOf(map[string]string{envBackend: "azure"})); got != "" {
		t.Errorf("unknown backend = %q, want no verdict", got)
	}
}

func TestValidateAzureCredentialChoices(t *testing.T) {
	cases := map[string]struct {
		mutate func(*azureModel)
		want   string
	}{
		"two flags": {func(m *azureModel) { m.UseMSI, m.UseCLI = types.BoolValue(true), types.BoolValue(true) },
			"use_msi and use_cli are all set to true"},
		"secret with msi": {func(m *azureModel) { m.UseMSI, m.ClientSecret = types.BoolValue(true), types.StringValue("x") },
			"client_secret is set together with use_msi = true"},
		"false flags are fine": {func(m *azureModel) {
			m.UseMSI, m.UseCLI, m.UseOIDC = types.BoolValue(false), types.BoolValue(true), types.BoolValue(false)
		}, ""},
		"unknown flag is left to apply": {func(m *azureModel) { m.UseMSI, m.UseCLI = types.BoolUnknown(), types.BoolValue(true) }, ""},
	}
	for name, c := range cases {
		m := nullAzure()
		c.mutate(m)
		var diags diag.Diagnostics
		m.validateAzure(&diags)
		text := diagText(diags)
		if c.want == "" && diags.HasError() {
			t.Errorf("%s: unexpected error %s", name, text)
		}
		if c.want != "" && !strings.Contains(text, c.want) {
			t.Errorf("%s: got %q, want it to contain %q", name, text, c.want)
		}
	}
}

// azureObject builds the azure block's raw value from the given settings.
func azureObject(t *testing.T, values map[string]tftypes.Value) tftypes.Value {
	t.Helper()
	var schemaResp provider.SchemaResponse
	New("test")().Schema(context.Background(), provider.SchemaRequest{}, &schemaResp)
	typ := schemaResp.Schema.Type().TerraformType(context.Background()).(tftypes.Object).AttributeTypes["azure"].(tftypes.Object)
	attrs := map[string]tftypes.Value{}
	for name, at := range typ.AttributeTypes {
		attrs[name] = tftypes.NewValue(at, nil)
		if v, ok := values[name]; ok {
			attrs[name] = v
		}
	}
	return tftypes.NewValue(typ, attrs)
}

func TestConfigureAzureKeepsSecretsOutOfDiagnostics(t *testing.T) {
	// No tenant: the client secret cannot be used, and the error must say
	// so without repeating it.
	resp := configureWith(t, map[string]tftypes.Value{
		"backend": tftypes.NewValue(tftypes.String, "azure"),
		"azure": azureObject(t, map[string]tftypes.Value{
			"subscription_id":     tftypes.NewValue(tftypes.String, testSubscription),
			"resource_group_name": tftypes.NewValue(tftypes.String, "rg"),
			"client_id":           tftypes.NewValue(tftypes.String, "11111111-1111-1111-1111-111111111111"),
			"client_secret":       tftypes.NewValue(tftypes.String, "very-secret-value"),
		}),
	})
	if !resp.Diagnostics.HasError() || resp.ResourceData != nil {
		t.Fatal("a client secret without tenant must fail and hand over no backend")
	}
	text := diagText(resp.Diagnostics)
	if !strings.Contains(text, "tenant ID") {
		t.Errorf("the error should say what is missing: %s", text)
	}
	if strings.Contains(text, "very-secret-value") {
		t.Fatalf("the client secret leaked into a diagnostic: %s", text)
	}
}

func TestConfigureAzureHandsOverClient(t *testing.T) {
	resp := configureWith(t, map[string]tftypes.Value{
		"backend": tftypes.NewValue(tftypes.String, "azure"),
		"azure": azureObject(t, map[string]tftypes.Value{
			"subscription_id":     tftypes.NewValue(tftypes.String, testSubscription),
			"resource_group_name": tftypes.NewValue(tftypes.String, "rg"),
			"use_cli":             tftypes.NewValue(tftypes.Bool, true),
		}),
	})
	if resp.Diagnostics.HasError() {
		t.Fatalf("configure: %s", diagText(resp.Diagnostics))
	}
	if _, ok := resp.ResourceData.(*azure.Client); !ok {
		t.Fatalf("resources got %T, want *azure.Client", resp.ResourceData)
	}
}

func TestConfigureAzureUnknownBlockValueWaits(t *testing.T) {
	resp := configureWith(t, map[string]tftypes.Value{
		"backend": tftypes.NewValue(tftypes.String, "azure"),
		"azure": azureObject(t, map[string]tftypes.Value{
			"subscription_id": tftypes.NewValue(tftypes.String, tftypes.UnknownValue),
		}),
	})
	if resp.Diagnostics.HasError() || resp.ResourceData != nil {
		t.Fatalf("an unknown azure value must defer configuration: %s", diagText(resp.Diagnostics))
	}
}

func TestValidateConfigRefusesAzureBlockWithLocal(t *testing.T) {
	ctx := context.Background()
	p := New("test")().(*geocacheProvider)
	var schemaResp provider.SchemaResponse
	p.Schema(ctx, provider.SchemaRequest{}, &schemaResp)
	typ := schemaResp.Schema.Type().TerraformType(ctx).(tftypes.Object)
	attrs := map[string]tftypes.Value{}
	for name, at := range typ.AttributeTypes {
		attrs[name] = tftypes.NewValue(at, nil)
	}
	attrs["backend"] = tftypes.NewValue(tftypes.String, "local")
	attrs["azure"] = azureObject(t, map[string]tftypes.Value{
		"use_msi": tftypes.NewValue(tftypes.Bool, true),
		"use_cli": tftypes.NewValue(tftypes.Bool, true),
	})
	req := provider.ValidateConfigRequest{Config: tfsdk.Config{Schema: schemaResp.Schema, Raw: tftypes.NewValue(typ, attrs)}}
	resp := &provider.ValidateConfigResponse{}
	p.ValidateConfig(ctx, req, resp)
	text := diagText(resp.Diagnostics)
	for _, want := range []string{"Azure settings given for the local backend", "Conflicting Azure authentication methods"} {
		if !strings.Contains(text, want) {
			t.Errorf("want %q among:\n%s", want, text)
		}
	}
}

// Provider settings that cannot work fail at plan time, before any call.
func TestAccProvider_planTimeErrors(t *testing.T) {
	t.Parallel()
	a := newTestARM(t, armfake.Options{})
	group := `
resource "geocache_replication_group" "g" {
  name = "never"
}
`
	plan := func(provider, want string) resource.TestStep {
		return resource.TestStep{Config: provider + group, PlanOnly: true, ExpectError: regexp.MustCompile(want)}
	}
	azureBlock := func(body string) string {
		return "provider \"geocache\" {\n  backend = \"azure\"\n  azure {\n" + body + "\n  }\n}\n"
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: a.factories(),
		Steps: []resource.TestStep{
			plan("provider \"geocache\" {\n  backend = \"local\"\n  azure {\n    use_cli = true\n  }\n}\n",
				`(?s)Azure settings given for the local backend.*"local"\s+\(set\s+by\s+the\s+backend\s+attribute\)`),
			plan("provider \"geocache\" {\n  azure {}\n}\n", `(?s)Azure settings given for the local backend.*the\s+default`),
			plan(azureBlock(`use_msi = true
    use_cli = true`), `(?s)Conflicting Azure authentication methods.*use_msi and use_cli`),
			plan(azureBlock(`use_cli       = true
    client_secret = "x"`), `(?s)Client secret would be ignored.*use_cli = true`),
			plan(azureBlock(`environment = "mars"`), `(?s)environment value must be one of.*"mars"`),
			plan(azureBlock(`subscription_id = "my-subscription"`), `(?s)subscription_id.*must be a subscription ID`),
			plan(azureBlock(`resource_group_name = "ends-with-a-dot."`), `(?s)resource_group_name.*must be a resource group name`),
			plan(azureBlock(`oidc_token           = "t"
    oidc_token_file_path = "/run/token"`), `(?s)oidc_token_file_path.*cannot be specified when.*oidc_token`),
			plan("provider \"geocache\" {\n  backend  = \"azure\"\n  endpoint = \"http://127.0.0.1:7450\"\n}\n",
				`(?s)Simulator setting given for the azure backend.*endpoint configures the local simulator`),
		},
	})
}
