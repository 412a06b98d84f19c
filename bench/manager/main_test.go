package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/wardenft/warden/bench/internal/cli"
)

// TestMain lets the test binary play the agents' process, as the real binary does.
func TestMain(m *testing.M) {
	if role := os.Getenv(childEnv); role != "" {
		os.Exit(childMain(role, os.Args[1:]))
	}
	os.Exit(m.Run())
}

func TestParseFlags(t *testing.T) {
	o, err := parseFlags([]string{"-quick", "-runs", "2"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if o.runs != 2 || o.agents != 100 || o.groups != 334 || o.affected != 10 || o.scaleRuns != 1 || len(o.profiles) != 2 {
		t.Fatalf("-quick -runs 2: %+v", o)
	}
	o, _ = parseFlags(nil, io.Discard)
	if o.agents != 1000 || o.groups*o.groupSize != 10002 || o.affected != 100 {
		t.Fatalf("defaults: %+v", o)
	}
	for _, bad := range [][]string{{"-profiles", "lan,wan"}, {"-only", "both"}, {"-runs", "0"}, {"-agents", "3", "-group-size", "3"},
		{"-affected", "0"}, {"-scale-profiles", ""}, {"extra"}} {
		if _, err := parseFlags(bad, io.Discard); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
	if _, err := parseFlags([]string{"-only", "failover", "-scale-profiles", ""}, io.Discard); err != nil {
		t.Errorf("-only failover needs no scale profile: %v", err)
	}
}

func TestChooseVictims(t *testing.T) {
	where := map[string][]memberAt{}
	for i := range 50 {
		for j := range 10 + i%3 { // 10, 11 or 12 members per location
			where[locationName(i)] = append(where[locationName(i)], memberAt{fmt.Sprintf("g%d", j), "m1"})
		}
	}
	for _, want := range []int{10, 100, 57} {
		locs := chooseVictims(where, 50, want, 1)
		sum := 0
		for _, l := range locs {
			sum += len(where[l])
		}
		if sum != want {
			t.Errorf("want %d members: %v hold %d", want, locs, sum)
		}
		if again := chooseVictims(where, 50, want, 1); fmt.Sprint(again) != fmt.Sprint(locs) {
			t.Errorf("want %d: not deterministic: %v %v", want, locs, again)
		}
	}
	if locs := chooseVictims(where, 50, 5, 1); locs != nil {
		t.Errorf("5 members from locations of 10+: %v", locs)
	}
}

func TestStatAndPercentile(t *testing.T) {
	if s := statOf([]int{5, 1, 3, 2}); s.Median != 2 || s.Min != 1 || s.Max != 5 {
		t.Errorf("statOf: %+v", s)
	}
	ds := []time.Duration{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
	for _, c := range []struct {
		p    float64
		want time.Duration
	}{{0.5, 5}, {0.99, 10}, {0, 1}} {
		if got := percentile(ds, c.p); got != c.want {
			t.Errorf("percentile(%v) = %v, want %v", c.p, got, c.want)
		}
	}
}

func fakeReport() *report {
	r := &report{Machine: thisMachine(), Command: "cd bench && go run ./manager -runs 2"}
	fr := []failoverRun{{Profile: "lan", Write: 2 * time.Second, Leader: 2 * time.Second}, {Profile: "lan", Write: 3 * time.Second, Leader: 3 * time.Second},
		{Profile: "local", Write: 500 * time.Millisecond, Leader: 400 * time.Millisecond}, {Profile: "local", Write: 600 * time.Millisecond, Leader: 500 * time.Millisecond}}
	r.Failover, r.FailoverRuns = summariseFailover([]string{"lan", "local"}, fr), fr
	sr := []*scaleRun{
		{Profile: "lan", Agents: 1000, Groups: 3334, GroupSize: 3, Members: 10002, Placement: time.Minute, RepairIssuedMax: 300 * time.Millisecond,
			MemAfter: memFigures{PeakRSS: 200 << 20}, Killed: 10, Affected: 100},
		{Profile: "lan", Agents: 1000, Groups: 3334, GroupSize: 3, Members: 10002, Placement: 2 * time.Minute, RepairIssuedMax: 1500 * time.Millisecond,
			MemAfter: memFigures{PeakRSS: 300 << 20}, Killed: 10, Affected: 100, FalseDown: []string{"host-0001"}},
	}
	r.Scale, r.ScaleRuns = summariseScale([]string{"lan"}, sr), sr
	r.Targets = targets(r)
	return r
}

func TestReport(t *testing.T) {
	r := fakeReport()
	if lan, local := r.Failover[0], r.Failover[1]; lan.WriteP50 != 2*time.Second || lan.WriteP99 != 3*time.Second || local.VsLanP50 != 0.25 {
		t.Fatalf("failover summary %+v %+v", lan, local)
	}
	s := r.Scale[0]
	if s.Placement.Median != time.Minute || s.Placement.Max != 2*time.Minute || s.FalseDown != 1 {
		t.Fatalf("scale summary %+v", s)
	}
	met := map[string]bool{}
	for _, tg := range r.Targets {
		met[strings.SplitN(tg.Goal, ":", 2)[1]] = tg.Met
	}
	if met[" repairs issued <= 1s after detection (every run)"] || !met[" manager memory <= 1 GiB (peak RSS of its process, every run)"] ||
		met[" no live location judged down (false host faults)"] {
		t.Errorf("targets %+v", r.Targets)
	}
	var table bytes.Buffer
	if err := writeTable(&table, r); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"0.25x", "initial placement", "60.0s", "MISSED", "Reproduce: cd bench && go run ./manager", "Machine:"} {
		if !strings.Contains(table.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, table.String())
		}
	}
	var js bytes.Buffer
	if err := cli.WriteJSON(&js, r); err != nil {
		t.Fatal(err)
	}
	var back report
	if err := json.Unmarshal(js.Bytes(), &back); err != nil || len(back.Failover) != 2 || len(back.ScaleRuns) != 2 {
		t.Fatalf("JSON round trip: %v %+v", err, back)
	}
}

// TestQuick runs the -quick profile with one kill per profile: real `warden manager`
// processes, an in-process manager with 100 simulated agents. It checks that every figure
// was produced, not how fast (that is the benchmark's business).
func TestQuick(t *testing.T) {
	if testing.Short() {
		t.Skip("builds warden and starts processes")
	}
	o, err := parseFlags([]string{"-quick", "-runs", "1", "-steady", "1s"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	var progress bytes.Buffer
	r, err := run(ctx, o, &progress)
	if err != nil {
		t.Fatalf("%v\nprogress:\n%s", err, progress.String())
	}
	t.Log(progress.String())
	if len(r.Failover) != 2 {
		t.Fatalf("failover %+v", r.Failover)
	}
	for _, f := range r.Failover {
		if f.Runs != 1 || f.WriteP50 <= 0 || f.LeaderP50 <= 0 {
			t.Errorf("failover %+v", f)
		}
	}
	if len(r.ScaleRuns) != 1 {
		t.Fatalf("%d scale runs", len(r.ScaleRuns))
	}
	s := r.ScaleRuns[0]
	if s.Members != 1002 || s.Affected != 10 || s.Placement <= 0 || s.DetectFirst <= 0 || s.AllAdded < s.DetectLast ||
		s.HeartbeatsPerS <= 0 || s.MemSteady.HeapInuse <= 0 || s.FailureCPU <= 0 {
		t.Errorf("scale run %+v", s)
	}
	var out bytes.Buffer
	if err := writeTable(&out, r); err != nil {
		t.Fatal(err)
	}
	t.Log("\n" + out.String())
}
