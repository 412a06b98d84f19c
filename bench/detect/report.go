package main

import (
	"github.com/wardenft/warden/bench/internal/sysinfo"

	"fmt"
	"io"
	"math"
	"os"
	"runtime"
	"slices"
	"strings"
	"text/tabwriter"
	"time"
)

// judgeResult is one judge's figures over all trials. Durations are in nanoseconds in JSON.
type judgeResult struct {
	Name           string        `json:"name"`
	About          string        `json:"about"`
	Detected       int           `json:"detected"`
	Missed         int           `json:"missed"`
	P50            time.Duration `json:"detect_p50_ns"`
	P99            time.Duration `json:"detect_p99_ns"`
	Max            time.Duration `json:"detect_max_ns"`
	FalsePositives int           `json:"false_positives"`
	detections     []time.Duration
}

// target is one of the targets with what was measured and whether it was met.
type target struct {
	Goal     string `json:"goal"`
	Measured string `json:"measured"`
	Met      bool   `json:"met"`
	Skipped  bool   `json:"skipped,omitempty"` // a judge it needs was not measured
}

type report struct {
	Machine   machine       `json:"machine"`
	Command   string        `json:"command"`
	Trials    int           `json:"trials"`
	Interval  time.Duration `json:"interval_ns"`
	Schedule  time.Duration `json:"schedule_ns"` // total length of the pause schedules measured
	Pauses    int           `json:"pauses"`
	Paused    time.Duration `json:"paused_ns"` // total time stopped
	MaxPause  time.Duration `json:"max_pause_ns"`
	MinGap    time.Duration `json:"min_gap_ns"`
	MaxGap    time.Duration `json:"max_gap_ns"`
	Wall      time.Duration `json:"wall_ns"`
	Judges    []judgeResult `json:"judges"`
	Targets   []target      `json:"targets"`
	TargetsOK bool          `json:"targets_met"`
}

type machine struct {
	CPU        string `json:"cpu"`
	CPUs       int    `json:"cpus"`
	GOMAXPROCS int    `json:"gomaxprocs"`
	OS         string `json:"os"`
	Kernel     string `json:"kernel"`
	Go         string `json:"go"`
	Host       string `json:"host"`
}

func thisMachine() machine {
	host, _ := os.Hostname()
	return machine{CPU: sysinfo.CPUModel(), CPUs: runtime.NumCPU(), GOMAXPROCS: runtime.GOMAXPROCS(0),
		OS: runtime.GOOS + "/" + runtime.GOARCH, Kernel: sysinfo.KernelRelease(), Go: runtime.Version(), Host: host}
}

// percentile returns the nearest-rank p-quantile of sorted ds (0 when empty).
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(math.Ceil(p*float64(len(sorted)))) - 1
	return sorted[min(max(i, 0), len(sorted)-1)]
}

// reproduce returns the command line that repeats the run with every setting spelled out.
func reproduce(o options) string {
	names := make([]string, len(o.judges))
	for i, j := range o.judges {
		names[i] = j.name
	}
	cmd := fmt.Sprintf("cd bench && go run ./detect -trials %d -warmup %v -schedule %v -interval %v -min-gap %v -max-gap %v -max-pause %v -detect-timeout %v -kill-jitter %v -seed %d -judges %s",
		o.trials, o.warmup, o.schedule, o.interval, o.minGap, o.maxGap, o.maxPause, o.detectTimeout, o.killJitter, o.seed, strings.Join(names, ","))
	if o.jsonOut {
		cmd += " -json"
	}
	return cmd
}

func summarise(o options, trials []trialResult, wall time.Duration) *report {
	r := &report{Machine: thisMachine(), Command: reproduce(o), Trials: len(trials), Interval: o.interval,
		MaxPause: o.maxPause, MinGap: o.minGap, MaxGap: o.maxGap, Wall: wall}
	for _, t := range trials {
		r.Schedule += t.schedule
		r.Pauses += t.pauses
		r.Paused += t.paused
	}
	for _, j := range o.judges {
		jr := judgeResult{Name: j.name, About: j.about}
		for _, t := range trials {
			jr.FalsePositives += t.falsePositives[j.name]
			if d, ok := t.detection[j.name]; ok {
				jr.detections = append(jr.detections, d)
			} else {
				jr.Missed++
			}
		}
		slices.Sort(jr.detections)
		jr.Detected = len(jr.detections)
		jr.P50, jr.P99 = percentile(jr.detections, 0.50), percentile(jr.detections, 0.99)
		if n := len(jr.detections); n > 0 {
			jr.Max = jr.detections[n-1]
		}
		r.Judges = append(r.Judges, jr)
	}
	r.Targets = targets(r)
	r.TargetsOK = true
	for _, t := range r.Targets {
		if !t.Met && !t.Skipped {
			r.TargetsOK = false
		}
	}
	return r
}

func (r *report) judge(name string) *judgeResult {
	for i := range r.Judges {
		if r.Judges[i].Name == name {
			return &r.Judges[i]
		}
	}
	return nil
}

func ratio(a, b time.Duration) float64 {
	if b == 0 {
		return math.Inf(1)
	}
	return float64(a) / float64(b)
}

// targets evaluates the targets for phi accrual.
func targets(r *report) []target {
	phi := r.judge("phi")
	if phi == nil {
		return []target{{Goal: "phi accrual targets", Measured: "phi not measured", Skipped: true}}
	}
	ms := func(d time.Duration) string { return d.Round(time.Millisecond).String() }
	var ts []target
	ts = append(ts, target{
		Goal:     "phi detects a crash in <= 500ms (p99, every kill detected)",
		Measured: fmt.Sprintf("p50 %s, p99 %s, %d missed", ms(phi.P50), ms(phi.P99), phi.Missed),
		Met:      phi.Missed == 0 && phi.Detected > 0 && phi.P99 <= 500*time.Millisecond,
	})
	fp := target{
		Goal:     "phi: zero false positives over a 10-minute pause schedule",
		Measured: fmt.Sprintf("%d over %s (%d pauses)", phi.FalsePositives, r.Schedule.Round(time.Second), r.Pauses),
		Met:      phi.FalsePositives == 0,
	}
	if r.Schedule < 10*time.Minute {
		fp.Measured += "; shorter than 10 minutes: run -long for the target's schedule"
	}
	ts = append(ts, fp)
	if ml := r.judge("memberlist-local"); ml != nil {
		ts = append(ts, target{
			Goal:     "phi <= 0.3x memberlist-local's detection time (p50 and p99)",
			Measured: fmt.Sprintf("p50 %.2fx, p99 %.2fx", ratio(phi.P50, ml.P50), ratio(phi.P99, ml.P99)),
			Met:      ml.Detected > 0 && ratio(phi.P50, ml.P50) <= 0.3 && ratio(phi.P99, ml.P99) <= 0.3,
		})
	} else {
		ts = append(ts, target{Goal: "phi <= 0.3x memberlist-local", Measured: "memberlist-local not measured", Skipped: true})
	}
	if ml := r.judge("memberlist-100ms"); ml != nil {
		ts = append(ts, target{
			Goal:     "phi no slower than memberlist-100ms (p50 and p99)",
			Measured: fmt.Sprintf("p50 %.2fx, p99 %.2fx", ratio(phi.P50, ml.P50), ratio(phi.P99, ml.P99)),
			Met:      ml.Detected > 0 && phi.P50 <= ml.P50 && phi.P99 <= ml.P99,
		})
	} else {
		ts = append(ts, target{Goal: "phi no slower than memberlist-100ms", Measured: "memberlist-100ms not measured", Skipped: true})
	}
	var others []string
	met := true
	for _, name := range []string{"memberlist-local", "memberlist-100ms"} {
		if ml := r.judge(name); ml != nil {
			others = append(others, fmt.Sprintf("%s %d", name, ml.FalsePositives))
			met = met && phi.FalsePositives <= ml.FalsePositives
		}
	}
	if len(others) > 0 {
		ts = append(ts, target{
			Goal:     "phi: no more false positives than memberlist",
			Measured: fmt.Sprintf("phi %d; %s", phi.FalsePositives, strings.Join(others, ", ")),
			Met:      met,
		})
	}
	return ts
}

func writeTable(w io.Writer, r *report) error {
	ms := func(d time.Duration) string {
		if d == 0 {
			return "-"
		}
		return fmt.Sprintf("%.0fms", float64(d)/float64(time.Millisecond))
	}
	fmt.Fprintf(w, "Crash detection: heartbeat/probe every %v; %d trials; %d pauses in all (1ms-%v each, every %v-%v; %s stopped of %s of schedule), then SIGKILLed\n\n",
		r.Interval, r.Trials, r.Pauses, r.MaxPause, r.MinGap, r.MaxGap, r.Paused.Round(time.Millisecond), r.Schedule.Round(time.Millisecond))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "judge\tdetect p50\tp99\tmax\tmissed\tfalse pos\tp50 vs ml-local\tp50 vs ml-100ms\t")
	mlLocal, ml100 := r.judge("memberlist-local"), r.judge("memberlist-100ms")
	vs := func(j *judgeResult, ref *judgeResult) string {
		if ref == nil || ref.P50 == 0 || j.Detected == 0 {
			return "-"
		}
		return fmt.Sprintf("%.2fx", ratio(j.P50, ref.P50))
	}
	for i := range r.Judges {
		j := &r.Judges[i]
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\t%d\t%s\t%s\t\n", j.Name, ms(j.P50), ms(j.P99), ms(j.Max), j.Missed, j.FalsePositives, vs(j, mlLocal), vs(j, ml100))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(w)
	for _, j := range r.Judges {
		fmt.Fprintf(w, "  %-17s %s\n", j.Name, j.About)
	}
	fmt.Fprintln(w, "\nTargets:")
	for _, t := range r.Targets {
		state := "MISSED"
		switch {
		case t.Skipped:
			state = "skipped"
		case t.Met:
			state = "met"
		}
		fmt.Fprintf(w, "  %-7s %s: %s\n", state, t.Goal, t.Measured)
	}
	m := r.Machine
	fmt.Fprintf(w, "\nMachine: %s, %d CPUs (GOMAXPROCS %d), %s, kernel %s, %s; ran %s\n", m.CPU, m.CPUs, m.GOMAXPROCS, m.OS, m.Kernel, m.Go, r.Wall.Round(time.Second))
	fmt.Fprintf(w, "Reproduce: %s\n", r.Command)
	return nil
}
