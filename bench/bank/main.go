package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"

	txnv1 "github.com/wardenft/warden/api/warden/txn/v1"
	"github.com/wardenft/warden/bench/internal/cli"
	"github.com/wardenft/warden/bench/internal/sysinfo"
	"github.com/wardenft/warden/examples/bank/banking"
	"github.com/wardenft/warden/recovery"
	"github.com/wardenft/warden/txn"
	"google.golang.org/grpc"
	"google.golang.org/grpc/status"
)

type config struct {
	Clients  int           `json:"clients"`
	Accounts int           `json:"accounts_per_branch"`
	Runs     int           `json:"runs"`
	Duration time.Duration `json:"duration_per_mode_ns"`
	Warmup   time.Duration `json:"warmup_ns"`
	Dir      string        `json:"dir"`
	Seed     uint64        `json:"seed"`
}

// Result is one mode's measurement.
type Result struct {
	Mode      string         `json:"mode"`
	Transfers int            `json:"transfers"`
	PerSecond float64        `json:"transfers_per_second"`
	P50       time.Duration  `json:"p50_ns"`
	P99       time.Duration  `json:"p99_ns"`
	Errors    map[string]int `json:"errors"`
	// CPUs is the process's CPU time over the measured time (2.0 = two cores busy), and
	// CPUPerTransfer that time over the transfers: together they tell a mode limited by the
	// processor from one limited by waiting.
	CPUs           float64       `json:"cpus_busy"`
	CPUPerTransfer time.Duration `json:"cpu_per_transfer_ns"`
	// SyncsPerSecond counts the fdatasyncs of all three stores; RecordsPerSync is their
	// group-commit factor (durable operations per sync).
	SyncsPerSecond   float64 `json:"syncs_per_second"`
	SyncsPerTransfer float64 `json:"syncs_per_transfer"`
	RecordsPerSync   float64 `json:"records_per_sync"`
}

// Run is one repetition of the measurement: both modes, in alternating slices.
type Run struct {
	Same        Result  `json:"same_branch"`
	Cross       Result  `json:"cross_branch"`
	ThroughputX float64 `json:"cross_over_same_throughput"`
	P50X        float64 `json:"cross_over_same_p50"`
	P99X        float64 `json:"cross_over_same_p99"`
}

// Report is the whole invocation. Same and Cross hold the median over the runs of each figure
// (transfers and errors are summed), and the ratios are the medians of the runs' ratios.
type Report struct {
	Config        config   `json:"config"`
	Slices        int      `json:"slices_per_mode"`
	Runs          []Run    `json:"runs"`
	Same          Result   `json:"same_branch"`
	Cross         Result   `json:"cross_branch"`
	ThroughputX   float64  `json:"cross_over_same_throughput"`
	P50X          float64  `json:"cross_over_same_p50"`
	P99X          float64  `json:"cross_over_same_p99"`
	Target        float64  `json:"target_throughput_ratio"`
	TargetMet     bool     `json:"target_met"`
	TotalBefore   int64    `json:"total_before"`
	TotalAfter    int64    `json:"total_after"`
	Machine       string   `json:"machine"`
	FileSystem    string   `json:"file_system"`
	Reproduce     string   `json:"reproduce"`
	CoordinatorSt []string `json:"-"`
}

const target = 0.3

func main() { os.Exit(benchMain(os.Args[1:], os.Stdout, os.Stderr)) }

// options are the command line: the measurement's config and how to report it.
type options struct {
	config
	jsonOut    bool
	cpuProfile string
	args       []string // as given, for the reproduce line
}

// benchMain runs the benchmark and returns the exit code: 0 done (target met or not), 1 the
// run failed, 2 bad flags.
func benchMain(args []string, stdout, stderr io.Writer) int {
	return cli.Bench[options, *Report]{
		Name:  "bench/bank",
		Parse: parseFlags,
		Run: func(ctx context.Context, o options, _ io.Writer) (*Report, error) {
			return run(ctx, o.config, o.args)
		},
		JSON:       func(o options) bool { return o.jsonOut },
		Table:      func(w io.Writer, r *Report) error { printTable(w, r); return nil },
		CPUProfile: func(o options) string { return o.cpuProfile },
	}.Main(args, stdout, stderr)
}

func parseFlags(args []string, out io.Writer) (options, error) {
	fs := flag.NewFlagSet("bank", flag.ContinueOnError)
	fs.SetOutput(out)
	fs.Usage = func() {
		fmt.Fprintf(out, `Usage: go run ./bank [flags]   (from bench/)

Measures the banking example's transfers within one branch (a local durable transaction)
against between branches (two-phase commit through the coordinator), with the same clients,
alternating in slices; prints throughput, latency, CPU and syncs per transfer of each and their
ratios, or one JSON object with -json.

Flags:
`)
		fs.PrintDefaults()
	}
	var o options
	var quick bool
	fs.IntVar(&o.Clients, "clients", 32, "concurrent clients in each mode")
	fs.IntVar(&o.Accounts, "accounts", 1000, "accounts per branch (2 branches)")
	fs.IntVar(&o.Runs, "runs", 5, "repeat the whole measurement this many times; the table gives the medians")
	fs.DurationVar(&o.Duration, "duration", 10*time.Second, "measured time per mode and run, in slices of about a second alternating with the other mode")
	fs.DurationVar(&o.Warmup, "warmup", time.Second, "unmeasured time before each mode")
	fs.StringVar(&o.Dir, "dir", "", "directory for the stores (default: a new temporary directory, removed at the end); its file system decides what fdatasync costs")
	fs.Uint64Var(&o.Seed, "seed", 1, "seed of the clients' choice of accounts")
	fs.BoolVar(&quick, "quick", false, "3 runs of 3s per mode, 500ms warmup (under 30 seconds in all)")
	fs.BoolVar(&o.jsonOut, "json", false, "print one JSON object instead of the table")
	fs.StringVar(&o.cpuProfile, "cpuprofile", "", "write a CPU profile of the whole run to this file")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	if quick {
		o.Runs, o.Duration, o.Warmup = 3, 3*time.Second, 500*time.Millisecond
	}
	o.args = args
	return o, validate(o.config)
}

func validate(cfg config) error {
	var errs []error
	if cfg.Clients < 1 {
		errs = append(errs, fmt.Errorf("-clients: %d, need at least 1", cfg.Clients))
	}
	if cfg.Accounts < 2 {
		errs = append(errs, fmt.Errorf("-accounts: %d, need at least 2", cfg.Accounts))
	}
	if cfg.Runs < 1 {
		errs = append(errs, fmt.Errorf("-runs: %d, need at least 1", cfg.Runs))
	}
	if cfg.Duration <= 0 {
		errs = append(errs, fmt.Errorf("-duration: %v, must be positive", cfg.Duration))
	}
	if cfg.Warmup < 0 {
		errs = append(errs, fmt.Errorf("-warmup: %v is negative", cfg.Warmup))
	}
	return errors.Join(errs...)
}

type system struct {
	stores  []*recovery.Store // branches A and B, then the coordinator
	servers []*grpc.Server
	closers []func()
	cli     *banking.Client
}

func (s *system) close() {
	if s.cli != nil {
		s.cli.Close()
	}
	for _, g := range s.servers {
		g.Stop()
	}
	for _, c := range s.closers {
		c()
	}
}

func listen(s *system) (net.Listener, *grpc.Server, error) {
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, nil, err
	}
	gs := grpc.NewServer()
	s.servers = append(s.servers, gs)
	return lis, gs, nil
}

// start runs the coordinator and branches A and B in this process, each on its own port.
func start(dir string) (*system, error) {
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	s := &system{}
	addrs := map[string]string{}
	for _, name := range []string{"A", "B"} {
		lis, gs, err := listen(s)
		if err != nil {
			s.close()
			return nil, err
		}
		b, err := banking.OpenBranch(banking.BranchConfig{Name: name, Dir: filepath.Join(dir, name), Logger: log})
		if err != nil {
			s.close()
			return nil, err
		}
		s.closers = append(s.closers, func() { b.Close() })
		s.stores = append(s.stores, b.Store())
		b.Register(gs)
		go gs.Serve(lis)
		addrs[name] = lis.Addr().String()
	}
	lis, gs, err := listen(s)
	if err != nil {
		s.close()
		return nil, err
	}
	c, err := txn.OpenCoordinator(txn.CoordinatorServerConfig{Core: txn.DefaultCoordinatorConfig(), Dir: filepath.Join(dir, "coordinator"), Address: lis.Addr().String(), Logger: log})
	if err != nil {
		s.close()
		return nil, err
	}
	s.closers = append(s.closers, func() { c.Close() })
	s.stores = append(s.stores, c.Store())
	txnv1.RegisterCoordinatorServiceServer(gs, c)
	go gs.Serve(lis)
	if s.cli, err = banking.NewClient(lis.Addr().String(), addrs); err != nil {
		s.close()
		return nil, err
	}
	return s, nil
}

func account(branch string, i int) banking.Account {
	return banking.Account{Branch: branch, Name: fmt.Sprintf("acct%05d", i)}
}

func run(ctx context.Context, cfg config, args []string) (*Report, error) {
	if err := validate(cfg); err != nil {
		return nil, err
	}
	dir := cfg.Dir
	if dir == "" {
		tmp, err := os.MkdirTemp("", "warden-bench-bank-")
		if err != nil {
			return nil, err
		}
		defer os.RemoveAll(tmp)
		dir = tmp
	}
	s, err := start(dir)
	if err != nil {
		return nil, err
	}
	defer s.close()
	const initial = 1_000_000
	// Open and fund the accounts with a few concurrent loaders.
	var wg sync.WaitGroup
	errc := make(chan error, 16)
	for w := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < 2*cfg.Accounts; i += 16 {
				a := account([]string{"A", "B"}[i%2], i/2)
				if err := s.cli.OpenAccount(ctx, a); err != nil {
					errc <- err
					return
				}
				if _, err := s.cli.Deposit(ctx, a, initial, "fund-"+a.Branch+a.Name); err != nil {
					errc <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errc)
	if err := <-errc; err != nil {
		return nil, fmt.Errorf("funding the accounts: %w", err)
	}
	rep := &Report{Config: cfg, Target: target, TotalBefore: int64(2*cfg.Accounts) * initial}
	// The modes alternate in slices of about a second, so that a change in the machine's load
	// (other processes, the file system's journal) weighs on both alike.
	slices := max(1, int(cfg.Duration/time.Second))
	rep.Slices = slices
	for r := range cfg.Runs {
		var same, cross []sample
		for i := range slices {
			warm := cfg.Warmup
			if i > 0 || r > 0 {
				warm = 100 * time.Millisecond // let the other mode's last decisions drain
			}
			same = append(same, measure(ctx, s, cfg, false, warm, cfg.Duration/time.Duration(slices)))
			cross = append(cross, measure(ctx, s, cfg, true, warm, cfg.Duration/time.Duration(slices)))
		}
		run := Run{Same: summarize("same-branch", same), Cross: summarize("cross-branch", cross)}
		if run.Same.PerSecond > 0 {
			run.ThroughputX = run.Cross.PerSecond / run.Same.PerSecond
		}
		if run.Same.P50 > 0 && run.Same.P99 > 0 {
			run.P50X = float64(run.Cross.P50) / float64(run.Same.P50)
			run.P99X = float64(run.Cross.P99) / float64(run.Same.P99)
		}
		rep.Runs = append(rep.Runs, run)
	}
	rep.Same = medianResult(rep.Runs, func(r Run) Result { return r.Same })
	rep.Cross = medianResult(rep.Runs, func(r Run) Result { return r.Cross })
	rep.ThroughputX = median(rep.Runs, func(r Run) float64 { return r.ThroughputX })
	rep.P50X = median(rep.Runs, func(r Run) float64 { return r.P50X })
	rep.P99X = median(rep.Runs, func(r Run) float64 { return r.P99X })
	// The last decisions may still be on their way to the branches: wait until nothing is in
	// doubt, then count the money.
	deadline := time.Now().Add(30 * time.Second)
	for {
		audits, err := s.cli.Audit(ctx, nil)
		if err != nil {
			return nil, err
		}
		doubt := 0
		rep.TotalAfter = 0
		for _, a := range audits {
			doubt += len(a.InDoubt)
			rep.TotalAfter += a.Total
		}
		if doubt == 0 {
			break
		}
		if time.Now().After(deadline) {
			return rep, fmt.Errorf("%d transfers still in doubt 30s after the run", doubt)
		}
		time.Sleep(10 * time.Millisecond)
	}
	if rep.TotalAfter != rep.TotalBefore {
		return rep, fmt.Errorf("money not conserved: total %d before, %d after", rep.TotalBefore, rep.TotalAfter)
	}
	rep.TargetMet = rep.ThroughputX >= target
	rep.Machine = machine()
	rep.FileSystem = sysinfo.FSType(dir)
	rep.Reproduce = "cd bench && go run ./bank " + strings.Join(args, " ")
	return rep, nil
}

// sample is one slice of one mode.
type sample struct {
	lat    []time.Duration
	errs   map[string]int
	period time.Duration
	use    usage // of the measured period
}

// usage is what the process and its stores spent.
type usage struct {
	cpu     time.Duration // process CPU time, user + system
	syncs   int64         // group commits (one fdatasync each) of the three stores
	records int64         // durable operations of the three stores (commits, prepares, decisions)
}

func (s *system) usage() usage {
	u := usage{cpu: cpuTime()}
	for _, st := range s.stores {
		ss := st.Stats()
		u.syncs += ss.Syncs
		u.records += ss.Commits
	}
	return u
}

func (u usage) sub(v usage) usage {
	return usage{cpu: u.cpu - v.cpu, syncs: u.syncs - v.syncs, records: u.records - v.records}
}

// measure runs cfg.Clients clients doing transfers for warmup + period and keeps the
// transfers that started after the warmup.
func measure(ctx context.Context, s *system, cfg config, cross bool, warmup, period time.Duration) sample {
	bank := s.cli
	start := time.Now()
	measureFrom := start.Add(warmup)
	end := measureFrom.Add(period)
	results := make([]sample, cfg.Clients)
	// The usage counters are read when the warmup ends, by a timer that the end of the run
	// joins.
	use0 := make(chan usage, 1)
	time.AfterFunc(warmup, func() { use0 <- s.usage() })
	var wg sync.WaitGroup
	for c := range cfg.Clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewPCG(cfg.Seed, uint64(c)^uint64(start.UnixNano())))
			res := sample{errs: map[string]int{}}
			for n := 0; ; n++ {
				t0 := time.Now()
				if !t0.Before(end) {
					break
				}
				var from, to banking.Account
				if cross {
					fb, tb := "A", "B"
					if r.IntN(2) == 0 {
						fb, tb = tb, fb
					}
					from, to = account(fb, r.IntN(cfg.Accounts)), account(tb, r.IntN(cfg.Accounts))
				} else {
					b := []string{"A", "B"}[r.IntN(2)]
					i := r.IntN(cfg.Accounts)
					j := (i + 1 + r.IntN(cfg.Accounts-1)) % cfg.Accounts
					from, to = account(b, i), account(b, j)
				}
				_, err := bank.Transfer(ctx, from, to, 1+r.Int64N(100), "")
				if t0.Before(measureFrom) {
					continue
				}
				if err != nil {
					res.errs[status.Code(err).String()]++
					continue
				}
				res.lat = append(res.lat, time.Since(t0))
			}
			results[c] = res
		}()
	}
	wg.Wait()
	out := sample{errs: map[string]int{}, period: period}
	out.use = s.usage().sub(<-use0)
	for _, r := range results {
		out.lat = append(out.lat, r.lat...)
		for k, v := range r.errs {
			out.errs[k] += v
		}
	}
	return out
}

func summarize(mode string, ss []sample) Result {
	out := Result{Mode: mode, Errors: map[string]int{}}
	var all []time.Duration
	var period time.Duration
	var use usage
	for _, s := range ss {
		use.cpu += s.use.cpu
		use.syncs += s.use.syncs
		use.records += s.use.records
		all = append(all, s.lat...)
		period += s.period
		for k, v := range s.errs {
			out.Errors[k] += v
		}
	}
	slices.Sort(all)
	out.Transfers = len(all)
	out.PerSecond = float64(len(all)) / period.Seconds()
	out.CPUs = use.cpu.Seconds() / period.Seconds()
	out.SyncsPerSecond = float64(use.syncs) / period.Seconds()
	if len(all) > 0 {
		out.SyncsPerTransfer = float64(use.syncs) / float64(len(all))
	}
	if len(all) > 0 {
		out.CPUPerTransfer = use.cpu / time.Duration(len(all))
	}
	if use.syncs > 0 {
		out.RecordsPerSync = float64(use.records) / float64(use.syncs)
	}
	if len(all) > 0 {
		out.P50 = all[len(all)*50/100]
		out.P99 = all[min(len(all)-1, len(all)*99/100)]
	}
	return out
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// median is the median of f over the runs (the mean of the middle two for an even count).
func median[T any](runs []T, f func(T) float64) float64 {
	v := make([]float64, len(runs))
	for i, r := range runs {
		v[i] = f(r)
	}
	slices.Sort(v)
	n := len(v)
	if n == 0 {
		return 0
	}
	if n%2 == 1 {
		return v[n/2]
	}
	return (v[n/2-1] + v[n/2]) / 2
}

// medianResult is the median over the runs of each figure of one mode; transfers and errors
// are summed.
func medianResult(runs []Run, mode func(Run) Result) Result {
	out := Result{Mode: mode(runs[0]).Mode, Errors: map[string]int{}}
	for _, r := range runs {
		for k, v := range mode(r).Errors {
			out.Errors[k] += v
		}
		out.Transfers += mode(r).Transfers
	}
	m := func(f func(Result) float64) float64 { return median(runs, func(r Run) float64 { return f(mode(r)) }) }
	out.PerSecond = m(func(r Result) float64 { return r.PerSecond })
	out.P50 = time.Duration(m(func(r Result) float64 { return float64(r.P50) }))
	out.P99 = time.Duration(m(func(r Result) float64 { return float64(r.P99) }))
	out.CPUs = m(func(r Result) float64 { return r.CPUs })
	out.CPUPerTransfer = time.Duration(m(func(r Result) float64 { return float64(r.CPUPerTransfer) }))
	out.SyncsPerSecond = m(func(r Result) float64 { return r.SyncsPerSecond })
	out.SyncsPerTransfer = m(func(r Result) float64 { return r.SyncsPerTransfer })
	out.RecordsPerSync = m(func(r Result) float64 { return r.RecordsPerSync })
	return out
}

func machine() string {
	cpu := ""
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if k, v, ok := strings.Cut(l, ":"); ok && strings.TrimSpace(k) == "model name" {
				cpu = strings.TrimSpace(v)
				break
			}
		}
	}
	kernel := ""
	if b, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		kernel = strings.TrimSpace(string(b))
	}
	return fmt.Sprintf("%s/%s, %d CPUs (%s), kernel %s, %s", runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), cpu, kernel, runtime.Version())
}

func errString(m map[string]int) string {
	if len(m) == 0 {
		return "0"
	}
	var parts []string
	for k, v := range m {
		parts = append(parts, fmt.Sprintf("%s %d", k, v))
	}
	slices.Sort(parts)
	return strings.Join(parts, ", ")
}

func us(d time.Duration) string { return fmt.Sprintf("%.0fus", float64(d)/1e3) }

func ms(d time.Duration) string { return fmt.Sprintf("%.2fms", float64(d)/1e6) }

func printTable(w io.Writer, r *Report) {
	fmt.Fprintf(w, "Bank transfers: %d clients, 2 branches x %d accounts, durable stores (fdatasync) on %s\n", r.Config.Clients, r.Config.Accounts, r.FileSystem)
	fmt.Fprintf(w, "%d runs, each %v per mode in %d alternating slices (after %v warmup); medians over the runs\n\n", len(r.Runs), r.Config.Duration, r.Slices, r.Config.Warmup)
	fmt.Fprintf(w, "%-14s %12s %10s %10s %10s %6s %9s %10s %9s  %s\n", "mode", "transfers/s", "p50", "p99", "transfers", "CPUs", "CPU/xfer", "syncs/xfer", "recs/sync", "errors")
	for _, m := range []Result{r.Same, r.Cross} {
		fmt.Fprintf(w, "%-14s %12.0f %10s %10s %10d %6.2f %9s %10.2f %9.1f  %s\n", m.Mode, m.PerSecond, ms(m.P50), ms(m.P99), m.Transfers, m.CPUs, us(m.CPUPerTransfer), m.SyncsPerTransfer, m.RecordsPerSync, errString(m.Errors))
	}
	verdict := "met"
	if !r.TargetMet {
		verdict = "NOT met"
	}
	fmt.Fprintf(w, "%-14s %11.2fx %9.2fx %9.2fx\n\n", "cross/same", r.ThroughputX, r.P50X, r.P99X)
	var each []string
	for _, run := range r.Runs {
		each = append(each, fmt.Sprintf("%.2fx", run.ThroughputX))
	}
	fmt.Fprintf(w, "throughput ratio of each run: %s\n", strings.Join(each, " "))
	fmt.Fprintf(w, "target: cross-branch >= %.1fx same-branch throughput: %s\n", r.Target, verdict)
	fmt.Fprintf(w, "money conserved: total %d before and %d after\n", r.TotalBefore, r.TotalAfter)
	fmt.Fprintf(w, "machine: %s\n", r.Machine)
	fmt.Fprintf(w, "reproduce: %s\n", r.Reproduce)
}
