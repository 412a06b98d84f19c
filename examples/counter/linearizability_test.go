package main

// TestLinearizability checks the replicated counter against its sequential specification
// under faults, with porcupine (github.com/anishathalye/porcupine), for each passive
// replication style: WARM_PASSIVE and COLD_PASSIVE, two subtests that run in parallel, each
// on its own cluster.
//
// A real cluster on loopback (internal/cluster): one manager (the lan profile: agents
// heartbeat every second, a host fault about 2.5s after the last one or at once when an
// agent's stream breaks, 2s leases; fault damping relaxed, see Profiles), five
// agents at locations a to e (linLocations says why five), a counter group of three members
// (this package's binary, started by the agents; PULL monitoring every 200ms). Six workers over three client SDK
// instances (client.NewClient("warden:///lincounter"): three client ids), each paced to at
// most one call per 20ms, call Increment(by) (by drawn from 1..1000; the answer is the new
// value) and Get, half of the reads with client.ReadOnly (no request id), each call with a
// 30s deadline within which the SDK retries with the same request id. Every call goes into
// the history with its call and return time; a call that ends in an error is an unknown
// outcome (it may or may not have taken effect), which the model lets take effect at any
// point after its call (its return is put after every other operation of its piece).
//
// The fault injector runs a schedule drawn from the seed, in blocks of 20 faults shuffled.
// WARM_PASSIVE: 9 SIGKILLs of the primary, 7 SIGKILLs of a backup, 2 SIGSTOPs of the primary
// until a backup is promoted (past its lease) followed by SIGCONT, 2 SIGKILLs of an agent (its
// members die with it; half the time the primary's host), started again once the manager has
// taken its member out of the view. COLD_PASSIVE (only the primary runs; the agents at the
// other two locations hold its checkpoint and log): 12 primary kills, 4 pauses, 4 agent
// kills. A location's agent is killed at most once per linAgentKillSpacing; a kill-agent with no location to kill is a
// kill-primary instead (counted in the log). One fault per round: the workers run, the fault
// is injected once they have answers in the round, the injector waits for the group to be
// back at full strength (three members, all ready and caught up, or for COLD_PASSIVE a ready
// primary and two cold members: polled from the manager with a deadline; never a fixed
// sleep) and for more answers under the new view, then the workers stop and one read is made
// alone: the round's boundary. COLD_PASSIVE begins with a probe: an increment, the primary
// killed, the increment read back from the member rolled forward at another location.
//
// At the end:
//   - porcupine: the history is linearizable. One object, so nothing to partition by; instead
//     the history is cut at the rounds' boundary reads (nothing is concurrent with one, so the
//     pieces are independent given the value it read), which keeps every piece to a few
//     hundred operations (at most linWorkers*linMaxRoundOps) and the check to milliseconds;
//     an unknown outcome joins everything after it into one piece (see linCheck). A piece
//     that is not linearizable is drawn by porcupine's visualization into an HTML file in a
//     directory that is kept (its path is logged), with the cluster's logs beside it. Two
//     primaries answering, a stale read, a lost or a doubled increment: each makes the
//     history non-linearizable.
//   - exactly once: the answered increments, sorted by the value they returned, each add
//     their own amount to the one before; the final value is the initial one plus their sum
//     plus some subset of the unknown outcomes. Every call is expected to be answered (the
//     SDK masks every fault of the schedule within the deadline): an error fails the test
//     too.
//
// Profiles. The short one (the default, run by make test) injects 100 faults into the
// WARM_PASSIVE group and 40 into the COLD_PASSIVE one, in parallel. The manager runs with its
// fault damping relaxed (--damping-half-life 2s --restart-budget 1000: with the defaults a
// group losing a member every second has its slots suppressed for minutes, by design). The
// long profile:
//
//	WARDEN_LIN_FAULTS=1000 WARDEN_LIN_FULL_TIMEOUT=5m go test -race -count=1 -timeout 0 -run TestLinearizability -v ./examples/counter
//	WARDEN_LIN_DURATION=30m WARDEN_LIN_FULL_TIMEOUT=5m go test -race -count=1 -timeout 0 -run 'TestLinearizability/WARM_PASSIVE' -v ./examples/counter
//
// WARDEN_LIN_FAULTS is the number of faults per style, WARDEN_LIN_DURATION stops injecting
// once that much time has passed (with only the duration set, faults are unlimited),
// WARDEN_LIN_FULL_TIMEOUT bounds each wait for full strength (1m by default),
// WARDEN_LIN_MIX overrides the share of each kind in a block of the schedule
// (kill-primary=8,kill-backup=6,pause-primary=3,kill-agent=3), WARDEN_LIN_SEED replays a
// schedule (the seed is logged at the start of every run; the timing of a run is not
// reproducible, its schedule is). The log gives the faults by kind, the operations, the
// anomalies (there must be none), failover times (to the new primary in the view, and the
// longest time between two answered calls around the fault) and the time to full strength.
//
// A fault beyond the fault model, in no default mix (pause-all: the primary and the agents of
// both backups SIGSTOPped until the manager removed all three from the view):
//
//	WARDEN_LIN_MIX=pause-all=1 WARDEN_LIN_FAULTS=1 go test -race -count=1 -run 'TestLinearizability/WARM_PASSIVE' -v ./examples/counter
//
// Every member that held the state is gone. The manager once made the next member added the
// primary as if it held the whole history, and the counter went back to 0 (every
// acknowledged increment lost: this test found it). Now the group is reported as having lost
// its state and serves nothing until an operator names a primary; the history stays
// linearizable and the run ends short of full strength (errLinNotRecovered).
import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	counterv1 "github.com/wardenft/warden/api/warden/counter/v1"
	"github.com/wardenft/warden/client"
)

const (
	linWorkers      = 6
	linClients      = 3                // client SDK instances the workers share
	linOpTimeout    = 30 * time.Second // each call's deadline (the SDK retries within it)
	linRoundAnswers = 10               // answers in a round before its fault, and again after recovery
	linMaxRoundOps  = 1500             // per worker and round: bounds a piece of the history
	// linCallInterval paces each worker: at most one call started per interval (so at most
	// linWorkers/linCallInterval calls a second in all). The load is a rate, not a flood: on a
	// shared two-core machine an unpaced load (the race detector's client side, three
	// replicas) starves the agents' 100ms heartbeats, and the manager takes them for host
	// faults.
	linCallInterval = 20 * time.Millisecond
	linCheckTimeout = 2 * time.Minute // porcupine, per piece
	// linColdProbeTimeout: how long a COLD_PASSIVE group may take to serve again after its
	// primary was killed before the variant is taken as not built yet.
	linColdProbeTimeout = 20 * time.Second
)

// linProfile is a run's size.
type linProfile struct {
	faults   int           // 0: unlimited (then duration is set)
	duration time.Duration // 0: unlimited
	seed     uint64
	mix      *[linFaultKinds]int // nil: the style's
	// fullTimeout bounds each wait for full strength (linRecoverTimeout by default). A long
	// run sets it above the analyzer's longest suppression (MaxSuppressTime, 10m; about two
	// minutes after a burst of three faults), so that it waits a suppression out instead of
	// failing.
	fullTimeout time.Duration
}

// The short profile's faults per style.
const (
	linWarmFaults = 100
	linColdFaults = 40
)

func linProfileFromEnv(t *testing.T, faults int) linProfile {
	p := linProfile{faults: faults, seed: uint64(time.Now().UnixNano()), fullTimeout: linRecoverTimeout}
	if s := os.Getenv("WARDEN_LIN_FULL_TIMEOUT"); s != "" {
		d, err := time.ParseDuration(s)
		if err != nil || d <= 0 {
			t.Fatalf("WARDEN_LIN_FULL_TIMEOUT=%q: want a positive duration", s)
		}
		p.fullTimeout = d
	}
	if s := os.Getenv("WARDEN_LIN_DURATION"); s != "" {
		d, err := time.ParseDuration(s)
		if err != nil || d <= 0 {
			t.Fatalf("WARDEN_LIN_DURATION=%q: want a positive duration", s)
		}
		p.duration, p.faults = d, 0
	}
	if s := os.Getenv("WARDEN_LIN_FAULTS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n <= 0 {
			t.Fatalf("WARDEN_LIN_FAULTS=%q: want a positive number", s)
		}
		p.faults = n
	}
	if s := os.Getenv("WARDEN_LIN_MIX"); s != "" {
		var mix [linFaultKinds]int
		for _, kv := range strings.Split(s, ",") {
			name, n, _ := strings.Cut(strings.TrimSpace(kv), "=")
			k := slices.IndexFunc(linAllKinds(), func(k linFaultKind) bool { return k.String() == name })
			c, err := strconv.Atoi(n)
			if k < 0 || err != nil || c < 0 {
				t.Fatalf("WARDEN_LIN_MIX=%q: want kind=count,... with kinds %v", s, linAllKinds())
			}
			mix[k] = c
		}
		p.mix = &mix
	}
	if s := os.Getenv("WARDEN_LIN_SEED"); s != "" {
		n, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			t.Fatalf("WARDEN_LIN_SEED=%q: want an unsigned integer", s)
		}
		p.seed = n
	}
	return p
}

func TestLinearizability(t *testing.T) {
	if testing.Short() {
		t.Skip("process test")
	}
	t.Run("WARM_PASSIVE", func(t *testing.T) {
		t.Parallel()
		lc, err := linStartCluster(t, linWarmPassive)
		if err != nil {
			t.Fatal(err)
		}
		linRun(t, lc, linProfileFromEnv(t, linWarmFaults))
	})
	t.Run("COLD_PASSIVE", func(t *testing.T) {
		t.Parallel()
		lc, err := linStartCluster(t, linColdPassive)
		if err != nil {
			t.Fatal(err)
		}
		if err := linColdProbe(lc); err != nil {
			t.Fatalf("COLD_PASSIVE failover: %v", err)
		}
		linRun(t, lc, linProfileFromEnv(t, linColdFaults))
	})
}

// linColdProbe: a COLD_PASSIVE group reaches full strength (a ready primary, two cold
// members), serves an increment, and serves again (the increment kept) after its primary is
// killed.
func linColdProbe(lc *linCluster) error {
	v, err := lc.fullStrength(linColdProbeTimeout, nil)
	if err != nil {
		return fmt.Errorf("the group never reached a ready primary and two cold members: %w", err)
	}
	cc, err := linDial(lc)
	if err != nil {
		return err
	}
	defer cc.Close()
	cli := counterv1.NewCounterClient(cc)
	ctx, cancel := context.WithTimeout(context.Background(), linColdProbeTimeout)
	defer cancel()
	if _, err := cli.Increment(ctx, &counterv1.IncrementRequest{By: 1}); err != nil {
		return fmt.Errorf("an increment before any fault: %w", err)
	}
	pid, err := lc.pid(v.Primary)
	if err != nil {
		return err
	}
	syscall.Kill(pid, syscall.SIGKILL)
	ctx2, cancel2 := context.WithTimeout(context.Background(), linColdProbeTimeout)
	defer cancel2()
	r, err := cli.Get(ctx2, &counterv1.GetRequest{})
	if err != nil {
		return fmt.Errorf("no primary served within %v after %s was killed: %w", linColdProbeTimeout, v.Primary, err)
	}
	if r.Value != 1 {
		return fmt.Errorf("after %s was killed the counter reads %d, want 1 (rolled forward from the log)", v.Primary, r.Value)
	}
	if _, err := lc.fullStrength(linColdProbeTimeout, nil); err != nil {
		return fmt.Errorf("not back to full strength after the primary was killed: %w", err)
	}
	return nil
}

func linDial(lc *linCluster) (*grpc.ClientConn, error) {
	cfg := client.DefaultConfig()
	cfg.Managers = []string{lc.mgr.API}
	return client.NewClient("warden:///"+linGroupID, cfg, grpc.WithTransportCredentials(insecure.NewCredentials()))
}

// linLoad is the workers of one round.
type linLoad struct {
	rec     *linRecorder
	clis    []counterv1.CounterClient
	seed    uint64
	round   int
	answers atomic.Int64 // in the current round
	idle    atomic.Int64 // workers of the current round that made their linMaxRoundOps calls
	errors  atomic.Int64 // in the whole run
	stop    context.CancelFunc
	wg      sync.WaitGroup
}

// start starts the workers for a round.
func (l *linLoad) start() {
	l.round++
	l.answers.Store(0)
	l.idle.Store(0)
	ctx, stop := context.WithCancel(context.Background())
	l.stop = stop
	for w := range linWorkers {
		l.wg.Add(1)
		go l.worker(ctx, w, rand.New(rand.NewPCG(l.seed, uint64(l.round*linWorkers+w))))
	}
}

// quiesce stops the workers and waits until none has a call in flight. A call ends by its
// deadline at the latest (the SDK promises never to hang past it), so a worker still busy
// well after that is a hang.
func (l *linLoad) quiesce() error {
	l.stop()
	done := make(chan struct{})
	go func() { l.wg.Wait(); close(done) }()
	select {
	case <-done:
		return nil
	case <-time.After(linOpTimeout + 15*time.Second):
		return fmt.Errorf("a call is still in flight %v after the workers were stopped (deadline %v): the client SDK hangs", linOpTimeout+15*time.Second, linOpTimeout)
	}
}

func (l *linLoad) worker(ctx context.Context, w int, rng *rand.Rand) {
	defer l.wg.Done()
	cli := l.clis[w%len(l.clis)]
	n := 0
	defer func() {
		if n == linMaxRoundOps {
			l.idle.Add(1)
		}
	}()
	pace := time.NewTicker(linCallInterval)
	defer pace.Stop()
	for ; n < linMaxRoundOps && ctx.Err() == nil; n++ {
		select {
		case <-pace.C:
		case <-ctx.Done():
			return
		}
		op := linOp{client: w}
		switch x := rng.IntN(10); {
		case x < 8:
			op.in = linInput{kind: linIncrement, by: 1 + rng.Int64N(1000)}
		case x == 8:
			op.in = linInput{kind: linGet}
		default:
			op.in = linInput{kind: linGetRO}
		}
		l.call(cli, &op)
		l.rec.record(op)
		if op.err != nil {
			l.errors.Add(1)
		} else {
			l.answers.Add(1)
		}
	}
}

// call makes op's call, not under the round's context: a call is never abandoned by the test,
// it ends with an answer or the SDK's error at its deadline.
func (l *linLoad) call(cli counterv1.CounterClient, op *linOp) {
	ctx, cancel := context.WithTimeout(context.Background(), linOpTimeout)
	defer cancel()
	op.call = l.rec.now()
	switch op.in.kind {
	case linIncrement:
		r, err := cli.Increment(ctx, &counterv1.IncrementRequest{By: op.in.by})
		op.ret, op.err = l.rec.now(), err
		op.value, op.member = r.GetValue(), r.GetMember()
	case linGet, linGetRO:
		var opts []grpc.CallOption
		if op.in.kind == linGetRO {
			opts = append(opts, client.ReadOnly())
		}
		r, err := cli.Get(ctx, &counterv1.GetRequest{}, opts...)
		op.ret, op.err = l.rec.now(), err
		op.value, op.member = r.GetValue(), r.GetMember()
	}
}

// waitAnswers waits until the round has n answers, or its workers made all the calls a round
// may have.
func (l *linLoad) waitAnswers(n int64) error {
	return waitFor(linRecoverTimeout, func() error {
		if got := l.answers.Load(); got < n && l.idle.Load() < linWorkers {
			return fmt.Errorf("%d answers in round %d, want %d", got, l.round, n)
		}
		return nil
	})
}

// linRun runs the profile's schedule against the group and checks the history.
func linRun(t *testing.T, lc *linCluster, p linProfile) {
	began := time.Now()
	lc.fullTimeout = p.fullTimeout
	t.Logf("%s: seed %d (WARDEN_LIN_SEED=%d replays the schedule), faults %d, duration %v, mix %v", lc.style.name, p.seed, p.seed, p.faults, p.duration, p.mix)
	keep, err := os.MkdirTemp("", "warden-lin-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if !t.Failed() {
			os.RemoveAll(keep)
			return
		}
		// The cluster's logs beside the visualization, for the reproduction.
		logs, _ := filepath.Glob(filepath.Join(lc.c.Dir, "*.log"))
		for _, l := range logs {
			if b, err := os.ReadFile(l); err == nil {
				os.WriteFile(filepath.Join(keep, filepath.Base(l)), b, 0o644)
			}
		}
		t.Logf("kept for the reproduction (seed %d): %s", p.seed, keep)
	})
	if _, err := lc.fullStrength(linRecoverTimeout, nil); err != nil {
		t.Fatalf("the group never reached full strength: %v", err)
	}

	rec := newLinRecorder()
	load := &linLoad{rec: rec, seed: p.seed}
	for range linClients {
		cc, err := linDial(lc)
		if err != nil {
			t.Fatal(err)
		}
		defer cc.Close()
		load.clis = append(load.clis, counterv1.NewCounterClient(cc))
	}
	ictx, icancel := context.WithTimeout(context.Background(), linOpTimeout)
	initial, err := load.clis[0].Get(ictx, &counterv1.GetRequest{})
	icancel()
	if err != nil {
		t.Fatalf("the initial read: %v", err)
	}
	rec.initial = initial.Value
	rng := rand.New(rand.NewPCG(p.seed, 0))
	n := p.faults
	if n == 0 {
		n = 1 << 30
	}
	style := lc.style
	if p.mix != nil {
		style.mix = *p.mix
	}
	sched := linSchedule(style, min(n, 1<<16), rng)

	// boundary ends a round: the workers stop, then one read alone.
	boundary := func() {
		t.Helper()
		if err := load.quiesce(); err != nil {
			t.Fatal(err)
		}
		op := linOp{client: linWorkers, in: linInput{kind: linGet}}
		load.call(load.clis[0], &op)
		rec.setBoundary(op)
		if op.err != nil {
			load.errors.Add(1)
		}
	}
	defer func() {
		if load.stop != nil {
			load.stop()
		}
	}()

	// Round 0: no fault.
	rec.beginRound("")
	load.start()
	if err := load.waitAnswers(2 * linRoundAnswers); err != nil {
		t.Fatalf("no load before any fault: %v", err)
	}
	boundary()

	var faults []*linFault
	var failure error
	for i := 0; (p.faults == 0 || i < p.faults) && (p.duration == 0 || time.Since(began) < p.duration); i++ {
		kind := sched[i%len(sched)]
		v, err := lc.fullStrength(lc.fullTimeout, nil)
		if err != nil {
			failure = fmt.Errorf("before fault %d: %w", i+1, err)
			break
		}
		rec.beginRound(kind.String())
		load.start()
		if err := load.waitAnswers(linRoundAnswers); err != nil {
			failure = fmt.Errorf("round %d, before its fault: %w", load.round, err)
			break
		}
		f, err := lc.inject(kind, v, rng, rec.now)
		faults = append(faults, f)
		if errors.Is(err, errLinNotRecovered) {
			t.Logf("fault %d (%v): %v: the run ends here", i+1, f, err)
			boundary()
			break
		}
		if err == nil {
			// Answers under the new view, then the boundary.
			err = load.waitAnswers(load.answers.Load() + linRoundAnswers)
		}
		if err != nil {
			failure = fmt.Errorf("fault %d (%v): %w", i+1, f, err)
			boundary()
			break
		}
		boundary()
		if (i+1)%20 == 0 {
			t.Logf("%d faults, %d calls, %v", i+1, len(rec.all()), time.Since(began).Round(time.Second))
		}
	}
	load.stop = nil
	ran := time.Since(began)

	res := linCheck(rec, keep, linCheckTimeout)
	linReport(t, lc.style, faults, rec, res, ran)
	if failure != nil {
		t.Errorf("the run stopped early: %v", failure)
	}
	for _, v := range res.violations {
		t.Errorf("not linearizable: %s", v)
	}
	for _, u := range res.uncheckable {
		t.Errorf("porcupine did not decide within %v: %s", linCheckTimeout, u)
	}
	for i, a := range res.anomalies {
		if i == 20 {
			t.Errorf("... %d anomalies in all", len(res.anomalies))
			break
		}
		t.Errorf("anomaly: %s", a)
	}
	if e := load.errors.Load(); e > 0 {
		t.Errorf("%d calls ended in an error (unknown outcome): the client SDK should have masked every fault within the %v deadline", e, linOpTimeout)
		linLogErrors(t, rec)
	}
	if !res.finalKnown {
		t.Errorf("the final read failed")
	}
}

// linReport logs what the run did.
func linReport(t *testing.T, style linStyle, faults []*linFault, rec *linRecorder, res linCheckResult, ran time.Duration) {
	var rets []int64
	for _, op := range rec.all() {
		if op.err == nil {
			rets = append(rets, op.ret)
		}
	}
	slices.Sort(rets)
	type stats struct {
		n                     int
		failover, gap, toFull []time.Duration
	}
	var by [linFaultKinds]stats
	substitutes := 0
	for _, f := range faults {
		if f.substitute {
			substitutes++
		}
		f.gap = linGap(rets, f.at, f.fullAt)
		s := &by[f.kind]
		s.n++
		if f.failover > 0 {
			s.failover = append(s.failover, f.failover)
		}
		s.gap = append(s.gap, f.gap)
		s.toFull = append(s.toFull, f.full)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %d faults in %v\n", style.name, len(faults), ran.Round(time.Millisecond))
	q := func(ds []time.Duration) string {
		if len(ds) == 0 {
			return "-"
		}
		return fmt.Sprintf("p50 %v p99 %v max %v", linPercentile(ds, .5).Round(time.Millisecond), linPercentile(ds, .99).Round(time.Millisecond), slices.Max(ds).Round(time.Millisecond))
	}
	for k := range linFaultKinds {
		s := by[k]
		if s.n == 0 {
			continue
		}
		fmt.Fprintf(&b, "  %-14v %4d   new primary: %s | client gap: %s | full strength: %s\n", k, s.n, q(s.failover), q(s.gap), q(s.toFull))
	}
	if substitutes > 0 {
		fmt.Fprintf(&b, "  %d kill-agent faults of the schedule were kill-primary instead (every agent killed less than %v before)\n", substitutes, linAgentKillSpacing)
	}
	fmt.Fprintf(&b, "  calls: %d increments answered (sum %d), %d reads answered, %d unknown outcomes; final value %d\n",
		res.incAcked, res.ackedSum, res.getsAcked, res.unknown, res.finalValue)
	fmt.Fprintf(&b, "  porcupine: %d pieces, largest %d operations, %v; anomalies: %d (non-linearizable pieces %d, exactly-once %d, undecided %d)",
		res.segments, res.largest, res.checkTime.Round(time.Millisecond), len(res.violations)+len(res.anomalies)+len(res.uncheckable),
		len(res.violations), len(res.anomalies), len(res.uncheckable))
	t.Log(b.String())
}

// linLogErrors logs the first calls that ended in an error.
func linLogErrors(t *testing.T, rec *linRecorder) {
	n := 0
	for _, op := range rec.all() {
		if op.err == nil {
			continue
		}
		if n++; n > 10 {
			t.Logf("... and more")
			return
		}
		t.Logf("client %d: %v called at %v, error at %v: %v", op.client, linModel.DescribeOperation(op.in, linOutput{unknown: true}),
			time.Duration(op.call), time.Duration(op.ret), op.err)
	}
}
