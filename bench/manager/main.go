package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/wardenft/warden/bench/internal/cli"
)

// options are the flags, after -quick has filled in what was not given.
type options struct {
	jsonOut         bool
	quick           bool
	only            string // "", "failover" or "scale"
	runs            int
	profiles        []string
	warden          string
	scaleRuns       int
	scaleProfiles   []string
	agents          int
	groups          int
	groupSize       int
	affected        int
	steady          time.Duration
	poll            time.Duration
	timeout         time.Duration
	seed            uint64
	cpuProfile      string
	memProfile      string
	verbose         bool
	failoverTimeout time.Duration
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
		Name:  "bench/manager",
		Parse: parseFlags,
		Run:   run,
		JSON:  func(o options) bool { return o.jsonOut },
		Table: writeTable,
	}.Main(args, stdout, stderr)
}

func splitList(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

func parseFlags(args []string, out io.Writer) (options, error) {
	fs := flag.NewFlagSet("manager", flag.ContinueOnError)
	fs.SetOutput(out)
	fs.Usage = func() {
		fmt.Fprintf(out, `Usage: go run ./manager [flags]   (from bench/)

Benchmarks Warden's replication manager.

Failover: three 'warden manager' processes on loopback (the binary built from this tree);
the leader is SIGKILLed and the time until a write is accepted through a surviving manager
is measured; the killed manager restarts from its data dir and the next run waits for a
stable leader. -runs kills per profile, the profiles (-profiles) interleaved: lan
(hashicorp/raft's defaults) and local (Warden's tuned timeouts).

Scale: one manager in this process (manager.OpenNode, its gRPC services on a loopback
listener), -agents simulated agents in a child process speaking AgentService over real gRPC,
-groups STATELESS groups of -group-size members placed by the manager's repair loop; then
the agents holding -affected members stop (a host failure): detection, repairs, CPU and
memory of the manager's process.

Prints tables with ratios and the issue's targets, or one JSON object with -json.
Default: 12-20 minutes on 2 cores (the scale runs' placement dominates). -quick: under a minute.

Flags:
`)
		fs.PrintDefaults()
	}
	var o options
	var profiles, scaleProfiles string
	fs.BoolVar(&o.jsonOut, "json", false, "print one JSON object with every figure instead of the tables")
	fs.BoolVar(&o.quick, "quick", false, "short run (under a minute): 3 kills per profile; 100 agents, 334 groups of 3, 10 members affected, one run; explicit flags still win")
	fs.StringVar(&o.only, "only", "", "run only `part`: failover or scale (default both)")
	fs.IntVar(&o.runs, "runs", 20, "failover: leader kills per profile")
	fs.StringVar(&profiles, "profiles", "lan,local", "failover: the manager profiles (--profile) to measure, comma-separated")
	fs.StringVar(&o.warden, "warden", "", "failover: a warden binary to run (default: go build ./cmd/warden from the root module)")
	fs.DurationVar(&o.failoverTimeout, "failover-timeout", time.Minute, "failover: longest wait for a write, a leader or a restart")
	fs.IntVar(&o.scaleRuns, "scale-runs", 3, "scale: runs per profile, each with a fresh manager and agents; medians are reported")
	fs.StringVar(&scaleProfiles, "scale-profiles", "lan", "scale: the manager profiles to measure, comma-separated (local: agents heartbeat every 100ms)")
	fs.IntVar(&o.agents, "agents", 1000, "scale: simulated agents (locations)")
	fs.IntVar(&o.groups, "groups", 3334, "scale: STATELESS object groups")
	fs.IntVar(&o.groupSize, "group-size", 3, "scale: InitialNumberMembers = MinimumNumberMembers of every group")
	fs.IntVar(&o.affected, "affected", 100, "scale: members on the agents that stop (agents are picked until their members add up to this)")
	fs.DurationVar(&o.steady, "steady", 5*time.Second, "scale: the steady-state window (heartbeats only) measured after placement")
	fs.DurationVar(&o.poll, "poll", 5*time.Millisecond, "scale: how often the harness reads the manager's state during the failure")
	fs.DurationVar(&o.timeout, "timeout", 15*time.Minute, "scale: longest wait for placement or for the repairs")
	fs.Uint64Var(&o.seed, "seed", 1, "scale: seed of the agents' incarnations and heartbeat phases and of the choice of agents to stop")
	fs.StringVar(&o.cpuProfile, "cpuprofile", "", "scale: write CPU profiles of this process (the manager) to `prefix`-PROFILE-runN-PHASE.pprof, PHASE placement, steady or failure")
	fs.StringVar(&o.memProfile, "memprofile", "", "scale: write a heap profile after placement to `prefix`-PROFILE-runN.pprof")
	fs.BoolVar(&o.verbose, "v", false, "scale: the in-process manager's warnings on stderr")
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
			"runs":       func() { o.runs = 3 },
			"scale-runs": func() { o.scaleRuns = 1 },
			"agents":     func() { o.agents = 100 },
			"groups":     func() { o.groups = 334 },
			"affected":   func() { o.affected = 10 },
			"steady":     func() { o.steady = 2 * time.Second },
			"timeout":    func() { o.timeout = 2 * time.Minute },
		} {
			if !set[name] {
				apply()
			}
		}
	}
	o.profiles, o.scaleProfiles = splitList(profiles), splitList(scaleProfiles)
	var errs []error
	if o.only != "" && o.only != "failover" && o.only != "scale" {
		errs = append(errs, fmt.Errorf("-only %q: want failover or scale", o.only))
	}
	for _, p := range append(slices.Clone(o.profiles), o.scaleProfiles...) {
		if p != "lan" && p != "local" {
			errs = append(errs, fmt.Errorf("profile %q: want lan or local", p))
		}
	}
	if o.only != "scale" && (o.runs < 1 || len(o.profiles) == 0) {
		errs = append(errs, fmt.Errorf("-runs %d -profiles %q: need at least one run of one profile", o.runs, profiles))
	}
	if o.only != "failover" {
		if o.scaleRuns < 1 || len(o.scaleProfiles) == 0 {
			errs = append(errs, fmt.Errorf("-scale-runs %d -scale-profiles %q: need at least one run of one profile", o.scaleRuns, scaleProfiles))
		}
		if o.agents < 2 || o.groupSize < 1 || o.groupSize > 64 || o.groups < 1 {
			errs = append(errs, fmt.Errorf("-agents %d -groups %d -group-size %d: need 2+ agents, 1+ groups, a size of 1 to 64", o.agents, o.groups, o.groupSize))
		} else if o.groupSize > o.agents-1 {
			errs = append(errs, fmt.Errorf("-group-size %d with -agents %d: a group has one member per location, and a replacement needs a free one", o.groupSize, o.agents))
		}
		if o.affected < 1 || o.affected > o.groups*o.groupSize/2 {
			errs = append(errs, fmt.Errorf("-affected %d: want 1 to half of the %d members", o.affected, o.groups*o.groupSize))
		}
		if o.steady <= 0 || o.poll <= 0 || o.timeout <= 0 {
			errs = append(errs, fmt.Errorf("-steady %v -poll %v -timeout %v: must be positive", o.steady, o.poll, o.timeout))
		}
	}
	return o, errors.Join(errs...)
}

// run runs the parts asked for and summarises them.
func run(ctx context.Context, o options, progress io.Writer) (*report, error) {
	began := time.Now()
	r := &report{Machine: thisMachine(), Command: reproduce(o), Tree: treeState(ctx)}
	if o.only != "scale" {
		runs, err := runFailover(ctx, o, progress)
		if err != nil {
			return nil, err
		}
		r.Failover = summariseFailover(o.profiles, runs)
		r.FailoverRuns = runs
	}
	if o.only != "failover" {
		var runs []*scaleRun
		for i := range o.scaleRuns {
			for _, p := range o.scaleProfiles {
				cfg := scaleConfig{profile: p, agents: o.agents, groups: o.groups, groupSize: o.groupSize, affected: o.affected,
					steady: o.steady, settle: time.Second, timeout: o.timeout, poll: o.poll, seed: o.seed + uint64(i),
					logLevel: slog.LevelWarn, logOut: io.Discard}
				if o.verbose {
					cfg.logOut = progress
				}
				if o.cpuProfile != "" {
					cfg.cpuProfile = fmt.Sprintf("%s-%s-run%d", o.cpuProfile, p, i+1)
				}
				if o.memProfile != "" {
					cfg.memProfile = fmt.Sprintf("%s-%s-run%d.pprof", o.memProfile, p, i+1)
				}
				sr, err := runScale(ctx, cfg, progress)
				freeMemory()
				if err != nil {
					return nil, fmt.Errorf("scale %s run %d: %w", p, i+1, err)
				}
				runs = append(runs, sr)
			}
		}
		r.Scale = summariseScale(o.scaleProfiles, runs)
		r.ScaleRuns = runs
	}
	r.Targets = targets(r)
	r.TargetsOK = true
	for _, t := range r.Targets {
		if !t.Met {
			r.TargetsOK = false
		}
	}
	r.Wall = time.Since(began)
	return r, nil
}

// runFailover starts one cluster per profile and kills their leaders in turn.
func runFailover(ctx context.Context, o options, progress io.Writer) ([]failoverRun, error) {
	dir, err := os.MkdirTemp("", "warden-bench-failover-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	bin := o.warden
	if bin == "" {
		fmt.Fprintln(progress, "failover: building warden")
		if bin, err = buildWarden(ctx, dir); err != nil {
			return nil, err
		}
	}
	clusters := map[string]*cluster{}
	defer func() {
		for _, c := range clusters {
			c.stop()
		}
	}()
	for _, p := range o.profiles {
		c, err := startCluster(ctx, bin, p, dirFor(dir, p))
		if err != nil {
			return nil, err
		}
		clusters[p] = c
	}
	errs := make(chan error, len(clusters))
	for _, c := range clusters {
		go func() { errs <- c.silenceProbe(ctx, o.failoverTimeout) }()
	}
	for range clusters {
		if err := <-errs; err != nil {
			return nil, err
		}
	}
	var runs []failoverRun
	for i := range o.runs {
		for _, p := range o.profiles {
			c := clusters[p]
			leader, err := c.waitStable(ctx, o.failoverTimeout)
			if err != nil {
				return nil, err
			}
			fr, err := c.killLeader(ctx, leader, i, o.failoverTimeout)
			if err != nil {
				return nil, err
			}
			fmt.Fprintf(progress, "failover %s run %d: killed %s; %s leads after %v; write accepted after %v\n",
				p, i+1, fr.Killed, fr.NewLead, fr.Leader.Round(time.Millisecond), fr.Write.Round(time.Millisecond))
			runs = append(runs, fr)
		}
	}
	return runs, nil
}

func dirFor(dir, profile string) string { return dir + string(os.PathSeparator) + profile }
