package detect

import (
	"context"
	"log/slog"
	"sync"
	"time"
)

// PollResult is the outcome of one poll, as a Probe driver saw it.
type PollResult struct {
	Start, End time.Time // when the probe was sent and when it returned, on one clock
	// Err is set when no reply came: timeout, connection refused, transport error.
	Err error
	// Serving is the reply's verdict on the target itself (SERVING for gRPC health; a
	// completed connect for TCP).
	Serving bool
	// Status is the reply's status text, kept as evidence (SERVING, NOT_SERVING, ...).
	Status string
}

// A PollTracker classifies the polls of one target and turns them into verdicts:
//
//	Err set, or End-Start > Timeout      -> omission (no reply in time)
//	reply not Serving                    -> omission (the target answers that it cannot serve)
//	End-Start > TimingBound              -> timing (a reply, but late)
//	otherwise                            -> good
//
//	first good poll                      -> KindUp
//	first omission                       -> KindFault Omission, StateSuspect
//	CrashAfter consecutive omissions     -> KindFault Crash, StateFailed
//	late reply (not already Timing)      -> KindFault Timing, StateSuspect
//	good poll after a fault              -> KindRecovered with the fault's Semantics
//	late reply after omissions or crash  -> KindRecovered (that fault), then KindFault Timing
//
// One verdict per change, not per poll: the consecutive count is in Evidence.Omissions. It is
// pure and not safe for concurrent use.
type PollTracker struct {
	target      string
	detector    Detector
	cfg         PollConfig
	addr        string
	state       State
	sem         Semantics // the ongoing fault, NoFault when alive
	omissions   int
	since       time.Time // first poll of the ongoing fault
	lastGood    time.Time // end of the last good or late reply
	seenAnyGood bool
}

// NewPollTracker returns a tracker for target; cfg's Timeout, TimingBound and CrashAfter
// apply (Interval is the driver's business). addr is kept as evidence.
func NewPollTracker(target string, detector Detector, addr string, cfg PollConfig) *PollTracker {
	return &PollTracker{target: target, detector: detector, addr: addr, cfg: cfg}
}

// State returns the current state and the ongoing fault.
func (t *PollTracker) State() (State, Semantics) { return t.state, t.sem }

// Observe classifies r and appends the verdicts it causes to dst.
func (t *PollTracker) Observe(dst []Verdict, r PollResult) []Verdict {
	latency := r.End.Sub(r.Start)
	ev := Evidence{Addr: t.addr, Latency: latency, Status: r.Status, Interval: t.cfg.Interval}
	if r.Err != nil {
		ev.Err = r.Err.Error()
	}
	switch {
	case r.Err != nil || latency > t.cfg.Timeout || !r.Serving:
		ev.Bound = t.cfg.Timeout
		t.omissions++
		ev.Omissions = t.omissions
		ev.LastArrival = t.lastGood
		switch {
		case t.omissions >= t.cfg.CrashAfter && t.sem != Crash:
			if t.sem != Omission {
				t.since = r.Start
			}
			t.state, t.sem = StateFailed, Crash
			return append(dst, t.verdict(KindFault, Crash, r.End, ev))
		case t.sem == Omission || t.sem == Crash:
			return dst
		default:
			if t.sem == Timing {
				dst = append(dst, t.recovered(r.End, ev))
			}
			t.state, t.sem, t.since = StateSuspect, Omission, r.Start
			return append(dst, t.verdict(KindFault, Omission, r.End, ev))
		}
	case latency > t.cfg.TimingBound:
		ev.Bound = t.cfg.TimingBound
		t.omissions = 0
		t.lastGood = r.End
		t.seenAnyGood = true
		if t.sem == Timing {
			return dst
		}
		if t.sem != NoFault {
			dst = append(dst, t.recovered(r.End, ev))
		}
		t.state, t.sem, t.since = StateSuspect, Timing, r.Start
		ev.LastArrival = r.End
		return append(dst, t.verdict(KindFault, Timing, r.End, ev))
	default:
		t.omissions = 0
		t.lastGood = r.End
		ev.LastArrival = r.End
		first := !t.seenAnyGood
		t.seenAnyGood = true
		switch {
		case t.sem != NoFault:
			return append(dst, t.recovered(r.End, ev))
		case first:
			t.state = StateAlive
			return append(dst, t.verdict(KindUp, NoFault, r.End, ev))
		}
		return dst
	}
}

func (t *PollTracker) recovered(at time.Time, ev Evidence) Verdict {
	sem, since := t.sem, t.since
	t.state, t.sem = StateAlive, NoFault
	v := t.verdict(KindRecovered, sem, at, ev)
	v.Since = since
	v.Evidence.Omissions = 0
	v.Evidence.Silence = at.Sub(since)
	return v
}

func (t *PollTracker) verdict(kind Kind, sem Semantics, at time.Time, ev Evidence) Verdict {
	v := Verdict{Source: t.target, Detector: t.detector, Kind: kind, Semantics: sem, State: t.state, At: at, Evidence: ev}
	if kind == KindFault {
		v.Since = t.since
	}
	return v
}

// A Probe asks a target once whether it is alive. It must return when ctx ends. A returned
// error means no reply; a Reply means one came, whatever it says.
type Probe interface {
	Probe(ctx context.Context) (Reply, error)
	// Detector names the probe in verdicts; Addr is the target's address, for evidence.
	Detector() Detector
	Addr() string
}

// Reply is a probe's answer.
type Reply struct {
	Serving bool   // the target says it can serve
	Status  string // its status text, as evidence
}

// A Poller polls one target with a Probe every Interval, classifies each poll with a
// PollTracker and delivers verdicts to its observers. Poll, Register, Deregister and State
// are safe for concurrent use; Run is called once.
type Poller struct {
	cfg    PollConfig
	clock  Clock
	probe  Probe
	logger *slog.Logger
	hub    hub

	pollMu  sync.Mutex // one poll at a time
	mu      sync.Mutex // guards tracker
	tracker *PollTracker
}

// NewPoller validates cfg and returns a Poller of probe's target.
func NewPoller(cfg PollConfig, probe Probe) (*Poller, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if cfg.Clock == nil {
		cfg.Clock = SystemClock()
	}
	p := &Poller{cfg: cfg, clock: cfg.Clock, probe: probe, logger: loggerOrDiscard(cfg.Logger),
		tracker: NewPollTracker(cfg.Target, probe.Detector(), probe.Addr(), cfg)}
	p.hub.logger = p.logger
	return p, nil
}

// Register adds an observer of this poller's verdicts.
func (p *Poller) Register(o *Observer) { p.hub.register(o) }

// Deregister removes an observer.
func (p *Poller) Deregister(o *Observer) { p.hub.deregister(o) }

// State returns what the poller believes of its target and the ongoing fault.
func (p *Poller) State() (State, Semantics) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.tracker.State()
}

// Poll probes the target once now, waiting at most Timeout (on the Clock), delivers the
// verdicts to the observers and returns them.
func (p *Poller) Poll(ctx context.Context) []Verdict {
	p.pollMu.Lock()
	defer p.pollMu.Unlock()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	timer := p.clock.NewTimer(p.cfg.Timeout)
	defer timer.Stop()
	go func() {
		select {
		case <-timer.C():
			cancel()
		case <-ctx.Done():
		}
	}()
	start := p.clock.Now()
	reply, err := p.probe.Probe(ctx)
	end := p.clock.Now()
	p.mu.Lock()
	vs := p.tracker.Observe(nil, PollResult{Start: start, End: end, Err: err, Serving: reply.Serving, Status: reply.Status})
	p.hub.emitMu.Lock()
	p.mu.Unlock()
	p.hub.emitLocked(vs)
	p.hub.emitMu.Unlock()
	return vs
}

// Run polls at once and then every Interval (from the start of one poll to the start of the
// next; never two at once) until ctx ends, and returns nil.
func (p *Poller) Run(ctx context.Context) error {
	for {
		start := p.clock.Now()
		p.Poll(ctx)
		if ctx.Err() != nil {
			return nil
		}
		t := p.clock.NewTimer(start.Add(p.cfg.Interval).Sub(p.clock.Now()))
		select {
		case <-ctx.Done():
			t.Stop()
			return nil
		case <-t.C():
		}
	}
}
