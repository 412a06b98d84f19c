package agent

import (
	"context"
	"log/slog"
	"net"
	"testing"
	"time"

	"github.com/wardenft/warden/detect"
	"github.com/wardenft/warden/detect/detecttest"
)

// The push monitor judges each member with its own timeout, whatever interval it announces,
// on the clock it is given: no sleeps, the fake clock is advanced by hand.
func TestPushMonitorPerMemberTimeout(t *testing.T) {
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	clock := detecttest.NewClock(start)
	verdicts := make(chan detect.Verdict, 16)
	p, err := newPushMonitor("127.0.0.1:0", clock, slog.New(slog.DiscardHandler), func(v detect.Verdict) { verdicts <- v })
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	done := make(chan struct{})
	go func() { p.run(ctx); close(done) }()
	defer func() { cancel(); <-done }()

	conn, err := net.DialUDP("udp", nil, p.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	send := func(source string, seq uint64, interval time.Duration) {
		b, err := detect.AppendHeartbeat(nil, detect.Heartbeat{Source: source, Seq: seq, Incarnation: 1, SentAt: clock.Now(), Interval: interval}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := conn.Write(b); err != nil {
			t.Fatal(err)
		}
	}
	next := func(want detect.Kind) detect.Verdict {
		t.Helper()
		select {
		case v := <-verdicts:
			if v.Kind != want {
				t.Fatalf("verdict %v, want kind %v", v, want)
			}
			return v
		case <-ctx.Done():
			t.Fatalf("no %v verdict", want)
		}
		return detect.Verdict{}
	}
	seqOf := func(source string) uint64 {
		p.mu.Lock()
		defer p.mu.Unlock()
		if s := p.sources[source]; s != nil {
			return s.tracker.Status(clock.Now()).Seq
		}
		return 0
	}

	p.add("g1/m1", 300*time.Millisecond) // heartbeats every 100ms: multiplier 3
	send("stranger", 1, 100*time.Millisecond)
	send("g1/m1", 1, 100*time.Millisecond)
	if v := next(detect.KindUp); v.Source != "g1/m1" {
		t.Fatalf("first verdict about %q", v.Source)
	}
	if err := clock.WaitTimers(ctx, 1); err != nil {
		t.Fatal(err)
	}
	clock.Advance(200 * time.Millisecond)
	send("g1/m1", 2, 100*time.Millisecond) // moves the deadline to start+500ms
	for seqOf("g1/m1") != 2 {
		if ctx.Err() != nil {
			t.Fatal("second heartbeat not seen")
		}
		time.Sleep(time.Millisecond) // the read goroutine has no event to wait on for an accepted heartbeat
	}
	clock.Advance(100 * time.Millisecond) // the first deadline passes: no fault, the judge re-arms
	if err := clock.WaitTimers(ctx, 1); err != nil {
		t.Fatal(err)
	}
	clock.Advance(199 * time.Millisecond)
	select {
	case v := <-verdicts:
		t.Fatalf("verdict before the timeout: %v", v)
	default:
	}
	clock.Advance(time.Millisecond)
	v := next(detect.KindFault)
	if v.Semantics != detect.Crash || v.Detector != detect.DetectorTimeout || v.Evidence.Silence != 300*time.Millisecond {
		t.Fatalf("fault verdict %v (silence %v), want a crash after 300ms", v, v.Evidence.Silence)
	}

	// A timeout shorter than the interval is raised to it: a member is never suspected
	// between two heartbeats it was told to send.
	p.add("g1/m2", 50*time.Millisecond)
	send("g1/m2", 1, 100*time.Millisecond)
	next(detect.KindUp)
	if err := clock.WaitTimers(ctx, 1); err != nil {
		t.Fatal(err)
	}
	clock.Advance(99 * time.Millisecond)
	select {
	case v := <-verdicts:
		t.Fatalf("verdict before one interval: %v", v)
	default:
	}
	clock.Advance(time.Millisecond)
	next(detect.KindFault)

	p.remove("g1/m2")
	send("g1/m2", 2, 100*time.Millisecond)
	send("g1/m1", 5, 100*time.Millisecond) // back from the suspicion: recovered (a pause)
	if v := next(detect.KindRecovered); v.Source != "g1/m1" || v.Semantics != detect.Pause {
		t.Fatalf("verdict %v, want g1/m1 recovered from a pause (nothing about the removed g1/m2)", v)
	}
}
