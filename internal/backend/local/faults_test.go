package local_test

import (
	"errors"
	"testing"
	"time"

	"github.com/geocache/terraform-provider-geocache/internal/backend"
)

func TestFaultsRoundTrip(t *testing.T) {
	srv, dir := startSim(t)
	c := connect(t, srv, dir)
	ctx := testContext(t)
	f, err := c.Partition(ctx, "westeurope", "eastus")
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Partitions) != 1 || f.Partitions[0].A != "eastus" || f.Partitions[0].B != "westeurope" {
		t.Fatalf("after partition: %+v", f)
	}
	if f, err = c.SetLatency(ctx, "eastus", "southeastasia", 120*time.Millisecond); err != nil {
		t.Fatal(err)
	}
	if len(f.Overrides) != 1 || f.Overrides[0].Latency != "120ms" {
		t.Fatalf("after latency: %+v", f)
	}
	if f, err = c.Heal(ctx, "eastus", "westeurope"); err != nil || len(f.Partitions) != 0 {
		t.Fatalf("after heal: %+v, %v", f, err)
	}
	if _, err = c.Partition(ctx, "eastus", "westeurope"); err != nil {
		t.Fatal(err)
	}
	if f, err = c.Heal(ctx, "", ""); err != nil || len(f.Partitions) != 0 {
		t.Fatalf("after heal all: %+v, %v", f, err)
	}
	if f, err = c.ResetLatency(ctx, "", ""); err != nil || len(f.Overrides) != 0 {
		t.Fatalf("after reset: %+v, %v", f, err)
	}
	if f, err = c.Faults(ctx); err != nil || f.Latency != "off" {
		t.Fatalf("faults: %+v, %v", f, err)
	}
	_, err = c.Partition(ctx, "eastus", "atlantis")
	if !errors.Is(err, backend.ErrInvalid) {
		t.Fatalf("unknown region: %v, want ErrInvalid", err)
	}
}

func TestFlushStandaloneAndMissing(t *testing.T) {
	srv, dir := startSim(t)
	c := connect(t, srv, dir)
	ctx := testContext(t)
	if _, err := c.CreateCache(ctx, backend.CacheSpec{Name: "solo", Region: "eastus", SKU: "Balanced_B1"}); err != nil {
		t.Fatal(err)
	}
	r, err := c.Flush(ctx, "solo")
	if err != nil || len(r.Flushed) != 1 || r.Flushed[0] != "solo" {
		t.Fatalf("flush: %+v, %v", r, err)
	}
	if _, err := c.Flush(ctx, "nope"); !errors.Is(err, backend.ErrNotFound) {
		t.Fatalf("flush of a missing cache: %v", err)
	}
}
