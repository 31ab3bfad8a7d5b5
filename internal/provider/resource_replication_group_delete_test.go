package provider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Deleting a replication group that is already gone succeeds, as for a
// cache: the goal of the delete is reached.
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
	st := stateFor(t, ctx, sch.Schema, &state)
	resp := &resource.DeleteResponse{State: st}
	r.Delete(ctx, resource.DeleteRequest{State: st}, resp)
	if resp.Diagnostics.HasError() {
		t.Fatalf("delete of a missing group: %v", resp.Diagnostics)
	}
}
