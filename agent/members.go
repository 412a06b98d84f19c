package agent

import (
	"cmp"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"google.golang.org/grpc"
	grpcbackoff "google.golang.org/grpc/backoff"

	pb "github.com/wardenft/warden/api/warden/manager/v1"
	"github.com/wardenft/warden/detect"
	"github.com/wardenft/warden/internal/names"
	"github.com/wardenft/warden/replica"
)

// Environment markers the agent gives every member, and so every process a member starts:
// the next incarnation of the agent on the same data dir finds leftovers by them.
const (
	markerDataDir     = "WARDEN_AGENT_DATA_DIR"
	markerIncarnation = "WARDEN_AGENT_INCARNATION"
)

// member is one member incarnation the agent knows: running, held, or exited and not yet
// forgotten. Guarded by Agent.mu.
type member struct {
	id      MemberID
	typeID  string
	desired *pb.DesiredMember // the latest desired entry
	role    pb.DesiredRole
	state   pb.ActualState

	address    string
	exitStatus string
	port       int
	dataDir    string
	logPath    string
	logFile    *os.File
	cmd        *exec.Cmd
	pid        int
	stopGrace  time.Duration
	style      pb.FaultMonitoringStyle
	cancel     context.CancelFunc // ends the member's monitors and timers
	exited     chan struct{}      // closed once the process's end is handled (or it never ran)

	stopping   bool   // the agent asked it to stop: its end is no fault
	stopReason string // why
	forget     bool   // remove from the table once the process is gone
	holdAfter  bool   // become HELD once the process is gone (RUN -> HOLD)
	killReason string // the agent killed it for a fault
	faulty     bool   // a fault other than a crash was reported and has not cleared
}

func (m *member) source() string { return m.id.String() }

func (m *member) running() bool {
	return m.state == pb.ActualState_ACTUAL_STATE_STARTING || m.state == pb.ActualState_ACTUAL_STATE_READY
}

func (m *member) epoch() uint64 { return m.desired.GetView().GetEpoch() }

func idOf(d *pb.DesiredMember) MemberID {
	return MemberID{Group: d.GetGroupId(), Member: d.GetMemberId(), CreationID: d.GetCreationId()}
}

func sortMembers[T any](s []T, id func(T) MemberID) {
	slices.SortFunc(s, func(a, b T) int {
		x, y := id(a), id(b)
		return cmp.Or(strings.Compare(x.Group, y.Group), cmp.Compare(x.CreationID, y.CreationID), strings.Compare(x.Member, y.Member))
	})
}

// monitoring returns a member's fault monitoring style, interval and timeout from its group's
// resolved properties, with the manager's built-in defaults where a field is missing.
func monitoring(p *pb.Properties) (pb.FaultMonitoringStyle, time.Duration, time.Duration) {
	style := p.GetFaultMonitoringStyle()
	if style == pb.FaultMonitoringStyle_FAULT_MONITORING_STYLE_UNSPECIFIED {
		style = pb.FaultMonitoringStyle_FAULT_MONITORING_STYLE_PULL
	}
	interval, timeout := time.Second, 500*time.Millisecond
	if d := p.GetFaultMonitoringInterval(); d != nil && d.AsDuration() > 0 {
		interval = d.AsDuration()
	}
	if d := p.GetFaultMonitoringTimeout(); d != nil && d.AsDuration() > 0 {
		timeout = d.AsDuration()
	}
	return style, interval, timeout
}

// pathComponent checks that a group or member id is safe as one path component.
func pathComponent(s string) error {
	if err := names.Valid(s); err != nil {
		return err
	}
	if s == "." || s == ".." {
		return fmt.Errorf("%q is not a usable directory name", s)
	}
	return nil
}

// applyDesired reconciles the member table with what the manager wants at this location:
// it starts what is desired and not known, holds what is to be held, and stops and forgets
// what is known and not desired (orphans). A member that exited stays EXITED while it is
// desired: a creation runs at most once here, and the manager replaces it.
func (a *Agent) applyDesired(desired []*pb.DesiredMember) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.stopping {
		return
	}
	want := make(map[MemberID]*pb.DesiredMember, len(desired))
	for _, d := range desired {
		want[idOf(d)] = d
	}
	changed := false
	for id, m := range a.members {
		if _, ok := want[id]; ok || m.forget {
			continue // desired, or already being stopped to be forgotten
		}
		changed = true
		if m.running() {
			m.forget = true
			a.stopLocked(m, "not desired")
			continue
		}
		a.forgetLocked(m)
	}
	for _, d := range desired {
		id := idOf(d)
		m := a.members[id]
		switch d.GetRole() {
		case pb.DesiredRole_DESIRED_ROLE_RUN:
			switch {
			case m == nil:
				a.startLocked(d, nil)
				changed = true
			case m.state == pb.ActualState_ACTUAL_STATE_HELD:
				a.startLocked(d, m)
				changed = true
			default:
				m.desired, m.typeID = d, d.GetTypeId()
				m.holdAfter = false
			}
		case pb.DesiredRole_DESIRED_ROLE_HOLD:
			switch {
			case m == nil:
				a.holdLocked(d, nil)
				changed = true
			case m.running():
				m.desired, m.role, m.holdAfter = d, d.GetRole(), true
				a.stopLocked(m, "to be held")
			case m.state == pb.ActualState_ACTUAL_STATE_EXITED:
				a.holdLocked(d, m)
				changed = true
			default:
				m.desired = d
			}
		default:
			a.log.Warn("agent: desired member with an unknown role ignored", "group", id.Group, "member", id.Member, "role", d.GetRole())
		}
	}
	if changed {
		a.saveStateOrLogLocked()
		a.requestReconcile()
	}
}

// holdLocked makes m a held member: a COLD_PASSIVE backup whose log holder (the primary's
// checkpoints and log, durable under <data dir>/holder) this agent serves at its own address,
// which it reports. A holder that cannot be opened (a damaged store) leaves the member EXITED
// with the error: the manager replaces it.
func (a *Agent) holdLocked(d *pb.DesiredMember, m *member) {
	if m == nil {
		m = &member{id: idOf(d), exited: closedChan()}
		a.members[m.id] = m
	}
	m.desired, m.typeID, m.role = d, d.GetTypeId(), d.GetRole()
	m.state, m.exitStatus, m.address = pb.ActualState_ACTUAL_STATE_HELD, "", ""
	log := a.memberLog(m)
	fail := func(status string) {
		m.state, m.exitStatus = pb.ActualState_ACTUAL_STATE_EXITED, status
		log.Error("agent: cannot hold the member's log", "exit_status", status)
		a.emit(Event{Kind: EventMemberExited, Member: m.id, Status: status})
	}
	if err := pathComponent(m.id.Group); err != nil {
		fail("bad group id: " + err.Error())
		return
	}
	if err := pathComponent(m.id.Member); err != nil {
		fail("bad member id: " + err.Error())
		return
	}
	m.dataDir = filepath.Join(a.dataDir, "members", m.id.Group, m.id.Member)
	if err := a.holders.Hold(m.id.Group, m.id.Member, holderDir(m.dataDir)); err != nil {
		fail("hold: " + err.Error())
		return
	}
	m.address = a.Addr()
	log.Info("agent: holding member", "address", m.address)
	a.emit(Event{Kind: EventMemberHeld, Member: m.id})
}

// holderDir is where the log holder of a member keeps its store: under the member's data dir,
// so that the member started there on promotion finds it (WARDEN_RESTORE_DIR).
func holderDir(memberDir string) string { return filepath.Join(memberDir, "holder") }

// startLocked starts the member d describes (into m when it is known, held). A launch that
// fails leaves the member EXITED with the error as its exit status, and reports a fault.
func (a *Agent) startLocked(d *pb.DesiredMember, m *member) {
	id := idOf(d)
	takeover := m != nil && m.state == pb.ActualState_ACTUAL_STATE_HELD
	if m == nil {
		m = &member{id: id}
		a.members[id] = m
	}
	m.desired, m.typeID, m.role = d, d.GetTypeId(), pb.DesiredRole_DESIRED_ROLE_RUN
	m.stopping, m.forget, m.holdAfter, m.killReason, m.faulty, m.stopReason = false, false, false, "", false, ""
	m.exited = make(chan struct{})
	var interval, timeout time.Duration
	m.style, interval, timeout = monitoring(d.GetProperties())
	log := a.memberLog(m)

	fail := func(status string) {
		m.state, m.exitStatus, m.address = pb.ActualState_ACTUAL_STATE_EXITED, status, ""
		if m.logFile != nil {
			m.logFile.Close()
			m.logFile = nil
		}
		delete(a.ports, m.port)
		close(m.exited)
		log.Error("agent: member did not start", "exit_status", status)
		now := a.clock.Now()
		a.queueFaultLocked(m, detect.Verdict{Source: m.source(), Detector: detectorStart, Kind: detect.KindFault,
			Semantics: detect.Crash, State: detect.StateFailed, Certain: true, At: now, Since: now,
			Evidence: detect.Evidence{Err: status}}, map[string]string{"exit_status": status})
		a.saveStateOrLogLocked()
		a.emit(Event{Kind: EventMemberExited, Member: id, Status: status})
	}
	if err := pathComponent(id.Group); err != nil {
		fail("bad group id: " + err.Error())
		return
	}
	if err := pathComponent(id.Member); err != nil {
		fail("bad member id: " + err.Error())
		return
	}
	var restoreDir string
	if takeover {
		// A promoted cold backup: fence its holder with the promoting view's epoch (durably,
		// so that the old primary gets nothing more acknowledged here) and let the member
		// restore from the holder's files.
		dir := holderDir(filepath.Join(a.dataDir, "members", id.Group, id.Member))
		st, err := a.holders.Takeover(id.Group, id.Member, d.GetView().GetEpoch())
		if err != nil {
			fail("takeover of the held log: " + err.Error())
			return
		}
		restoreDir = dir
		log.Info("agent: held log fenced for the takeover", "epoch", st.Epoch, "entries", len(st.Entries))
	}
	port, err := a.freePortLocked()
	if err != nil {
		fail("no free port: " + err.Error())
		return
	}
	m.port = port
	m.address = net.JoinHostPort(a.cfg.AdvertiseHost, strconv.Itoa(port))
	m.dataDir = filepath.Join(a.dataDir, "members", id.Group, id.Member)
	m.logPath = filepath.Join(a.dataDir, "logs", id.Group, id.Member+".log")
	for _, dir := range []string{m.dataDir, filepath.Dir(m.logPath)} {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			fail("data dir: " + err.Error())
			return
		}
	}
	l, err := buildLaunch(d.GetLaunch(), launchVars{Member: id.Member, Group: id.Group, Type: d.GetTypeId(),
		Location: a.cfg.Location, CreationID: id.CreationID, Port: port, DataDir: m.dataDir})
	if err != nil {
		fail("launch spec: " + err.Error())
		return
	}
	m.stopGrace = l.StopGrace
	if m.logFile, err = os.OpenFile(m.logPath, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644); err != nil {
		fail("output log: " + err.Error())
		return
	}
	cmd := exec.Command(l.Path, l.Args...)
	cmd.Dir = m.dataDir
	env := append(os.Environ(),
		"WARDEN_MEMBER="+id.Member, "WARDEN_GROUP="+id.Group, "WARDEN_TYPE="+d.GetTypeId(),
		"WARDEN_LOCATION="+a.cfg.Location, "WARDEN_CREATION_ID="+strconv.FormatUint(id.CreationID, 10),
		"WARDEN_PORT="+strconv.Itoa(port), "WARDEN_DATA_DIR="+m.dataDir,
		"WARDEN_MANAGERS="+strings.Join(a.cfg.Managers, ","))
	if ci := d.GetProperties().GetCheckpointInterval(); ci != nil && ci.AsDuration() > 0 {
		env = append(env, replica.EnvCheckpointInterval+"="+ci.AsDuration().String())
	}
	if restoreDir != "" {
		env = append(env, replica.EnvRestoreDir+"="+restoreDir)
	}
	push := m.style == pb.FaultMonitoringStyle_FAULT_MONITORING_STYLE_PUSH && a.push != nil
	if push {
		env = append(env, "WARDEN_HEARTBEAT_ADDR="+a.HeartbeatAddr(), "WARDEN_HEARTBEAT_INTERVAL="+interval.String(),
			"WARDEN_HEARTBEAT_SOURCE="+m.source())
	}
	env = append(env, l.Env...)
	cmd.Env = append(env, markerDataDir+"="+a.dataDir, markerIncarnation+"="+strconv.FormatUint(a.incarnation, 10))
	cmd.Stdout, cmd.Stderr = m.logFile, m.logFile
	cmd.SysProcAttr = sysProcAttr()

	// Record the intent first: if the agent dies between the fork and the next save, the next
	// incarnation still knows this creation ran.
	m.state, m.pid = pb.ActualState_ACTUAL_STATE_STARTING, 0
	a.saveStateOrLogLocked()
	if err := a.spawner.start(cmd); err != nil {
		fail("start: " + err.Error())
		return
	}
	m.cmd, m.pid = cmd, cmd.Process.Pid
	a.saveStateOrLogLocked()
	done, err := a.watcher.WatchCmd(m.source(), cmd)
	if err != nil { // cannot happen: cmd was started
		panic("agent: WatchCmd of a started command: " + err.Error())
	}
	go func() {
		v := <-done
		a.exits <- exitMsg{id: id, v: v}
	}()
	a.bySource[m.source()] = m

	ctx, cancel := context.WithCancel(a.memberCtx)
	m.cancel = cancel
	switch {
	case m.style == pb.FaultMonitoringStyle_FAULT_MONITORING_STYLE_PULL:
		if err := a.startPoller(ctx, m, d.GetLaunch().GetHealthService(), interval, timeout); err != nil {
			log.Error("agent: cannot poll the member's health; watching its process only", "err", err)
			go a.awaitConnect(ctx, m.source(), m.address)
		}
	case push:
		a.push.add(m.source(), timeout)
	default:
		if m.style == pb.FaultMonitoringStyle_FAULT_MONITORING_STYLE_PUSH {
			log.Warn("agent: push monitoring is off (no heartbeat address); watching the member's process only")
		}
		go a.awaitConnect(ctx, m.source(), m.address)
	}
	go a.startDeadline(ctx, m.source())
	log.Info("agent: started member", "pid", m.pid, "address", m.address, "command", l.Path, "monitoring", m.style.String())
	a.emit(Event{Kind: EventMemberStarted, Member: id, Status: "pid " + strconv.Itoa(m.pid)})
}

// freePortLocked picks a free TCP port: one the kernel hands out for a listener on every
// interface, not given to another running member. The member binds it a moment later; another
// process may take it in between, and the member then fails to start (and is reported).
func (a *Agent) freePortLocked() (int, error) {
	for range 10 {
		l, err := net.Listen("tcp", ":0")
		if err != nil {
			return 0, err
		}
		p := l.Addr().(*net.TCPAddr).Port
		l.Close()
		if !a.ports[p] {
			a.ports[p] = true
			return p, nil
		}
	}
	return 0, fmt.Errorf("the kernel kept handing out ports already given to members")
}

func (a *Agent) startPoller(ctx context.Context, m *member, service string, interval, timeout time.Duration) error {
	// gRPC's default reconnect backoff starts at 1s: a member that is not listening yet at
	// the first probe (it just started) would be seen READY a second late, which is a
	// second of failover for a promoted COLD_PASSIVE member. Reconnect within the interval.
	probe, err := detect.DialHealthProbe(m.address, service, grpc.WithConnectParams(grpc.ConnectParams{
		Backoff:           grpcbackoff.Config{BaseDelay: 10 * time.Millisecond, Multiplier: 1.6, Jitter: 0.2, MaxDelay: interval},
		MinConnectTimeout: max(timeout, 20*time.Millisecond)}))
	if err != nil {
		return err
	}
	p, err := detect.NewPoller(detect.PollConfig{Target: m.source(), Interval: interval, Timeout: timeout,
		TimingBound: timeout, CrashAfter: a.cfg.PullCrashAfter, Clock: a.clock}, probe)
	if err != nil {
		probe.Close()
		return err
	}
	p.Register(a.verdictObserver)
	go func() {
		p.Run(ctx)
		probe.Close()
	}()
	return nil
}

// awaitConnect makes a NOT_MONITORED member READY once its port accepts a TCP connection.
func (a *Agent) awaitConnect(ctx context.Context, source, addr string) {
	var d net.Dialer
	for {
		cctx, cancel := context.WithTimeout(ctx, time.Second)
		c, err := d.DialContext(cctx, "tcp", addr)
		cancel()
		if err == nil {
			c.Close()
			a.deliverVerdict(detect.Verdict{Source: source, Detector: detect.DetectorTCP, Kind: detect.KindUp,
				State: detect.StateAlive, At: a.clock.Now(), Evidence: detect.Evidence{Addr: addr}})
			return
		}
		if !a.sleep(ctx, 100*time.Millisecond) {
			return
		}
	}
}

// startDeadline judges a member that is still STARTING after Config.StartTimeout crashed.
func (a *Agent) startDeadline(ctx context.Context, source string) {
	started := a.clock.Now()
	if !a.sleep(ctx, a.cfg.StartTimeout) {
		return
	}
	now := a.clock.Now()
	v := detect.Verdict{Source: source, Detector: detectorStart, Kind: detect.KindFault, Semantics: detect.Crash,
		State: detect.StateFailed, At: now, Since: started,
		Evidence: detect.Evidence{Bound: a.cfg.StartTimeout, Err: "not ready within the start timeout"}}
	select {
	case a.verdicts <- v:
	case <-ctx.Done():
	}
}

// stopLocked asks a running member to stop: SIGTERM to its process group, SIGKILL after its
// stop grace period. Its end is then no fault.
func (a *Agent) stopLocked(m *member, reason string) {
	if m.stopping || m.cmd == nil {
		return
	}
	m.stopping, m.stopReason = true, reason
	a.memberLog(m).Info("agent: stopping member", "reason", reason, "pid", m.pid, "grace", m.stopGrace)
	proc, pgid, exited, grace := m.cmd.Process, m.pid, m.exited, m.stopGrace
	if err := terminate(proc, pgid); err != nil {
		a.memberLog(m).Warn("agent: SIGTERM failed", "err", err)
	}
	go func() {
		t := a.clock.NewTimer(grace)
		select {
		case <-exited:
			t.Stop()
		case <-t.C():
			if err := kill(proc, pgid); err != nil {
				a.log.Warn("agent: SIGKILL failed", "pid", pgid, "err", err)
			}
		}
	}()
	a.requestReconcile()
}

// forgetLocked removes a member whose process is gone: its record, data directory and log.
func (a *Agent) forgetLocked(m *member) {
	delete(a.members, m.id)
	a.holders.Release(m.id.Group, m.id.Member)
	dir := m.dataDir
	if dir == "" && pathComponent(m.id.Group) == nil && pathComponent(m.id.Member) == nil {
		dir = filepath.Join(a.dataDir, "members", m.id.Group, m.id.Member) // left by an earlier incarnation
	}
	if dir != "" {
		if err := os.RemoveAll(dir); err != nil {
			a.memberLog(m).Warn("agent: cannot remove the member's data dir", "dir", dir, "err", err)
		}
		os.Remove(filepath.Dir(dir)) // the group's directory, if it is now empty
		a.keepLog(m)
		os.Remove(filepath.Join(a.dataDir, "logs", m.id.Group))
	}
	a.memberLog(m).Info("agent: forgot member")
	a.emit(Event{Kind: EventMemberForgotten, Member: m.id})
}

// removedLogsKept is how many forgotten members' logs an agent keeps.
const removedLogsKept = 20

// keepLog moves a forgotten member's log to <DataDir>/removed-logs/<unix ns>.<group>.<member>.log
// and deletes all but the newest removedLogsKept there: a member the manager replaced is gone,
// and its log is what tells why.
func (a *Agent) keepLog(m *member) {
	src := filepath.Join(a.dataDir, "logs", m.id.Group, m.id.Member+".log")
	if _, err := os.Stat(src); err != nil {
		return // it never ran here
	}
	dir := filepath.Join(a.dataDir, "removed-logs")
	dst := filepath.Join(dir, fmt.Sprintf("%019d.%s.%s.log", time.Now().UnixNano(), m.id.Group, m.id.Member))
	err := os.MkdirAll(dir, 0o755)
	if err == nil {
		err = os.Rename(src, dst)
	}
	if err != nil {
		a.memberLog(m).Warn("agent: cannot keep the forgotten member's log", "log", src, "err", err)
		os.Remove(src)
		return
	}
	ents, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	// The names start with the time, zero-padded: ReadDir's order is oldest first.
	for i := 0; i < len(ents)-removedLogsKept; i++ {
		os.Remove(filepath.Join(dir, ents[i].Name()))
	}
}

// handle applies the detectors' verdicts and the members' exits, one at a time.
func (a *Agent) handle(ctx context.Context) {
	for {
		select {
		case v := <-a.verdicts:
			a.onVerdict(v)
		case e := <-a.exits:
			a.onExit(e)
		case <-ctx.Done():
			return
		}
	}
}

func (a *Agent) onVerdict(v detect.Verdict) {
	a.mu.Lock()
	defer a.mu.Unlock()
	m := a.bySource[v.Source]
	if m == nil || !m.running() || m.stopping || m.killReason != "" {
		return // a verdict about a member that is gone or going
	}
	switch m.state {
	case pb.ActualState_ACTUAL_STATE_STARTING:
		switch {
		case v.Kind == detect.KindUp || v.Kind == detect.KindRecovered:
			m.state = pb.ActualState_ACTUAL_STATE_READY
			a.memberLog(m).Info("agent: member ready", "address", m.address, "detector", string(v.Detector))
			a.emit(Event{Kind: EventMemberReady, Member: m.id, Status: m.address})
			a.requestReconcile()
		case v.Detector == detectorStart:
			a.failLocked(m, v, fmt.Sprintf("not ready within %v", a.cfg.StartTimeout))
		}
		// Other faults while starting are the member not listening yet.
	case pb.ActualState_ACTUAL_STATE_READY:
		switch {
		case v.Detector == detectorStart:
			// The start deadline of a member that became ready in time: nothing to judge.
		case v.Kind == detect.KindFault && v.Semantics == detect.Crash:
			a.failLocked(m, v, fmt.Sprintf("%s judged it crashed", v.Detector))
		case v.Kind == detect.KindFault:
			m.faulty = true
			a.queueFaultLocked(m, v, nil)
		case v.Kind == detect.KindRecovered && m.faulty:
			m.faulty = false
			a.queueFaultLocked(m, v, nil)
		}
	}
}

// failLocked reports a member judged crashed and kills it (SIGKILL to its process group), so
// that a paused member cannot come back and serve beside its replacement: a SIGCONT finds
// nothing to continue.
func (a *Agent) failLocked(m *member, v detect.Verdict, reason string) {
	m.killReason = reason
	a.queueFaultLocked(m, v, map[string]string{"action": "killed"})
	if err := kill(m.cmd.Process, m.pid); err != nil {
		a.memberLog(m).Error("agent: cannot kill a failed member", "pid", m.pid, "err", err)
	}
}

func (a *Agent) onExit(e exitMsg) {
	a.mu.Lock()
	defer a.mu.Unlock()
	m := a.members[e.id]
	if m == nil || m.cmd == nil {
		return
	}
	status := exitStatus(m.cmd.ProcessState)
	if m.cmd.ProcessState == nil && e.v.Evidence.Err != "" {
		status = "wait: " + e.v.Evidence.Err
	}
	switch {
	case m.killReason != "":
		status += " (killed by the agent: " + m.killReason + ")"
	case m.stopping:
		status += " (stopped by the agent: " + m.stopReason + ")"
	}
	if m.cancel != nil {
		m.cancel()
	}
	if a.push != nil {
		a.push.remove(m.source())
	}
	delete(a.bySource, m.source())
	delete(a.ports, m.port)
	// Whatever the member left in its process group goes with it.
	if err := kill(m.cmd.Process, m.pid); err != nil {
		a.memberLog(m).Warn("agent: cannot kill the member's process group", "err", err)
	}
	if m.logFile != nil {
		m.logFile.Close()
		m.logFile = nil
	}
	log := a.memberLog(m)
	if !m.stopping && m.killReason == "" {
		a.queueFaultLocked(m, e.v, map[string]string{"exit_status": status})
	}
	m.state, m.exitStatus, m.cmd = pb.ActualState_ACTUAL_STATE_EXITED, status, nil
	close(m.exited)
	log.Info("agent: member exited", "exit_status", status, "pid", m.pid)
	a.emit(Event{Kind: EventMemberExited, Member: m.id, Status: status})
	switch {
	case m.forget:
		a.forgetLocked(m)
	case m.holdAfter && !a.stopping:
		a.holdLocked(m.desired, m)
	}
	a.saveStateOrLogLocked()
	a.requestReconcile()
}

// stopAll stops every running member and waits until all are gone (each within its stop
// grace period, then SIGKILL).
func (a *Agent) stopAll(reason string) {
	a.mu.Lock()
	a.stopping = true
	var wait []chan struct{}
	for _, m := range a.members {
		if m.running() {
			a.stopLocked(m, reason)
			wait = append(wait, m.exited)
		}
	}
	a.mu.Unlock()
	for _, c := range wait {
		<-c
	}
}

// actual returns what the agent reports to Reconcile: every member it knows.
func (a *Agent) actual() []*pb.ActualMember {
	a.mu.Lock()
	defer a.mu.Unlock()
	out := make([]*pb.ActualMember, 0, len(a.members))
	for _, m := range a.members {
		am := &pb.ActualMember{GroupId: m.id.Group, MemberId: m.id.Member, CreationId: m.id.CreationID,
			State: m.state, ExitStatus: m.exitStatus}
		if m.running() || m.state == pb.ActualState_ACTUAL_STATE_HELD {
			am.Address = m.address // a held member's: the agent's, where its log holder is
		}
		out = append(out, am)
	}
	sortMembers(out, func(m *pb.ActualMember) MemberID {
		return MemberID{Group: m.GroupId, Member: m.MemberId, CreationID: m.CreationId}
	})
	return out
}

func (a *Agent) saveStateOrLogLocked() {
	if err := a.saveStateLocked(); err != nil {
		a.log.Error("agent: cannot save the state file", "err", err)
	}
}

// saveStateLocked writes the state file: every member that ran here and is not forgotten.
func (a *Agent) saveStateLocked() error {
	s := &stateFile{Location: a.cfg.Location, Incarnation: a.incarnation}
	for _, m := range a.members {
		r := stateMember{Group: m.id.Group, Member: m.id.Member, Creation: m.id.CreationID, PID: m.pid}
		switch {
		case m.running():
			r.Running = true
		case m.state == pb.ActualState_ACTUAL_STATE_EXITED:
			r.ExitStatus = m.exitStatus
		default:
			continue // held: nothing ran
		}
		s.Members = append(s.Members, r)
	}
	return writeState(a.dataDir, s)
}
