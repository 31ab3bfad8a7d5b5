package provider

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"
)

func envOf(m map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

func nullModel() providerModel {
	return providerModel{
		Backend: types.StringNull(), Endpoint: types.StringNull(), Token: types.StringNull(),
		StateDir: types.StringNull(), AutoStart: types.BoolNull(),
	}
}

func TestResolveDefaults(t *testing.T) {
	s, diags := nullModel().resolve(envOf(nil))
	if diags.HasError() {
		t.Fatalf("unexpected diagnostics: %v", diags)
	}
	want := backendSettings{Backend: "local", AutoStart: true}
	if s != want {
		t.Fatalf("got %+v, want %+v", s, want)
	}
}

func TestResolveEnvironmentFallback(t *testing.T) {
	env := envOf(map[string]string{
		envBackend: "local", envEndpoint: "http://127.0.0.1:1", envToken: "t0k",
		envStateDir: "/tmp/x", envAutoStart: "false",
	})
	s, diags := nullModel().resolve(env)
	if diags.HasError() {
		t.Fatalf("unexpected diagnostics: %v", diags)
	}
	want := backendSettings{Backend: "local", Endpoint: "http://127.0.0.1:1", Token: "t0k", StateDir: "/tmp/x"}
	if s != want {
		t.Fatalf("got %+v, want %+v", s, want)
	}
}

func TestResolveConfigBeatsEnvironment(t *testing.T) {
	m := nullModel()
	m.Endpoint = types.StringValue("http://127.0.0.1:2")
	m.AutoStart = types.BoolValue(true)
	s, diags := m.resolve(envOf(map[string]string{envEndpoint: "http://127.0.0.1:1", envAutoStart: "0"}))
	if diags.HasError() {
		t.Fatalf("unexpected diagnostics: %v", diags)
	}
	if s.Endpoint != "http://127.0.0.1:2" || !s.AutoStart {
		t.Fatalf("configured values should win, got %+v", s)
	}
}

func TestResolveRejectsBadValues(t *testing.T) {
	_, diags := nullModel().resolve(envOf(map[string]string{envBackend: "nowhere", envAutoStart: "maybe"}))
	if got := len(diags.Errors()); got != 2 {
		t.Fatalf("want 2 errors (backend, auto_start), got %d: %v", got, diags)
	}
	var text []string
	for _, d := range diags.Errors() {
		text = append(text, d.Summary()+": "+d.Detail())
	}
	joined := strings.Join(text, "\n")
	for _, want := range []string{`"nowhere"`, `"maybe"`} {
		if !strings.Contains(joined, want) {
			t.Errorf("diagnostics should mention %s:\n%s", want, joined)
		}
	}
}

func TestHasUnknown(t *testing.T) {
	m := nullModel()
	if m.hasUnknown() {
		t.Fatal("null values are not unknown")
	}
	m.Token = types.StringUnknown()
	if !m.hasUnknown() {
		t.Fatal("an unknown token must be reported")
	}
}

// A token from the environment is trimmed, as the simulator's own command
// line and client trim it; a blank one counts as unset.
func TestResolveTrimsEnvironmentToken(t *testing.T) {
	s, diags := nullModel().resolve(envOf(map[string]string{envToken: "  t0k\n"}))
	if diags.HasError() {
		t.Fatalf("unexpected diagnostics: %v", diags)
	}
	if s.Token != "t0k" {
		t.Fatalf("token = %q, want %q", s.Token, "t0k")
	}
	s, _ = nullModel().resolve(envOf(map[string]string{envToken: " \n"}))
	if s.Token != "" {
		t.Fatalf("blank token = %q, want it unset", s.Token)
	}
}
