package main

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sync"
	"syscall"
	"time"
)

// The demo's child processes: the manager, the agents (which start the members) and the
// bank worker's siblings. Each has its own process group, so that Ctrl-C reaches the demo
// only and the demo stops them in order, and PR_SET_PDEATHSIG, so that the kernel SIGKILLs
// them if the demo dies without cleaning up. The death signal fires when the thread that
// forked the child exits, not the process, so every child is started from one goroutine
// locked to its thread for the life of the process (as the agent does for its members).

type spawnRequest struct {
	cmd   *exec.Cmd
	reply chan error
}

var (
	spawnOnce sync.Once
	spawnReqs chan spawnRequest
)

// spawn starts cmd from the spawner's thread, with Setpgid and Pdeathsig added.
func spawn(cmd *exec.Cmd) error {
	spawnOnce.Do(func() {
		spawnReqs = make(chan spawnRequest)
		go func() {
			runtime.LockOSThread() // never unlocked: the children's parent thread lives as long as we do
			for r := range spawnReqs {
				r.reply <- r.cmd.Start()
			}
		}()
	})
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{}
	}
	cmd.SysProcAttr.Setpgid = true
	cmd.SysProcAttr.Pdeathsig = syscall.SIGKILL
	reply := make(chan error, 1)
	spawnReqs <- spawnRequest{cmd, reply}
	return <-reply
}

// demoProc is a child process of the demo, its stderr in a log file. A goroutine reaps it as
// soon as it exits.
type demoProc struct {
	cmd    *exec.Cmd
	exited chan struct{}
}

// startDemoProc starts this binary with args; its stderr goes to dir/name.log (appended, so
// that a restarted agent keeps one log). The scanner reads its stdout; the caller must drain
// it.
func startDemoProc(dir, name string, args ...string) (*demoProc, *bufio.Scanner, error) {
	self, err := os.Executable()
	if err != nil {
		return nil, nil, err
	}
	logf, err := os.OpenFile(filepath.Join(dir, name+".log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return nil, nil, err
	}
	cmd := exec.Command(self, args...)
	cmd.Stderr = logf
	out, err := cmd.StdoutPipe()
	if err != nil {
		logf.Close()
		return nil, nil, err
	}
	if err := spawn(cmd); err != nil {
		logf.Close()
		return nil, nil, fmt.Errorf("start %s: %w", name, err)
	}
	p := &demoProc{cmd: cmd, exited: make(chan struct{})}
	sc := bufio.NewScanner(out)
	go func() {
		<-p.exited
		logf.Close()
	}()
	go func() {
		// Reaped at once, so that a killed process never lingers as a zombie (the fault
		// injector looks processes up in /proc). Wait closes the stdout pipe: the caller's
		// scanner ends, at worst losing the last lines of a process that died.
		cmd.Wait()
		close(p.exited)
	}()
	return p, sc, nil
}

// pid returns the process id.
func (p *demoProc) pid() int { return p.cmd.Process.Pid }

// kill SIGKILLs the process and waits until it is reaped.
func (p *demoProc) kill() {
	p.cmd.Process.Signal(syscall.SIGKILL)
	<-p.exited
}

// stop asks the process to end (SIGTERM: an agent stops its members first) and kills it if it
// has not within grace. It returns once the process is reaped.
func (p *demoProc) stop(grace time.Duration) {
	select {
	case <-p.exited:
		return
	default:
	}
	p.cmd.Process.Signal(syscall.SIGCONT) // a paused process could not act on SIGTERM
	p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.exited:
	case <-time.After(grace):
		p.cmd.Process.Kill()
		<-p.exited
	}
}
