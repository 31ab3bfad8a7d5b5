// Package ctxtime holds waits that end early when their context does, so
// every poll and back-off loop stops promptly on cancellation.
package ctxtime

import (
	"context"
	"time"
)

// Sleep waits d or until ctx ends, whichever comes first, and returns
// ctx.Err() when the context ended. A d <= 0 does not wait.
func Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// SleepUntil waits until t and reports whether it got there before ctx
// ended.
func SleepUntil(ctx context.Context, t time.Time) bool {
	return Sleep(ctx, time.Until(t)) == nil
}
