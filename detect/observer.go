package detect

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"
)

// An Observer receives the verdicts of the drivers it is registered with, either on a channel
// or through a callback. Delivery never blocks the driver: a channel that is full drops the
// verdict, and the drop is counted (Dropped). A callback runs on the driver's goroutine and
// must not block or call back into the driver it observes.
//
// An Observer may be registered with several drivers at once; its counters then add up.
// Its methods are safe for concurrent use.
type Observer struct {
	ch        chan<- Verdict
	fn        func(Verdict)
	filter    func(Verdict) bool
	delivered atomic.Uint64
	dropped   atomic.Uint64
}

// NewObserver returns an Observer that sends each verdict that passes filter (nil: every
// verdict) on ch without blocking. Give ch a buffer: an unbuffered channel drops every verdict
// its reader is not already waiting for.
func NewObserver(ch chan<- Verdict, filter func(Verdict) bool) *Observer {
	if ch == nil {
		panic("detect: NewObserver with a nil channel")
	}
	return &Observer{ch: ch, filter: filter}
}

// NewFuncObserver returns an Observer that calls fn with each verdict that passes filter (nil:
// every verdict). fn must return quickly and must not call the driver that delivers to it:
// it runs with that driver's delivery lock held, which keeps verdicts in order.
func NewFuncObserver(fn func(Verdict), filter func(Verdict) bool) *Observer {
	if fn == nil {
		panic("detect: NewFuncObserver with a nil func")
	}
	return &Observer{fn: fn, filter: filter}
}

// Delivered returns the number of verdicts delivered so far.
func (o *Observer) Delivered() uint64 { return o.delivered.Load() }

// Dropped returns the number of verdicts dropped because the channel was full.
func (o *Observer) Dropped() uint64 { return o.dropped.Load() }

func (o *Observer) deliver(v Verdict) {
	if o.filter != nil && !o.filter(v) {
		return
	}
	if o.fn != nil {
		o.fn(v)
		o.delivered.Add(1)
		return
	}
	select {
	case o.ch <- v:
		o.delivered.Add(1)
	default:
		o.dropped.Add(1)
	}
}

// hub is the set of observers of one driver. emit delivers in the order of its calls: drivers
// call it with their state lock held or hand over to emitMu before releasing it, so two
// verdicts about one source never reach an observer out of order.
type hub struct {
	mu     sync.Mutex
	obs    []*Observer
	emitMu sync.Mutex
	logger *slog.Logger
}

func (h *hub) register(o *Observer) {
	if o == nil {
		panic("detect: Register(nil)")
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, x := range h.obs {
		if x == o {
			return
		}
	}
	h.obs = append(h.obs, o)
}

func (h *hub) deregister(o *Observer) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for i, x := range h.obs {
		if x == o {
			h.obs = append(h.obs[:i:i], h.obs[i+1:]...)
			return
		}
	}
}

// emitLocked delivers vs; the caller holds emitMu.
func (h *hub) emitLocked(vs []Verdict) {
	if len(vs) == 0 {
		return
	}
	h.mu.Lock()
	obs := h.obs
	h.mu.Unlock()
	for _, v := range vs {
		h.log(v)
		for _, o := range obs {
			o.deliver(v)
		}
	}
}

func (h *hub) log(v Verdict) {
	if h.logger == nil {
		return
	}
	level := slog.LevelInfo
	if v.Kind == KindFault {
		level = slog.LevelWarn
	}
	h.logger.LogAttrs(context.Background(), level, "detect: "+v.Kind.String(), slog.Any("verdict", v))
}

func loggerOrDiscard(l *slog.Logger) *slog.Logger {
	if l == nil {
		return slog.New(slog.DiscardHandler)
	}
	return l
}
