// Package monitor puts Warden's fault detection, notification and analysis to work in one
// process: the engine behind `warden monitor`, and the wiring the agent and the manager reuse.
//
// A Monitor watches its targets with package detect (grpc.health.v1 polling, TCP connects,
// child processes it starts, push heartbeats it receives over UDP), turns every verdict into a
// fault event (VerdictEvent) pushed into a notify.Notifier, feeds the notifier's faults and
// recoveries to an analyze.Analyzer, and pushes the analyzer's incidents and classifications
// back into the notifier. The notifier is served over gRPC (the FaultNotifier service), so
// `warden faults watch` and `warden faults ls` read it from anywhere.
//
// Child processes can be restarted when they end (Target.Restart); the analyzer decides when:
// a flapping child is held back (damping) and one whose restart budget is spent is left down
// (permanent), and both decisions are events too.
//
// Create with New (which binds the sockets, so Addr and HeartbeatAddr are known at once), then
// Run until the context is done; Run stops the children it started before it returns.
package monitor

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/health"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"

	"github.com/wardenft/warden/analyze"
	"github.com/wardenft/warden/detect"
	"github.com/wardenft/warden/notify"
)

// Target is one thing to monitor. Exactly one of GRPC, TCP, Exec and Heartbeat says how.
type Target struct {
	// Name identifies the target: the member in its events.
	Name string `json:"name"`
	// GRPC is the address of a grpc.health.v1 server to poll; Service the service name to ask
	// about ("" is the server as a whole).
	GRPC    string `json:"grpc,omitempty"`
	Service string `json:"service,omitempty"`
	// TCP is an address to connect to, for targets without gRPC.
	TCP string `json:"tcp,omitempty"`
	// Exec is a command the monitor starts and watches: its end is a crash fault at once.
	Exec []string `json:"exec,omitempty"`
	// Restart restarts an Exec target when it ends, when the analyzer allows it.
	Restart bool `json:"restart,omitempty"`
	// Heartbeat expects push heartbeats from a source of this Name (warden heartbeat, or a
	// detect.Sender); sources not listed are monitored too, from their first heartbeat.
	Heartbeat bool `json:"heartbeat,omitempty"`
	// HeartbeatInterval is the interval the source announces, to judge it before its first
	// heartbeat arrives. Default 1s.
	HeartbeatInterval Duration `json:"heartbeat_interval,omitempty"`
	// Where the target sits; empty Location means the monitor's. Host makes the target stand
	// for its whole location (its faults are HostCrashFaults).
	Location string `json:"location,omitempty"`
	TypeID   string `json:"type_id,omitempty"`
	GroupID  string `json:"group_id,omitempty"`
	Host     bool   `json:"host,omitempty"`
}

func (t Target) how() string {
	var hs []string
	if t.GRPC != "" {
		hs = append(hs, "grpc")
	}
	if t.TCP != "" {
		hs = append(hs, "tcp")
	}
	if len(t.Exec) > 0 {
		hs = append(hs, "exec")
	}
	if t.Heartbeat {
		hs = append(hs, "heartbeat")
	}
	return strings.Join(hs, ",")
}

// Config configures a Monitor.
type Config struct {
	// Listen is the FaultNotifier gRPC address; "127.0.0.1:0" picks a free port.
	Listen string `json:"listen,omitempty"`
	// HeartbeatListen is the UDP address heartbeats are received on; "" turns it off.
	HeartbeatListen string `json:"heartbeat_listen,omitempty"`
	// Domain is the FT domain of every event; Location the default location of targets.
	Domain   string `json:"domain,omitempty"`
	Location string `json:"location,omitempty"`
	// Profile selects the detectors' settings: "lan" (the default) or "local" (same host,
	// tighter bounds).
	Profile string `json:"profile,omitempty"`
	// Judge judges heartbeats: "phi" (phi accrual, the default) or "timeout".
	Judge string `json:"judge,omitempty"`
	// PollInterval and PollTimeout override the profile's for grpc and tcp targets.
	PollInterval Duration `json:"poll_interval,omitempty"`
	PollTimeout  Duration `json:"poll_timeout,omitempty"`
	// HistoryLimit bounds the fault history. Default 10000.
	HistoryLimit int `json:"history_limit,omitempty"`
	// Analyzer configures the analyzer; zero fields take analyze.DefaultConfig's values.
	Analyzer *analyze.Config `json:"-"`
	Targets  []Target        `json:"targets,omitempty"`
	Logger   *slog.Logger    `json:"-"`
}

// Duration is a time.Duration that reads "1.5s" in JSON.
type Duration time.Duration

func (d *Duration) UnmarshalJSON(b []byte) error {
	s := strings.Trim(string(b), `"`)
	v, err := time.ParseDuration(s)
	if err != nil {
		return fmt.Errorf("duration %s: %w", b, err)
	}
	*d = Duration(v)
	return nil
}

func (d Duration) MarshalJSON() ([]byte, error) {
	return []byte(`"` + time.Duration(d).String() + `"`), nil
}

// DefaultConfig returns the settings `warden monitor` starts from.
func DefaultConfig() Config {
	host, _ := os.Hostname()
	if host == "" {
		host = "localhost"
	}
	return Config{
		Listen:          "127.0.0.1:7946",
		HeartbeatListen: "127.0.0.1:7950",
		Domain:          "default",
		Location:        host,
		Profile:         "lan",
		Judge:           "phi",
		HistoryLimit:    10000,
	}
}

// Validate reports every invalid field, quoting its value.
func (c Config) Validate() error {
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if c.Listen == "" {
		bad("listen: empty; give an address such as 127.0.0.1:7946")
	}
	if c.Profile != "lan" && c.Profile != "local" {
		bad("profile: %q is not lan or local", c.Profile)
	}
	if c.Judge != "phi" && c.Judge != "timeout" {
		bad("judge: %q is not phi or timeout", c.Judge)
	}
	if c.PollInterval < 0 || c.PollTimeout < 0 {
		bad("poll_interval, poll_timeout: must not be negative (%v, %v)", time.Duration(c.PollInterval), time.Duration(c.PollTimeout))
	}
	if c.HistoryLimit <= 0 {
		bad("history_limit: %d, must be positive", c.HistoryLimit)
	}
	seen := map[string]bool{}
	for i, t := range c.Targets {
		switch {
		case t.Name == "":
			bad("targets[%d].name: empty", i)
		case seen[t.Name]:
			bad("targets[%d].name: %q appears twice", i, t.Name)
		}
		seen[t.Name] = true
		if n := len(strings.Split(t.how(), ",")); t.how() == "" || n != 1 {
			bad("targets[%d] (%s): give exactly one of grpc, tcp, exec, heartbeat (got %q)", i, t.Name, t.how())
		}
		if t.Restart && len(t.Exec) == 0 {
			bad("targets[%d] (%s): restart applies only to exec targets", i, t.Name)
		}
		if t.Heartbeat && c.HeartbeatListen == "" {
			bad("targets[%d] (%s): heartbeat target, but heartbeat_listen is off", i, t.Name)
		}
		if t.HeartbeatInterval < 0 {
			bad("targets[%d] (%s): heartbeat_interval %v is negative", i, t.Name, time.Duration(t.HeartbeatInterval))
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("monitor: invalid config: %w", errors.Join(errs...))
	}
	return nil
}

// Monitor is a running fault monitor. See the package documentation.
type Monitor struct {
	cfg      Config
	log      *slog.Logger
	notifier *notify.Notifier
	lis      net.Listener
	srv      *grpc.Server
	recv     *detect.Receiver
	watcher  *detect.ProcessWatcher
	analyzer *analyze.Analyzer

	placeMu sync.Mutex
	places  map[string]Placement // source -> placement

	restartReqs chan restartRequest
}

type restartRequest struct {
	event   *notify.Event // the fault that ended the child, observed before deciding
	subject analyze.Subject
	reply   chan analyze.Decision
}

// New validates cfg, binds the notifier's gRPC listener and the heartbeat socket, and
// prepares the detectors. Nothing is monitored until Run.
func New(cfg Config) (*Monitor, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	acfg := analyze.DefaultConfig()
	if cfg.Analyzer != nil {
		acfg = *cfg.Analyzer
	}
	a, err := analyze.New(acfg)
	if err != nil {
		return nil, err
	}
	ncfg := notify.DefaultConfig()
	ncfg.Logger = cfg.Logger
	ncfg.HistoryLimit = cfg.HistoryLimit
	n, err := notify.New(ncfg)
	if err != nil {
		return nil, err
	}
	m := &Monitor{
		cfg: cfg, log: cfg.Logger, notifier: n, analyzer: a,
		places:      make(map[string]Placement),
		restartReqs: make(chan restartRequest),
	}
	m.lis, err = net.Listen("tcp", cfg.Listen)
	if err != nil {
		n.Close()
		return nil, fmt.Errorf("monitor: listen %s: %w", cfg.Listen, err)
	}
	if cfg.HeartbeatListen != "" {
		rc := detect.DefaultReceiverConfig()
		if cfg.Profile == "local" {
			rc = detect.LocalReceiverConfig()
		}
		rc.Addr, rc.AcceptUnknown, rc.Judge, rc.Logger = cfg.HeartbeatListen, true, detect.JudgeKind(cfg.Judge), cfg.Logger
		if m.recv, err = detect.NewReceiver(rc); err != nil {
			m.lis.Close()
			n.Close()
			return nil, fmt.Errorf("monitor: heartbeat receiver: %w", err)
		}
	}
	m.watcher = detect.NewProcessWatcher(nil, cfg.Logger)
	return m, nil
}

// Addr is the FaultNotifier's gRPC address.
func (m *Monitor) Addr() net.Addr { return m.lis.Addr() }

// HeartbeatAddr is the UDP address heartbeats are received on, or nil when off.
func (m *Monitor) HeartbeatAddr() net.Addr {
	if m.recv == nil {
		return nil
	}
	return m.recv.Addr()
}

// Notifier is the monitor's notifier, for in-process consumers.
func (m *Monitor) Notifier() *notify.Notifier { return m.notifier }

func (m *Monitor) placement(t Target) Placement {
	p := Placement{Domain: m.cfg.Domain, Location: t.Location, TypeID: t.TypeID, GroupID: t.GroupID, Member: t.Name, Host: t.Host}
	if p.Location == "" {
		p.Location = m.cfg.Location
	}
	if p.Host && t.Location == "" {
		p.Location = t.Name // a host target names its location
	}
	return p
}

func (m *Monitor) placementOf(source string) Placement {
	m.placeMu.Lock()
	defer m.placeMu.Unlock()
	if p, ok := m.places[source]; ok {
		return p
	}
	// A heartbeat source nobody listed: a member at the monitor's location.
	return Placement{Domain: m.cfg.Domain, Location: m.cfg.Location, Member: source}
}

// observer pushes every verdict into the notifier. It runs on the detectors' goroutines and
// must not block: Push never does.
func (m *Monitor) observer() *detect.Observer {
	return detect.NewFuncObserver(func(v detect.Verdict) {
		ev := VerdictEvent(v, m.placementOf(v.Source))
		if _, err := m.notifier.Push(ev); err != nil {
			m.log.Error("monitor: push fault event", "event", ev.ID, "err", err)
		}
	}, nil)
}

// Run monitors the targets until ctx is done, then stops the children it started and closes
// the sockets.
func (m *Monitor) Run(ctx context.Context) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	goRun := func(name string, f func() error) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := f(); err != nil && ctx.Err() == nil {
				m.log.Error("monitor: "+name+" stopped", "err", err)
			}
		}()
	}

	m.srv = grpc.NewServer()
	notify.NewServer(m.notifier).Register(m.srv)
	hs := health.NewServer()
	healthpb.RegisterHealthServer(m.srv, hs)
	goRun("FaultNotifier server", func() error { return m.srv.Serve(m.lis) })

	// The analyzer consumes faults and recoveries (not its own outputs).
	sub, err := m.notifier.ConnectChannel(notify.MustCompileFilter(`event.detector != "analyzer"`), notify.ConsumerOptions{Name: "analyzer", QueueLen: 4096})
	if err != nil {
		return err
	}
	goRun("analyzer", func() error { return m.runAnalyzer(ctx, sub) })

	obs := m.observer()
	if m.recv != nil {
		m.recv.Register(obs)
		goRun("heartbeat receiver", func() error { return m.recv.Run(ctx) })
	}
	m.watcher.Register(obs)
	for _, t := range m.cfg.Targets {
		p := m.placement(t)
		m.placeMu.Lock()
		m.places[t.Name] = p
		m.placeMu.Unlock()
		switch {
		case t.GRPC != "" || t.TCP != "":
			poller, err := m.newPoller(t)
			if err != nil {
				return err
			}
			poller.Register(obs)
			goRun("poller "+t.Name, func() error { return poller.Run(ctx) })
		case len(t.Exec) > 0:
			goRun("child "+t.Name, func() error { return m.superviseChild(ctx, t, p) })
		case t.Heartbeat:
			iv := time.Duration(t.HeartbeatInterval)
			if iv == 0 {
				iv = time.Second
			}
			m.recv.Expect(t.Name, iv)
		}
	}
	m.log.Info("monitor: running", "notifier", m.Addr().String(), "heartbeats", fmt.Sprint(m.HeartbeatAddr()), "targets", len(m.cfg.Targets))

	<-ctx.Done()
	hs.Shutdown()
	stopped := make(chan struct{})
	go func() { m.srv.GracefulStop(); close(stopped) }()
	select {
	case <-stopped:
	case <-time.After(2 * time.Second): // streams of watchers do not end by themselves
		m.srv.Stop()
	}
	if m.recv != nil {
		m.recv.Close()
	}
	wg.Wait()
	m.watcher.Wait()
	return m.notifier.Close()
}

func (m *Monitor) newPoller(t Target) (*detect.Poller, error) {
	pc := detect.DefaultPollConfig()
	if m.cfg.Profile == "local" {
		pc = detect.LocalPollConfig()
	}
	pc.Target, pc.Logger = t.Name, m.log
	if m.cfg.PollInterval > 0 {
		pc.Interval = time.Duration(m.cfg.PollInterval)
	}
	if m.cfg.PollTimeout > 0 {
		pc.Timeout = time.Duration(m.cfg.PollTimeout)
		if pc.TimingBound > pc.Timeout {
			pc.TimingBound = pc.Timeout
		}
	}
	var probe detect.Probe
	if t.GRPC != "" {
		hp, err := detect.DialHealthProbe(t.GRPC, t.Service)
		if err != nil {
			return nil, fmt.Errorf("monitor: target %s: %w", t.Name, err)
		}
		probe = hp
	} else {
		probe = &detect.TCPProbe{Address: t.TCP}
	}
	p, err := detect.NewPoller(pc, probe)
	if err != nil {
		return nil, fmt.Errorf("monitor: target %s: %w", t.Name, err)
	}
	return p, nil
}

// superviseChild starts t's command, waits for it to end (a crash fault, pushed by the
// watcher's observer) and, if t.Restart, restarts it when the analyzer allows.
func (m *Monitor) superviseChild(ctx context.Context, t Target, p Placement) error {
	subject := analyze.Subject{Location: p.Location, TypeID: p.TypeID, GroupID: p.GroupID, Member: p.Member}
	for {
		cmd := exec.Command(t.Exec[0], t.Exec[1:]...)
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
		cmd.Env = append(os.Environ(), "WARDEN_MEMBER="+t.Name, "WARDEN_LOCATION="+p.Location)
		if err := cmd.Start(); err != nil {
			return fmt.Errorf("start %s: %w", t.Name, err)
		}
		m.log.Info("monitor: started child", "target", t.Name, "pid", cmd.Process.Pid, "location", p.Location)
		done, err := m.watcher.WatchCmd(t.Name, cmd)
		if err != nil {
			return err
		}
		var v detect.Verdict
		select {
		case v = <-done:
		case <-ctx.Done():
			stopChild(cmd, done)
			return nil
		}
		if !t.Restart {
			return nil
		}
		for {
			reply := make(chan analyze.Decision, 1)
			select {
			case m.restartReqs <- restartRequest{event: VerdictEvent(v, p), subject: subject, reply: reply}:
			case <-ctx.Done():
				return nil
			}
			d := <-reply
			if d.Allowed() {
				break
			}
			if errors.Is(d.Err, analyze.ErrPermanent) && d.Until.IsZero() {
				m.log.Error("monitor: not restarting child: permanent fault", "target", t.Name, "reason", d.Err)
				return nil
			}
			wait := time.Until(d.Until)
			if d.Until.IsZero() || wait <= 0 {
				wait = time.Second
			}
			m.log.Warn("monitor: restart held back", "target", t.Name, "reason", d.Err, "retry_in", wait.Round(time.Millisecond))
			select {
			case <-time.After(wait):
			case <-ctx.Done():
				return nil
			}
		}
	}
}

// stopChild ends a child: SIGTERM, then SIGKILL after a grace period.
func stopChild(cmd *exec.Cmd, done <-chan detect.Verdict) {
	_ = cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-done:
	case <-time.After(3 * time.Second):
		_ = cmd.Process.Kill()
		<-done
	}
}

// runAnalyzer owns the analyzer: it is not safe for concurrent use, so everything that reads
// or feeds it happens here.
func (m *Monitor) runAnalyzer(ctx context.Context, sub *notify.Consumer) error {
	defer sub.Disconnect()
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	push := func(outs []analyze.Output) {
		for _, o := range outs {
			ev := OutputEvent(o, m.cfg.Domain)
			if _, err := m.notifier.Push(ev); err != nil {
				m.log.Error("monitor: push analyzer output", "output", o.String(), "err", err)
			}
		}
	}
	observe := func(e *notify.Event) {
		ae, ok := AnalyzerEvent(e)
		if !ok {
			return
		}
		if ae.Time.Before(m.analyzer.Now()) {
			ae.Time = m.analyzer.Now() // detectors' clocks agree here; never feed time backwards
		}
		outs, err := m.analyzer.Observe(ae)
		if err != nil {
			m.log.Warn("monitor: analyzer refused event", "event", e.ID, "err", err)
			return
		}
		push(outs)
	}
	now := func() time.Time { return maxTime(time.Now(), m.analyzer.Now()) }
	for {
		if d, ok := m.analyzer.NextDeadline(); ok {
			timer.Reset(max(time.Until(d), 0))
		} else {
			timer.Reset(time.Hour)
		}
		select {
		case <-ctx.Done():
			return nil
		case d, ok := <-sub.C():
			if !ok {
				return nil
			}
			observe(d.Event)
		case req := <-m.restartReqs:
			observe(req.event) // the same id as the notifier's copy: observed once
			dec := m.analyzer.MayRestart(req.subject)
			if dec.Allowed() {
				outs, err := m.analyzer.Restarted(req.subject, now())
				if err != nil {
					m.log.Warn("monitor: analyzer refused restart", "subject", req.subject.String(), "err", err)
				}
				push(outs)
			}
			req.reply <- dec
		case <-timer.C:
			push(m.analyzer.Tick(now()))
		}
	}
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
