package detect

import (
	"fmt"
	"log/slog"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Kind says what a verdict reports: a source came up, a fault, or the end of a fault.
type Kind uint8

const (
	// KindUp: the first sign of life from a source (first heartbeat, first good poll).
	KindUp Kind = iota + 1
	// KindFault: a fault was detected. Semantics says which; State says whether the source is
	// still considered down (StateSuspect, StateFailed) or already back (StateAlive, for an
	// amnesia crash that restarted faster than the judge could suspect it).
	KindFault
	// KindRecovered: a source that was in a fault is healthy again. Semantics says what the
	// fault turned out to be: Pause (heartbeats resumed with the same incarnation), Amnesia (a
	// new incarnation), or the Omission, Timing or Crash that has just cleared.
	KindRecovered
)

func (k Kind) String() string {
	switch k {
	case KindUp:
		return "up"
	case KindFault:
		return "fault"
	case KindRecovered:
		return "recovered"
	}
	return "kind(" + strconv.Itoa(int(k)) + ")"
}

// Semantics is the failure semantics of a fault, in the seeds' classification.
type Semantics uint8

const (
	// NoFault is the Semantics of a KindUp verdict.
	NoFault Semantics = iota
	// Crash: the source stopped (halting crash). From heartbeats alone this is a suspicion
	// (Verdict.Certain false): a pause looks the same until heartbeats resume. A process exit
	// and repeated omissions are crashes too.
	Crash
	// Pause: the source was suspected and then resumed with the same incarnation (pause-crash:
	// SIGSTOP, a long GC, a VM migration). Reported on KindRecovered.
	Pause
	// Amnesia: the source came back with a new incarnation, having lost its state
	// (amnesia-crash: a restart).
	Amnesia
	// Omission: the source did not reply (pull) within the timeout.
	Omission
	// Timing: the source replied, or kicked its watchdog, later than the bound.
	Timing
)

func (s Semantics) String() string {
	switch s {
	case NoFault:
		return "none"
	case Crash:
		return "crash"
	case Pause:
		return "pause"
	case Amnesia:
		return "amnesia"
	case Omission:
		return "omission"
	case Timing:
		return "timing"
	}
	return "semantics(" + strconv.Itoa(int(s)) + ")"
}

// State is what a detector believes of a source after a verdict.
type State uint8

const (
	// StateUnknown: nothing heard yet.
	StateUnknown State = iota
	// StateAlive: heard from recently and within bounds.
	StateAlive
	// StateSuspect: a fault is suspected and ongoing (silence, omissions, late replies).
	StateSuspect
	// StateFailed: a crash the detector is sure of (process exit) or has escalated to
	// (repeated omissions).
	StateFailed
)

func (s State) String() string {
	switch s {
	case StateUnknown:
		return "unknown"
	case StateAlive:
		return "alive"
	case StateSuspect:
		return "suspect"
	case StateFailed:
		return "failed"
	}
	return "state(" + strconv.Itoa(int(s)) + ")"
}

// Detector names the detector that reached a verdict.
type Detector string

const (
	DetectorPhi      Detector = "heartbeat-phi"     // push heartbeats, phi accrual judge
	DetectorTimeout  Detector = "heartbeat-timeout" // push heartbeats, fixed timeout judge
	DetectorHealth   Detector = "grpc-health"       // pull, grpc.health.v1.Health/Check
	DetectorTCP      Detector = "tcp-connect"       // pull, TCP connect
	DetectorProcess  Detector = "process"           // wait on a child process
	DetectorWatchdog Detector = "watchdog"          // application kicks
)

// A Verdict is what a detector concluded about one source at one time. It is a value: the
// receiver of a Verdict owns it.
type Verdict struct {
	Source    string    // the monitored source or target: heartbeat source id, poll target, process or watchdog name
	Detector  Detector  // which detector reached it
	Kind      Kind      // up, fault or recovered
	Semantics Semantics // the fault (KindFault) or what the fault that ended was (KindRecovered)
	State     State     // what the detector believes of the source after this verdict
	// Certain is true when the verdict is a fact rather than a suspicion: a process exit
	// status, a watchdog deadline that passed on this clock, a new incarnation.
	Certain bool
	At      time.Time // when the verdict was reached, on the detector's clock
	// Since is the detector's best estimate of when the fault began (the last heartbeat
	// before the silence, the first failed poll, the last kick); on KindRecovered, when the
	// fault that just ended began. Zero on KindUp.
	Since    time.Time
	Evidence Evidence
}

// Evidence is what a verdict rests on. Fields that do not apply to a detector are zero.
type Evidence struct {
	Addr        string    // network address the heartbeats came from, or the poll target's
	LastArrival time.Time // last heartbeat, good reply or kick before the verdict
	LastSentAt  time.Time // send time stamped in the last heartbeat (the sender's clock)
	Seq         uint64    // sequence number of the last heartbeat (of the new incarnation on amnesia)
	Incarnation uint64    // incarnation of the source (the new one on amnesia)
	// PrevIncarnation is the incarnation that was lost, on Amnesia.
	PrevIncarnation uint64
	Interval        time.Duration // heartbeat interval the source announced, or the poll interval
	// Phi is the judge's suspicion level at the verdict: phi for the phi accrual judge,
	// silence/timeout for the fixed timeout judge. Threshold is the level that makes a suspect.
	Phi       float64
	Threshold float64
	Silence   time.Duration // At - LastArrival on a fault; the length of the gap on recovery
	Latency   time.Duration // pull: how long the reply took (or how long was waited for it)
	Bound     time.Duration // the bound that was exceeded: timeout, timing bound, watchdog timeout
	Omissions int           // pull: consecutive omissions
	Lost      uint64        // heartbeats missing by sequence number in this incarnation
	PID       int           // process
	ExitCode  int           // process: exit status, -1 when ended by a signal
	Signal    string        // process: the signal that ended it ("killed", "aborted")
	Status    string        // pull: the reply's status (SERVING, NOT_SERVING, ...)
	Err       string        // pull or process: the error that stood for the reply
}

// KeyValues returns the evidence's non-zero fields as strings under stable snake_case keys:
// the free key/values of a fault event. Times are RFC 3339 with nanoseconds, durations in
// Go's notation.
func (e Evidence) KeyValues() map[string]string {
	m := map[string]string{}
	str := func(k, v string) {
		if v != "" {
			m[k] = v
		}
	}
	tm := func(k string, t time.Time) {
		if !t.IsZero() {
			m[k] = t.UTC().Format(time.RFC3339Nano)
		}
	}
	dur := func(k string, d time.Duration) {
		if d != 0 {
			m[k] = d.String()
		}
	}
	u := func(k string, v uint64) {
		if v != 0 {
			m[k] = strconv.FormatUint(v, 10)
		}
	}
	str("addr", e.Addr)
	tm("last_arrival", e.LastArrival)
	tm("last_sent_at", e.LastSentAt)
	u("seq", e.Seq)
	u("incarnation", e.Incarnation)
	u("prev_incarnation", e.PrevIncarnation)
	dur("interval", e.Interval)
	if e.Phi != 0 || e.Threshold != 0 {
		m["phi"] = strconv.FormatFloat(e.Phi, 'f', 3, 64)
		m["threshold"] = strconv.FormatFloat(e.Threshold, 'f', 3, 64)
	}
	dur("silence", e.Silence)
	dur("latency", e.Latency)
	dur("bound", e.Bound)
	u("omissions", uint64(e.Omissions))
	u("lost", e.Lost)
	if e.PID != 0 {
		m["pid"] = strconv.Itoa(e.PID)
		m["exit_code"] = strconv.Itoa(e.ExitCode)
	}
	str("signal", e.Signal)
	str("status", e.Status)
	str("error", e.Err)
	return m
}

// String formats the verdict on one line for people, e.g.
// "web-1 heartbeat-phi fault crash suspect silence=412ms phi=9.37".
func (v Verdict) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s %s", v.Source, v.Detector, v.Kind)
	if v.Kind != KindUp {
		fmt.Fprintf(&b, " %s", v.Semantics)
	}
	fmt.Fprintf(&b, " %s", v.State)
	if v.Certain {
		b.WriteString(" certain")
	}
	e := v.Evidence
	if e.Silence != 0 {
		fmt.Fprintf(&b, " silence=%v", e.Silence)
	}
	if e.Threshold != 0 {
		fmt.Fprintf(&b, " phi=%.2f", e.Phi)
	}
	if e.Latency != 0 {
		fmt.Fprintf(&b, " latency=%v", e.Latency)
	}
	if e.Omissions != 0 {
		fmt.Fprintf(&b, " omissions=%d", e.Omissions)
	}
	if e.PrevIncarnation != 0 {
		fmt.Fprintf(&b, " incarnation=%d->%d", e.PrevIncarnation, e.Incarnation)
	}
	if e.PID != 0 {
		fmt.Fprintf(&b, " pid=%d exit=%d", e.PID, e.ExitCode)
	}
	if e.Signal != "" {
		fmt.Fprintf(&b, " signal=%s", e.Signal)
	}
	if e.Status != "" {
		fmt.Fprintf(&b, " status=%s", e.Status)
	}
	if e.Err != "" {
		fmt.Fprintf(&b, " err=%q", e.Err)
	}
	return b.String()
}

// LogValue makes a Verdict log as a group of its main fields with log/slog.
func (v Verdict) LogValue() slog.Value {
	attrs := []slog.Attr{
		slog.String("source", v.Source),
		slog.String("detector", string(v.Detector)),
		slog.String("kind", v.Kind.String()),
		slog.String("semantics", v.Semantics.String()),
		slog.String("state", v.State.String()),
		slog.Bool("certain", v.Certain),
		slog.Time("at", v.At),
	}
	if !v.Since.IsZero() {
		attrs = append(attrs, slog.Time("since", v.Since))
	}
	kv := v.Evidence.KeyValues()
	for _, k := range slices.Sorted(maps.Keys(kv)) {
		attrs = append(attrs, slog.String(k, kv[k]))
	}
	return slog.GroupValue(attrs...)
}
