package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"os"
	"os/exec"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	"google.golang.org/protobuf/types/known/timestamppb"

	pb "github.com/wardenft/warden/api/warden/manager/v1"
	notifyv1 "github.com/wardenft/warden/api/warden/notify/v1"
	"github.com/wardenft/warden/manager"
)

// scaleConfig is one scale run's shape.
type scaleConfig struct {
	profile    string // "lan" or "local": the manager's NodeConfig profile
	agents     int
	groups     int
	groupSize  int // InitialNumberMembers = MinimumNumberMembers
	affected   int // members on the agents that are stopped
	steady     time.Duration
	settle     time.Duration // quiet time after placement, before the steady window
	timeout    time.Duration // longest wait for placement, detection or repair
	poll       time.Duration // how often the harness reads the state during the failure
	seed       uint64
	logLevel   slog.Level
	logOut     io.Writer
	memProfile string // heap profile after placement, "" for none
	cpuProfile string // prefix of the phases' CPU profiles, "" for none
}

// memFigures is the manager process's memory at one moment.
type memFigures struct {
	HeapInuse int64 `json:"heap_inuse_bytes"`
	GoSys     int64 `json:"go_sys_bytes"` // runtime.MemStats.Sys: all memory the Go runtime holds
	RSS       int64 `json:"rss_bytes"`
	PeakRSS   int64 `json:"peak_rss_bytes"` // VmHWM: the process's peak so far
}

func measureMem() memFigures {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	now, peak := rss()
	return memFigures{HeapInuse: int64(ms.HeapInuse), GoSys: int64(ms.Sys), RSS: now, PeakRSS: peak}
}

// scaleRun is what one scale run measured. Durations are nanoseconds in JSON.
type scaleRun struct {
	Profile   string `json:"profile"`
	Agents    int    `json:"agents"`
	Groups    int    `json:"groups"`
	GroupSize int    `json:"group_size"`
	Members   int    `json:"members"`

	Register       time.Duration `json:"register_agents_ns"`      // every agent registered (Raft writes)
	CreateGroups   time.Duration `json:"create_groups_ns"`        // every CreateObject answered
	Placement      time.Duration `json:"placement_ns"`            // first CreateObject -> every member in its view
	PlacementCPU   time.Duration `json:"placement_cpu_ns"`        // manager process CPU over the placement
	PlacementRecon uint64        `json:"placement_reconciles"`    // Reconcile calls the agents made during the placement
	PlacementRTT   rttStats      `json:"placement_heartbeat_rtt"` // agents' heartbeat round trips during the placement
	MinPerLocation int           `json:"min_members_per_location"`
	MaxPerLocation int           `json:"max_members_per_location"`

	SteadyWindow     time.Duration `json:"steady_window_ns"`
	SteadyCPU        time.Duration `json:"steady_cpu_ns"` // manager CPU over the window
	SteadyCPUPercent float64       `json:"steady_cpu_percent"`
	HeartbeatsPerS   float64       `json:"heartbeats_per_s"`
	CPUPerHeartbeat  time.Duration `json:"cpu_per_heartbeat_ns"`
	SteadyRTT        rttStats      `json:"steady_heartbeat_rtt"`
	MemSteady        memFigures    `json:"mem_steady"`

	Killed          int           `json:"killed_agents"`
	SuspectFirst    time.Duration `json:"suspect_first_ns"`   // kill -> the first HostCrashFault's time (the phi verdict)
	SuspectLast     time.Duration `json:"suspect_last_ns"`    // kill -> the last one
	VerdictToDown   time.Duration `json:"verdict_to_down_ns"` // the slowest location: its verdict -> its DOWN proposed (StateChangedAt)
	Affected        int           `json:"affected_members"`
	AffectedGroups  int           `json:"affected_groups"`
	DetectFirst     time.Duration `json:"detect_first_ns"` // kill -> first stopped location DOWN
	DetectLast      time.Duration `json:"detect_last_ns"`  // kill -> every stopped location DOWN
	RepairIssuedMax time.Duration `json:"repair_issued_after_detect_ns"`
	RepairIssuedP50 time.Duration `json:"repair_issued_after_detect_p50_ns"`
	AddedMax        time.Duration `json:"added_after_detect_ns"`
	AllIssued       time.Duration `json:"all_issued_ns"` // kill -> every repair issued
	AllAdded        time.Duration `json:"all_added_ns"`  // kill -> every replacement in its view
	FailureCPU      time.Duration `json:"failure_cpu_ns"`
	FailureRecon    uint64        `json:"failure_reconciles"` // Reconcile calls from the stop to the last repair
	FailureRTT      rttStats      `json:"failure_heartbeat_rtt"`
	MemAfter        memFigures    `json:"mem_after_repair"`
	FalseDown       []string      `json:"false_down"` // locations DOWN that were not stopped

	AgentsCPU       time.Duration `json:"agents_process_cpu_ns"` // the simulated agents' process, whole run
	ReconcileErrors uint64        `json:"agent_reconcile_errors"`
	Wall            time.Duration `json:"wall_ns"`
}

// agentsProc is the child process that runs the simulated agents.
type agentsProc struct {
	cmd   *exec.Cmd
	in    io.WriteCloser
	lines chan string
}

func startAgents(ctx context.Context, managerAddr string, n int, seed uint64, timeout time.Duration) (*agentsProc, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(exe, "-manager", managerAddr, "-n", strconv.Itoa(n), "-seed", strconv.FormatUint(seed, 10))
	cmd.Env = append(os.Environ(), childEnv+"=agents")
	cmd.Stderr = os.Stderr
	dieWithParent(cmd)
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	p := &agentsProc{cmd: cmd, in: in, lines: make(chan string, 16)}
	go func() {
		defer close(p.lines)
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			p.lines <- sc.Text()
		}
	}()
	if _, err := p.await(ctx, "ready", timeout); err != nil {
		p.stop()
		return nil, fmt.Errorf("agents: %w", err)
	}
	return p, nil
}

// await returns the next line starting with word.
func (p *agentsProc) await(ctx context.Context, word string, timeout time.Duration) (string, error) {
	t := time.NewTimer(timeout)
	defer t.Stop()
	for {
		select {
		case line, ok := <-p.lines:
			if !ok {
				return "", fmt.Errorf("the agents' process ended before saying %q", word)
			}
			if strings.HasPrefix(line, word) {
				return line, nil
			}
			if strings.HasPrefix(line, "error") {
				return "", errors.New(line)
			}
		case <-t.C:
			return "", fmt.Errorf("no %q within %v", word, timeout)
		case <-ctx.Done():
			return "", ctx.Err()
		}
	}
}

func (p *agentsProc) ask(ctx context.Context, cmd, answer string) ([]string, error) {
	if _, err := fmt.Fprintln(p.in, cmd); err != nil {
		return nil, err
	}
	line, err := p.await(ctx, answer, 30*time.Second)
	if err != nil {
		return nil, err
	}
	return strings.Fields(line)[1:], nil
}

func (p *agentsProc) stop() {
	p.in.Close()
	done := make(chan struct{})
	go func() { p.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		signalKill(p.cmd)
		<-done
	}
}

// inProcManager is the manager under test: manager.OpenNode and RegisterServices on a
// loopback listener, in this process.
type inProcManager struct {
	n    *manager.Node
	srv  *grpc.Server
	lis  net.Listener
	conn *grpc.ClientConn
	dir  string
}

func startInProcManager(profile string, logger *slog.Logger) (*inProcManager, error) {
	dir, err := os.MkdirTemp("", "warden-bench-manager-")
	if err != nil {
		return nil, err
	}
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	cfg := manager.NodeConfig{DataDir: dir, RaftAddr: "127.0.0.1:0", APIAddr: lis.Addr().String(), Bootstrap: true, Logger: logger}
	if profile == "local" {
		cfg = manager.LocalProfile(cfg)
	}
	n, err := manager.OpenNode(cfg)
	if err != nil {
		lis.Close()
		os.RemoveAll(dir)
		return nil, err
	}
	srv := grpc.NewServer()
	manager.RegisterServices(srv, n)
	go srv.Serve(lis)
	conn, err := grpc.NewClient(lis.Addr().String(), grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		srv.Stop()
		n.Shutdown()
		os.RemoveAll(dir)
		return nil, err
	}
	m := &inProcManager{n: n, srv: srv, lis: lis, conn: conn, dir: dir}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := n.WaitLeader(ctx); err != nil {
		m.close()
		return nil, err
	}
	return m, nil
}

func (m *inProcManager) close() {
	m.conn.Close()
	m.srv.Stop()
	m.n.Shutdown()
	os.RemoveAll(m.dir)
}

func cpuNow() time.Duration {
	u, s, _ := selfRusage()
	return u + s
}

func groupName(i int) string { return fmt.Sprintf("g-%05d", i+1) }

// runScale runs one scale run: a manager, the agents, the groups until placed, a steady
// window, then a host failure of the agents holding cfg.affected members.
func runScale(ctx context.Context, cfg scaleConfig, progress io.Writer) (*scaleRun, error) {
	began := time.Now()
	r := &scaleRun{Profile: cfg.profile, Agents: cfg.agents, Groups: cfg.groups, GroupSize: cfg.groupSize, Members: cfg.groups * cfg.groupSize}
	logOut := cfg.logOut
	if logOut == nil {
		logOut = io.Discard
	}
	logger := slog.New(slog.NewTextHandler(logOut, &slog.HandlerOptions{Level: cfg.logLevel}))
	m, err := startInProcManager(cfg.profile, logger)
	if err != nil {
		return nil, fmt.Errorf("manager: %w", err)
	}
	defer m.close()

	t := time.Now()
	agents, err := startAgents(ctx, m.lis.Addr().String(), cfg.agents, cfg.seed, cfg.timeout)
	if err != nil {
		return nil, err
	}
	defer agents.stop()
	r.Register = time.Since(t)
	fmt.Fprintf(progress, "scale %s: %d agents registered in %v\n", cfg.profile, cfg.agents, r.Register.Round(time.Millisecond))

	types := pb.NewTypeRegistryClient(m.conn)
	if _, err := types.RegisterType(ctx, &pb.RegisterTypeRequest{Type: &pb.MemberType{TypeId: "bench", Launch: &pb.LaunchSpec{Command: "/bin/true"}}}); err != nil {
		return nil, fmt.Errorf("register type: %w", err)
	}
	ids := make([]string, cfg.groups)
	for i := range ids {
		ids[i] = groupName(i)
	}

	prof := &phaseProfiler{prefix: cfg.cpuProfile}
	defer prof.stop()

	// Placement: create the groups through the API (the control loop creates their members
	// through the agents as soon as each group exists), then wait for every view to be full.
	if err := prof.start("placement"); err != nil {
		return nil, err
	}
	st0, err := agentStats(ctx, agents)
	if err != nil {
		return nil, err
	}
	if _, err := heartbeatRTT(ctx, agents); err != nil { // from now on
		return nil, err
	}
	cpu0 := cpuNow()
	t0 := time.Now()
	factory := pb.NewGenericFactoryClient(m.conn)
	size := uint32(cfg.groupSize)
	props := &pb.Properties{ReplicationStyle: pb.ReplicationStyle_REPLICATION_STYLE_STATELESS, InitialNumberMembers: &size, MinimumNumberMembers: &size}
	if err := parallel(ctx, 32, len(ids), func(i int) error {
		_, err := factory.CreateObject(ctx, &pb.CreateObjectRequest{TypeId: "bench", GroupId: ids[i], Criteria: props})
		return err
	}); err != nil {
		return nil, fmt.Errorf("create groups: %w", err)
	}
	r.CreateGroups = time.Since(t0)
	fmt.Fprintf(progress, "scale %s: %d groups created in %v\n", cfg.profile, cfg.groups, r.CreateGroups.Round(time.Millisecond))
	deadline := time.Now().Add(cfg.timeout)
	for {
		full := 0
		for lo := 0; lo < len(ids); lo += 200 { // short reads: the harness must not hold up Apply
			m.n.Read(func(s *manager.State) {
				for _, id := range ids[lo:min(lo+200, len(ids))] {
					if v, err := s.View(id); err == nil && len(v.Members) == cfg.groupSize {
						full++
					}
				}
			})
		}
		if full == len(ids) {
			break
		}
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("placement: %d of %d groups full after %v", full, len(ids), cfg.timeout)
		}
		if err := sleepOrDone(ctx, 50*time.Millisecond); err != nil {
			return nil, err
		}
	}
	r.Placement = time.Since(t0)
	r.PlacementCPU = cpuNow() - cpu0
	st1, err := agentStats(ctx, agents)
	if err != nil {
		return nil, err
	}
	r.PlacementRecon = st1[1] - st0[1]
	if r.PlacementRTT, err = heartbeatRTT(ctx, agents); err != nil {
		return nil, err
	}
	fmt.Fprintf(progress, "scale %s: %d members in views after %v (manager CPU %v, %d reconciliations)\n", cfg.profile, r.Members,
		r.Placement.Round(time.Millisecond), r.PlacementCPU.Round(time.Millisecond), r.PlacementRecon)

	prof.stop()
	if err := sleepOrDone(ctx, cfg.settle); err != nil {
		return nil, err
	}
	// Steady state: heartbeats only (and the odd reconciliation).
	hb0, err := agentStats(ctx, agents)
	if err != nil {
		return nil, err
	}
	if _, err := heartbeatRTT(ctx, agents); err != nil {
		return nil, err
	}
	if err := prof.start("steady"); err != nil {
		return nil, err
	}
	cpu0, t0 = cpuNow(), time.Now()
	if err := sleepOrDone(ctx, cfg.steady); err != nil {
		return nil, err
	}
	r.SteadyCPU, r.SteadyWindow = cpuNow()-cpu0, time.Since(t0)
	hb1, err := agentStats(ctx, agents)
	if err != nil {
		return nil, err
	}
	if r.SteadyRTT, err = heartbeatRTT(ctx, agents); err != nil {
		return nil, err
	}
	beats := hb1[0] - hb0[0]
	r.SteadyCPUPercent = 100 * r.SteadyCPU.Seconds() / r.SteadyWindow.Seconds()
	r.HeartbeatsPerS = float64(beats) / r.SteadyWindow.Seconds()
	if beats > 0 {
		r.CPUPerHeartbeat = r.SteadyCPU / time.Duration(beats)
	}
	r.MemSteady = measureMem()
	if cfg.memProfile != "" {
		if err := writeHeapProfile(cfg.memProfile); err != nil {
			return nil, err
		}
	}
	fmt.Fprintf(progress, "scale %s: steady %.0f heartbeats/s, manager CPU %.1f%%, heap in use %s, RSS %s\n", cfg.profile,
		r.HeartbeatsPerS, r.SteadyCPUPercent, mib(r.MemSteady.HeapInuse), mib(r.MemSteady.RSS))

	// The host failure.
	where := map[string][]memberAt{}
	m.n.Read(func(s *manager.State) {
		for _, id := range ids {
			v, err := s.View(id)
			if err != nil {
				continue
			}
			for _, mb := range v.Members {
				where[mb.Location] = append(where[mb.Location], memberAt{id, mb.MemberId})
			}
		}
	})
	r.MinPerLocation, r.MaxPerLocation = perLocation(where, cfg.agents)
	killed := chooseVictims(where, cfg.agents, cfg.affected, cfg.seed)
	if len(killed) == 0 {
		return nil, fmt.Errorf("no set of agents holds %d members", cfg.affected)
	}
	isKilled := map[string]bool{}
	for _, loc := range killed {
		isKilled[loc] = true
		r.Affected += len(where[loc])
	}
	r.Killed = len(killed)
	fr := newFailureWatch(where, killed, cfg.groupSize)
	r.AffectedGroups = len(fr.groups)

	if err := prof.start("failure"); err != nil {
		return nil, err
	}
	st0, err = agentStats(ctx, agents)
	if err != nil {
		return nil, err
	}
	if _, err := heartbeatRTT(ctx, agents); err != nil {
		return nil, err
	}
	cpu0 = cpuNow()
	ans, err := agents.ask(ctx, "halt "+strings.Join(killed, " "), "halted")
	if err != nil {
		return nil, err
	}
	ns, _ := strconv.ParseInt(ans[0], 10, 64)
	kill := time.Unix(0, ns)
	fmt.Fprintf(progress, "scale %s: stopped %d agents holding %d members of %d groups\n", cfg.profile, r.Killed, r.Affected, r.AffectedGroups)
	deadline = time.Now().Add(cfg.timeout)
	for !fr.done() {
		now := time.Now()
		m.n.Read(func(s *manager.State) { fr.observeLocations(s, now) })
		for _, g := range fr.groupIDs {
			m.n.Read(func(s *manager.State) { fr.observeGroup(s, g, now, isKilled) })
		}
		if now.After(deadline) {
			return nil, fmt.Errorf("failure: not repaired within %v: %s", cfg.timeout, fr.missing())
		}
		if err := sleepOrDone(ctx, cfg.poll); err != nil {
			return nil, err
		}
	}
	r.FailureCPU = cpuNow() - cpu0
	if st1, err = agentStats(ctx, agents); err != nil {
		return nil, err
	}
	r.FailureRecon = st1[1] - st0[1]
	if r.FailureRTT, err = heartbeatRTT(ctx, agents); err != nil {
		return nil, err
	}
	prof.stop()
	r.MemAfter = measureMem()
	fr.results(kill, r)
	downAt := map[string]time.Time{}
	m.n.Read(func(s *manager.State) {
		for _, l := range s.Locations() {
			if l.State != pb.LocationState_LOCATION_STATE_DOWN {
				continue
			}
			if !isKilled[l.Name] {
				r.FalseDown = append(r.FalseDown, l.Name)
			} else {
				downAt[l.Name] = l.GetStateChangedAt().AsTime()
			}
		}
	})
	if err := verdicts(ctx, m, kill, downAt, r); err != nil {
		return nil, err
	}
	fmt.Fprintf(progress, "scale %s: detected %v-%v after the stop; repairs issued <= %v after detection, added <= %v; all added %v after the stop\n",
		cfg.profile, r.DetectFirst.Round(time.Millisecond), r.DetectLast.Round(time.Millisecond), r.RepairIssuedMax.Round(time.Millisecond),
		r.AddedMax.Round(time.Millisecond), r.AllAdded.Round(time.Millisecond))

	if st, err := agentStats(ctx, agents); err == nil {
		r.ReconcileErrors = st[2]
	}
	if ru, err := agents.ask(ctx, "rusage", "rusage"); err == nil && len(ru) >= 2 {
		u, _ := strconv.ParseInt(ru[0], 10, 64)
		s, _ := strconv.ParseInt(ru[1], 10, 64)
		r.AgentsCPU = time.Duration(u + s)
	}
	r.Wall = time.Since(began)
	return r, nil
}

// verdicts reads the HostCrashFaults of the stopped locations from the fault history (their
// time is the phi verdict's) to split detection into the judge's part and the manager's.
func verdicts(ctx context.Context, m *inProcManager, kill time.Time, downAt map[string]time.Time, r *scaleRun) error {
	h, err := notifyv1.NewFaultNotifierClient(m.conn).QueryHistory(ctx, &notifyv1.QueryHistoryRequest{
		Since: timestamppb.New(kill.Add(-time.Second)), Filter: `event.kind == "HostCrashFault"`, PageSize: 1000})
	if err != nil {
		return fmt.Errorf("fault history: %w", err)
	}
	first := map[string]time.Time{}
	for _, e := range h.GetEvents() {
		at := e.GetTime().AsTime()
		if _, stopped := downAt[e.GetLocation()]; stopped {
			if f, ok := first[e.GetLocation()]; !ok || at.Before(f) {
				first[e.GetLocation()] = at
			}
		}
	}
	var lo, hi time.Time
	for loc, at := range first {
		if lo.IsZero() || at.Before(lo) {
			lo = at
		}
		if at.After(hi) {
			hi = at
		}
		r.VerdictToDown = max(r.VerdictToDown, downAt[loc].Sub(at))
	}
	if len(first) > 0 {
		r.SuspectFirst, r.SuspectLast = lo.Sub(kill), hi.Sub(kill)
	}
	return nil
}

// rttStats summarises heartbeat round trips (send -> acknowledgement, at the agents) from the
// histogram: each figure is the upper bound of the bucket it falls in (Max "inf": beyond the
// last bound).
type rttStats struct {
	Count uint64        `json:"count"`
	P50   time.Duration `json:"p50_ns"`
	P99   time.Duration `json:"p99_ns"`
	Max   time.Duration `json:"max_ns"` // -1: above the last bucket
}

// heartbeatRTT reads and resets the agents' round-trip histogram.
func heartbeatRTT(ctx context.Context, p *agentsProc) (rttStats, error) {
	f, err := p.ask(ctx, "rtt", "rtt")
	if err != nil {
		return rttStats{}, err
	}
	counts := make([]uint64, len(f))
	var st rttStats
	for i := range f {
		counts[i], _ = strconv.ParseUint(f[i], 10, 64)
		st.Count += counts[i]
	}
	bound := func(i int) time.Duration {
		if i < len(rttBuckets) {
			return rttBuckets[i]
		}
		return -1
	}
	var seen uint64
	for i, c := range counts {
		if c == 0 {
			continue
		}
		seen += c
		if st.P50 == 0 && seen*2 >= st.Count {
			st.P50 = bound(i)
		}
		if st.P99 == 0 && seen*100 >= st.Count*99 {
			st.P99 = bound(i)
		}
		st.Max = bound(i)
	}
	return st, nil
}

func agentStats(ctx context.Context, p *agentsProc) ([4]uint64, error) {
	var st [4]uint64
	f, err := p.ask(ctx, "stats", "stats")
	if err != nil {
		return st, err
	}
	for i := range min(len(f), 4) {
		st[i], _ = strconv.ParseUint(f[i], 10, 64)
	}
	return st, nil
}

type memberAt struct{ group, member string }

func perLocation(where map[string][]memberAt, agents int) (lo, hi int) {
	lo = -1
	for i := range agents {
		n := len(where[locationName(i)])
		if lo < 0 || n < lo {
			lo = n
		}
		hi = max(hi, n)
	}
	return lo, hi
}

// chooseVictims picks agents, in a seeded random order, whose members add up to exactly
// want (skipping any that would overshoot), trying up to 1,000 orders; nil if none did.
func chooseVictims(where map[string][]memberAt, agents, want int, seed uint64) []string {
	order := make([]string, agents)
	for i := range order {
		order[i] = locationName(i)
	}
	for attempt := range uint64(1000) {
		rng := rand.New(rand.NewPCG(seed, 0x4b1+attempt))
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		var out []string
		sum := 0
		for _, loc := range order {
			n := len(where[loc])
			if n == 0 || sum+n > want {
				continue
			}
			out = append(out, loc)
			sum += n
			if sum == want {
				slices.Sort(out)
				return out
			}
		}
	}
	return nil
}

// failureWatch records, from repeated reads of the state, when each stopped location went
// DOWN and when each affected member's repair was issued (removed from its view, and its
// group back at its size counting members being created at live locations) and done (the
// group's view full again, all at live locations, nothing being created).
type failureWatch struct {
	size     int
	locs     map[string]time.Time // stopped location -> when seen DOWN
	groups   map[string][]string  // affected group -> its affected member ids
	groupIDs []string
	memberAt map[string]string    // group/member -> its location
	issued   map[string]time.Time // group/member -> repair issued
	added    map[string]time.Time // group -> view full again
}

func newFailureWatch(where map[string][]memberAt, killed []string, size int) *failureWatch {
	w := &failureWatch{size: size, locs: map[string]time.Time{}, groups: map[string][]string{}, memberAt: map[string]string{},
		issued: map[string]time.Time{}, added: map[string]time.Time{}}
	for _, l := range killed {
		w.locs[l] = time.Time{}
		for _, v := range where[l] {
			if _, ok := w.groups[v.group]; !ok {
				w.groupIDs = append(w.groupIDs, v.group)
			}
			w.groups[v.group] = append(w.groups[v.group], v.member)
			w.memberAt[v.group+"/"+v.member] = l
		}
	}
	slices.Sort(w.groupIDs)
	return w
}

func (w *failureWatch) observeLocations(s *manager.State, now time.Time) {
	for name, at := range w.locs {
		if !at.IsZero() {
			continue
		}
		if l, err := s.Location(name); err == nil && l.State == pb.LocationState_LOCATION_STATE_DOWN {
			w.locs[name] = now
		}
	}
}

func (w *failureWatch) observeGroup(s *manager.State, id string, now time.Time, killed map[string]bool) {
	if _, ok := w.added[id]; ok {
		return
	}
	g, err := s.Group(id)
	if err != nil {
		return
	}
	live := 0
	in := map[string]bool{}
	for _, mb := range g.View.Members {
		in[mb.MemberId] = true
		if !killed[mb.Location] {
			live++
		}
	}
	for _, mid := range w.groups[id] {
		key := id + "/" + mid
		if _, ok := w.issued[key]; ok {
			continue
		}
		// Its removal and its replacement's creation are committed. The replacement may be
		// at a stopped location not yet judged: the manager could not know; its own DOWN
		// then cancels it and creates another (counted in the time to views).
		if !in[mid] && len(g.View.Members)+len(g.Pending) >= w.size {
			w.issued[key] = now
		}
	}
	if live == w.size && len(g.View.Members) == w.size && len(g.Pending) == 0 {
		w.added[id] = now
		for _, mid := range w.groups[id] {
			if _, ok := w.issued[id+"/"+mid]; !ok {
				w.issued[id+"/"+mid] = now
			}
		}
	}
}

func (w *failureWatch) done() bool {
	for _, at := range w.locs {
		if at.IsZero() {
			return false
		}
	}
	return len(w.added) == len(w.groups)
}

func (w *failureWatch) missing() string {
	var down []string
	for l, at := range w.locs {
		if at.IsZero() {
			down = append(down, l)
		}
	}
	return fmt.Sprintf("locations not DOWN %v; %d of %d groups repaired, %d member repairs issued", down, len(w.added), len(w.groups), len(w.issued))
}

// results fills in r's failure figures. A member's repair is timed from its location's DOWN.
func (w *failureWatch) results(kill time.Time, r *scaleRun) {
	var first, last time.Time
	for _, at := range w.locs {
		if first.IsZero() || at.Before(first) {
			first = at
		}
		if at.After(last) {
			last = at
		}
	}
	r.DetectFirst, r.DetectLast = first.Sub(kill), last.Sub(kill)
	// Which location each affected member was at.
	var issuedAfter []time.Duration
	var lastIssued, lastAdded time.Time
	for g, mids := range w.groups {
		for _, mid := range mids {
			at := w.issued[g+"/"+mid]
			down := w.locs[w.memberAt[g+"/"+mid]]
			issuedAfter = append(issuedAfter, at.Sub(down))
			if at.After(lastIssued) {
				lastIssued = at
			}
			if add := w.added[g].Sub(down); add > r.AddedMax {
				r.AddedMax = add
			}
		}
		if w.added[g].After(lastAdded) {
			lastAdded = w.added[g]
		}
	}
	slices.Sort(issuedAfter)
	r.RepairIssuedMax = issuedAfter[len(issuedAfter)-1]
	r.RepairIssuedP50 = percentile(issuedAfter, 0.5)
	r.AllIssued, r.AllAdded = lastIssued.Sub(kill), lastAdded.Sub(kill)
}

// parallel runs f(0..n-1) with at most width at once and returns the first error.
func parallel(parent context.Context, width, n int, f func(i int) error) error {
	ctx, cancel := context.WithCancel(parent)
	defer cancel()
	var (
		wg    sync.WaitGroup
		once  sync.Once
		first error
	)
	sem := make(chan struct{}, width)
	for i := range n {
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			break
		}
		wg.Add(1)
		go func() {
			defer func() { <-sem; wg.Done() }()
			if err := f(i); err != nil {
				once.Do(func() { first = fmt.Errorf("%d: %w", i, err); cancel() })
			}
		}()
	}
	wg.Wait()
	if first == nil {
		first = parent.Err()
	}
	return first
}

func sleepOrDone(ctx context.Context, d time.Duration) error {
	if !sleepCtx(ctx, d) {
		return ctx.Err()
	}
	return nil
}

// freeMemory returns what a finished run left to the OS, so that the next run's memory
// figures are its own.
func freeMemory() {
	runtime.GC()
	debug.FreeOSMemory()
}
