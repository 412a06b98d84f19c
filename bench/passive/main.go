package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/wardenft/warden/bench/internal/cli"
)

// options are the flags, after -quick has filled in what was not given.
type options struct {
	mode             string // failover, overhead or all
	quick            bool
	jsonOut          bool
	runs             int
	kills            int
	peerKills        int // 0: kills
	hostLosses       int
	pauses           int
	peers            []string
	install          bool
	clients          int
	overheadClients  int
	overheadDuration time.Duration
	overheadSlices   int
	redisDownAfter   time.Duration
	etcdHeartbeat    time.Duration
	etcdElection     time.Duration
	keep             bool
	clientLog        string
	warden           bool
}

func main() {
	os.Exit(benchMain(os.Args[1:], os.Stdout, os.Stderr))
}

// benchMain runs the benchmark and returns the exit code: 0 done (targets met or not), 1 the
// run failed, 2 bad flags.
func benchMain(args []string, stdout, stderr io.Writer) int {
	return cli.Bench[options, *report]{
		Name:  "bench/passive",
		Parse: parseFlags,
		Run:   run,
		JSON:  func(o options) bool { return o.jsonOut },
		Table: writeTable,
	}.Main(args, stdout, stderr)
}

func parseFlags(args []string, out io.Writer) (options, error) {
	fs := flag.NewFlagSet("passive", flag.ContinueOnError)
	fs.SetOutput(out)
	fs.Usage = func() {
		fmt.Fprintf(out, `Usage: go run ./passive [flags]   (from bench/)

Benchmarks Warden's passive replication with the WARM_PASSIVE counter (examples/counter):

failover: one manager, three agents, a group of three members, a client load through the
client SDK; the primary is SIGKILLed -kills times (then -host-losses times its agent with
it, and -pauses times it is SIGSTOPped); each time the client-seen gap (the largest interval
between successful calls around the fault) is measured. Beside it, the same load and kills
against Redis with Sentinel and etcd (-peers; installed with apt-get when missing).

overhead: increments/s with -overhead-clients callers against the group and against one
unreplicated counter process, -runs times each; medians and their ratio, and the CPU time
per increment of each side (client and servers).

Prints tables with ratios and the issue's targets, or one JSON object with -json. Default:
about 10 minutes on 2 cores; -quick: well under a minute (Warden only unless -peers is given).

Flags:
`)
		fs.PrintDefaults()
	}
	var o options
	var peerList string
	fs.StringVar(&o.mode, "mode", "all", "`part` to run: failover, overhead or all")
	fs.BoolVar(&o.quick, "quick", false, "short run: 3 kills, 1 host loss, 1 pause, no peers, one 1s overhead run; explicit flags still win")
	fs.BoolVar(&o.jsonOut, "json", false, "print one JSON object with every figure instead of the tables")
	fs.IntVar(&o.runs, "runs", 5, "overhead: measurements of each side; medians are reported")
	fs.IntVar(&o.kills, "kills", 30, "failover: SIGKILLs of the primary (Warden), the master (Redis), the leader (etcd)")
	fs.IntVar(&o.peerKills, "peer-kills", 0, "failover: kills of each peer's master or leader (0: -kills)")
	fs.IntVar(&o.hostLosses, "host-losses", 5, "failover: the primary's agent and the primary SIGKILLed together (Warden)")
	fs.IntVar(&o.pauses, "pauses", 5, "failover: the primary SIGSTOPped (Warden; its agent judges it by health checks)")
	fs.StringVar(&peerList, "peers", "redis,etcd", "failover: peers to measure beside Warden, comma-separated (redis, etcd; \"none\")")
	fs.BoolVar(&o.install, "install", true, "install missing peers with apt-get (Debian's redis-server, redis-sentinel, etcd-server)")
	fs.IntVar(&o.clients, "clients", 4, "failover: goroutines of the client load, each calling in a loop")
	fs.IntVar(&o.overheadClients, "overhead-clients", 64, "overhead: concurrent callers")
	fs.DurationVar(&o.overheadDuration, "overhead-duration", 5*time.Second, "overhead: measured time of each side per run (after a warm-up of a fifth of it)")
	fs.IntVar(&o.overheadSlices, "overhead-slices", 5, "overhead: slices each side's measured time is cut into, the sides alternating ABBA, so that the machine's drift slows both alike")
	fs.DurationVar(&o.redisDownAfter, "redis-down-after", defaultRedisDownAfter, "Redis: Sentinel's down-after-milliseconds")
	fs.DurationVar(&o.etcdHeartbeat, "etcd-heartbeat", 100*time.Millisecond, "etcd: --heartbeat-interval (etcd's default)")
	fs.DurationVar(&o.etcdElection, "etcd-election", time.Second, "etcd: --election-timeout (etcd's default)")
	fs.StringVar(&o.clientLog, "client-log", "", "failover: write the Warden client's debug log (every retry, every view) to `file`, for finding where a gap goes")
	fs.BoolVar(&o.warden, "warden", true, "failover: measure Warden (-warden=false: the peers only, e.g. to try Sentinel settings)")
	fs.BoolVar(&o.keep, "keep", false, "keep the processes' logs (printed at the end) instead of removing them")
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
			"runs":              func() { o.runs = 1 },
			"kills":             func() { o.kills = 3 },
			"host-losses":       func() { o.hostLosses = 1 },
			"pauses":            func() { o.pauses = 1 },
			"peers":             func() { peerList = "none" },
			"overhead-duration": func() { o.overheadDuration = time.Second },
		} {
			if !set[name] {
				apply()
			}
		}
	}
	var errs []error
	if o.mode != "failover" && o.mode != "overhead" && o.mode != "all" {
		errs = append(errs, fmt.Errorf("-mode %q: want failover, overhead or all", o.mode))
	}
	if peerList != "none" {
		for _, p := range strings.Split(peerList, ",") {
			if p = strings.TrimSpace(p); p == "" {
				continue
			}
			if _, ok := peers[p]; !ok {
				errs = append(errs, fmt.Errorf("-peers: unknown peer %q (want redis, etcd or none)", p))
			} else if !slices.Contains(o.peers, p) {
				o.peers = append(o.peers, p)
			}
		}
	}
	if o.runs < 1 || o.kills < 1 || o.peerKills < 0 || o.hostLosses < 0 || o.pauses < 0 || o.clients < 1 || o.overheadClients < 1 {
		errs = append(errs, fmt.Errorf("-runs %d -kills %d -host-losses %d -pauses %d -clients %d -overhead-clients %d: need runs, kills and clients >= 1, the others >= 0",
			o.runs, o.kills, o.hostLosses, o.pauses, o.clients, o.overheadClients))
	}
	if o.overheadSlices < 1 || o.overheadDuration/time.Duration(max(o.overheadSlices, 1)) < 10*time.Millisecond {
		errs = append(errs, fmt.Errorf("-overhead-slices %d: need at least 1, and slices of at least 10ms (-overhead-duration %v)", o.overheadSlices, o.overheadDuration))
	}
	if o.overheadDuration <= 0 || o.redisDownAfter < time.Millisecond || o.etcdHeartbeat < time.Millisecond || o.etcdElection < 5*o.etcdHeartbeat {
		errs = append(errs, fmt.Errorf("-overhead-duration %v -redis-down-after %v -etcd-heartbeat %v -etcd-election %v: durations must be positive (milliseconds), the election at least 5 heartbeats",
			o.overheadDuration, o.redisDownAfter, o.etcdHeartbeat, o.etcdElection))
	}
	return o, errors.Join(errs...)
}

// run runs the parts asked for and summarises them.
func run(ctx context.Context, o options, progress io.Writer) (*report, error) {
	began := time.Now()
	r := &report{Machine: thisMachine(), Command: reproduce(o), Tree: treeState(ctx), Skipped: map[string]string{}}
	dir, err := os.MkdirTemp("", "warden-bench-passive-")
	if err != nil {
		return nil, err
	}
	if o.keep {
		defer fmt.Fprintf(progress, "logs kept in %s\n", dir)
	} else {
		defer os.RemoveAll(dir)
	}
	var bins wardenBins
	if o.warden || o.mode != "failover" {
		if bins, err = buildWarden(ctx, dir, progress); err != nil {
			return nil, err
		}
	}
	if o.mode != "overhead" {
		if o.warden {
			faults, failed, err := wardenFailover(ctx, bins, wardenDir(dir, "failover"), o, progress)
			if err != nil {
				return nil, fmt.Errorf("warden failover: %w", err)
			}
			r.Faults = append(r.Faults, faults...)
			r.WardenFailedCalls = failed
		}
		ok, skipped := ensurePeers(ctx, o.peers, o.install, progress)
		r.Skipped = skipped
		for _, p := range ok {
			d := wardenDir(dir, p)
			var faults []fault
			switch p {
			case "redis":
				var stability string
				faults, stability, err = redisFailover(ctx, d, o, progress)
				r.RedisStability = stability
			case "etcd":
				faults, err = etcdFailover(ctx, d, o, progress)
			}
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			if err != nil {
				// A peer that fails is reported, not fatal: Warden's figures stand.
				fmt.Fprintf(progress, "%s: FAILED: %v\n", p, err)
				r.Skipped[p] = "failed: " + firstLine(err.Error())
				continue
			}
			r.Faults = append(r.Faults, faults...)
		}
		r.Failover = summariseFaults(r.Faults)
	}
	if o.mode != "failover" {
		runs, err := wardenOverhead(ctx, bins, wardenDir(dir, "overhead"), o, progress)
		if err != nil {
			return nil, fmt.Errorf("overhead: %w", err)
		}
		r.OverheadRuns = runs
		r.Overhead = summariseOverhead(runs, o)
	}
	r.Settings = settings(o)
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

func firstLine(s string) string {
	l, _, _ := strings.Cut(s, "\n")
	return l
}

func (o options) peerKillCount() int {
	if o.peerKills > 0 {
		return o.peerKills
	}
	return o.kills
}
