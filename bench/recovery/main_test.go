package main

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// TestRunEndToEnd runs the whole harness with tiny durations: every system, two numbers of
// committers, the fdatasync probe and a small recovery file. It checks that every figure the
// table needs was produced, not how fast anything was.
func TestRunEndToEnd(t *testing.T) {
	o := options{
		dir:                t.TempDir(),
		systems:            allSystems,
		committers:         []int{1, 4},
		accounts:           50,
		warmup:             10 * time.Millisecond,
		duration:           60 * time.Millisecond,
		rounds:             2,
		seed:               7,
		sqliteConns:        1,
		probeDuration:      10 * time.Millisecond,
		recoveryMiB:        1,
		recoveryValueKiB:   16,
		recoveryCommitters: 4,
		repeats:            1,
	}
	var progress bytes.Buffer
	r, err := run(o, &progress)
	if err != nil {
		t.Fatalf("%v\nprogress:\n%s", err, progress.String())
	}
	if len(r.Cells) != len(allSystems)*2 {
		t.Fatalf("%d cells, want %d", len(r.Cells), len(allSystems)*2)
	}
	for _, c := range r.Cells {
		if c.Skipped {
			if c.System != "shadow" || c.Note == "" {
				t.Errorf("%s at %d skipped (%q): only shadow may be, with a note", c.System, c.Committers, c.Note)
			}
			continue
		}
		if c.TotalChecked != int64(o.accounts)*initialBalance {
			t.Errorf("%s at %d: total checked %d", c.System, c.Committers, c.TotalChecked)
		}
		if c.Seconds <= 0 || c.P50Micros < 0 || c.P99Micros < c.P50Micros {
			t.Errorf("%s at %d: window %vs p50 %v p99 %v", c.System, c.Committers, c.Seconds, c.P50Micros, c.P99Micros)
		}
	}
	if r.LogTransferBytes < 32 || r.Fdatasync.Iterations < 10 || r.Fdatasync.P50Micros <= 0 {
		t.Errorf("log transfer %d bytes, probe %+v", r.LogTransferBytes, r.Fdatasync)
	}
	rec := r.Recovery
	if rec == nil || rec.FileBytes < 1<<20 || rec.OpenMBps <= 0 || rec.ReadCRCMBps <= 0 || rec.Items == 0 {
		t.Fatalf("recovery result %+v", rec)
	}
	if len(r.Targets) != 6 {
		t.Fatalf("%d targets, want 6", len(r.Targets))
	}
	var out bytes.Buffer
	if err := writeTable(&out, r); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "targets") || !strings.Contains(out.String(), "reproduce: cd bench && go run ./recovery") {
		t.Errorf("table:\n%s", out.String())
	}
}
