package provider

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// requiresReplaceIgnoringCase replaces the resource when the attribute
// changes, except when only its letter case does. Backends compare names,
// regions and IDs without regard to case (the simulator lowers them, ARM
// echoes its own spelling), so after an import the state may hold another
// spelling than the configuration; that is the same resource, and the
// update only writes the configured spelling into the state.
func requiresReplaceIgnoringCase() planmodifier.String {
	return stringplanmodifier.RequiresReplaceIf(
		func(_ context.Context, req planmodifier.StringRequest, resp *stringplanmodifier.RequiresReplaceIfFuncResponse) {
			resp.RequiresReplace = !sameIgnoringCase(req.StateValue, req.PlanValue)
		},
		"Changing the value replaces the resource; a change of letter case alone does not.",
		"Changing the value replaces the resource; a change of letter case alone does not.",
	)
}

// sameIgnoringCase reports whether two known values (or two nulls) name the
// same thing once letter case is ignored. An unknown value is never the
// same: it may turn out to be anything.
func sameIgnoringCase(a, b types.String) bool {
	if a.IsUnknown() || b.IsUnknown() {
		return false
	}
	if a.IsNull() || b.IsNull() {
		return a.IsNull() && b.IsNull()
	}
	return strings.EqualFold(a.ValueString(), b.ValueString())
}
