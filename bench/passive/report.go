package main

import (
	"context"
	"fmt"
	"io"
	"os/exec"
	"runtime"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/wardenft/warden/bench/internal/sysinfo"
	"github.com/wardenft/warden/client"
	"github.com/wardenft/warden/detect"
	"github.com/wardenft/warden/manager"
	"github.com/wardenft/warden/replica"
)

// report is everything one invocation measured. -json prints it as is; durations are
// nanoseconds.
type report struct {
	Machine           machine           `json:"machine"`
	Command           string            `json:"command"` // the command line that reproduces the run
	Tree              string            `json:"tree"`    // the root module's commit, "+dirty" with uncommitted changes
	Settings          []string          `json:"settings"`
	Failover          []faultSummary    `json:"failover,omitempty"`
	Faults            []fault           `json:"faults,omitempty"`
	WardenFailedCalls int               `json:"warden_failed_calls"`
	RedisStability    string            `json:"redis_stability,omitempty"`
	Skipped           map[string]string `json:"skipped_peers,omitempty"`
	Overhead          *overheadSummary  `json:"overhead,omitempty"`
	OverheadRuns      []overheadRun     `json:"overhead_runs,omitempty"`
	Targets           []target          `json:"targets"`
	TargetsOK         bool              `json:"targets_met"`
	Wall              time.Duration     `json:"wall_ns"`
}

type machine struct {
	CPU        string `json:"cpu"`
	CPUs       int    `json:"cpus"`
	GOMAXPROCS int    `json:"gomaxprocs"`
	OS         string `json:"os"`
	Kernel     string `json:"kernel"`
	Go         string `json:"go"`
}

func thisMachine() machine {
	return machine{CPU: sysinfo.CPUModel(), CPUs: runtime.NumCPU(), GOMAXPROCS: runtime.GOMAXPROCS(0),
		OS: runtime.GOOS + "/" + runtime.GOARCH, Kernel: sysinfo.KernelRelease(), Go: runtime.Version()}
}

// treeState is the root module's commit, with "+dirty" when it has uncommitted changes.
func treeState(ctx context.Context) string {
	root, err := rootDir(ctx)
	if err != nil {
		return ""
	}
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

// faultSummary is one system's figures for one kind of fault.
type faultSummary struct {
	System    string        `json:"system"`
	Kind      string        `json:"kind"`
	Faults    int           `json:"faults"`
	GapP50    time.Duration `json:"gap_p50_ns"`
	GapP99    time.Duration `json:"gap_p99_ns"`
	GapMax    time.Duration `json:"gap_max_ns"`
	ServedP50 time.Duration `json:"served_p50_ns"`
	RejoinP50 time.Duration `json:"rejoin_gap_p50_ns"`
	RejoinP99 time.Duration `json:"rejoin_gap_p99_ns"`
	RejoinMax time.Duration `json:"rejoin_gap_max_ns"`
	WholeP99  time.Duration `json:"whole_gap_p99_ns"` // p99 of max(failover gap, rejoin gap) per fault
	RecovP50  time.Duration `json:"recovered_p50_ns"`
	WardenX   float64       `json:"warden_p99_over_this_p99,omitempty"` // peers: Warden's process-crash p99 / this p99
	Bound     time.Duration `json:"bound_ns,omitempty"`                 // Warden host loss and pause: lease + detection
	BoundText string        `json:"bound,omitempty"`
}

func summariseFaults(fs []fault) []faultSummary {
	var out []faultSummary
	idx := map[[2]string]int{}
	var gaps, served, rejoins, wholes, recovs [][]time.Duration
	for _, f := range fs {
		k := [2]string{f.System, f.Kind}
		i, ok := idx[k]
		if !ok {
			i = len(out)
			idx[k] = i
			out = append(out, faultSummary{System: f.System, Kind: f.Kind})
			gaps, served, rejoins, wholes, recovs = append(gaps, nil), append(served, nil), append(rejoins, nil), append(wholes, nil), append(recovs, nil)
		}
		gaps[i], served[i], recovs[i] = append(gaps[i], f.Gap), append(served[i], f.Served), append(recovs[i], f.Recover)
		rejoins[i], wholes[i] = append(rejoins[i], f.Rejoin), append(wholes[i], max(f.Gap, f.Rejoin))
	}
	var warden time.Duration
	for i := range out {
		s := &out[i]
		s.Faults = len(gaps[i])
		s.GapP50, s.GapP99, s.GapMax = percentile(gaps[i], 0.5), percentile(gaps[i], 0.99), percentile(gaps[i], 1)
		s.ServedP50, s.RecovP50 = percentile(served[i], 0.5), percentile(recovs[i], 0.5)
		s.RejoinP50, s.RejoinP99, s.RejoinMax = percentile(rejoins[i], 0.5), percentile(rejoins[i], 0.99), percentile(rejoins[i], 1)
		s.WholeP99 = percentile(wholes[i], 0.99)
		if s.System == "warden" && s.Kind == kindCrash {
			warden = s.GapP99
		}
		if s.System == "warden" {
			switch s.Kind {
			case kindHost:
				s.Bound, s.BoundText = hostLossBound()
			case kindPause:
				s.Bound, s.BoundText = pauseBound()
			}
		}
	}
	for i := range out {
		if out[i].System != "warden" && out[i].GapP99 > 0 && warden > 0 {
			out[i].WardenX = float64(warden) / float64(out[i].GapP99)
		}
	}
	return out
}

// lease is the primaries' lease with the manager's clock drift allowance, under the local
// profile the harness's manager runs (manager.LocalControlConfig).
func lease() time.Duration {
	r := manager.LocalControlConfig().Repair
	return time.Duration(float64(r.PrimaryLease) * (1 + r.ClockDriftRate))
}

// hostLossBound: the lease, plus the time the manager's phi accrual judge takes to suspect an
// agent after its last heartbeat when they came steadily every HeartbeatInterval, plus one
// interval (the agent may die just before it would have sent). That is the silent host's
// case; a killed agent's dropped heartbeat stream is suspected sooner.
func hostLossBound() (time.Duration, string) {
	ctl := manager.LocalControlConfig()
	j := detect.NewPhiJudge(ctl.Phi, ctl.HeartbeatInterval)
	t0 := time.Unix(0, 0)
	var last time.Time
	for i := range 200 {
		last = t0.Add(time.Duration(i) * ctl.HeartbeatInterval)
		j.Observe(last)
	}
	phi := j.SuspectAt().Sub(last)
	d := lease() + phi + ctl.HeartbeatInterval
	return d, fmt.Sprintf("lease %v + host detection %v (phi after the last heartbeat %v + one interval %v)",
		ms(lease()), ms(phi+ctl.HeartbeatInterval), ms(phi), ctl.HeartbeatInterval)
}

// pauseBound: the lease plus the agent's PULL detection: pullCrashAfter failed health checks,
// FaultMonitoringInterval apart, the last one timing out.
func pauseBound() (time.Duration, string) {
	det := time.Duration(pullCrashAfter)*monitorInterval + monitorTimeout
	return lease() + det, fmt.Sprintf("lease %v + detection %v (%d health checks %v apart, timeout %v)",
		ms(lease()), ms(det), pullCrashAfter, monitorInterval, monitorTimeout)
}

// overheadSummary: medians over the runs.
type overheadSummary struct {
	Runs         int     `json:"runs"`
	Clients      int     `json:"clients"`
	Seconds      float64 `json:"seconds_per_side_per_run"`
	Slices       int     `json:"slices_per_side_per_run"`
	Replicated   float64 `json:"replicated_per_s_median"`
	Unreplicated float64 `json:"unreplicated_per_s_median"`
	Ratio        float64 `json:"ratio_median"` // the median of the runs' ratios
	RatioMin     float64 `json:"ratio_min"`
	RatioMax     float64 `json:"ratio_max"`
	Failed       int     `json:"failed_calls"`
	// CPU per increment, each side's medians over the runs, and the median of the runs'
	// ratios of the unreplicated total to the replicated one (the throughput ratio a
	// CPU-bound machine would give). Absent when /proc could not be read.
	ReplicatedCPU   *cpuPerCall `json:"replicated_cpu_us_median,omitempty"`
	UnreplicatedCPU *cpuPerCall `json:"unreplicated_cpu_us_median,omitempty"`
	CPURatio        float64     `json:"cpu_ratio_median,omitempty"`
}

func summariseOverhead(runs []overheadRun, o options) *overheadSummary {
	s := &overheadSummary{Runs: len(runs), Clients: o.overheadClients, Seconds: o.overheadDuration.Seconds(), Slices: o.overheadSlices}
	var rep, unrep, ratio []float64
	for _, r := range runs {
		rep, unrep, ratio = append(rep, r.Replicated), append(unrep, r.Unreplicated), append(ratio, r.Ratio)
		s.Failed += r.Failed
	}
	s.Replicated, s.Unreplicated, s.Ratio = median(rep), median(unrep), median(ratio)
	var rc, rs, uc, us, cr []float64
	for _, r := range runs {
		if r.ReplicatedCPU.total() > 0 && r.UnreplicatedCPU.total() > 0 {
			rc, rs = append(rc, r.ReplicatedCPU.Client), append(rs, r.ReplicatedCPU.Servers)
			uc, us = append(uc, r.UnreplicatedCPU.Client), append(us, r.UnreplicatedCPU.Servers)
			cr = append(cr, r.UnreplicatedCPU.total()/r.ReplicatedCPU.total())
		}
	}
	if len(cr) > 0 {
		s.ReplicatedCPU = &cpuPerCall{Client: median(rc), Servers: median(rs)}
		s.UnreplicatedCPU = &cpuPerCall{Client: median(uc), Servers: median(us)}
		s.CPURatio = median(cr)
	}
	if len(ratio) > 0 {
		s.RatioMin, s.RatioMax = ratio[0], ratio[0]
		for _, x := range ratio {
			s.RatioMin, s.RatioMax = min(s.RatioMin, x), max(s.RatioMax, x)
		}
	}
	return s
}

// settings describe each system as it ran.
func settings(o options) []string {
	ctl, cli := manager.LocalControlConfig(), client.DefaultConfig()
	s := []string{fmt.Sprintf("warden: 1 manager (--profile local: agents heartbeat every %v), 3 agents, WARM_PASSIVE counter x3, PULL health checks every %v (timeout %v, crash after %d), primary lease %v (drift %.0f%%); client.DefaultConfig (backoff %v-%v); %d callers",
		ctl.HeartbeatInterval, monitorInterval, monitorTimeout, pullCrashAfter, ctl.Repair.PrimaryLease, ctl.Repair.ClockDriftRate*100,
		cli.BackoffBase, cli.BackoffMax, o.clients)}
	if o.mode != "failover" {
		s = append(s, fmt.Sprintf("overhead: the members' gRPC servers use replica.ServerOptions (static flow-control windows, %d KiB per stream and %d MiB per connection; %d stream workers), the backups GOMAXPROCS 1 (counter --backup-procs); the unreplicated counter gRPC's defaults (neither static windows, stream workers nor GOMAXPROCS 1 make it faster)",
			replica.StreamWindow>>10, replica.ConnWindow>>20, replica.DefaultServerConfig("", "").StreamWorkers))
	}
	for _, p := range o.peers {
		switch p {
		case "redis":
			s = append(s, fmt.Sprintf("redis: %s; 1 master + 2 replicas (no persistence), 3 sentinels (quorum 2, down-after-milliseconds %d, failover-timeout 3000); writers ask the sentinels for the master, INCR there, re-ask 10ms after an error; %d writers",
				version("redis-server", "--version"), o.redisDownAfter.Milliseconds(), o.clients))
		case "etcd":
			s = append(s, fmt.Sprintf("etcd: %s; 3 members, --heartbeat-interval %d --election-timeout %d; writers put through the v3 JSON gateway of one member, the next one 10ms after an error; %d writers",
				version("etcd", "--version"), o.etcdHeartbeat.Milliseconds(), o.etcdElection.Milliseconds(), o.clients))
		}
	}
	return s
}

func version(bin, flag string) string {
	out, err := exec.Command(bin, flag).Output()
	if err != nil {
		return bin + " (version unknown)"
	}
	return firstLine(strings.TrimSpace(string(out)))
}

// target is one of the goals and whether this run met it.
type target struct {
	Goal     string `json:"goal"`
	Measured string `json:"measured"`
	Met      bool   `json:"met"`
}

// crashTarget is the bound on Warden's p99 gap on a process crash; bestPeerShare its
// bound as a share of the best peer's p99.
const (
	crashTarget   = 50 * time.Millisecond
	bestPeerShare = 0.05
	overheadShare = 0.5
)

func targets(r *report) []target {
	var ts []target
	var warden *faultSummary
	var best *faultSummary
	for i := range r.Failover {
		s := &r.Failover[i]
		switch {
		case s.System == "warden" && s.Kind == kindCrash:
			warden = s
		case s.System == "warden":
			ts = append(ts, target{Goal: fmt.Sprintf("P1 %s: every gap <= lease + detection (%s)", s.Kind, ms(s.Bound)),
				Measured: fmt.Sprintf("max %s over %d", ms(s.GapMax), s.Faults), Met: s.GapMax <= s.Bound})
		case s.Kind == kindCrash:
			if best == nil || s.GapP99 < best.GapP99 {
				best = s
			}
		}
	}
	if warden != nil {
		ts = append([]target{{Goal: fmt.Sprintf("P1 process crash: Warden p99 gap <= %s", ms(crashTarget)),
			Measured: fmt.Sprintf("p99 %s over %d kills", ms(warden.GapP99), warden.Faults), Met: warden.GapP99 <= crashTarget}}, ts...)
		if best != nil {
			ts = append(ts, target{Goal: fmt.Sprintf("P1 process crash: Warden p99 <= %.2fx the best peer's", bestPeerShare),
				Measured: fmt.Sprintf("%.3fx %s (%s vs %s)", float64(warden.GapP99)/float64(best.GapP99), best.System, ms(warden.GapP99), ms(best.GapP99)),
				Met:      float64(warden.GapP99) <= bestPeerShare*float64(best.GapP99)})
		}
		ts = append(ts, target{Goal: fmt.Sprintf("P1 process crash, counting the replacement's join too: Warden p99 gap <= %s", ms(crashTarget)),
			Measured: fmt.Sprintf("p99 %s (failover %s, rejoin %s)", ms(warden.WholeP99), ms(warden.GapP99), ms(warden.RejoinP99)), Met: warden.WholeP99 <= crashTarget})
		ts = append(ts, target{Goal: "P1: no increment fails (the client masks every fault)",
			Measured: fmt.Sprintf("%d failed", r.WardenFailedCalls), Met: r.WardenFailedCalls == 0})
	}
	if r.Overhead != nil {
		ts = append(ts, target{Goal: fmt.Sprintf("P6: WARM_PASSIVE x3 throughput >= %.1fx unreplicated", overheadShare),
			Measured: fmt.Sprintf("%.2fx (median of %d runs)", r.Overhead.Ratio, r.Overhead.Runs), Met: r.Overhead.Ratio >= overheadShare})
	}
	return ts
}

func reproduce(o options) string {
	cmd := fmt.Sprintf("cd bench && go run ./passive -mode %s", o.mode)
	if o.mode != "overhead" {
		peers := strings.Join(o.peers, ",")
		if peers == "" {
			peers = "none"
		}
		cmd += fmt.Sprintf(" -kills %d -host-losses %d -pauses %d -clients %d -peers %s", o.kills, o.hostLosses, o.pauses, o.clients, peers)
		if !o.warden {
			cmd += " -warden=false"
		}
		if len(o.peers) > 0 {
			cmd += fmt.Sprintf(" -peer-kills %d", o.peerKillCount())
			cmd += fmt.Sprintf(" -redis-down-after %v -etcd-heartbeat %v -etcd-election %v", o.redisDownAfter, o.etcdHeartbeat, o.etcdElection)
		}
	}
	if o.mode != "failover" {
		cmd += fmt.Sprintf(" -runs %d -overhead-clients %d -overhead-duration %v -overhead-slices %d", o.runs, o.overheadClients, o.overheadDuration, o.overheadSlices)
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

func writeTable(w io.Writer, r *report) error {
	if len(r.Failover) > 0 {
		fmt.Fprintln(w, "Failover (P1): the client-seen gap, the largest interval between successful calls, at the failover and while")
		fmt.Fprintln(w, "the replacement (Warden) or the restarted process (peers) rejoins")
		fmt.Fprintln(w)
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "system\tfault\tfaults\tfailover gap p50\tp99\tmax\tWarden p99 / this p99\tbound\trejoin gap p50\tp99\tmax\tserved p50\trecovered p50\t")
		for _, s := range r.Failover {
			x, b := "", ""
			if s.WardenX > 0 {
				x = fmt.Sprintf("%.3fx", s.WardenX)
			}
			if s.Bound > 0 {
				b = ms(s.Bound)
			}
			fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", s.System, s.Kind, s.Faults, ms(s.GapP50), ms(s.GapP99), ms(s.GapMax),
				x, b, ms(s.RejoinP50), ms(s.RejoinP99), ms(s.RejoinMax), ms(s.ServedP50), ms(s.RecovP50))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		fmt.Fprintln(w)
		fmt.Fprintln(w, "  failover gap: the largest interval between successes ending after the fault, up to the first success after the new")
		fmt.Fprintln(w, "  primary / master / leader was named (served: the fault -> that success); rejoin gap: the largest after that, until")
		fmt.Fprintln(w, "  recovered (back to full strength: 3 members caught up; the killed process back as replica or follower and in sync).")
		fmt.Fprintln(w, "  p99 is nearest-rank (the slowest below 100 faults); the ratio compares failover gaps of process crashes")
		for _, s := range r.Failover {
			if s.BoundText != "" {
				fmt.Fprintf(w, "  bound, %s: %s\n", s.Kind, s.BoundText)
			}
		}
		if r.RedisStability != "" {
			fmt.Fprintf(w, "  redis sentinel: %s\n", r.RedisStability)
		}
		for p, why := range r.Skipped {
			fmt.Fprintf(w, "  %s: not measured: %s\n", p, why)
		}
		fmt.Fprintln(w)
	}
	if o := r.Overhead; o != nil {
		fmt.Fprintf(w, "Overhead (P6): Increment/s with %d concurrent callers, %.0fs per side per run in %d alternating slices, median of %d runs\n\n", o.Clients, o.Seconds, o.Slices, o.Runs)
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "WARM_PASSIVE x3 (client SDK)\tunreplicated (plain gRPC)\tratio\trange\tfailed calls\t")
		fmt.Fprintf(tw, "%.0f/s\t%.0f/s\t%.2fx\t%.2f-%.2f\t%d\t\n", o.Replicated, o.Unreplicated, o.Ratio, o.RatioMin, o.RatioMax, o.Failed)
		if r, u := o.ReplicatedCPU, o.UnreplicatedCPU; r != nil && u != nil {
			fmt.Fprintf(tw, "CPU per call: %.1f+%.1f us\t%.1f+%.1f us\t%.2fx\t\t\t\n", r.Client, r.Servers, u.Client, u.Servers, o.CPURatio)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w, "Settings:")
	for _, s := range r.Settings {
		fmt.Fprintf(w, "  %s\n", s)
	}
	fmt.Fprintln(w)
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
	fmt.Fprintf(w, "Machine: %s, %d CPUs (GOMAXPROCS %d), %s, kernel %s, %s; warden at %s; ran %s\n",
		m.CPU, m.CPUs, m.GOMAXPROCS, m.OS, m.Kernel, m.Go, r.Tree, r.Wall.Round(time.Second))
	fmt.Fprintf(w, "Reproduce: %s\n", r.Command)
	return nil
}

// signed formats an offset from a fault: "+12ms", "-0.3ms".
func signed(d time.Duration) string {
	if d < 0 {
		return "-" + ms(-d)
	}
	return "+" + ms(d)
}
