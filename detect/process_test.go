package detect_test

import (
	"context"
	"os"
	"os/exec"
	"runtime"
	"testing"
	"time"

	"github.com/wardenft/warden/detect"
	"github.com/wardenft/warden/detect/detecttest"
)

// child starts this test binary as a child process playing role (see TestMain).
func child(t *testing.T, role string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "DETECT_TEST_CHILD="+role)
	stdin, err := cmd.StdinPipe() // kept open: the "wait" child runs until it closes
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { stdin.Close(); cmd.Process.Kill() })
	return cmd
}

func TestProcessWatcher(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("signals")
	}
	w := detect.NewProcessWatcher(nil, nil)
	all := make(chan detect.Verdict, 8)
	w.Register(detect.NewObserver(all, nil))

	exit3 := child(t, "exit3")
	done, err := w.WatchCmd("exits", exit3)
	if err != nil {
		t.Fatal(err)
	}
	v := waitVerdict(t, done)
	if v.Kind != detect.KindFault || v.Semantics != detect.Crash || !v.Certain || v.State != detect.StateFailed ||
		v.Evidence.ExitCode != 3 || v.Evidence.Signal != "" || v.Evidence.PID != exit3.Process.Pid || v.Detector != detect.DetectorProcess {
		t.Fatalf("verdict %+v", v)
	}
	expectVerdict(t, all, "exits", detect.KindFault, detect.Crash)

	killed := child(t, "wait")
	done = w.WatchProcess("killed", killed.Process)
	killed.Process.Kill()
	v = waitVerdict(t, done)
	if v.Evidence.ExitCode != -1 || v.Evidence.Signal != "killed" {
		t.Fatalf("verdict %+v", v)
	}
	expectVerdict(t, all, "killed", detect.KindFault, detect.Crash)
	w.Wait()

	if _, err := w.WatchCmd("never", exec.Command("true")); err == nil {
		t.Fatal("WatchCmd of a command not started: no error")
	}
}

// TestWatchdog: kicks keep it quiet; a missed deadline on the fake clock is a timing fault;
// the next kick ends it.
func TestWatchdog(t *testing.T) {
	ctx, cancel := context.WithCancel(testContext(t))
	clock := detecttest.NewClock(t0)
	wd, err := detect.NewWatchdog(detect.WatchdogConfig{Name: "apply-loop", Timeout: time.Second, Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	ch := make(chan detect.Verdict, 8)
	wd.Register(detect.NewObserver(ch, nil))
	done := make(chan error)
	go func() { done <- wd.Run(ctx) }()
	defer func() { cancel(); <-done }()

	if err := clock.WaitTimers(ctx, 1); err != nil {
		t.Fatal(err)
	}
	clock.Advance(600 * time.Millisecond)
	wd.Kick() // next deadline 1.6s
	clock.Advance(500 * time.Millisecond)
	// The first timer fired at 1s and found the deadline moved; wait for the re-armed one.
	if err := clock.WaitTimers(ctx, 1); err != nil {
		t.Fatal(err)
	}
	clock.Advance(600 * time.Millisecond) // 1.7s
	v := expectVerdict(t, ch, "apply-loop", detect.KindFault, detect.Timing)
	if !v.Since.Equal(t0.Add(1600*time.Millisecond)) || !v.Evidence.LastArrival.Equal(t0.Add(600*time.Millisecond)) || v.Evidence.Bound != time.Second {
		t.Fatalf("timing verdict %+v", v)
	}
	clock.Advance(100 * time.Millisecond)
	wd.Kick()
	rec := expectVerdict(t, ch, "apply-loop", detect.KindRecovered, detect.Timing)
	if rec.Evidence.Latency != 200*time.Millisecond {
		t.Fatalf("recovered verdict %+v", rec)
	}
}

// TestWatchdogEndsProcess: with EndProcess, a missed deadline sends SIGABRT to the process,
// which the process watcher then reports as a crash (the systemd WatchdogSec model).
func TestWatchdogEndsProcess(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("signals")
	}
	ctx, cancel := context.WithCancel(testContext(t))
	c := child(t, "wait")
	w := detect.NewProcessWatcher(nil, nil)
	exited, err := w.WatchCmd("member", c)
	if err != nil {
		t.Fatal(err)
	}
	clock := detecttest.NewClock(t0)
	wd, err := detect.NewWatchdog(detect.WatchdogConfig{Name: "member", Timeout: time.Second, EndProcess: true, Process: c.Process, Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	ch := make(chan detect.Verdict, 8)
	wd.Register(detect.NewObserver(ch, nil))
	done := make(chan error)
	go func() { done <- wd.Run(ctx) }()
	defer func() { cancel(); <-done }()
	if err := clock.WaitTimers(ctx, 1); err != nil {
		t.Fatal(err)
	}
	clock.Advance(time.Second)
	expectVerdict(t, ch, "member", detect.KindFault, detect.Timing)
	v := waitVerdict(t, exited)
	// Go's runtime dumps the goroutines on SIGABRT and dies of it; either way it is a crash.
	if v.Semantics != detect.Crash || (v.Evidence.Signal != "aborted" && v.Evidence.ExitCode != 2) {
		t.Fatalf("process verdict %+v", v)
	}
}
