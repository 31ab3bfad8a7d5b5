package sim

import (
	"bufio"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// BenchmarkReplicationLag writes about 20,000 SETs a second spread over
// three members in three regions (latency off) for 3 seconds per iteration
// and reports the replication lag: from the engine's per-link histograms
// (every op), and from INFO crdt's lag_ms figures sampled every 5ms, the
// way an application would see them.
//
//	go test ./internal/sim -run '^$' -bench ReplicationLag -benchtime 1x
func BenchmarkReplicationLag(b *testing.B) {
	const (
		window    = 3 * time.Second
		tick      = time.Millisecond
		perMember = 20000 / 3 // writes/s
		sampling  = 5 * time.Millisecond
	)
	ts := startServer(b, Config{})
	cs := ts.group(threeRegions...)
	for b.Loop() {
		ts.repl.ResetLagStats()
		stop := make(chan struct{})
		var wg sync.WaitGroup
		var writes [3]int
		for i, c := range cs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				tk := time.NewTicker(tick)
				defer tk.Stop()
				n, began := 0, time.Now()
				for {
					select {
					case <-stop:
						writes[i] = n
						return
					case <-tk.C:
					}
					// Catch up with the target rate when ticks were missed.
					due := int(time.Since(began).Seconds()*perMember) - n
					if due <= 0 {
						continue
					}
					pipe := c.Pipeline()
					for range min(due, 64) {
						pipe.Set(bg(), "k"+strconv.Itoa(i)+"-"+strconv.Itoa(n%10000), n, 0)
						n++
					}
					if _, err := pipe.Exec(bg()); err != nil {
						b.Error(err)
						writes[i] = n
						return
					}
				}
			}()
		}
		var samples []float64
		wg.Add(1)
		go func() {
			defer wg.Done()
			tk := time.NewTicker(sampling)
			defer tk.Stop()
			for {
				select {
				case <-stop:
					return
				case <-tk.C:
				}
				for _, c := range cs {
					samples = append(samples, infoLags(b, c)...)
				}
			}
		}()
		start := time.Now()
		time.Sleep(window)
		close(stop)
		wg.Wait()
		elapsed := time.Since(start)
		total := writes[0] + writes[1] + writes[2]
		st := ts.repl.LagStats()
		sort.Float64s(samples)
		b.ReportMetric(float64(total)/elapsed.Seconds(), "writes/s")
		b.ReportMetric(ms(st.P50), "p50-lag-ms")
		b.ReportMetric(ms(st.P99), "p99-lag-ms")
		b.ReportMetric(ms(st.Max), "max-lag-ms")
		b.ReportMetric(quantile(samples, 0.50), "info-p50-lag-ms")
		b.ReportMetric(quantile(samples, 0.99), "info-p99-lag-ms")
		b.Logf("%d writes in %v over 3 members, %d lag samples applied, %d INFO samples", total, elapsed.Round(time.Millisecond), st.Count, len(samples))
	}
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func quantile(sorted []float64, q float64) float64 {
	if len(sorted) == 0 {
		return 0
	}
	return sorted[int(q*float64(len(sorted)-1))]
}

// infoLags reads the lag_ms of every peer from INFO crdt.
func infoLags(b *testing.B, c *redis.Client) []float64 {
	info, err := c.Info(bg(), "crdt").Result()
	if err != nil {
		b.Error(err)
		return nil
	}
	var out []float64
	sc := bufio.NewScanner(strings.NewReader(info))
	for sc.Scan() {
		_, rest, ok := strings.Cut(sc.Text(), ",lag_ms=")
		if !ok {
			continue
		}
		v, _, _ := strings.Cut(rest, ",")
		f, err := strconv.ParseFloat(v, 64)
		if err != nil {
			b.Error(fmt.Errorf("lag_ms %q: %w", v, err))
			continue
		}
		out = append(out, f)
	}
	return out
}
