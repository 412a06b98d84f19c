package detect

import (
	"context"
	"log/slog"
	"os"
	"sync"
	"time"
)

// A WatchdogTracker is the pure core of Watchdog: kicks and now in, timing verdicts out.
//
//	no kick within Timeout of the last (or of the start) -> KindFault Timing, StateSuspect, Certain
//	kick after that                                      -> KindRecovered Timing, StateAlive
//
// Not safe for concurrent use.
type WatchdogTracker struct {
	name    string
	timeout time.Duration
	last    time.Time
	expired bool
}

// NewWatchdogTracker returns a tracker armed at start.
func NewWatchdogTracker(name string, timeout time.Duration, start time.Time) *WatchdogTracker {
	return &WatchdogTracker{name: name, timeout: timeout, last: start}
}

// Kick records a kick at now and appends the recovery it causes, if the deadline had passed.
func (t *WatchdogTracker) Kick(dst []Verdict, now time.Time) []Verdict {
	prev := t.last
	if now.After(t.last) {
		t.last = now
	}
	if !t.expired {
		return dst
	}
	t.expired = false
	v := t.verdict(KindRecovered, StateAlive, now, prev)
	v.Evidence.Silence = now.Sub(prev)
	v.Evidence.Latency = now.Sub(prev) - t.timeout // how late the kick came
	return append(dst, v)
}

// Check appends a timing fault if the deadline has passed at now and was not reported yet.
func (t *WatchdogTracker) Check(dst []Verdict, now time.Time) []Verdict {
	if t.expired || now.Before(t.Deadline()) {
		return dst
	}
	t.expired = true
	v := t.verdict(KindFault, StateSuspect, now, t.last)
	v.Evidence.Silence = now.Sub(t.last)
	return append(dst, v)
}

// Deadline returns when the next kick is due.
func (t *WatchdogTracker) Deadline() time.Time { return t.last.Add(t.timeout) }

// Expired reports whether the deadline passed without a kick since.
func (t *WatchdogTracker) Expired() bool { return t.expired }

func (t *WatchdogTracker) verdict(kind Kind, st State, now, last time.Time) Verdict {
	return Verdict{Source: t.name, Detector: DetectorWatchdog, Kind: kind, Semantics: Timing, State: st,
		Certain: true, At: now, Since: last.Add(t.timeout),
		Evidence: Evidence{LastArrival: last, Bound: t.timeout, Interval: t.timeout}}
}

// A Watchdog is kicked by the application: a missed deadline is a timing fault, and, with
// EndProcess, the process is sent EndSignal so that its supervisor restarts it (the systemd
// WatchdogSec model). Kick is cheap and safe for concurrent use; Run is called once.
type Watchdog struct {
	cfg    WatchdogConfig
	clock  Clock
	logger *slog.Logger
	hub    hub

	mu      sync.Mutex
	tracker *WatchdogTracker
	poke    chan struct{}
}

// NewWatchdog validates cfg and returns a watchdog; its deadline starts with Run.
func NewWatchdog(cfg WatchdogConfig) (*Watchdog, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if cfg.Clock == nil {
		cfg.Clock = SystemClock()
	}
	if cfg.EndProcess {
		if cfg.Process == nil {
			p, err := os.FindProcess(os.Getpid())
			if err != nil {
				return nil, err
			}
			cfg.Process = p
		}
		if cfg.EndSignal == nil {
			cfg.EndSignal = defaultEndSignal()
		}
	}
	w := &Watchdog{cfg: cfg, clock: cfg.Clock, logger: loggerOrDiscard(cfg.Logger), poke: make(chan struct{}, 1)}
	w.hub.logger = w.logger
	return w, nil
}

// Register adds an observer of this watchdog's verdicts.
func (w *Watchdog) Register(o *Observer) { w.hub.register(o) }

// Deregister removes an observer.
func (w *Watchdog) Deregister(o *Observer) { w.hub.deregister(o) }

// Kick tells the watchdog the application is making progress. Kicks before Run are ignored.
func (w *Watchdog) Kick() {
	w.mu.Lock()
	if w.tracker == nil {
		w.mu.Unlock()
		return
	}
	vs := w.tracker.Kick(nil, w.clock.Now())
	w.hub.emitMu.Lock()
	w.mu.Unlock()
	w.hub.emitLocked(vs)
	w.hub.emitMu.Unlock()
	if len(vs) > 0 {
		select {
		case w.poke <- struct{}{}:
		default:
		}
	}
}

// Run arms the deadline and watches it until ctx ends; it returns nil then. On a missed
// deadline it delivers a timing fault and, with EndProcess, signals the process; if that is
// this process, Run may not return.
func (w *Watchdog) Run(ctx context.Context) error {
	w.mu.Lock()
	w.tracker = NewWatchdogTracker(w.cfg.Name, w.cfg.Timeout, w.clock.Now())
	w.mu.Unlock()
	for {
		w.mu.Lock()
		now := w.clock.Now()
		vs := w.tracker.Check(nil, now)
		expired, deadline := w.tracker.Expired(), w.tracker.Deadline()
		w.hub.emitMu.Lock()
		w.mu.Unlock()
		w.hub.emitLocked(vs)
		w.hub.emitMu.Unlock()
		if len(vs) > 0 && w.cfg.EndProcess {
			w.logger.Error("detect: watchdog deadline missed, ending process", "watchdog", w.cfg.Name,
				"pid", w.cfg.Process.Pid, "signal", w.cfg.EndSignal.String())
			if err := w.cfg.Process.Signal(w.cfg.EndSignal); err != nil {
				w.logger.Error("detect: watchdog could not end process", "watchdog", w.cfg.Name, "err", err)
			}
		}
		var fire <-chan time.Time
		var t Timer
		if !expired {
			t = w.clock.NewTimer(deadline.Sub(now))
			fire = t.C()
		}
		select {
		case <-ctx.Done():
			if t != nil {
				t.Stop()
			}
			return nil
		case <-fire:
		case <-w.poke:
			if t != nil {
				t.Stop()
			}
		}
	}
}
