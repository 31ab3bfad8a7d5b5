package provider

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/geocache/terraform-provider-geocache/internal/backend"
)

// memberAttrTypes is the object type of one entry of a group's members.
var memberAttrTypes = map[string]attr.Type{
	"id":     types.StringType,
	"name":   types.StringType,
	"region": types.StringType,
	"state":  types.StringType,
}

func membersValue(ctx context.Context, members []backend.Member) (types.List, diag.Diagnostics) {
	out := make([]memberModel, len(members))
	for i, m := range members {
		out[i] = memberModel{
			ID:     types.StringValue(m.ID),
			Name:   types.StringValue(m.Name),
			Region: types.StringValue(m.Region),
			State:  types.StringValue(m.State),
		}
	}
	return types.ListValueFrom(ctx, types.ObjectType{AttrTypes: memberAttrTypes}, out)
}

// memberIDs lists members' IDs, leaving out skip (the cache asking). IDs
// are compared without regard to case: Azure resource IDs come back in
// whatever casing ARM chooses, and an import may use yet another.
func memberIDs(members []backend.Member, skip string) []string {
	var ids []string
	for _, m := range members {
		if !strings.EqualFold(m.ID, skip) {
			ids = append(ids, m.ID)
		}
	}
	return ids
}

type memberModel struct {
	ID     types.String `tfsdk:"id"`
	Name   types.String `tfsdk:"name"`
	Region types.String `tfsdk:"region"`
	State  types.String `tfsdk:"state"`
}
