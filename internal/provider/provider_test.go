package provider

import (
	"context"
	"net"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// configureWith runs the provider's Configure on a configuration built from
// raw attribute values (absent ones are null).
func configureWith(t *testing.T, values map[string]tftypes.Value) *provider.ConfigureResponse {
	t.Helper()
	ctx := context.Background()
	p := New("test")()
	var schemaResp provider.SchemaResponse
	p.Schema(ctx, provider.SchemaRequest{}, &schemaResp)
	typ := schemaResp.Schema.Type().TerraformType(ctx).(tftypes.Object)
	attrs := map[string]tftypes.Value{}
	for name, at := range typ.AttributeTypes {
		attrs[name] = tftypes.NewValue(at, nil)
		if v, ok := values[name]; ok {
			attrs[name] = v
		}
	}
	req := provider.ConfigureRequest{Config: tfsdk.Config{Schema: schemaResp.Schema, Raw: tftypes.NewValue(typ, attrs)}}
	resp := &provider.ConfigureResponse{}
	p.Configure(ctx, req, resp)
	return resp
}

func TestConfigureSkipsUnknownValues(t *testing.T) {
	resp := configureWith(t, map[string]tftypes.Value{
		"endpoint": tftypes.NewValue(tftypes.String, tftypes.UnknownValue),
	})
	if resp.Diagnostics.HasError() {
		t.Fatalf("unknown values must not fail: %v", resp.Diagnostics)
	}
	if resp.ResourceData != nil || resp.DataSourceData != nil {
		t.Fatal("no backend may be handed over before the configuration is known")
	}
}

func TestConfigureReportsUnreachableSimulator(t *testing.T) {
	// A port that was just free: nothing answers there.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	_ = ln.Close()

	resp := configureWith(t, map[string]tftypes.Value{
		"endpoint":   tftypes.NewValue(tftypes.String, "http://"+addr),
		"token":      tftypes.NewValue(tftypes.String, "secret-token-value"),
		"state_dir":  tftypes.NewValue(tftypes.String, t.TempDir()),
		"auto_start": tftypes.NewValue(tftypes.Bool, false),
	})
	if !resp.Diagnostics.HasError() {
		t.Fatal("an unreachable simulator must be reported")
	}
	if resp.ResourceData != nil {
		t.Fatal("no backend may be handed over after an error")
	}
	for _, d := range resp.Diagnostics {
		if strings.Contains(d.Detail(), "secret-token-value") {
			t.Fatalf("the token leaked into a diagnostic: %s", d.Detail())
		}
	}
}

func TestConfigureConnectsToSimulator(t *testing.T) {
	s := startTestSim(t, 0)
	resp := configureWith(t, map[string]tftypes.Value{
		"endpoint":   tftypes.NewValue(tftypes.String, "http://"+s.addr),
		"token":      tftypes.NewValue(tftypes.String, s.token),
		"auto_start": tftypes.NewValue(tftypes.Bool, false),
	})
	if resp.Diagnostics.HasError() {
		t.Fatalf("configure: %v", resp.Diagnostics)
	}
	b := backendFrom(resp.ResourceData, &resp.Diagnostics)
	if b == nil {
		t.Fatal("the backend must be handed to resources")
	}
	regions, err := b.Regions(context.Background())
	if err != nil || len(regions) == 0 {
		t.Fatalf("the handed-over backend should work: %d regions, %v", len(regions), err)
	}
}
