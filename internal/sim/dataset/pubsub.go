package dataset

import (
	"errors"
	"sort"
	"sync"
)

// Message is one pub/sub message as a subscriber receives it. Pattern is set
// when it matched a pattern subscription (a pmessage).
type Message struct {
	Pattern string
	Channel string
	Payload []byte
}

// ErrSlowSubscriber is what Subscription.Err returns after the subscription
// was closed because its buffer overflowed; Redis disconnects such clients
// (client-output-buffer-limit pubsub) rather than block publishers.
var ErrSlowSubscriber = errors.New("dataset: subscriber too slow, messages dropped")

// pubsub is the registry of a dataset's subscriptions.
type pubsub struct {
	mu       sync.RWMutex
	channels map[string]map[*Subscription]struct{}
	patterns map[*Subscription]struct{} // subscriptions holding any pattern
}

func (p *pubsub) init() {
	p.channels = map[string]map[*Subscription]struct{}{}
	p.patterns = map[*Subscription]struct{}{}
}

// Subscription is one subscriber's channels and patterns, and the messages
// they receive. Its methods are safe for concurrent use.
type Subscription struct {
	// C receives the messages; it is closed by Close or on overflow.
	C <-chan Message

	ps   *pubsub
	c    chan Message
	done chan struct{} // closed with c

	mu       sync.Mutex // guards sending on and closing c, and err
	closed   bool
	err      error
	channels map[string]struct{} // guarded by ps.mu
	patterns map[string]struct{} // guarded by ps.mu
}

// Subscribe returns a subscription without channels whose C buffers up to
// buffer messages (at least 1).
func (d *Dataset) Subscribe(buffer int) *Subscription {
	if buffer < 1 {
		buffer = 1
	}
	c := make(chan Message, buffer)
	return &Subscription{C: c, c: c, done: make(chan struct{}), ps: &d.ps,
		channels: map[string]struct{}{}, patterns: map[string]struct{}{}}
}

// Add subscribes to a channel; it reports false if already subscribed.
func (s *Subscription) Add(channel string) bool {
	p := s.ps
	p.mu.Lock()
	defer p.mu.Unlock()
	if _, ok := s.channels[channel]; ok || s.isClosed() {
		return false
	}
	s.channels[channel] = struct{}{}
	m := p.channels[channel]
	if m == nil {
		m = map[*Subscription]struct{}{}
		p.channels[channel] = m
	}
	m[s] = struct{}{}
	return true
}

// Remove unsubscribes from a channel; it reports false if not subscribed.
func (s *Subscription) Remove(channel string) bool {
	p := s.ps
	p.mu.Lock()
	defer p.mu.Unlock()
	return s.removeLocked(channel)
}

func (s *Subscription) removeLocked(channel string) bool {
	if _, ok := s.channels[channel]; !ok {
		return false
	}
	delete(s.channels, channel)
	m := s.ps.channels[channel]
	delete(m, s)
	if len(m) == 0 {
		delete(s.ps.channels, channel)
	}
	return true
}

// AddPattern subscribes to a glob pattern (Redis syntax, see Match); it
// reports false if already subscribed.
func (s *Subscription) AddPattern(pattern string) bool {
	p := s.ps
	p.mu.Lock()
	defer p.mu.Unlock()
	if _, ok := s.patterns[pattern]; ok || s.isClosed() {
		return false
	}
	s.patterns[pattern] = struct{}{}
	p.patterns[s] = struct{}{}
	return true
}

// RemovePattern unsubscribes from a pattern; it reports false if not
// subscribed.
func (s *Subscription) RemovePattern(pattern string) bool {
	p := s.ps
	p.mu.Lock()
	defer p.mu.Unlock()
	return s.removePatternLocked(pattern)
}

func (s *Subscription) removePatternLocked(pattern string) bool {
	if _, ok := s.patterns[pattern]; !ok {
		return false
	}
	delete(s.patterns, pattern)
	if len(s.patterns) == 0 {
		delete(s.ps.patterns, s)
	}
	return true
}

// Channels returns the subscribed channels, sorted.
func (s *Subscription) Channels() []string {
	s.ps.mu.RLock()
	defer s.ps.mu.RUnlock()
	return sortedKeys(s.channels)
}

// Patterns returns the subscribed patterns, sorted.
func (s *Subscription) Patterns() []string {
	s.ps.mu.RLock()
	defer s.ps.mu.RUnlock()
	return sortedKeys(s.patterns)
}

// Count returns the number of channels plus patterns subscribed, the figure
// Redis puts in (un)subscribe replies.
func (s *Subscription) Count() int {
	s.ps.mu.RLock()
	defer s.ps.mu.RUnlock()
	return len(s.channels) + len(s.patterns)
}

// Close unsubscribes from everything and closes C. It is idempotent.
func (s *Subscription) Close() {
	s.unregister()
	s.mu.Lock()
	if !s.closed {
		s.closed = true
		close(s.c)
		close(s.done)
	}
	s.mu.Unlock()
}

// Done is closed when the subscription is closed, by Close or because it
// overflowed: a consumer blocked elsewhere (writing to a stalled client)
// can watch it.
func (s *Subscription) Done() <-chan struct{} { return s.done }

func (s *Subscription) unregister() {
	p := s.ps
	p.mu.Lock()
	for ch := range s.channels {
		s.removeLocked(ch)
	}
	for pat := range s.patterns {
		s.removePatternLocked(pat)
	}
	p.mu.Unlock()
}

// Err returns ErrSlowSubscriber if the subscription was closed because its
// buffer overflowed, nil otherwise.
func (s *Subscription) Err() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.err
}

func (s *Subscription) isClosed() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.closed
}

// deliver hands m to the subscriber without ever blocking the publisher.
// An overflow closes the subscription and takes it out of the registry.
func (s *Subscription) deliver(m Message) {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return
	}
	select {
	case s.c <- m:
		s.mu.Unlock()
		return
	default:
	}
	s.closed, s.err = true, ErrSlowSubscriber
	close(s.c)
	close(s.done)
	s.mu.Unlock()
	// The registry lock is taken before s.mu elsewhere, so only now.
	s.unregister()
}

func sortedKeys(m map[string]struct{}) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Publish sends msg to this member's subscribers of channel and hands it to
// the OnPublish hook, which ships it to the other members. It returns the
// number of receivers on this member, as PUBLISH replies on Redis
// Enterprise (each member counts its own).
func (d *Dataset) Publish(channel string, msg []byte) int {
	n := d.Deliver(channel, msg)
	if h := d.onPub.Load(); h != nil {
		(*h)(channel, msg)
	}
	return n
}

// OnPublish sets the hook Publish calls after local delivery (nil removes
// it). It runs on the publisher's goroutine and must not block.
func (d *Dataset) OnPublish(fn func(channel string, msg []byte)) {
	if fn == nil {
		d.onPub.Store(nil)
		return
	}
	d.onPub.Store(&fn)
}

// Deliver sends a message that arrived from another member to this member's
// subscribers only, and returns how many received it.
func (d *Dataset) Deliver(channel string, msg []byte) int {
	p := &d.ps
	var targets []Message
	var subs []*Subscription
	p.mu.RLock()
	for s := range p.channels[channel] {
		subs = append(subs, s)
		targets = append(targets, Message{Channel: channel, Payload: msg})
	}
	for s := range p.patterns {
		for pat := range s.patterns {
			if Match(pat, channel) {
				subs = append(subs, s)
				targets = append(targets, Message{Pattern: pat, Channel: channel, Payload: msg})
			}
		}
	}
	p.mu.RUnlock()
	// Delivered outside the registry lock: a subscriber closing itself
	// meanwhile only makes deliver a no-op.
	for i, s := range subs {
		s.deliver(targets[i])
	}
	return len(subs)
}

// NumSub returns the number of subscribers of channel (PUBSUB NUMSUB).
func (d *Dataset) NumSub(channel string) int {
	d.ps.mu.RLock()
	defer d.ps.mu.RUnlock()
	return len(d.ps.channels[channel])
}

// ActiveChannels returns the channels with at least one subscriber that
// match pattern ("" for all), sorted (PUBSUB CHANNELS).
func (d *Dataset) ActiveChannels(pattern string) []string {
	d.ps.mu.RLock()
	defer d.ps.mu.RUnlock()
	var out []string
	for ch := range d.ps.channels {
		if pattern == "" || Match(pattern, ch) {
			out = append(out, ch)
		}
	}
	sort.Strings(out)
	return out
}

// NumPat returns the number of pattern subscriptions (PUBSUB NUMPAT).
func (d *Dataset) NumPat() int {
	d.ps.mu.RLock()
	defer d.ps.mu.RUnlock()
	n := 0
	for s := range d.ps.patterns {
		n += len(s.patterns)
	}
	return n
}
