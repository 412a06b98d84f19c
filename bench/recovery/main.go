package main

import (
	"context"

	"github.com/wardenft/warden/bench/internal/cli"
	"github.com/wardenft/warden/bench/internal/sysinfo"

	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/wardenft/warden/recovery"
)

// allSystems is every contender, in table order and in the order cells run. Raw, the ceiling,
// runs right after the store so that drift in the device's speed between cells disturbs their
// ratio least.
var allSystems = []string{"log", "shadow", "raw", "raw-prealloc", "bbolt-update", "bbolt-batch", "sqlite-wal"}

// options are the flags, after -quick has filled in what was not given.
type options struct {
	dir                string
	keep               bool
	jsonOut            bool
	quick              bool
	systems            []string
	committers         []int
	accounts           int
	warmup, duration   time.Duration
	seed               uint64
	sqliteConns        int
	rawBytes           int
	probeDuration      time.Duration
	recoveryMiB        int
	recoveryValueKiB   int
	recoveryCommitters int
	repeats            int
	rounds             int
	cpuProfile         string
	checkpointEvery    time.Duration
}

func main() { os.Exit(benchMain(os.Args[1:], os.Stdout, os.Stderr)) }

// benchMain runs the benchmark and returns the exit code: 0 done, 1 a measurement or a check
// failed, 2 bad flags.
func benchMain(args []string, stdout, stderr io.Writer) int {
	return cli.Bench[options, *report]{
		Name:       "bench/recovery",
		Parse:      parseFlags,
		Run:        func(_ context.Context, o options, progress io.Writer) (*report, error) { return run(o, progress) },
		JSON:       func(o options) bool { return o.jsonOut },
		Table:      writeTable,
		CPUProfile: func(o options) string { return o.cpuProfile },
	}.Main(args, stdout, stderr)
}

func parseFlags(args []string, out io.Writer) (options, error) {
	fs := flag.NewFlagSet("recovery", flag.ContinueOnError)
	fs.SetOutput(out)
	fs.Usage = func() {
		fmt.Fprintf(out, `Usage: go run ./recovery [flags]   (from bench/; or make bench BENCHFLAGS="...")

Measures durable commit throughput and p50/p99 latency of two-account transfer transactions
for Warden's recovery store (log and shadow strategies), bbolt (Update, Batch), SQLite (WAL,
synchronous=FULL) and a raw append+fdatasync loop with ideal batching, at several numbers of
concurrent committers, all in one directory; then the time to recover a large log recovery
file against reading it and computing CRC32C. Prints a table with ratios and the issue's
targets, or one JSON object with -json. Fails if any store does not conserve money.

Flags:
`)
		fs.PrintDefaults()
	}
	var o options
	var systems, committers string
	fs.StringVar(&o.dir, "dir", "", "parent `directory` for the run's files: a fresh subdirectory is made in it and removed afterwards (default: the system temp dir). Pick the file system you want measured")
	fs.BoolVar(&o.keep, "keep", false, "keep the run's files")
	fs.BoolVar(&o.jsonOut, "json", false, "print one JSON object with every figure instead of the table")
	fs.BoolVar(&o.quick, "quick", false, "short run (under 40s): cells of 2 slices of 350ms after 100ms warmups, a 300ms probe, a 64 MiB recovery file; explicit flags still win")
	fs.StringVar(&systems, "systems", strings.Join(allSystems, ","), "comma-separated `systems` to measure")
	fs.StringVar(&committers, "committers", "1,16,64", "comma-separated numbers of concurrent committers; targets use the largest and 1")
	fs.IntVar(&o.accounts, "accounts", 1000, "accounts transfers pick from (two distinct, uniformly)")
	fs.DurationVar(&o.warmup, "warmup", 300*time.Millisecond, "time each slice of a cell runs before it is measured")
	fs.DurationVar(&o.duration, "duration", 3*time.Second, "measured time of each cell, split into -rounds slices")
	fs.IntVar(&o.rounds, "rounds", 3, "slices each cell is measured in; the systems at one number of committers take turns, slice by slice, so that drift in the device's speed touches all alike")
	fs.Uint64Var(&o.seed, "seed", 1, "seed of the transfer streams (committer w in slice i draws from PCG(seed, i<<32|w))")
	fs.IntVar(&o.sqliteConns, "sqlite-conns", 1, "SQLite connection pool size. SQLite admits one writer at a time; with 1 the writers queue fairly in Go, with more the connections that lose the write lock sleep in SQLite's busy handler and some starve (here: the same tx/s, but percentiles of only the transfers that finished)")
	fs.IntVar(&o.rawBytes, "raw-bytes", 0, "raw record size in bytes (0: measure what one log transfer writes)")
	fs.DurationVar(&o.probeDuration, "probe", time.Second, "how long to time single appends + fdatasync for the latency floor, in slices beside the first committers' cells")
	fs.IntVar(&o.recoveryMiB, "recovery-mib", 1024, "size of the recovery file to recover, MiB (0: skip the recovery measurement)")
	fs.IntVar(&o.recoveryValueKiB, "recovery-value-kib", 64, "value size in the recovery file, KiB")
	fs.IntVar(&o.recoveryCommitters, "recovery-committers", 64, "concurrent committers building the recovery file")
	fs.DurationVar(&o.checkpointEvery, "checkpoint-every", 0, "also checkpoint the log and shadow stores every `interval` during their cells, to measure commits through checkpoints and the longest stall (0: only the automatic checkpoints past 64 MiB)")
	fs.IntVar(&o.repeats, "repeats", 3, "runs of each recovery pass; the median is reported")
	fs.StringVar(&o.cpuProfile, "cpuprofile", "", "write a CPU profile of the whole run to `file` (go tool pprof reads it)")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	if o.quick {
		quick := map[string]func(){
			"warmup":       func() { o.warmup = 100 * time.Millisecond },
			"duration":     func() { o.duration = 700 * time.Millisecond },
			"rounds":       func() { o.rounds = 2 },
			"probe":        func() { o.probeDuration = 300 * time.Millisecond },
			"recovery-mib": func() { o.recoveryMiB = 64 },
		}
		for name, apply := range quick {
			if !set[name] {
				apply()
			}
		}
	}
	var err error
	if o.systems, err = parseSystems(systems); err != nil {
		return o, err
	}
	if o.committers, err = parseInts(committers); err != nil {
		return o, fmt.Errorf("-committers: %w", err)
	}
	var errs []error
	if o.accounts < 2 {
		errs = append(errs, fmt.Errorf("-accounts %d: need at least 2", o.accounts))
	}
	if o.duration <= 0 || o.warmup < 0 || o.rounds < 1 {
		errs = append(errs, fmt.Errorf("-duration %v, -warmup %v, -rounds %d: need a positive duration, a non-negative warmup and at least one round", o.duration, o.warmup, o.rounds))
	}
	if o.sqliteConns < 1 {
		errs = append(errs, fmt.Errorf("-sqlite-conns %d: need at least 1", o.sqliteConns))
	}
	if o.rawBytes != 0 && o.rawBytes < 32 {
		errs = append(errs, fmt.Errorf("-raw-bytes %d: need 0 or at least 32", o.rawBytes))
	}
	if o.recoveryMiB < 0 || o.recoveryValueKiB < 1 || o.recoveryCommitters < 1 || o.repeats < 1 {
		errs = append(errs, fmt.Errorf("-recovery-mib %d, -recovery-value-kib %d, -recovery-committers %d, -repeats %d: need >= 0, >= 1, >= 1, >= 1",
			o.recoveryMiB, o.recoveryValueKiB, o.recoveryCommitters, o.repeats))
	}
	return o, errors.Join(errs...)
}

func parseSystems(s string) ([]string, error) {
	var out []string
	for _, name := range strings.Split(s, ",") {
		name = strings.TrimSpace(name)
		if name == "" {
			continue
		}
		if !strings.Contains(","+strings.Join(allSystems, ",")+",", ","+name+",") {
			return nil, fmt.Errorf("-systems: unknown system %q (have %s)", name, strings.Join(allSystems, ", "))
		}
		out = append(out, name)
	}
	if len(out) == 0 {
		return nil, errors.New("-systems: none given")
	}
	return out, nil
}

func parseInts(s string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			return nil, fmt.Errorf("%q is not a positive count", f)
		}
		out = append(out, n)
	}
	return out, nil
}

// command is the command line that reproduces o, every setting spelled out so that changed
// defaults cannot change what it runs.
func (o options) command() string {
	args := []string{"cd bench && go run ./recovery"}
	if o.dir != "" {
		args = append(args, "-dir", o.dir)
	}
	if o.jsonOut {
		args = append(args, "-json")
	}
	var cs []string
	for _, c := range o.committers {
		cs = append(cs, strconv.Itoa(c))
	}
	args = append(args,
		"-systems", strings.Join(o.systems, ","),
		"-committers", strings.Join(cs, ","),
		"-accounts", strconv.Itoa(o.accounts),
		"-warmup", o.warmup.String(),
		"-duration", o.duration.String(),
		"-rounds", strconv.Itoa(o.rounds),
		"-seed", strconv.FormatUint(o.seed, 10),
		"-sqlite-conns", strconv.Itoa(o.sqliteConns),
		"-raw-bytes", strconv.Itoa(o.rawBytes),
		"-probe", o.probeDuration.String(),
		"-recovery-mib", strconv.Itoa(o.recoveryMiB),
		"-recovery-value-kib", strconv.Itoa(o.recoveryValueKiB),
		"-recovery-committers", strconv.Itoa(o.recoveryCommitters),
		"-checkpoint-every", o.checkpointEvery.String(),
		"-repeats", strconv.Itoa(o.repeats))
	return strings.Join(args, " ")
}

func (o options) config() runConfig {
	return runConfig{
		Quick: o.quick, Systems: o.systems, Committers: o.committers, Accounts: o.accounts,
		Warmup: o.warmup.String(), Duration: o.duration.String(), Rounds: o.rounds, Seed: o.seed,
		SQLiteConns: o.sqliteConns, RawBytes: o.rawBytes, RecoveryMiB: o.recoveryMiB,
		RecoveryValueKiB: o.recoveryValueKiB, RecoveryCommitters: o.recoveryCommitters, Repeats: o.repeats,
	}
}

// run measures everything o asks for, writing progress lines to progress.
func run(o options, progress io.Writer) (*report, error) {
	begin := time.Now()
	parent := o.dir
	if parent == "" {
		parent = os.TempDir()
	}
	root, err := os.MkdirTemp(parent, "warden-bench-")
	if err != nil {
		return nil, err
	}
	if !o.keep {
		defer os.RemoveAll(root)
	}
	say := func(s string) { fmt.Fprintf(progress, "%s  %s\n", time.Now().Format("15:04:05.000"), s) }
	r := &report{
		Machine: machine{
			CPUs: runtime.NumCPU(), GOOS: runtime.GOOS, GOARCH: runtime.GOARCH, GoVersion: runtime.Version(),
			Kernel: sysinfo.KernelRelease(), CPUModel: sysinfo.CPUModel(), Dir: root, FS: sysinfo.FSType(root),
		},
		Command: o.command(),
		Config:  o.config(),
	}

	r.LogTransferBytes = o.rawBytes
	if n, err := measureTransferBytes(filepath.Join(root, "calibrate"), o.accounts); err != nil {
		return nil, fmt.Errorf("measuring a log transfer's bytes: %w", err)
	} else if o.rawBytes == 0 {
		r.LogTransferBytes = n
	}
	say(fmt.Sprintf("one log transfer writes %d bytes", r.LogTransferBytes))

	contenders := map[string]contender{
		"log":          wardenContender(recovery.StrategyLog, o.checkpointEvery),
		"shadow":       wardenContender(recovery.StrategyShadow, o.checkpointEvery),
		"bbolt-update": boltContender(false),
		"bbolt-batch":  boltContender(true),
		"sqlite-wal":   sqliteContender(o.sqliteConns),
		"raw":          rawContender(r.LogTransferBytes, 0),
		"raw-prealloc": rawContender(r.LogTransferBytes, rawPreallocBytes),
	}
	for _, name := range o.systems {
		r.Systems = append(r.Systems, contenders[name].about)
	}
	probe, err := newProber(filepath.Join(root, "probe.dat"), r.LogTransferBytes)
	if err != nil {
		return nil, fmt.Errorf("fdatasync probe: %w", err)
	}
	for i, n := range o.committers {
		var p *prober
		if i == 0 {
			p = probe // the probe runs beside the first (single-committer) cells
		}
		cells, err := runBlock(o, root, n, contenders, p, say)
		if err != nil {
			return nil, errors.Join(err, probe.f.Close())
		}
		r.Cells = append(r.Cells, cells...)
	}
	if r.Fdatasync, err = probe.finish(); err != nil {
		return nil, fmt.Errorf("fdatasync probe: %w", err)
	}

	if o.recoveryMiB > 0 {
		say(fmt.Sprintf("recovery: building a %d MiB log recovery file", o.recoveryMiB))
		r.Recovery, err = measureRecovery(recoveryDir(root), recoveryConfig{
			fileBytes:  int64(o.recoveryMiB) << 20,
			valueBytes: o.recoveryValueKiB << 10,
			committers: o.recoveryCommitters,
			repeats:    o.repeats,
			seed:       o.seed,
		}, say)
		if err != nil {
			return nil, fmt.Errorf("recovery time: %w", err)
		}
	}
	r.Targets = targets(r.Cells, r.Fdatasync, r.Recovery)
	r.Seconds = time.Since(begin).Seconds()
	return r, nil
}

// runBlock measures every system at n committers. The systems' stores stay open for the whole
// block and are measured in o.rounds slices of o.duration/o.rounds each, round-robin, each slice
// after its own warmup: the device's speed drifts over seconds, and interleaving makes every
// system see the same drift. A non-nil probe gets a slice of o.probeDuration/o.rounds at the
// start of each round.
func runBlock(o options, root string, n int, contenders map[string]contender, probe *prober, say func(string)) (_ []cellResult, err error) {
	var cells []*cell
	defer func() {
		if err != nil {
			for _, cl := range cells {
				err = errors.Join(err, cl.abandon())
			}
		}
	}()
	for _, name := range o.systems {
		cl, err := openCell(contenders[name], filepath.Join(root, fmt.Sprintf("%s-%d", name, n)), cellConfig{
			accounts: o.accounts, committers: n, seed: o.seed, maxAmount: 100,
		})
		if err != nil {
			return nil, err
		}
		cells = append(cells, cl)
	}
	slice := o.duration / time.Duration(o.rounds)
	for round := range o.rounds {
		say(fmt.Sprintf("%d committers, round %d of %d", n, round+1, o.rounds))
		if probe != nil {
			if err := probe.slice(o.probeDuration / time.Duration(o.rounds)); err != nil {
				return nil, fmt.Errorf("fdatasync probe: %w", err)
			}
		}
		for _, cl := range cells {
			if err := cl.slice(o.warmup, slice); err != nil {
				return nil, err
			}
		}
	}
	var out []cellResult
	for _, cl := range cells {
		res, err := cl.finish()
		if err != nil {
			return nil, err
		}
		if !o.keep {
			if err := os.RemoveAll(cl.dir); err != nil {
				return nil, err
			}
		}
		out = append(out, res)
	}
	return out, nil
}
