package provider

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/geocache/terraform-provider-geocache/internal/backend"
)

// Against a simulator whose caches stay Creating for a long while, the waits
// give up when their context ends and say where the cache was stuck.
func TestWaitCacheReadyHonoursContext(t *testing.T) {
	s := startTestSim(t, time.Hour)
	b := s.client(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := b.CreateCache(ctx, backend.CacheSpec{Name: "slow", Region: "eastus", SKU: "Balanced_B3"}); err != nil {
		t.Fatalf("create: %v", err)
	}

	short, cancelShort := context.WithTimeout(ctx, 300*time.Millisecond)
	defer cancelShort()
	start := time.Now()
	last, err := waitCacheReady(short, b, "slow")
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("want a deadline error, got %v", err)
	}
	if !strings.Contains(err.Error(), `provisioning state "Creating"`) {
		t.Fatalf("error should name the state it was stuck in: %v", err)
	}
	if last == nil || last.ID != "slow" {
		t.Fatalf("the last cache seen should be returned, got %+v", last)
	}
	if took := time.Since(start); took > 2*time.Second {
		t.Fatalf("wait overran its context: %s", took)
	}
}

func TestWaitCacheDeletedMissingCache(t *testing.T) {
	s := startTestSim(t, 0)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := waitCacheDeleted(ctx, s.client(t), "never-existed"); err != nil {
		t.Fatalf("a missing cache is deleted: %v", err)
	}
}

func TestWaitCacheReadyMissingCache(t *testing.T) {
	s := startTestSim(t, 0)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := waitCacheReady(ctx, s.client(t), "never-existed"); err == nil || !strings.Contains(err.Error(), "disappeared") {
		t.Fatalf("want a disappeared error, got %v", err)
	}
}
