package cli

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"testing"
)

type opts struct{ json, fail bool }

func testBench() Bench[opts, string] {
	return Bench[opts, string]{
		Name: "bench/t",
		Parse: func(args []string, usage io.Writer) (opts, error) {
			fs := flag.NewFlagSet("t", flag.ContinueOnError)
			fs.SetOutput(usage)
			var o opts
			fs.BoolVar(&o.json, "json", false, "")
			fs.BoolVar(&o.fail, "fail", false, "")
			return o, fs.Parse(args)
		},
		Run: func(ctx context.Context, o opts, progress io.Writer) (string, error) {
			fmt.Fprintln(progress, "running")
			if o.fail {
				return "", errors.New("boom")
			}
			return "report", nil
		},
		JSON:  func(o opts) bool { return o.json },
		Table: func(w io.Writer, r string) error { _, err := fmt.Fprintln(w, "table:", r); return err },
	}
}

// The exit codes and outputs the benchmarks document: 0 with the table or JSON on stdout and
// progress on stderr, 0 after -h, 1 when the run fails, 2 for bad flags.
func TestBenchMain(t *testing.T) {
	for _, tc := range []struct {
		args           []string
		code           int
		stdout, stderr string
	}{
		{nil, 0, "table: report\n", "running\n"},
		{[]string{"-json"}, 0, "\"report\"\n", "running\n"},
		{[]string{"-h"}, 0, "", "Usage"},
		{[]string{"-fail"}, 1, "", "bench/t: FAILED: boom"},
		{[]string{"-nosuch"}, 2, "", "bench/t: flag provided but not defined: -nosuch"},
	} {
		var out, errs bytes.Buffer
		code := testBench().Main(tc.args, &out, &errs)
		if code != tc.code || out.String() != tc.stdout || !strings.Contains(errs.String(), tc.stderr) {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want %d, %q, stderr containing %q", tc.args, code, out.String(), errs.String(), tc.code, tc.stdout, tc.stderr)
		}
	}
}
