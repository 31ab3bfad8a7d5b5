package sim

import (
	"context"
	"sync"
	"testing"
	"time"
)

func TestSerialQueuesRunInOrderPerKeyAndStopOnClose(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	q := newSerialQueues(ctx, &wg)

	var mu sync.Mutex
	var order []int
	running := map[string]int{}
	overlap := false
	for i := range 20 {
		key := []string{"a", "b"}[i%2]
		q.push(key, func(context.Context) {
			mu.Lock()
			running[key]++
			if running[key] > 1 {
				overlap = true
			}
			if key == "a" {
				order = append(order, i)
			}
			mu.Unlock()
			time.Sleep(time.Millisecond)
			mu.Lock()
			running[key]--
			mu.Unlock()
		})
	}
	wg.Wait()
	if overlap {
		t.Fatal("two jobs of one key ran at once")
	}
	for i, v := range order {
		if v != 2*i {
			t.Fatalf("key a ran out of order: %v", order)
		}
	}

	// A job running at close sees its context end; later pushes are dropped.
	started := make(chan struct{})
	ended := make(chan error, 1)
	q.push("a", func(ctx context.Context) {
		close(started)
		<-ctx.Done()
		ended <- ctx.Err()
	})
	<-started
	q.close()
	cancel()
	q.push("a", func(context.Context) { t.Error("job pushed after close ran") })
	wg.Wait()
	if err := <-ended; err == nil {
		t.Fatal("running job was not cancelled")
	}
}
