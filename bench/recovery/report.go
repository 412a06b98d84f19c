package main

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
)

// report is everything one run measured. -json prints it as is.
type report struct {
	Machine machine   `json:"machine"`
	Command string    `json:"command"` // the command line that reproduces the run
	Config  runConfig `json:"config"`
	// LogTransferBytes is what one transfer transaction adds to the log store's recovery file,
	// measured on a fresh store; raw appends records of this size.
	LogTransferBytes int             `json:"log_transfer_bytes"`
	Fdatasync        syncProbe       `json:"fdatasync"`
	Cells            []cellResult    `json:"cells"`
	Recovery         *recoveryResult `json:"recovery,omitempty"`
	Targets          []targetResult  `json:"targets"`
	Systems          []string        `json:"systems"` // how each system was configured
	Seconds          float64         `json:"seconds"` // wall-clock length of the whole run
}

type machine struct {
	CPUs      int    `json:"cpus"`
	GOOS      string `json:"goos"`
	GOARCH    string `json:"goarch"`
	GoVersion string `json:"go_version"`
	Kernel    string `json:"kernel,omitempty"`
	CPUModel  string `json:"cpu_model,omitempty"`
	Dir       string `json:"dir"`
	FS        string `json:"fs"` // file-system type of Dir
}

// runConfig is the effective configuration, flags and -quick applied.
type runConfig struct {
	Quick              bool     `json:"quick"`
	Systems            []string `json:"systems"`
	Committers         []int    `json:"committers"`
	Accounts           int      `json:"accounts"`
	Warmup             string   `json:"warmup"`
	Duration           string   `json:"duration"`
	Rounds             int      `json:"rounds"`
	Seed               uint64   `json:"seed"`
	SQLiteConns        int      `json:"sqlite_conns"`
	RawBytes           int      `json:"raw_bytes"` // 0: measured from the log
	RecoveryMiB        int      `json:"recovery_mib"`
	RecoveryValueKiB   int      `json:"recovery_value_kib"`
	RecoveryCommitters int      `json:"recovery_committers"`
	Repeats            int      `json:"repeats"`
}

// targetResult is one of the targets, judged.
type targetResult struct {
	Name   string  `json:"name"`
	Goal   string  `json:"goal"` // e.g. ">= 20x"
	Want   float64 `json:"want"`
	Actual float64 `json:"actual"` // 0 with status n/a
	// Status is "met", "missed" or "n/a" (a figure it needs was not measured).
	Status string `json:"status"`
	// By is how far the actual figure is from the goal, as a fraction of the goal: negative
	// when short of an at-least goal or over an at-most one.
	By   float64 `json:"by"`
	Note string  `json:"note,omitempty"`
}

const (
	atLeast = true
	atMost  = false
)

func judge(name string, want float64, least bool, actual float64, ok bool, note string) targetResult {
	t := targetResult{Name: name, Want: want, Note: note}
	if least {
		t.Goal = fmt.Sprintf(">= %gx", want)
	} else {
		t.Goal = fmt.Sprintf("<= %gx", want)
	}
	if !ok {
		t.Status = "n/a"
		return t
	}
	t.Actual = actual
	if least {
		t.By = actual/want - 1
	} else {
		t.By = 1 - actual/want
	}
	t.Status = "met"
	if t.By < 0 {
		t.Status = "missed"
	}
	return t
}

// findCell returns the measured (not skipped) cell of system at committers.
func findCell(cells []cellResult, system string, committers int) (cellResult, bool) {
	for _, c := range cells {
		if c.System == system && c.Committers == committers && !c.Skipped && c.Commits > 0 {
			return c, true
		}
	}
	return cellResult{}, false
}

// targets judges the targets: throughput ratios at the most committers measured (64
// by default), single-committer latency against one raw fdatasync, and recovery speed.
func targets(cells []cellResult, probe syncProbe, rec *recoveryResult) []targetResult {
	most, least := 0, 0
	for _, c := range cells {
		most = max(most, c.Committers)
		if least == 0 || c.Committers < least {
			least = c.Committers
		}
	}
	var out []targetResult
	logMost, haveLog := findCell(cells, "log", most)
	for _, p := range []struct {
		peer string
		want float64
	}{{"bbolt-update", 20}, {"bbolt-batch", 2}, {"sqlite-wal", 2}, {"raw", 0.7}} {
		peer, ok := findCell(cells, p.peer, most)
		var ratio float64
		if ok && haveLog {
			ratio = logMost.TxPerSec / peer.TxPerSec
		}
		out = append(out, judge(fmt.Sprintf("log / %s tx/s at %d committers", p.peer, most), p.want, atLeast, ratio, ok && haveLog, ""))
	}
	log1, ok := findCell(cells, "log", least)
	var r float64
	ok = ok && least == 1 && probe.P50Micros > 0
	if ok {
		r = log1.P50Micros / probe.P50Micros
	}
	out = append(out, judge("log p50 commit at 1 committer / one raw fdatasync p50", 1.3, atMost, r, ok, ""))
	ok = rec != nil && rec.ReadCRCMBps > 0
	r = 0
	if ok {
		r = rec.OpenMBps / rec.ReadCRCMBps
	}
	out = append(out, judge("recovery.Open MB/s / read+CRC32C MB/s", 0.5, atLeast, r, ok, ""))
	return out
}

// writeTable prints the report for people: the machine, the command, one block of rows per
// number of committers with each system's tx/s as a ratio of log's, the targets, recovery.
func writeTable(w io.Writer, r *report) error {
	var b strings.Builder
	m := r.Machine
	fmt.Fprintf(&b, "Warden recovery manager: durable two-account transfers\n")
	fmt.Fprintf(&b, "machine:   %d CPUs, %s/%s, %s", m.CPUs, m.GOOS, m.GOARCH, m.GoVersion)
	if m.Kernel != "" {
		fmt.Fprintf(&b, ", kernel %s", m.Kernel)
	}
	if m.CPUModel != "" {
		fmt.Fprintf(&b, ", %s", m.CPUModel)
	}
	fmt.Fprintf(&b, "\ndir:       %s (%s)\n", m.Dir, m.FS)
	fmt.Fprintf(&b, "reproduce: %s\n", r.Command)
	fmt.Fprintf(&b, "each cell: %s measured in %d slices, each after a %s warmup, taking turns with the other systems; %d accounts;\n"+
		"  every cell checks the total of all balances after the run and again after reopening the store\n\n",
		r.Config.Duration, r.Config.Rounds, r.Config.Warmup, r.Config.Accounts)
	fmt.Fprintf(&b, "one raw fdatasync (append %d B + fdatasync, one writer, %d runs): p50 %s, p99 %s\n",
		r.LogTransferBytes, r.Fdatasync.Iterations, fmtMicros(r.Fdatasync.P50Micros), fmtMicros(r.Fdatasync.P99Micros))
	fmt.Fprintf(&b, "one log transfer transaction adds %d B to the recovery file; raw appends records of that size\n\n", r.LogTransferBytes)

	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "system\tcommitters\ttx/s\tp50\tp99\tlog / system\tcommits/sync\tcheckpoints\tlongest ckpt stall\t\n")
	var order []int
	for _, c := range r.Cells {
		if len(order) == 0 || order[len(order)-1] != c.Committers {
			order = append(order, c.Committers)
		}
	}
	for i, n := range order {
		if i > 0 {
			fmt.Fprintf(tw, "\t\t\t\t\t\t\t\t\n")
		}
		logCell, haveLog := findCell(r.Cells, "log", n)
		for _, c := range r.Cells {
			if c.Committers != n {
				continue
			}
			if c.Skipped {
				fmt.Fprintf(tw, "%s\t%d\tskipped\t\t\t\t\t\t\n", c.System, c.Committers)
				continue
			}
			ratio := "-"
			if haveLog && c.TxPerSec > 0 {
				ratio = fmt.Sprintf("%.2fx", logCell.TxPerSec/c.TxPerSec)
			}
			perSync, ckpts, stall := "", "", ""
			if c.CommitsPerSync > 0 {
				perSync = fmt.Sprintf("%.1f", c.CommitsPerSync)
			}
			if c.System == "log" || c.System == "shadow" {
				ckpts = strconv.FormatInt(c.Checkpoints, 10)
				if c.Checkpoints > 0 {
					stall = fmtMicros(c.CheckpointStallMicros)
				}
			}
			fmt.Fprintf(tw, "%s\t%d\t%.0f\t%s\t%s\t%s\t%s\t%s\t%s\t\n", c.System, c.Committers, c.TxPerSec,
				fmtMicros(c.P50Micros), fmtMicros(c.P99Micros), ratio, perSync, ckpts, stall)
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, c := range r.Cells {
		if c.Skipped {
			fmt.Fprintf(&b, "skipped %s at %d committers: %s\n", c.System, c.Committers, c.Note)
		}
	}

	if rec := r.Recovery; rec != nil {
		fmt.Fprintf(&b, "\nrecovery of a %.0f MiB log recovery file (%d records, %d items of %d KiB, built in %.1fs by %d committers at %.0f MB/s durable)\n",
			float64(rec.FileBytes)/(1<<20), rec.Records, rec.Items, rec.ValueBytes>>10, rec.BuildSeconds, rec.BuildCommitters, rec.BuildMBps)
		fmt.Fprintf(&b, "page cache: %s\n", rec.CacheState)
		tw = tabwriter.NewWriter(&b, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintf(tw, "pass\tseconds\tMB/s\t\n")
		fmt.Fprintf(tw, "recovery.Open\t%.3f\t%.0f\t\n", rec.OpenSeconds, rec.OpenMBps)
		fmt.Fprintf(tw, "  of which replay (RecoveryReport.Duration)\t%.3f\t%.0f\t\n", rec.ReplaySeconds, rec.ReplayMBps)
		fmt.Fprintf(tw, "read + CRC32C\t%.3f\t%.0f\t\n", rec.ReadCRCSeconds, rec.ReadCRCMBps)
		if err := tw.Flush(); err != nil {
			return err
		}
		fmt.Fprintf(&b, "recovery.Open / read+CRC32C: %.2fx (MB = 10^6 bytes)\n", rec.Ratio)
	}

	fmt.Fprintf(&b, "\ntargets\n")
	tw = tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "target\tgoal\tactual\tstatus\t\n")
	for _, t := range r.Targets {
		actual := "-"
		status := t.Status
		if t.Status != "n/a" {
			actual = fmt.Sprintf("%.2fx", t.Actual)
		}
		if t.Status == "missed" {
			status = fmt.Sprintf("MISSED by %.0f%%", -100*t.By)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t\n", t.Name, t.Goal, actual, status)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(&b, "\nsystems\n")
	for _, s := range r.Systems {
		fmt.Fprintf(&b, "  %s\n", s)
	}
	fmt.Fprintf(&b, "run took %.1fs\n", r.Seconds)
	_, err := io.WriteString(w, b.String())
	return err
}

// fmtMicros prints a latency with a unit that keeps three significant figures.
func fmtMicros(us float64) string {
	d := time.Duration(us * float64(time.Microsecond))
	switch {
	case d <= 0:
		return "-"
	case d < time.Millisecond:
		return fmt.Sprintf("%.0fµs", us)
	case d < time.Second:
		return fmt.Sprintf("%.2fms", us/1e3)
	}
	return fmt.Sprintf("%.2fs", us/1e6)
}

// recoveryResult compares the log store's recovery with the cheapest possible pass over the
// same bytes: read the file sequentially and checksum it. Times are medians of Repeats runs.
type recoveryResult struct {
	FileBytes       int64    `json:"file_bytes"`
	Files           []string `json:"files"` // what read+CRC32C reads: every file in the store's directory
	Records         int      `json:"records"`
	Items           int      `json:"items"`
	ValueBytes      int      `json:"value_bytes"`
	BuildCommitters int      `json:"build_committers"`
	BuildSeconds    float64  `json:"build_seconds"`
	BuildMBps       float64  `json:"build_mb_per_sec"`
	Repeats         int      `json:"repeats"`
	CacheState      string   `json:"cache_state"`
	// OpenSeconds is the wall-clock time of recovery.Open: open the file, replay it, append
	// and sync this incarnation's boot record. ReplaySeconds is the store's own
	// RecoveryReport.Duration.
	OpenSeconds    float64 `json:"open_seconds"`
	OpenMBps       float64 `json:"open_mb_per_sec"`
	ReplaySeconds  float64 `json:"replay_seconds"`
	ReplayMBps     float64 `json:"replay_mb_per_sec"`
	ReadCRCSeconds float64 `json:"read_crc_seconds"`
	ReadCRCMBps    float64 `json:"read_crc_mb_per_sec"`
	Ratio          float64 `json:"ratio"` // OpenMBps / ReadCRCMBps
}
