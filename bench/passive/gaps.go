package main

import (
	"context"
	"math"
	"slices"
	"sync"
	"time"
)

// recorder keeps the completion time of every successful call of a load, as nanoseconds
// since its start (monotonic), and counts the failed ones.
type recorder struct {
	start time.Time

	mu     sync.Mutex
	ok     []int64
	failed int
	last   error
}

func newRecorder() *recorder { return &recorder{start: time.Now()} }

func (r *recorder) success() {
	d := int64(time.Since(r.start))
	r.mu.Lock()
	r.ok = append(r.ok, d)
	r.mu.Unlock()
}

func (r *recorder) failure(err error) {
	r.mu.Lock()
	r.failed++
	r.last = err
	r.mu.Unlock()
}

func (r *recorder) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.ok)
}

func (r *recorder) failures() (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.failed, r.last
}

// firstAfter waits until a success completes after t (polling every 2ms) and returns when
// it did; false if ctx ended or d passed first.
func (r *recorder) firstAfter(ctx context.Context, t time.Time, d time.Duration) (time.Time, bool) {
	at := int64(t.Sub(r.start))
	deadline := time.Now().Add(d)
	for {
		r.mu.Lock()
		var found int64 = -1
		for i := len(r.ok) - 1; i >= 0 && r.ok[i] > at-int64(time.Second); i-- {
			if r.ok[i] > at && (found < 0 || r.ok[i] < found) {
				found = r.ok[i]
			}
		}
		r.mu.Unlock()
		if found >= 0 {
			return r.start.Add(time.Duration(found)), true
		}
		if time.Now().After(deadline) || !sleepCtx(ctx, 2*time.Millisecond) {
			return time.Time{}, false
		}
	}
}

// episode measures the client-seen unavailability of a fault injected at kill, in two parts.
// The failover: the largest interval between consecutive successes that ends in (kill,
// served], served being the first success after the system named its new primary, master
// or leader (the harness saw it). The rejoin: the largest interval ending in (served, end],
// end being when the system was back to full strength (a replacement or the restarted
// process caught up). Offsets are from kill (negative: the interval spans the kill).
func (r *recorder) episode(f *fault, kill, served, end time.Time) {
	f.Gap, f.GapAt, f.First = r.gap(kill, served)
	f.Rejoin, f.RejoinAt, _ = r.gap(served, end)
	f.RejoinAt += served.Sub(kill)
	f.Recover = end.Sub(kill)
	f.Served = served.Sub(kill)
}

// gap is the largest interval between consecutive successes that ends in (from, to], among
// the calls that completed in [from - 1s, to]; where it starts, from from; and from -> the
// first success after it.
func (r *recorder) gap(from, to time.Time) (gap, at, first time.Duration) {
	k, lo, hi := int64(from.Sub(r.start)), int64(from.Sub(r.start)-time.Second), int64(to.Sub(r.start))
	r.mu.Lock()
	var w []int64
	for i := len(r.ok) - 1; i >= 0 && r.ok[i] >= lo-int64(time.Second); i-- { // the tail only
		if r.ok[i] >= lo && r.ok[i] <= hi {
			w = append(w, r.ok[i])
		}
	}
	r.mu.Unlock()
	slices.Sort(w)
	return gapOf(w, k, hi)
}

// gapOf is gap's arithmetic over sorted completion times w (nanoseconds), the kill at k and
// the window's end at hi. at is where the largest interval starts, from the kill (negative:
// it spans the kill).
func gapOf(w []int64, k, hi int64) (gap, at, first time.Duration) {
	if len(w) == 0 || w[len(w)-1] <= k { // no success after the kill
		start := k
		if len(w) > 0 {
			start = w[len(w)-1]
		}
		return time.Duration(hi - start), time.Duration(start - k), time.Duration(hi - k)
	}
	prev := k // with no success before the kill, the gap counts from it
	if w[0] <= k {
		prev = w[0]
	}
	firstAfter := int64(-1)
	for _, t := range w {
		if t > k {
			if firstAfter < 0 {
				firstAfter = t
			}
			if t-prev > int64(gap) {
				gap, at = time.Duration(t-prev), time.Duration(prev-k)
			}
		}
		prev = t
	}
	return gap, at, time.Duration(firstAfter - k)
}

// percentile returns the nearest-rank p-quantile of ds (0 when empty).
func percentile(ds []time.Duration, p float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	i := int(math.Ceil(p*float64(len(s)))) - 1
	return s[min(max(i, 0), len(s)-1)]
}

func median[T int | int64 | float64 | time.Duration](xs []T) T {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[(len(s)-1)/2]
}
