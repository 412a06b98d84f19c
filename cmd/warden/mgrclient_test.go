package main

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"

	managerv1 "github.com/wardenft/warden/api/warden/manager/v1"
	"github.com/wardenft/warden/manager"
)

// testMgr is a manager in the test process (manager.OpenNode + RegisterServices on a loopback
// listener): a one-manager cluster, leader before it is returned.
type testMgr struct {
	addr string
	conn *grpc.ClientConn
}

func startTestManager(t *testing.T) *testMgr {
	t.Helper()
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	cfg := manager.LocalProfile(manager.NodeConfig{DataDir: t.TempDir(), RaftAddr: "127.0.0.1:0",
		APIAddr: lis.Addr().String(), Bootstrap: true, Logger: slog.New(slog.DiscardHandler)})
	// No agent runs in these tests: the leader must not cancel a pending creation while a
	// test looks at it, however slow the machine.
	cfg.Control.Repair.CreateTimeout = time.Hour
	n, err := manager.OpenNode(cfg)
	if err != nil {
		lis.Close()
		t.Fatal(err)
	}
	srv := grpc.NewServer()
	manager.RegisterServices(srv, n)
	go srv.Serve(lis)
	conn, err := grpc.NewClient(lis.Addr().String(), grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		conn.Close()
		srv.Stop()
		n.Shutdown()
	})
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := n.WaitLeader(ctx); err != nil {
		t.Fatal(err)
	}
	return &testMgr{addr: lis.Addr().String(), conn: conn}
}

// registerLocation registers a location as its agent would.
func (m *testMgr) registerLocation(t *testing.T, name, agent string, incarnation uint64, labels map[string]string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	_, err := managerv1.NewAgentServiceClient(m.conn).Register(ctx, &managerv1.RegisterRequest{Location: name, AgentAddress: agent, Incarnation: incarnation, Labels: labels})
	if err != nil {
		t.Fatalf("register location %s: %v", name, err)
	}
}

// cli runs warden in the test process with --manager set to this manager.
func (m *testMgr) cli(t *testing.T, args ...string) (string, error) {
	t.Helper()
	out, _, err := runCLI(context.Background(), "", nil, append(args, "--manager", m.addr)...)
	return out, err
}

// ok runs warden and fails the test unless it succeeds.
func (m *testMgr) ok(t *testing.T, args ...string) string {
	t.Helper()
	out, err := m.cli(t, args...)
	if err != nil {
		t.Fatalf("warden %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return out
}

// fails runs warden and fails the test unless it fails with an error containing want.
func (m *testMgr) fails(t *testing.T, want string, args ...string) {
	t.Helper()
	out, err := m.cli(t, args...)
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("warden %s: err %v (output %q); want an error containing %q", strings.Join(args, " "), err, out, want)
	}
}

// runCLI runs the warden command line in this process, as main does, with stdin and stdout
// and stderr captured (or stdout sent to out when given, for verbs that stream).
func runCLI(ctx context.Context, stdin string, out *lineWriter, args ...string) (string, string, error) {
	root := newRootCmd()
	var stdout, stderr bytes.Buffer
	if out != nil {
		root.SetOut(out)
	} else {
		root.SetOut(&stdout)
	}
	root.SetErr(&stderr)
	root.SetIn(strings.NewReader(stdin))
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	return stdout.String(), stderr.String(), err
}

// lineWriter hands every line written to it to a channel, so that a test waits for output
// instead of sleeping.
type lineWriter struct {
	mu    sync.Mutex
	part  []byte
	lines chan string
}

func newLineWriter() *lineWriter { return &lineWriter{lines: make(chan string, 1000)} }

func (w *lineWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.part = append(w.part, p...)
	for {
		i := bytes.IndexByte(w.part, '\n')
		if i < 0 {
			return len(p), nil
		}
		w.lines <- string(w.part[:i])
		w.part = w.part[i+1:]
	}
}

// next waits for the next line that contains want.
func (w *lineWriter) next(t *testing.T, want string) string {
	t.Helper()
	deadline := time.After(20 * time.Second)
	for {
		select {
		case l := <-w.lines:
			if strings.Contains(l, want) {
				return l
			}
		case <-deadline:
			t.Fatalf("no output line containing %q", want)
		}
	}
}

// fromJSON parses protojson output into m.
func fromJSON(t *testing.T, out string, m proto.Message) {
	t.Helper()
	if err := protojson.Unmarshal([]byte(out), m); err != nil {
		t.Fatalf("output is not a %T in JSON: %v\n%s", m, err, out)
	}
}

// fromJSONList parses a JSON array of protojson objects.
func fromJSONList[M proto.Message](t *testing.T, out string, newM func() M) []M {
	t.Helper()
	var raw []json.RawMessage
	if err := json.Unmarshal([]byte(out), &raw); err != nil {
		t.Fatalf("output is not a JSON array: %v\n%s", err, out)
	}
	var ms []M
	for _, r := range raw {
		m := newM()
		fromJSON(t, string(r), m)
		ms = append(ms, m)
	}
	return ms
}

// countingListener accepts TCP connections and counts them, never answering: a manager
// address to which nothing must be sent.
func countingListener(t *testing.T) (string, *atomic.Int64) {
	t.Helper()
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var n atomic.Int64
	var conns []net.Conn
	var mu sync.Mutex
	go func() {
		for {
			c, err := lis.Accept()
			if err != nil {
				return
			}
			n.Add(1)
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		lis.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			c.Close()
		}
	})
	return lis.Addr().String(), &n
}

// freeAddr returns a loopback address where nothing listens.
func freeAddr(t *testing.T) string {
	t.Helper()
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	a := lis.Addr().String()
	lis.Close()
	return a
}

// badArg is an invocation that must fail with an error containing want.
type badArg struct{ args, want string }

// checkBadArgs runs every invocation against a manager address that counts connections: each
// must be refused with its message before anything is sent.
func checkBadArgs(t *testing.T, cases []badArg) {
	t.Helper()
	addr, accepted := countingListener(t)
	for _, tc := range cases {
		args := strings.Fields(tc.args)
		if !strings.Contains(tc.args, "--manager") {
			args = append(args, "--manager", addr)
		}
		if !strings.Contains(tc.args, "--timeout") {
			args = append(args, "--timeout", "2s") // were anything sent, it would fail by then
		}
		_, _, err := runCLI(context.Background(), "", nil, args...)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("warden %s: err %v; want an error containing %q", tc.args, err, tc.want)
		}
	}
	if n := accepted.Load(); n != 0 {
		t.Errorf("%d connections reached the manager address; a bad argument must send nothing", n)
	}
}

// The flags every manager verb shares are checked before anything is sent.
func TestManagerFlagsBad(t *testing.T) {
	t.Parallel()
	checkBadArgs(t, []badArg{
		{"locations extra", `locations: takes no arguments`},
		{"locations -o yaml", `--output "yaml": want text or json`},
		{"locations --manager nocolon", `--manager "nocolon": "nocolon" is not host:port`},
		{"locations --manager ,", `--manager ",": no address`},
		{"locations --timeout 0s", "--timeout 0s: must be positive"},
	})
}

// No manager at the address: a clear error, at once for a refused connection and within
// --timeout for an address that never answers; the addresses of --manager are tried in order.
func TestNoManagerReachable(t *testing.T) {
	t.Parallel()
	dead := freeAddr(t)
	start := time.Now()
	_, _, err := runCLI(context.Background(), "", nil, "locations", "--manager", dead)
	if err == nil || !strings.Contains(err.Error(), "no manager reachable within 10s (--manager "+dead+", --timeout): "+dead+": connect: connection refused") {
		t.Errorf("refused: err %v", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("refused connection took %v", d)
	}

	silent, _ := countingListener(t) // accepts TCP, never speaks gRPC
	start = time.Now()
	_, _, err = runCLI(context.Background(), "", nil, "locations", "--manager", silent, "--timeout", "300ms")
	if err == nil || !strings.Contains(err.Error(), "no manager reachable within 300ms") || !strings.Contains(err.Error(), silent+": no answer") {
		t.Errorf("silent: err %v", err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("silent manager: gave up after %v, want about --timeout 300ms", d)
	}

	_, _, err = runCLI(context.Background(), "", nil, "locations", "--manager", dead+","+silent, "--timeout", "400ms")
	if err == nil || !strings.Contains(err.Error(), dead+": connect: connection refused; "+silent+": no answer") {
		t.Errorf("two dead managers: err %v", err)
	}

	m := startTestManager(t)
	out, _, err := runCLI(context.Background(), "", nil, "locations", "--manager", dead+","+silent+","+m.addr, "--timeout", "2s")
	if err != nil || !strings.HasPrefix(out, "LOCATION") {
		t.Errorf("the third of three managers did not answer: %v\n%s", err, out)
	}
}

// The binary itself: WARDEN_MANAGER sets the default of --manager, and a failure exits 1 with
// "warden: " and the message on stderr, nothing on stdout.
func TestManagerVerbsProcess(t *testing.T) {
	t.Parallel()
	m := startTestManager(t)
	run := func(env string, args ...string) (string, string, error) {
		cmd := exec.Command(os.Args[0], args...)
		cmd.Env = append(os.Environ(), "WARDEN_TEST_MAIN=1", env)
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		return stdout.String(), stderr.String(), err
	}
	exit1 := func(what string, out, errOut string, err error, want string) {
		t.Helper()
		if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 {
			t.Errorf("%s: exit %v, want 1", what, err)
		}
		if out != "" || !strings.HasPrefix(errOut, want) {
			t.Errorf("%s: stdout %q, stderr %q; want stderr starting %q", what, out, errOut, want)
		}
	}
	out, errOut, err := run(managerEnv+"="+m.addr, "locations", "-o", "json")
	if err != nil || out != "[]\n" {
		t.Fatalf("locations through %s: %v\n%s%s", managerEnv, err, out, errOut)
	}
	out, errOut, err = run(managerEnv+"="+freeAddr(t), "locations", "--timeout", "1s")
	exit1("locations against nothing", out, errOut, err, "warden: no manager reachable within 1s")
	out, errOut, err = run(managerEnv+"="+m.addr, "locations", "extra")
	exit1("locations extra", out, errOut, err, "warden: locations: takes no arguments, got \"extra\"\n")
}
