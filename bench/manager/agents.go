package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/protobuf/types/known/timestamppb"

	pb "github.com/wardenft/warden/api/warden/manager/v1"
)

// childEnv, when set, makes this binary (or the test binary) play a child role instead of the
// benchmark: "agents" runs the simulated agents of the scale benchmark.
const childEnv = "WARDEN_BENCH_MANAGER_CHILD"

func childMain(role string, args []string) int {
	if role != "agents" {
		fmt.Fprintf(os.Stderr, "bench/manager child: unknown role %q\n", role)
		return 2
	}
	fs := flag.NewFlagSet("agents", flag.ContinueOnError)
	addr := fs.String("manager", "", "the manager's gRPC address")
	n := fs.Int("n", 0, "number of agents")
	seed := fs.Uint64("seed", 1, "seed of the incarnations and heartbeat phases")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if err := runAgents(*addr, *n, *seed, os.Stdin, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "bench/manager agents:", err)
		return 1
	}
	return 0
}

// locationName is the location of agent i (0-based).
func locationName(i int) string { return fmt.Sprintf("host-%04d", i+1) }

// runAgents registers n simulated agents with the manager at addr, each over its own gRPC
// connection, starts their heartbeats and reconciliations, prints "ready", and then obeys
// the harness's commands on in, one per line, answering on out:
//
//	halt host-0001 host-0002   stop those agents (no heartbeat, no reconciliation: a crashed
//	                           host); answers "halted <unix ns of the stop>"
//	rusage                     answers "rusage <user ns> <system ns> <max RSS KiB>" of this process
//	rtt                        answers "rtt <count per bucket...>": heartbeat round trips (send to
//	                           acknowledgement) since the last rtt, per bucket of rttBuckets
//	stats                      answers "stats <acks> <reconciles> <failed reconciles> <stream errors>",
//	                           counted over all agents since the start
//
// It returns when in is closed.
func runAgents(addr string, n int, seed uint64, in io.Reader, out io.Writer) error {
	if addr == "" || n < 1 {
		return fmt.Errorf("-manager %q -n %d: need an address and at least one agent", addr, n)
	}
	rng := rand.New(rand.NewPCG(seed, 0xa9e))
	agents := make([]*simAgent, n)
	for i := range agents {
		conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
		if err != nil {
			return err
		}
		defer conn.Close()
		agents[i] = &simAgent{loc: locationName(i), inc: rng.Uint64() | 1, conn: conn, cli: pb.NewAgentServiceClient(conn),
			phase: rng.Float64(), runs: map[string]*pb.ActualMember{}, kick: make(chan struct{}, 1), done: make(chan struct{})}
	}
	// Register (each a Raft write) with some parallelism, as agents starting together would.
	sem := make(chan struct{}, 32)
	errs := make(chan error, n)
	var wg sync.WaitGroup
	for _, a := range agents {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			errs <- a.register()
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			return err
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	byLoc := map[string]*simAgent{}
	for _, a := range agents {
		byLoc[a.loc] = a
		a.ctx, a.cancel = context.WithCancel(ctx)
		go a.run()
	}
	defer func() {
		cancel()
		for _, a := range agents {
			<-a.done
		}
	}()
	fmt.Fprintln(out, "ready")

	sc := bufio.NewScanner(in)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) == 0 {
			continue
		}
		switch f[0] {
		case "halt":
			at := time.Now()
			for _, loc := range f[1:] {
				if a, ok := byLoc[loc]; ok {
					a.cancel()
				}
			}
			fmt.Fprintf(out, "halted %d\n", at.UnixNano())
		case "rusage":
			u, s, rss := selfRusage()
			fmt.Fprintf(out, "rusage %d %d %d\n", u.Nanoseconds(), s.Nanoseconds(), rss)
		case "rtt":
			fmt.Fprintf(out, "rtt")
			for i := range rttCounts {
				fmt.Fprintf(out, " %d", rttCounts[i].Swap(0))
			}
			fmt.Fprintln(out)
		case "stats":
			var hb, rec, recErr, hbErr uint64
			for _, a := range agents {
				hb += a.heartbeats.Load()
				rec += a.reconciles.Load()
				recErr += a.reconcileErrs.Load()
				hbErr += a.streamErrs.Load()
			}
			fmt.Fprintf(out, "stats %d %d %d %d\n", hb, rec, recErr, hbErr)
		default:
			fmt.Fprintf(out, "error unknown command %q\n", f[0])
		}
	}
	return sc.Err()
}

// rttBuckets are the upper bounds of the heartbeat round-trip histogram; the last bucket
// holds the rest.
var rttBuckets = []time.Duration{time.Millisecond, 2 * time.Millisecond, 5 * time.Millisecond, 10 * time.Millisecond,
	20 * time.Millisecond, 50 * time.Millisecond, 100 * time.Millisecond, 200 * time.Millisecond, 500 * time.Millisecond,
	time.Second, 2 * time.Second, 5 * time.Second}

// rttCounts is the histogram of all agents' heartbeat round trips (len(rttBuckets)+1).
var rttCounts = make([]atomic.Uint64, 13)

func observeRTT(d time.Duration) {
	i := 0
	for i < len(rttBuckets) && d > rttBuckets[i] {
		i++
	}
	rttCounts[i].Add(1)
}

// A simAgent speaks AgentService as a Warden agent does, without processes: it heartbeats at
// the interval the manager gave it on its own stream, and reconciles whenever an
// acknowledgement carries a desired version it has not reconciled yet. Every desired member
// "runs" at once: it is reported READY at a made-up address in the next reconciliation,
// which follows immediately. Members no longer desired are "stopped" (forgotten).
type simAgent struct {
	loc      string
	inc      uint64
	conn     *grpc.ClientConn
	cli      pb.AgentServiceClient
	phase    float64 // first heartbeat after phase x interval: agents are not in lockstep
	interval time.Duration

	ctx    context.Context
	cancel context.CancelFunc
	done   chan struct{}

	wantVer atomic.Uint64 // the desired version of the last acknowledgement
	kick    chan struct{}

	mu   sync.Mutex
	runs map[string]*pb.ActualMember // group/member -> what it reports

	heartbeats, reconciles, reconcileErrs, streamErrs atomic.Uint64
}

func (a *simAgent) register() error {
	var err error
	for attempt := 0; attempt < 5; attempt++ {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		var r *pb.RegisterResponse
		r, err = a.cli.Register(ctx, &pb.RegisterRequest{Location: a.loc, AgentAddress: "127.0.0.1:1", Incarnation: a.inc})
		cancel()
		if err == nil {
			a.interval = r.GetHeartbeatInterval().AsDuration()
			if a.interval <= 0 {
				return fmt.Errorf("register %s: heartbeat interval %v", a.loc, a.interval)
			}
			a.wantVer.Store(r.GetDesiredVersion())
			return nil
		}
		time.Sleep(100 * time.Millisecond) // a retry's back-off, not a wait for an event
	}
	return fmt.Errorf("register %s: %w", a.loc, err)
}

func (a *simAgent) run() {
	defer close(a.done)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); a.reconcileLoop() }()
	a.poke()
	a.heartbeatLoop()
	wg.Wait()
}

func (a *simAgent) poke() {
	select {
	case a.kick <- struct{}{}:
	default:
	}
}

// heartbeatLoop keeps one heartbeat stream open (opening a new one after an error) and sends
// on it every interval; a goroutine beside it reads the acknowledgements.
func (a *simAgent) heartbeatLoop() {
	first := time.NewTimer(time.Duration(a.phase * float64(a.interval)))
	select {
	case <-a.ctx.Done():
		first.Stop()
		return
	case <-first.C:
	}
	tick := time.NewTicker(a.interval)
	defer tick.Stop()
	seq := uint64(0)
	for a.ctx.Err() == nil {
		sctx, scancel := context.WithCancel(a.ctx)
		stream, err := a.cli.Heartbeat(sctx)
		if err != nil {
			scancel()
			a.streamErrs.Add(1)
			if !sleepCtx(a.ctx, a.interval) {
				return
			}
			continue
		}
		recvDone := make(chan struct{})
		var (
			sentMu sync.Mutex
			sent   []time.Time // send times of the heartbeats not acknowledged yet, in order
		)
		go func() {
			defer close(recvDone)
			for {
				r, err := stream.Recv()
				if err != nil {
					return
				}
				now := time.Now()
				sentMu.Lock()
				if len(sent) > 0 { // acknowledgements come in order, one per heartbeat
					observeRTT(now.Sub(sent[0]))
					sent = sent[1:]
				}
				sentMu.Unlock()
				a.heartbeats.Add(1)
				if r.GetDesiredVersion() != 0 && r.GetDesiredVersion() != a.wantVer.Swap(r.GetDesiredVersion()) {
					a.poke()
				}
			}
		}()
		for {
			seq++
			sentMu.Lock()
			sent = append(sent, time.Now())
			sentMu.Unlock()
			err := stream.Send(&pb.HeartbeatRequest{Location: a.loc, Incarnation: a.inc, Seq: seq, SentAt: timestamppb.Now()})
			if err != nil {
				break
			}
			select {
			case <-a.ctx.Done():
			case <-recvDone:
			case <-tick.C:
				continue
			}
			break
		}
		scancel()
		<-recvDone
		if a.ctx.Err() == nil {
			a.streamErrs.Add(1)
			if !sleepCtx(a.ctx, a.interval) {
				return
			}
		}
	}
}

// reconcileLoop reconciles on every kick: reports what "runs", starts (at once, READY) what is
// desired, forgets what is not; a member it started is reported READY by a reconciliation
// right after.
func (a *simAgent) reconcileLoop() {
	var done uint64 // the desired version last reconciled
	for {
		select {
		case <-a.ctx.Done():
			return
		case <-a.kick:
		}
		if want := a.wantVer.Load(); want == done && done != 0 {
			continue
		}
		a.mu.Lock()
		req := &pb.ReconcileRequest{Location: a.loc, Incarnation: a.inc, Actual: make([]*pb.ActualMember, 0, len(a.runs))}
		for _, m := range a.runs {
			req.Actual = append(req.Actual, m)
		}
		a.mu.Unlock()
		ctx, cancel := context.WithTimeout(a.ctx, 30*time.Second)
		r, err := a.cli.Reconcile(ctx, req)
		cancel()
		a.reconciles.Add(1)
		if err != nil {
			if a.ctx.Err() != nil {
				return
			}
			a.reconcileErrs.Add(1)
			sleepCtx(a.ctx, a.interval)
			a.poke()
			continue
		}
		started := false
		a.mu.Lock()
		want := make(map[string]bool, len(r.GetDesired()))
		for _, d := range r.GetDesired() {
			if d.GetRole() != pb.DesiredRole_DESIRED_ROLE_RUN {
				continue
			}
			key := d.GetGroupId() + "/" + d.GetMemberId()
			want[key] = true
			if m, ok := a.runs[key]; !ok || m.GetCreationId() != d.GetCreationId() {
				a.runs[key] = &pb.ActualMember{GroupId: d.GetGroupId(), MemberId: d.GetMemberId(), CreationId: d.GetCreationId(),
					State: pb.ActualState_ACTUAL_STATE_READY, Address: fmt.Sprintf("%s.sim:%d", a.loc, 20000+d.GetCreationId()%40000)}
				started = true
			}
		}
		for key := range a.runs {
			if !want[key] {
				delete(a.runs, key)
			}
		}
		a.mu.Unlock()
		done = r.GetDesiredVersion()
		if started {
			done = 0 // report them READY now, whatever the version says
			a.poke()
		} else if a.wantVer.Load() != done {
			a.poke()
		}
	}
}

func sleepCtx(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
