package provider

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/geocache/terraform-provider-geocache/internal/backend"
	"github.com/geocache/terraform-provider-geocache/internal/ctxtime"
)

// Polling reads at once, then starts fast, because the simulator usually
// finishes within tens of milliseconds, and backs off towards the pace a
// cloud API tolerates. Growing by half rather than doubling keeps the time
// between a change and the read that sees it within a third of the wait so
// far: a few more reads of a slow cloud operation (29 in its first minute
// rather than 20), much less idle time after a fast one.
const (
	pollInitial = 5 * time.Millisecond
	pollMax     = 5 * time.Second
)

// nextPollDelay grows d by half, from pollInitial up to pollMax.
func nextPollDelay(d time.Duration) time.Duration {
	if d <= 0 {
		return pollInitial
	}
	if next := d + d/2; next < pollMax {
		return next
	}
	return pollMax
}

// Why a wait for a cache ended without it becoming ready, besides the
// context ending (context.DeadlineExceeded) or a failed read.
var (
	errCacheGone   = errors.New("cache disappeared")
	errCacheFailed = errors.New("cache failed to provision")
)

// waitCacheReady polls until the cache has finished provisioning and is
// linked to every other member of its group. It returns the last cache seen
// even on error, so a caller can save what exists.
func waitCacheReady(ctx context.Context, b backend.CacheBackend, id string) (*backend.Cache, error) {
	var last *backend.Cache
	delay := time.Duration(0)
	for {
		c, err := findCacheByID(ctx, b, id)
		switch {
		case backend.IsNotFound(err):
			return last, fmt.Errorf("%w: cache %q no longer exists; it was deleted while waiting for it to become ready", errCacheGone, id)
		case err != nil && ctx.Err() != nil:
			return last, stuckError(id, last, ctx.Err())
		case err != nil:
			return last, fmt.Errorf("reading cache %q while waiting for it to become ready: %w", id, err)
		}
		last = c
		if c.Ready() {
			return c, nil
		}
		if c.ProvisioningState == backend.StateFailed {
			return c, fmt.Errorf("%w: cache %q has provisioning state %q (geo-replication state %q)",
				errCacheFailed, id, c.ProvisioningState, c.GeoReplicationState)
		}
		tflog.Trace(ctx, "cache not ready yet", map[string]any{
			"cache_id":              id,
			"provisioning_state":    c.ProvisioningState,
			"geo_replication_state": c.GeoReplicationState,
		})
		delay = nextPollDelay(delay)
		if err := ctxtime.Sleep(ctx, delay); err != nil {
			return last, stuckError(id, last, err)
		}
	}
}

// stuckError says which state a wait gave up in.
func stuckError(id string, last *backend.Cache, cause error) error {
	if last == nil {
		return fmt.Errorf("gave up waiting for cache %q before reading it once: %w", id, cause)
	}
	return fmt.Errorf("gave up waiting for cache %q: stuck with provisioning state %q and geo-replication state %q: %w",
		id, last.ProvisioningState, last.GeoReplicationState, cause)
}

// waitCacheDeleted polls until the backend no longer knows the cache.
func waitCacheDeleted(ctx context.Context, b backend.CacheBackend, id string) error {
	var last *backend.Cache
	delay := time.Duration(0)
	for {
		c, err := findCacheByID(ctx, b, id)
		switch {
		case backend.IsNotFound(err):
			return nil
		case err != nil && ctx.Err() != nil:
			return stuckError(id, last, ctx.Err())
		case err != nil:
			return fmt.Errorf("reading cache %q while waiting for its deletion: %w", id, err)
		}
		last = c
		if c.ProvisioningState == backend.StateFailed {
			return fmt.Errorf("deleting cache %q failed: provisioning state %q", id, c.ProvisioningState)
		}
		delay = nextPollDelay(delay)
		if err := ctxtime.Sleep(ctx, delay); err != nil {
			return stuckError(id, last, err)
		}
	}
}
