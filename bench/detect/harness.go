package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/memberlist"

	"github.com/wardenft/warden/detect"
)

// A judgeSpec is one contender: a heartbeat receiver with one of Warden's judges, or a
// memberlist node observing a member.
type judgeSpec struct {
	name    string
	about   string
	recv    *detect.ReceiverConfig // a Warden judge
	profile string                 // a memberlist profile
}

// allJudges is every contender, in table order.
var allJudges = []judgeSpec{
	{name: "phi", about: "detect.LocalPhiConfig: threshold 8, min std deviation 20ms, acceptable pause 100ms, 100 samples",
		recv: receiverConfig(detect.JudgePhi, detect.LocalTimeoutConfig())},
	{name: "timeout", about: "detect.LocalTimeoutConfig: interval x 3 = 300ms",
		recv: receiverConfig(detect.JudgeTimeout, detect.LocalTimeoutConfig())},
	{name: "timeout-x2", about: "the seeds' interval x 2 = 200ms, for reference",
		recv: receiverConfig(detect.JudgeTimeout, detect.TimeoutConfig{Multiplier: 2})},
	{name: "memberlist-local", about: "memberlist.DefaultLocalConfig: probe 1s, probe timeout 200ms, suspicion 3s (2 nodes)",
		profile: "local"},
	{name: "memberlist-100ms", about: "DefaultLocalConfig with ProbeInterval 100ms, ProbeTimeout 50ms: suspicion 300ms",
		profile: "100ms"},
}

func receiverConfig(kind detect.JudgeKind, timeout detect.TimeoutConfig) *detect.ReceiverConfig {
	c := detect.LocalReceiverConfig()
	c.Addr = "127.0.0.1:0"
	c.Judge = kind
	c.Timeout = timeout
	return &c
}

// recorder keeps the times a judge declared the target failed and alive again.
type recorder struct {
	mu     sync.Mutex
	faults []time.Time
	alives []time.Time
}

func (r *recorder) fault(at time.Time) {
	r.mu.Lock()
	r.faults = append(r.faults, at)
	r.mu.Unlock()
}

func (r *recorder) alive(at time.Time) {
	r.mu.Lock()
	r.alives = append(r.alives, at)
	r.mu.Unlock()
}

// outcome returns, for a kill at kill, the false positives before it and the detection time:
// the first fault at or after kill, or 0 if a false suspicion was still open at kill; ok false
// if there is none yet.
func (r *recorder) outcome(kill time.Time) (falsePositives int, detection time.Duration, ok bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	var lastFault, lastAlive time.Time
	for _, f := range r.faults {
		if f.Before(kill) {
			falsePositives++
			lastFault = f
		} else if !ok {
			detection, ok = f.Sub(kill), true
		}
	}
	for _, a := range r.alives {
		if a.Before(kill) {
			lastAlive = a
		}
	}
	if !lastFault.IsZero() && !lastAlive.After(lastFault) {
		return falsePositives, 0, true
	}
	return falsePositives, detection, ok
}

// trialResult is what one trial measured, per judge.
type trialResult struct {
	falsePositives map[string]int
	detection      map[string]time.Duration // missing: not detected within the timeout
	pauses         int
	paused         time.Duration
	schedule       time.Duration
}

// child is a process the harness started.
type child struct {
	cmd   *exec.Cmd
	stdin io.WriteCloser
}

func startChild(ctx context.Context, role string, args ...string) (*child, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(exe, args...)
	cmd.Env = append(os.Environ(), childEnv+"="+role)
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	c := &child{cmd: cmd, stdin: stdin}
	ready := make(chan error, 1)
	go func() {
		line, err := bufio.NewReader(stdout).ReadString('\n')
		if err == nil && strings.TrimSpace(line) != "ready" {
			err = fmt.Errorf("said %q", line)
		}
		ready <- err
		io.Copy(io.Discard, stdout)
	}()
	select {
	case err = <-ready:
	case <-time.After(15 * time.Second):
		err = fmt.Errorf("not ready within 15s")
	case <-ctx.Done():
		err = ctx.Err()
	}
	if err != nil {
		c.kill()
		return nil, fmt.Errorf("child %s: %w", role, err)
	}
	return c, nil
}

func (c *child) kill() {
	signalProcess(c.cmd.Process, sigKill)
	c.stdin.Close()
	c.cmd.Wait()
}

// eventDelegate feeds memberlist's node events about the target to a recorder.
type eventDelegate struct {
	target string
	rec    *recorder
}

func (d *eventDelegate) NotifyJoin(n *memberlist.Node) {
	if n.Name == d.target {
		d.rec.alive(time.Now())
	}
}

func (d *eventDelegate) NotifyLeave(n *memberlist.Node) {
	if n.Name == d.target {
		d.rec.fault(time.Now())
	}
}

func (d *eventDelegate) NotifyUpdate(*memberlist.Node) {}

// runTrial sets up every judge's observer in this process and its monitored process beside
// it, runs warmup, then the pause schedule on every monitored process at once, then SIGKILLs
// them all at once and waits for every judge to detect it.
func runTrial(ctx context.Context, o options, judges []judgeSpec, trial int, rng *rand.Rand, progress io.Writer) (trialResult, error) {
	res := trialResult{falsePositives: map[string]int{}, detection: map[string]time.Duration{}}
	recs := map[string]*recorder{}
	var targets []string
	var children []*child
	var cleanup []func()
	defer func() {
		for _, c := range children {
			c.kill()
		}
		for i := len(cleanup) - 1; i >= 0; i-- {
			cleanup[i]()
		}
	}()
	source := fmt.Sprintf("bench-%d", trial)
	rctx, cancel := context.WithCancel(ctx)
	defer cancel()
	for _, j := range judges {
		rec := &recorder{}
		recs[j.name] = rec
		if j.recv != nil {
			r, err := detect.NewReceiver(*j.recv)
			if err != nil {
				return res, err
			}
			r.Register(detect.NewFuncObserver(func(v detect.Verdict) {
				switch {
				case v.Kind == detect.KindFault && v.Semantics == detect.Crash:
					rec.fault(v.At)
				case v.Kind == detect.KindRecovered:
					rec.alive(v.At)
				}
			}, func(v detect.Verdict) bool { return v.Source == source }))
			var wg sync.WaitGroup
			wg.Add(1)
			go func() { defer wg.Done(); r.Run(rctx) }()
			cleanup = append(cleanup, func() { cancel(); wg.Wait() })
			targets = append(targets, r.Addr().String())
			continue
		}
		target := fmt.Sprintf("target-%s-%d", j.profile, trial)
		conf, err := memberlistConfig(j.profile, fmt.Sprintf("observer-%s-%d", j.profile, trial))
		if err != nil {
			return res, err
		}
		conf.Events = &eventDelegate{target: target, rec: rec}
		m, err := memberlist.Create(conf)
		if err != nil {
			return res, fmt.Errorf("%s: %w", j.name, err)
		}
		cleanup = append(cleanup, func() { m.Shutdown() })
		c, err := startChild(ctx, "member", "-profile", j.profile, "-name", target, "-join", m.LocalNode().Address())
		if err != nil {
			return res, fmt.Errorf("%s: %w", j.name, err)
		}
		children = append(children, c)
	}
	if len(targets) > 0 {
		c, err := startChild(ctx, "sender", "-targets", strings.Join(targets, ","), "-source", source, "-interval", o.interval.String())
		if err != nil {
			return res, err
		}
		children = append(children, c)
	}
	if err := sleepCtx(ctx, o.warmup); err != nil {
		return res, err
	}

	schedule := makeSchedule(rng, o.schedule, o.minGap, o.maxGap, o.maxPause)
	start := time.Now()
	for _, p := range schedule {
		if err := sleepCtx(ctx, time.Until(start.Add(p.From))); err != nil {
			return res, err
		}
		for _, c := range children {
			signalProcess(c.cmd.Process, sigStop)
		}
		stopped := time.Now()
		time.Sleep(time.Until(stopped.Add(p.Length)))
		for _, c := range children {
			signalProcess(c.cmd.Process, sigCont)
		}
		res.pauses++
		res.paused += time.Since(stopped)
	}
	if err := sleepCtx(ctx, time.Until(start.Add(o.schedule))); err != nil {
		return res, err
	}
	res.schedule = time.Since(start)
	if o.killJitter > 0 {
		if err := sleepCtx(ctx, time.Duration(rng.Int64N(int64(o.killJitter)))); err != nil {
			return res, err
		}
	}

	kill := time.Now()
	for _, c := range children {
		signalProcess(c.cmd.Process, sigKill)
	}
	deadline := kill.Add(o.detectTimeout)
	for {
		done := true
		for _, j := range judges {
			fp, d, ok := recs[j.name].outcome(kill)
			res.falsePositives[j.name] = fp
			if ok {
				res.detection[j.name] = d
			} else {
				done = false
			}
		}
		if done || time.Now().After(deadline) {
			break
		}
		if err := sleepCtx(ctx, 5*time.Millisecond); err != nil {
			return res, err
		}
	}
	fmt.Fprintf(progress, "trial %d: %d pauses (%v stopped) over %v;", trial+1, res.pauses, res.paused.Round(time.Millisecond), res.schedule.Round(time.Millisecond))
	for _, j := range judges {
		d, ok := res.detection[j.name]
		ds := "missed"
		if ok {
			ds = d.Round(time.Millisecond).String()
		}
		fmt.Fprintf(progress, " %s %s fp=%d;", j.name, ds, res.falsePositives[j.name])
	}
	fmt.Fprintln(progress)
	return res, nil
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
