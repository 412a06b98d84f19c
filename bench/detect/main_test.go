package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/wardenft/warden/bench/internal/cli"
)

// TestMain lets the test binary play the harness's children, as the real binary does.
func TestMain(m *testing.M) {
	if role := os.Getenv(childEnv); role != "" {
		os.Exit(childMain(role, os.Args[1:]))
	}
	os.Exit(m.Run())
}

func TestMakeSchedule(t *testing.T) {
	const length, minGap, maxGap, maxPause = 60 * time.Second, 300 * time.Millisecond, 1500 * time.Millisecond, 150 * time.Millisecond
	a := makeSchedule(rand.New(rand.NewPCG(1, 2)), length, minGap, maxGap, maxPause)
	b := makeSchedule(rand.New(rand.NewPCG(1, 2)), length, minGap, maxGap, maxPause)
	if len(a) < 40 || len(a) != len(b) {
		t.Fatalf("%d and %d pauses over %v", len(a), len(b), length)
	}
	end := time.Duration(0)
	for i, p := range a {
		if p != b[i] {
			t.Fatalf("pause %d differs for one seed: %v %v", i, p, b[i])
		}
		if gap := p.From - end; gap < minGap || gap > maxGap {
			t.Fatalf("pause %d: run of %v before it, want [%v, %v]", i, gap, minGap, maxGap)
		}
		if p.Length < time.Millisecond || p.Length > maxPause {
			t.Fatalf("pause %d: %v long", i, p.Length)
		}
		end = p.From + p.Length
	}
	if end+minGap > length {
		t.Fatalf("last pause ends at %v, less than %v before %v", end, minGap, length)
	}
}

func TestPercentile(t *testing.T) {
	ds := []time.Duration{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
	for _, c := range []struct {
		p    float64
		want time.Duration
	}{{0.5, 5}, {0.99, 10}, {0.1, 1}, {0, 1}, {1, 10}} {
		if got := percentile(ds, c.p); got != c.want {
			t.Errorf("percentile(%v) = %v, want %v", c.p, got, c.want)
		}
	}
	if percentile(nil, 0.5) != 0 {
		t.Error("percentile of nothing")
	}
}

func TestRecorderOutcome(t *testing.T) {
	kill := time.Unix(100, 0)
	at := func(ms int) time.Time { return kill.Add(time.Duration(ms) * time.Millisecond) }
	r := &recorder{}
	if _, _, ok := r.outcome(kill); ok {
		t.Fatal("detected with no fault")
	}
	r.fault(at(-500)) // a false positive, then recovered
	r.alive(at(-300))
	r.fault(at(250))
	r.fault(at(900))
	fp, d, ok := r.outcome(kill)
	if fp != 1 || !ok || d != 250*time.Millisecond {
		t.Fatalf("outcome %d %v %v", fp, d, ok)
	}
	open := &recorder{}
	open.fault(at(-50)) // suspected at the kill already
	if fp, d, ok := open.outcome(kill); fp != 1 || !ok || d != 0 {
		t.Fatalf("open suspicion: %d %v %v", fp, d, ok)
	}
}

func TestParseFlags(t *testing.T) {
	o, err := parseFlags([]string{"-quick", "-trials", "2"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if o.trials != 2 || o.schedule != 1500*time.Millisecond || len(o.judges) != len(allJudges) {
		t.Fatalf("-quick -trials 2: %+v", o)
	}
	if o, _ = parseFlags([]string{"-long"}, io.Discard); o.trials*int(o.schedule/time.Second) != 600 {
		t.Fatalf("-long: %d trials of %v, want a 10-minute schedule", o.trials, o.schedule)
	}
	for _, bad := range [][]string{{"-judges", "phi,nope"}, {"-quick", "-long"}, {"-trials", "0"}, {"-min-gap", "2s", "-max-gap", "1s"}, {"extra"}} {
		if _, err := parseFlags(bad, io.Discard); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

func fakeReport(phiP99, mlLocalP50, ml100P50 time.Duration, phiFP int) *report {
	o := options{judges: allJudges, trials: 2, interval: 100 * time.Millisecond, schedule: time.Second, seed: 1}
	trials := []trialResult{
		{falsePositives: map[string]int{"phi": phiFP}, detection: map[string]time.Duration{
			"phi": 200 * time.Millisecond, "timeout": 250 * time.Millisecond, "timeout-x2": 150 * time.Millisecond,
			"memberlist-local": mlLocalP50, "memberlist-100ms": ml100P50}, schedule: time.Second, pauses: 3},
		{falsePositives: map[string]int{"timeout-x2": 4}, detection: map[string]time.Duration{
			"phi": phiP99, "timeout": 300 * time.Millisecond, "memberlist-local": mlLocalP50 + time.Second,
			"memberlist-100ms": ml100P50 + 100*time.Millisecond}, schedule: time.Second, pauses: 2},
	}
	return summarise(o, trials, 5*time.Second)
}

func TestReport(t *testing.T) {
	r := fakeReport(300*time.Millisecond, 4*time.Second, 500*time.Millisecond, 0)
	if !r.TargetsOK || len(r.Targets) != 5 {
		t.Fatalf("targets %+v", r.Targets)
	}
	if x2 := r.judge("timeout-x2"); x2.Missed != 1 || x2.FalsePositives != 4 || x2.P50 != 150*time.Millisecond {
		t.Fatalf("timeout-x2 %+v", x2)
	}
	var table bytes.Buffer
	if err := writeTable(&table, r); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"phi", "memberlist-100ms", "0.05x", "met", "Reproduce: cd bench && go run ./detect -trials 2", "Machine:"} {
		if !strings.Contains(table.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, table.String())
		}
	}
	var js bytes.Buffer
	if err := cli.WriteJSON(&js, r); err != nil {
		t.Fatal(err)
	}
	var back report
	if err := json.Unmarshal(js.Bytes(), &back); err != nil || len(back.Judges) != len(allJudges) || !back.TargetsOK {
		t.Fatalf("JSON round trip: %v %+v", err, back)
	}

	for name, r := range map[string]*report{
		"slow phi":      fakeReport(600*time.Millisecond, 4*time.Second, 500*time.Millisecond, 0),
		"phi fp":        fakeReport(300*time.Millisecond, 4*time.Second, 500*time.Millisecond, 1),
		"fast ml-local": fakeReport(300*time.Millisecond, 500*time.Millisecond, 500*time.Millisecond, 0),
		"fast ml-100ms": fakeReport(300*time.Millisecond, 4*time.Second, 100*time.Millisecond, 0),
	} {
		if r.TargetsOK {
			t.Errorf("%s: targets met: %+v", name, r.Targets)
		}
	}
}

// TestEndToEnd runs one short trial with real processes: a heartbeat sender judged by phi
// and the fixed timeout, and a memberlist member tuned to 100ms probes. It checks that every
// judge detected the kill, not how fast (that is the benchmark's business).
func TestEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	o, err := parseFlags([]string{"-judges", "phi,timeout,memberlist-100ms", "-trials", "1", "-warmup", "200ms", "-schedule", "700ms",
		"-min-gap", "100ms", "-max-gap", "200ms", "-max-pause", "50ms", "-kill-jitter", "0", "-detect-timeout", "15s"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var progress bytes.Buffer
	r, err := run(ctx, o, &progress)
	if err != nil {
		t.Fatalf("%v\n%s", err, progress.String())
	}
	t.Log(progress.String())
	for _, j := range r.Judges {
		if j.Detected != 1 || j.Missed != 0 || j.P50 < 0 {
			t.Errorf("%s: %+v", j.Name, j)
		}
	}
	if r.Pauses == 0 {
		t.Error("no pauses in the schedule")
	}
}
