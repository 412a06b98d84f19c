package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net"
	"os"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"google.golang.org/protobuf/types/known/durationpb"

	managerv1 "github.com/wardenft/warden/api/warden/manager/v1"
)

func TestAgentHelpAndBadFlags(t *testing.T) {
	out, err := warden(t, "agent", "--help")
	if err != nil {
		t.Fatalf("agent --help: %v\n%s", err, out)
	}
	for _, want := range []string{"--location", "--managers", "--data", "--listen", "--heartbeat-listen", "--label",
		"--advertise-host", "{{port}}", "warden agent --location host-a --data"} {
		if !strings.Contains(out, want) {
			t.Errorf("agent --help does not mention %q", want)
		}
	}
	dir := t.TempDir()
	for _, tc := range []struct{ args, want string }{
		{"--data " + dir, "--location is required"},
		{"--location h", "--data is required"},
		{"--location h --data " + dir + " --managers nohost", `--managers: "nohost" is not host:port`},
		{"--location h --data " + dir + " --managers ,", "--managers: give at least one manager API address"},
		{"--location h --data " + dir + " --label rack", `--label "rack": want KEY=VALUE`},
		{"--location h --data " + dir + " --log-level loud", `--log-level: "loud" is not debug, info, warn or error`},
		{"--location a/b --data " + dir, `--location "a/b": character '/' at byte 1 not allowed`},
		{"--location h --data " + dir + " --listen 7600 --start-timeout 0s", `--listen "7600": want host:port; --start-timeout 0s: must be positive`},
		{"--location h --data " + dir + " --heartbeat-listen x", `--heartbeat-listen "x"`},
	} {
		out, err := warden(t, append([]string{"agent"}, strings.Fields(tc.args)...)...)
		if err == nil || !strings.Contains(out, tc.want) {
			t.Errorf("agent %s: err %v, output %q; want an error containing %q", tc.args, err, out, tc.want)
		}
	}
}

// A manager process and an agent process: a group created through the manager's API gets its
// member started by the agent, in the view once ready; deleting the group stops it; SIGTERM
// stops the agent cleanly.
func TestAgentProcess(t *testing.T) {
	m := startManagerProc(t, t.TempDir())
	waitUntil(t, "the manager to lead", m.leader.Load)

	dir := t.TempDir()
	p := startWarden(t, "agent", "--location", "cli-host", "--managers", m.api, "--data", dir,
		"--listen", "127.0.0.1:0", "--heartbeat-listen", "127.0.0.1:0", "--log-level", "info")
	var logs lockedBuffer
	drained := make(chan struct{})
	go func() { drain(p.stderr, &logs); close(drained) }()
	line, err := p.stdout.ReadString('\n')
	if err != nil {
		t.Fatalf("agent printed no start line: %v", err)
	}
	if !regexp.MustCompile(`^warden agent cli-host: gRPC on 127\.0\.0\.1:\d+, member heartbeats on udp 127\.0\.0\.1:\d+, managers \S+, data \S+ \(incarnation [0-9a-f]{16}\)\n$`).MatchString(line) {
		t.Fatalf("unexpected start line %q", line)
	}

	// The member is this binary as `warden monitor` on the assigned port (the agent's
	// environment, WARDEN_TEST_MAIN=1 included, is the member's).
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	one := uint32(1)
	_, err = m.types().RegisterType(ctx, &managerv1.RegisterTypeRequest{Type: &managerv1.MemberType{TypeId: "cli-member",
		Launch: &managerv1.LaunchSpec{Command: os.Args[0], Args: []string{"monitor", "--listen", "127.0.0.1:{{port}}",
			"--heartbeat-listen", "", "--location", "{{location}}", "--log-level", "error"}}}})
	if err != nil {
		t.Fatal(err)
	}
	waitUntil(t, "the agent to register", func() bool {
		r, err := managerv1.NewObjectGroupManagerClient(m.conn).ListLocations(ctx, &managerv1.ListLocationsRequest{})
		return err == nil && len(r.GetLocations()) == 1 && r.GetLocations()[0].GetName() == "cli-host"
	})
	factory := managerv1.NewGenericFactoryClient(m.conn)
	_, err = factory.CreateObject(ctx, &managerv1.CreateObjectRequest{TypeId: "cli-member", GroupId: "cli-group",
		Criteria: &managerv1.Properties{
			ReplicationStyle:     managerv1.ReplicationStyle_REPLICATION_STYLE_STATELESS,
			FaultMonitoringStyle: managerv1.FaultMonitoringStyle_FAULT_MONITORING_STYLE_NOT_MONITORED,
			InitialNumberMembers: &one, MinimumNumberMembers: &one,
			FaultMonitoringInterval: durationpb.New(200 * time.Millisecond),
			Factories:               &managerv1.Factories{Locations: []string{"cli-host"}},
		}})
	if err != nil {
		t.Fatal(err)
	}
	groups := managerv1.NewObjectGroupManagerClient(m.conn)
	var addr string
	waitUntil(t, "the member in the view", func() bool {
		r, err := groups.GetObjectGroupRef(ctx, &managerv1.GetObjectGroupRefRequest{GroupId: "cli-group"})
		if err != nil || len(r.GetView().GetMembers()) != 1 {
			return false
		}
		mem := r.GetView().GetMembers()[0]
		addr = mem.GetAddress()
		return mem.GetLocation() == "cli-host" && mem.GetState() == managerv1.MemberState_MEMBER_STATE_READY && addr != ""
	})
	c, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatalf("the member at %s: %v", addr, err)
	}
	c.Close()

	if _, err := factory.DeleteObject(ctx, &managerv1.DeleteObjectRequest{FactoryCreationId: "cli-group"}); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, "the member to stop", func() bool {
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err == nil {
			c.Close()
		}
		return err != nil
	})

	p.cmd.Process.Signal(syscall.SIGTERM)
	<-drained // the whole log, before Wait closes the pipe
	if err := p.cmd.Wait(); err != nil {
		t.Fatalf("agent exit on SIGTERM: %v\n%s", err, logs.String())
	}
	if !strings.Contains(logs.String(), `msg="agent: stopped"`) {
		t.Errorf("the agent's log does not end with its stop:\n%s", logs.String())
	}
}

// drain reads r to its end into buf.
func drain(r io.Reader, buf *lockedBuffer) {
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		buf.write(sc.Text() + "\n")
	}
}

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) write(s string) {
	l.mu.Lock()
	l.b.WriteString(s)
	l.mu.Unlock()
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
