package provider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

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
