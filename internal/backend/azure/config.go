package azure

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/cloud"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
)

// Config selects the subscription, resource group and credential.
type Config struct {
	SubscriptionID    string
	ResourceGroupName string

	TenantID     string
	ClientID     string
	ClientSecret string // never logged: String redacts it

	OIDCToken         string // Terraform Cloud dynamic credentials / GitHub OIDC
	OIDCTokenFilePath string
	UseOIDC           bool
	UseMSI            bool
	UseCLI            bool

	Environment string // "public" (default), "usgovernment" or "china"

	// Endpoint overrides the ARM endpoint (tests, sovereign proxies).
	Endpoint string
	// Credential, when set, is used as is instead of the options above.
	Credential azcore.TokenCredential
	// PollInterval is the pause between status reads; default 10s.
	PollInterval time.Duration
	// HTTPClient replaces the transport (tests).
	HTTPClient policy.Transporter
}

const defaultPollInterval = 10 * time.Second

// Environment variables the configuration falls back to. The ARM_* names
// are those the azurerm provider reads.
const (
	EnvSubscriptionID    = "ARM_SUBSCRIPTION_ID"
	EnvResourceGroupName = "GEOCACHE_AZURE_RESOURCE_GROUP"
	EnvTenantID          = "ARM_TENANT_ID"
	EnvClientID          = "ARM_CLIENT_ID"
	EnvClientSecret      = "ARM_CLIENT_SECRET"
	EnvOIDCToken         = "ARM_OIDC_TOKEN"
	EnvOIDCTokenFilePath = "ARM_OIDC_TOKEN_FILE_PATH"
	EnvUseOIDC           = "ARM_USE_OIDC"
	EnvUseMSI            = "ARM_USE_MSI"
	EnvUseCLI            = "ARM_USE_CLI"
	EnvEnvironment       = "ARM_ENVIRONMENT"
	// EnvTFCWorkloadIdentityToken is where Terraform Cloud puts a run's
	// workload identity token (dynamic credentials); it is the OIDC token
	// when ARM_OIDC_TOKEN is unset.
	EnvTFCWorkloadIdentityToken = "TFC_WORKLOAD_IDENTITY_TOKEN"
)

// ConfigFromEnv reads the ARM_* variables the azurerm provider uses, plus
// GEOCACHE_AZURE_RESOURCE_GROUP and Terraform Cloud's
// TFC_WORKLOAD_IDENTITY_TOKEN.
func ConfigFromEnv() Config { return ConfigFromLookup(os.LookupEnv) }

// ConfigFromLookup is ConfigFromEnv reading variables through lookup, so
// callers and tests need not touch the process environment. A boolean
// variable that does not parse is treated as false; use ParseEnvBool to
// report it.
func ConfigFromLookup(lookup func(string) (string, bool)) Config {
	get := func(name string) string {
		v, _ := lookup(name)
		return strings.TrimSpace(v)
	}
	flag := func(name string) bool {
		v, err := ParseEnvBool(get(name))
		return err == nil && v
	}
	token := get(EnvOIDCToken)
	if token == "" {
		token = get(EnvTFCWorkloadIdentityToken)
	}
	return Config{
		SubscriptionID:    get(EnvSubscriptionID),
		ResourceGroupName: get(EnvResourceGroupName),
		TenantID:          get(EnvTenantID),
		ClientID:          get(EnvClientID),
		ClientSecret:      get(EnvClientSecret),
		OIDCToken:         token,
		OIDCTokenFilePath: get(EnvOIDCTokenFilePath),
		UseOIDC:           flag(EnvUseOIDC),
		UseMSI:            flag(EnvUseMSI),
		UseCLI:            flag(EnvUseCLI),
		Environment:       get(EnvEnvironment),
	}
}

// ParseEnvBool parses a boolean variable; empty is false.
func ParseEnvBool(v string) (bool, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return false, nil
	}
	return strconv.ParseBool(v)
}

// Environments lists the accepted Environment values.
func Environments() []string { return []string{"public", "usgovernment", "china"} }

// String keeps secrets out of logs and error messages that print a Config.
func (c Config) String() string {
	redact := func(s string) string {
		if s == "" {
			return ""
		}
		return "<redacted>"
	}
	return fmt.Sprintf("azure.Config{SubscriptionID:%q ResourceGroupName:%q TenantID:%q ClientID:%q ClientSecret:%q OIDCToken:%q OIDCTokenFilePath:%q UseOIDC:%t UseMSI:%t UseCLI:%t Environment:%q Endpoint:%q}",
		c.SubscriptionID, c.ResourceGroupName, c.TenantID, c.ClientID, redact(c.ClientSecret),
		redact(c.OIDCToken), c.OIDCTokenFilePath, c.UseOIDC, c.UseMSI, c.UseCLI, c.Environment, c.Endpoint)
}

// GoString makes %#v as safe as %v.
func (c Config) GoString() string { return c.String() }

func (c Config) validate() error {
	var problems []string
	if strings.TrimSpace(c.SubscriptionID) == "" {
		problems = append(problems, "subscription ID is required (ARM_SUBSCRIPTION_ID)")
	}
	if strings.TrimSpace(c.ResourceGroupName) == "" {
		problems = append(problems, "resource group name is required (GEOCACHE_AZURE_RESOURCE_GROUP)")
	}
	if _, err := c.cloud(); err != nil {
		problems = append(problems, err.Error())
	}
	if c.PollInterval < 0 {
		problems = append(problems, "poll interval must not be negative")
	}
	if n := countTrue(c.UseOIDC, c.UseMSI, c.UseCLI); n > 1 {
		problems = append(problems, "choose at most one of use_oidc, use_msi and use_cli")
	}
	if c.Endpoint != "" {
		if u, err := url.Parse(c.Endpoint); err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
			problems = append(problems, fmt.Sprintf("endpoint %q is not an http(s) URL", c.Endpoint))
		} else if u.Scheme == "http" && !isLoopback(u.Hostname()) {
			problems = append(problems, fmt.Sprintf("endpoint %q: plain http is only allowed on loopback, tokens would travel in clear", c.Endpoint))
		}
	}
	if len(problems) > 0 {
		return errors.New("azure backend configuration: " + strings.Join(problems, "; "))
	}
	return nil
}

func countTrue(bs ...bool) int {
	n := 0
	for _, b := range bs {
		if b {
			n++
		}
	}
	return n
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// cloud resolves Environment and applies the Endpoint override.
func (c Config) cloud() (cloud.Configuration, error) {
	var base cloud.Configuration
	switch strings.ToLower(strings.TrimSpace(c.Environment)) {
	case "", "public", "azurepubliccloud":
		base = cloud.AzurePublic
	case "usgovernment", "azureusgovernmentcloud":
		base = cloud.AzureGovernment
	case "china", "azurechinacloud":
		base = cloud.AzureChina
	default:
		return cloud.Configuration{}, fmt.Errorf("unknown environment %q: use public, usgovernment or china", c.Environment)
	}
	if c.Endpoint == "" {
		return base, nil
	}
	rm := base.Services[cloud.ResourceManager]
	return cloud.Configuration{
		ActiveDirectoryAuthorityHost: base.ActiveDirectoryAuthorityHost,
		Services: map[cloud.ServiceName]cloud.ServiceConfiguration{
			cloud.ResourceManager: {Endpoint: strings.TrimRight(c.Endpoint, "/"), Audience: rm.Audience},
		},
	}, nil
}
