package analyze

import (
	"errors"
	"fmt"
	"math"
	"time"
)

// Config holds the windows and thresholds of correlation and classification. The package doc
// says exactly how each is used. Start from DefaultConfig and change what you need; New
// refuses a Config that Validate rejects.
type Config struct {
	// CorrelationWindow: a fault of a location (or of a type at a location) is the root cause
	// of a fault of something it covers when the two times are at most this far apart, in
	// either direction, or when the broader fault is still open (not recovered) at the
	// narrower one. Also how late an event may arrive and still be correlated.
	CorrelationWindow time.Duration

	// TransientWindow: a fault whose subject recovers less than this after it, with no restart
	// of that subject in between, is transient. An own fault still open this long (neither
	// recovered nor closed by a restart) is charged to the subject's restart budget.
	TransientWindow time.Duration

	// FlapWindow and FlapThreshold: FlapThreshold faults of one subject within FlapWindow make
	// it intermittent (flapping).
	FlapWindow    time.Duration
	FlapThreshold int

	// Damping, in the style of BGP route flap damping (RFC 2439): every fault of a subject adds
	// FlapPenalty to its penalty, which halves every PenaltyHalfLife. When the penalty rises
	// above SuppressThreshold the subject is suppressed: no restart of it and no placement on
	// it, until the penalty decays to ReuseThreshold. The penalty is capped so that
	// suppression never lasts longer than MaxSuppressTime after the last fault.
	FlapPenalty       float64
	SuppressThreshold float64
	ReuseThreshold    float64
	PenaltyHalfLife   time.Duration
	MaxSuppressTime   time.Duration

	// RestartBudget: how many failures a subject may have in one episode, each repaired by a
	// restart (Erlang/OTP's intensity; Pacemaker's migration-threshold minus one). A failure
	// is a restart of the subject, or a fault of it that outlasted TransientWindow with no
	// restart. A fault that arrives when the budget is spent, or a failure beyond it, makes the
	// subject permanent.
	RestartBudget int
	// FailureTimeout ends an episode (Pacemaker's failure-timeout): when a subject has had no
	// fault and no failure for this long, its failures, flaps, penalty and classification are
	// forgotten and a ClassificationCleared is emitted. 0 never forgets: only Clear does.
	FailureTimeout time.Duration
}

// DefaultConfig returns settings for a LAN deployment with heartbeat timeouts of a few
// seconds:
//
//	CorrelationWindow 10s     TransientWindow 30s
//	FlapWindow 5m             FlapThreshold 3
//	FlapPenalty 1000          SuppressThreshold 2000    ReuseThreshold 750
//	PenaltyHalfLife 1m        MaxSuppressTime 10m
//	RestartBudget 5           FailureTimeout 30m
//
// Three faults in quick succession suppress a subject for about two minutes; the sixth
// failure within half an hour of the previous ones makes it permanent.
func DefaultConfig() Config {
	return Config{
		CorrelationWindow: 10 * time.Second,
		TransientWindow:   30 * time.Second,
		FlapWindow:        5 * time.Minute,
		FlapThreshold:     3,
		FlapPenalty:       1000,
		SuppressThreshold: 2000,
		ReuseThreshold:    750,
		PenaltyHalfLife:   time.Minute,
		MaxSuppressTime:   10 * time.Minute,
		RestartBudget:     5,
		FailureTimeout:    30 * time.Minute,
	}
}

// Validate reports every problem with c, each quoting the values involved, joined into one
// error for which errors.Is(err, ErrInvalidConfig) holds. It returns nil for a usable Config.
func (c Config) Validate() error {
	var errs []error
	bad := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("%w: "+format, append([]any{ErrInvalidConfig}, args...)...))
	}
	positive := func(name string, d time.Duration) {
		if d <= 0 {
			bad("%s %v must be positive", name, d)
		}
	}
	finite := func(name string, v float64) bool {
		if math.IsNaN(v) || math.IsInf(v, 0) || v <= 0 {
			bad("%s %v must be a positive number", name, v)
			return false
		}
		return true
	}
	positive("CorrelationWindow", c.CorrelationWindow)
	positive("TransientWindow", c.TransientWindow)
	positive("FlapWindow", c.FlapWindow)
	if c.FlapThreshold < 2 {
		bad("FlapThreshold %d must be at least 2 (one fault is not flapping)", c.FlapThreshold)
	}
	finite("FlapPenalty", c.FlapPenalty)
	okSuppress := finite("SuppressThreshold", c.SuppressThreshold)
	okReuse := finite("ReuseThreshold", c.ReuseThreshold)
	positive("PenaltyHalfLife", c.PenaltyHalfLife)
	positive("MaxSuppressTime", c.MaxSuppressTime)
	if okSuppress && okReuse && c.ReuseThreshold >= c.SuppressThreshold {
		bad("ReuseThreshold %v must be below SuppressThreshold %v", c.ReuseThreshold, c.SuppressThreshold)
	}
	if okSuppress && okReuse && c.PenaltyHalfLife > 0 && c.MaxSuppressTime > 0 && c.maxPenalty() <= c.SuppressThreshold {
		bad("MaxSuppressTime %v with PenaltyHalfLife %v caps the penalty at %.0f, not above SuppressThreshold %v: nothing would ever be suppressed",
			c.MaxSuppressTime, c.PenaltyHalfLife, c.maxPenalty(), c.SuppressThreshold)
	}
	if c.RestartBudget < 1 {
		bad("RestartBudget %d must be at least 1", c.RestartBudget)
	}
	if c.FailureTimeout < 0 {
		bad("FailureTimeout %v must not be negative (0 means never)", c.FailureTimeout)
	}
	if c.FailureTimeout > 0 {
		for _, w := range []struct {
			name string
			d    time.Duration
		}{{"TransientWindow", c.TransientWindow}, {"FlapWindow", c.FlapWindow}, {"MaxSuppressTime", c.MaxSuppressTime}} {
			if c.FailureTimeout < w.d {
				bad("FailureTimeout %v is shorter than %s %v: an episode would end inside it", c.FailureTimeout, w.name, w.d)
			}
		}
	}
	return errors.Join(errs...)
}

// maxPenalty is the cap on a penalty: the value that decays to ReuseThreshold in exactly
// MaxSuppressTime.
func (c Config) maxPenalty() float64 {
	return c.ReuseThreshold * math.Exp2(float64(c.MaxSuppressTime)/float64(c.PenaltyHalfLife))
}
