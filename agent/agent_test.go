package agent_test

import (
	"context"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/durationpb"

	"github.com/wardenft/warden/agent"
	pb "github.com/wardenft/warden/api/warden/manager/v1"
	notifyv1 "github.com/wardenft/warden/api/warden/notify/v1"
)

const (
	pull         = pb.FaultMonitoringStyle_FAULT_MONITORING_STYLE_PULL
	push         = pb.FaultMonitoringStyle_FAULT_MONITORING_STYLE_PUSH
	notMonitored = pb.FaultMonitoringStyle_FAULT_MONITORING_STYLE_NOT_MONITORED
	ready        = pb.ActualState_ACTUAL_STATE_READY
	exited       = pb.ActualState_ACTUAL_STATE_EXITED
)

// An infrastructure-controlled STATELESS group made with GenericFactory.CreateObject: the
// agent starts its member with every placeholder substituted, reports it READY once its
// health check passes, and stops it (SIGTERM) when the group is deleted.
func TestMemberStartsReadyAndStopsOnDelete(t *testing.T) {
	t.Parallel()
	u := unique()
	loc, group := u("basic-host"), u("basic")
	a := startAgent(t, loc, nil)

	// The command records the placeholders and the WARDEN_ environment in its working
	// directory (its data dir), then becomes the echo server (exec: the same process).
	script := `printf '%s\n' "{{member}} {{group}} {{type}} {{location}} {{creation_id}} {{port}} {{data_dir}} $EXTRA" > vars.txt
env | grep '^WARDEN_' | sort > env.txt
exec "$0" --listen 127.0.0.1:{{port}} --member {{member}} --location {{location}}`
	registerType(t, "basic-echo", &pb.LaunchSpec{Command: "/bin/sh", Args: []string{"-c", script, echoBin},
		Env: []*pb.EnvVar{{Name: "EXTRA", Value: "{{group}}:{{member}}"}}})
	criteria := props(loc, pull, 200*time.Millisecond, 500*time.Millisecond)
	criteria.MembershipStyle = pb.MembershipStyle_MEMBERSHIP_STYLE_INFRASTRUCTURE_CONTROLLED
	createGroup(t, "basic-echo", group, criteria)
	createMember(t, group, loc)

	e, next := a.rec.wait(t, 0, "the member to be ready", isKind(agent.EventMemberReady, group))
	m, _ := a.member(group)
	if m.State != ready || m.Address == "" || m.Address != e.Status || m.PID == 0 || m.ID.Member != "m"+strconv.FormatUint(m.ID.CreationID, 10) {
		t.Fatalf("member %+v, want READY with an address and a pid", m)
	}
	if r := echo(t, m.Address); r.Member != m.ID.Member || r.Location != loc || int(r.Pid) != m.PID {
		t.Errorf("Echo answered %v; want member %s at %s, pid %d", r, m.ID.Member, loc, m.PID)
	}
	_, port, _ := strings.Cut(m.Address, ":")
	vars, err := os.ReadFile(filepath.Join(m.DataDir, "vars.txt"))
	if err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprintf("%s %s basic-echo %s %d %s %s %s:%s\n", m.ID.Member, group, loc, m.ID.CreationID, port, m.DataDir, group, m.ID.Member)
	if string(vars) != want {
		t.Errorf("placeholders substituted as\n%q, want\n%q", vars, want)
	}
	env, err := os.ReadFile(filepath.Join(m.DataDir, "env.txt"))
	if err != nil {
		t.Fatal(err)
	}
	for _, kv := range []string{"WARDEN_MEMBER=" + m.ID.Member, "WARDEN_GROUP=" + group, "WARDEN_LOCATION=" + loc,
		"WARDEN_TYPE=basic-echo", "WARDEN_PORT=" + port, "WARDEN_DATA_DIR=" + m.DataDir,
		"WARDEN_CREATION_ID=" + strconv.FormatUint(m.ID.CreationID, 10), "WARDEN_MANAGERS=" + managerAddr} {
		if !strings.Contains(string(env), kv+"\n") {
			t.Errorf("member environment lacks %s:\n%s", kv, env)
		}
	}
	if strings.Contains(string(env), "WARDEN_HEARTBEAT_ADDR") {
		t.Errorf("a PULL member was given a heartbeat address:\n%s", env)
	}

	deleteGroup(t, group)
	e, _ = a.rec.wait(t, next, "the member to exit", isKind(agent.EventMemberExited, group))
	if !strings.HasPrefix(e.Status, "exit 0 (stopped by the agent: not desired)") {
		t.Errorf("exit status %q; want a graceful exit on SIGTERM", e.Status)
	}
	a.rec.wait(t, next, "the member to be forgotten", isKind(agent.EventMemberForgotten, group))
	if alive(m.PID) {
		t.Errorf("pid %d still runs", m.PID)
	}
	if _, err := os.Stat(m.DataDir); !os.IsNotExist(err) {
		t.Errorf("data dir %s not removed: %v", m.DataDir, err)
	}
	agentDir := filepath.Dir(filepath.Dir(filepath.Dir(m.DataDir))) // <agent>/members/<group>/<member>
	if kept, _ := filepath.Glob(filepath.Join(agentDir, "removed-logs", "*."+group+"."+m.ID.Member+".log")); len(kept) != 1 {
		t.Errorf("the forgotten member's log: %v in removed-logs, want one file", kept)
	}
	if _, err := os.Stat(filepath.Join(agentDir, "logs", group)); !os.IsNotExist(err) {
		t.Errorf("logs/%s still there: %v", group, err)
	}
	if len(a.membersOf(group)) != 0 {
		t.Errorf("members left: %+v", a.membersOf(group))
	}
	reconciled := 0
	for _, e := range a.rec.all() {
		if e.Kind == agent.EventFaultQueued {
			t.Errorf("a fault was reported: %v", e)
		}
		if e.Kind == agent.EventReconciled {
			reconciled++
		}
	}
	// One after the registration, one per change of the desired set or of the member's state
	// (and one more where those overlap): not a reconciliation per heartbeat, nor a storm
	// while a member stops.
	if reconciled > 12 {
		t.Errorf("%d reconciliations:\n%s", reconciled, a.rec.dump())
	}
}

// A member SIGKILLed is a certain crash, reported at once with its exit status; it is not
// restarted (its creation ran here once), and stays EXITED while the manager wants it.
func TestProcessExitIsReported(t *testing.T) {
	t.Parallel()
	u := unique()
	loc, group := u("crash-host"), u("crash")
	a := startAgent(t, loc, nil)
	registerType(t, "crash-echo", echoLaunch())
	createGroup(t, "crash-echo", group, props(loc, notMonitored, 200*time.Millisecond, 500*time.Millisecond))
	createMember(t, group, loc)
	_, next := a.rec.wait(t, 0, "the member to be ready", isKind(agent.EventMemberReady, group))
	m, _ := a.member(group)

	if err := syscall.Kill(m.PID, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	e, next := a.rec.wait(t, next, "a fault", isKind(agent.EventFaultQueued, group))
	f := e.Fault
	if f.GetKind() != "ObjectCrashFault" || f.GetDetector() != "process" || f.GetSeverity() != notifyv1.Severity_SEVERITY_CRITICAL ||
		f.GetLocation() != loc || f.GetTypeId() != "crash-echo" || f.GetObjectGroupId() != group || f.GetMember() != m.ID.Member ||
		f.GetId() == "" || f.GetTime() == nil {
		t.Errorf("fault %v", f)
	}
	for k, v := range map[string]string{"certain": "true", "creation_id": strconv.FormatUint(m.ID.CreationID, 10),
		"exit_status": "signal SIGKILL", "pid": strconv.Itoa(m.PID)} {
		if f.GetEvidence()[k] != v {
			t.Errorf("evidence[%s] = %q, want %q (all: %v)", k, f.GetEvidence()[k], v, f.GetEvidence())
		}
	}
	e, next = a.rec.wait(t, next, "the exit", isKind(agent.EventMemberExited, group))
	if e.Status != "signal SIGKILL" {
		t.Errorf("exit status %q, want signal SIGKILL", e.Status)
	}
	// The exit is reported to the manager; the desired set still holds the member: it is not
	// started again.
	a.rec.wait(t, next, "a reconciliation after the exit", isKind(agent.EventReconciled, ""))
	if ms := a.membersOf(group); len(ms) != 1 || ms[0].State != exited || ms[0].ExitStatus != "signal SIGKILL" {
		t.Errorf("members %+v, want the one EXITED", ms)
	}
	for _, e := range a.rec.all() {
		if e.Kind == agent.EventMemberStarted && e.Member.Group == group && e.Member != m.ID {
			t.Errorf("a member was started again: %v", e)
		}
	}

	t.Run("manager records the fault", func(t *testing.T) {
		e, _ := a.rec.wait(t, 0, "the fault report", func(e agent.Event) bool {
			return (e.Kind == agent.EventFaultReported || e.Kind == agent.EventFaultReportFailed) && e.Fault.GetId() == f.GetId()
		})
		if e.Kind == agent.EventFaultReportFailed {
			if status.Code(e.Err) == codes.Unimplemented {
				t.Skipf("the manager's ReportFault is not implemented yet (%v); the agent keeps the event and retries", e.Err)
			}
			e, _ = a.rec.wait(t, 0, "the fault to be acknowledged", func(e agent.Event) bool {
				return e.Kind == agent.EventFaultReported && e.Fault.GetId() == f.GetId()
			})
		}
		notifier := notifyv1.NewFaultNotifierClient(managerConn)
		eventually(t, "the fault in the manager's history", func() bool {
			r, err := notifier.QueryHistory(ctxT(t, 5*time.Second), &notifyv1.QueryHistoryRequest{Filter: fmt.Sprintf("event.id == %q", f.GetId())})
			if status.Code(err) == codes.Unimplemented {
				t.Skipf("the manager hosts no FaultNotifier history yet: %v", err)
			}
			return err == nil && len(r.GetEvents()) == 1 && r.GetEvents()[0].GetKind() == "ObjectCrashFault"
		})
	})
}

// A PULL member that is SIGSTOPped fails its health checks: one failure is an omission, three
// in a row a crash; the agent reports it and kills it, so SIGCONT cannot bring it back, and
// its slot holds no second member.
func TestStoppedMemberIsKilledPull(t *testing.T) {
	t.Parallel()
	u := unique()
	loc, group := u("pull-host"), u("pull")
	a := startAgent(t, loc, nil)
	registerType(t, "pull-echo", echoLaunch())
	createGroup(t, "pull-echo", group, props(loc, pull, 200*time.Millisecond, 500*time.Millisecond))
	createMember(t, group, loc)
	_, next := a.rec.wait(t, 0, "the member to be ready", isKind(agent.EventMemberReady, group))
	m, _ := a.member(group)

	if err := syscall.Kill(m.PID, syscall.SIGSTOP); err != nil {
		t.Fatal(err)
	}
	isFault := func(kind string) func(agent.Event) bool {
		return func(e agent.Event) bool {
			return e.Kind == agent.EventFaultQueued && e.Member.Group == group && e.Fault.GetKind() == kind
		}
	}
	e, omitted := a.rec.wait(t, next, "an omission", isFault("OmissionFault"))
	if e.Fault.GetDetector() != "grpc-health" {
		t.Errorf("omission %v", e.Fault)
	}
	e, next = a.rec.wait(t, next, "a crash", isFault("ObjectCrashFault"))
	if next < omitted {
		t.Errorf("the crash came before any omission")
	}
	f := e.Fault
	if f.GetKind() != "ObjectCrashFault" || f.GetDetector() != "grpc-health" || f.GetEvidence()["action"] != "killed" ||
		f.GetEvidence()["certain"] != "false" || f.GetEvidence()["omissions"] != "3" {
		t.Errorf("fault %v, want a judged crash after 3 omissions, killed", f)
	}
	e, _ = a.rec.wait(t, next, "the exit", isKind(agent.EventMemberExited, group))
	if !strings.HasPrefix(e.Status, "signal SIGKILL (killed by the agent: grpc-health judged it crashed)") {
		t.Errorf("exit status %q", e.Status)
	}
	if err := syscall.Kill(m.PID, syscall.SIGCONT); err == nil && alive(m.PID) {
		t.Errorf("pid %d continues after SIGCONT", m.PID)
	}
	a.rec.wait(t, next, "a reconciliation after the kill", isKind(agent.EventReconciled, ""))
	if ms := a.membersOf(group); len(ms) != 1 || ms[0].State != exited {
		t.Errorf("members %+v, want the one EXITED", ms)
	}
	for _, e := range a.rec.all() {
		if e.Kind == agent.EventFaultQueued && e.Member.Group == group && e.Fault.GetDetector() == "process" {
			t.Errorf("the agent's own kill was reported as a second fault: %v", e)
		}
	}
}

// A PUSH member heartbeats to the agent (WARDEN_HEARTBEAT_ADDR): ready on its first
// heartbeat, killed once it is silent for its FaultMonitoringTimeout.
func TestStoppedMemberIsKilledPush(t *testing.T) {
	t.Parallel()
	u := unique()
	loc, group := u("push-host"), u("push")
	a := startAgent(t, loc, nil)
	registerType(t, "push-echo", echoLaunch())
	createGroup(t, "push-echo", group, props(loc, push, 100*time.Millisecond, time.Second))
	createMember(t, group, loc)
	_, next := a.rec.wait(t, 0, "the member to be ready", isKind(agent.EventMemberReady, group))
	m, _ := a.member(group)

	if err := syscall.Kill(m.PID, syscall.SIGSTOP); err != nil {
		t.Fatal(err)
	}
	e, next := a.rec.wait(t, next, "a crash", func(e agent.Event) bool {
		return e.Kind == agent.EventFaultQueued && e.Member.Group == group && e.Fault.GetKind() == "ObjectCrashFault"
	})
	f := e.Fault
	if f.GetDetector() != "heartbeat-timeout" || f.GetEvidence()["action"] != "killed" {
		t.Errorf("fault %v, want a heartbeat timeout, killed", f)
	}
	if s, err := time.ParseDuration(f.GetEvidence()["silence"]); err != nil || s < time.Second {
		t.Errorf("silence %q, want at least the 1s timeout", f.GetEvidence()["silence"])
	}
	e, _ = a.rec.wait(t, next, "the exit", isKind(agent.EventMemberExited, group))
	if !strings.HasPrefix(e.Status, "signal SIGKILL (killed by the agent") {
		t.Errorf("exit status %q", e.Status)
	}
	if alive(m.PID) {
		t.Errorf("pid %d still runs", m.PID)
	}
}

// Launch specs that cannot run: the member is EXITED with the error (or the exit status) and
// a fault is reported.
func TestBadLaunchSpecs(t *testing.T) {
	t.Parallel()
	u := unique()
	loc := u("bad-host")
	a := startAgent(t, loc, nil)
	for _, tc := range []struct {
		group    string
		launch   *pb.LaunchSpec
		status   string
		detector string
	}{
		{"bad-path", &pb.LaunchSpec{Command: "/nonexistent/warden-agent-test"},
			"start: fork/exec /nonexistent/warden-agent-test: no such file or directory", "agent-start"},
		{"bad-name", &pb.LaunchSpec{Command: "warden-agent-test-no-such-command"},
			`start: exec: "warden-agent-test-no-such-command": executable file not found in $PATH`, "agent-start"},
		{"bad-exit", &pb.LaunchSpec{Command: "/bin/sh", Args: []string{"-c", "exit 3"}}, "exit 3", "process"},
	} {
		typeID := tc.group + "-type"
		tc.group = u(tc.group)
		registerType(t, typeID, tc.launch)
		createGroup(t, typeID, tc.group, props(loc, pull, 200*time.Millisecond, 300*time.Millisecond))
		createMember(t, tc.group, loc)
		e, _ := a.rec.wait(t, 0, tc.group+" to exit", isKind(agent.EventMemberExited, tc.group))
		if e.Status != tc.status {
			t.Errorf("%s: exit status %q, want %q", tc.group, e.Status, tc.status)
		}
		e, _ = a.rec.wait(t, 0, tc.group+"'s fault", isKind(agent.EventFaultQueued, tc.group))
		if e.Fault.GetKind() != "ObjectCrashFault" || e.Fault.GetDetector() != tc.detector || e.Fault.GetEvidence()["exit_status"] != tc.status {
			t.Errorf("%s: fault %v", tc.group, e.Fault)
		}
		if ms := a.membersOf(tc.group); len(ms) != 1 || ms[0].State != exited || ms[0].ExitStatus != tc.status {
			t.Errorf("%s: members %+v", tc.group, ms)
		}
	}
}

// With the managers away the members keep running and their faults wait; on reconnect the
// agent registers again (same incarnation), stops the member of a group deleted meanwhile,
// and reports the fault.
func TestManagersAwayThenOrphansStopped(t *testing.T) {
	t.Parallel()
	u := unique()
	loc := u("away-host")
	p := newProxy(t, managerAddr)
	a := startAgent(t, loc, nil, p.addr())
	registerType(t, "away-echo", echoLaunch())
	keepG, delG := u("away-keep"), u("away-del")
	for _, g := range []string{keepG, delG} {
		createGroup(t, "away-echo", g, props(loc, notMonitored, 200*time.Millisecond, 300*time.Millisecond))
		createMember(t, g, loc)
		a.rec.wait(t, 0, g+" to be ready", isKind(agent.EventMemberReady, g))
	}
	keep, _ := a.member(keepG)
	del, _ := a.member(delG)

	p.setCut(true)
	_, next := a.rec.wait(t, 0, "the session to end", isKind(agent.EventSessionEnded, ""))
	deleteGroup(t, delG)
	if err := syscall.Kill(keep.PID, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	e, _ := a.rec.wait(t, next, "the fault", isKind(agent.EventFaultQueued, keepG))
	faultID := e.Fault.GetId()
	// Two more failed attempts to reach a manager: the deleted group's member still runs.
	_, next = a.rec.wait(t, next, "a failed reconnection", isKind(agent.EventSessionEnded, ""))
	_, next = a.rec.wait(t, next, "a failed reconnection", isKind(agent.EventSessionEnded, ""))
	if m, _ := a.member(delG); m.State != ready || !alive(del.PID) {
		t.Fatalf("with the managers away, the member of the deleted group is %+v (alive %v)", m, alive(del.PID))
	}

	p.setCut(false)
	e, next = a.rec.wait(t, next, "registration", isKind(agent.EventRegistered, ""))
	a.rec.wait(t, next, "the orphan to be forgotten", isKind(agent.EventMemberForgotten, delG))
	if alive(del.PID) {
		t.Errorf("orphan pid %d still runs", del.PID)
	}
	a.rec.wait(t, next, "the fault sent", func(e agent.Event) bool {
		return (e.Kind == agent.EventFaultReported || e.Kind == agent.EventFaultReportFailed) && e.Fault.GetId() == faultID
	})
	if a.Incarnation() == 0 {
		t.Error("zero incarnation")
	}
}

// A COLD_PASSIVE backup's member is held: HELD is reported, no process runs.
func TestHeldMemberIsReportedHeld(t *testing.T) {
	t.Parallel()
	u := unique()
	loc, group := u("hold-host"), u("hold")
	a := startAgent(t, loc, nil)
	registerType(t, "hold-echo", echoLaunch())
	criteria := props(loc, pull, 200*time.Millisecond, 300*time.Millisecond)
	criteria.ReplicationStyle = pb.ReplicationStyle_REPLICATION_STYLE_COLD_PASSIVE
	criteria.Factories.Locations = append(criteria.Factories.Locations, "hold-elsewhere")
	createGroup(t, "hold-echo", group, criteria)
	// The primary is an object started outside the manager, at a location with no agent here.
	_, err := pb.NewAgentServiceClient(managerConn).Register(ctxT(t, 20*time.Second),
		&pb.RegisterRequest{Location: "hold-elsewhere", AgentAddress: "127.0.0.1:1", Incarnation: 1})
	if err != nil {
		t.Fatal(err)
	}
	_, err = pb.NewObjectGroupManagerClient(managerConn).AddMember(ctxT(t, 20*time.Second), &pb.AddMemberRequest{GroupId: group,
		Member: &pb.AddMemberRequest_External{External: &pb.ExternalMember{Location: "hold-elsewhere", Address: "127.0.0.1:1"}}})
	if err != nil {
		t.Fatalf("add the primary: %v", err)
	}
	createMember(t, group, loc)
	a.rec.wait(t, 0, "the member to be held", isKind(agent.EventMemberHeld, group))
	if ms := a.membersOf(group); len(ms) != 1 || ms[0].State != pb.ActualState_ACTUAL_STATE_HELD || ms[0].PID != 0 || ms[0].Role != pb.DesiredRole_DESIRED_ROLE_HOLD {
		t.Errorf("members %+v, want one HELD", ms)
	}
	deleteGroup(t, group)
	a.rec.wait(t, 0, "the held member to be forgotten", isKind(agent.EventMemberForgotten, group))
}

// An agent process SIGKILLed takes its members with it (PR_SET_PDEATHSIG); what a member
// started itself survives, and the next agent on the same data dir kills it, reports the
// member lost, and does not start that creation again.
func TestKilledAgentAndItsRestart(t *testing.T) {
	t.Parallel()
	u := unique()
	loc, group := u("killed-host"), u("killed")
	dir := t.TempDir()
	// The member is a shell that starts the echo server in the background: the shell gets
	// the parent-death signal, the echo server (its child) does not.
	registerType(t, "killed-echo", &pb.LaunchSpec{Command: "/bin/sh",
		Args: []string{"-c", `"$0" --listen 127.0.0.1:{{port}} & echo $! > grandchild.pid; wait`, echoBin}})
	createGroup(t, "killed-echo", group, props(loc, notMonitored, 200*time.Millisecond, 300*time.Millisecond))
	c1 := startChildAgent(t, childConfig{Location: loc, Manager: managerAddr, DataDir: dir})
	c1.wait(t, "registered", "")
	createMember(t, group, loc)
	e := c1.wait(t, "member-started", group)
	shPID, err := strconv.Atoi(strings.TrimPrefix(e.status, "pid "))
	if err != nil {
		t.Fatalf("started event %+v", e)
	}
	c1.wait(t, "member-ready", group)
	b, err := os.ReadFile(filepath.Join(dir, "members", group, e.member, "grandchild.pid"))
	if err != nil {
		t.Fatal(err)
	}
	gcPID, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil {
		t.Fatal(err)
	}

	c1.cmd.Process.Kill()
	<-c1.done
	eventually(t, "the member to die with its agent", func() bool { return !alive(shPID) })
	if !alive(gcPID) {
		t.Fatalf("the member's own child %d died too: nothing left for the next agent to find", gcPID)
	}

	c2 := startChildAgent(t, childConfig{Location: loc, Manager: managerAddr, DataDir: dir})
	e = c2.wait(t, "member-exited", group)
	if !strings.HasPrefix(e.status, fmt.Sprintf("lost: the agent restarted (it ran as pid %d under incarnation ", shPID)) {
		t.Errorf("the restarted agent reports %q", e.status)
	}
	eventually(t, "the leftover process to be killed", func() bool { return !alive(gcPID) })
	for {
		e := c2.wait(t, "", "")
		if e.kind == "member-started" {
			t.Fatalf("the restarted agent started %s/%s again", e.group, e.member)
		}
		if e.kind == "reconciled" {
			break
		}
	}
}

// An agent given only a follower's address registers through it (a follower forwards the
// write), is sent to the leader by the NOT_LEADER answer to its heartbeats, and runs its
// members from there.
func TestFollowsTheLeader(t *testing.T) {
	t.Parallel()
	u := unique()
	loc, group := u("follow-host"), u("follow")
	leader := startNode(t, "")
	f1 := startNode(t, leader.addr)
	f2 := startNode(t, leader.addr)
	for _, n := range []*testNode{f1, f2} {
		eventually(t, "the follower to know the leader's API address", func() bool {
			_, api := n.n.Leader()
			return api == leader.addr
		})
	}
	a := startAgent(t, loc, nil, f1.addr, f2.addr)
	a.rec.wait(t, 0, "a session with the leader", func(e agent.Event) bool {
		return e.Kind == agent.EventReconciled && e.Manager == leader.addr
	})

	conn := leader.conn
	_, err := pb.NewTypeRegistryClient(conn).RegisterType(ctxT(t, 20*time.Second),
		&pb.RegisterTypeRequest{Type: &pb.MemberType{TypeId: "follow-echo", Launch: echoLaunch()}})
	if err != nil {
		t.Fatal(err)
	}
	_, err = pb.NewGenericFactoryClient(conn).CreateObject(ctxT(t, 20*time.Second), &pb.CreateObjectRequest{TypeId: "follow-echo",
		GroupId: group, Criteria: props(loc, notMonitored, 200*time.Millisecond, 300*time.Millisecond)})
	if err != nil {
		t.Fatal(err)
	}
	_, err = pb.NewObjectGroupManagerClient(conn).CreateMember(ctxT(t, 20*time.Second), &pb.CreateMemberRequest{GroupId: group, Location: loc})
	if err != nil {
		t.Fatal(err)
	}
	a.rec.wait(t, 0, "the member to be ready", isKind(agent.EventMemberReady, group))
	for _, e := range a.rec.all() {
		if e.Kind == agent.EventReconciled && e.Manager != leader.addr {
			t.Errorf("reconciled with a follower: %v", e)
		}
	}
}

// fakeManager is an AgentService whose ReportFault answers UNIMPLEMENTED a number of times
// before it takes the events, as the manager did before fault reports existed.
type fakeManager struct {
	pb.UnimplementedAgentServiceServer
	desired []*pb.DesiredMember
	mu      sync.Mutex
	refuse  int      // ReportFault calls still to refuse
	calls   []string // the event ids of every ReportFault call, joined
}

func (f *fakeManager) Register(context.Context, *pb.RegisterRequest) (*pb.RegisterResponse, error) {
	return &pb.RegisterResponse{HeartbeatInterval: durationpb.New(100 * time.Millisecond), DesiredVersion: 1}, nil
}

func (f *fakeManager) Heartbeat(stream grpc.BidiStreamingServer[pb.HeartbeatRequest, pb.HeartbeatResponse]) error {
	for {
		r, err := stream.Recv()
		if err != nil {
			return nil
		}
		if err := stream.Send(&pb.HeartbeatResponse{Seq: r.GetSeq(), DesiredVersion: 1}); err != nil {
			return err
		}
	}
}

func (f *fakeManager) Reconcile(context.Context, *pb.ReconcileRequest) (*pb.ReconcileResponse, error) {
	return &pb.ReconcileResponse{Desired: f.desired, DesiredVersion: 1}, nil
}

func (f *fakeManager) ReportFault(_ context.Context, r *pb.ReportFaultRequest) (*pb.ReportFaultResponse, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var ids []string
	for _, e := range r.GetEvents() {
		ids = append(ids, e.GetId())
	}
	f.calls = append(f.calls, strings.Join(ids, ","))
	if f.refuse > 0 {
		f.refuse--
		return nil, status.Error(codes.Unimplemented, "method ReportFault not implemented")
	}
	return &pb.ReportFaultResponse{Ids: ids}, nil
}

// A manager that does not take fault reports yet: the agent keeps the event and sends it
// again, with the same id, until one is acknowledged.
func TestFaultReportsRetriedUntilAcknowledged(t *testing.T) {
	t.Parallel()
	const loc = "fake-host"
	fake := &fakeManager{refuse: 2, desired: []*pb.DesiredMember{{GroupId: "g1", MemberId: "m1", CreationId: 1, TypeId: "quitter",
		Role: pb.DesiredRole_DESIRED_ROLE_RUN, Launch: &pb.LaunchSpec{Command: "/bin/sh", Args: []string{"-c", "exit 2"}},
		Properties: &pb.Properties{FaultMonitoringStyle: notMonitored}}}}
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := grpc.NewServer()
	pb.RegisterAgentServiceServer(srv, fake)
	go srv.Serve(lis)
	t.Cleanup(srv.Stop)

	a := startAgent(t, loc, func(c *agent.Config) { c.ReconnectMin, c.ReconnectMax = 10*time.Millisecond, 50*time.Millisecond }, lis.Addr().String())
	e, next := a.rec.wait(t, 0, "the fault", isKind(agent.EventFaultQueued, "g1"))
	id := e.Fault.GetId()
	if e.Fault.GetEvidence()["exit_status"] != "exit 2" {
		t.Errorf("fault %v", e.Fault)
	}
	e, next = a.rec.wait(t, next, "a refused report", isKind(agent.EventFaultReportFailed, ""))
	if status.Code(e.Err) != codes.Unimplemented || e.Fault.GetId() != id {
		t.Errorf("failed report %v", e)
	}
	e, _ = a.rec.wait(t, next, "the report acknowledged", isKind(agent.EventFaultReported, ""))
	if e.Fault.GetId() != id {
		t.Errorf("acknowledged %v, want event %s", e.Fault, id)
	}
	fake.mu.Lock()
	calls := slices.Clone(fake.calls)
	fake.mu.Unlock()
	if len(calls) != 3 || calls[0] != id || calls[1] != id || calls[2] != id {
		t.Errorf("ReportFault calls %q; want three with event %s", calls, id)
	}
	if s := a.Stats(); s.FaultsQueued != 0 || s.FaultsDropped != 0 {
		t.Errorf("stats %+v", s)
	}
}

// A member that became ready in time outlives the start timeout: the start deadline judges
// only members still STARTING (it once killed every member StartTimeout after its start).
func TestReadyMemberOutlivesStartTimeout(t *testing.T) {
	t.Parallel()
	u := unique()
	loc, group := u("deadline-host"), u("deadline")
	const startTimeout = 2 * time.Second // long enough for the echo member to start under -race
	a := startAgent(t, loc, func(c *agent.Config) { c.StartTimeout = startTimeout })
	registerType(t, "deadline-echo", echoLaunch())
	criteria := props(loc, pull, 100*time.Millisecond, 500*time.Millisecond)
	criteria.MembershipStyle = pb.MembershipStyle_MEMBERSHIP_STYLE_INFRASTRUCTURE_CONTROLLED
	createGroup(t, "deadline-echo", group, criteria)
	createMember(t, group, loc)
	a.rec.wait(t, 0, "the member to be ready", isKind(agent.EventMemberReady, group))
	// Asserting that something does not happen: wait past the deadline (the member started
	// before it became ready), with a margin for the verdict to be handled.
	time.Sleep(startTimeout + startTimeout/4)
	if m, ok := a.member(group); !ok || m.State != ready {
		t.Fatalf("member %+v after the start timeout; want it READY", m)
	}
	for _, e := range a.rec.all() {
		if e.Kind == agent.EventFaultQueued || e.Kind == agent.EventMemberExited {
			t.Errorf("after the start timeout: %v", e)
		}
	}
}
