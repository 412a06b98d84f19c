package detect

import "time"

// A Clock is the only way this package reads time or waits. Judges and trackers take times as
// arguments and never read a clock; drivers read the Clock they are configured with, so a
// test drives them with a fake one (package detecttest) instead of sleeping.
type Clock interface {
	Now() time.Time
	// NewTimer returns a timer that fires once, d after Now; d <= 0 fires at once.
	NewTimer(d time.Duration) Timer
}

// A Timer is a one-shot timer made by a Clock.
type Timer interface {
	// C delivers the time the timer fired, once.
	C() <-chan time.Time
	// Stop prevents the timer from firing; it reports whether it did so.
	Stop() bool
}

// SystemClock returns the Clock of the time package.
func SystemClock() Clock { return systemClock{} }

type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }

func (systemClock) NewTimer(d time.Duration) Timer { return sysTimer{time.NewTimer(d)} }

type sysTimer struct{ t *time.Timer }

func (t sysTimer) C() <-chan time.Time { return t.t.C }
func (t sysTimer) Stop() bool          { return t.t.Stop() }
