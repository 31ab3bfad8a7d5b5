package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/geocache/terraform-provider-geocache/internal/catalog"
)

var _ validator.String = nameValidator{}

// nameValidator applies catalog.ValidateName, the rule both backends
// enforce, so a bad name fails at plan time rather than half-way through an
// apply.
type nameValidator struct{}

func (nameValidator) Description(context.Context) string {
	return "must be " + catalog.NameRule
}

func (v nameValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (nameValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if err := catalog.ValidateName(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid name", err.Error()+".")
	}
}

// nameRuleDoc is the name rule as the docs show it.
const nameRuleDoc = catalog.NameRule
