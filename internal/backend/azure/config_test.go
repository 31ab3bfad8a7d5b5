package azure

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

func TestConfigFromEnv(t *testing.T) {
	t.Setenv("ARM_SUBSCRIPTION_ID", "sub")
	t.Setenv("GEOCACHE_AZURE_RESOURCE_GROUP", "rg")
	t.Setenv("ARM_TENANT_ID", "tenant")
	t.Setenv("ARM_CLIENT_ID", "client")
	t.Setenv("ARM_CLIENT_SECRET", "s3cret")
	t.Setenv("ARM_OIDC_TOKEN", "tok")
	t.Setenv("ARM_OIDC_TOKEN_FILE_PATH", "/var/run/token")
	t.Setenv("ARM_USE_OIDC", "true")
	t.Setenv("ARM_USE_MSI", "no")
	t.Setenv("ARM_USE_CLI", "1")
	t.Setenv("ARM_ENVIRONMENT", "china")
	got := ConfigFromEnv()
	want := Config{SubscriptionID: "sub", ResourceGroupName: "rg", TenantID: "tenant", ClientID: "client",
		ClientSecret: "s3cret", OIDCToken: "tok", OIDCTokenFilePath: "/var/run/token",
		UseOIDC: true, UseCLI: true, Environment: "china"}
	if fmt.Sprint(got) != fmt.Sprint(want) || got.ClientSecret != "s3cret" || got.OIDCToken != "tok" {
		t.Errorf("ConfigFromEnv = %v", got)
	}
}

func TestConfigNeverPrintsSecrets(t *testing.T) {
	cfg := Config{ClientSecret: "hunter2", OIDCToken: "eyJhbGciOi"}
	for _, s := range []string{fmt.Sprint(cfg), fmt.Sprintf("%+v", cfg), fmt.Sprintf("%#v", cfg)} {
		if strings.Contains(s, "hunter2") || strings.Contains(s, "eyJhbGciOi") {
			t.Errorf("secret printed: %s", s)
		}
	}
}

func TestNewValidates(t *testing.T) {
	ok := Config{SubscriptionID: "s", ResourceGroupName: "rg", TenantID: "t", ClientID: "c", ClientSecret: "x"}
	cases := map[string]func(*Config){
		"no subscription":   func(c *Config) { c.SubscriptionID = "" },
		"no resource group": func(c *Config) { c.ResourceGroupName = " " },
		"bad environment":   func(c *Config) { c.Environment = "mars" },
		"two choices":       func(c *Config) { c.UseMSI, c.UseCLI = true, true },
		"negative poll":     func(c *Config) { c.PollInterval = -1 },
		"http off loopback": func(c *Config) { c.Endpoint = "http://management.example.com" },
		"bad endpoint":      func(c *Config) { c.Endpoint = "::" },
		"secret no tenant":  func(c *Config) { c.TenantID = "" },
		"oidc no token":     func(c *Config) { c.ClientSecret, c.UseOIDC = "", true },
	}
	for name, mutate := range cases {
		cfg := ok
		mutate(&cfg)
		if _, err := New(context.Background(), cfg); err == nil {
			t.Errorf("%s: New accepted %v", name, cfg)
		} else if strings.Contains(err.Error(), "x\"") {
			t.Errorf("%s: error leaks the secret: %v", name, err)
		}
	}
	for _, env := range []string{"", "public", "usgovernment", "china"} {
		cfg := ok
		cfg.Environment = env
		if _, err := New(context.Background(), cfg); err != nil {
			t.Errorf("environment %q: %v", env, err)
		}
	}
	oidc := ok
	oidc.ClientSecret, oidc.OIDCTokenFilePath = "", "/nonexistent/token"
	if _, err := New(context.Background(), oidc); err != nil {
		t.Errorf("OIDC from a token file: %v", err)
	}
}

// Terraform Cloud's workload identity token is the OIDC token unless
// ARM_OIDC_TOKEN is set; a variable that is set but blank does not count.
func TestConfigFromLookupTerraformCloudToken(t *testing.T) {
	lookup := func(vars map[string]string) func(string) (string, bool) {
		return func(k string) (string, bool) { v, ok := vars[k]; return v, ok }
	}
	got := ConfigFromLookup(lookup(map[string]string{EnvTFCWorkloadIdentityToken: "tfc-jwt", EnvOIDCToken: "  "}))
	if got.OIDCToken != "tfc-jwt" {
		t.Errorf("OIDC token = %q, want the Terraform Cloud token", got.OIDCToken)
	}
	got = ConfigFromLookup(lookup(map[string]string{EnvTFCWorkloadIdentityToken: "tfc-jwt", EnvOIDCToken: "arm-jwt"}))
	if got.OIDCToken != "arm-jwt" {
		t.Errorf("OIDC token = %q, want ARM_OIDC_TOKEN to win", got.OIDCToken)
	}
	if got := ConfigFromLookup(lookup(map[string]string{EnvUseMSI: "maybe"})); got.UseMSI {
		t.Error("an unparsable ARM_USE_MSI must not turn managed identity on")
	}
	if _, err := ParseEnvBool("maybe"); err == nil {
		t.Error("ParseEnvBool(maybe) should fail")
	}
}
