// Package cluster launches real Warden processes on loopback for tests and benchmarks:
// managers (warden manager), agents (warden agent) and the example services they run, with
// the faults the tests inject (SIGKILL, SIGSTOP/SIGCONT, restart on the same data dir).
//
//	bins, err := cluster.Build(dir)               // go build of warden and examples/echo
//	c := cluster.New(t, bins)                     // every process is killed at t's cleanup
//	m1 := c.StartManager("m1", "")                // bootstraps alone
//	m2 := c.StartManager("m2", m1.API)            // joins through m1
//	a := c.StartAgent("host-a")                   // against every manager started so far
//	a.Kill(); a.Restart()                         // SIGKILL; same flags, same data dir
//
// Each process's output goes to a log file in the cluster's directory (Proc.LogPath); a test
// that fails prints the tail of every log (Cluster.DumpLogs). Ports are picked by the
// processes themselves (port 0) and read from their first line of output; a restarted
// process gets the same addresses again.
package cluster

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// Binaries are the executables a cluster runs.
type Binaries struct {
	Warden string
	Echo   string
}

// Build compiles the warden binary and the echo example into dir. root is the module's root
// directory (where go.mod is).
func Build(root, dir string) (Binaries, error) {
	b := Binaries{Warden: filepath.Join(dir, "warden"), Echo: filepath.Join(dir, "echo")}
	for out, pkg := range map[string]string{b.Warden: "./cmd/warden", b.Echo: "./examples/echo"} {
		cmd := exec.Command("go", "build", "-o", out, pkg)
		cmd.Dir = root
		if msg, err := cmd.CombinedOutput(); err != nil {
			return b, fmt.Errorf("go build %s: %v\n%s", pkg, err, msg)
		}
	}
	return b, nil
}

// ModuleRoot returns the directory of the go.mod above the working directory.
func ModuleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("no go.mod above the working directory")
		}
		dir = parent
	}
}

// A Cluster is the processes of one test.
type Cluster struct {
	T    testing.TB
	Bins Binaries
	Dir  string
	// ManagerProfile is the --profile of the managers StartManager starts: "local" when
	// empty (agents heartbeat every 100ms, a host fault about 1s after the last one or at
	// once when an agent's stream breaks, 1s leases), or "lan" (every second, about 2.5s, 2s leases), which rides out the
	// scheduling stalls of a heavily loaded machine. Set it before StartManager.
	ManagerProfile string
	// ManagerFlags are added to every manager's command line (e.g. --damping-half-life 2s
	// for a test that injects hundreds of faults). Set it before StartManager.
	ManagerFlags []string

	mu       sync.Mutex
	procs    []*Proc
	Managers []*Manager
	Agents   []*Agent
}

// New returns an empty cluster whose processes are all killed when t ends.
func New(t testing.TB, bins Binaries) *Cluster {
	c := &Cluster{T: t, Bins: bins, Dir: t.TempDir()}
	t.Cleanup(func() {
		if t.Failed() {
			c.DumpLogs()
		}
		c.mu.Lock()
		procs := c.procs
		c.mu.Unlock()
		for _, p := range procs {
			p.Cont()
			p.Kill()
		}
	})
	return c
}

// DumpLogs prints the last lines of every process's log to the test log, and of the logs of
// the members the agents started (<agent data>/logs/<group>/<member>.log).
func (c *Cluster) DumpLogs() {
	c.mu.Lock()
	procs := c.procs
	agents := c.Agents
	c.mu.Unlock()
	for _, p := range procs {
		c.T.Logf("--- %s (%s) ---\n%s", p.Name, p.LogPath, tail(p.LogPath, 40))
	}
	for _, a := range agents {
		logs, _ := filepath.Glob(filepath.Join(a.Data, "logs", "*", "*.log"))
		for _, l := range logs {
			c.T.Logf("--- member at %s (%s) ---\n%s", a.Location, l, tail(l, 40))
		}
	}
}

// A Proc is one process the cluster started.
type Proc struct {
	Name    string
	Bin     string
	Args    []string
	Env     []string
	LogPath string

	mu     sync.Mutex
	cmd    *exec.Cmd
	exited chan struct{}
	lines  chan string // stdout lines of the current run, until it is read to its first match
}

func (c *Cluster) start(name, bin string, args, env []string) (*Proc, error) {
	p := &Proc{Name: name, Bin: bin, Args: args, Env: env, LogPath: filepath.Join(c.Dir, name+".log")}
	if err := p.run(); err != nil {
		return nil, err
	}
	c.mu.Lock()
	c.procs = append(c.procs, p)
	c.mu.Unlock()
	return p, nil
}

func (p *Proc) run() error {
	logf, err := os.OpenFile(p.LogPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return err
	}
	fmt.Fprintf(logf, "=== %s %s %s\n", time.Now().Format(time.RFC3339Nano), p.Bin, strings.Join(p.Args, " "))
	cmd := exec.Command(p.Bin, p.Args...)
	cmd.Env = append(os.Environ(), p.Env...)
	cmd.Stderr = logf
	// Its own process group, so that a signal from a terminal never reaches it.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	out, err := cmd.StdoutPipe()
	if err != nil {
		logf.Close()
		return err
	}
	if err := cmd.Start(); err != nil {
		logf.Close()
		return fmt.Errorf("start %s: %w", p.Name, err)
	}
	lines := make(chan string, 64)
	exited := make(chan struct{})
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			fmt.Fprintln(logf, sc.Text())
			select {
			case lines <- sc.Text():
			default: // nobody is waiting for output: the log has it
			}
		}
		close(lines)
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

// WaitLine waits for a line of standard output matching re and returns its submatches.
func (p *Proc) WaitLine(ctx context.Context, re *regexp.Regexp) ([]string, error) {
	p.mu.Lock()
	lines := p.lines
	p.mu.Unlock()
	for {
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("%s: no output line matching %q: %w (log %s)", p.Name, re, ctx.Err(), p.LogPath)
		case l, ok := <-lines:
			if !ok {
				return nil, fmt.Errorf("%s exited before printing a line matching %q (log %s)", p.Name, re, p.LogPath)
			}
			if m := re.FindStringSubmatch(l); m != nil {
				return m, nil
			}
		}
	}
}

// Signal sends sig to the current run.
func (p *Proc) Signal(sig syscall.Signal) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.cmd.Process.Signal(sig)
}

// Kill SIGKILLs the process and waits for it to be reaped.
func (p *Proc) Kill() {
	p.Signal(syscall.SIGKILL)
	p.Wait()
}

// Stop pauses the process (SIGSTOP); Cont resumes it.
func (p *Proc) Stop() error { return p.Signal(syscall.SIGSTOP) }
func (p *Proc) Cont() error { return p.Signal(syscall.SIGCONT) }

// Wait waits until the current run has exited.
func (p *Proc) Wait() {
	p.mu.Lock()
	ch := p.exited
	p.mu.Unlock()
	<-ch
}

// Exited reports whether the current run has exited.
func (p *Proc) Exited() bool {
	p.mu.Lock()
	ch := p.exited
	p.mu.Unlock()
	select {
	case <-ch:
		return true
	default:
		return false
	}
}

// A Manager is a warden manager process.
type Manager struct {
	*Proc
	ID, API, Raft, Data string
}

var managerLine = regexp.MustCompile(`^warden manager (\S+): API on (\S+), Raft on (\S+), data`)

// StartManager starts a manager with c.ManagerProfile (local by default): alone (join "") it bootstraps a
// cluster of itself, otherwise it joins through the API address join.
func (c *Cluster) StartManager(id, join string) (*Manager, error) {
	data := filepath.Join(c.Dir, id)
	profile := c.ManagerProfile
	if profile == "" {
		profile = "local"
	}
	args := []string{"manager", "--id", id, "--data", data, "--listen", "127.0.0.1:0", "--raft", "127.0.0.1:0", "--profile", profile, "--log-level", "info"}
	args = append(args, c.ManagerFlags...)
	if join != "" {
		args = append(args, "--join", join)
	}
	p, err := c.start(id, c.Bins.Warden, args, nil)
	if err != nil {
		return nil, err
	}
	m := &Manager{Proc: p, ID: id, Data: data}
	if err := m.ready(); err != nil {
		return nil, err
	}
	// A restart keeps its addresses: the other managers know it by its Raft address.
	p.Args = append([]string{"manager", "--id", id, "--data", data, "--listen", m.API, "--raft", m.Raft, "--profile", profile, "--log-level", "info"}, c.ManagerFlags...)
	c.mu.Lock()
	c.Managers = append(c.Managers, m)
	c.mu.Unlock()
	return m, nil
}

func (m *Manager) ready() error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	l, err := m.WaitLine(ctx, managerLine)
	if err != nil {
		return err
	}
	m.API, m.Raft = l[2], l[3]
	return nil
}

// Restart starts the manager again on its data dir and addresses (after Kill).
func (m *Manager) Restart() error {
	if err := m.run(); err != nil {
		return err
	}
	return m.ready()
}

// ManagerAddrs returns the API addresses of the managers, comma-separated.
func (c *Cluster) ManagerAddrs() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var as []string
	for _, m := range c.Managers {
		as = append(as, m.API)
	}
	return strings.Join(as, ",")
}

// An Agent is a warden agent process.
type Agent struct {
	*Proc
	Location, Data string
}

// StartAgent starts an agent for location against every manager started so far. The agent
// finds its port itself; extra flags are appended.
func (c *Cluster) StartAgent(location string, extra ...string) (*Agent, error) {
	data := filepath.Join(c.Dir, "agent-"+location)
	args := append([]string{"agent", "--location", location, "--managers", c.ManagerAddrs(), "--data", data,
		"--listen", "127.0.0.1:0", "--heartbeat-listen", "127.0.0.1:0", "--log-level", "info"}, extra...)
	p, err := c.start("agent-"+location, c.Bins.Warden, args, nil)
	if err != nil {
		return nil, err
	}
	a := &Agent{Proc: p, Location: location, Data: data}
	c.mu.Lock()
	c.Agents = append(c.Agents, a)
	c.mu.Unlock()
	return a, nil
}

// Restart starts the agent again with the same flags and data dir (a new incarnation).
func (a *Agent) Restart() error { return a.run() }

// tail returns the last n lines of a log file, for failure messages.
func tail(path string, n int) string {
	b, _ := os.ReadFile(path)
	lines := bytes.Split(bytes.TrimRight(b, "\n"), []byte("\n"))
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return string(bytes.Join(lines, []byte("\n")))
}
