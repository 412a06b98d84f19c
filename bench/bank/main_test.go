package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"strings"
	"testing"
	"time"
)

// TestShortRun is the benchmark's short profile (part of make test): both modes run twice,
// money is conserved, and the report is complete in both renderings.
func TestShortRun(t *testing.T) {
	cfg := config{Clients: 4, Accounts: 20, Runs: 2, Duration: 300 * time.Millisecond, Warmup: 50 * time.Millisecond, Dir: t.TempDir(), Seed: 1}
	rep, err := run(context.Background(), cfg, []string{"-clients", "4"})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Same.Transfers == 0 || rep.Cross.Transfers == 0 {
		t.Fatalf("no transfers measured: same %d, cross %d", rep.Same.Transfers, rep.Cross.Transfers)
	}
	if len(rep.Runs) != 2 {
		t.Fatalf("%d runs reported, want 2", len(rep.Runs))
	}
	if rep.TotalAfter != rep.TotalBefore {
		t.Fatalf("money not conserved: %d -> %d", rep.TotalBefore, rep.TotalAfter)
	}
	if rep.ThroughputX <= 0 || rep.Cross.P99 < rep.Cross.P50 {
		t.Errorf("ratios %v, cross p50 %v p99 %v", rep.ThroughputX, rep.Cross.P50, rep.Cross.P99)
	}
	var b bytes.Buffer
	printTable(&b, rep)
	for _, want := range []string{"same-branch", "cross-branch", "cross/same", "2 runs, each 300ms per mode", "throughput ratio of each run: ", "target: cross-branch >= 0.3x", "reproduce: cd bench && go run ./bank -clients 4", "machine: "} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, b.String())
		}
	}
	js, err := json.Marshal(rep)
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{`"same_branch"`, `"cross_branch"`, `"cross_over_same_throughput"`, `"transfers_per_second"`, `"p99_ns"`, `"runs"`, `"cpu_per_transfer_ns"`, `"syncs_per_transfer"`} {
		if !bytes.Contains(js, []byte(key)) {
			t.Errorf("JSON lacks %s", key)
		}
	}
}

func TestValidate(t *testing.T) {
	err := validate(config{Clients: 0, Accounts: 1, Runs: 0, Duration: 0, Warmup: -1})
	for _, want := range []string{"-clients: 0", "-accounts: 1", "-runs: 0", "-duration: 0s", "-warmup: -1ns"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("validate: %v, want it to mention %q", err, want)
		}
	}
}

// The command line: bad flags and values exit 2 naming the flag, -h exits 0, and -quick sets
// the short profile.
func TestFlags(t *testing.T) {
	for _, tc := range []struct {
		args []string
		code int
		err  string
	}{
		{[]string{"-h"}, 0, ""},
		{[]string{"-clients", "0"}, 2, "-clients: 0"},
		{[]string{"-nosuchflag"}, 2, "nosuchflag"},
		{[]string{"extra"}, 2, "unexpected arguments"},
	} {
		var out, errs bytes.Buffer
		if code := benchMain(tc.args, &out, &errs); code != tc.code || !strings.Contains(errs.String(), tc.err) {
			t.Errorf("%v: exit %d, stderr %q; want exit %d mentioning %q", tc.args, code, errs.String(), tc.code, tc.err)
		}
	}
	o, err := parseFlags([]string{"-quick", "-json"}, io.Discard)
	if err != nil || o.Runs != 3 || o.Duration != 3*time.Second || o.Warmup != 500*time.Millisecond || !o.jsonOut {
		t.Errorf("-quick -json: %+v, %v", o, err)
	}
}
