package detect_test

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/wardenft/warden/detect"
)

// Script tests replay testdata/<core>/*.txt against the pure cores and compare the transcript
// (each command followed by what it produced) with the .golden file beside it. After a
// deliberate change, run `go test ./detect -run TestScripts -rewrite` and review the diff.
var rewrite = flag.Bool("rewrite", false, "rewrite the .golden transcripts of the script tests")

// t0 is time zero of every script; times in scripts are offsets from it.
var t0 = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

func TestScripts(t *testing.T) {
	files, err := filepath.Glob("testdata/*/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no scripts: %v", err)
	}
	for _, f := range files {
		t.Run(strings.TrimSuffix(f[len("testdata/"):], ".txt"), func(t *testing.T) {
			in, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			got := runScript(t, filepath.Base(filepath.Dir(f)), string(in))
			golden := strings.TrimSuffix(f, ".txt") + ".golden"
			if *rewrite {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -rewrite to create it)", err)
			}
			if got != string(want) {
				t.Errorf("transcript differs from %s (run with -rewrite and review the diff):\n--- got\n%s", golden, got)
			}
		})
	}
}

// args are a command's key=value arguments.
type args map[string]string

func (a args) dur(t *testing.T, k string, def time.Duration) time.Duration {
	v, ok := a[k]
	if !ok {
		return def
	}
	d, err := time.ParseDuration(v)
	if err != nil {
		t.Fatalf("%s=%q: %v", k, v, err)
	}
	return d
}

func (a args) at(t *testing.T) time.Time { return t0.Add(a.dur(t, "at", 0)) }

func (a args) num(t *testing.T, k string, def float64) float64 {
	v, ok := a[k]
	if !ok {
		return def
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil {
		t.Fatalf("%s=%q: %v", k, v, err)
	}
	return f
}

func parseLine(line string) (cmd string, pos []string, a args) {
	a = args{}
	for i, f := range splitQuoted(line) {
		if i == 0 {
			cmd = f
		} else if k, v, ok := strings.Cut(f, "="); ok {
			a[k] = strings.Trim(v, `"`)
		} else {
			pos = append(pos, f)
		}
	}
	return cmd, pos, a
}

func splitQuoted(s string) []string {
	var out []string
	var cur strings.Builder
	quoted := false
	for _, r := range s {
		switch {
		case r == '"':
			quoted = !quoted
			cur.WriteRune(r)
		case r == ' ' && !quoted:
			if cur.Len() > 0 {
				out = append(out, cur.String())
				cur.Reset()
			}
		default:
			cur.WriteRune(r)
		}
	}
	if cur.Len() > 0 {
		out = append(out, cur.String())
	}
	return out
}

// fmtVerdict prints a verdict with times as offsets from t0, deterministically.
func fmtVerdict(v detect.Verdict) string {
	rel := func(tm time.Time) string {
		if tm.IsZero() {
			return "-"
		}
		return tm.Sub(t0).String()
	}
	e := v.Evidence
	var b strings.Builder
	fmt.Fprintf(&b, "  %s %s %s/%s %s", v.Source, v.Detector, v.Kind, v.Semantics, v.State)
	if v.Certain {
		b.WriteString(" certain")
	}
	fmt.Fprintf(&b, " at=%s since=%s", rel(v.At), rel(v.Since))
	if !e.LastArrival.IsZero() {
		fmt.Fprintf(&b, " last=%s", rel(e.LastArrival))
	}
	if e.Seq != 0 || e.Incarnation != 0 {
		fmt.Fprintf(&b, " seq=%d inc=%d", e.Seq, e.Incarnation)
	}
	if e.PrevIncarnation != 0 {
		fmt.Fprintf(&b, " prev_inc=%d", e.PrevIncarnation)
	}
	if e.Lost != 0 {
		fmt.Fprintf(&b, " lost=%d", e.Lost)
	}
	if e.Silence != 0 {
		fmt.Fprintf(&b, " silence=%v", e.Silence)
	}
	if e.Threshold != 0 {
		fmt.Fprintf(&b, " level=%.3f/%.0f", e.Phi, e.Threshold)
	}
	if e.Latency != 0 {
		fmt.Fprintf(&b, " latency=%v", e.Latency)
	}
	if e.Bound != 0 {
		fmt.Fprintf(&b, " bound=%v", e.Bound)
	}
	if e.Omissions != 0 {
		fmt.Fprintf(&b, " omissions=%d", e.Omissions)
	}
	if e.Status != "" {
		fmt.Fprintf(&b, " status=%s", e.Status)
	}
	if e.Err != "" {
		fmt.Fprintf(&b, " err=%q", e.Err)
	}
	return b.String()
}

// runScript replays script against the core named kind and returns the transcript.
func runScript(t *testing.T, kind, script string) string {
	var out strings.Builder
	var (
		raw  *detect.RawReceiver
		poll *detect.PollTracker
		wd   *detect.WatchdogTracker
	)
	for _, line := range strings.Split(script, "\n") {
		line = strings.TrimSpace(line)
		out.WriteString(line + "\n")
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cmd, pos, a := parseLine(line)
		var vs []detect.Verdict
		switch kind + " " + cmd {
		case "heartbeat judge":
			// judge timeout multiplier=3 | judge phi threshold=8 minstd=20ms pause=100ms window=100
			var f detect.JudgeFunc
			var det detect.Detector
			switch pos[0] {
			case "timeout":
				cfg := detect.TimeoutConfig{Multiplier: a.num(t, "multiplier", 3)}
				f, det = func(iv time.Duration) detect.Judge { return detect.NewTimeoutJudge(cfg, iv) }, detect.DetectorTimeout
			case "phi":
				cfg := detect.PhiConfig{Threshold: a.num(t, "threshold", 8), MinStdDeviation: a.dur(t, "minstd", 20*time.Millisecond),
					AcceptablePause: a.dur(t, "pause", 100*time.Millisecond), SampleWindow: int(a.num(t, "window", 100))}
				f, det = func(iv time.Duration) detect.Judge { return detect.NewPhiJudge(cfg, iv) }, detect.DetectorPhi
			default:
				t.Fatalf("unknown judge %q", pos[0])
			}
			raw = detect.NewRawReceiver(det, f, a["accept"] != "false", int(a.num(t, "max", 100)))
		case "heartbeat hb":
			// hb SOURCE seq=N inc=N at=D [interval=D]
			hb := detect.Heartbeat{Source: pos[0], Seq: uint64(a.num(t, "seq", 1)), Incarnation: uint64(a.num(t, "inc", 1)),
				Interval: a.dur(t, "interval", 100*time.Millisecond), SentAt: a.at(t)}
			var ok bool
			vs, ok = raw.Observe(nil, hb, "127.0.0.1:9", a.at(t))
			if !ok {
				out.WriteString("  refused\n")
			}
		case "heartbeat beats":
			// beats SOURCE from=N to=N inc=N start=D every=D: heartbeats seq from..to
			from, to := int(a.num(t, "from", 1)), int(a.num(t, "to", 1))
			start, every := a.dur(t, "start", 0), a.dur(t, "every", 100*time.Millisecond)
			for s := from; s <= to; s++ {
				at := t0.Add(start + time.Duration(s-from)*every)
				vs = raw.Check(vs, at)
				vs, _ = raw.Observe(vs, detect.Heartbeat{Source: pos[0], Seq: uint64(s), Incarnation: uint64(a.num(t, "inc", 1)),
					Interval: a.dur(t, "interval", 100*time.Millisecond), SentAt: at}, "127.0.0.1:9", at)
			}
		case "heartbeat check":
			vs = raw.Check(nil, a.at(t))
		case "heartbeat deadline":
			if d, ok := raw.NextDeadline(); ok {
				fmt.Fprintf(&out, "  next deadline %v\n", d.Sub(t0))
			} else {
				out.WriteString("  no deadline\n")
			}
		case "heartbeat expect":
			raw.Expect(pos[0], a.dur(t, "interval", 100*time.Millisecond), a.at(t))
		case "heartbeat forget":
			fmt.Fprintf(&out, "  forgot=%v\n", raw.Forget(pos[0]))
		case "heartbeat status":
			for _, s := range raw.Sources(a.at(t)) {
				fmt.Fprintf(&out, "  %s %s inc=%d seq=%d received=%d lost=%d stale=%d level=%.3f/%.0f\n",
					s.Source, s.State, s.Incarnation, s.Seq, s.Received, s.Lost, s.Stale, s.Level, s.Threshold)
			}
		case "poll config":
			cfg := detect.PollConfig{Target: "svc", Interval: a.dur(t, "interval", time.Second), Timeout: a.dur(t, "timeout", 100*time.Millisecond),
				TimingBound: a.dur(t, "bound", 50*time.Millisecond), CrashAfter: int(a.num(t, "crashafter", 3))}
			poll = detect.NewPollTracker("svc", detect.DetectorHealth, "127.0.0.1:9", cfg)
		case "poll poll":
			// poll start=D took=D [status=S] [err="..."]
			start := t0.Add(a.dur(t, "start", 0))
			r := detect.PollResult{Start: start, End: start.Add(a.dur(t, "took", time.Millisecond)), Status: a["status"]}
			if e, ok := a["err"]; ok {
				r.Err = errors.New(e)
			} else if r.Status == "" {
				r.Status = "SERVING"
			}
			r.Serving = r.Err == nil && r.Status == "SERVING"
			vs = poll.Observe(nil, r)
		case "watchdog start":
			wd = detect.NewWatchdogTracker("loop", a.dur(t, "timeout", time.Second), a.at(t))
		case "watchdog kick":
			vs = wd.Kick(nil, a.at(t))
		case "watchdog check":
			vs = wd.Check(nil, a.at(t))
		default:
			t.Fatalf("unknown command %q for %s scripts", cmd, kind)
		}
		for _, v := range vs {
			out.WriteString(fmtVerdict(v) + "\n")
		}
	}
	return out.String()
}
