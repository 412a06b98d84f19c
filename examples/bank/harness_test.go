package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/wardenft/warden/examples/bank/banking"
)

// TestMain lets the test binary act as the bank binary: with BANK_TEST_MAIN=1 it runs main, so
// the tests start real bank processes without a build step.
func TestMain(m *testing.M) {
	if os.Getenv("BANK_TEST_MAIN") == "1" {
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// proc is one bank server process that the tests start, SIGKILL and restart. Its first start
// listens on a free port; restarts reuse it.
type proc struct {
	t    *testing.T
	name string
	args []string
	addr string
	log  string // stderr of every incarnation, appended

	mu     sync.Mutex
	cmd    *exec.Cmd
	done   chan struct{}
	starts int
	kills  int
}

func newProc(t *testing.T, dir, name string, args ...string) *proc {
	return &proc{t: t, name: name, args: args, addr: "127.0.0.1:0", log: filepath.Join(dir, name+".log")}
}

// start runs the process; killAt, if set, is its BANK_KILL_AT. It returns once the process
// printed its address.
func (p *proc) start(killAt string) {
	p.t.Helper()
	logf, err := os.OpenFile(p.log, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		p.t.Fatal(err)
	}
	fmt.Fprintf(logf, "=== start %d (kill at %q)\n", p.starts+1, killAt)
	cmd := exec.Command(os.Args[0], append(p.args, "--listen", p.addr)...)
	cmd.Env = append(os.Environ(), "BANK_TEST_MAIN=1", killEnv+"="+killAt)
	cmd.Stderr = logf
	out, err := cmd.StdoutPipe()
	if err != nil {
		p.t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		p.t.Fatal(err)
	}
	addrc := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if _, a, ok := strings.Cut(sc.Text(), " listening on "); ok {
				addrc <- a
			}
		}
		close(addrc)
	}()
	done := make(chan struct{})
	go func() {
		cmd.Wait()
		logf.Close()
		close(done)
	}()
	select {
	case a, ok := <-addrc:
		if !ok {
			<-done
			p.t.Fatalf("%s exited before serving: %v; log:\n%s", p.name, cmd.ProcessState, p.tail())
		}
		p.addr = a
	case <-time.After(30 * time.Second):
		cmd.Process.Kill()
		p.t.Fatalf("%s did not start serving within 30s; log:\n%s", p.name, p.tail())
	}
	p.mu.Lock()
	p.cmd, p.done = cmd, done
	p.starts++
	p.mu.Unlock()
}

// kill SIGKILLs the process (if running) and waits for it to exit.
func (p *proc) kill() {
	p.mu.Lock()
	cmd, done := p.cmd, p.done
	p.mu.Unlock()
	if cmd == nil {
		return
	}
	select {
	case <-done:
	default:
		cmd.Process.Signal(syscall.SIGKILL)
		p.mu.Lock()
		p.kills++
		p.mu.Unlock()
		<-done
	}
}

// exited returns a channel closed when the current incarnation exits.
func (p *proc) exited() <-chan struct{} {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.done
}

func (p *proc) restart(killAt string) {
	p.kill()
	p.start(killAt)
}

func (p *proc) tail() string {
	b, _ := os.ReadFile(p.log)
	lines := strings.Split(string(b), "\n")
	if len(lines) > 40 {
		lines = lines[len(lines)-40:]
	}
	return strings.Join(lines, "\n")
}

// bankCluster is a coordinator and branches A and B, each a process.
type bankCluster struct {
	t     *testing.T
	dir   string
	coord *proc
	br    map[string]*proc
	cli   *banking.Client
}

func startBank(t *testing.T) *bankCluster {
	dir := t.TempDir()
	c := &bankCluster{t: t, dir: dir, br: map[string]*proc{}}
	c.coord = newProc(t, dir, "coordinator", "coordinator", "--data", filepath.Join(dir, "coordinator"), "--log-level", "info", "--vote-timeout", "2s", "--active-timeout", "5s")
	for _, n := range []string{"A", "B"} {
		c.br[n] = newProc(t, dir, "branch-"+n, "branch", "--name", n, "--data", filepath.Join(dir, n), "--log-level", "info",
			"--lock-timeout", "200ms", "--decision-timeout", "100ms", "--active-timeout", "3s")
	}
	for _, p := range c.procs() {
		p.start("")
	}
	t.Cleanup(func() {
		for _, p := range c.procs() {
			p.kill()
		}
		if t.Failed() {
			for _, p := range c.procs() {
				t.Logf("log of %s (last lines):\n%s", p.name, p.tail())
			}
		}
	})
	cli, err := banking.NewClient(c.coord.addr, map[string]string{"A": c.br["A"].addr, "B": c.br["B"].addr})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(cli.Close)
	c.cli = cli
	return c
}

func (c *bankCluster) procs() []*proc { return []*proc{c.coord, c.br["A"], c.br["B"]} }

// run executes the bank CLI against the cluster and returns its combined output and exit code.
func (c *bankCluster) run(args ...string) (string, int) {
	c.t.Helper()
	full := append([]string{args[0], "--coordinator", c.coord.addr, "--branches", "A=" + c.br["A"].addr + ",B=" + c.br["B"].addr}, args[1:]...)
	cmd := exec.Command(os.Args[0], full...)
	cmd.Env = append(os.Environ(), "BANK_TEST_MAIN=1")
	out, err := cmd.CombinedOutput()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		c.t.Fatal(err)
	}
	return string(out), code
}

// eventually polls cond until it holds or the deadline passes.
func eventually(t *testing.T, d time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting until %s", d, what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

var bg = context.Background()

// runBank runs the bank binary (this test binary) with args, outside any cluster.
func runBank(t *testing.T, args ...string) (string, int) {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), "BANK_TEST_MAIN=1")
	out, err := cmd.CombinedOutput()
	if ee, ok := err.(*exec.ExitError); ok {
		return string(out), ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return string(out), 0
}
