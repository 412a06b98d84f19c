package notify

import "time"

// A Clock is the notifier's source of time: it stamps events pushed without a time and paces
// webhook retries. Tests pass a fake (notifytest.Clock) and advance it; nothing in this
// package reads the system clock except through SystemClock. Implementations must be safe for
// concurrent use.
type Clock interface {
	Now() time.Time
	// After returns a channel that receives the time once d has elapsed (d <= 0: at once).
	After(d time.Duration) <-chan time.Time
}

// SystemClock is the real clock.
type SystemClock struct{}

func (SystemClock) Now() time.Time                         { return time.Now() }
func (SystemClock) After(d time.Duration) <-chan time.Time { return time.After(d) }
