package notify

import (
	"context"
	crand "crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// Errors of the Notifier. Test with errors.Is.
var (
	// ErrOverloaded: the intake queue is full; nothing of that Push was accepted. Retry later
	// with the same event ids (a repeated id is ignored).
	ErrOverloaded = errors.New("notifier overloaded: intake queue full")
	// ErrClosed: the notifier was closed.
	ErrClosed = errors.New("notifier closed")
	// ErrUnknownConsumer: no consumer with that id is connected.
	ErrUnknownConsumer = errors.New("unknown consumer")
	// ErrTooManyConsumers: Config.MaxConsumers are connected.
	ErrTooManyConsumers = errors.New("too many consumers")
)

// Config configures a Notifier. Start from DefaultConfig.
type Config struct {
	// Clock stamps events pushed without a time and paces webhook retries.
	Clock Clock
	// Logger receives connects, disconnects, drops and webhook failures. Required.
	Logger *slog.Logger
	// Seed seeds the notifier's randomness: the event id prefix and webhook retry jitter.
	// 0 draws a seed from crypto/rand (ids then differ between runs, as they must in
	// production); tests set it to replay a run.
	Seed uint64
	// History keeps committed events. nil: a MemHistory of HistoryLimit events.
	History History
	// HistoryLimit is the size of the default MemHistory; ignored when History is set.
	HistoryLimit int
	// IntakeQueueLen is how many pushed events may wait to be committed; a Push that does
	// not fit fails with ErrOverloaded.
	IntakeQueueLen int
	// MaxBatch is the most events committed with one History.Append.
	MaxBatch int
	// DedupWindow is how many recent event ids are remembered: an event pushed again with an
	// id among them is dropped (counted in Stats.Duplicates). 0 turns it off.
	DedupWindow int
	// ConsumerQueueLen is a consumer's queue length when it does not ask for one;
	// MaxConsumerQueueLen the most it may ask for.
	ConsumerQueueLen    int
	MaxConsumerQueueLen int
	// MaxConsumers bounds connected consumers of all kinds.
	MaxConsumers int
	// DropLogInterval is the least time between two log lines about one consumer's drops.
	DropLogInterval time.Duration
}

// DefaultConfig returns settings for a notifier on one host: 100k events of history, a
// quarter million waiting pushes, 1024 events per consumer queue.
func DefaultConfig() Config {
	return Config{
		Clock:               SystemClock{},
		Logger:              slog.Default(),
		HistoryLimit:        DefaultHistoryLimit,
		IntakeQueueLen:      1 << 18,
		MaxBatch:            4096,
		DedupWindow:         1 << 16,
		ConsumerQueueLen:    1024,
		MaxConsumerQueueLen: 1 << 16,
		MaxConsumers:        10_000,
		DropLogInterval:     10 * time.Second,
	}
}

// Validate reports every bad setting, quoting its value.
func (c Config) Validate() error {
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if c.Clock == nil {
		bad("Clock is nil")
	}
	if c.Logger == nil {
		bad("Logger is nil")
	}
	if c.History == nil && c.HistoryLimit < 1 {
		bad("HistoryLimit %d: need at least 1 (or a History)", c.HistoryLimit)
	}
	if c.IntakeQueueLen < 1 {
		bad("IntakeQueueLen %d: need at least 1", c.IntakeQueueLen)
	}
	if c.MaxBatch < 1 {
		bad("MaxBatch %d: need at least 1", c.MaxBatch)
	}
	if c.DedupWindow < 0 {
		bad("DedupWindow %d: need at least 0", c.DedupWindow)
	}
	if c.ConsumerQueueLen < 1 || c.MaxConsumerQueueLen < c.ConsumerQueueLen {
		bad("ConsumerQueueLen %d, MaxConsumerQueueLen %d: need 1 <= ConsumerQueueLen <= MaxConsumerQueueLen", c.ConsumerQueueLen, c.MaxConsumerQueueLen)
	}
	if c.MaxConsumers < 1 {
		bad("MaxConsumers %d: need at least 1", c.MaxConsumers)
	}
	if c.DropLogInterval < 0 {
		bad("DropLogInterval %v: need at least 0", c.DropLogInterval)
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("notify: bad config: %w", err)
	}
	return nil
}

// Notifier is the fault notifier: producers Push events, it commits them to the History and
// offers each to every connected consumer whose filter matches. See the package doc.
type Notifier struct {
	cfg     Config
	log     *slog.Logger
	clock   Clock
	history History
	idPre   string // event id prefix, random per notifier
	idNext  atomic.Uint64
	seed    uint64

	// Intake: producers append under inMu; the dispatcher swaps the slice out.
	inMu     sync.Mutex
	intake   []*Event
	spare    []*Event
	pushed   uint64 // events accepted by Push, ever (under inMu)
	closing  bool   // under inMu
	wake     chan struct{}
	progress atomic.Pointer[chan struct{}] // closed and replaced after each batch
	done     atomic.Uint64                 // events the dispatcher has finished with

	// Consumers: the dispatcher reads the snapshot; changes copy it under conMu.
	conMu     sync.Mutex
	consumers atomic.Pointer[consumerSet]
	byID      map[string]*Consumer
	conNext   uint64
	toClose   []*Consumer // disconnected, queue to be closed by the dispatcher

	// Dedup: ids of the last DedupWindow events (dispatcher only).
	seen     map[string]struct{}
	seenRing []string
	seenPos  int

	ctx    context.Context // cancelled by Close: aborts Append and webhook deliveries
	cancel context.CancelFunc
	wg     sync.WaitGroup // the dispatcher and consumer goroutines
	exited chan struct{}  // closed when the dispatcher returns

	stats struct {
		pushed, committed, duplicates, overloaded, commitErrors, filterErrors atomic.Uint64
	}
}

// New starts a notifier. Close it to stop its goroutines.
func New(cfg Config) (*Notifier, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	seed := cfg.Seed
	if seed == 0 {
		var b [8]byte
		if _, err := crand.Read(b[:]); err != nil {
			return nil, fmt.Errorf("notify: seeding: %w", err)
		}
		seed = binary.LittleEndian.Uint64(b[:]) | 1
	}
	h := cfg.History
	if h == nil {
		mh, err := NewMemHistory(cfg.HistoryLimit)
		if err != nil {
			return nil, err
		}
		h = mh
	}
	r := rand.New(rand.NewPCG(seed, 0x6e6f74696679)) // "notify"
	n := &Notifier{
		cfg:     cfg,
		log:     cfg.Logger,
		clock:   cfg.Clock,
		history: h,
		idPre:   fmt.Sprintf("%012x", r.Uint64()&(1<<48-1)),
		seed:    seed,
		wake:    make(chan struct{}, 1),
		byID:    map[string]*Consumer{},
		exited:  make(chan struct{}),
	}
	if cfg.DedupWindow > 0 {
		n.seen = make(map[string]struct{}, cfg.DedupWindow)
		n.seenRing = make([]string, cfg.DedupWindow)
	}
	n.ctx, n.cancel = context.WithCancel(context.Background())
	p := make(chan struct{})
	n.progress.Store(&p)
	n.consumers.Store(newConsumerSet(nil))
	go n.dispatch()
	return n, nil
}

// History returns the notifier's history, for queries.
func (n *Notifier) History() History { return n.history }

// Push queues one event for commit and delivery and returns its id. It never waits for
// consumers or for the history: it validates, stamps the id and time when missing, appends
// to the intake queue and returns. ev then belongs to the notifier (see Event).
func (n *Notifier) Push(ev *Event) (string, error) {
	if err := ev.Validate(); err != nil {
		return "", err
	}
	if err := n.enqueue([]*Event{ev}); err != nil {
		return "", err
	}
	return ev.ID, nil
}

// PushBatch is Push for several events, all or nothing: if one is invalid (the error's
// field is then "events[i]...") or they do not all fit the intake queue, none is pushed.
func (n *Notifier) PushBatch(evs []*Event) ([]string, error) {
	for i, ev := range evs {
		if ev == nil {
			return nil, fieldErr("events["+strconv.Itoa(i)+"]", "nil event")
		}
		if err := ev.Validate(); err != nil {
			var fe *FieldError
			if errors.As(err, &fe) {
				return nil, &FieldError{Field: "events[" + strconv.Itoa(i) + "]." + fe.Field, Reason: fe.Reason}
			}
			return nil, err
		}
	}
	if err := n.enqueue(evs); err != nil {
		return nil, err
	}
	ids := make([]string, len(evs))
	for i, ev := range evs {
		ids[i] = ev.ID
	}
	return ids, nil
}

func (n *Notifier) enqueue(evs []*Event) error {
	var now time.Time
	for _, ev := range evs {
		if ev.Time.IsZero() {
			now = n.clock.Now()
			break
		}
	}
	n.inMu.Lock()
	if n.closing {
		n.inMu.Unlock()
		return ErrClosed
	}
	if len(n.intake)+len(evs) > n.cfg.IntakeQueueLen {
		n.inMu.Unlock()
		n.stats.overloaded.Add(uint64(len(evs)))
		return ErrOverloaded
	}
	// Only an accepted event is changed: a refused one stays as the caller made it.
	for _, ev := range evs {
		if ev.ID == "" {
			ev.ID = n.idPre + "-" + strconv.FormatUint(n.idNext.Add(1), 36)
		}
		if ev.Time.IsZero() {
			ev.Time = now
		}
		ev.Seq = 0
	}
	n.intake = append(n.intake, evs...)
	n.pushed += uint64(len(evs))
	n.inMu.Unlock()
	n.stats.pushed.Add(uint64(len(evs)))
	select {
	case n.wake <- struct{}{}:
	default:
	}
	return nil
}

// Sync waits until every event pushed before the call has been committed and offered to the
// consumers (it may still sit in their queues), or ctx ends.
func (n *Notifier) Sync(ctx context.Context) error {
	n.inMu.Lock()
	target := n.pushed
	n.inMu.Unlock()
	for {
		p := n.progress.Load()
		if n.done.Load() >= target {
			return nil
		}
		select {
		case <-*p:
		case <-n.exited:
			if n.done.Load() >= target {
				return nil
			}
			return ErrClosed
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// dispatch is the one goroutine that commits and fans out, in push order.
func (n *Notifier) dispatch() {
	defer close(n.exited)
	for {
		n.closeDisconnected()
		n.inMu.Lock()
		if len(n.intake) == 0 {
			closing := n.closing
			n.inMu.Unlock()
			if closing {
				return
			}
			<-n.wake
			continue
		}
		// Double buffering: producers append to one slice while the dispatcher works through
		// the other, so the two must never share an array.
		batch := n.intake
		if len(batch) > n.cfg.MaxBatch {
			batch = batch[:n.cfg.MaxBatch]
			n.intake = append(n.spare[:0], n.intake[n.cfg.MaxBatch:]...)
		} else {
			n.intake = n.spare[:0]
		}
		n.spare = nil
		n.inMu.Unlock()
		n.process(batch)
		clear(batch) // let the GC have events the history no longer holds
		n.spare = batch[:0]
		n.done.Add(uint64(len(batch)))
		next := make(chan struct{})
		old := n.progress.Swap(&next)
		close(*old)
	}
}

func (n *Notifier) process(batch []*Event) {
	fresh := batch
	if n.seen != nil {
		fresh = make([]*Event, 0, len(batch))
		for _, ev := range batch {
			if _, dup := n.seen[ev.ID]; dup {
				n.stats.duplicates.Add(1)
				continue
			}
			if old := n.seenRing[n.seenPos]; old != "" {
				delete(n.seen, old)
			}
			n.seenRing[n.seenPos] = ev.ID
			n.seenPos = (n.seenPos + 1) % len(n.seenRing)
			n.seen[ev.ID] = struct{}{}
			fresh = append(fresh, ev)
		}
	}
	if len(fresh) == 0 {
		return
	}
	if err := n.history.Append(n.ctx, fresh); err != nil {
		n.stats.commitErrors.Add(uint64(len(fresh)))
		first := fresh[0]
		n.log.Error("notify: committing events failed; they are not delivered",
			"events", len(fresh), "first_id", first.ID, "kind", first.Kind,
			"group", first.GroupID, "member", first.Member, "location", first.Location, "err", err)
		return
	}
	n.stats.committed.Add(uint64(len(fresh)))
	set := n.consumers.Load()
	if len(set.all) == 0 {
		return
	}
	var ce celEvent
	for _, ev := range fresh {
		ce.e = ev
		for _, c := range set.unindexed {
			n.offerIfMatch(c, &ce)
		}
		for i := range set.indexes {
			ix := &set.indexes[i]
			for _, c := range ix.buckets[ix.get(ev)] {
				n.offerIfMatch(c, &ce)
			}
		}
	}
}

func (n *Notifier) offerIfMatch(c *Consumer, ce *celEvent) {
	ok, failed := c.filter.matchFast(ce)
	if failed {
		c.filterErrors.Add(1)
		n.stats.filterErrors.Add(1)
		return
	}
	if ok {
		c.offer(ce.e)
	}
}

// A consumerSet is the connected consumers as the dispatcher reads them: immutable, replaced
// whole when a consumer connects or disconnects.
type consumerSet struct {
	all       []*Consumer // in connection order
	unindexed []*Consumer // whose filters have no index: evaluated on every event
	indexes   []fieldIndex
}

// A fieldIndex holds the consumers whose filters are indexed on one field, by value.
type fieldIndex struct {
	field   string
	get     func(*Event) string
	buckets map[string][]*Consumer
}

func newConsumerSet(all []*Consumer) *consumerSet {
	s := &consumerSet{all: all}
	for _, c := range all {
		if c.filter == nil || c.filter.index == nil {
			s.unindexed = append(s.unindexed, c)
			continue
		}
		fi := c.filter.index
		i := slices.IndexFunc(s.indexes, func(x fieldIndex) bool { return x.field == fi.field })
		if i < 0 {
			s.indexes = append(s.indexes, fieldIndex{field: fi.field, get: fi.get, buckets: map[string][]*Consumer{}})
			i = len(s.indexes) - 1
		}
		for _, v := range fi.values {
			s.indexes[i].buckets[v] = append(s.indexes[i].buckets[v], c)
		}
	}
	return s
}

// matchFast is match without building an error message, for the dispatcher.
func (f *Filter) matchFast(ce *celEvent) (ok, failed bool) {
	if f == nil {
		return true, false
	}
	if f.fast != nil {
		switch f.fast(ce.e) {
		case triTrue:
			return true, false
		case triFalse:
			return false, false
		}
		return false, true
	}
	ok, err := f.evalCEL(ce)
	return ok, err != nil
}

// closeDisconnected closes the queues of consumers removed since the last batch: the
// dispatcher is their only sender, so only it may close them, and only between batches (a
// batch may still have been using the old snapshot).
func (n *Notifier) closeDisconnected() {
	n.conMu.Lock()
	cs := n.toClose
	n.toClose = nil
	n.conMu.Unlock()
	for _, c := range cs {
		close(c.q)
	}
}

// Close stops accepting pushes, commits and delivers what was pushed before, disconnects
// every consumer (channel consumers see their channel closed after the events still queued,
// streams end with UNAVAILABLE, webhooks abandon undelivered events) and waits for the
// notifier's goroutines. Later calls return nil at once.
func (n *Notifier) Close() error {
	n.inMu.Lock()
	already := n.closing
	n.closing = true
	n.inMu.Unlock()
	if already {
		<-n.exited
		return nil
	}
	select {
	case n.wake <- struct{}{}:
	default:
	}
	<-n.exited // the intake is drained: every pushed event was committed and offered
	n.conMu.Lock()
	cs := n.consumers.Load().all
	n.consumers.Store(newConsumerSet(nil))
	clear(n.byID)
	n.conMu.Unlock()
	for _, c := range cs {
		c.markDone()
		close(c.q)
	}
	n.closeDisconnected()
	n.cancel()
	n.wg.Wait()
	return nil
}

// Stats are the notifier's counters since New.
type Stats struct {
	Pushed       uint64 // events accepted by Push
	Committed    uint64 // events appended to the history
	Duplicates   uint64 // pushes of an id seen recently, ignored
	Overloaded   uint64 // events refused with ErrOverloaded
	CommitErrors uint64 // events History.Append failed on (not delivered)
	FilterErrors uint64 // filter evaluations that failed (counted as no match)
	Consumers    int    // connected now
}

// Stats returns the notifier's counters.
func (n *Notifier) Stats() Stats {
	return Stats{
		Pushed:       n.stats.pushed.Load(),
		Committed:    n.stats.committed.Load(),
		Duplicates:   n.stats.duplicates.Load(),
		Overloaded:   n.stats.overloaded.Load(),
		CommitErrors: n.stats.commitErrors.Load(),
		FilterErrors: n.stats.filterErrors.Load(),
		Consumers:    len(n.consumers.Load().all),
	}
}

// Consumers returns every connected consumer, oldest first.
func (n *Notifier) Consumers() []*Consumer {
	return slices.Clone(n.consumers.Load().all)
}

// Consumer returns the connected consumer with that id, or ErrUnknownConsumer.
func (n *Notifier) Consumer(id string) (*Consumer, error) {
	n.conMu.Lock()
	defer n.conMu.Unlock()
	c, ok := n.byID[id]
	if !ok {
		return nil, fmt.Errorf("%w %q", ErrUnknownConsumer, id)
	}
	return c, nil
}

// Disconnect disconnects the consumer with that id (any kind); ErrUnknownConsumer if none is
// connected. No event committed after Disconnect returns is offered to it; a channel
// consumer's channel is closed soon after, once the events already queued are read.
func (n *Notifier) Disconnect(id string) error {
	n.conMu.Lock()
	c, ok := n.byID[id]
	if !ok {
		n.conMu.Unlock()
		return fmt.Errorf("%w %q", ErrUnknownConsumer, id)
	}
	delete(n.byID, id)
	old := n.consumers.Load().all
	next := make([]*Consumer, 0, len(old))
	for _, o := range old {
		if o != c {
			next = append(next, o)
		}
	}
	n.consumers.Store(newConsumerSet(next))
	n.toClose = append(n.toClose, c)
	n.conMu.Unlock()
	c.markDone()
	select {
	case n.wake <- struct{}{}:
	default:
	}
	n.log.Info("notify: consumer disconnected", "consumer", c.id, "name", c.name, "kind", c.kind,
		"delivered", c.delivered.Load(), "dropped", c.dropped.Load())
	return nil
}
