package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/wardenft/warden/bench/internal/cli"

	"github.com/wardenft/warden/notify"
)

// TestRunEndToEnd runs every system with tiny sizes and checks that the report has every
// figure the table needs, not how fast anything was.
func TestRunEndToEnd(t *testing.T) {
	o := options{events: 3000, interpEvents: 1000, streamEvents: 2000, subs: 100, queue: 4096,
		streamQueue: 4096, rounds: 1, seed: 3}
	var progress bytes.Buffer
	r, err := run(o, &progress)
	if err != nil {
		t.Fatalf("%v\nprogress:\n%s", err, progress.String())
	}
	if len(r.Systems) != 5 {
		t.Fatalf("%d systems", len(r.Systems))
	}
	for _, s := range r.Systems {
		if s.EventsPerS <= 0 || s.Ratio <= 0 || s.Peer == "" || s.About == "" || s.Runs != 1 {
			t.Errorf("system %+v", s)
		}
	}
	if s, _ := r.system(sysNotify); s.DeliveriesPerEvent < 0.5 || s.Events != 3000 {
		t.Errorf("notify: %+v", s)
	}
	if len(r.Targets) != 1 || r.Targets[0].Status == "n/a" || len(r.Filters) != 100 {
		t.Errorf("targets %+v, %d filters", r.Targets, len(r.Filters))
	}
	var out bytes.Buffer
	if err := writeTable(&out, r); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"reproduce: cd bench && go run ./notify -events 3000", "machine:", "targets:", "baseline-gofunc", "raw-grpc-stream"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, out.String())
		}
	}
	out.Reset()
	if err := cli.WriteJSON(&out, r); err != nil {
		t.Fatal(err)
	}
	var back map[string]any
	if err := json.Unmarshal(out.Bytes(), &back); err != nil || back["systems"] == nil || back["machine"] == nil {
		t.Errorf("JSON: %v\n%s", err, out.String())
	}
}

// TestFiltersAgreeWithGoFunctions: the baseline is only a peer if its Go functions are the
// CEL filters.
func TestFiltersAgreeWithGoFunctions(t *testing.T) {
	for seed := uint64(1); seed <= 3; seed++ {
		subs := subscriptions(100, seed)
		tmpls := templates(seed)
		matched := 0
		for i, s := range subs {
			f, err := notify.CompileFilter(s.cel)
			if err != nil {
				t.Fatalf("%q: %v", s.cel, err)
			}
			for j := range tmpls {
				e := &tmpls[j]
				got, err := f.Match(e)
				if err != nil || got != s.fn(e) {
					t.Fatalf("seed %d subscription %d %q on %+v: CEL %v (%v), Go %v", seed, i, s.cel, e, got, err, s.fn(e))
				}
				if got {
					matched++
				}
			}
		}
		if per := float64(matched) / numTemplates; per < 0.5 || per > 10 {
			t.Errorf("seed %d: %.2f subscriptions match an event on average, want a few", seed, per)
		}
	}
}

func TestCheckCatchesDisagreement(t *testing.T) {
	subs := subscriptions(2, 1)
	r := runResult{System: "x", perSub: []uint64{3, 4}}
	if err := check(r, []uint64{3, 4}, subs); err != nil {
		t.Error(err)
	}
	if err := check(r, []uint64{3, 5}, subs); err == nil {
		t.Error("a wrong count passed")
	}
	r.Dropped = 1
	if err := check(r, []uint64{3, 5}, subs); err != nil {
		t.Error("a run with drops was compared")
	}
}

func TestParseFlags(t *testing.T) {
	var msg bytes.Buffer
	o, err := parseFlags([]string{"-quick", "-rounds", "5"}, &msg)
	if err != nil {
		t.Fatal(err)
	}
	if o.events != 300_000 || o.streamEvents != 150_000 || o.rounds != 5 || o.interpEvents != 60_000 {
		t.Errorf("-quick -rounds 5: %+v", o)
	}
	_, err = parseFlags([]string{"-events", "0", "-subs", "0", "-queue", "100000", "-rounds", "0"}, &msg)
	for _, want := range []string{"-events 0", "-subs 0", "-queue 100000", "-rounds 0"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v does not quote %q", err, want)
		}
	}
	if code := benchMain([]string{"stray"}, &msg, &msg); code != 2 {
		t.Errorf("stray argument: exit %d", code)
	}
}
