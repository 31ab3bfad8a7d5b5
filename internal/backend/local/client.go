package local

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/geocache/terraform-provider-geocache/internal/backend"
	"github.com/geocache/terraform-provider-geocache/internal/ctxtime"
	"github.com/geocache/terraform-provider-geocache/internal/sim/simapi"
)

// Client talks to one simulator's control plane.
type Client struct {
	endpoint  string
	token     string
	stateDir  string
	autoStart bool
	http      *http.Client
}

var _ backend.Backend = (*Client)(nil)

const (
	maxAttempts  = 4
	firstBackoff = 200 * time.Millisecond
	maxBody      = 8 << 20
	probeTimeout = 3 * time.Second
)

// Connect resolves cfg, checks that a simulator answers at the endpoint
// (starting one when allowed) and reads the token.
func Connect(ctx context.Context, cfg Config) (*Client, error) {
	cfg, err := Resolve(cfg)
	if err != nil {
		return nil, err
	}
	c := &Client{
		endpoint:  cfg.Endpoint,
		token:     cfg.Token,
		stateDir:  cfg.StateDir,
		autoStart: cfg.AutoStart,
		http:      cfg.HTTPClient,
	}
	if err := c.probe(ctx); err != nil {
		var down *unreachableError
		if !errors.As(err, &down) {
			return nil, err
		}
		if !cfg.AutoStart {
			return nil, fmt.Errorf("no geocache simulator answers at %s (auto_start is off): start one with `terraform-provider-geocache sim serve%s --state-dir %s` (%v)",
				c.endpoint, listenFlag(c.endpoint), c.stateDir, down.err)
		}
		if err := c.start(ctx, cfg.Executable); err != nil {
			return nil, err
		}
	}
	if c.token == "" {
		tok, err := readTokenFile(c.stateDir)
		if err != nil {
			return nil, err
		}
		c.token = tok
	}
	return c, nil
}

// Endpoint is the control plane's base URL.
func (c *Client) Endpoint() string { return c.endpoint }

// listenFlag is the --listen flag serve needs to answer at endpoint, empty
// for the default address.
func listenFlag(endpoint string) string {
	u, err := url.Parse(endpoint)
	if err != nil || u.Host == simapi.DefaultAddr {
		return ""
	}
	return " --listen " + u.Host
}

// unreachableError means nothing answered at the endpoint, as opposed to
// something answering that is not the simulator.
type unreachableError struct {
	endpoint string
	err      error
}

func (e *unreachableError) Error() string {
	return fmt.Sprintf("no answer from %s: %v", e.endpoint, e.err)
}

func (e *unreachableError) Unwrap() error { return e.err }

// probe asks /healthz once, so a daemon that is not there is found fast.
func (c *Client) probe(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, probeTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.endpoint+simapi.PathHealth, nil)
	if err != nil {
		return fmt.Errorf("building the health probe for %s: %w", c.endpoint, err)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return &unreachableError{endpoint: c.endpoint, err: err}
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		return &unreachableError{endpoint: c.endpoint, err: err}
	}
	var h simapi.Health
	if resp.StatusCode != http.StatusOK || json.Unmarshal(body, &h) != nil || h.Service != simapi.ServiceName {
		return fmt.Errorf("%s answered, but not as a geocache simulator (%s): another service holds that address; choose another endpoint",
			c.endpoint, describe(resp, body))
	}
	return nil
}

// do sends one control-plane request and decodes the answer into out.
// notFound is returned for a 404; nil means a 404 is reported like any
// other error. GETs are retried on transport errors and 503; writes only
// when the connection was refused, which proves nothing was sent.
func (c *Client) do(ctx context.Context, method, path string, in, out any, notFound *backend.NotFoundError) error {
	var payload []byte
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return fmt.Errorf("encoding the %s %s request: %w", method, path, err)
		}
		payload = b
	}
	backoff := firstBackoff
	for attempt := 1; ; attempt++ {
		resp, err := c.send(ctx, method, path, payload)
		last := attempt == maxAttempts
		switch {
		case err != nil:
			if ctx.Err() != nil {
				return fmt.Errorf("%s %s%s: %w", method, c.endpoint, path, ctx.Err())
			}
			if last || !(method == http.MethodGet || isDialError(err)) {
				return c.transportError(err)
			}
		case resp.StatusCode == http.StatusServiceUnavailable && method == http.MethodGet && !last:
			_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, maxBody))
			resp.Body.Close()
		default:
			defer resp.Body.Close()
			return c.decode(resp, out, notFound)
		}
		if err := ctxtime.Sleep(ctx, backoff); err != nil {
			return fmt.Errorf("%s %s%s: %w", method, c.endpoint, path, err)
		}
		backoff *= 2
	}
}

func (c *Client) send(ctx context.Context, method, path string, payload []byte) (*http.Response, error) {
	var body io.Reader
	if payload != nil {
		body = bytes.NewReader(payload)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.endpoint+path, body)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("Accept", "application/json")
	if payload != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	return c.http.Do(req)
}

func (c *Client) decode(resp *http.Response, out any, notFound *backend.NotFoundError) error {
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		return fmt.Errorf("reading the answer of %s: %w", c.endpoint, err)
	}
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		if out == nil {
			return nil
		}
		if err := json.Unmarshal(body, out); err != nil {
			return fmt.Errorf("unexpected answer from %s, not the simulator's JSON (%s): %w", c.endpoint, describe(resp, body), err)
		}
		return nil
	}
	var eb simapi.ErrorBody
	if json.Unmarshal(body, &eb) != nil || eb.Error.Code == "" {
		return fmt.Errorf("unexpected answer from %s, not a geocache simulator error (%s)", c.endpoint, describe(resp, body))
	}
	if resp.StatusCode == http.StatusUnauthorized {
		return &TokenError{Endpoint: c.endpoint, StateDir: c.stateDir, Message: eb.Error.Message}
	}
	if resp.StatusCode == http.StatusNotFound && notFound != nil {
		nf := *notFound
		return &nf
	}
	var kind error
	switch resp.StatusCode {
	case http.StatusConflict:
		kind = backend.ErrConflict
	case http.StatusBadRequest:
		kind = backend.ErrInvalid
	case http.StatusNotFound:
		kind = backend.ErrNotFound
	}
	return &backend.APIError{Kind: kind, StatusCode: resp.StatusCode, Code: eb.Error.Code, Message: eb.Error.Message}
}

// TokenError means the simulator refused the bearer token.
type TokenError struct {
	Endpoint string
	StateDir string
	Message  string // the simulator's own words
}

func (e *TokenError) Error() string {
	return fmt.Sprintf("the geocache simulator at %s rejected the token (%s): a token comes from the provider's token attribute, else %s, else the file %s written by the simulator running with that state dir",
		e.Endpoint, e.Message, simapi.EnvToken, tokenPath(e.StateDir))
}

func (c *Client) transportError(err error) error {
	if isDialError(err) {
		why := "auto_start is off"
		if c.autoStart {
			why = "the simulator stopped or could not be started"
		}
		return fmt.Errorf("cannot reach the geocache simulator at %s (%s; its log is %s): %w", c.endpoint, why, logPath(c.stateDir), err)
	}
	return fmt.Errorf("talking to the geocache simulator at %s: %w", c.endpoint, err)
}

// isDialError reports whether the request failed while connecting, before
// any byte of it was sent.
func isDialError(err error) bool {
	var op *net.OpError
	return errors.As(err, &op) && op.Op == "dial"
}

// describe summarises an unexpected answer for an error message.
func describe(resp *http.Response, body []byte) string {
	snippet := strings.Join(strings.Fields(string(body)), " ")
	if len(snippet) > 200 {
		snippet = snippet[:200] + "..."
	}
	s := fmt.Sprintf("HTTP %d", resp.StatusCode)
	if ct := resp.Header.Get("Content-Type"); ct != "" {
		s += ", " + ct
	}
	if snippet != "" {
		s += fmt.Sprintf(", %q", snippet)
	}
	return s
}
