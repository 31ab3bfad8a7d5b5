// Package local is the provider's client of the embedded multi-region
// simulator's control plane. It finds the simulator the same way the `sim`
// command line does, and can start it when nothing answers on loopback.
package local

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/geocache/terraform-provider-geocache/internal/sim/simapi"
)

// Config says where the simulator is and how to reach it. Empty fields are
// filled by Resolve.
type Config struct {
	// Endpoint is the control plane's base URL; "host:port" means http.
	// "" -> $GEOCACHE_ENDPOINT -> http://127.0.0.1:7450.
	Endpoint string
	// Token is the bearer token. "" -> $GEOCACHE_TOKEN -> STATE_DIR/token,
	// which Connect reads after any auto-start (the daemon may create it).
	Token string
	// StateDir holds the daemon's state, token file and log.
	// "" -> $GEOCACHE_STATE_DIR -> ~/.geocache.
	StateDir string
	// AutoStart starts the simulator when nothing answers at a loopback
	// endpoint.
	AutoStart bool
	// Executable is the binary auto-start runs as
	// `EXE sim serve --listen HOST:PORT --state-dir DIR`; "" -> os.Executable().
	Executable string
	// HTTPClient is used for every request; nil -> a client with timeouts
	// that does not follow redirects.
	HTTPClient *http.Client
}

// Resolve fills the empty fields of cfg from the environment and defaults,
// and normalises Endpoint and StateDir. Token stays empty when neither cfg
// nor the environment gives one: the token file is read by Connect.
func Resolve(cfg Config) (Config, error) {
	if cfg.Endpoint == "" {
		cfg.Endpoint = os.Getenv(simapi.EnvEndpoint)
	}
	if cfg.Endpoint == "" {
		cfg.Endpoint = "http://" + simapi.DefaultAddr
	}
	endpoint, err := normaliseEndpoint(cfg.Endpoint)
	if err != nil {
		return cfg, err
	}
	cfg.Endpoint = endpoint

	if cfg.Token == "" {
		cfg.Token = strings.TrimSpace(os.Getenv(simapi.EnvToken))
	}

	dir, err := StateDir(cfg.StateDir)
	if err != nil {
		return cfg, err
	}
	cfg.StateDir = dir

	if cfg.HTTPClient == nil {
		cfg.HTTPClient = defaultHTTPClient()
	}
	return cfg, nil
}

// normaliseEndpoint turns "host:port" or a URL into a base URL without a
// trailing slash, rejecting anything the client could not talk to.
func normaliseEndpoint(raw string) (string, error) {
	s := strings.TrimSpace(raw)
	if !strings.Contains(s, "://") {
		s = "http://" + s
	}
	u, err := url.Parse(s)
	if err != nil {
		return "", fmt.Errorf("invalid simulator endpoint %q: %w", raw, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return "", fmt.Errorf("invalid simulator endpoint %q: scheme must be http or https", raw)
	}
	if u.Hostname() == "" {
		return "", fmt.Errorf("invalid simulator endpoint %q: no host", raw)
	}
	if u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return "", fmt.Errorf("invalid simulator endpoint %q: give only scheme, host, port and an optional path", raw)
	}
	return strings.TrimRight(u.String(), "/"), nil
}

// StateDir resolves a state dir as Resolve does: dir, else
// $GEOCACHE_STATE_DIR, else ~/.geocache. A leading "~" is expanded
// (Terraform configurations often hold one) and the path made absolute, so
// a detached daemon started from another working directory uses the same
// folder.
func StateDir(dir string) (string, error) {
	if dir == "" {
		dir = os.Getenv(simapi.EnvStateDir)
	}
	if dir == "" || dir == "~" || strings.HasPrefix(dir, "~/") {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", fmt.Errorf("cannot find the home directory for the default state dir (set %s): %w", simapi.EnvStateDir, err)
		}
		switch {
		case dir == "":
			dir = filepath.Join(home, simapi.DefaultDir)
		case dir == "~":
			dir = home
		default:
			dir = filepath.Join(home, dir[2:])
		}
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", fmt.Errorf("invalid state dir %q: %w", dir, err)
	}
	return abs, nil
}

func defaultHTTPClient() *http.Client {
	transport := http.DefaultTransport.(*http.Transport).Clone()
	transport.DialContext = (&net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}).DialContext
	transport.ResponseHeaderTimeout = 60 * time.Second
	// Terraform runs up to ten operations at once (more with -parallelism),
	// all against one host: keep their connections open between requests
	// instead of the default two, which made most requests dial anew.
	transport.MaxIdleConnsPerHost = 64
	return &http.Client{
		Transport: transport,
		// A redirect means something other than the simulator answered;
		// following it could carry the bearer token elsewhere.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// tokenPath is where the daemon keeps its token.
func tokenPath(stateDir string) string { return filepath.Join(stateDir, simapi.TokenFile) }

// logPath is where an auto-started daemon writes its output.
func logPath(stateDir string) string { return filepath.Join(stateDir, "sim.log") }

// readTokenFile returns the token the daemon stored in the state dir.
func readTokenFile(stateDir string) (string, error) {
	b, err := os.ReadFile(tokenPath(stateDir))
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return "", fmt.Errorf("no simulator token: set the provider's token attribute or %s, or run the simulator with state dir %s so it writes %s",
				simapi.EnvToken, stateDir, tokenPath(stateDir))
		}
		return "", fmt.Errorf("reading the simulator token: %w", err)
	}
	tok := strings.TrimSpace(string(b))
	if tok == "" {
		return "", fmt.Errorf("simulator token file %s is empty", tokenPath(stateDir))
	}
	return tok, nil
}

// isLoopbackHost reports whether host names this machine, the only place
// auto-start may put a daemon.
func isLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
