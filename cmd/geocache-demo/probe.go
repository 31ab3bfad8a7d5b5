package main

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/redis/go-redis/v9/maintnotifications"
)

// result is what the check of one cache found.
type result struct {
	wroteAndRead bool
	peers        int           // other caches whose write this cache was asked to see
	seen         int           // of those, how many it saw before the deadline
	slowest      time.Duration // longest wait for a peer's write to arrive
	err          error
}

func demoKey(name string) string { return "geocache-demo:" + name }

func newClient(c cache) *redis.Client {
	return redis.NewClient(&redis.Options{
		Addr:     c.endpoint(),
		Password: c.key,
		// The simulator speaks RESP2 with plain AUTH; asking for RESP3, client
		// identity or maintenance notifications would only add round trips
		// that it refuses.
		Protocol:                 2,
		DisableIdentity:          true,
		MaintNotificationsConfig: &maintnotifications.Config{Mode: maintnotifications.ModeDisabled},
		DialTimeout:              5 * time.Second,
		ReadTimeout:              5 * time.Second,
		WriteTimeout:             5 * time.Second,
		MaxRetries:               2,
	})
}

// probe writes one key per cache, reads it back, then waits until every cache
// has received the key written on each of the others. The peers are all the
// other caches in the outputs, not their linked_cache_ids: those are as of
// the last refresh, and a member that joined later would be left unchecked.
// A cache whose own write failed is no one's peer (it is reported already,
// and its key will never arrive). The value carries a fresh nonce so a rerun
// proves replication again instead of reading old data.
func probe(ctx context.Context, caches []cache, timeout time.Duration) []result {
	nonce := strconv.FormatInt(time.Now().UnixNano(), 36)
	want := func(c cache) string { return fmt.Sprintf("written in %s (%s)", c.Region, nonce) }

	clients := make([]*redis.Client, len(caches))
	for i, c := range caches {
		clients[i] = newClient(c)
	}
	defer func() {
		for _, cl := range clients {
			_ = cl.Close()
		}
	}()

	results := make([]result, len(caches))
	var wg sync.WaitGroup
	for i, c := range caches {
		wg.Go(func() {
			wctx, cancel := context.WithTimeout(ctx, timeout)
			defer cancel()
			if err := clients[i].Set(wctx, demoKey(c.Name), want(c), 0).Err(); err != nil {
				results[i].err = fmt.Errorf("write: %w", err)
				return
			}
			got, err := clients[i].Get(wctx, demoKey(c.Name)).Result()
			if err != nil {
				results[i].err = fmt.Errorf("read: %w", err)
				return
			}
			if got != want(c) {
				results[i].err = fmt.Errorf("read back %q, wrote %q", got, want(c))
				return
			}
			results[i].wroteAndRead = true
		})
	}
	wg.Wait()

	start := time.Now()
	for i := range caches {
		if results[i].err != nil {
			continue
		}
		wg.Go(func() {
			rctx, cancel := context.WithTimeout(ctx, timeout)
			defer cancel()
			for j, peer := range caches {
				if j == i || !results[j].wroteAndRead {
					continue
				}
				results[i].peers++
				if err := waitFor(rctx, clients[i], demoKey(peer.Name), want(peer)); err != nil {
					results[i].err = fmt.Errorf("write from %s not seen: %w", peer.Name, err)
					continue
				}
				results[i].seen++
				if d := time.Since(start); d > results[i].slowest {
					results[i].slowest = d
				}
			}
		})
	}
	wg.Wait()
	return results
}

// summary is the closing line for a run in which no cache failed: what was
// actually checked, from the results.
func summary(caches []cache, results []result) string {
	if len(caches) < 2 {
		return "The cache accepted a write and read it back; with no other cache there was no replication to check."
	}
	least := -1
	for _, r := range results {
		if least < 0 || r.seen < least {
			least = r.seen
		}
	}
	if least == len(caches)-1 {
		return fmt.Sprintf("Each of the %d caches accepted a write and saw the writes of all %d others: "+
			"the group is active-active.", len(caches), least)
	}
	return fmt.Sprintf("Each of the %d caches accepted a write, but some saw the writes of only %d of the %d others.",
		len(caches), least, len(caches)-1)
}

func waitFor(ctx context.Context, cl *redis.Client, key, want string) error {
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for {
		got, err := cl.Get(ctx, key).Result()
		if err == nil && got == want {
			return nil
		}
		if err != nil && err != redis.Nil && ctx.Err() == nil {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-tick.C:
		}
	}
}

func printTable(w io.Writer, caches []cache, results []result) {
	names := map[string]string{}
	for _, c := range caches {
		names[c.ID] = c.Name
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tREGION\tENDPOINT\tLINKED PEERS\tWRITE+READ\tPEER WRITES SEEN")
	for i, c := range caches {
		peers := make([]string, 0, len(c.LinkedCacheIDs))
		for _, id := range c.LinkedCacheIDs {
			if n, ok := names[id]; ok {
				peers = append(peers, n)
			} else {
				peers = append(peers, id)
			}
		}
		if len(peers) == 0 {
			peers = append(peers, "-")
		}
		r := results[i]
		rw := "ok"
		if !r.wroteAndRead {
			rw = "FAILED"
		}
		seen := fmt.Sprintf("%d/%d", r.seen, r.peers)
		if r.peers > 0 && r.seen == r.peers {
			seen += fmt.Sprintf(" (within %s)", r.slowest.Round(time.Millisecond))
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", c.Name, c.Region, c.endpoint(), strings.Join(peers, ","), rw, seen)
	}
	_ = tw.Flush()
	for i, c := range caches {
		if results[i].err != nil {
			fmt.Fprintf(w, "  %s: %v\n", c.Name, results[i].err)
		}
	}
}
