package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/wardenft/warden/bench/internal/loopback"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/protobuf/types/known/durationpb"

	counterv1 "github.com/wardenft/warden/api/warden/counter/v1"
	pb "github.com/wardenft/warden/api/warden/manager/v1"
	"github.com/wardenft/warden/client"
)

// The group's settings: the counter example's process test's (examples/counter), PULL
// health checks every 200ms with a 200ms timeout.
const (
	groupID          = "counter"
	monitorInterval  = 200 * time.Millisecond
	monitorTimeout   = 200 * time.Millisecond
	pullCrashAfter   = 3 // the agent's --pull-crash-after default
	wardenLocations  = 3
	managerLineRegex = `^warden manager (\S+): API on (\S+), Raft on (\S+), data`
)

var managerLine = regexp.MustCompile(managerLineRegex)

// wardenBins are the binaries the Warden part runs, built from the root module.
type wardenBins struct{ warden, counter string }

func buildWarden(ctx context.Context, dir string, progress io.Writer) (wardenBins, error) {
	root, err := rootDir(ctx)
	if err != nil {
		return wardenBins{}, err
	}
	fmt.Fprintf(progress, "warden: go build ./cmd/warden ./examples/counter (in %s)\n", root)
	var b wardenBins
	if b.warden, err = build(ctx, root, dir, "warden", "./cmd/warden"); err != nil {
		return b, err
	}
	b.counter, err = build(ctx, root, dir, "counter", "./examples/counter")
	return b, err
}

// wardenCluster is one manager (local profile), three agents at locations a, b, c, and the
// WARM_PASSIVE counter group of three members the agents start.
type wardenCluster struct {
	ps     *procs
	mgr    *proc
	api    string
	agents map[string]*proc // by location
	conn   *grpc.ClientConn // to the manager
	groups pb.ObjectGroupManagerClient
}

func startWarden(ctx context.Context, bins wardenBins, dir string) (_ *wardenCluster, err error) {
	c := &wardenCluster{ps: &procs{dir: dir}, agents: map[string]*proc{}}
	defer func() {
		if err != nil {
			c.stop()
		}
	}()
	c.mgr, err = c.ps.start("manager", bins.warden, []string{"manager", "--id", "m1", "--data", filepath.Join(dir, "m1"),
		"--listen", "127.0.0.1:0", "--raft", "127.0.0.1:0", "--profile", "local", "--log-level", "info"}, nil)
	if err != nil {
		return nil, err
	}
	l, err := c.mgr.waitLine(ctx, managerLine, 30*time.Second)
	if err != nil {
		return nil, err
	}
	c.api = l[2]
	for _, loc := range []string{"a", "b", "c"} {
		a, err := c.ps.start("agent-"+loc, bins.warden, []string{"agent", "--location", loc, "--managers", c.api,
			"--data", filepath.Join(dir, "agent-"+loc), "--listen", "127.0.0.1:0", "--heartbeat-listen", "127.0.0.1:0",
			"--pull-crash-after", strconv.Itoa(pullCrashAfter), "--log-level", "info"}, nil)
		if err != nil {
			return nil, err
		}
		c.agents[loc] = a
	}
	if c.conn, err = grpc.NewClient(c.api, grpc.WithTransportCredentials(insecure.NewCredentials())); err != nil {
		return nil, err
	}
	c.groups = pb.NewObjectGroupManagerClient(c.conn)
	if err := eventually(ctx, "three locations up", 30*time.Second, func() error {
		r, err := c.groups.ListLocations(ctx, &pb.ListLocationsRequest{})
		if err != nil {
			return err
		}
		up := 0
		for _, l := range r.Locations {
			if l.State == pb.LocationState_LOCATION_STATE_UP {
				up++
			}
		}
		if up != wardenLocations {
			return fmt.Errorf("%d up", up)
		}
		return nil
	}); err != nil {
		return nil, err
	}
	if _, err := pb.NewTypeRegistryClient(c.conn).RegisterType(ctx, &pb.RegisterTypeRequest{Type: &pb.MemberType{TypeId: "counter",
		Launch: &pb.LaunchSpec{Command: bins.counter, Args: []string{"--managers", c.api}, StopGracePeriod: durationpb.New(2 * time.Second)}}}); err != nil {
		return nil, err
	}
	three := uint32(3)
	if _, err := pb.NewGenericFactoryClient(c.conn).CreateObject(ctx, &pb.CreateObjectRequest{TypeId: "counter", GroupId: groupID, Criteria: &pb.Properties{
		ReplicationStyle:        pb.ReplicationStyle_REPLICATION_STYLE_WARM_PASSIVE,
		FaultMonitoringStyle:    pb.FaultMonitoringStyle_FAULT_MONITORING_STYLE_PULL,
		FaultMonitoringInterval: durationpb.New(monitorInterval),
		FaultMonitoringTimeout:  durationpb.New(monitorTimeout),
		InitialNumberMembers:    &three, MinimumNumberMembers: &three,
	}}); err != nil {
		return nil, err
	}
	if err := eventually(ctx, "three members, backups caught up", 60*time.Second, c.healthy); err != nil {
		return nil, fmt.Errorf("%w%s", err, c.logTails())
	}
	return c, nil
}

func (c *wardenCluster) stop() {
	if c.conn != nil {
		c.conn.Close()
	}
	c.ps.stopAll(5 * time.Second)
}

func (c *wardenCluster) logTails() string {
	s := tail(c.mgr.logPath)
	for _, a := range c.agents {
		s += tail(a.logPath)
	}
	return s
}

func (c *wardenCluster) view(ctx context.Context) (*pb.View, error) {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	r, err := c.groups.GetObjectGroupRef(ctx, &pb.GetObjectGroupRefRequest{GroupId: groupID})
	if err != nil {
		return nil, err
	}
	return r.View, nil
}

// healthy: three members in the view, a primary, every backup caught up.
func (c *wardenCluster) healthy() error {
	v, err := c.view(context.Background())
	if err != nil {
		return err
	}
	if len(v.Members) != wardenLocations || v.Primary == "" {
		return fmt.Errorf("view epoch %d: %d members, primary %q", v.Epoch, len(v.Members), v.Primary)
	}
	for _, x := range v.Members {
		if x.MemberId != v.Primary && !x.CaughtUp {
			return fmt.Errorf("view epoch %d: %s not caught up", v.Epoch, x.MemberId)
		}
	}
	return nil
}

// dial is a client of the group through the client SDK with its defaults; logger, if not
// nil, gets its debug log.
func (c *wardenCluster) dial(logger *slog.Logger) (*grpc.ClientConn, error) {
	cfg := client.DefaultConfig()
	cfg.Managers = []string{c.api}
	cfg.Logger = logger
	return client.NewClient("warden:///"+groupID, cfg, grpc.WithTransportCredentials(insecure.NewCredentials()))
}

// primary returns the primary's member id, location and pid (from the counter's Get, which
// the primary answers with its pid), once the primary of the manager's view answers.
func (c *wardenCluster) primary(ctx context.Context, cli counterv1.CounterClient) (member, loc string, pid int, err error) {
	err = eventually(ctx, "the primary's pid", 30*time.Second, func() error {
		v, err := c.view(ctx)
		if err != nil {
			return err
		}
		cctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		r, err := cli.Get(cctx, &counterv1.GetRequest{}, client.ReadOnly())
		if err != nil {
			return err
		}
		if r.Member != v.Primary {
			return fmt.Errorf("answered by %s, the primary is %s", r.Member, v.Primary)
		}
		member, pid = r.Member, int(r.Pid)
		for _, m := range v.Members {
			if m.MemberId == v.Primary {
				loc = m.Location
			}
		}
		return nil
	})
	return
}

// load runs n goroutines calling Increment until ctx ends, recording every success.
func load(ctx context.Context, n int, cli counterv1.CounterClient, rec *recorder) (wait func()) {
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				// The client's DefaultTimeout (5s), as a caller without a deadline gets. The
				// deadline matters beyond failures: members keep a reply in their reply cache
				// until the call's expiration (deadline + ExpirationSlack), and a joining
				// member receives that cache with the state.
				cctx, cancel := context.WithTimeout(ctx, client.DefaultConfig().DefaultTimeout)
				_, err := cli.Increment(cctx, &counterv1.IncrementRequest{By: 1})
				cancel()
				switch {
				case err == nil:
					rec.success()
				case ctx.Err() == nil:
					rec.failure(err)
				}
			}
		}()
	}
	return wg.Wait
}

// fault is one injected fault and what the load saw of it.
type fault struct {
	System string `json:"system"`
	Kind   string `json:"kind"` // "process crash", "host loss", "pause"
	Victim string `json:"victim"`
	// The failover: the largest interval between successes ending between the fault and the
	// first success after the new primary/master/leader was named (Served); where it
	// starts, from the fault (negative: it spans the fault); the fault -> the first success.
	Gap    time.Duration `json:"gap_ns"`
	GapAt  time.Duration `json:"gap_at_ns"`
	First  time.Duration `json:"first_ok_ns"`
	Served time.Duration `json:"served_ns"`
	// The rejoin: the largest interval between successes after Served until the system was
	// back to full strength (Recover: a replacement, or the restarted process, caught up).
	Rejoin   time.Duration `json:"rejoin_gap_ns"`
	RejoinAt time.Duration `json:"rejoin_gap_at_ns"`
	Recover  time.Duration `json:"recovered_ns"`
	Note     string        `json:"note,omitempty"`
}

const (
	kindCrash = "process crash"
	kindHost  = "host loss"
	kindPause = "pause"
)

// wardenFailover starts a cluster, runs the client load, and injects kills process crashes of
// the primary, then hosts host losses and pauses pauses, each once the group is healthy.
func wardenFailover(ctx context.Context, bins wardenBins, dir string, o options, progress io.Writer) (faults []fault, failed int, err error) {
	c, err := startWarden(ctx, bins, dir)
	if err != nil {
		return nil, 0, err
	}
	defer c.stop()
	var logger *slog.Logger
	if o.clientLog != "" {
		f, err := os.Create(o.clientLog)
		if err != nil {
			return nil, 0, err
		}
		defer f.Close()
		logger = slog.New(slog.NewTextHandler(f, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	cc, err := c.dial(logger)
	if err != nil {
		return nil, 0, err
	}
	defer cc.Close()
	cli := counterv1.NewCounterClient(cc)
	rec := newRecorder()
	lctx, stopLoad := context.WithCancel(ctx)
	wait := load(lctx, o.clients, cli, rec)
	defer func() { stopLoad(); wait() }()

	plan := make([]string, 0, o.kills+o.hostLosses+o.pauses)
	for range o.kills {
		plan = append(plan, kindCrash)
	}
	for range o.hostLosses {
		plan = append(plan, kindHost)
	}
	for range o.pauses {
		plan = append(plan, kindPause)
	}
	for i, kind := range plan {
		if err := eventually(ctx, "the group healthy", 60*time.Second, c.healthy); err != nil {
			return faults, 0, fmt.Errorf("before fault %d: %w%s", i+1, err, c.logTails())
		}
		// A steady load before the fault, so that the gap starts from a success.
		n := rec.count()
		if err := eventually(ctx, "calls succeeding", 30*time.Second, func() error {
			if rec.count() < n+20 {
				return errors.New("fewer than 20 successes")
			}
			return nil
		}); err != nil {
			return faults, 0, err
		}
		member, loc, pid, err := c.primary(ctx, cli)
		if err != nil {
			return faults, 0, err
		}
		f := fault{System: "warden", Kind: kind, Victim: fmt.Sprintf("%s at %s (pid %d)", member, loc, pid)}
		if logger != nil {
			logger.Info("bench: injecting", "kind", kind, "victim", f.Victim)
		}
		var kill time.Time
		switch kind {
		case kindCrash:
			kill = time.Now()
			err = syscall.Kill(pid, syscall.SIGKILL)
		case kindHost:
			a := c.agents[loc]
			kill = time.Now()
			err = errors.Join(a.signal(syscall.SIGKILL), syscall.Kill(pid, syscall.SIGKILL))
			f.Victim = fmt.Sprintf("agent %s and %s (pid %d)", loc, member, pid)
		case kindPause:
			kill = time.Now()
			err = syscall.Kill(pid, syscall.SIGSTOP)
		}
		if err != nil {
			return faults, 0, fmt.Errorf("fault %d (%s of %s): %w", i+1, kind, f.Victim, err)
		}
		// The manager's new view (another primary), a success after it, then what the fault
		// needs undone.
		if err := eventually(ctx, "a new primary", 60*time.Second, func() error {
			v, err := c.view(ctx)
			if err != nil {
				return err
			}
			if v.Primary == member || v.Primary == "" {
				return fmt.Errorf("view epoch %d: primary %q", v.Epoch, v.Primary)
			}
			return nil
		}); err != nil {
			return faults, 0, fmt.Errorf("fault %d (%s of %s): %w%s", i+1, kind, f.Victim, err, c.logTails())
		}
		served, ok := rec.firstAfter(ctx, time.Now(), 30*time.Second)
		if !ok {
			return faults, 0, fmt.Errorf("fault %d (%s of %s): no success within 30s of the new view%s", i+1, kind, f.Victim, c.logTails())
		}
		switch kind {
		case kindHost:
			a := c.agents[loc]
			<-a.done()
			if err := a.run(); err != nil { // the same flags and data dir: a new incarnation
				return faults, 0, err
			}
		case kindPause:
			syscall.Kill(pid, syscall.SIGCONT) // its agent has killed it by now; if not, it must refuse
		}
		if err := eventually(ctx, "the group healthy after the fault", 60*time.Second, c.healthy); err != nil {
			return faults, 0, fmt.Errorf("after fault %d (%s of %s): %w%s", i+1, kind, f.Victim, err, c.logTails())
		}
		rec.episode(&f, kill, served, time.Now())
		faults = append(faults, f)
		fmt.Fprintln(progress, f.line(i+1))
	}
	stopLoad()
	wait()
	failed, last := rec.failures()
	if failed > 0 {
		fmt.Fprintf(progress, "warden: %d increments failed; the last: %v\n", failed, last)
	}
	return faults, failed, nil
}

// overheadRun is one measurement of each side.
type overheadRun struct {
	Replicated   float64 `json:"replicated_per_s"`
	Unreplicated float64 `json:"unreplicated_per_s"`
	Ratio        float64 `json:"ratio"`
	Failed       int     `json:"failed_calls"`
	// CPU time per successful increment, in microseconds: the calling process (the client
	// side) and the server side (the manager, agents and members, or the unreplicated
	// process). Zero when /proc could not be read. On a CPU-bound machine throughput follows
	// the total, and the figures move far less from run to run than throughput does.
	ReplicatedCPU   cpuPerCall `json:"replicated_cpu_us"`
	UnreplicatedCPU cpuPerCall `json:"unreplicated_cpu_us"`
}

// cpuPerCall is CPU microseconds per successful call, by side.
type cpuPerCall struct {
	Client  float64 `json:"client"`
	Servers float64 `json:"servers"`
	// The server side by process, the busiest first: in the group the primary is the
	// busiest "counter", its backups the others, the manager and agents "warden".
	ByProcess []processCPU `json:"by_process,omitempty"`
}

// processCPU is one server process's CPU microseconds per successful call.
type processCPU struct {
	Name string  `json:"name"`
	US   float64 `json:"us"`
}

// procCPU is a process's CPU time so far, by pid in treeCPU's answer.
type procCPU struct {
	Name string
	CPU  time.Duration
}

// byName condenses ByProcess for a progress line: each name once, its processes' figures
// joined by "+", e.g. "counter 41.2+9.8+9.6, warden 0.7+0.4+0.4+0.4".
func (c cpuPerCall) byName() string {
	var names []string
	parts := map[string][]string{}
	for _, p := range c.ByProcess {
		if _, ok := parts[p.Name]; !ok {
			names = append(names, p.Name)
		}
		parts[p.Name] = append(parts[p.Name], fmt.Sprintf("%.1f", p.US))
	}
	var out []string
	for _, n := range names {
		out = append(out, n+" "+strings.Join(parts[n], "+"))
	}
	return strings.Join(out, ", ")
}

func (c cpuPerCall) total() float64 { return c.Client + c.Servers }

// wardenOverhead measures increments/s with o.overheadClients callers against the
// WARM_PASSIVE group (through the client SDK) and one --unreplicated counter (plain gRPC),
// o.runs times each, alternating which goes first.
func wardenOverhead(ctx context.Context, bins wardenBins, dir string, o options, progress io.Writer) ([]overheadRun, error) {
	c, err := startWarden(ctx, bins, dir)
	if err != nil {
		return nil, err
	}
	defer c.stop()
	cc, err := c.dial(nil)
	if err != nil {
		return nil, err
	}
	defer cc.Close()
	replicated := counterv1.NewCounterClient(cc)

	ports, err := loopback.FreePorts(1)
	if err != nil {
		return nil, err
	}
	addr := loopback.Addr(ports[0])
	plainProc, err := c.ps.start("unreplicated", bins.counter, []string{"--unreplicated", "--listen", addr}, nil)
	if err != nil {
		return nil, err
	}
	conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	plain := counterv1.NewCounterClient(conn)
	for name, cli := range map[string]counterv1.CounterClient{"the unreplicated counter": plain, "the group": replicated} {
		if err := eventually(ctx, name, 30*time.Second, func() error {
			_, err := cli.Get(ctx, &counterv1.GetRequest{}, client.ReadOnly())
			return err
		}); err != nil {
			return nil, err
		}
	}
	// The server side of each: the cluster's processes (the members are the agents'
	// children), or the unreplicated process.
	groupRoots := []int{c.mgr.pid()}
	for _, a := range c.agents {
		groupRoots = append(groupRoots, a.pid())
	}
	plainRoots := []int{plainProc.pid()}
	// side is one side's tally over a run's slices.
	type side struct {
		name    string
		cli     counterv1.CounterClient
		servers []int
		calls   int
		failed  int
		elapsed time.Duration
		client  time.Duration
		srv     map[int]procCPU // CPU used during the slices, by pid
		cpuOK   bool
		last    error
	}
	slice := o.overheadDuration / time.Duration(o.overheadSlices)
	measure := func(s *side) {
		self0, ok1 := selfCPU()
		srv0, ok2 := treeCPU(s.servers...)
		start := time.Now()
		_, n, failed, last := throughput(ctx, s.cli, o.overheadClients, slice)
		s.elapsed += time.Since(start)
		self1, ok3 := selfCPU()
		srv1, ok4 := treeCPU(s.servers...)
		s.calls, s.failed = s.calls+n, s.failed+failed
		if last != nil {
			s.last = last
		}
		s.cpuOK = s.cpuOK && ok1 && ok2 && ok3 && ok4
		s.client += self1 - self0
		for pid, p := range srv1 {
			p.CPU -= srv0[pid].CPU // a process started during the slice counts from zero
			p.CPU += s.srv[pid].CPU
			s.srv[pid] = p
		}
		// Let the side's tail (its last acks, a collection its calls started) end before the
		// other side's slice starts.
		sleepCtx(ctx, 20*time.Millisecond)
	}
	result := func(s *side) (float64, cpuPerCall) {
		if s.failed > 0 {
			fmt.Fprintf(progress, "overhead: %s: %d calls failed; the last: %v\n", s.name, s.failed, s.last)
		}
		var cpu cpuPerCall
		if s.cpuOK && s.calls > 0 {
			us := func(d time.Duration) float64 { return float64(d.Microseconds()) / float64(s.calls) }
			cpu.Client = us(s.client)
			for _, p := range s.srv {
				cpu.ByProcess = append(cpu.ByProcess, processCPU{Name: p.Name, US: us(p.CPU)})
				cpu.Servers += us(p.CPU)
			}
			sort.Slice(cpu.ByProcess, func(i, j int) bool { return cpu.ByProcess[i].US > cpu.ByProcess[j].US })
		}
		if s.elapsed <= 0 {
			return 0, cpu
		}
		return float64(s.calls) / s.elapsed.Seconds(), cpu
	}
	var runs []overheadRun
	for i := range o.runs {
		var r overheadRun
		a := &side{name: "WARM_PASSIVE x3", cli: replicated, servers: groupRoots, cpuOK: true, srv: map[int]procCPU{}}
		b := &side{name: "unreplicated", cli: plain, servers: plainRoots, cpuOK: true, srv: map[int]procCPU{}}
		// A short warm-up of each (connections, the client's view), then the slices, in the
		// order ABBA ABBA... (BAAB... on odd runs): a machine whose speed drifts during the
		// run slows both sides alike.
		throughput(ctx, a.cli, o.overheadClients, o.overheadDuration/5)
		throughput(ctx, b.cli, o.overheadClients, o.overheadDuration/5)
		for k := range o.overheadSlices {
			first, second := a, b
			if (k%2 == 0) != (i%2 == 0) {
				first, second = b, a
			}
			measure(first)
			measure(second)
		}
		r.Replicated, r.ReplicatedCPU = result(a)
		r.Unreplicated, r.UnreplicatedCPU = result(b)
		if ctx.Err() != nil {
			return runs, ctx.Err()
		}
		r.Failed = a.failed + b.failed
		if r.Unreplicated > 0 {
			r.Ratio = r.Replicated / r.Unreplicated
		}
		fmt.Fprintf(progress, "overhead run %d: WARM_PASSIVE x3 %.0f/s, unreplicated %.0f/s, ratio %.2f; CPU per call %.1f+%.1f us vs %.1f+%.1f us (client+servers); servers: %s vs %s\n",
			i+1, r.Replicated, r.Unreplicated, r.Ratio, r.ReplicatedCPU.Client, r.ReplicatedCPU.Servers, r.UnreplicatedCPU.Client, r.UnreplicatedCPU.Servers,
			r.ReplicatedCPU.byName(), r.UnreplicatedCPU.byName())
		runs = append(runs, r)
	}
	return runs, nil
}

// throughput runs callers goroutines calling Increment for d and returns successes per second,
// their number, the number of failed calls and the last failure.
func throughput(ctx context.Context, cli counterv1.CounterClient, callers int, d time.Duration) (perSecond float64, ok, failed int, last error) {
	var mu sync.Mutex
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	start := time.Now()
	var wg sync.WaitGroup
	for range callers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			good, bad := 0, 0
			var lastErr error
			for ctx.Err() == nil {
				// The call's own deadline is the window's end plus a margin: a call cut off
				// by the end of the window is not a failure.
				cctx, ccancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
				_, err := cli.Increment(cctx, &counterv1.IncrementRequest{By: 1})
				ccancel()
				switch {
				case err == nil && ctx.Err() == nil:
					good++
				case err != nil:
					bad, lastErr = bad+1, err
				}
			}
			mu.Lock()
			ok, failed = ok+good, failed+bad
			if lastErr != nil {
				last = lastErr
			}
			mu.Unlock()
		}()
	}
	wg.Wait()
	return float64(ok) / time.Since(start).Seconds(), ok, failed, last
}

func wardenDir(dir, part string) string {
	d := filepath.Join(dir, "warden-"+part)
	os.MkdirAll(d, 0o700)
	return d
}

// line is the progress line of the fault, the n-th.
func (f fault) line(n int) string {
	return fmt.Sprintf("%s %s %d: %s: failover gap %s from %s (served %s); rejoin gap %s from %s; recovered %s",
		f.System, f.Kind, n, f.Victim, ms(f.Gap), signed(f.GapAt), signed(f.Served), ms(f.Rejoin), signed(f.RejoinAt), signed(f.Recover))
}
