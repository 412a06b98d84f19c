package notify

import (
	"math/rand/v2"
	"time"
)

// InterpretedFilter compiles a filter that always runs in the CEL interpreter, for tests that
// check the translation against it.
func InterpretedFilter(expr string) (*Filter, error) { return interpretedFilter(expr) }

// Backoff is the wait after failed attempt number attempt, with jitter from seed.
func Backoff(w WebhookConfig, attempt int, seed uint64) time.Duration {
	return backoff(w, attempt, rand.New(rand.NewPCG(seed, 0)))
}
