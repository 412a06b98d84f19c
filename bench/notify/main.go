package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"time"

	"github.com/wardenft/warden/bench/internal/cli"
)

// options are the flags, after -quick has filled in what was not given.
type options struct {
	jsonOut      bool
	quick        bool
	events       int
	interpEvents int
	streamEvents int
	subs         int
	queue        int
	streamQueue  int
	rounds       int
	seed         uint64
	cpuProfile   string
}

func main() { os.Exit(benchMain(os.Args[1:], os.Stdout, os.Stderr)) }

// benchMain runs the benchmark and returns the exit code: 0 done, 1 a run or a check failed,
// 2 bad flags.
func benchMain(args []string, stdout, stderr io.Writer) int {
	return cli.Bench[options, report]{
		Name:       "bench/notify",
		Parse:      parseFlags,
		Run:        func(_ context.Context, o options, progress io.Writer) (report, error) { return run(o, progress) },
		JSON:       func(o options) bool { return o.jsonOut },
		Table:      writeTable,
		CPUProfile: func(o options) string { return o.cpuProfile },
	}.Main(args, stdout, stderr)
}

func parseFlags(args []string, out io.Writer) (options, error) {
	fs := flag.NewFlagSet("notify", flag.ContinueOnError)
	fs.SetOutput(out)
	fs.Usage = func() {
		fmt.Fprintf(out, `Usage: go run ./notify [flags]   (from bench/)

Measures Warden's fault notifier: events/s through -subs CEL subscriptions in one process
(each a channel consumer drained by its own goroutine), with the filters translated to Go
and with the CEL interpreter only, next to a plain Go fan-out with the same filters as Go
functions; then events/s through one gRPC stream on loopback next to a bare gRPC stream of
the same messages. Prints a table with ratios and the target, or one JSON object with -json.
Fails if a system delivers other events than the Go functions select.

Flags:
`)
		fs.PrintDefaults()
	}
	var o options
	fs.BoolVar(&o.jsonOut, "json", false, "print one JSON object with every figure instead of the table")
	fs.BoolVar(&o.quick, "quick", false, "short run (under 40s): 300k events in-process, 150k through the stream, 2 rounds; explicit flags still win")
	fs.IntVar(&o.events, "events", 1_000_000, "events per in-process run")
	fs.IntVar(&o.interpEvents, "interp-events", 0, "events per run of the interpreter-only system (0: -events/5; it is several times slower)")
	fs.IntVar(&o.streamEvents, "stream-events", 500_000, "events per gRPC stream run")
	fs.IntVar(&o.subs, "subs", 100, "subscriptions (consumers) in-process")
	fs.IntVar(&o.queue, "queue", 4096, "queue length of each in-process consumer")
	fs.IntVar(&o.streamQueue, "stream-queue", 65536, "queue length of the stream consumer on the server")
	fs.IntVar(&o.rounds, "rounds", 3, "runs of each system, interleaved; the median is reported")
	fs.Uint64Var(&o.seed, "seed", 1, "seed of the events, the subscriptions and the notifier")
	fs.StringVar(&o.cpuProfile, "cpuprofile", "", "write a CPU profile of the whole run to `file`")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	if o.quick {
		for name, apply := range map[string]func(){
			"events":        func() { o.events = 300_000 },
			"stream-events": func() { o.streamEvents = 150_000 },
			"rounds":        func() { o.rounds = 2 },
		} {
			if !set[name] {
				apply()
			}
		}
	}
	if o.interpEvents == 0 {
		o.interpEvents = max(1, o.events/5)
	}
	var errs []error
	if o.events < 1 || o.interpEvents < 1 || o.streamEvents < 1 {
		errs = append(errs, fmt.Errorf("-events %d, -interp-events %d, -stream-events %d: need at least 1", o.events, o.interpEvents, o.streamEvents))
	}
	if o.subs < 1 {
		errs = append(errs, fmt.Errorf("-subs %d: need at least 1", o.subs))
	}
	if o.queue < 1 || o.queue > 1<<16 || o.streamQueue < 1 || o.streamQueue > 1<<16 {
		errs = append(errs, fmt.Errorf("-queue %d, -stream-queue %d: need 1 to 65536", o.queue, o.streamQueue))
	}
	if o.rounds < 1 {
		errs = append(errs, fmt.Errorf("-rounds %d: need at least 1", o.rounds))
	}
	return o, errors.Join(errs...)
}

// Systems, in table order.
const (
	sysNotify      = "notify"
	sysInterpreted = "notify-interpreted"
	sysBaseline    = "baseline-gofunc"
	sysStream      = "notify-stream"
	sysRawStream   = "raw-grpc-stream"
)

// run measures every system o.rounds times, interleaved so that drift in the machine's speed
// touches all alike, and checks each run's deliveries.
func run(o options, progress io.Writer) (report, error) {
	began := time.Now()
	subs := subscriptions(o.subs, o.seed)
	tmpls := templates(o.seed)
	want := map[int][]uint64{
		o.events:       expectedCounts(subs, tmpls, o.events),
		o.interpEvents: expectedCounts(subs, tmpls, o.interpEvents),
	}
	runs := map[string][]runResult{}
	type step struct {
		name string
		do   func() (runResult, error)
		subs bool // check deliveries per subscription
	}
	steps := []step{
		{sysNotify, func() (runResult, error) { return runNotify(o, subs, tmpls, o.events, false) }, true},
		{sysInterpreted, func() (runResult, error) { return runNotify(o, subs, tmpls, o.interpEvents, true) }, true},
		{sysBaseline, func() (runResult, error) { return runBaseline(o, subs, tmpls, o.events) }, true},
		{sysStream, func() (runResult, error) { return runStream(o, tmpls, o.streamEvents) }, false},
		{sysRawStream, func() (runResult, error) { return runRawStream(tmpls, o.streamEvents) }, false},
	}
	for round := 1; round <= o.rounds; round++ {
		for _, s := range steps {
			r, err := s.do()
			if err != nil {
				return report{}, fmt.Errorf("%s, round %d: %w", s.name, round, err)
			}
			r.System = s.name
			if s.subs {
				if err := check(r, want[r.Events], subs); err != nil {
					return report{}, err
				}
			}
			fmt.Fprintf(progress, "round %d/%d  %-20s %10.0f events/s  (%d events in %.2fs, %d dropped)\n",
				round, o.rounds, s.name, r.EventsPerS, r.Events, r.Seconds, r.Dropped)
			runs[s.name] = append(runs[s.name], r)
		}
	}
	rep := report{
		Machine: thisMachine(),
		Command: reproduce(o),
		Config: runConfig{Quick: o.quick, Events: o.events, InterpEvents: o.interpEvents, StreamEvents: o.streamEvents,
			Subs: o.subs, Queue: o.queue, StreamQueue: o.streamQueue, Rounds: o.rounds, Seed: o.seed},
	}
	for _, s := range subs {
		rep.Filters = append(rep.Filters, s.cel)
	}
	for _, s := range steps {
		rep.Systems = append(rep.Systems, summarize(s.name, runs[s.name]))
	}
	base, _ := rep.system(sysBaseline)
	raw, _ := rep.system(sysRawStream)
	for i := range rep.Systems {
		sy := &rep.Systems[i]
		switch sy.Name {
		case sysNotify, sysInterpreted, sysBaseline:
			sy.Peer, sy.Ratio = sysBaseline, sy.EventsPerS/base.EventsPerS
		default:
			sy.Peer, sy.Ratio = sysRawStream, sy.EventsPerS/raw.EventsPerS
		}
	}
	nt, _ := rep.system(sysNotify)
	rep.Targets = []targetResult{judge("notify in-process events/s through 100 CEL subscriptions", 200_000, nt.EventsPerS, o.subs == 100)}
	rep.Seconds = time.Since(began).Seconds()
	return rep, nil
}

// summarize reduces a system's runs to the median run by events/s, with the range.
func summarize(name string, runs []runResult) systemResult {
	sorted := slices.Clone(runs)
	slices.SortFunc(sorted, func(a, b runResult) int {
		switch {
		case a.EventsPerS < b.EventsPerS:
			return -1
		case a.EventsPerS > b.EventsPerS:
			return 1
		}
		return 0
	})
	m := sorted[len(sorted)/2]
	s := systemResult{Name: name, About: about[name], Runs: len(runs), EventsPerS: m.EventsPerS,
		MinEventsPerS: sorted[0].EventsPerS, MaxEventsPerS: sorted[len(sorted)-1].EventsPerS,
		Events: m.Events, DeliveriesPerEvent: float64(m.Deliveries) / float64(m.Events)}
	for _, r := range runs {
		s.Dropped += r.Dropped
		s.Retries += r.Retries
	}
	return s
}

var about = map[string]string{
	sysNotify:      "notify.Notifier, default config (history of 100k, dedup of 64k ids), filters compiled by CompileFilter (translated to Go; those with a field == constant term indexed by it)",
	sysInterpreted: "the same with CompileFilterInterpreted: every filter runs in the cel-go interpreter (still indexed)",
	sysBaseline:    "one goroutine, a channel in, every filter as a Go function called on every event, non-blocking sends: no history, ids, validation, index or CEL",
	sysStream:      "notify.Server over the notifier on 127.0.0.1, one ConnectStructuredFaultConsumer stream with no filter, read by notify.Client",
	sysRawStream:   "a bare FaultNotifier stream sending the same Delivery messages in a loop, read by notify.Client",
}
