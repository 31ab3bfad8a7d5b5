package resp

import (
	"bytes"
	"errors"
	"net"
	"sync"

	"github.com/geocache/terraform-provider-geocache/internal/sim/dataset"
)

// subscriberBuffer is how many messages a subscriber may fall behind by
// before it is disconnected, as Redis's client-output-buffer-limit pubsub
// does with bytes.
const subscriberBuffer = 4096

// subscriber is a connection's pub/sub state. Once a connection subscribed
// a writer goroutine pushes messages into the connection's reply buffer
// while the connection's loop goes on running its commands, both writing
// under mu.
type subscriber struct {
	sub     *dataset.Subscription
	mu      sync.Mutex
	started bool // the writer runs (never without a socket)
	w       *respWriter
	nc      net.Conn
	// writerDone and watchDone close when the writer and the overflow
	// watcher have ended.
	writerDone, watchDone chan struct{}
}

func (sb *subscriber) active() bool { return sb.sub.Count() > 0 }

// subscribe puts the client in subscriber mode on its first subscription.
func (s *Server) subscribe(c *client) *subscriber {
	if c.sub != nil {
		return c.sub
	}
	sb := &subscriber{sub: s.ds.Subscribe(subscriberBuffer), w: c.w, nc: c.conn}
	c.sub = sb
	return sb
}

func cmdSubscribe(s *Server, c *client, args [][]byte) {
	sb := s.subscribe(c)
	for _, ch := range args[1:] {
		sb.sub.Add(string(ch))
		writeSubReply(c, "subscribe", ch, sb.sub.Count())
	}
}

func cmdPSubscribe(s *Server, c *client, args [][]byte) {
	sb := s.subscribe(c)
	for _, p := range args[1:] {
		sb.sub.AddPattern(string(p))
		writeSubReply(c, "psubscribe", p, sb.sub.Count())
	}
}

func cmdUnsubscribe(_ *Server, c *client, args [][]byte) {
	unsubscribe(c, args[1:], "unsubscribe", false)
}

func cmdPUnsubscribe(_ *Server, c *client, args [][]byte) {
	unsubscribe(c, args[1:], "punsubscribe", true)
}

// unsubscribe without names drops every channel (or pattern), replying once
// per name, or once with a nil name when there was none.
func unsubscribe(c *client, names [][]byte, kind string, patterns bool) {
	if c.sub == nil {
		if len(names) == 0 {
			writeSubReply(c, kind, nil, 0)
		}
		for _, n := range names {
			writeSubReply(c, kind, n, 0)
		}
		return
	}
	sub := c.sub.sub
	if len(names) == 0 {
		var all []string
		if patterns {
			all = sub.Patterns()
		} else {
			all = sub.Channels()
		}
		if len(all) == 0 {
			writeSubReply(c, kind, nil, sub.Count())
		}
		for _, n := range all {
			names = append(names, []byte(n))
		}
	}
	for _, n := range names {
		if patterns {
			sub.RemovePattern(string(n))
		} else {
			sub.Remove(string(n))
		}
		writeSubReply(c, kind, n, sub.Count())
	}
}

func writeSubReply(c *client, kind string, name []byte, count int) {
	c.w.WriteArray(3)
	c.w.WriteBulkString(kind)
	if name == nil {
		c.w.WriteNull()
	} else {
		c.w.WriteBulk(name)
	}
	c.w.WriteInt(count)
}

func cmdPublish(s *Server, c *client, args [][]byte) {
	// The payload is shared with subscribers and peers: copy it out of the
	// read buffer.
	c.w.WriteInt(s.ds.Publish(string(args[1]), append([]byte(nil), args[2]...)))
}

func cmdPubSub(s *Server, c *client, args [][]byte) {
	sub := args[1]
	switch {
	case bytes.EqualFold(sub, []byte("channels")) && len(args) <= 3:
		pat := ""
		if len(args) == 3 {
			pat = string(args[2])
		}
		writeStrings(c, s.ds.ActiveChannels(pat))
	case bytes.EqualFold(sub, []byte("numsub")):
		c.w.WriteArray(2 * (len(args) - 2))
		for _, ch := range args[2:] {
			c.w.WriteBulk(ch)
			c.w.WriteInt(s.ds.NumSub(string(ch)))
		}
	case bytes.EqualFold(sub, []byte("numpat")) && len(args) == 2:
		c.w.WriteInt(s.ds.NumPat())
	case bytes.EqualFold(sub, []byte("channels")), bytes.EqualFold(sub, []byte("numpat")):
		c.w.WriteError(wrongArity("pubsub|" + string(bytes.ToLower(sub))))
	default:
		c.w.WriteError(unknownSubcommand(sub, "PUBSUB"))
	}
}

// cmdReset returns the connection to its state after AUTH: no transaction,
// no watched keys, no subscriptions.
func cmdReset(_ *Server, c *client, _ [][]byte) {
	c.multi, c.watched = nil, nil
	if c.sub != nil {
		for _, ch := range c.sub.sub.Channels() {
			c.sub.sub.Remove(ch)
		}
		for _, p := range c.sub.sub.Patterns() {
			c.sub.sub.RemovePattern(p)
		}
	}
	c.name = ""
	c.w.WriteString("RESET")
}

// startSubscriber starts the goroutines of a connection that just entered
// subscriber mode: one pushes messages, one ends the connection when the
// subscription is closed for falling too far behind, even while the writer
// is stuck on a client that stopped reading.
func (s *Server) startSubscriber(c *client) error {
	sb := c.sub
	sb.writerDone = make(chan struct{})
	sb.watchDone = make(chan struct{})
	go s.pushMessages(sb, sb.writerDone)
	go func() {
		defer close(sb.watchDone)
		<-sb.sub.Done()
		_ = sb.nc.Close()
	}()
	sb.started = true
	return nil
}

// stop ends the subscription and waits for the subscriber's goroutines.
func (sb *subscriber) stop() {
	sb.sub.Close()
	if sb.started {
		<-sb.writerDone
		<-sb.watchDone
	}
}

var errQuit = errors.New("client quit")

// pushMessages writes messages as they arrive. When the subscription is
// closed for being too slow, it closes the connection, as Redis does.
func (s *Server) pushMessages(sb *subscriber, done chan<- struct{}) {
	defer close(done)
	for m := range sb.sub.C {
		sb.mu.Lock()
		if m.Pattern != "" {
			sb.w.WriteArray(4)
			sb.w.WriteBulkString("pmessage")
			sb.w.WriteBulkString(m.Pattern)
		} else {
			sb.w.WriteArray(3)
			sb.w.WriteBulkString("message")
		}
		sb.w.WriteBulkString(m.Channel)
		sb.w.WriteBulk(m.Payload)
		// Batch what is already queued into one flush.
		var err error
		if len(sb.sub.C) == 0 {
			err = sb.w.Flush()
		}
		sb.mu.Unlock()
		if err != nil {
			break
		}
	}
	if sb.sub.Err() != nil {
		s.log.Warn("disconnecting a slow subscriber", "cache", s.cfg.Name)
	}
	// Unblocks the reader, whatever ended the loop.
	_ = sb.nc.Close()
}
