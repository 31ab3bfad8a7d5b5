package sim

import (
	"context"
	"sync"
)

// serialQueues runs jobs one at a time per key (a replication group, or a
// standalone cache), in the order they were pushed. A key's goroutine exists
// only while it has work, so an idle simulator holds none.
type serialQueues struct {
	ctx    context.Context
	wg     *sync.WaitGroup
	mu     sync.Mutex
	closed bool
	queues map[string][]func(context.Context)
}

func newSerialQueues(ctx context.Context, wg *sync.WaitGroup) *serialQueues {
	return &serialQueues{ctx: ctx, wg: wg, queues: map[string][]func(context.Context){}}
}

// push queues job under key. After close it is dropped: the state it would
// have advanced is in the store and is resumed on the next start.
func (q *serialQueues) push(key string, job func(context.Context)) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.closed {
		return
	}
	pending, running := q.queues[key]
	q.queues[key] = append(pending, job)
	if !running {
		q.wg.Add(1)
		go q.run(key)
	}
}

func (q *serialQueues) run(key string) {
	defer q.wg.Done()
	for {
		q.mu.Lock()
		jobs := q.queues[key]
		if len(jobs) == 0 {
			delete(q.queues, key)
			q.mu.Unlock()
			return
		}
		job := jobs[0]
		q.queues[key] = jobs[1:]
		q.mu.Unlock()
		job(q.ctx)
	}
}

// close stops accepting jobs; the caller cancels the context so running
// ones return, then waits on the WaitGroup.
func (q *serialQueues) close() {
	q.mu.Lock()
	q.closed = true
	q.mu.Unlock()
}
