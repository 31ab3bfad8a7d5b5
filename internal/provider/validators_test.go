package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestNameValidator(t *testing.T) {
	cases := map[string]bool{
		"a": true, "cache-1": true, "A9": true, strings.Repeat("x", 63): true,
		"": false, "-a": false, "a-": false, "a--b": false, "a_b": false, strings.Repeat("x", 64): false,
	}
	for name, ok := range cases {
		req := validator.StringRequest{Path: path.Root("name"), ConfigValue: types.StringValue(name)}
		var resp validator.StringResponse
		nameValidator{}.ValidateString(context.Background(), req, &resp)
		if got := !resp.Diagnostics.HasError(); got != ok {
			t.Errorf("name %q: valid = %v, want %v (%v)", name, got, ok, resp.Diagnostics)
		}
	}
}

func TestNameValidatorSkipsUnknown(t *testing.T) {
	for _, v := range []types.String{types.StringNull(), types.StringUnknown()} {
		var resp validator.StringResponse
		nameValidator{}.ValidateString(context.Background(), validator.StringRequest{ConfigValue: v}, &resp)
		if resp.Diagnostics.HasError() {
			t.Errorf("%v should not be validated: %v", v, resp.Diagnostics)
		}
	}
}

func newDiags() diag.Diagnostics { return diag.Diagnostics{} }
