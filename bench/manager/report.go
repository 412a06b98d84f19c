package main

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/hashicorp/raft"

	"github.com/wardenft/warden/bench/internal/sysinfo"
	"github.com/wardenft/warden/manager"
)

// report is everything one invocation measured. -json prints it as is; durations are
// nanoseconds, sizes bytes.
type report struct {
	Machine      machine           `json:"machine"`
	Command      string            `json:"command"` // the command line that reproduces the run
	Tree         string            `json:"tree"`    // the root module's commit, "+dirty" with uncommitted changes
	Failover     []failoverSummary `json:"failover,omitempty"`
	FailoverRuns []failoverRun     `json:"failover_runs,omitempty"`
	Scale        []scaleSummary    `json:"scale,omitempty"`
	ScaleRuns    []*scaleRun       `json:"scale_runs,omitempty"`
	Targets      []target          `json:"targets"`
	TargetsOK    bool              `json:"targets_met"`
	Wall         time.Duration     `json:"wall_ns"`
}

type machine struct {
	CPU        string `json:"cpu"`
	CPUs       int    `json:"cpus"`
	GOMAXPROCS int    `json:"gomaxprocs"`
	OS         string `json:"os"`
	Kernel     string `json:"kernel"`
	Go         string `json:"go"`
	TempFS     string `json:"temp_fs"` // where the managers' Raft logs are (os.TempDir)
}

func thisMachine() machine {
	return machine{CPU: sysinfo.CPUModel(), CPUs: runtime.NumCPU(), GOMAXPROCS: runtime.GOMAXPROCS(0),
		OS: runtime.GOOS + "/" + runtime.GOARCH, Kernel: sysinfo.KernelRelease(), Go: runtime.Version(), TempFS: sysinfo.FSType(os.TempDir())}
}

// treeState names the root module's commit, and whether the tree had uncommitted changes
// (the failover part builds warden from the tree as it is).
func treeState(ctx context.Context) string {
	out, err := exec.CommandContext(ctx, "go", "list", "-m", "-f", "{{.Dir}}", "github.com/wardenft/warden").Output()
	if err != nil {
		return ""
	}
	root := strings.TrimSpace(string(out))
	head, err := exec.CommandContext(ctx, "git", "-C", root, "rev-parse", "--short", "HEAD").Output()
	if err != nil {
		return ""
	}
	s := strings.TrimSpace(string(head))
	if st, err := exec.CommandContext(ctx, "git", "-C", root, "status", "--porcelain", "--untracked-files=no").Output(); err == nil && len(st) > 0 {
		s += "+dirty"
	}
	return s
}

// percentile returns the nearest-rank p-quantile of sorted ds (0 when empty).
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(math.Ceil(p*float64(len(sorted)))) - 1
	return sorted[min(max(i, 0), len(sorted)-1)]
}

// stat is a figure over repeated runs: the median (the lower middle of an even count) and the
// range.
type stat[T cmp.Ordered] struct {
	Median T `json:"median"`
	Min    T `json:"min"`
	Max    T `json:"max"`
}

func statOf[T cmp.Ordered](xs []T) stat[T] {
	if len(xs) == 0 {
		return stat[T]{}
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	return stat[T]{Median: s[(len(s)-1)/2], Min: s[0], Max: s[len(s)-1]}
}

func collect[T any](runs []*scaleRun, f func(*scaleRun) T) []T {
	out := make([]T, len(runs))
	for i, r := range runs {
		out[i] = f(r)
	}
	return out
}

// profileAbout says what a profile sets, read from the code that is measured: the zero
// NodeConfig (hashicorp/raft's defaults, manager.DefaultControlConfig) or
// manager.LocalProfile's.
func profileAbout(profile string) string {
	cfg := manager.NodeConfig{}
	src := "hashicorp/raft's defaults"
	if profile == "local" {
		cfg, src = manager.LocalProfile(cfg), "manager.LocalProfile"
	}
	rc := raft.DefaultConfig()
	or := func(d, def time.Duration) time.Duration {
		if d > 0 {
			return d
		}
		return def
	}
	ctl := cfg.Control
	if ctl.HeartbeatInterval == 0 {
		ctl = manager.DefaultControlConfig()
	}
	return fmt.Sprintf("%s: Raft heartbeat timeout %v, election timeout %v, leader lease %v, commit timeout %v; "+
		"agents heartbeat every %v, phi threshold %v, min deviation %v, acceptable pause %v; a new leader's grace for agents %v",
		src, or(cfg.HeartbeatTimeout, rc.HeartbeatTimeout), or(cfg.ElectionTimeout, rc.ElectionTimeout),
		or(cfg.LeaderLeaseTimeout, rc.LeaderLeaseTimeout), or(cfg.CommitTimeout, rc.CommitTimeout),
		ctl.HeartbeatInterval, ctl.Phi.Threshold, ctl.Phi.MinStdDeviation, ctl.Phi.AcceptablePause, ctl.AgentGrace)
}

// failoverSummary is one profile's failover figures over all its runs.
type failoverSummary struct {
	Profile   string        `json:"profile"`
	About     string        `json:"about"`
	Runs      int           `json:"runs"`
	WriteP50  time.Duration `json:"write_p50_ns"`
	WriteP99  time.Duration `json:"write_p99_ns"`
	WriteMax  time.Duration `json:"write_max_ns"`
	LeaderP50 time.Duration `json:"leader_p50_ns"`
	LeaderP99 time.Duration `json:"leader_p99_ns"`
	// Ratios of the write p50 and p99 to lan's (0 without a lan measurement).
	VsLanP50 float64 `json:"vs_lan_p50,omitempty"`
	VsLanP99 float64 `json:"vs_lan_p99,omitempty"`
}

func summariseFailover(profiles []string, runs []failoverRun) []failoverSummary {
	var out []failoverSummary
	for _, p := range profiles {
		var ws, ls []time.Duration
		for _, r := range runs {
			if r.Profile == p {
				ws, ls = append(ws, r.Write), append(ls, r.Leader)
			}
		}
		slices.Sort(ws)
		slices.Sort(ls)
		s := failoverSummary{Profile: p, About: profileAbout(p), Runs: len(ws), WriteP50: percentile(ws, 0.5), WriteP99: percentile(ws, 0.99),
			LeaderP50: percentile(ls, 0.5), LeaderP99: percentile(ls, 0.99)}
		if len(ws) > 0 {
			s.WriteMax = ws[len(ws)-1]
		}
		out = append(out, s)
	}
	for _, base := range out {
		if base.Profile != "lan" {
			continue
		}
		for i := range out {
			out[i].VsLanP50, out[i].VsLanP99 = ratio(out[i].WriteP50, base.WriteP50), ratio(out[i].WriteP99, base.WriteP99)
		}
	}
	return out
}

// scaleSummary is one profile's scale figures: medians over its runs, with their range.
type scaleSummary struct {
	Profile   string `json:"profile"`
	About     string `json:"about"`
	Runs      int    `json:"runs"`
	Agents    int    `json:"agents"`
	Groups    int    `json:"groups"`
	GroupSize int    `json:"group_size"`
	Members   int    `json:"members"`

	Register       stat[time.Duration] `json:"register_agents_ns"`
	CreateGroups   stat[time.Duration] `json:"create_groups_ns"`
	Placement      stat[time.Duration] `json:"placement_ns"`
	PlacementCPU   stat[time.Duration] `json:"placement_cpu_ns"`
	PlacementRecon stat[uint64]        `json:"placement_reconciles"`
	PerLocationMax stat[int]           `json:"max_members_per_location"`
	PlacementRTT99 stat[time.Duration] `json:"placement_heartbeat_rtt_p99_ns"` // -1: above the last bucket (5s)

	HeartbeatsPerS   stat[float64]       `json:"heartbeats_per_s"`
	SteadyCPUPercent stat[float64]       `json:"steady_cpu_percent"`
	CPUPerHeartbeat  stat[time.Duration] `json:"cpu_per_heartbeat_ns"`
	SteadyRTT99      stat[time.Duration] `json:"steady_heartbeat_rtt_p99_ns"`
	HeapInuse        stat[int64]         `json:"heap_inuse_bytes"`
	GoSys            stat[int64]         `json:"go_sys_bytes"`
	RSS              stat[int64]         `json:"rss_bytes"`

	Killed          stat[int]           `json:"killed_agents"`
	Affected        stat[int]           `json:"affected_members"`
	SuspectFirst    stat[time.Duration] `json:"suspect_first_ns"`
	SuspectLast     stat[time.Duration] `json:"suspect_last_ns"`
	VerdictToDown   stat[time.Duration] `json:"verdict_to_down_ns"`
	DetectFirst     stat[time.Duration] `json:"detect_first_ns"`
	DetectLast      stat[time.Duration] `json:"detect_last_ns"`
	RepairIssuedP50 stat[time.Duration] `json:"repair_issued_after_detect_p50_ns"`
	RepairIssued    stat[time.Duration] `json:"repair_issued_after_detect_ns"` // per run: the slowest member
	Added           stat[time.Duration] `json:"added_after_detect_ns"`         // per run: the slowest member
	AllAdded        stat[time.Duration] `json:"all_added_ns"`
	FailureCPU      stat[time.Duration] `json:"failure_cpu_ns"`
	FailureRecon    stat[uint64]        `json:"failure_reconciles"`
	FailureRTT99    stat[time.Duration] `json:"failure_heartbeat_rtt_p99_ns"`
	PeakRSS         stat[int64]         `json:"peak_rss_bytes"`
	FalseDown       int                 `json:"false_down"` // over all runs
}

// rttOrder makes "above the last bucket" (-1) sort above every bucket.
func rttOrder(d time.Duration) time.Duration {
	if d < 0 {
		return math.MaxInt64
	}
	return d
}

// rttCell formats a round-trip bucket bound: "<=5ms", or ">5s" above the last.
func rttCell(d time.Duration) string {
	if d == math.MaxInt64 {
		return ">" + ms(rttBuckets[len(rttBuckets)-1])
	}
	return "<=" + ms(d)
}

func summariseScale(profiles []string, all []*scaleRun) []scaleSummary {
	var out []scaleSummary
	for _, p := range profiles {
		var runs []*scaleRun
		for _, r := range all {
			if r.Profile == p {
				runs = append(runs, r)
			}
		}
		if len(runs) == 0 {
			continue
		}
		d := func(f func(*scaleRun) time.Duration) stat[time.Duration] { return statOf(collect(runs, f)) }
		b := func(f func(*scaleRun) int64) stat[int64] { return statOf(collect(runs, f)) }
		s := scaleSummary{Profile: p, About: profileAbout(p), Runs: len(runs), Agents: runs[0].Agents, Groups: runs[0].Groups,
			GroupSize: runs[0].GroupSize, Members: runs[0].Members,
			Register:         d(func(r *scaleRun) time.Duration { return r.Register }),
			CreateGroups:     d(func(r *scaleRun) time.Duration { return r.CreateGroups }),
			Placement:        d(func(r *scaleRun) time.Duration { return r.Placement }),
			PlacementCPU:     d(func(r *scaleRun) time.Duration { return r.PlacementCPU }),
			PlacementRecon:   statOf(collect(runs, func(r *scaleRun) uint64 { return r.PlacementRecon })),
			PerLocationMax:   statOf(collect(runs, func(r *scaleRun) int { return r.MaxPerLocation })),
			PlacementRTT99:   d(func(r *scaleRun) time.Duration { return rttOrder(r.PlacementRTT.P99) }),
			SteadyRTT99:      d(func(r *scaleRun) time.Duration { return rttOrder(r.SteadyRTT.P99) }),
			FailureRTT99:     d(func(r *scaleRun) time.Duration { return rttOrder(r.FailureRTT.P99) }),
			HeartbeatsPerS:   statOf(collect(runs, func(r *scaleRun) float64 { return r.HeartbeatsPerS })),
			SteadyCPUPercent: statOf(collect(runs, func(r *scaleRun) float64 { return r.SteadyCPUPercent })),
			CPUPerHeartbeat:  d(func(r *scaleRun) time.Duration { return r.CPUPerHeartbeat }),
			HeapInuse:        b(func(r *scaleRun) int64 { return r.MemSteady.HeapInuse }),
			GoSys:            b(func(r *scaleRun) int64 { return r.MemSteady.GoSys }),
			RSS:              b(func(r *scaleRun) int64 { return r.MemSteady.RSS }),
			Killed:           statOf(collect(runs, func(r *scaleRun) int { return r.Killed })),
			Affected:         statOf(collect(runs, func(r *scaleRun) int { return r.Affected })),
			SuspectFirst:     d(func(r *scaleRun) time.Duration { return r.SuspectFirst }),
			SuspectLast:      d(func(r *scaleRun) time.Duration { return r.SuspectLast }),
			VerdictToDown:    d(func(r *scaleRun) time.Duration { return r.VerdictToDown }),
			DetectFirst:      d(func(r *scaleRun) time.Duration { return r.DetectFirst }),
			DetectLast:       d(func(r *scaleRun) time.Duration { return r.DetectLast }),
			RepairIssuedP50:  d(func(r *scaleRun) time.Duration { return r.RepairIssuedP50 }),
			RepairIssued:     d(func(r *scaleRun) time.Duration { return r.RepairIssuedMax }),
			Added:            d(func(r *scaleRun) time.Duration { return r.AddedMax }),
			AllAdded:         d(func(r *scaleRun) time.Duration { return r.AllAdded }),
			FailureCPU:       d(func(r *scaleRun) time.Duration { return r.FailureCPU }),
			FailureRecon:     statOf(collect(runs, func(r *scaleRun) uint64 { return r.FailureRecon })),
			PeakRSS:          b(func(r *scaleRun) int64 { return r.MemAfter.PeakRSS }),
		}
		for _, r := range runs {
			s.FalseDown += len(r.FalseDown)
		}
		out = append(out, s)
	}
	return out
}

// target is one of the targets (or a check the figures depend on) with what was
// measured and whether it was met.
type target struct {
	Goal     string `json:"goal"`
	Measured string `json:"measured"`
	Met      bool   `json:"met"`
}

const (
	repairBudget = time.Second
	memoryBudget = 1 << 30
)

// targets checks the scale targets on every run (the worst run decides), and that no
// live location was judged down (the figures mean nothing if the manager was overwhelmed).
func targets(r *report) []target {
	var ts []target
	for _, s := range r.Scale {
		ts = append(ts, target{
			Goal: fmt.Sprintf("%s: repairs issued <= 1s after detection (every run)", s.Profile),
			Measured: fmt.Sprintf("slowest member %s after its location was marked DOWN (median run %s)",
				ms(s.RepairIssued.Max), ms(s.RepairIssued.Median)),
			Met: s.RepairIssued.Max <= repairBudget,
		}, target{
			Goal:     fmt.Sprintf("%s: manager memory <= 1 GiB (peak RSS of its process, every run)", s.Profile),
			Measured: fmt.Sprintf("%s peak RSS, %s heap in use", mib(s.PeakRSS.Max), mib(s.HeapInuse.Max)),
			Met:      s.PeakRSS.Max <= memoryBudget,
		}, target{
			Goal:     fmt.Sprintf("%s: no live location judged down (false host faults)", s.Profile),
			Measured: fmt.Sprintf("%d over %d runs", s.FalseDown, s.Runs),
			Met:      s.FalseDown == 0,
		})
	}
	return ts
}

func ratio(a, b time.Duration) float64 {
	if b == 0 {
		return math.Inf(1)
	}
	return float64(a) / float64(b)
}

// reproduce returns the command line that repeats the run with every setting spelled out.
func reproduce(o options) string {
	cmd := "cd bench && go run ./manager"
	if o.only != "" {
		cmd += " -only " + o.only
	}
	if o.only != "scale" {
		cmd += fmt.Sprintf(" -runs %d -profiles %s", o.runs, strings.Join(o.profiles, ","))
	}
	if o.only != "failover" {
		cmd += fmt.Sprintf(" -scale-runs %d -scale-profiles %s -agents %d -groups %d -group-size %d -affected %d -steady %v -poll %v -seed %d",
			o.scaleRuns, strings.Join(o.scaleProfiles, ","), o.agents, o.groups, o.groupSize, o.affected, o.steady, o.poll, o.seed)
	}
	if o.jsonOut {
		cmd += " -json"
	}
	return cmd
}

func ms(d time.Duration) string {
	switch {
	case d == 0:
		return "0"
	case d < 10*time.Millisecond:
		return fmt.Sprintf("%.1fms", float64(d)/float64(time.Millisecond))
	case d < 10*time.Second:
		return fmt.Sprintf("%.0fms", float64(d)/float64(time.Millisecond))
	}
	return fmt.Sprintf("%.1fs", d.Seconds())
}

func mib(b int64) string { return fmt.Sprintf("%.0f MiB", float64(b)/(1<<20)) }

// cell formats a stat: the median, and the range when runs differ.
func cell[T cmp.Ordered](s stat[T], runs int, f func(T) string) string {
	if runs <= 1 || s.Min == s.Max {
		return f(s.Median)
	}
	return fmt.Sprintf("%s (%s-%s)", f(s.Median), f(s.Min), f(s.Max))
}

func writeTable(w io.Writer, r *report) error {
	if len(r.Failover) > 0 {
		fmt.Fprintf(w, "Manager failover: 3 'warden manager' processes on loopback; the leader SIGKILLed, then a write (SetDefaultProperties)\n")
		fmt.Fprintf(w, "tried through both survivors until one is accepted; the killed manager restarts from its data dir before the next run\n\n")
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "profile\truns\twrite p50\tp99\tmax\tnew leader p50\tp99\tp50 vs lan\tp99 vs lan\t")
		for _, s := range r.Failover {
			vs := func(x float64) string {
				if x == 0 {
					return "-"
				}
				return fmt.Sprintf("%.2fx", x)
			}
			fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", s.Profile, s.Runs, ms(s.WriteP50), ms(s.WriteP99), ms(s.WriteMax),
				ms(s.LeaderP50), ms(s.LeaderP99), vs(s.VsLanP50), vs(s.VsLanP99))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		fmt.Fprintln(w)
		for _, s := range r.Failover {
			fmt.Fprintf(w, "  %-6s %s\n", s.Profile, s.About)
		}
		fmt.Fprintln(w, "  write: SIGKILL -> the first write accepted; new leader: SIGKILL -> a survivor answers Reconcile as leader (its control loop runs)")
		fmt.Fprintln(w)
	}
	if len(r.Scale) > 0 {
		s0 := r.Scale[0]
		fmt.Fprintf(w, "Manager scale: one manager in-process (manager.OpenNode, gRPC on loopback), %d simulated agents in a child process (real gRPC),\n", s0.Agents)
		fmt.Fprintf(w, "%d STATELESS groups of %d (%d members, placed by the repair loop); then the agents holding %d members stop heartbeating.\n",
			s0.Groups, s0.GroupSize, s0.Members, s0.Affected.Median)
		fmt.Fprintf(w, "Median of the runs (range); CPU and memory are the manager's process\n\n")
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprint(tw, "\t")
		for _, s := range r.Scale {
			fmt.Fprintf(tw, "%s (%d runs)\t", s.Profile, s.Runs)
		}
		fmt.Fprintln(tw)
		var lan *scaleSummary
		for i := range r.Scale {
			if r.Scale[i].Profile == "lan" {
				lan = &r.Scale[i]
			}
		}
		row := func(name string, f func(s scaleSummary) string) {
			fmt.Fprintf(tw, "%s\t", name)
			for _, s := range r.Scale {
				fmt.Fprintf(tw, "%s\t", f(s))
			}
			fmt.Fprintln(tw)
		}
		dur := func(get func(s scaleSummary) stat[time.Duration]) func(s scaleSummary) string {
			return func(s scaleSummary) string { return cell(get(s), s.Runs, ms) }
		}
		bytes := func(get func(s scaleSummary) stat[int64]) func(s scaleSummary) string {
			return func(s scaleSummary) string { return cell(get(s), s.Runs, mib) }
		}
		itoa := func(n int) string { return fmt.Sprint(n) }
		utoa := func(n uint64) string { return fmt.Sprint(n) }
		row("agents registered", dur(func(s scaleSummary) stat[time.Duration] { return s.Register }))
		row("groups created (API)", dur(func(s scaleSummary) stat[time.Duration] { return s.CreateGroups }))
		row("initial placement: all members in views", dur(func(s scaleSummary) stat[time.Duration] { return s.Placement }))
		row("  manager CPU over it", dur(func(s scaleSummary) stat[time.Duration] { return s.PlacementCPU }))
		row("  agents' Reconcile calls", func(s scaleSummary) string { return cell(s.PlacementRecon, s.Runs, utoa) })
		row("  heartbeat round trip p99 (at the agents)", func(s scaleSummary) string { return cell(s.PlacementRTT99, s.Runs, rttCell) })
		row("  most members at one location", func(s scaleSummary) string { return cell(s.PerLocationMax, s.Runs, itoa) })
		row("steady: heartbeats/s", func(s scaleSummary) string {
			return cell(s.HeartbeatsPerS, s.Runs, func(x float64) string { return fmt.Sprintf("%.0f", x) })
		})
		row("  manager CPU", func(s scaleSummary) string {
			return cell(s.SteadyCPUPercent, s.Runs, func(x float64) string { return fmt.Sprintf("%.1f%%", x) })
		})
		row("  manager CPU per heartbeat", dur(func(s scaleSummary) stat[time.Duration] { return s.CPUPerHeartbeat }))
		row("  heartbeat round trip p99", func(s scaleSummary) string { return cell(s.SteadyRTT99, s.Runs, rttCell) })
		row("  heap in use", bytes(func(s scaleSummary) stat[int64] { return s.HeapInuse }))
		row("  Go runtime total (Sys)", bytes(func(s scaleSummary) stat[int64] { return s.GoSys }))
		row("  RSS", bytes(func(s scaleSummary) stat[int64] { return s.RSS }))
		row("failure: agents stopped", func(s scaleSummary) string { return cell(s.Killed, s.Runs, itoa) })
		row("  members affected", func(s scaleSummary) string { return cell(s.Affected, s.Runs, itoa) })
		row("  phi verdict: stop -> first", dur(func(s scaleSummary) stat[time.Duration] { return s.SuspectFirst }))
		row("  phi verdict: stop -> last", dur(func(s scaleSummary) stat[time.Duration] { return s.SuspectLast }))
		row("  verdict -> DOWN proposed, slowest", dur(func(s scaleSummary) stat[time.Duration] { return s.VerdictToDown }))
		row("  detection: stop -> first DOWN", dur(func(s scaleSummary) stat[time.Duration] { return s.DetectFirst }))
		row("  detection: stop -> last DOWN", dur(func(s scaleSummary) stat[time.Duration] { return s.DetectLast }))
		row("  repairs issued after DOWN, p50 member", dur(func(s scaleSummary) stat[time.Duration] { return s.RepairIssuedP50 }))
		row("  repairs issued after DOWN, slowest", dur(func(s scaleSummary) stat[time.Duration] { return s.RepairIssued }))
		row("    vs the 1s target", func(s scaleSummary) string { return fmt.Sprintf("%.2fx", ratio(s.RepairIssued.Median, repairBudget)) })
		row("  replacements in views after DOWN, slowest", dur(func(s scaleSummary) stat[time.Duration] { return s.Added }))
		row("  stop -> every replacement in its view", dur(func(s scaleSummary) stat[time.Duration] { return s.AllAdded }))
		row("  manager CPU, stop -> all in views", dur(func(s scaleSummary) stat[time.Duration] { return s.FailureCPU }))
		row("  heartbeat round trip p99, stop -> all in views", func(s scaleSummary) string { return cell(s.FailureRTT99, s.Runs, rttCell) })
		row("  agents' Reconcile calls, stop -> all in views", func(s scaleSummary) string { return cell(s.FailureRecon, s.Runs, utoa) })
		row("peak RSS of the manager's process", bytes(func(s scaleSummary) stat[int64] { return s.PeakRSS }))
		row("  vs the 1 GiB target", func(s scaleSummary) string { return fmt.Sprintf("%.2fx", float64(s.PeakRSS.Max)/memoryBudget) })
		row("live locations judged DOWN", func(s scaleSummary) string { return itoa(s.FalseDown) })
		if lan != nil && len(r.Scale) > 1 {
			row("detection, last DOWN vs lan", func(s scaleSummary) string {
				return fmt.Sprintf("%.2fx", ratio(s.DetectLast.Median, lan.DetectLast.Median))
			})
			row("steady CPU vs lan", func(s scaleSummary) string {
				return fmt.Sprintf("%.2fx", s.SteadyCPUPercent.Median/lan.SteadyCPUPercent.Median)
			})
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		fmt.Fprintln(w)
		for _, s := range r.Scale {
			fmt.Fprintf(w, "  %-6s %s\n", s.Profile, s.About)
		}
		fmt.Fprintln(w)
	}
	if len(r.Targets) > 0 {
		fmt.Fprintln(w, "Targets:")
		for _, t := range r.Targets {
			state := "MISSED"
			if t.Met {
				state = "met"
			}
			fmt.Fprintf(w, "  %-7s %s: %s\n", state, t.Goal, t.Measured)
		}
		fmt.Fprintln(w)
	}
	m := r.Machine
	fmt.Fprintf(w, "Machine: %s, %d CPUs (GOMAXPROCS %d), %s, kernel %s, %s; temp dir on %s; warden at %s; ran %s\n",
		m.CPU, m.CPUs, m.GOMAXPROCS, m.OS, m.Kernel, m.Go, m.TempFS, r.Tree, r.Wall.Round(time.Second))
	fmt.Fprintf(w, "Reproduce: %s\n", r.Command)
	return nil
}
