package provider

import (
	"context"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/geocache/terraform-provider-geocache/internal/backend"
	"github.com/geocache/terraform-provider-geocache/internal/backend/azure"
	"github.com/geocache/terraform-provider-geocache/internal/sim/simapi"
)

// Environment variables the provider block falls back to.
const (
	envBackend   = "GEOCACHE_BACKEND"
	envEndpoint  = simapi.EnvEndpoint
	envToken     = simapi.EnvToken
	envStateDir  = simapi.EnvStateDir
	envAutoStart = "GEOCACHE_AUTO_START"

	defaultBackend   = backendLocal
	defaultLocalAddr = simapi.DefaultAddr
)

// backendSettings is the provider configuration once environment fallbacks
// and defaults are applied.
type backendSettings struct {
	Backend   string
	Endpoint  string
	Token     string
	StateDir  string
	AutoStart bool
	// Azure is resolved only for the azure backend.
	Azure azure.Config
}

// connector builds one kind of backend from resolved settings.
type connector func(ctx context.Context, s backendSettings) (backend.Backend, error)

// connectors maps each backend name to how it is built; adding a backend is
// adding an entry here (and its attributes to the schema).
var connectors = map[string]connector{
	backendLocal: connectLocal,
	backendAzure: connectAzure,
}

func backendNames() []string {
	names := make([]string, 0, len(connectors))
	for n := range connectors {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

func connectBackend(ctx context.Context, s backendSettings) (backend.Backend, error) {
	connect, ok := connectors[s.Backend]
	if !ok {
		return nil, fmt.Errorf("unsupported backend %q: expected one of %v", s.Backend, backendNames())
	}
	return connect(ctx, s)
}

func lookupEnv(key string) (string, bool) { return os.LookupEnv(key) }

func (m providerModel) hasUnknown() bool {
	return m.Backend.IsUnknown() || m.Endpoint.IsUnknown() || m.Token.IsUnknown() ||
		m.StateDir.IsUnknown() || m.AutoStart.IsUnknown() || m.Azure.hasUnknown()
}

// resolve applies, for each setting, the configured value, else the
// environment variable, else the default. env is injected so tests need not
// touch the process environment.
func (m providerModel) resolve(env func(string) (string, bool)) (backendSettings, diag.Diagnostics) {
	var diags diag.Diagnostics
	pick := func(v interface {
		IsNull() bool
		ValueString() string
	}, key, def string) string {
		if !v.IsNull() {
			return v.ValueString()
		}
		if e, ok := env(key); ok && e != "" {
			if key == envToken {
				// As the simulator's own clients read it: a token set
				// from a file or a heredoc often ends in a newline.
				if e = strings.TrimSpace(e); e == "" {
					return def
				}
			}
			return e
		}
		return def
	}
	s := backendSettings{
		Backend:   pick(m.Backend, envBackend, defaultBackend),
		Endpoint:  pick(m.Endpoint, envEndpoint, ""),
		Token:     pick(m.Token, envToken, ""),
		StateDir:  pick(m.StateDir, envStateDir, ""),
		AutoStart: true,
	}
	switch {
	case !m.AutoStart.IsNull():
		s.AutoStart = m.AutoStart.ValueBool()
	default:
		if e, ok := env(envAutoStart); ok && e != "" {
			v, err := strconv.ParseBool(e)
			if err != nil {
				diags.AddAttributeError(path.Root("auto_start"), "Invalid "+envAutoStart,
					fmt.Sprintf("%s=%q is not a boolean (true, false, 1, 0).", envAutoStart, e))
			}
			s.AutoStart = v
		}
	}
	if _, ok := connectors[s.Backend]; !ok {
		diags.AddAttributeError(path.Root("backend"), "Unsupported backend",
			fmt.Sprintf("Backend %q (from the provider block or %s) is not one of %v.", s.Backend, envBackend, backendNames()))
	}
	if s.Backend == backendAzure {
		var d diag.Diagnostics
		s.Azure, d = m.Azure.resolveAzure(env)
		diags.Append(d...)
	}
	diags.Append(m.validateForBackend(s.Backend, env)...)
	return s, diags
}

// validateForBackend refuses settings that the chosen backend would
// ignore: the azure block with the local backend, the simulator's settings
// with the azure one.
func (m providerModel) validateForBackend(name string, env func(string) (string, bool)) diag.Diagnostics {
	var diags diag.Diagnostics
	switch name {
	case backendLocal:
		if m.Azure != nil {
			diags.AddAttributeError(path.Root("azure"), "Azure settings given for the local backend",
				fmt.Sprintf("The azure block configures backend %q, but this provider uses backend %q (%s). "+
					"Set backend = %q, or remove the azure block.",
					backendAzure, backendLocal, m.backendSource(env), backendAzure))
		}
	case backendAzure:
		for _, a := range []struct {
			name string
			null bool
		}{
			{"endpoint", m.Endpoint.IsNull()}, {"token", m.Token.IsNull()},
			{"state_dir", m.StateDir.IsNull()}, {"auto_start", m.AutoStart.IsNull()},
		} {
			if !a.null {
				diags.AddAttributeError(path.Root(a.name), "Simulator setting given for the azure backend",
					fmt.Sprintf("%s configures the local simulator, but this provider uses backend %q (%s). "+
						"Remove it, or use backend = %q.", a.name, backendAzure, m.backendSource(env), backendLocal))
			}
		}
	}
	return diags
}

// backendAtPlan is the backend the configuration selects, or "" while the
// backend attribute is unknown.
func (m providerModel) backendAtPlan(env func(string) (string, bool)) string {
	switch {
	case m.Backend.IsUnknown():
		return ""
	case !m.Backend.IsNull():
		return m.Backend.ValueString()
	}
	if e, ok := env(envBackend); ok && e != "" {
		return e
	}
	return defaultBackend
}

// backendSource says where the backend choice came from, for messages.
func (m providerModel) backendSource(env func(string) (string, bool)) string {
	if !m.Backend.IsNull() {
		return "set by the backend attribute"
	}
	if e, ok := env(envBackend); ok && e != "" {
		return "set by " + envBackend
	}
	return "the default when neither backend nor " + envBackend + " is set"
}
