package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"time"
)

// proc is one process the benchmark started. Its standard output and error go to a log file;
// the lines of standard output are also offered to waitLine until one matches.
type proc struct {
	name    string
	bin     string
	args    []string
	env     []string
	logPath string

	mu     sync.Mutex
	cmd    *exec.Cmd
	exited chan struct{}
	lines  chan string
}

// procs is every process of a benchmark part, for the cleanup.
type procs struct {
	mu  sync.Mutex
	all []*proc
	dir string
}

func (ps *procs) start(name, bin string, args, env []string) (*proc, error) {
	p := &proc{name: name, bin: bin, args: args, env: env, logPath: filepath.Join(ps.dir, name+".log")}
	if err := p.run(); err != nil {
		return nil, err
	}
	ps.mu.Lock()
	ps.all = append(ps.all, p)
	ps.mu.Unlock()
	return p, nil
}

// stopAll ends every process: SIGTERM (an agent then stops its members), SIGKILL after grace.
func (ps *procs) stopAll(grace time.Duration) {
	ps.mu.Lock()
	all := ps.all
	ps.all = nil
	ps.mu.Unlock()
	for _, p := range all {
		p.signal(syscall.SIGCONT)
		p.signal(syscall.SIGTERM)
	}
	deadline := time.After(grace)
	for _, p := range all {
		select {
		case <-p.done():
		case <-deadline:
		}
	}
	for _, p := range all {
		p.kill()
	}
}

func (p *proc) run() error {
	logf, err := os.OpenFile(p.logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return err
	}
	fmt.Fprintf(logf, "=== %s %s %s\n", time.Now().Format(time.RFC3339Nano), p.bin, strings.Join(p.args, " "))
	cmd := exec.Command(p.bin, p.args...)
	cmd.Env = append(os.Environ(), p.env...)
	cmd.Stderr = logf
	// Its own process group: a Ctrl-C at the terminal reaches the harness only, which then
	// stops everything in order. dieWithParent: nothing outlives a harness that is killed.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	dieWithParent(cmd)
	out, err := cmd.StdoutPipe()
	if err != nil {
		logf.Close()
		return err
	}
	if err := cmd.Start(); err != nil {
		logf.Close()
		return fmt.Errorf("start %s: %w", p.name, err)
	}
	lines, exited := make(chan string, 64), make(chan struct{})
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			fmt.Fprintln(logf, sc.Text())
			select {
			case lines <- sc.Text():
			default:
			}
		}
		close(lines)
		io.Copy(io.Discard, out)
		cmd.Wait()
		fmt.Fprintf(logf, "=== %s exited: %v\n", time.Now().Format(time.RFC3339Nano), cmd.ProcessState)
		logf.Close()
		close(exited)
	}()
	p.mu.Lock()
	p.cmd, p.exited, p.lines = cmd, exited, lines
	p.mu.Unlock()
	return nil
}

// waitLine waits for a line of standard output matching re and returns its submatches.
func (p *proc) waitLine(ctx context.Context, re *regexp.Regexp, timeout time.Duration) ([]string, error) {
	p.mu.Lock()
	lines := p.lines
	p.mu.Unlock()
	t := time.NewTimer(timeout)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-t.C:
			return nil, fmt.Errorf("%s: no output line matching %q within %v%s", p.name, re, timeout, tail(p.logPath))
		case l, ok := <-lines:
			if !ok {
				return nil, fmt.Errorf("%s exited before printing a line matching %q%s", p.name, re, tail(p.logPath))
			}
			if m := re.FindStringSubmatch(l); m != nil {
				return m, nil
			}
		}
	}
}

func (p *proc) pid() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.cmd.Process.Pid
}

func (p *proc) done() <-chan struct{} {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.exited
}

func (p *proc) signal(sig syscall.Signal) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.cmd.Process.Signal(sig)
}

// kill SIGKILLs the process and waits until it is reaped.
func (p *proc) kill() {
	p.signal(syscall.SIGKILL)
	<-p.done()
}

// tail returns the end of a log file for an error message.
func tail(path string) string {
	b, err := os.ReadFile(path)
	if err != nil || len(b) == 0 {
		return ""
	}
	if len(b) > 1500 {
		b = b[len(b)-1500:]
	}
	return fmt.Sprintf("\n--- %s (end) ---\n%s", filepath.Base(path), b)
}

// eventually calls cond every 10ms until it returns nil, ctx ends or d passes.
func eventually(ctx context.Context, what string, d time.Duration, cond func() error) error {
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for {
		err := cond()
		if err == nil {
			return nil
		}
		select {
		case <-ctx.Done():
			if errors.Is(ctx.Err(), context.DeadlineExceeded) {
				return fmt.Errorf("%s: not within %v: %w", what, d, err)
			}
			return ctx.Err()
		case <-tick.C:
		}
	}
}

// rootDir returns the root module's directory (the one bench/go.mod replaces
// github.com/wardenft/warden with).
func rootDir(ctx context.Context) (string, error) {
	out, err := exec.CommandContext(ctx, "go", "list", "-m", "-f", "{{.Dir}}", "github.com/wardenft/warden").Output()
	if err != nil {
		return "", fmt.Errorf("finding the root module: %w", err)
	}
	return strings.TrimSpace(string(out)), nil
}

// build compiles pkg of the root module into dir/name.
func build(ctx context.Context, root, dir, name, pkg string) (string, error) {
	bin := filepath.Join(dir, name)
	cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, pkg)
	cmd.Dir = root
	if b, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build %s in %s: %v\n%s", pkg, root, err, b)
	}
	return bin, nil
}
