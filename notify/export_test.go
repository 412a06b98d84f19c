package notify

import (
	"math/rand/v2"
	"time"
)

// Backoff is the wait after failed attempt number attempt, with jitter from seed.
func Backoff(w WebhookConfig, attempt int, seed uint64) time.Duration {
	return backoff(w, attempt, rand.New(rand.NewPCG(seed, 0)))
}

// IndexField returns the field the dispatcher indexes f on, or "".
func IndexField(f *Filter) string {
	if f.index == nil {
		return ""
	}
	return f.index.field
}
