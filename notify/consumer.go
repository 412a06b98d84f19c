package notify

import (
	"context"
	"fmt"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// A ConsumerKind says how a consumer receives its events.
type ConsumerKind string

const (
	// ChannelConsumer: a Go channel (Consumer.C).
	ChannelConsumer ConsumerKind = "channel"
	// StreamConsumer: a FaultNotifier ConnectStructuredFaultConsumer gRPC stream.
	StreamConsumer ConsumerKind = "stream"
	// WebhookConsumer: JSON POSTs to a URL.
	WebhookConsumer ConsumerKind = "webhook"
)

// ConsumerOptions are what every kind of consumer may set.
type ConsumerOptions struct {
	// Name is for logs and statistics, at most 256 bytes.
	Name string
	// QueueLen is the consumer's queue length in events (0: Config.ConsumerQueueLen; at most
	// Config.MaxConsumerQueueLen).
	QueueLen int
}

// A Delivery is one event for one consumer.
type Delivery struct {
	// Event is shared with every other consumer and the history: read it, never modify it.
	Event *Event
	// Dropped counts events that matched this consumer but were dropped, because its queue
	// was full, between the previous delivery and this one.
	Dropped uint64
	// DroppedTotal counts every event dropped for this consumer up to this delivery.
	DroppedTotal uint64
}

// A Consumer is a connected consumer of any kind. Its methods are safe for concurrent use.
type Consumer struct {
	n      *Notifier
	num    uint64 // 1 for the first consumer connected, 2 for the next...
	id     string
	name   string
	kind   ConsumerKind
	filter *Filter
	// q is the consumer's bounded queue. The dispatcher is its only sender and closes it
	// once the consumer is gone (see Notifier.closeDisconnected).
	q        chan Delivery
	done     chan struct{} // closed on disconnect
	doneOnce sync.Once
	ctx      context.Context // cancelled on disconnect: aborts a webhook attempt or wait
	cancel   context.CancelFunc

	// Dispatcher only.
	pending     uint64 // drops since the last delivery queued
	lastDropLog time.Time

	delivered, dropped, filterErrors atomic.Uint64
	webhook                          struct{ sent, failed, retries atomic.Uint64 }
}

// ID returns the consumer id, which DisconnectConsumer takes.
func (c *Consumer) ID() string { return c.id }

// Name returns the name given at connect.
func (c *Consumer) Name() string { return c.name }

// Kind returns how the consumer receives events.
func (c *Consumer) Kind() ConsumerKind { return c.kind }

// Filter returns the consumer's filter (nil: every event).
func (c *Consumer) Filter() *Filter { return c.filter }

// C returns a channel consumer's events, in commit order. The channel is the consumer's
// queue: when it is full, events are dropped and counted (Delivery.Dropped). It is closed
// after Disconnect or Close, once the events queued before are read. Receive promptly: a
// consumer that stops reading loses events, it never slows the notifier. For other kinds C
// returns nil.
func (c *Consumer) C() <-chan Delivery {
	if c.kind != ChannelConsumer {
		return nil
	}
	return c.q
}

// Done is closed when the consumer is disconnected.
func (c *Consumer) Done() <-chan struct{} { return c.done }

// Disconnect disconnects the consumer; it is Notifier.Disconnect(c.ID()).
func (c *Consumer) Disconnect() error { return c.n.Disconnect(c.id) }

func (c *Consumer) markDone() {
	c.doneOnce.Do(func() {
		close(c.done)
		c.cancel()
	})
}

// ConsumerStats are a consumer's counters.
type ConsumerStats struct {
	ID     string
	Name   string
	Kind   ConsumerKind
	Filter string
	// Delivered counts events put in the consumer's queue; Dropped those that found it full;
	// FilterErrors the events whose filter evaluation failed (no match).
	Delivered, Dropped, FilterErrors uint64
	// Queued is how many events wait in the queue now, QueueLen its capacity.
	Queued, QueueLen int
	// Webhooks only: events acknowledged with 2xx, given up on, and attempts repeated.
	WebhookSent, WebhookFailed, WebhookRetries uint64
}

// Stats returns the consumer's counters.
func (c *Consumer) Stats() ConsumerStats {
	return ConsumerStats{
		ID: c.id, Name: c.name, Kind: c.kind, Filter: c.filter.expression(),
		Delivered: c.delivered.Load(), Dropped: c.dropped.Load(), FilterErrors: c.filterErrors.Load(),
		Queued: len(c.q), QueueLen: cap(c.q),
		WebhookSent: c.webhook.sent.Load(), WebhookFailed: c.webhook.failed.Load(), WebhookRetries: c.webhook.retries.Load(),
	}
}

func (f *Filter) expression() string {
	if f == nil {
		return ""
	}
	return f.expr
}

// offer queues ev for the consumer without waiting: a full queue drops it. Dispatcher only.
func (c *Consumer) offer(ev *Event) {
	select {
	case c.q <- Delivery{Event: ev, Dropped: c.pending, DroppedTotal: c.dropped.Load()}:
		c.pending = 0
		c.delivered.Add(1)
	default:
		c.pending++
		total := c.dropped.Add(1)
		if now := c.n.clock.Now(); c.lastDropLog.IsZero() || now.Sub(c.lastDropLog) >= c.n.cfg.DropLogInterval {
			c.lastDropLog = now
			c.n.log.Warn("notify: consumer queue full, dropping events", "consumer", c.id, "name", c.name,
				"kind", c.kind, "queue_len", cap(c.q), "dropped_total", total,
				"event", ev.ID, "event_kind", ev.Kind, "group", ev.GroupID, "member", ev.Member, "location", ev.Location)
		}
	}
}

// ConnectChannel connects a consumer that receives the events matching f (nil: all) on
// Consumer.C.
func (n *Notifier) ConnectChannel(f *Filter, o ConsumerOptions) (*Consumer, error) {
	return n.connect(ChannelConsumer, f, o)
}

// connect registers a consumer. Its queue starts receiving with the next batch.
func (n *Notifier) connect(kind ConsumerKind, f *Filter, o ConsumerOptions) (*Consumer, error) {
	if err := checkString("name", o.Name, maxFieldLen); err != nil {
		return nil, err
	}
	qlen := o.QueueLen
	if qlen == 0 {
		qlen = n.cfg.ConsumerQueueLen
	}
	if qlen < 1 || qlen > n.cfg.MaxConsumerQueueLen {
		return nil, fieldErr("queue_length", "%d: need 0 (default %d) to %d", o.QueueLen, n.cfg.ConsumerQueueLen, n.cfg.MaxConsumerQueueLen)
	}
	n.conMu.Lock()
	defer n.conMu.Unlock()
	n.inMu.Lock()
	closing := n.closing
	n.inMu.Unlock()
	if closing {
		return nil, ErrClosed
	}
	old := n.consumers.Load().all
	if len(old) >= n.cfg.MaxConsumers {
		return nil, fmt.Errorf("%w: %d connected, at most %d", ErrTooManyConsumers, len(old), n.cfg.MaxConsumers)
	}
	n.conNext++
	c := &Consumer{
		n:      n,
		num:    n.conNext,
		id:     n.idPre + "-c" + strconv.FormatUint(n.conNext, 10),
		name:   o.Name,
		kind:   kind,
		filter: f,
		q:      make(chan Delivery, qlen),
		done:   make(chan struct{}),
	}
	c.ctx, c.cancel = context.WithCancel(n.ctx)
	next := make([]*Consumer, len(old), len(old)+1)
	copy(next, old)
	next = append(next, c)
	n.consumers.Store(newConsumerSet(next))
	n.byID[c.id] = c
	n.log.Info("notify: consumer connected", "consumer", c.id, "name", c.name, "kind", kind,
		"filter", f.expression(), "queue_len", qlen)
	return c, nil
}
