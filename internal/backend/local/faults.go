package local

import (
	"context"
	"net/http"
	"net/url"
	"time"

	"github.com/geocache/terraform-provider-geocache/internal/sim/simapi"
)

// Faults returns the partitions and latency overrides in force.
func (c *Client) Faults(ctx context.Context) (*simapi.Faults, error) {
	var f simapi.Faults
	if err := c.do(ctx, http.MethodGet, simapi.PathFaults, nil, &f, nil); err != nil {
		return nil, err
	}
	return &f, nil
}

// Partition cuts the links between two regions, both ways.
func (c *Client) Partition(ctx context.Context, a, b string) (*simapi.Faults, error) {
	var f simapi.Faults
	if err := c.do(ctx, http.MethodPost, simapi.PathPartitions, simapi.RegionPair{A: a, B: b}, &f, nil); err != nil {
		return nil, err
	}
	return &f, nil
}

// Heal restores the links between two regions; with both empty, every
// partition is healed.
func (c *Client) Heal(ctx context.Context, a, b string) (*simapi.Faults, error) {
	var in any
	if a != "" || b != "" {
		in = simapi.RegionPair{A: a, B: b}
	}
	var f simapi.Faults
	if err := c.do(ctx, http.MethodDelete, simapi.PathPartitions, in, &f, nil); err != nil {
		return nil, err
	}
	return &f, nil
}

// SetLatency overrides the one-way latency between two regions.
func (c *Client) SetLatency(ctx context.Context, a, b string, d time.Duration) (*simapi.Faults, error) {
	var f simapi.Faults
	in := simapi.LatencySetting{A: a, B: b, Latency: d.String()}
	if err := c.do(ctx, http.MethodPut, simapi.PathLatency, in, &f, nil); err != nil {
		return nil, err
	}
	return &f, nil
}

// ResetLatency returns two regions to their base latency; with both empty,
// every override is removed.
func (c *Client) ResetLatency(ctx context.Context, a, b string) (*simapi.Faults, error) {
	var in any
	if a != "" || b != "" {
		in = simapi.RegionPair{A: a, B: b}
	}
	var f simapi.Faults
	if err := c.do(ctx, http.MethodDelete, simapi.PathLatency, in, &f, nil); err != nil {
		return nil, err
	}
	return &f, nil
}

// Flush empties a cache, and in a group every member.
func (c *Client) Flush(ctx context.Context, cache string) (*simapi.FlushResult, error) {
	var r simapi.FlushResult
	path := simapi.PathCaches + "/" + url.PathEscape(cache) + simapi.FlushSuffix
	if err := c.do(ctx, http.MethodPost, path, nil, &r, nil); err != nil {
		return nil, err
	}
	return &r, nil
}
