package main

import (
	"bytes"
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/wardenft/warden/bench/internal/cli"
)

func TestJudge(t *testing.T) {
	for _, tc := range []struct {
		want, actual float64
		least        bool
		status       string
		by           float64
	}{
		{20, 25, atLeast, "met", 0.25},
		{20, 20, atLeast, "met", 0},
		{2, 1.5, atLeast, "missed", -0.25},
		{1.3, 1.3, atMost, "met", 0},
		{1.3, 1.04, atMost, "met", 0.2},
		{1.3, 1.95, atMost, "missed", -0.5},
	} {
		got := judge("x", tc.want, tc.least, tc.actual, true, "")
		if got.Status != tc.status || math.Abs(got.By-tc.by) > 1e-9 {
			t.Errorf("judge(want %v, actual %v, least %v) = %s by %v; want %s by %v",
				tc.want, tc.actual, tc.least, got.Status, got.By, tc.status, tc.by)
		}
	}
	if got := judge("x", 2, atLeast, 0, false, ""); got.Status != "n/a" {
		t.Errorf("judge without a figure: status %q, want n/a", got.Status)
	}
}

// sampleReport has figures chosen so that every kind of verdict appears.
func sampleReport() *report {
	cell := func(sys string, n int, tps, p50 float64) cellResult {
		return cellResult{System: sys, Committers: n, Commits: int(tps), Seconds: 1, TxPerSec: tps, P50Micros: p50, P99Micros: 2 * p50}
	}
	cells := []cellResult{
		cell("log", 1, 4000, 200),
		{System: "shadow", Committers: 1, Skipped: true, Note: "not built yet"},
		cell("raw", 1, 5000, 150),
		cell("log", 64, 50000, 900),
		{System: "shadow", Committers: 64, Skipped: true, Note: "not built yet"},
		cell("bbolt-update", 64, 2000, 30000), // 25x: met
		cell("bbolt-batch", 64, 30000, 2000),  // 1.67x: missed
		cell("sqlite-wal", 64, 5000, 10000),   // 10x: met
		cell("raw", 64, 100000, 500),          // 0.5x: missed
	}
	probe := syncProbe{Iterations: 100, P50Micros: 125, P99Micros: 300} // 200/125 = 1.6x: missed
	rec := &recoveryResult{FileBytes: 1 << 30, OpenSeconds: 1, OpenMBps: 1000, ReadCRCSeconds: 0.25,
		ReadCRCMBps: 4000, Ratio: 0.25, Repeats: 3, CacheState: "warm"}
	return &report{
		Machine:          machine{CPUs: 2, GOOS: "linux", GOARCH: "amd64", GoVersion: "go1.26", Dir: "/tmp/x", FS: "ext4"},
		Command:          "cd bench && go run ./recovery -quick",
		Config:           runConfig{Accounts: 1000, Warmup: "150ms", Duration: "700ms"},
		LogTransferBytes: 138,
		Fdatasync:        probe,
		Cells:            cells,
		Recovery:         rec,
		Targets:          targets(cells, probe, rec),
		Systems:          []string{"log: ...", "raw: ..."},
	}
}

func TestTargets(t *testing.T) {
	r := sampleReport()
	want := []struct {
		name   string
		status string
		actual float64
	}{
		{"log / bbolt-update tx/s at 64 committers", "met", 25},
		{"log / bbolt-batch tx/s at 64 committers", "missed", 50000.0 / 30000},
		{"log / sqlite-wal tx/s at 64 committers", "met", 10},
		{"log / raw tx/s at 64 committers", "missed", 0.5},
		{"log p50 commit at 1 committer / one raw fdatasync p50", "missed", 1.6},
		{"recovery.Open MB/s / read+CRC32C MB/s", "missed", 0.25},
	}
	if len(r.Targets) != len(want) {
		t.Fatalf("%d targets, want %d: %+v", len(r.Targets), len(want), r.Targets)
	}
	for i, w := range want {
		got := r.Targets[i]
		if got.Name != w.name || got.Status != w.status || math.Abs(got.Actual-w.actual) > 1e-9 {
			t.Errorf("target %d = %q %s %v; want %q %s %v", i, got.Name, got.Status, got.Actual, w.name, w.status, w.actual)
		}
	}
}

func TestTargetsWithoutFigures(t *testing.T) {
	cells := []cellResult{{System: "log", Committers: 16, Commits: 10, TxPerSec: 10}}
	for _, tg := range targets(cells, syncProbe{}, nil) {
		if tg.Status != "n/a" {
			t.Errorf("%s: status %s with nothing to compare, want n/a", tg.Name, tg.Status)
		}
	}
}

func TestWriteTable(t *testing.T) {
	var b bytes.Buffer
	if err := writeTable(&b, sampleReport()); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		"machine:   2 CPUs, linux/amd64, go1.26",
		"dir:       /tmp/x (ext4)",
		"reproduce: cd bench && go run ./recovery -quick",
		"p50 125µs, p99 300µs",
		"log / system",
		"skipped shadow at 64 committers: not built yet",
		"25.00x",        // log / bbolt-update at 64
		"MISSED by 17%", // bbolt-batch: 1.67x of 2x
		"MISSED by 23%", // 1.6x latency against at most 1.3x
		"recovery.Open / read+CRC32C: 0.25x",
		"page cache: warm",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
}

func TestWriteJSON(t *testing.T) {
	var b bytes.Buffer
	if err := cli.WriteJSON(&b, sampleReport()); err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(b.Bytes(), &got); err != nil {
		t.Fatalf("not one JSON object: %v\n%s", err, b.String())
	}
	for _, k := range []string{"machine", "command", "config", "log_transfer_bytes", "fdatasync", "cells", "recovery", "targets", "systems"} {
		if _, ok := got[k]; !ok {
			t.Errorf("JSON lacks %q", k)
		}
	}
	cell := got["cells"].([]any)[0].(map[string]any)
	for _, k := range []string{"system", "committers", "tx_per_sec", "p50_us", "p99_us", "commits", "total_checked"} {
		if _, ok := cell[k]; !ok {
			t.Errorf("JSON cell lacks %q: %v", k, cell)
		}
	}
	tg := got["targets"].([]any)[0].(map[string]any)
	for _, k := range []string{"name", "goal", "want", "actual", "status"} {
		if _, ok := tg[k]; !ok {
			t.Errorf("JSON target lacks %q: %v", k, tg)
		}
	}
	rec := got["recovery"].(map[string]any)
	for _, k := range []string{"open_mb_per_sec", "read_crc_mb_per_sec", "ratio", "cache_state"} {
		if _, ok := rec[k]; !ok {
			t.Errorf("JSON recovery lacks %q: %v", k, rec)
		}
	}
}

func TestParseFlags(t *testing.T) {
	o, err := parseFlags([]string{"-quick", "-duration", "2s", "-committers", "1,8"}, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	if o.duration.String() != "2s" || o.warmup.String() != "100ms" || o.rounds != 2 || o.recoveryMiB != 64 {
		t.Errorf("-quick with -duration 2s: duration %v warmup %v rounds %d recovery %d MiB; want 2s, 100ms, 2, 64",
			o.duration, o.warmup, o.rounds, o.recoveryMiB)
	}
	if len(o.committers) != 2 || o.committers[1] != 8 {
		t.Errorf("committers %v, want [1 8]", o.committers)
	}
	if _, err := parseFlags([]string{"-systems", "log,mysql"}, &bytes.Buffer{}); err == nil {
		t.Error("unknown system accepted")
	}
	if _, err := parseFlags([]string{"-accounts", "1", "-sqlite-conns", "0"}, &bytes.Buffer{}); err == nil ||
		!strings.Contains(err.Error(), "-accounts 1") || !strings.Contains(err.Error(), "-sqlite-conns 0") {
		t.Errorf("bad flags: error %v, want both named", err)
	}
}
