package main

import (
	"github.com/wardenft/warden/bench/internal/sysinfo"

	"context"
	"encoding/json"
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
	"runtime/pprof"
	"slices"
	"strings"
	"sync"
	"time"

	txnv1 "github.com/wardenft/warden/api/warden/txn/v1"
	"github.com/wardenft/warden/examples/bank/banking"
	"github.com/wardenft/warden/txn"
	"google.golang.org/grpc"
	"google.golang.org/grpc/status"
)

type config struct {
	Clients  int           `json:"clients"`
	Accounts int           `json:"accounts_per_branch"`
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
}

// Report is the whole run.
type Report struct {
	Config        config   `json:"config"`
	Slices        int      `json:"slices_per_mode"`
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

func main() {
	var cfg config
	var quick, asJSON bool
	flag.IntVar(&cfg.Clients, "clients", 32, "concurrent clients in each mode")
	flag.IntVar(&cfg.Accounts, "accounts", 1000, "accounts per branch (2 branches)")
	flag.DurationVar(&cfg.Duration, "duration", 10*time.Second, "measured time per mode, run in slices of about a second alternating with the other mode")
	flag.DurationVar(&cfg.Warmup, "warmup", time.Second, "unmeasured time before each mode")
	flag.StringVar(&cfg.Dir, "dir", "", "directory for the stores (default: a new temporary directory, removed at the end); its file system decides what fdatasync costs")
	flag.Uint64Var(&cfg.Seed, "seed", 1, "seed of the clients' choice of accounts")
	flag.BoolVar(&quick, "quick", false, "3s per mode, 500ms warmup (under 10 seconds in all)")
	flag.BoolVar(&asJSON, "json", false, "print one JSON object instead of the table")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of the whole run to this file")
	flag.Parse()
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			fmt.Fprintln(os.Stderr, "bank benchmark: -cpuprofile:", err)
			os.Exit(2)
		}
		pprof.StartCPUProfile(f)
		defer pprof.StopCPUProfile()
	}
	if quick {
		cfg.Duration, cfg.Warmup = 3*time.Second, 500*time.Millisecond
	}
	rep, err := run(context.Background(), cfg, os.Args[1:])
	if err != nil {
		fmt.Fprintln(os.Stderr, "bank benchmark:", err)
		pprof.StopCPUProfile()
		os.Exit(1)
	}
	if asJSON {
		enc := json.NewEncoder(os.Stdout)
		enc.SetIndent("", "  ")
		enc.Encode(rep)
		return
	}
	printTable(os.Stdout, rep)
}

func validate(cfg config) error {
	var errs []error
	if cfg.Clients < 1 {
		errs = append(errs, fmt.Errorf("-clients: %d, need at least 1", cfg.Clients))
	}
	if cfg.Accounts < 2 {
		errs = append(errs, fmt.Errorf("-accounts: %d, need at least 2", cfg.Accounts))
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
	var same, cross []sample
	for i := range slices {
		warm := cfg.Warmup
		if i > 0 {
			warm = 100 * time.Millisecond // let the other mode's last decisions drain
		}
		same = append(same, measure(ctx, s.cli, cfg, "same-branch", false, warm, cfg.Duration/time.Duration(slices)))
		cross = append(cross, measure(ctx, s.cli, cfg, "cross-branch", true, warm, cfg.Duration/time.Duration(slices)))
	}
	rep.Same = summarize("same-branch", same)
	rep.Cross = summarize("cross-branch", cross)
	rep.Slices = slices
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
	if rep.Same.PerSecond > 0 {
		rep.ThroughputX = rep.Cross.PerSecond / rep.Same.PerSecond
	}
	if rep.Same.P50 > 0 {
		rep.P50X = float64(rep.Cross.P50) / float64(rep.Same.P50)
		rep.P99X = float64(rep.Cross.P99) / float64(rep.Same.P99)
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
}

// measure runs cfg.Clients clients doing transfers for warmup + period and keeps the
// transfers that started after the warmup.
func measure(ctx context.Context, cli *banking.Client, cfg config, mode string, cross bool, warmup, period time.Duration) sample {
	start := time.Now()
	measureFrom := start.Add(warmup)
	end := measureFrom.Add(period)
	results := make([]sample, cfg.Clients)
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
				_, err := cli.Transfer(ctx, from, to, 1+r.Int64N(100), "")
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
	for _, s := range ss {
		all = append(all, s.lat...)
		period += s.period
		for k, v := range s.errs {
			out.Errors[k] += v
		}
	}
	slices.Sort(all)
	out.Transfers = len(all)
	out.PerSecond = float64(len(all)) / period.Seconds()
	if len(all) > 0 {
		out.P50 = all[len(all)*50/100]
		out.P99 = all[min(len(all)-1, len(all)*99/100)]
	}
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

func ms(d time.Duration) string { return fmt.Sprintf("%.2fms", float64(d)/1e6) }

func printTable(w io.Writer, r *Report) {
	fmt.Fprintf(w, "Bank transfers: %d clients, 2 branches x %d accounts, %v per mode in %d alternating slices (after %v warmup), durable stores (fdatasync) on %s\n\n",
		r.Config.Clients, r.Config.Accounts, r.Config.Duration, r.Slices, r.Config.Warmup, r.FileSystem)
	fmt.Fprintf(w, "%-14s %12s %10s %10s %10s  %s\n", "mode", "transfers/s", "p50", "p99", "transfers", "errors")
	for _, m := range []Result{r.Same, r.Cross} {
		fmt.Fprintf(w, "%-14s %12.0f %10s %10s %10d  %s\n", m.Mode, m.PerSecond, ms(m.P50), ms(m.P99), m.Transfers, errString(m.Errors))
	}
	verdict := "met"
	if !r.TargetMet {
		verdict = "NOT met"
	}
	fmt.Fprintf(w, "%-14s %11.2fx %9.2fx %9.2fx\n\n", "cross/same", r.ThroughputX, r.P50X, r.P99X)
	fmt.Fprintf(w, "target: cross-branch >= %.1fx same-branch throughput: %s\n", r.Target, verdict)
	fmt.Fprintf(w, "money conserved: total %d before and %d after\n", r.TotalBefore, r.TotalAfter)
	fmt.Fprintf(w, "machine: %s\n", r.Machine)
	fmt.Fprintf(w, "reproduce: %s\n", r.Reproduce)
}
