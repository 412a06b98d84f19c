package detect

import (
	"container/heap"
	"slices"
	"strings"
	"time"
)

// A HeartbeatTracker judges one push source: it feeds arrivals to a Judge, follows the
// source's incarnation and sequence numbers, and turns what it sees into verdicts:
//
//	first heartbeat                        -> KindUp, StateAlive
//	judge suspects (Check)                 -> KindFault Crash, StateSuspect, Certain false
//	heartbeat, same incarnation, suspected -> KindRecovered Pause, StateAlive
//	heartbeat, higher incarnation:
//	    while suspected                    -> KindRecovered Amnesia, StateAlive
//	    while alive                        -> KindFault Amnesia, StateAlive (a restart faster
//	                                          than the judge; Certain true)
//	heartbeat of a lower incarnation, or a sequence number already seen: counted, ignored
//
// It is pure (times are arguments) and not safe for concurrent use.
type HeartbeatTracker struct {
	source   string
	detector Detector
	newJudge JudgeFunc
	judge    Judge

	seen        bool // a heartbeat arrived (Expect alone does not set it)
	state       State
	incarnation uint64
	seq         uint64
	interval    time.Duration
	lastArrival time.Time
	lastSent    time.Time
	since       time.Time // the last arrival before the ongoing suspicion
	expectedAt  time.Time // when Expect was called
	addr        string

	received, lost, stale uint64
}

// NewHeartbeatTracker returns a tracker for source whose verdicts name detector and whose
// judges newJudge makes (one per incarnation).
func NewHeartbeatTracker(source string, detector Detector, newJudge JudgeFunc) *HeartbeatTracker {
	return &HeartbeatTracker{source: source, detector: detector, newJudge: newJudge}
}

// Expect starts judging the source before its first heartbeat, as if one had arrived at now
// announcing interval: a source that never heartbeats is suspected like one that stopped.
func (t *HeartbeatTracker) Expect(interval time.Duration, now time.Time) {
	if t.seen || t.judge != nil {
		return
	}
	t.interval = interval
	t.expectedAt = now
	t.judge = t.newJudge(interval)
	t.judge.Resume(now)
}

// Observe records hb, received from addr at at, and appends the verdict it causes, if any,
// to dst.
func (t *HeartbeatTracker) Observe(dst []Verdict, hb Heartbeat, addr string, at time.Time) []Verdict {
	switch {
	case !t.seen:
		wasSuspect := t.state == StateSuspect
		t.start(hb, at)
		t.addr = addr
		if wasSuspect {
			// Expected, suspected, then heard: late to start, indistinguishable from a pause.
			v := t.verdict(KindRecovered, Pause, at)
			v.Since = t.since
			v.Evidence.Silence = at.Sub(t.since)
			return append(dst, v)
		}
		return append(dst, t.verdict(KindUp, NoFault, at))
	case hb.Incarnation < t.incarnation:
		t.stale++
		return dst
	case hb.Incarnation > t.incarnation:
		prevInc, prevArrival, wasSuspect := t.incarnation, t.lastArrival, t.state == StateSuspect
		since := prevArrival
		if wasSuspect {
			since = t.since
		}
		t.start(hb, at)
		t.addr = addr
		kind := KindFault
		if wasSuspect {
			kind = KindRecovered
		}
		v := t.verdict(kind, Amnesia, at)
		v.Certain = true
		v.Since = since
		v.Evidence.PrevIncarnation = prevInc
		v.Evidence.Silence = at.Sub(prevArrival)
		return append(dst, v)
	}
	if hb.Seq <= t.seq {
		t.stale++
		return dst
	}
	t.received++
	t.lost += hb.Seq - t.seq - 1
	t.seq = hb.Seq
	t.lastSent = hb.SentAt
	t.addr = addr
	if hb.Interval != t.interval {
		// The sender was reconfigured: judge afresh rather than with samples of another rate.
		t.interval = hb.Interval
		t.judge = t.newJudge(hb.Interval)
		t.judge.Resume(at)
	} else if t.state == StateSuspect {
		t.judge.Resume(at)
	} else {
		t.judge.Observe(at)
	}
	gap := at.Sub(t.lastArrival)
	t.lastArrival = at
	if t.state != StateSuspect {
		return dst
	}
	t.state = StateAlive
	v := t.verdict(KindRecovered, Pause, at)
	v.Since = t.since
	v.Evidence.Silence = gap
	return append(dst, v)
}

func (t *HeartbeatTracker) start(hb Heartbeat, at time.Time) {
	t.seen = true
	t.state = StateAlive
	t.incarnation = hb.Incarnation
	t.seq = hb.Seq
	t.lost = 0
	t.received++
	t.interval = hb.Interval
	t.lastArrival = at
	t.lastSent = hb.SentAt
	t.judge = t.newJudge(hb.Interval)
	t.judge.Observe(at)
}

// Check appends a crash suspicion to dst if the judge suspects the source at now and it was
// not suspected already.
func (t *HeartbeatTracker) Check(dst []Verdict, now time.Time) []Verdict {
	if t.judge == nil || t.state == StateSuspect || !Suspect(t.judge, now) {
		return dst
	}
	level := t.judge.Level(now)
	t.state = StateSuspect
	last := t.lastArrival
	if !t.seen {
		last = t.expectedAt // no arrival: count from the expectation instead
	}
	t.since = last
	v := t.verdict(KindFault, Crash, now)
	v.Since = last
	v.Evidence.Phi = level
	if !last.IsZero() {
		v.Evidence.Silence = now.Sub(last)
	}
	return append(dst, v)
}

// Deadline returns when Check may next produce a verdict if nothing arrives first; ok is false
// when no time will (suspected already, or nothing to judge yet).
func (t *HeartbeatTracker) Deadline() (at time.Time, ok bool) {
	if t.judge == nil || t.state == StateSuspect {
		return time.Time{}, false
	}
	at = t.judge.SuspectAt()
	return at, !at.IsZero()
}

func (t *HeartbeatTracker) verdict(kind Kind, sem Semantics, at time.Time) Verdict {
	v := Verdict{
		Source: t.source, Detector: t.detector, Kind: kind, Semantics: sem, State: t.state, At: at,
		Evidence: Evidence{
			Addr: t.addr, LastArrival: t.lastArrival, LastSentAt: t.lastSent, Seq: t.seq,
			Incarnation: t.incarnation, Interval: t.interval, Lost: t.lost,
		},
	}
	if t.judge != nil {
		v.Evidence.Threshold = t.judge.Threshold()
		if kind != KindFault || sem != Crash {
			v.Evidence.Phi = t.judge.Level(at)
		}
	}
	return v
}

// Status returns the tracker's view of its source at now.
func (t *HeartbeatTracker) Status(now time.Time) SourceStatus {
	s := SourceStatus{
		Source: t.source, Detector: t.detector, State: t.state, Addr: t.addr, LastArrival: t.lastArrival,
		LastSentAt: t.lastSent, Seq: t.seq, Incarnation: t.incarnation, Interval: t.interval,
		Received: t.received, Lost: t.lost, Stale: t.stale,
	}
	if t.judge != nil {
		s.Level = t.judge.Level(now)
		s.Threshold = t.judge.Threshold()
	}
	return s
}

// SourceStatus is a snapshot of one monitored heartbeat source.
type SourceStatus struct {
	Source      string
	Detector    Detector
	State       State
	Addr        string
	LastArrival time.Time
	LastSentAt  time.Time
	Seq         uint64
	Incarnation uint64
	Interval    time.Duration
	Level       float64 // the judge's suspicion level now (phi, or silence/timeout)
	Threshold   float64
	Received    uint64 // heartbeats accepted
	Lost        uint64 // missing by sequence number, this incarnation
	Stale       uint64 // duplicates, reordered, or of an older incarnation
}

// RawReceiver is the pure core of Receiver: the HeartbeatTrackers of many sources and the
// order of their deadlines. Feed it heartbeats with Observe and call Check at NextDeadline;
// it reads no clock and is not safe for concurrent use.
type RawReceiver struct {
	detector      Detector
	newJudge      JudgeFunc
	acceptUnknown bool
	maxSources    int
	sources       map[string]*entry
	deadlines     deadlineHeap
}

type entry struct {
	t        *HeartbeatTracker
	deadline time.Time // zero: none
	index    int       // in the heap, -1 when not in it
}

// NewRawReceiver returns a core whose sources are judged by judges newJudge makes, with
// verdicts naming detector. With acceptUnknown, the first heartbeat of any source starts
// monitoring it; otherwise only sources named with Expect are. At most maxSources are kept.
func NewRawReceiver(detector Detector, newJudge JudgeFunc, acceptUnknown bool, maxSources int) *RawReceiver {
	return &RawReceiver{detector: detector, newJudge: newJudge, acceptUnknown: acceptUnknown,
		maxSources: maxSources, sources: map[string]*entry{}}
}

// Observe records hb, received from addr at at, and appends the verdict it causes to dst. ok
// is false when the heartbeat was refused: an unknown source without acceptUnknown, or one too
// many sources.
func (r *RawReceiver) Observe(dst []Verdict, hb Heartbeat, addr string, at time.Time) (_ []Verdict, ok bool) {
	e := r.sources[hb.Source]
	if e == nil {
		if !r.acceptUnknown || len(r.sources) >= r.maxSources {
			return dst, false
		}
		e = r.add(hb.Source)
	}
	dst = e.t.Observe(dst, hb, addr, at)
	r.update(e)
	return dst, true
}

func (r *RawReceiver) add(source string) *entry {
	e := &entry{t: NewHeartbeatTracker(source, r.detector, r.newJudge), index: -1}
	r.sources[source] = e
	return e
}

// Expect starts monitoring source as if it had heartbeat at now with interval, so that its
// silence is suspected even if it never sends. It does nothing to a source already monitored.
// It reports false when maxSources are monitored already.
func (r *RawReceiver) Expect(source string, interval time.Duration, now time.Time) bool {
	e := r.sources[source]
	if e == nil {
		if len(r.sources) >= r.maxSources {
			return false
		}
		e = r.add(source)
	}
	e.t.Expect(interval, now)
	r.update(e)
	return true
}

// Forget stops monitoring source; it reports whether it was monitored.
func (r *RawReceiver) Forget(source string) bool {
	e := r.sources[source]
	if e == nil {
		return false
	}
	if e.index >= 0 {
		heap.Remove(&r.deadlines, e.index)
	}
	delete(r.sources, source)
	return true
}

// Check appends to dst the verdicts of every source whose deadline is at or before now.
func (r *RawReceiver) Check(dst []Verdict, now time.Time) []Verdict {
	for len(r.deadlines) > 0 && !now.Before(r.deadlines[0].deadline) {
		e := r.deadlines[0]
		dst = e.t.Check(dst, now)
		r.update(e)
		if len(r.deadlines) > 0 && r.deadlines[0] == e && !now.Before(e.deadline) {
			panic("detect: invariant violated: a judge did not suspect at its own SuspectAt")
		}
	}
	return dst
}

// NextDeadline returns the earliest time Check may produce a verdict; ok is false if none will
// without further heartbeats.
func (r *RawReceiver) NextDeadline() (time.Time, bool) {
	if len(r.deadlines) == 0 {
		return time.Time{}, false
	}
	return r.deadlines[0].deadline, true
}

// Status returns the status of one source at now.
func (r *RawReceiver) Status(source string, now time.Time) (SourceStatus, bool) {
	e := r.sources[source]
	if e == nil {
		return SourceStatus{}, false
	}
	return e.t.Status(now), true
}

// Sources returns the status of every source at now, ordered by source.
func (r *RawReceiver) Sources(now time.Time) []SourceStatus {
	out := make([]SourceStatus, 0, len(r.sources))
	for _, e := range r.sources {
		out = append(out, e.t.Status(now))
	}
	slices.SortFunc(out, func(a, b SourceStatus) int { return strings.Compare(a.Source, b.Source) })
	return out
}

// Len returns the number of sources monitored.
func (r *RawReceiver) Len() int { return len(r.sources) }

func (r *RawReceiver) update(e *entry) {
	d, ok := e.t.Deadline()
	switch {
	case !ok && e.index >= 0:
		heap.Remove(&r.deadlines, e.index)
	case !ok:
	case e.index >= 0:
		e.deadline = d
		heap.Fix(&r.deadlines, e.index)
	default:
		e.deadline = d
		heap.Push(&r.deadlines, e)
	}
}

type deadlineHeap []*entry

func (h deadlineHeap) Len() int           { return len(h) }
func (h deadlineHeap) Less(i, j int) bool { return h[i].deadline.Before(h[j].deadline) }
func (h deadlineHeap) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].index = i
	h[j].index = j
}
func (h *deadlineHeap) Push(x any) {
	e := x.(*entry)
	e.index = len(*h)
	*h = append(*h, e)
}
func (h *deadlineHeap) Pop() any {
	old := *h
	e := old[len(old)-1]
	old[len(old)-1] = nil
	*h = old[:len(old)-1]
	e.index = -1
	return e
}
