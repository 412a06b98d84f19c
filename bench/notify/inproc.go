package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/wardenft/warden/notify"
)

// A runResult is one measured run of one system.
type runResult struct {
	System     string  `json:"system"`
	Events     int     `json:"events"`
	Seconds    float64 `json:"seconds"`
	EventsPerS float64 `json:"events_per_s"`
	// Deliveries are events handed to consumers (summed over consumers); Dropped those a
	// full consumer queue refused.
	Deliveries uint64 `json:"deliveries"`
	Dropped    uint64 `json:"dropped"`
	// Retries counts pushes refused with ErrOverloaded and tried again.
	Retries uint64 `json:"retries"`
	// perSub is how many events each subscription received, for the agreement check.
	perSub []uint64
}

func quietLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// runNotify pushes events copies of the templates through a Notifier with one channel
// consumer per subscription, each drained by its own goroutine, and times it from the first
// push until every consumer has read every event delivered to it. interpreted compiles the
// filters for the CEL interpreter only.
func runNotify(o options, subs []subscription, tmpls []notify.Event, events int, interpreted bool) (runResult, error) {
	cfg := notify.DefaultConfig()
	cfg.Logger = quietLogger()
	cfg.Seed = o.seed
	n, err := notify.New(cfg)
	if err != nil {
		return runResult{}, err
	}
	defer n.Close()
	compile := notify.CompileFilter
	if interpreted {
		compile = notify.CompileFilterInterpreted
	}
	counts := make([]atomic.Uint64, len(subs))
	consumers := make([]*notify.Consumer, len(subs))
	var wg sync.WaitGroup
	for i, s := range subs {
		f, err := compile(s.cel)
		if err != nil {
			return runResult{}, fmt.Errorf("subscription %d %q: %w", i, s.cel, err)
		}
		c, err := n.ConnectChannel(f, notify.ConsumerOptions{Name: fmt.Sprint("sub-", i), QueueLen: o.queue})
		if err != nil {
			return runResult{}, err
		}
		consumers[i] = c
		wg.Go(func() {
			for range c.C() {
				counts[i].Add(1)
			}
		})
	}
	runtime.GC()
	start := time.Now()
	var retries uint64
	for i := range events {
		e := tmpls[i%len(tmpls)] // a copy: the notifier owns what it is given
		for {
			_, err := n.Push(&e)
			if err == nil {
				break
			}
			if !errors.Is(err, notify.ErrOverloaded) {
				return runResult{}, err
			}
			retries++
			runtime.Gosched()
		}
	}
	if err := n.Sync(context.Background()); err != nil {
		return runResult{}, err
	}
	for _, c := range consumers {
		if err := c.Disconnect(); err != nil { // its channel closes once drained
			return runResult{}, err
		}
	}
	wg.Wait()
	elapsed := time.Since(start)
	r := runResult{Events: events, Seconds: elapsed.Seconds(), EventsPerS: float64(events) / elapsed.Seconds(), Retries: retries}
	for i, c := range consumers {
		st := c.Stats()
		r.Deliveries += st.Delivered
		r.Dropped += st.Dropped
		r.perSub = append(r.perSub, counts[i].Load())
		if counts[i].Load() != st.Delivered {
			return r, fmt.Errorf("subscription %d read %d events, %d were delivered", i, counts[i].Load(), st.Delivered)
		}
	}
	if s := n.Stats(); s.Committed != uint64(events) || s.FilterErrors != 0 {
		return r, fmt.Errorf("notifier committed %d of %d events, %d filter errors", s.Committed, events, s.FilterErrors)
	}
	return r, nil
}

// runBaseline is the plain fan-out a program would write without a notifier: one goroutine
// reads events from a channel, calls each subscription's Go function and does a
// non-blocking send to that subscription's channel (same queue length, same draining
// goroutines). No history, no ids, no validation, no CEL.
func runBaseline(o options, subs []subscription, tmpls []notify.Event, events int) (runResult, error) {
	in := make(chan *notify.Event, 1<<16)
	chans := make([]chan *notify.Event, len(subs))
	counts := make([]atomic.Uint64, len(subs))
	delivered := make([]uint64, len(subs))
	dropped := make([]uint64, len(subs))
	var wg sync.WaitGroup
	for i := range subs {
		chans[i] = make(chan *notify.Event, o.queue)
		wg.Go(func() {
			for range chans[i] {
				counts[i].Add(1)
			}
		})
	}
	fanned := make(chan struct{})
	go func() {
		defer close(fanned)
		for e := range in {
			for i, s := range subs {
				if s.fn(e) {
					select {
					case chans[i] <- e:
						delivered[i]++
					default:
						dropped[i]++
					}
				}
			}
		}
		for _, c := range chans {
			close(c)
		}
	}()
	runtime.GC()
	start := time.Now()
	for i := range events {
		e := tmpls[i%len(tmpls)]
		in <- &e
	}
	close(in)
	<-fanned
	wg.Wait()
	elapsed := time.Since(start)
	r := runResult{Events: events, Seconds: elapsed.Seconds(), EventsPerS: float64(events) / elapsed.Seconds()}
	for i := range subs {
		r.Deliveries += delivered[i]
		r.Dropped += dropped[i]
		r.perSub = append(r.perSub, counts[i].Load())
	}
	return r, nil
}

// expectedCounts is how many of the first events events each subscription's Go function
// selects: what every system must deliver when it drops nothing.
func expectedCounts(subs []subscription, tmpls []notify.Event, events int) []uint64 {
	per := make([]uint64, len(subs))
	for i := range events {
		e := &tmpls[i%len(tmpls)]
		for j, s := range subs {
			if s.fn(e) {
				per[j]++
			}
		}
	}
	return per
}

// check fails a run that dropped nothing yet delivered other events than the Go functions
// select: the CEL filters and the Go functions are meant to be the same filters.
func check(r runResult, want []uint64, subs []subscription) error {
	if r.Dropped > 0 {
		return nil
	}
	for i := range subs {
		if r.perSub[i] != want[i] {
			return fmt.Errorf("%s: subscription %d %q got %d events, its Go function selects %d", r.System, i, subs[i].cel, r.perSub[i], want[i])
		}
	}
	return nil
}
