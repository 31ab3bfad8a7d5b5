package azure

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/cloud"
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
)

// credential picks how to authenticate: an explicit choice (use_oidc,
// use_msi, use_cli) wins; otherwise a client secret, then an OIDC token,
// then managed identity falling back to the Azure CLI.
func (c Config) credential(cl cloud.Configuration) (azcore.TokenCredential, error) {
	if c.Credential != nil {
		return c.Credential, nil
	}
	opts := azcore.ClientOptions{Cloud: cl}
	hasOIDC := c.OIDCToken != "" || c.OIDCTokenFilePath != ""
	switch {
	case c.UseOIDC:
		return c.oidcCredential(opts)
	case c.UseMSI:
		return c.msiCredential(opts)
	case c.UseCLI:
		return azidentity.NewAzureCLICredential(&azidentity.AzureCLICredentialOptions{TenantID: c.TenantID})
	case c.ClientSecret != "":
		if c.TenantID == "" || c.ClientID == "" {
			return nil, errors.New("azure backend: a client secret needs tenant ID and client ID (ARM_TENANT_ID, ARM_CLIENT_ID)")
		}
		cred, err := azidentity.NewClientSecretCredential(c.TenantID, c.ClientID, c.ClientSecret,
			&azidentity.ClientSecretCredentialOptions{ClientOptions: opts})
		if err != nil {
			return nil, fmt.Errorf("azure backend: client secret credential: %w", err)
		}
		return cred, nil
	case hasOIDC:
		return c.oidcCredential(opts)
	}
	msi, err := c.msiCredential(opts)
	if err != nil {
		return nil, err
	}
	cli, err := azidentity.NewAzureCLICredential(&azidentity.AzureCLICredentialOptions{TenantID: c.TenantID})
	if err != nil {
		return nil, fmt.Errorf("azure backend: Azure CLI credential: %w", err)
	}
	chain, err := azidentity.NewChainedTokenCredential([]azcore.TokenCredential{msi, cli}, nil)
	if err != nil {
		return nil, fmt.Errorf("azure backend: credential chain: %w", err)
	}
	return chain, nil
}

func (c Config) msiCredential(opts azcore.ClientOptions) (azcore.TokenCredential, error) {
	mo := &azidentity.ManagedIdentityCredentialOptions{ClientOptions: opts}
	if c.ClientID != "" {
		mo.ID = azidentity.ClientID(c.ClientID)
	}
	cred, err := azidentity.NewManagedIdentityCredential(mo)
	if err != nil {
		return nil, fmt.Errorf("azure backend: managed identity credential: %w", err)
	}
	return cred, nil
}

// oidcCredential exchanges a federated token (Terraform Cloud, GitHub) for an
// ARM token. The token file is re-read on each exchange because workload
// identity rotates it.
func (c Config) oidcCredential(opts azcore.ClientOptions) (azcore.TokenCredential, error) {
	if c.TenantID == "" || c.ClientID == "" {
		return nil, errors.New("azure backend: OIDC needs tenant ID and client ID (ARM_TENANT_ID, ARM_CLIENT_ID)")
	}
	if c.OIDCToken == "" && c.OIDCTokenFilePath == "" {
		return nil, errors.New("azure backend: OIDC needs a token (ARM_OIDC_TOKEN) or a token file (ARM_OIDC_TOKEN_FILE_PATH)")
	}
	token, path := c.OIDCToken, c.OIDCTokenFilePath
	assertion := func(context.Context) (string, error) {
		if token != "" {
			return token, nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return "", fmt.Errorf("reading OIDC token file: %w", err)
		}
		return strings.TrimSpace(string(b)), nil
	}
	cred, err := azidentity.NewClientAssertionCredential(c.TenantID, c.ClientID, assertion,
		&azidentity.ClientAssertionCredentialOptions{ClientOptions: opts})
	if err != nil {
		return nil, fmt.Errorf("azure backend: OIDC credential: %w", err)
	}
	return cred, nil
}

// AuthMethod names the way credential will authenticate, for logs and
// messages; it never includes a secret.
func (c Config) AuthMethod() string {
	switch {
	case c.Credential != nil:
		return "static credential"
	case c.UseOIDC:
		return "OIDC token"
	case c.UseMSI:
		return "managed identity"
	case c.UseCLI:
		return "Azure CLI"
	case c.ClientSecret != "":
		return "client secret"
	case c.OIDCToken != "" || c.OIDCTokenFilePath != "":
		return "OIDC token"
	}
	return "managed identity, else Azure CLI"
}
