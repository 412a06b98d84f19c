package replica

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime"
	"strings"
	"sync"
	"time"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	spb "google.golang.org/genproto/googleapis/rpc/status"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/health"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/protoadapt"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"

	managerv1 "github.com/wardenft/warden/api/warden/manager/v1"
	replicav1 "github.com/wardenft/warden/api/warden/replica/v1"
	"github.com/wardenft/warden/vfs"
)

// ErrorDomain is the google.rpc.ErrorInfo domain of the statuses the Server answers clients
// with (api/warden/replica/v1 "Errors").
const ErrorDomain = "replica.warden.dev"

// ErrStopped: the Server was stopped (Stop), or stopped itself after a failure of the
// application's SetState, SetUpdate or a replayed request (fail-stop).
var ErrStopped = errors.New("replica: server stopped")

// Server is the driver that links a Replica to a user's gRPC server: the member of a passive
// group. Use:
//
//	rs, err := replica.NewServer(cfg)                                  // cfg.App, cfg.StateChanging
//	gs := grpc.NewServer(rs.ServerOptions()...)                        // and the server's own options
//	rs.RegisterService(gs, &counterv1.Counter_ServiceDesc, app)        // the app's services
//	rs.Register(gs)                                                    // Replication + grpc.health.v1
//	go gs.Serve(lis)
//	err = rs.Run(ctx)                                                  // until ctx ends, Stop, or fail-stop
//
// Run watches the group's view from the managers, joins by Transfer from the primary when the
// member is not in the view yet, runs the core (one goroutine handles every Ready), keeps one
// Replicate stream per backup, renews the lease while primary, reports the core's faults and
// takes checkpoints. Health is NOT_SERVING until the member holds the group's state (caught
// up, or in the view), then SERVING, so that an agent reports it ready only then.
//
// The app's state-changing handlers, Install and Apply run under one lock; read handlers run
// under its read side, so they may run concurrently with each other only.
type Server struct {
	cfg    ServerConfig
	log    *slog.Logger
	app    Checkpointable
	upd    Updateable // nil: log and replay
	writes map[string]bool

	health *health.Server

	services map[string]serviceImpl // by service name

	execMu sync.RWMutex // Install, Apply, state-changing executions (write); reads (read)

	mu        sync.Mutex // the core and everything below
	r         *Replica
	commit    uint64
	soft      SoftState
	replyW    map[RequestID][]chan Reply
	seqW      []seqWaiter
	addrs     map[string]string // member id -> address, from the newest view
	peers     map[string]*peer  // outbound Replicate streams, by backup
	ackRoutes map[string]chan Message
	transfers map[string]chan Message // Transfer streams being served, by joiner
	caughtUp  map[string]bool         // backups reported caught up in this epoch
	fetching  bool
	joined    bool // holds the group's state: SERVING
	stopErr   error

	wake    chan struct{}
	leaseCh chan struct{}
	faults  chan Fault
	stopped chan struct{}
	stopMu  sync.Once

	mgr *managers

	// GOMAXPROCS by role (ServerConfig.BackupProcs): the value Run found (0: Run has not
	// started or has returned) and the one set last. applyProcs reads the role when it runs,
	// under procsMu, so whichever call runs last sets the newest role's.
	procsMu  sync.Mutex
	procsRun int
	procsSet int

	// The entries of the last Append put on the wire: the backups of a view are usually sent
	// the same entries, and their conversion is shared (the peers marshal it concurrently,
	// which protobuf allows for a message nobody modifies).
	wireMu      sync.Mutex
	wireEntries []Entry
	wireProtos  []*replicav1.Entry
}

type serviceImpl struct {
	desc *grpc.ServiceDesc
	impl any
}

// seqWaiter is a call answered once seq is committed, if the core's term is still term.
type seqWaiter struct {
	seq, term uint64
	ch        chan error
}

// NewServer returns a member's driver. It does not start anything before Run.
func NewServer(cfg ServerConfig) (*Server, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	r, err := New(cfg.Replica)
	if err != nil {
		return nil, err
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if len(cfg.DialOptions) == 0 {
		cfg.DialOptions = []grpc.DialOption{grpc.WithTransportCredentials(insecure.NewCredentials())}
	}
	s := &Server{
		cfg: cfg, app: cfg.App, writes: map[string]bool{}, services: map[string]serviceImpl{},
		log:    cfg.Logger.With("group", cfg.Replica.GroupID, "member", cfg.Replica.ID),
		health: health.NewServer(), r: r,
		replyW: map[RequestID][]chan Reply{}, addrs: map[string]string{}, peers: map[string]*peer{},
		ackRoutes: map[string]chan Message{}, transfers: map[string]chan Message{}, caughtUp: map[string]bool{},
		wake: make(chan struct{}, 1), leaseCh: make(chan struct{}, 1), faults: make(chan Fault, 64), stopped: make(chan struct{}),
	}
	s.upd, _ = cfg.App.(Updateable)
	for _, m := range cfg.StateChanging {
		s.writes[m] = true
	}
	s.health.SetServingStatus("", healthpb.HealthCheckResponse_NOT_SERVING)
	s.mgr, err = newManagers(cfg.Managers, cfg.DialOptions)
	if err != nil {
		return nil, err
	}
	if cfg.RestoreDir != "" {
		if err := s.restore(cfg.RestoreDir); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// restore rolls a promoted COLD_PASSIVE member forward from its holder's files, before it
// handles any view or call: no view may promote it while its state is the initial one. The
// first Ready (the initial checkpoint) is handled first, as the core requires.
func (s *Server) restore(dir string) error {
	st, err := ReadHolderStore(vfs.Default, dir)
	if err != nil {
		return fmt.Errorf("replica: RestoreDir %s: %w", dir, err)
	}
	if st.Epoch == 0 {
		return fmt.Errorf("replica: RestoreDir %s: the holder was not fenced (epoch 0): a member restores only from a holder its agent fenced with the promoting view's epoch", dir)
	}
	if err := s.handleReady(); err != nil {
		return fmt.Errorf("replica: RestoreDir %s: the initial checkpoint: %w", dir, err)
	}
	s.mu.Lock()
	err = s.r.Restore(st, time.Now())
	s.mu.Unlock()
	if err != nil {
		return fmt.Errorf("replica: RestoreDir %s: restore: %w", dir, err)
	}
	s.log.Info("restoring from the log holder", "dir", dir, "epoch", st.Epoch, "checkpoint", ckSeq(st.Checkpoint), "entries", len(st.Entries))
	return nil
}

// RegisterService registers one of the application's services on gs and tells the driver
// about it: its methods are intercepted (state-changing ones replicated, the others reads),
// and a state-changing request can be replayed at a backup (log and replay). Only unary
// methods are supported: a service with streaming methods panics (as grpc's RegisterService
// does for a bad registration), since its streams would bypass replication.
func (s *Server) RegisterService(gs grpc.ServiceRegistrar, desc *grpc.ServiceDesc, impl any) {
	if len(desc.Streams) > 0 {
		panic(fmt.Sprintf("replica: RegisterService(%s): %d streaming methods; only unary methods can be replicated", desc.ServiceName, len(desc.Streams)))
	}
	gs.RegisterService(desc, impl)
	s.services[desc.ServiceName] = serviceImpl{desc: desc, impl: impl}
}

// Register registers the Replication service and grpc.health.v1 on gs.
func (s *Server) Register(gs grpc.ServiceRegistrar) {
	replicav1.RegisterReplicationServer(gs, replicationServer{s: s})
	healthpb.RegisterHealthServer(gs, s.health)
}

// Health returns the health server (the member's SERVING status).
func (s *Server) Health() *health.Server { return s.health }

// Status returns a snapshot of the core's state.
func (s *Server) Status() Status {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.r.Status()
}

// Serving reports whether the member holds the group's state (its health is SERVING).
func (s *Server) Serving() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.joined && s.stopErr == nil
}

// Stop stops the driver: waiting calls fail, streams end, Run returns ErrStopped. The user's
// grpc.Server is the caller's to stop.
func (s *Server) Stop() { s.stop(ErrStopped) }

func (s *Server) stop(err error) {
	s.stopMu.Do(func() {
		s.mu.Lock()
		s.stopErr = err
		for id, ws := range s.replyW {
			for _, ch := range ws {
				ch <- Reply{Request: id, Err: err}
			}
		}
		s.replyW = map[RequestID][]chan Reply{}
		for _, w := range s.seqW {
			w.ch <- err
		}
		s.seqW = nil
		for _, p := range s.peers {
			p.close()
		}
		s.peers = map[string]*peer{}
		s.mu.Unlock()
		s.health.Shutdown()
		close(s.stopped)
	})
}

func (s *Server) poke() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// Run runs the member until ctx ends or the server stops; it returns ErrStopped (wrapped with
// the cause of a fail-stop) or ctx's error.
func (s *Server) Run(ctx context.Context) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	defer s.mgr.close()
	var wg sync.WaitGroup
	for _, f := range []func(context.Context){s.watchViews, s.renewLeases, s.reportFaults} {
		wg.Add(1)
		go func() { defer wg.Done(); f(ctx) }()
	}
	defer wg.Wait()
	if s.cfg.BackupProcs > 0 {
		s.startProcs()
		defer s.restoreProcs()
	}
	tick := time.NewTicker(s.cfg.TickInterval)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			s.stop(fmt.Errorf("%w: %w", ErrStopped, ctx.Err()))
			return ctx.Err()
		case <-s.stopped:
			cancel()
			s.mu.Lock()
			err := s.stopErr
			s.mu.Unlock()
			return err
		case <-tick.C:
			s.mu.Lock()
			s.r.Tick(time.Now())
			s.mu.Unlock()
		case <-s.wake:
		}
		s.drain()
	}
}

// drain handles the core's Ready in the caller's goroutine; an error stops the member.
func (s *Server) drain() {
	if err := s.handleReady(); err != nil {
		s.log.Error("fail-stop: the application's state is unknown", "err", err)
		s.stop(fmt.Errorf("%w: %w", ErrStopped, err))
	}
}

// handleReady drains the core's Ready in the order the package doc gives.
func (s *Server) handleReady() error {
	s.execMu.Lock()
	s.mu.Lock()
	var out []Message
	var faults []Fault
	renew, roleChanged := false, false
	for s.r.HasReady() {
		rd := s.r.Ready()
		if rd.Install != nil {
			if err := s.app.SetState(rd.Install.State); err != nil {
				s.mu.Unlock()
				s.execMu.Unlock()
				return fmt.Errorf("SetState of the checkpoint at seq %d: %w", rd.Install.Seq, err)
			}
		}
		for _, e := range rd.Apply {
			if err := s.apply(e); err != nil {
				s.mu.Unlock()
				s.execMu.Unlock()
				return fmt.Errorf("apply entry %v (%s): %w", e.pos(), e.Method, err)
			}
		}
		s.r.Advance(rd)
		if p := rd.TakeCheckpoint; p != nil {
			st, err := s.app.GetState()
			if err != nil {
				s.mu.Unlock()
				s.execMu.Unlock()
				return fmt.Errorf("GetState for the checkpoint at seq %d: %w", p.Seq, err)
			}
			if err := s.r.CheckpointTaken(p.Seq, st, time.Now()); err != nil {
				s.log.Warn("checkpoint not taken", "seq", p.Seq, "err", err)
			}
		}
		out = append(out, rd.Msgs...)
		for _, rp := range rd.Replies {
			for _, ch := range s.replyW[rp.Request] {
				ch <- rp
			}
			delete(s.replyW, rp.Request)
		}
		faults = append(faults, rd.Faults...)
		for _, id := range rd.CaughtUp {
			if !s.caughtUp[id] {
				s.caughtUp[id] = true
				renew = true
			}
		}
		s.commit = max(s.commit, rd.Commit)
		if rd.SoftState != nil {
			old := s.soft
			s.soft = *rd.SoftState
			if s.soft.Epoch != old.Epoch {
				s.caughtUp = map[string]bool{}
			}
			if s.soft.Role == RolePrimary && (old.Role != RolePrimary || old.Epoch != s.soft.Epoch) {
				renew = true
			}
			if s.soft.Role != RolePrimary {
				for _, w := range s.seqW {
					w.ch <- &RedirectError{Err: ErrNotPrimary, View: s.r.View()}
				}
				s.seqW = nil
			}
			roleChanged = true
			s.log.Debug("soft state", "state", s.soft.String())
		}
	}
	kept := s.seqW[:0]
	term := s.r.Term()
	for _, w := range s.seqW {
		switch {
		case w.term != term:
			// Deposed since (and perhaps promoted again): the entry may be gone.
			w.ch <- &RedirectError{Err: ErrNotPrimary, View: s.r.View()}
		case w.seq <= s.commit:
			w.ch <- nil
		default:
			kept = append(kept, w)
		}
	}
	s.seqW = kept
	if !s.joined && s.fetching && s.r.Status().CaughtUp {
		s.fetching = false
		s.setJoinedLocked("transfer applied")
	}
	s.mu.Unlock()
	s.execMu.Unlock()
	for _, m := range out {
		s.send(m)
	}
	for _, f := range faults {
		s.log.Warn("fault", "fault", f.String())
		select {
		case s.faults <- f:
		default:
			s.log.Warn("fault report dropped: queue full", "fault", f.String())
		}
	}
	if renew {
		select {
		case s.leaseCh <- struct{}{}:
		default:
		}
	}
	if roleChanged && s.cfg.BackupProcs > 0 {
		// In a goroutine of its own: GOMAXPROCS waits for a collection in progress to end
		// (tens of milliseconds on one P with a large heap), and nothing of the protocol
		// (the lease request of a promoted primary, an ack) may wait for that.
		go s.applyProcs()
	}
	return nil
}

// startProcs records the process's GOMAXPROCS and sets the one for the member's role.
func (s *Server) startProcs() {
	s.procsMu.Lock()
	s.procsRun = runtime.GOMAXPROCS(0)
	s.procsSet = s.procsRun
	s.procsMu.Unlock()
	s.applyProcs()
}

// applyProcs sets GOMAXPROCS for the member's current role (ServerConfig.BackupProcs),
// unless Run has not started (or has returned).
func (s *Server) applyProcs() {
	if s.cfg.BackupProcs <= 0 {
		return
	}
	s.procsMu.Lock()
	defer s.procsMu.Unlock()
	if s.procsRun == 0 {
		return
	}
	s.mu.Lock()
	primary := s.soft.Role == RolePrimary
	s.mu.Unlock()
	want := s.cfg.BackupProcs
	if primary {
		want = s.procsRun
	}
	if want != s.procsSet {
		runtime.GOMAXPROCS(want)
		s.procsSet = want
		s.log.Debug("GOMAXPROCS set for the role", "primary", primary, "procs", want)
	}
}

// restoreProcs gives the process back the GOMAXPROCS Run found.
func (s *Server) restoreProcs() {
	s.procsMu.Lock()
	defer s.procsMu.Unlock()
	if s.procsSet != s.procsRun {
		runtime.GOMAXPROCS(s.procsRun)
	}
	s.procsRun, s.procsSet = 0, 0
}

func (s *Server) setJoinedLocked(why string) {
	if s.joined {
		return
	}
	s.joined = true
	s.log.Info("holds the group's state: serving", "why", why, "status", s.r.Status().String())
	s.health.SetServingStatus("", healthpb.HealthCheckResponse_SERVING)
	for name := range s.services {
		s.health.SetServingStatus(name, healthpb.HealthCheckResponse_SERVING)
	}
}

// apply applies one committed entry to the app (under execMu).
func (s *Server) apply(e Entry) error {
	switch e.Kind {
	case EntryUpdate:
		if len(e.Payload) == 0 {
			return nil
		}
		if s.upd == nil {
			return errors.New("an update entry, and the application is not Updateable")
		}
		return s.upd.SetUpdate(e.Payload)
	case EntryRequest:
		return s.replay(e.Method, e.Payload)
	}
	return fmt.Errorf("entry kind %v", e.Kind)
}

// replay executes a logged request again through the app's handler (no interceptor).
func (s *Server) replay(method string, payload []byte) error {
	svc, name, ok := splitMethod(method)
	impl, found := s.services[svc]
	if !ok || !found {
		return fmt.Errorf("no registered service for %s", method)
	}
	for _, md := range impl.desc.Methods {
		if md.MethodName != name {
			continue
		}
		dec := func(v any) error {
			m, ok := v.(proto.Message)
			if !ok {
				return fmt.Errorf("request of %s is %T, not a proto message", method, v)
			}
			return proto.Unmarshal(payload, m)
		}
		_, err := md.Handler(impl.impl, context.Background(), dec, nil)
		// The handler's own error is part of the logged reply: replaying gives it again.
		if err != nil {
			if _, isStatus := status.FromError(err); !isStatus {
				return err
			}
		}
		return nil
	}
	return fmt.Errorf("no method %s", method)
}

func splitMethod(full string) (svc, method string, ok bool) {
	full = strings.TrimPrefix(full, "/")
	i := strings.LastIndex(full, "/")
	if i < 0 {
		return "", "", false
	}
	return full[:i], full[i+1:], true
}

// ---------------------------------------------------------------------------------------------
// Client calls.

// Flow-control windows of the member's gRPC server and of its connections to other members
// (see ServerOptions).
const (
	StreamWindow = 1 << 20  // bytes per stream
	ConnWindow   = 16 << 20 // bytes per connection
)

// ServerOptions are the options a member's grpc.Server needs: the unary interceptor
// (UnaryInterceptor), static flow-control windows (StreamWindow, ConnWindow) and
// ServerConfig.StreamWorkers goroutines for serving streams. Other options may be passed
// along; grpc.ChainUnaryInterceptor may be given more than once.
//
// Static windows turn off gRPC's bandwidth-delay estimation, which would otherwise send a PING
// for nearly every Append a backup receives (small messages answered at once never let the
// estimate reach its limit, where the pings stop): in bench/passive's overhead part the pings
// cost about 9% of the group's throughput. The windows bound what one connection may buffer
// at 16 MiB, the ceiling of the estimator's own growth; a stream moves at most StreamWindow
// per round trip (1 GiB/s at 1 ms, 20 MiB/s at 50 ms).
func (s *Server) ServerOptions() []grpc.ServerOption {
	opts := []grpc.ServerOption{
		grpc.ChainUnaryInterceptor(s.UnaryInterceptor()),
		grpc.StaticStreamWindowSize(StreamWindow),
		grpc.StaticConnWindowSize(ConnWindow),
	}
	if s.cfg.StreamWorkers > 0 {
		opts = append(opts, grpc.NumStreamWorkers(uint32(s.cfg.StreamWorkers)))
	}
	return opts
}

// UnaryInterceptor intercepts the methods of services registered with RegisterService:
// state-changing ones run at the primary and are answered once replicated; the others are
// reads. Other methods (Replication, health, the user's unregistered services) pass through.
func (s *Server) UnaryInterceptor() grpc.UnaryServerInterceptor {
	return func(ctx context.Context, req any, info *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
		svc, _, ok := splitMethod(info.FullMethod)
		if _, mine := s.services[svc]; !ok || !mine {
			return handler(ctx, req)
		}
		rq, err := requestFromContext(ctx)
		if err != nil {
			return nil, err
		}
		if s.writes[info.FullMethod] {
			return s.execute(ctx, rq, req, info.FullMethod, handler)
		}
		return s.read(ctx, rq, req, handler)
	}
}

func requestFromContext(ctx context.Context) (Request, error) {
	// ValueFromIncomingContext, not FromIncomingContext: no copy of the whole metadata per call.
	vs := metadata.ValueFromIncomingContext(ctx, MetadataKey)
	if len(vs) == 0 {
		return Request{}, nil
	}
	rq, err := ParseRequestContext([]byte(vs[len(vs)-1]))
	if err != nil {
		st, _ := status.New(codes.InvalidArgument, fmt.Sprintf("%s: %v", MetadataKey, err)).WithDetails(&errdetails.BadRequest{
			FieldViolations: []*errdetails.BadRequest_FieldViolation{{Field: MetadataKey, Description: err.Error()}}})
		return Request{}, st.Err()
	}
	return rq, nil
}

func (s *Server) execute(ctx context.Context, rq Request, req any, method string, handler grpc.UnaryHandler) (any, error) {
	s.execMu.Lock()
	s.mu.Lock()
	if s.stopErr != nil {
		s.mu.Unlock()
		s.execMu.Unlock()
		return nil, status.Error(codes.Unavailable, s.stopErr.Error())
	}
	adm, err := s.r.Begin(rq, time.Now())
	if err != nil {
		st := s.statusLocked(err)
		s.mu.Unlock()
		s.execMu.Unlock()
		return nil, st
	}
	switch adm.Decision {
	case Answer:
		s.mu.Unlock()
		s.execMu.Unlock()
		return decodeReply(method, adm.Cached.Reply, adm.Cached.Status)
	case Wait:
		ch := make(chan Reply, 1)
		s.replyW[rq.ID] = append(s.replyW[rq.ID], ch)
		s.mu.Unlock()
		s.execMu.Unlock()
		s.poke()
		return s.awaitReply(ctx, method, ch, nil, nil)
	}
	if ctx.Err() != nil {
		// The caller is gone before anything ran: give the ticket back (calls waiting on
		// the same request id retry).
		s.r.Abandon(adm.Ticket)
		s.mu.Unlock()
		s.execMu.Unlock()
		s.poke()
		return nil, status.FromContextError(ctx.Err()).Err()
	}
	s.mu.Unlock()

	resp, herr := handler(ctx, req)
	x := Execution{Method: method}
	if herr != nil {
		sp := status.Convert(herr).Proto()
		x.Status, _ = proto.Marshal(sp)
	} else if m, ok := resp.(proto.Message); ok {
		x.Reply, err = proto.Marshal(m)
		if err != nil {
			herr = status.Errorf(codes.Internal, "marshal the reply: %v", err)
		}
	}
	if s.upd != nil {
		x.Kind = EntryUpdate
		u, uerr := s.upd.GetUpdate()
		if uerr != nil && !errors.Is(uerr, ErrNoUpdateAvailable) {
			// The state changed and cannot be captured: fail-stop.
			s.execMu.Unlock()
			s.stop(fmt.Errorf("%w: GetUpdate after %s: %w", ErrStopped, method, uerr))
			return nil, status.Error(codes.Unavailable, "replica: member stopped")
		}
		x.Payload = u
	} else {
		x.Kind = EntryRequest
		if m, ok := req.(proto.Message); ok {
			x.Payload, _ = proto.Marshal(m)
		}
	}
	s.mu.Lock()
	var ch chan Reply
	if !adm.Ticket.Request.IsZero() {
		ch = make(chan Reply, 1)
		s.replyW[rq.ID] = append(s.replyW[rq.ID], ch)
	}
	seq, err := s.r.Executed(adm.Ticket, x, time.Now())
	var seqCh chan error
	if err == nil && ch == nil {
		seqCh = s.addSeqWaiterLocked(seq, s.r.Term())
	}
	var st error
	if err != nil {
		st = s.statusLocked(err)
	}
	// Under load most executions find the backups' windows full: their entries leave with
	// the Append an ack triggers, and waking Run would only take the locks for nothing.
	due := s.r.HasReady()
	s.mu.Unlock()
	s.execMu.Unlock()
	if due {
		s.poke()
	}
	if err != nil {
		return nil, st
	}
	if seqCh != nil {
		if err := s.awaitSeq(ctx, seqCh); err != nil {
			return nil, err
		}
		return resp, herr
	}
	return s.awaitReply(ctx, method, ch, resp, herr)
}

// addSeqWaiterLocked registers a call to answer once seq is committed, if the core's term is
// still term (the core's term when it executed or read at seq).
func (s *Server) addSeqWaiterLocked(seq, term uint64) chan error {
	ch := make(chan error, 1)
	switch {
	case term != s.r.Term():
		ch <- &RedirectError{Err: ErrNotPrimary, View: s.r.View()}
	case seq <= s.commit:
		ch <- nil
	default:
		s.seqW = append(s.seqW, seqWaiter{seq: seq, term: term, ch: ch})
	}
	return ch
}

func (s *Server) awaitSeq(ctx context.Context, ch chan error) error {
	select {
	case err := <-ch:
		if err != nil {
			return s.status(err)
		}
		return nil
	case <-ctx.Done():
		return status.FromContextError(ctx.Err()).Err()
	}
}

// awaitReply waits for the reply to a request id; resp and herr are the handler's own
// results when this call executed it (nil otherwise: the reply is decoded).
func (s *Server) awaitReply(ctx context.Context, method string, ch chan Reply, resp any, herr error) (any, error) {
	select {
	case rp := <-ch:
		if rp.Err != nil {
			return nil, s.status(rp.Err)
		}
		if resp != nil || herr != nil {
			return resp, herr
		}
		return decodeReply(method, rp.Reply, rp.Status)
	case <-ctx.Done():
		return nil, status.FromContextError(ctx.Err()).Err()
	}
}

func (s *Server) read(ctx context.Context, rq Request, req any, handler grpc.UnaryHandler) (any, error) {
	s.execMu.RLock()
	s.mu.Lock()
	seq, err := s.r.Read(rq.ViewVersion, time.Now())
	term := s.r.Term()
	var st error
	if err != nil {
		st = s.statusLocked(err)
	}
	s.mu.Unlock()
	if err != nil {
		s.execMu.RUnlock()
		return nil, st
	}
	resp, herr := handler(ctx, req)
	s.execMu.RUnlock()
	s.mu.Lock()
	ch := s.addSeqWaiterLocked(seq, term)
	s.mu.Unlock()
	if err := s.awaitSeq(ctx, ch); err != nil {
		return nil, err
	}
	return resp, herr
}

// decodeReply turns a cached reply into what the handler would have returned: the reply
// message (its type found in the global registry by the method's output type) or the error.
func decodeReply(method string, reply, st []byte) (any, error) {
	if len(st) > 0 {
		sp := &spb.Status{}
		if err := proto.Unmarshal(st, sp); err != nil {
			return nil, status.Errorf(codes.Internal, "replica: cached status of %s: %v", method, err)
		}
		return nil, status.ErrorProto(sp)
	}
	svc, name, _ := splitMethod(method)
	d, err := protoregistry.GlobalFiles.FindDescriptorByName(protoreflect.FullName(svc))
	if err != nil {
		return nil, status.Errorf(codes.Internal, "replica: service of %s: %v", method, err)
	}
	sd, ok := d.(protoreflect.ServiceDescriptor)
	if !ok || sd.Methods().ByName(protoreflect.Name(name)) == nil {
		return nil, status.Errorf(codes.Internal, "replica: no method %s in the registry", method)
	}
	mt, err := protoregistry.GlobalTypes.FindMessageByName(sd.Methods().ByName(protoreflect.Name(name)).Output().FullName())
	if err != nil {
		return nil, status.Errorf(codes.Internal, "replica: reply type of %s: %v", method, err)
	}
	m := mt.New().Interface()
	if err := proto.Unmarshal(reply, m); err != nil {
		return nil, status.Errorf(codes.Internal, "replica: cached reply of %s: %v", method, err)
	}
	return m, nil
}

func (s *Server) status(err error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.statusLocked(err)
}

// statusLocked maps a core error to the status api/warden/replica/v1 documents.
func (s *Server) statusLocked(err error) error {
	code, reason := codes.Unavailable, ""
	var redirect *replicav1.Redirect
	var re *RedirectError
	switch {
	case errors.As(err, &re):
		reason = "NOT_PRIMARY"
		if errors.Is(err, ErrStaleView) {
			reason = "STALE_VIEW"
		}
		redirect = RedirectToProto(re, s.cfg.Replica.ID)
	case errors.Is(err, ErrNotPrimary):
		reason = "NOT_PRIMARY"
		if v := s.r.View(); v.Proto != nil {
			redirect = &replicav1.Redirect{View: v.Proto, MemberId: s.cfg.Replica.ID}
		}
	case errors.Is(err, ErrStaleView):
		reason = "STALE_VIEW"
	case errors.Is(err, ErrViewBehind):
		reason = "VIEW_BEHIND"
	case errors.Is(err, ErrNoLease):
		reason = "NO_LEASE"
	case errors.Is(err, ErrNotReady), errors.Is(err, ErrAbandoned):
		reason = "NOT_READY"
	case errors.Is(err, ErrRequestExpired):
		code, reason = codes.FailedPrecondition, "REQUEST_EXPIRED"
	case errors.Is(err, ErrDigestMismatch):
		code, reason = codes.DataLoss, "DIGEST_MISMATCH"
	case errors.Is(err, ErrStopped):
		return status.Error(codes.Unavailable, err.Error())
	default:
		return status.Error(codes.Internal, err.Error())
	}
	details := []protoadapt.MessageV1{&errdetails.ErrorInfo{Domain: ErrorDomain, Reason: reason,
		Metadata: map[string]string{"group": s.cfg.Replica.GroupID, "member": s.cfg.Replica.ID}}}
	if redirect != nil && redirect.View != nil {
		details = append(details, redirect)
	}
	st, derr := status.New(code, err.Error()).WithDetails(details...)
	if derr != nil {
		return status.Error(code, err.Error())
	}
	return st.Err()
}

// ---------------------------------------------------------------------------------------------
// Views from the managers.

// setView gives the core a view (from WatchView or a lease answer) and starts a join when
// the member is not in it.
func (s *Server) setView(v *managerv1.View) {
	s.mu.Lock()
	if v.GetVersion() <= s.r.View().Version {
		s.mu.Unlock()
		return
	}
	for _, m := range v.GetMembers() {
		if m.GetAddress() != "" {
			s.addrs[m.GetMemberId()] = m.GetAddress()
		}
	}
	s.r.SetView(ViewFromProto(v), time.Now())
	in := false
	for _, m := range v.GetMembers() {
		if m.GetMemberId() == s.cfg.Replica.ID {
			in = true
		}
	}
	switch {
	case s.joined:
	case in:
		// In the view: the primary tops it up (it was added once ready, or it was there from
		// the group's start).
		s.setJoinedLocked("in the view")
	case v.GetPrimary() == "":
		// No primary: the group has no history yet, the initial state is the group's.
		s.setJoinedLocked("the group has no primary yet")
	case !s.fetching:
		s.fetching = true
		s.r.Fetch(v.GetPrimary(), time.Now())
	}
	// Drop streams to members that left.
	for id, p := range s.peers {
		found := false
		for _, m := range v.GetMembers() {
			if m.GetMemberId() == id {
				found = true
			}
		}
		if !found {
			p.close()
			delete(s.peers, id)
		}
	}
	s.mu.Unlock()
	s.poke()
}

func (s *Server) watchViews(ctx context.Context) {
	backoff := 50 * time.Millisecond
	for ctx.Err() == nil {
		s.mu.Lock()
		known := s.r.View().Version
		s.mu.Unlock()
		stream, err := s.mgr.groups().WatchView(ctx, &managerv1.WatchViewRequest{GroupId: s.cfg.Replica.GroupID, KnownVersion: known})
		if err == nil {
			for {
				v, rerr := stream.Recv()
				if rerr != nil {
					err = rerr
					break
				}
				backoff = 50 * time.Millisecond
				s.setView(v)
			}
		}
		if ctx.Err() != nil {
			return
		}
		s.log.Debug("view watch ended", "err", err)
		s.mgr.next()
		sleepCtx(ctx, backoff)
		backoff = min(2*backoff, time.Second)
	}
}

func sleepCtx(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}
