package detect

import (
	"errors"
	"fmt"
	"log/slog"
	"math"
	"os"
	"time"
)

// ErrInvalidConfig is wrapped by every error a Validate method returns.
var ErrInvalidConfig = errors.New("detect: invalid config")

// configErrors collects every conflict of one config, each naming the field and its value.
type configErrors struct {
	prefix string
	errs   []error
}

func (c *configErrors) add(field string, value any, reason string) {
	c.errs = append(c.errs, fmt.Errorf("%w: %s%s = %v: %s", ErrInvalidConfig, c.prefix, field, value, reason))
}

func (c *configErrors) err() error { return errors.Join(c.errs...) }

// TimeoutConfig configures the fixed timeout judge.
type TimeoutConfig struct {
	// Multiplier: a source is suspected after its announced interval x Multiplier without a
	// heartbeat. The seeds use 2; that suspects a source whenever one heartbeat is lost and the
	// next is a hair late, so the profiles use 3.
	Multiplier float64
}

// DefaultTimeoutConfig is the LAN profile: multiplier 3.
func DefaultTimeoutConfig() TimeoutConfig { return TimeoutConfig{Multiplier: 3} }

// LocalTimeoutConfig is the profile for sources on the same host: multiplier 3.
func LocalTimeoutConfig() TimeoutConfig { return TimeoutConfig{Multiplier: 3} }

// Validate reports every bad setting.
func (c TimeoutConfig) Validate() error {
	e := configErrors{prefix: "Timeout."}
	c.validate(&e)
	return e.err()
}

func (c TimeoutConfig) validate(e *configErrors) {
	if !(c.Multiplier >= 1) || math.IsInf(c.Multiplier, 0) {
		e.add("Multiplier", c.Multiplier, "must be at least 1 (a timeout shorter than the interval suspects every source)")
	}
}

// PhiConfig configures the phi accrual judge (see PhiJudge).
type PhiConfig struct {
	// Threshold is the phi at which a source is suspected: 8 means a silence that a live
	// source would show with probability 1e-8 under the model. Akka and Cassandra use 8.
	Threshold float64
	// MinStdDeviation is the least standard deviation of the model: on a quiet network the
	// measured one tends to zero and any jitter would make a suspect.
	MinStdDeviation time.Duration
	// AcceptablePause is added to the mean inter-arrival time: a silence this much longer than
	// usual costs no suspicion (GC pauses, scheduling).
	AcceptablePause time.Duration
	// SampleWindow is how many inter-arrival times the model keeps (the most recent).
	SampleWindow int
}

// DefaultPhiConfig is the LAN profile: threshold 8, min deviation 50ms, acceptable pause
// 500ms, 200 samples.
func DefaultPhiConfig() PhiConfig {
	return PhiConfig{Threshold: 8, MinStdDeviation: 50 * time.Millisecond, AcceptablePause: 500 * time.Millisecond, SampleWindow: 200}
}

// LocalPhiConfig is the profile for sources on the same host heartbeating every 100ms:
// threshold 8, min deviation 20ms, acceptable pause 100ms, 100 samples (10s of history).
// With a steady source it suspects after about 100+100+5.6x20 = 312ms of silence, which
// rides out a stop of the sender of up to 150ms (a gap of up to 250ms); pauses in the window
// widen the deviation and so the wait. bench/detect measures it.
func LocalPhiConfig() PhiConfig {
	return PhiConfig{Threshold: 8, MinStdDeviation: 20 * time.Millisecond, AcceptablePause: 100 * time.Millisecond, SampleWindow: 100}
}

// Validate reports every bad setting.
func (c PhiConfig) Validate() error {
	e := configErrors{prefix: "Phi."}
	c.validate(&e)
	return e.err()
}

func (c PhiConfig) validate(e *configErrors) {
	if !(c.Threshold > 0 && c.Threshold <= 100) {
		e.add("Threshold", c.Threshold, "must be in (0, 100]")
	}
	if c.MinStdDeviation <= 0 {
		e.add("MinStdDeviation", c.MinStdDeviation, "must be positive (a zero deviation suspects on any jitter)")
	}
	if c.AcceptablePause < 0 {
		e.add("AcceptablePause", c.AcceptablePause, "must not be negative")
	}
	if c.SampleWindow < 2 {
		e.add("SampleWindow", c.SampleWindow, "must be at least 2")
	}
}

// SenderConfig configures a heartbeat Sender.
type SenderConfig struct {
	// Source is the id the heartbeats carry: 1 to 255 bytes.
	Source string
	// Targets are the UDP addresses ("host:port") of the receivers; each heartbeat goes to all.
	Targets []string
	// Interval between heartbeats; announced in each heartbeat, so receivers need no setting.
	Interval time.Duration
	// Incarnation identifies this run of the source and must grow across restarts: a receiver
	// that sees a higher one reports an amnesia crash. 0 means Clock.Now() in Unix nanoseconds.
	Incarnation uint64
	// Key, if set, authenticates each heartbeat with HMAC-SHA256; the receivers need the same.
	Key    []byte
	Clock  Clock        // nil: SystemClock()
	Logger *slog.Logger // nil: discard
}

// DefaultSenderConfig is the LAN profile: a heartbeat every 250ms. Source and Targets must be
// filled in.
func DefaultSenderConfig() SenderConfig { return SenderConfig{Interval: 250 * time.Millisecond} }

// LocalSenderConfig is the profile for a receiver on the same host: every 100ms.
func LocalSenderConfig() SenderConfig { return SenderConfig{Interval: 100 * time.Millisecond} }

// Validate reports every bad setting.
func (c SenderConfig) Validate() error {
	var e configErrors
	if len(c.Source) == 0 || len(c.Source) > maxSourceLen {
		e.add("Source", fmt.Sprintf("%q", c.Source), fmt.Sprintf("must be 1 to %d bytes", maxSourceLen))
	}
	if len(c.Targets) == 0 {
		e.add("Targets", c.Targets, "need at least one receiver address")
	}
	for i, t := range c.Targets {
		if t == "" {
			e.add(fmt.Sprintf("Targets[%d]", i), `""`, "empty address")
		}
	}
	if c.Interval < time.Millisecond || c.Interval > maxInterval {
		e.add("Interval", c.Interval, fmt.Sprintf("must be in [1ms, %v]", maxInterval))
	}
	return e.err()
}

// JudgeKind selects the judge a Receiver uses.
type JudgeKind string

const (
	JudgePhi     JudgeKind = "phi"
	JudgeTimeout JudgeKind = "timeout"
)

// ReceiverConfig configures a heartbeat Receiver.
type ReceiverConfig struct {
	// Addr is the UDP address to listen on, e.g. ":7950"; "127.0.0.1:0" picks a free port.
	Addr string
	// Judge selects the judge; Phi or Timeout configures it.
	Judge   JudgeKind
	Phi     PhiConfig
	Timeout TimeoutConfig
	// Key, if set, makes the receiver drop heartbeats without a valid HMAC-SHA256 tag.
	Key []byte
	// AcceptUnknown makes any source that heartbeats monitored from its first heartbeat;
	// otherwise only sources named with Expect are, and others' heartbeats are counted and
	// dropped.
	AcceptUnknown bool
	// MaxSources bounds the sources monitored at once; heartbeats of more are dropped.
	MaxSources int
	Clock      Clock        // nil: SystemClock()
	Logger     *slog.Logger // nil: discard
}

// DefaultReceiverConfig is the LAN profile: phi accrual with DefaultPhiConfig, any source
// accepted, up to 10000 sources, listening on all interfaces at port 7950.
func DefaultReceiverConfig() ReceiverConfig {
	return ReceiverConfig{Addr: ":7950", Judge: JudgePhi, Phi: DefaultPhiConfig(), Timeout: DefaultTimeoutConfig(),
		AcceptUnknown: true, MaxSources: 10000}
}

// LocalReceiverConfig is the profile for senders on the same host: the Local judges and
// 127.0.0.1:7950.
func LocalReceiverConfig() ReceiverConfig {
	c := DefaultReceiverConfig()
	c.Addr = "127.0.0.1:7950"
	c.Phi = LocalPhiConfig()
	c.Timeout = LocalTimeoutConfig()
	return c
}

// Validate reports every bad setting.
func (c ReceiverConfig) Validate() error {
	var e configErrors
	if c.Addr == "" {
		e.add("Addr", `""`, "need a UDP address to listen on")
	}
	switch c.Judge {
	case JudgePhi:
		e.prefix = "Phi."
		c.Phi.validate(&e)
	case JudgeTimeout:
		e.prefix = "Timeout."
		c.Timeout.validate(&e)
	default:
		e.add("Judge", fmt.Sprintf("%q", c.Judge), `must be "phi" or "timeout"`)
	}
	e.prefix = ""
	if c.MaxSources < 1 {
		e.add("MaxSources", c.MaxSources, "must be at least 1")
	}
	return e.err()
}

// judgeFunc returns the judge maker and the detector name the config selects.
func (c ReceiverConfig) judgeFunc() (JudgeFunc, Detector) {
	if c.Judge == JudgeTimeout {
		cfg := c.Timeout
		return func(iv time.Duration) Judge { return NewTimeoutJudge(cfg, iv) }, DetectorTimeout
	}
	cfg := c.Phi
	return func(iv time.Duration) Judge { return NewPhiJudge(cfg, iv) }, DetectorPhi
}

// PollConfig configures a Poller (pull monitoring) of one target.
type PollConfig struct {
	// Target names the polled target in verdicts.
	Target string
	// Interval between the starts of two polls (FaultMonitoringInterval). Polls never
	// overlap: one that takes longer delays the next.
	Interval time.Duration
	// Timeout: no reply within it is an omission (FaultMonitoringTimeout).
	Timeout time.Duration
	// TimingBound: a reply slower than this, but within Timeout, is a timing fault.
	TimingBound time.Duration
	// CrashAfter consecutive omissions make a crash (the seeds' "repeated omission failure").
	CrashAfter int
	Clock      Clock        // nil: SystemClock()
	Logger     *slog.Logger // nil: discard
}

// DefaultPollConfig is the LAN profile: every 1s, timeout 500ms, timing bound 200ms, crash
// after 3 omissions. Target must be filled in.
func DefaultPollConfig() PollConfig {
	return PollConfig{Interval: time.Second, Timeout: 500 * time.Millisecond, TimingBound: 200 * time.Millisecond, CrashAfter: 3}
}

// LocalPollConfig is the profile for a target on the same host: every 200ms, timeout 100ms,
// timing bound 50ms, crash after 3 omissions.
func LocalPollConfig() PollConfig {
	return PollConfig{Interval: 200 * time.Millisecond, Timeout: 100 * time.Millisecond, TimingBound: 50 * time.Millisecond, CrashAfter: 3}
}

// Validate reports every bad setting.
func (c PollConfig) Validate() error {
	var e configErrors
	if c.Target == "" {
		e.add("Target", `""`, "name the target")
	}
	if c.Interval <= 0 {
		e.add("Interval", c.Interval, "must be positive")
	}
	if c.Timeout <= 0 {
		e.add("Timeout", c.Timeout, "must be positive")
	}
	if c.TimingBound <= 0 || c.TimingBound > c.Timeout {
		e.add("TimingBound", c.TimingBound, fmt.Sprintf("must be positive and at most Timeout (%v)", c.Timeout))
	}
	if c.CrashAfter < 1 {
		e.add("CrashAfter", c.CrashAfter, "must be at least 1")
	}
	return e.err()
}

// WatchdogConfig configures a Watchdog.
type WatchdogConfig struct {
	// Name names the watched activity in verdicts.
	Name string
	// Timeout: a kick must come within Timeout of the previous one (or of Run's start), as
	// systemd's WatchdogSec. Kick at least every Timeout/2.
	Timeout time.Duration
	// EndProcess makes a missed deadline also send EndSignal to Process, so that a supervisor
	// (systemd, the Warden agent) restarts it.
	EndProcess bool
	// Process to end; nil means this process.
	Process *os.Process
	// EndSignal is sent to end it; nil means SIGABRT, as systemd does (a Go program then
	// prints every goroutine's stack before it exits, which shows where it hung).
	EndSignal os.Signal
	Clock     Clock        // nil: SystemClock()
	Logger    *slog.Logger // nil: discard
}

// DefaultWatchdogConfig: a 10s timeout, not ending the process. Name must be filled in.
func DefaultWatchdogConfig() WatchdogConfig { return WatchdogConfig{Timeout: 10 * time.Second} }

// Validate reports every bad setting.
func (c WatchdogConfig) Validate() error {
	var e configErrors
	if c.Name == "" {
		e.add("Name", `""`, "name the watched activity")
	}
	if c.Timeout <= 0 {
		e.add("Timeout", c.Timeout, "must be positive")
	}
	if !c.EndProcess && (c.Process != nil || c.EndSignal != nil) {
		e.add("EndProcess", false, "Process or EndSignal is set but EndProcess is false")
	}
	return e.err()
}
