// Package cli is the command-line frame every benchmark under bench/ shares: parse the flags,
// run under Ctrl-C (or SIGTERM), print the report as a table or as JSON, and exit with the
// codes the benchmarks document: 0 done (targets met or not), 1 the run failed, 2 bad flags.
//
//	func main() { os.Exit(bench().Main(os.Args[1:], os.Stdout, os.Stderr)) }
//
//	func bench() cli.Bench[options, *report] {
//		return cli.Bench[options, *report]{Name: "bench/passive", Parse: parseFlags, Run: run,
//			JSON: func(o options) bool { return o.jsonOut }, Table: writeTable}
//	}
package cli

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/pprof"
	"syscall"
)

// Bench describes one benchmark command: O its options, R its report.
type Bench[O, R any] struct {
	Name  string                                          // in messages: "bench/passive"
	Parse func(args []string, usage io.Writer) (O, error) // flag.ErrHelp after -h
	Run   func(ctx context.Context, o O, progress io.Writer) (R, error)
	JSON  func(O) bool // print JSON rather than the table
	Table func(io.Writer, R) error
	// CPUProfile, if set, names the file to write a CPU profile of the whole run to ("":
	// none).
	CPUProfile func(O) string
}

// Main runs the benchmark with args; progress and errors go to stderr, the report to stdout.
// It returns the exit code.
func (b Bench[O, R]) Main(args []string, stdout, stderr io.Writer) int {
	o, err := b.Parse(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", b.Name, err)
		return 2
	}
	if b.CPUProfile != nil {
		if path := b.CPUProfile(o); path != "" {
			f, err := os.Create(path)
			if err == nil {
				err = pprof.StartCPUProfile(f)
			}
			if err != nil {
				fmt.Fprintf(stderr, "%s: -cpuprofile: %v\n", b.Name, err)
				return 2
			}
			defer f.Close()
			defer pprof.StopCPUProfile()
		}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	r, err := b.Run(ctx, o, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "%s: FAILED: %v\n", b.Name, err)
		return 1
	}
	if b.JSON(o) {
		err = WriteJSON(stdout, r)
	} else {
		err = b.Table(stdout, r)
	}
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", b.Name, err)
		return 1
	}
	return 0
}

// WriteJSON prints v as indented JSON.
func WriteJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
