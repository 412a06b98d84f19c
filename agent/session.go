package agent

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	gbackoff "google.golang.org/grpc/backoff"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/timestamppb"

	pb "github.com/wardenft/warden/api/warden/manager/v1"
)

// A session is the agent's current connection to one manager: registered, heartbeating. The
// reconciler and the fault reporter call the manager of the current session.
type session struct {
	addr   string
	client pb.AgentServiceClient
	end    context.CancelFunc // ends the session (the manager sent us elsewhere)
}

func (a *Agent) currentSession() (*session, <-chan struct{}) {
	a.sessMu.Lock()
	defer a.sessMu.Unlock()
	return a.sess, a.sessChange
}

func (a *Agent) setSession(s *session) {
	a.sessMu.Lock()
	a.sess = s
	close(a.sessChange)
	a.sessChange = make(chan struct{})
	a.sessMu.Unlock()
}

func (a *Agent) conn(addr string) (*grpc.ClientConn, error) {
	a.sessMu.Lock()
	defer a.sessMu.Unlock()
	if c, ok := a.conns[addr]; ok {
		return c, nil
	}
	// gRPC's own reconnection backoff grows to two minutes: bound it as the agent's, so that
	// a manager that comes back after a long absence is reached within ReconnectMax.
	c, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithConnectParams(grpc.ConnectParams{MinConnectTimeout: a.cfg.RPCTimeout, Backoff: gbackoff.Config{
			BaseDelay: a.cfg.ReconnectMin, Multiplier: 1.6, Jitter: 0.2, MaxDelay: a.cfg.ReconnectMax}}))
	if err != nil {
		return nil, err
	}
	a.conns[addr] = c
	return c, nil
}

// noteLeader remembers the leader a NOT_LEADER error names, so that the next session goes
// there; it reports whether err was one.
func (a *Agent) noteLeader(err error) bool {
	st, ok := status.FromError(err)
	if !ok || st.Code() != codes.Unavailable {
		return false
	}
	for _, d := range st.Details() {
		if info, ok := d.(*errdetails.ErrorInfo); ok && info.GetReason() == "NOT_LEADER" {
			if l := info.GetMetadata()["leader"]; l != "" {
				a.sessMu.Lock()
				a.leaderHint = l
				a.sessMu.Unlock()
			}
			return true
		}
	}
	return false
}

func (a *Agent) takeLeaderHint() string {
	a.sessMu.Lock()
	defer a.sessMu.Unlock()
	h := a.leaderHint
	a.leaderHint = ""
	return h
}

// backoff is an exponential backoff with full jitter between min and max.
type backoff struct {
	min, max, cur time.Duration
	rnd           *rand.Rand
}

func newBackoff(min, max time.Duration, seed uint64) *backoff {
	return &backoff{min: min, max: max, rnd: rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))}
}

func (b *backoff) next() time.Duration {
	if b.cur == 0 {
		b.cur = b.min
	} else if b.cur *= 2; b.cur > b.max {
		b.cur = b.max
	}
	return b.min + time.Duration(b.rnd.Int64N(int64(b.cur-b.min)+1))
}

func (b *backoff) reset() { b.cur = 0 }

// runSessions keeps a session with some manager until ctx ends: it goes round the managers
// (first to a leader a manager named), backing off while none answers.
func (a *Agent) runSessions(ctx context.Context) {
	bo := newBackoff(a.cfg.ReconnectMin, a.cfg.ReconnectMax, a.incarnation)
	next := 0
	for ctx.Err() == nil {
		addr := a.takeLeaderHint()
		redirected := addr != ""
		if !redirected {
			addr = a.cfg.Managers[next%len(a.cfg.Managers)]
			next++
		}
		began := a.clock.Now()
		err := a.session(ctx, addr)
		a.setSession(nil)
		if ctx.Err() != nil {
			return
		}
		a.emit(Event{Kind: EventSessionEnded, Manager: addr, Err: err})
		if a.clock.Now().Sub(began) > 4*a.cfg.ReconnectMax {
			bo.reset() // it worked for a while: not a streak of failures
		}
		wait := bo.next()
		a.sessMu.Lock()
		hint := a.leaderHint
		a.sessMu.Unlock()
		if hint != "" && !redirected {
			wait = 0 // go where we were sent at once (but not twice in a row: no ping-pong)
		}
		a.log.Warn("agent: no session with a manager", "manager", addr, "err", err, "retry_in", wait.Round(time.Millisecond))
		if wait > 0 && !a.sleep(ctx, wait) {
			return
		}
	}
}

var errReregister = errors.New("the manager asked the agent to register again")

// session registers with the manager at addr and heartbeats until the stream breaks, the
// manager stops acknowledging, or ctx ends.
func (a *Agent) session(ctx context.Context, addr string) error {
	conn, err := a.conn(addr)
	if err != nil {
		return err
	}
	client := pb.NewAgentServiceClient(conn)
	interval, err := a.register(ctx, client, addr)
	if err != nil {
		return err
	}
	sctx, cancel := context.WithCancel(ctx)
	defer cancel()
	stream, err := client.Heartbeat(sctx)
	if err != nil {
		a.noteLeader(err)
		return fmt.Errorf("heartbeat stream to %s: %w", addr, err)
	}
	a.setSession(&session{addr: addr, client: client, end: cancel})
	a.requestReconcile() // after every (re)connection

	acks := make(chan *pb.HeartbeatResponse, 16)
	recvErr := make(chan error, 1)
	recvDone := make(chan struct{})
	go func() {
		defer close(recvDone)
		for {
			r, err := stream.Recv()
			if err != nil {
				recvErr <- err
				return
			}
			select {
			case acks <- r:
			case <-sctx.Done():
				return
			}
		}
	}()
	defer func() {
		// Leave with EOF (CloseSend), and let the manager see it before the stream is
		// cancelled: a manager takes a stream that ends otherwise for a dropped connection,
		// which is what a killed agent leaves, and suspects the location at once.
		if stream.CloseSend() != nil {
			return
		}
		t := a.clock.NewTimer(min(a.cfg.RPCTimeout, 3*interval))
		defer t.Stop()
		select {
		case <-recvDone:
		case <-t.C():
		}
	}()
	var seq uint64
	lastAck := a.clock.Now()
	t := a.clock.NewTimer(0)
	defer func() { t.Stop() }()
	for {
		select {
		case <-sctx.Done():
			if ctx.Err() != nil {
				return nil
			}
			return errors.New("session ended: a manager named another leader")
		case err := <-recvErr:
			a.noteLeader(err)
			return fmt.Errorf("heartbeat stream from %s: %w", addr, err)
		case r := <-acks:
			lastAck = a.clock.Now()
			if r.GetReregister() {
				a.log.Info("agent: the manager asked to register again", "manager", addr)
				if interval, err = a.register(ctx, client, addr); err != nil {
					return fmt.Errorf("%w: %w", errReregister, err)
				}
				a.requestReconcile()
				continue
			}
			if r.GetDesiredVersion() != a.reconciledVer.Load() {
				a.requestReconcile()
			}
		case <-t.C():
			now := a.clock.Now()
			if silence := now.Sub(lastAck); silence > 3*interval+a.cfg.RPCTimeout {
				return fmt.Errorf("no heartbeat acknowledgement from %s for %v", addr, silence.Round(time.Millisecond))
			}
			seq++
			if err := stream.Send(&pb.HeartbeatRequest{Location: a.cfg.Location, Incarnation: a.incarnation,
				Seq: seq, SentAt: timestamppb.New(now)}); err != nil {
				// The reason comes from Recv.
				select {
				case err := <-recvErr:
					a.noteLeader(err)
					return fmt.Errorf("heartbeat stream to %s: %w", addr, err)
				case <-a.clock.NewTimer(a.cfg.RPCTimeout).C():
					return fmt.Errorf("heartbeat stream to %s: %w", addr, err)
				}
			}
			t = a.clock.NewTimer(interval)
		}
	}
}

// register registers the location (same incarnation every time in this run) and returns the
// heartbeat interval the manager asks for.
func (a *Agent) register(ctx context.Context, client pb.AgentServiceClient, addr string) (time.Duration, error) {
	rctx, cancel := context.WithTimeout(ctx, a.cfg.RPCTimeout)
	defer cancel()
	resp, err := client.Register(rctx, &pb.RegisterRequest{Location: a.cfg.Location, AgentAddress: a.Addr(),
		Incarnation: a.incarnation, Labels: a.cfg.Labels})
	if err != nil {
		a.noteLeader(err)
		return 0, fmt.Errorf("register with %s: %w", addr, err)
	}
	interval := resp.GetHeartbeatInterval().AsDuration()
	if interval <= 0 {
		interval = time.Second
	}
	a.log.Info("agent: registered", "manager", addr, "incarnation", a.incarnation, "heartbeat_interval", interval)
	a.emit(Event{Kind: EventRegistered, Manager: addr})
	return interval, nil
}

// runReconciler calls Reconcile on the current session's manager whenever asked (a new
// session, a new desired version, a member's state changed) and at least every
// ResyncInterval, and applies the answer.
func (a *Agent) runReconciler(ctx context.Context) {
	bo := newBackoff(a.cfg.ReconnectMin, a.cfg.ReconnectMax, a.incarnation+1)
	resync := a.clock.NewTimer(a.cfg.ResyncInterval)
	defer func() { resync.Stop() }()
	for {
		select {
		case <-ctx.Done():
			return
		case <-a.reconcileReq:
		case <-resync.C():
			resync = a.clock.NewTimer(a.cfg.ResyncInterval)
		}
		s, _ := a.currentSession()
		if s == nil {
			continue // the next session asks again
		}
		if err := a.reconcile(ctx, s); err != nil {
			if ctx.Err() != nil {
				return
			}
			wait := bo.next()
			a.log.Warn("agent: reconcile failed", "manager", s.addr, "err", err, "retry_in", wait.Round(time.Millisecond))
			if !a.sleep(ctx, wait) {
				return
			}
			a.requestReconcile()
			continue
		}
		bo.reset()
	}
}

func (a *Agent) reconcile(ctx context.Context, s *session) error {
	rctx, cancel := context.WithTimeout(ctx, a.cfg.RPCTimeout)
	defer cancel()
	resp, err := s.client.Reconcile(rctx, &pb.ReconcileRequest{Location: a.cfg.Location, Incarnation: a.incarnation,
		Actual: a.actual()})
	if err != nil {
		if a.noteLeader(err) {
			s.end()
		}
		return err
	}
	a.applyDesired(resp.GetDesired())
	a.reconciledVer.Store(resp.GetDesiredVersion())
	a.emit(Event{Kind: EventReconciled, Manager: s.addr, DesiredVersion: resp.GetDesiredVersion()})
	return nil
}

// finalReconcile tells a manager, if one answers soon, what the agent's shutdown left: every
// member EXITED. The manager would otherwise learn it from the heartbeats' silence.
func (a *Agent) finalReconcile() {
	actual := a.actual()
	if len(actual) == 0 {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), min(a.cfg.RPCTimeout, 2*time.Second))
	defer cancel()
	addrs := slices.Clone(a.cfg.Managers)
	for _, addr := range addrs {
		conn, err := a.conn(addr)
		if err != nil {
			continue
		}
		_, err = pb.NewAgentServiceClient(conn).Reconcile(ctx, &pb.ReconcileRequest{Location: a.cfg.Location,
			Incarnation: a.incarnation, Actual: actual})
		if err == nil || ctx.Err() != nil {
			return
		}
	}
}

// runReporter sends queued fault events with ReportFault until a manager acknowledges them:
// at least once, each with the id it was given when queued, so that the notifier drops a
// repeat. A manager without ReportFault (UNIMPLEMENTED) or one that is away is retried with
// backoff; the queue keeps the events meanwhile.
func (a *Agent) runReporter(ctx context.Context) {
	bo := newBackoff(a.cfg.ReconnectMin, a.cfg.ReconnectMax, a.incarnation+2)
	batchSize := 100
	warned := false
	for {
		batch := a.faults.peek(batchSize)
		if len(batch) == 0 {
			select {
			case <-ctx.Done():
				return
			case <-a.faults.poke:
			}
			continue
		}
		s, changed := a.currentSession()
		if s == nil {
			select {
			case <-ctx.Done():
				return
			case <-changed:
			}
			continue
		}
		rctx, cancel := context.WithTimeout(ctx, a.cfg.RPCTimeout)
		_, err := s.client.ReportFault(rctx, &pb.ReportFaultRequest{Location: a.cfg.Location, Incarnation: a.incarnation,
			Events: batch})
		cancel()
		if err == nil {
			a.faults.ack(batch)
			for _, e := range batch {
				a.emit(Event{Kind: EventFaultReported, Manager: s.addr, Fault: cloneFault(e)})
			}
			bo.reset()
			batchSize = 100
			warned = false
			continue
		}
		if ctx.Err() != nil {
			return
		}
		for _, e := range batch {
			a.emit(Event{Kind: EventFaultReportFailed, Manager: s.addr, Fault: cloneFault(e), Err: err})
		}
		switch code := status.Code(err); {
		case code == codes.InvalidArgument && len(batch) > 1:
			batchSize = 1 // find the event the manager refuses; the others go one by one
			continue
		case code == codes.InvalidArgument:
			a.log.Error("agent: the manager refuses a fault event; dropped", "id", batch[0].GetId(), "kind", batch[0].GetKind(),
				"group", batch[0].GetObjectGroupId(), "member", batch[0].GetMember(), "err", err)
			a.faults.ack(batch)
			continue
		case code == codes.Unimplemented:
			if !warned {
				a.log.Warn("agent: the manager does not take fault reports yet; keeping them and retrying", "manager", s.addr, "queued", len(batch))
				warned = true
			}
		default:
			if a.noteLeader(err) {
				s.end()
			}
			a.log.Warn("agent: fault report failed; retrying", "manager", s.addr, "err", err)
		}
		if !a.sleep(ctx, bo.next()) {
			return
		}
	}
}
