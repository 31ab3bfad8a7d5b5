package provider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
)

// described is what every schema attribute of any kind offers.
type described interface {
	GetMarkdownDescription() string
	GetDescription() string
}

// Docs are generated from the schemas, so every attribute must say what it
// is, and every schema must be one the framework accepts.
func TestSchemasAreValidAndDocumented(t *testing.T) {
	ctx := context.Background()
	p := New("test")()

	var ps provider.SchemaResponse
	p.Schema(ctx, provider.SchemaRequest{}, &ps)
	if ps.Diagnostics.HasError() {
		t.Fatalf("provider schema: %v", ps.Diagnostics)
	}
	for name, a := range ps.Schema.Attributes {
		requireDescribed(t, "provider."+name, a)
	}

	for _, f := range p.Resources(ctx) {
		r := f()
		var meta resource.MetadataResponse
		r.Metadata(ctx, resource.MetadataRequest{ProviderTypeName: "geocache"}, &meta)
		var rs resource.SchemaResponse
		r.Schema(ctx, resource.SchemaRequest{}, &rs)
		if diags := rs.Schema.ValidateImplementation(ctx); diags.HasError() {
			t.Errorf("%s schema: %v", meta.TypeName, diags)
		}
		if rs.Schema.MarkdownDescription == "" {
			t.Errorf("%s has no description", meta.TypeName)
		}
		for name, a := range rs.Schema.Attributes {
			requireDescribed(t, meta.TypeName+"."+name, a)
		}
	}

	for _, f := range p.DataSources(ctx) {
		d := f()
		var meta datasource.MetadataResponse
		d.Metadata(ctx, datasource.MetadataRequest{ProviderTypeName: "geocache"}, &meta)
		var ds datasource.SchemaResponse
		d.Schema(ctx, datasource.SchemaRequest{}, &ds)
		if diags := ds.Schema.ValidateImplementation(ctx); diags.HasError() {
			t.Errorf("data %s schema: %v", meta.TypeName, diags)
		}
		if ds.Schema.MarkdownDescription == "" {
			t.Errorf("data %s has no description", meta.TypeName)
		}
		for name, a := range ds.Schema.Attributes {
			requireDescribed(t, "data."+meta.TypeName+"."+name, a)
		}
	}
}

func requireDescribed(t *testing.T, where string, a any) {
	t.Helper()
	d, ok := a.(described)
	if !ok {
		t.Errorf("%s: attribute of type %T cannot be checked", where, a)
		return
	}
	if d.GetMarkdownDescription() == "" && d.GetDescription() == "" {
		t.Errorf("%s has no description", where)
	}
	var children map[string]any
	switch n := a.(type) {
	case rschema.ListNestedAttribute:
		children = anyMap(n.NestedObject.Attributes)
	case rschema.SingleNestedAttribute:
		children = anyMap(n.Attributes)
	case dschema.ListNestedAttribute:
		children = anyMap(n.NestedObject.Attributes)
	}
	for name, c := range children {
		requireDescribed(t, where+"."+name, c)
	}
}

func anyMap[V any](m map[string]V) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}
