package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"strings"
	"time"

	"github.com/wardenft/warden/bench/internal/cli"
)

// options are the flags, after -quick or -long has filled in what was not given.
type options struct {
	jsonOut       bool
	quick, long   bool
	judges        []judgeSpec
	trials        int
	warmup        time.Duration
	schedule      time.Duration
	interval      time.Duration
	minGap        time.Duration
	maxGap        time.Duration
	maxPause      time.Duration
	detectTimeout time.Duration
	killJitter    time.Duration
	seed          uint64
}

func main() {
	if role := os.Getenv(childEnv); role != "" {
		os.Exit(childMain(role, os.Args[1:]))
	}
	os.Exit(benchMain(os.Args[1:], os.Stdout, os.Stderr))
}

// benchMain runs the benchmark and returns the exit code: 0 done (targets met or not), 1 the
// run failed, 2 bad flags.
func benchMain(args []string, stdout, stderr io.Writer) int {
	return cli.Bench[options, *report]{
		Name:  "bench/detect",
		Parse: parseFlags,
		Run:   run,
		JSON:  func(o options) bool { return o.jsonOut },
		Table: writeTable,
	}.Main(args, stdout, stderr)
}

func parseFlags(args []string, out io.Writer) (options, error) {
	fs := flag.NewFlagSet("detect", flag.ContinueOnError)
	fs.SetOutput(out)
	fs.Usage = func() {
		fmt.Fprintf(out, `Usage: go run ./detect [flags]   (from bench/)

Measures crash detection time (p50/p99) and false positives of Warden's heartbeat judges (phi
accrual, fixed timeout) against hashicorp/memberlist (DefaultLocalConfig, and tuned to 100ms
probes). Each monitored process runs on its own; every trial stops them all with the same
random SIGSTOP/SIGCONT schedule, then SIGKILLs them all at once. Prints a table with ratios
and the issue's targets, or one JSON object with -json.

Profiles: -quick (under 40s: 4 trials of 1.5s), default (about 3 minutes: 12 trials of 8s),
-long (the 10-minute schedule: 60 trials of 10s, about 16 minutes).

Flags:
`)
		fs.PrintDefaults()
	}
	var o options
	var judges string
	names := make([]string, len(allJudges))
	for i, j := range allJudges {
		names[i] = j.name
	}
	fs.BoolVar(&o.jsonOut, "json", false, "print one JSON object with every figure instead of the table")
	fs.BoolVar(&o.quick, "quick", false, "short run (under 40s): 4 trials, 300ms warmup, 1.5s schedules; explicit flags still win")
	fs.BoolVar(&o.long, "long", false, "the 10-minute schedule: 60 trials of 10s; explicit flags still win")
	fs.StringVar(&judges, "judges", strings.Join(names, ","), "comma-separated `judges` to measure")
	fs.IntVar(&o.trials, "trials", 12, "trials: each starts fresh processes, pauses them, kills them and measures detection")
	fs.DurationVar(&o.warmup, "warmup", time.Second, "time the monitored processes run undisturbed before each schedule")
	fs.DurationVar(&o.schedule, "schedule", 8*time.Second, "length of each trial's pause schedule, before the kill")
	fs.DurationVar(&o.interval, "interval", 100*time.Millisecond, "heartbeat interval of the sender")
	fs.DurationVar(&o.minGap, "min-gap", 300*time.Millisecond, "least time the processes run between two pauses")
	fs.DurationVar(&o.maxGap, "max-gap", 1500*time.Millisecond, "most time the processes run between two pauses")
	fs.DurationVar(&o.maxPause, "max-pause", 150*time.Millisecond, "longest pause (SIGSTOP to SIGCONT); pauses are uniform in [1ms, max]")
	fs.DurationVar(&o.detectTimeout, "detect-timeout", 20*time.Second, "how long to wait for a judge to detect a kill before counting it missed")
	fs.DurationVar(&o.killJitter, "kill-jitter", time.Second, "the kill comes at a uniformly random time this long after the schedule, so that it falls at every phase of the heartbeat and probe periods")
	fs.Uint64Var(&o.seed, "seed", 1, "seed of the pause schedules (trial t draws from PCG(seed, t))")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	if o.quick && o.long {
		return o, errors.New("-quick and -long: pick one")
	}
	profile := map[string]func(){}
	if o.quick {
		profile = map[string]func(){
			"trials":   func() { o.trials = 4 },
			"warmup":   func() { o.warmup = 300 * time.Millisecond },
			"schedule": func() { o.schedule = 1500 * time.Millisecond },
		}
	}
	if o.long {
		profile = map[string]func(){
			"trials":   func() { o.trials = 60 },
			"schedule": func() { o.schedule = 10 * time.Second },
		}
	}
	for name, apply := range profile {
		if !set[name] {
			apply()
		}
	}
	var errs []error
	for _, n := range strings.Split(judges, ",") {
		found := false
		for _, j := range allJudges {
			if j.name == strings.TrimSpace(n) {
				o.judges = append(o.judges, j)
				found = true
			}
		}
		if !found {
			errs = append(errs, fmt.Errorf("-judges: unknown judge %q (have %s)", n, strings.Join(names, ", ")))
		}
	}
	if o.trials < 1 {
		errs = append(errs, fmt.Errorf("-trials %d: need at least 1", o.trials))
	}
	if o.warmup < 0 || o.schedule < 0 {
		errs = append(errs, fmt.Errorf("-warmup %v, -schedule %v: must not be negative", o.warmup, o.schedule))
	}
	if o.interval < time.Millisecond {
		errs = append(errs, fmt.Errorf("-interval %v: need at least 1ms", o.interval))
	}
	if o.minGap <= 0 || o.maxGap < o.minGap {
		errs = append(errs, fmt.Errorf("-min-gap %v, -max-gap %v: need 0 < min <= max", o.minGap, o.maxGap))
	}
	if o.maxPause < time.Millisecond {
		errs = append(errs, fmt.Errorf("-max-pause %v: need at least 1ms", o.maxPause))
	}
	if o.killJitter < 0 {
		errs = append(errs, fmt.Errorf("-kill-jitter %v: must not be negative", o.killJitter))
	}
	if o.detectTimeout <= 0 {
		errs = append(errs, fmt.Errorf("-detect-timeout %v: must be positive", o.detectTimeout))
	}
	return o, errors.Join(errs...)
}

// run runs every trial and summarises them.
func run(ctx context.Context, o options, progress io.Writer) (*report, error) {
	began := time.Now()
	var trials []trialResult
	for t := range o.trials {
		rng := rand.New(rand.NewPCG(o.seed, uint64(t)))
		tr, err := runTrial(ctx, o, o.judges, t, rng, progress)
		if err != nil {
			return nil, fmt.Errorf("trial %d: %w", t+1, err)
		}
		trials = append(trials, tr)
	}
	return summarise(o, trials, time.Since(began)), nil
}
