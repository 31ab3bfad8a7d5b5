package provider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/geocache/terraform-provider-geocache/internal/backend"
)

// Deleting a cache that is already gone succeeds: the goal of a delete is
// reached, and failing would leave Terraform unable to forget it.
func TestCacheDeleteOfMissingCacheSucceeds(t *testing.T) {
	ctx := context.Background()
	s := startTestSim(t, 0)
	r := &cacheResource{backend: s.client(t)}

	var state cacheModel
	state.ID = types.StringValue("never-created")
	state.Name = types.StringValue("never-created")
	state.Region = types.StringValue("eastus")
	state.SKU = types.StringValue("Balanced_B3")
	state.ReplicationGroupID = types.StringNull()
	state.EvictionPolicy = types.StringValue("VolatileLRU")
	state.Tags = types.MapNull(types.StringType)
	state.LinkedCacheIDs = types.ListNull(types.StringType)
	state.Timeouts.Object = types.ObjectNull(timeoutsAttrTypes(ctx))

	resp := &resource.DeleteResponse{State: cacheStateFor(t, ctx, state)}
	r.Delete(ctx, resource.DeleteRequest{State: cacheStateFor(t, ctx, state)}, resp)
	if resp.Diagnostics.HasError() {
		t.Fatalf("delete of a missing cache: %v", resp.Diagnostics)
	}
	if _, err := r.backend.GetCache(ctx, "never-created"); !backend.IsNotFound(err) {
		t.Fatalf("GetCache after delete = %v, want not found", err)
	}
}

// The same holds for a replication group.
func TestReplicationGroupDeleteOfMissingGroupSucceeds(t *testing.T) {
	ctx := context.Background()
	s := startTestSim(t, 0)
	r := &replicationGroupResource{backend: s.client(t)}
	var sch resource.SchemaResponse
	r.Schema(ctx, resource.SchemaRequest{}, &sch)

	state := replicationGroupModel{
		ID:      types.StringValue("never-created"),
		Name:    types.StringValue("never-created"),
		Members: types.ListNull(types.ObjectType{AttrTypes: memberAttrTypes}),
	}
	state.Timeouts.Object = types.ObjectNull(map[string]attr.Type{"create": types.StringType, "delete": types.StringType})
	st := tfsdk.State{Schema: sch.Schema, Raw: tftypes.NewValue(sch.Schema.Type().TerraformType(ctx), nil)}
	if d := st.Set(ctx, &state); d.HasError() {
		t.Fatalf("building state: %v", d)
	}
	resp := &resource.DeleteResponse{State: st}
	r.Delete(ctx, resource.DeleteRequest{State: st}, resp)
	if resp.Diagnostics.HasError() {
		t.Fatalf("delete of a missing group: %v", resp.Diagnostics)
	}
}
