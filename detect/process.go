package detect

import (
	"errors"
	"log/slog"
	"os"
	"os/exec"
	"sync"
	"time"
)

// ExitVerdict is the verdict on a watched process that has ended: a certain crash, whatever
// the status (a server that exits 0 when it should run has halted too; the exit code says how).
// st may be nil when waiting failed, in which case waitErr is the evidence. It is pure.
func ExitVerdict(source string, pid int, st *os.ProcessState, waitErr error, startedAt, now time.Time) Verdict {
	v := Verdict{Source: source, Detector: DetectorProcess, Kind: KindFault, Semantics: Crash,
		State: StateFailed, Certain: true, At: now, Since: now,
		Evidence: Evidence{PID: pid, ExitCode: -1, LastArrival: startedAt}}
	if st != nil {
		v.Evidence.ExitCode, v.Evidence.Signal = exitStatus(st)
	}
	if waitErr != nil {
		var exitErr *exec.ExitError
		if !errors.As(waitErr, &exitErr) {
			v.Evidence.Err = waitErr.Error()
		}
	}
	return v
}

// ProcessWatcher watches child processes and reports each one's end as a crash at once, with
// its exit status or signal. It is safe for concurrent use.
type ProcessWatcher struct {
	clock  Clock
	logger *slog.Logger
	hub    hub
	wg     sync.WaitGroup
}

// NewProcessWatcher returns a watcher reading time from clock (nil: SystemClock()) and logging
// to logger (nil: discard).
func NewProcessWatcher(clock Clock, logger *slog.Logger) *ProcessWatcher {
	if clock == nil {
		clock = SystemClock()
	}
	w := &ProcessWatcher{clock: clock, logger: loggerOrDiscard(logger)}
	w.hub.logger = w.logger
	return w
}

// Register adds an observer of this watcher's verdicts.
func (w *ProcessWatcher) Register(o *Observer) { w.hub.register(o) }

// Deregister removes an observer.
func (w *ProcessWatcher) Deregister(o *Observer) { w.hub.deregister(o) }

// WatchCmd waits for cmd, which must have been started, in a goroutine; it takes over the
// call to cmd.Wait, so the caller must not make it. When the process ends, the verdict goes to
// the observers and on the returned channel, which is then closed.
func (w *ProcessWatcher) WatchCmd(source string, cmd *exec.Cmd) (<-chan Verdict, error) {
	if cmd.Process == nil {
		return nil, errors.New("detect: WatchCmd of a command that was not started")
	}
	return w.watch(source, cmd.Process.Pid, func() (*os.ProcessState, error) {
		err := cmd.Wait()
		return cmd.ProcessState, err
	}), nil
}

// WatchProcess is WatchCmd for a process started with os.StartProcess: it calls p.Wait.
func (w *ProcessWatcher) WatchProcess(source string, p *os.Process) <-chan Verdict {
	return w.watch(source, p.Pid, p.Wait)
}

func (w *ProcessWatcher) watch(source string, pid int, wait func() (*os.ProcessState, error)) <-chan Verdict {
	started := w.clock.Now()
	done := make(chan Verdict, 1)
	w.wg.Add(1)
	go func() {
		defer w.wg.Done()
		st, err := wait()
		v := ExitVerdict(source, pid, st, err, started, w.clock.Now())
		w.hub.emitMu.Lock()
		w.hub.emitLocked([]Verdict{v})
		w.hub.emitMu.Unlock()
		done <- v
		close(done)
	}()
	return done
}

// Wait blocks until every watched process has ended and been reported.
func (w *ProcessWatcher) Wait() { w.wg.Wait() }
