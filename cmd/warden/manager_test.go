package main

import (
	"bufio"
	"context"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	managerv1 "github.com/wardenft/warden/api/warden/manager/v1"
)

// managerProc is a `warden manager` process with its API address and what its log says about
// its leadership.
type managerProc struct {
	*wardenProc
	id, api, raft string
	leader        atomic.Bool
	conn          *grpc.ClientConn
}

func startManagerProc(t *testing.T, dir string, args ...string) *managerProc {
	t.Helper()
	p := startWarden(t, append([]string{"manager", "--data", dir, "--listen", "127.0.0.1:0", "--profile", "local", "--log-level", "info"}, args...)...)
	line, err := p.stdout.ReadString('\n')
	if err != nil {
		t.Fatalf("manager printed no start line: %v", err)
	}
	m := regexp.MustCompile(`^warden manager (\S+): API on (\S+), Raft on (\S+), data `).FindStringSubmatch(line)
	if m == nil {
		t.Fatalf("unexpected start line %q", line)
	}
	mp := &managerProc{wardenProc: p, id: m[1], api: m[2], raft: m[3]}
	go func() {
		sc := bufio.NewScanner(p.stderr)
		for sc.Scan() {
			switch {
			case strings.Contains(sc.Text(), `msg="manager is leader"`):
				mp.leader.Store(true)
			case strings.Contains(sc.Text(), `msg="manager lost leadership"`):
				mp.leader.Store(false)
			}
		}
	}()
	mp.conn, err = grpc.NewClient(mp.api, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { mp.conn.Close() })
	return mp
}

func (m *managerProc) types() managerv1.TypeRegistryClient {
	return managerv1.NewTypeRegistryClient(m.conn)
}

func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		<-tick.C
	}
}

func hasTypes(t *testing.T, m *managerProc, want ...string) bool {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	r, err := m.types().ListTypes(ctx, &managerv1.ListTypesRequest{})
	if err != nil {
		return false
	}
	var got []string
	for _, ty := range r.Types {
		got = append(got, ty.TypeId)
	}
	return strings.Join(got, ",") == strings.Join(want, ",")
}

func registerTypeThrough(t *testing.T, m *managerProc, id string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := m.types().RegisterType(ctx, &managerv1.RegisterTypeRequest{Type: &managerv1.MemberType{TypeId: id, Launch: &managerv1.LaunchSpec{Command: "/bin/true"}}}); err != nil {
		t.Fatalf("register %s through %s: %v", id, m.id, err)
	}
}

// Three manager processes: one bootstraps alone, two join; the leader is SIGKILLed; a new
// leader takes writes with the state intact, and the killed one comes back from its data dir
// and catches up.
func TestManagerProcessesFailover(t *testing.T) {
	dir1 := t.TempDir()
	m1 := startManagerProc(t, dir1, "--id", "m1", "--raft", "127.0.0.1:0")
	m2 := startManagerProc(t, t.TempDir(), "--id", "m2", "--raft", "127.0.0.1:0", "--join", m1.api)
	m3 := startManagerProc(t, t.TempDir(), "--id", "m3", "--raft", "127.0.0.1:0", "--join", m2.api)
	waitUntil(t, "m1 to lead", m1.leader.Load)

	registerTypeThrough(t, m2, "counter") // forwarded to m1
	for _, m := range []*managerProc{m1, m2, m3} {
		waitUntil(t, m.id+" to hold counter", func() bool { return hasTypes(t, m, "counter") })
	}

	m1.cmd.Process.Kill()
	m1.cmd.Wait()
	start := time.Now()
	waitUntil(t, "a new leader", func() bool { return m2.leader.Load() || m3.leader.Load() })
	t.Logf("new leader after %v", time.Since(start).Round(time.Millisecond))
	registerTypeThrough(t, m3, "bank")
	registerTypeThrough(t, m2, "kv")
	for _, m := range []*managerProc{m2, m3} {
		waitUntil(t, m.id+" to hold every type", func() bool { return hasTypes(t, m, "bank", "counter", "kv") })
	}

	// m1 restarts from its data dir on its Raft address: no --join needed, it finds its peers
	// in its log.
	m1 = startManagerProc(t, dir1, "--raft", m1.raft)
	if m1.id != "m1" {
		t.Fatalf("restarted as %q, want m1 (the id stored in --data)", m1.id)
	}
	waitUntil(t, "m1 to catch up", func() bool { return hasTypes(t, m1, "bank", "counter", "kv") })
}

func TestManagerHelpAndBadFlags(t *testing.T) {
	out, err := warden(t, "manager", "--help")
	if err != nil {
		t.Fatalf("manager --help: %v\n%s", err, out)
	}
	for _, want := range []string{"--data", "--listen", "--raft", "--bootstrap", "--join", "--id", "--peer", "bootstraps a cluster of itself"} {
		if !strings.Contains(out, want) {
			t.Errorf("manager --help does not mention %q", want)
		}
	}
	dir := t.TempDir()
	for _, tc := range []struct{ args, want string }{
		{"", "--data is required"},
		{"--data " + dir + " --join 127.0.0.1:1 --bootstrap", "cannot be combined"},
		{"--data " + dir + " --bootstrap --peer m1", `--peer "m1": want ID=RAFTADDR`},
		{"--data " + dir + " --peer m1=127.0.0.1:1", "--peer needs --bootstrap"},
		{"--data " + dir + " --bootstrap --peer m1=127.0.0.1:1", "--peer needs --id"},
		{"--data " + dir + " --profile wan", `--profile: "wan" is not lan or local`},
		{"--data " + dir + " --damping-half-life 0s", "PenaltyHalfLife 0s must be positive"},
		{"--data " + dir + " --restart-budget -1", "RestartBudget"},
	} {
		out, err := warden(t, append([]string{"manager"}, strings.Fields(tc.args)...)...)
		if err == nil || !strings.Contains(out, tc.want) {
			t.Errorf("manager %s: err %v, output %q; want an error containing %q", tc.args, err, out, tc.want)
		}
	}
}
