package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/geocache/terraform-provider-geocache/internal/backend"
)

// backendFrom takes the backend the provider's Configure handed over. It is
// nil, without error, while the provider could not be configured yet
// (unknown values during a first plan).
func backendFrom(providerData any, diags *diag.Diagnostics) backend.Backend {
	if providerData == nil {
		return nil
	}
	b, ok := providerData.(backend.Backend)
	if !ok {
		diags.AddError("Unexpected provider data",
			fmt.Sprintf("Expected a backend.Backend, got %T. This is a bug in the provider.", providerData))
		return nil
	}
	return b
}

// addNotConfigured reports an operation that needs the backend when the
// provider has none.
func addNotConfigured(diags *diag.Diagnostics) {
	diags.AddError("Provider not configured",
		"The geocache provider has no backend: its configuration was not known when this operation ran. "+
			"Make sure the provider block's values do not depend on resources that are not yet created.")
}

// skipRefresh keeps a resource's state as it is when the provider has no
// backend yet, so that a plan whose provider configuration is still unknown
// can go on; the next plan with known values refreshes it.
func skipRefresh(ctx context.Context) {
	tflog.Warn(ctx, "provider configuration not yet known, keeping the resource's state without refreshing it")
}
