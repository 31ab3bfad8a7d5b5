package azure

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"

	"github.com/geocache/terraform-provider-geocache/internal/ctxtime"
)

func sprintErr(format string, arg any, err error) error {
	return fmt.Errorf(format+": %w", arg, err)
}

// send issues one ARM request; path is a resource path or an absolute
// nextLink. The caller owns the response.
func (c *Client) send(ctx context.Context, method, path string, body any) (*http.Response, error) {
	u := path
	if len(path) > 0 && path[0] == '/' {
		u = c.endpoint + path
	}
	req, err := runtime.NewRequest(ctx, method, u)
	if err != nil {
		return nil, err
	}
	q := req.Raw().URL.Query()
	if q.Get("api-version") == "" {
		q.Set("api-version", apiVersion)
		req.Raw().URL.RawQuery = q.Encode()
	}
	req.Raw().Header.Set("Accept", "application/json")
	if body != nil {
		if err := runtime.MarshalAsJSON(req, body); err != nil {
			return nil, err
		}
	}
	return c.pl.Do(req)
}

// call sends a request expecting one of ok and decodes the body into out.
func (c *Client) call(ctx context.Context, method, path string, body, out any, subject string, ok ...int) error {
	resp, err := c.send(ctx, method, path, body)
	if err != nil {
		return fmt.Errorf("%s: %w", subject, err)
	}
	if !runtime.HasStatusCode(resp, ok...) {
		return armError(resp, subject)
	}
	if out == nil {
		return nil
	}
	if err := runtime.UnmarshalAsJSON(resp, out); err != nil {
		return fmt.Errorf("%s: decoding the response: %w", subject, err)
	}
	return nil
}

// longRunning starts an ARM long-running operation and waits for it to
// finish, polling the Azure-AsyncOperation (or Location) URL it returns.
func (c *Client) longRunning(ctx context.Context, method, path string, body any, subject string) error {
	poller, err := c.startOperation(ctx, method, path, body, subject)
	if err != nil {
		return err
	}
	return c.awaitOperation(ctx, poller, subject)
}

// startOperation sends the request of a long-running operation. An error
// means ARM did not accept it (or never answered), so nothing was started.
func (c *Client) startOperation(ctx context.Context, method, path string, body any, subject string) (*runtime.Poller[json.RawMessage], error) {
	resp, err := c.send(ctx, method, path, body)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", subject, err)
	}
	if !runtime.HasStatusCode(resp, http.StatusOK, http.StatusCreated, http.StatusAccepted, http.StatusNoContent) {
		return nil, armError(resp, subject)
	}
	opts := &runtime.NewPollerOptions[json.RawMessage]{}
	if method == http.MethodPost {
		opts.FinalStateVia = runtime.FinalStateViaAzureAsyncOp
	}
	poller, err := runtime.NewPoller(resp, c.pl, opts)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", subject, err)
	}
	return poller, nil
}

// awaitOperation polls an accepted operation until it finishes.
func (c *Client) awaitOperation(ctx context.Context, poller *runtime.Poller[json.RawMessage], subject string) error {
	// Polled here rather than with PollUntilDone so the interval can be
	// shorter than azcore's one-second floor in tests and every pause
	// honours ctx the same way as the other waits.
	for !poller.Done() {
		resp, err := poller.Poll(ctx)
		if err != nil {
			return lroError(err, subject)
		}
		if poller.Done() {
			break
		}
		if err := ctxtime.Sleep(ctx, retryAfter(resp, c.pollInterval)); err != nil {
			return fmt.Errorf("%s: waiting for the operation: %w", subject, err)
		}
	}
	if _, err := poller.Result(ctx); err != nil {
		return lroError(err, subject)
	}
	return nil
}

// retryAfter honours a Retry-After in seconds on a status response.
func retryAfter(resp *http.Response, def time.Duration) time.Duration {
	if resp == nil {
		return def
	}
	if s, err := strconv.Atoi(resp.Header.Get("Retry-After")); err == nil && s > 0 {
		return time.Duration(s) * time.Second
	}
	return def
}

// waitFor calls check every poll interval until it reports done or fails,
// or ctx ends; what describes the wait in the error.
func (c *Client) waitFor(ctx context.Context, what string, check func(context.Context) (bool, error)) error {
	for {
		done, err := check(ctx)
		if err != nil {
			return err
		}
		if done {
			return nil
		}
		if err := ctxtime.Sleep(ctx, c.pollInterval); err != nil {
			return fmt.Errorf("waiting for %s: %w", what, err)
		}
	}
}
