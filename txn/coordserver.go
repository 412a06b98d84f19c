package txn

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	txnv1 "github.com/wardenft/warden/api/warden/txn/v1"
	"github.com/wardenft/warden/recovery"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
)

// CoordinatorServerConfig configures a coordinator process's driver.
type CoordinatorServerConfig struct {
	// Core configures the protocol; Core.Incarnation is set from the store.
	Core CoordinatorConfig
	// Dir holds the coordinator's recovery store (its log of commit decisions).
	Dir string
	// Store configures the recovery store (FS, Logger); zero fields take recovery's defaults.
	Store recovery.Options
	// Address is this coordinator's CoordinatorService address as participants must dial it
	// (sent to them in Prepare, and stored with their prepared transactions).
	Address string
	// TickInterval is how often the core's timers are checked. Default 20ms.
	TickInterval time.Duration
	// RPCTimeout bounds every Prepare and Decide call to a participant. Default 2s.
	RPCTimeout time.Duration
	// CheckpointEvery reorganises the log (recovery.Store.Checkpoint) after this many
	// transactions were forgotten, dropping them from the file. Default 4096.
	CheckpointEvery int
	// DialOptions are added to the options participants are dialed with.
	DialOptions []grpc.DialOption
	// Hook, if set, is called at every kill point (see KillPoints). It must not block.
	Hook func(point string)
	// Logger receives one line per aborted transaction and per failure. Default slog.Default().
	Logger *slog.Logger
}

// CoordinatorServer is the coordinator's gRPC driver: it serves CoordinatorService, logs
// decisions in its recovery store before sending them, sends Prepare and Decide to the
// participants, and feeds the answers and a ticker to the Coordinator core. On open it reads
// the decisions still in its log and sends them again. Its methods are safe for concurrent
// use.
type CoordinatorServer struct {
	txnv1.UnimplementedCoordinatorServiceServer

	cfg   CoordinatorServerConfig
	log   *slog.Logger
	store *recovery.Store
	conns *conns
	hook  func(string)

	mu      sync.Mutex
	core    *Coordinator
	waiters map[string][]chan Message // gid -> clients waiting for MsgResult
	forgets int
	closed  bool
	// links holds one link per participant address: the Exchange stream that carries
	// prepares and decisions there and brings votes and acknowledgements back (link.go).
	links   map[string]*link
	linksMu sync.Mutex
	// ctx is canceled by Close: it ends every stream to the participants.
	ctx       context.Context
	cancelAll context.CancelFunc
	// Commit decisions wait while the log is making earlier ones durable, then go to the log
	// together, in one transaction: at most one write of decisions is in flight, and under load
	// each carries every decision that came up while the previous one was being synced.
	logQ    []Decision
	logging bool
	// Forgotten gids wait for the next tick and are deleted from the log together.
	forgetQ    []string
	forgetting bool

	ckptBusy atomic.Bool
	wg       sync.WaitGroup
	quit     chan struct{}
}

const decisionPrefix = "d/"

// OpenCoordinator opens the coordinator's log in cfg.Dir, recovers the decisions found there
// (they are sent again at once) and starts the ticker. Register it on a grpc.Server with
// txnv1.RegisterCoordinatorServiceServer.
func OpenCoordinator(cfg CoordinatorServerConfig) (*CoordinatorServer, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.TickInterval <= 0 {
		cfg.TickInterval = 20 * time.Millisecond
	}
	if cfg.RPCTimeout <= 0 {
		cfg.RPCTimeout = 2 * time.Second
	}
	if cfg.CheckpointEvery <= 0 {
		cfg.CheckpointEvery = 4096
	}
	if cfg.Address == "" {
		return nil, errors.New("txn: coordinator Address is empty: participants could not ask for decisions")
	}
	if cfg.Store.Logger == nil {
		cfg.Store.Logger = cfg.Logger
	}
	st, err := recovery.Open(cfg.Dir, cfg.Store)
	if err != nil {
		return nil, fmt.Errorf("txn: open coordinator log: %w", err)
	}
	cfg.Core.Incarnation = st.Recovery().Boot
	core, err := NewCoordinator(cfg.Core)
	if err != nil {
		st.Close()
		return nil, err
	}
	s := &CoordinatorServer{
		cfg: cfg, log: cfg.Logger, store: st, conns: newConns(cfg.DialOptions), hook: cfg.Hook,
		core: core, waiters: make(map[string][]chan Message), quit: make(chan struct{}),
		links: make(map[string]*link),
	}
	s.ctx, s.cancelAll = context.WithCancel(context.Background())
	if s.hook == nil {
		s.hook = func(string) {}
	}
	var ds []Decision
	var bad error
	st.Range(func(k string, v []byte) bool {
		if !strings.HasPrefix(k, decisionPrefix) {
			return true
		}
		var m txnv1.TxMeta
		if err := proto.Unmarshal(v, &m); err != nil {
			bad = fmt.Errorf("txn: decision %q in the coordinator log: %w", k, err)
			return false
		}
		ds = append(ds, Decision{GID: m.Gid, Peers: peersFromProto(m.Participants)})
		return true
	})
	if bad != nil {
		st.Close()
		return nil, bad
	}
	if len(ds) > 0 {
		s.log.Info("txn: coordinator recovered commit decisions not yet acknowledged; sending them again", "coordinator", cfg.Core.Name, "incarnation", cfg.Core.Incarnation, "decisions", len(ds))
	}
	s.mu.Lock()
	core.Recover(ds, time.Now())
	rd := core.Ready()
	s.mu.Unlock()
	s.dispatch(rd)
	s.wg.Add(1)
	go s.ticker()
	return s, nil
}

// Incarnation is the incarnation this coordinator runs as (gids embed it).
func (s *CoordinatorServer) Incarnation() uint64 { return s.cfg.Core.Incarnation }

// Status reports the core's transactions by state.
func (s *CoordinatorServer) Status() CoordinatorStatus {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.core.Status()
}

// Store is the coordinator's recovery store (for its Stats; do not write to it).
func (s *CoordinatorServer) Store() *recovery.Store { return s.store }

func (s *CoordinatorServer) ticker() {
	defer s.wg.Done()
	t := time.NewTicker(s.cfg.TickInterval)
	defer t.Stop()
	for {
		select {
		case <-s.quit:
			return
		case now := <-t.C:
			s.mu.Lock()
			s.core.Tick(now)
			rd := s.core.Ready()
			var forget []string
			if len(s.forgetQ) > 0 && !s.forgetting {
				forget, s.forgetQ, s.forgetting = s.forgetQ, nil, true
			}
			s.mu.Unlock()
			s.dispatch(rd)
			if forget != nil {
				s.spawn(func() { s.forget(forget) })
			}
			s.eachLink(func(l *link) { l.expire(now, s.cfg.RPCTimeout) })
		}
	}
}

// Close stops the ticker, fails waiting clients and closes the log. In-flight protocol steps
// are abandoned, as in a crash: the log says what was decided.
func (s *CoordinatorServer) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	for gid, ws := range s.waiters {
		for _, w := range ws {
			w <- Message{Type: MsgResult, GID: gid, Outcome: Undecided, Reason: "coordinator shutting down"}
		}
	}
	s.waiters = nil
	s.mu.Unlock()
	close(s.quit)
	s.cancelAll()
	s.wg.Wait()
	s.conns.close()
	return s.store.Close()
}

// stepAll feeds ms to the core and carries out what it asks.
func (s *CoordinatorServer) stepAll(ms []Message) {
	if len(ms) == 0 {
		return
	}
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return
	}
	now := time.Now()
	for _, m := range ms {
		s.core.Step(m, now)
	}
	rd := s.core.Ready()
	s.mu.Unlock()
	s.dispatch(rd)
}

// step feeds m to the core and carries out what it asks.
func (s *CoordinatorServer) step(m Message) { s.stepAll([]Message{m}) }

func (s *CoordinatorServer) dispatch(rd CoordinatorReady) {
	if len(rd.Log) > 0 {
		s.mu.Lock()
		s.logQ = append(s.logQ, rd.Log...)
		var batch []Decision
		if !s.logging {
			batch, s.logQ, s.logging = s.logQ, nil, true
		}
		s.mu.Unlock()
		if batch != nil {
			s.spawn(func() { s.logLoop(batch) })
		}
	}
	if len(rd.Forget) > 0 {
		s.mu.Lock()
		s.forgetQ = append(s.forgetQ, rd.Forget...)
		s.mu.Unlock()
	}
	for _, m := range rd.Msgs {
		switch {
		case m.To == ClientName:
			s.mu.Lock()
			ws := s.waiters[m.GID]
			delete(s.waiters, m.GID)
			s.mu.Unlock()
			for _, w := range ws {
				w <- m
			}
			if m.Outcome == Aborted && m.Reason != "" && len(ws) == 0 {
				s.log.Info("txn: transaction aborted", "coordinator", s.cfg.Core.Name, "gid", m.GID, "participant", m.Peer, "reason", m.Reason)
			}
		case m.Type == MsgPrepare, m.Type == MsgDecide:
			s.link(m.Addr).queue(m)
		}
		// MsgDecision goes back through the GetDecision handler, which looks for it.
	}
}

func (s *CoordinatorServer) spawn(f func()) {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return
	}
	s.wg.Add(1)
	s.mu.Unlock()
	go func() { defer s.wg.Done(); f() }()
}

// logLoop logs batch, then whatever queued meanwhile, until nothing is queued.
func (s *CoordinatorServer) logLoop(batch []Decision) {
	defer func() {
		// Also when a hook stopped this goroutine (a simulated crash in tests).
		s.mu.Lock()
		s.logging = false
		s.mu.Unlock()
	}()
	for len(batch) > 0 {
		s.logDecisions(batch)
		s.mu.Lock()
		batch, s.logQ = s.logQ, nil
		s.mu.Unlock()
	}
}

func (s *CoordinatorServer) logDecisions(ds []Decision) {
	s.hook(PointCoordinatorDecisionBeforeDurable)
	tx := s.store.Begin()
	gids := make([]string, len(ds))
	var err error
	for i, d := range ds {
		gids[i] = d.GID
		b, merr := proto.Marshal(&txnv1.TxMeta{Gid: d.GID, Participants: peersToProto(d.Peers)})
		if merr != nil {
			panic(fmt.Sprintf("txn: invariant violated: TxMeta does not marshal: %v", merr))
		}
		if err = tx.Put(context.Background(), decisionPrefix+d.GID, b); err != nil {
			break
		}
	}
	if err == nil {
		err = tx.Commit()
	} else {
		tx.Abort()
	}
	if err != nil {
		s.log.Error("txn: could not make commit decisions durable; their outcome is unknown until the coordinator restarts", "coordinator", s.cfg.Core.Name, "gids", gids, "err", err)
	} else {
		s.hook(PointCoordinatorDecisionAfterDurable)
	}
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return
	}
	s.core.Logged(gids, err, time.Now())
	rd := s.core.Ready()
	s.mu.Unlock()
	s.dispatch(rd)
}

// forget deletes acknowledged decisions from the log. Nothing waits for it: a forget lost in a
// crash only means sending a decision again.
func (s *CoordinatorServer) forget(gids []string) {
	defer func() {
		s.mu.Lock()
		s.forgetting = false
		s.mu.Unlock()
	}()
	s.hook(PointCoordinatorForgetBeforeDurable)
	tx := s.store.Begin()
	for _, g := range gids {
		if err := tx.Delete(context.Background(), decisionPrefix+g); err != nil {
			tx.Abort()
			s.log.Warn("txn: could not forget decisions", "coordinator", s.cfg.Core.Name, "err", err)
			return
		}
	}
	if err := tx.Commit(); err != nil {
		s.log.Warn("txn: could not forget decisions", "coordinator", s.cfg.Core.Name, "err", err)
		return
	}
	s.mu.Lock()
	s.forgets += len(gids)
	due := s.forgets >= s.cfg.CheckpointEvery
	if due {
		s.forgets = 0
	}
	s.mu.Unlock()
	if due && s.ckptBusy.CompareAndSwap(false, true) {
		defer s.ckptBusy.Store(false)
		if rep, err := s.store.Checkpoint(); err != nil {
			s.log.Warn("txn: coordinator log reorganisation failed", "coordinator", s.cfg.Core.Name, "err", err)
		} else {
			s.log.Debug("txn: coordinator log reorganised", "coordinator", s.cfg.Core.Name, "before", rep.BytesBefore, "after", rep.BytesAfter)
		}
	}
}

// Checkpoint reorganises the coordinator's log now, dropping forgotten decisions from it.
func (s *CoordinatorServer) Checkpoint() (recovery.CheckpointReport, error) {
	return s.store.Checkpoint()
}

// Begin implements CoordinatorService.Begin.
func (s *CoordinatorServer) Begin(ctx context.Context, req *txnv1.BeginRequest) (*txnv1.BeginResponse, error) {
	peers := peersFromProto(req.Participants)
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil, status.Error(codes.Unavailable, "coordinator shutting down")
	}
	gid, err := s.core.Begin(peers, time.Now())
	s.mu.Unlock()
	if err != nil {
		return nil, badRequest("participants", strings.TrimPrefix(err.Error(), ErrInvalidPeers.Error()+": "))
	}
	return &txnv1.BeginResponse{Gid: gid}, nil
}

// wait registers a client waiting for gid's result, feeds m and waits for the answer.
func (s *CoordinatorServer) wait(ctx context.Context, m Message) (Message, error) {
	ch := make(chan Message, 1)
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return Message{}, status.Error(codes.Unavailable, "coordinator shutting down")
	}
	s.waiters[m.GID] = append(s.waiters[m.GID], ch)
	s.mu.Unlock()
	s.step(m)
	select {
	case r := <-ch:
		return r, nil
	case <-ctx.Done():
		s.mu.Lock()
		ws := s.waiters[m.GID]
		for i, w := range ws {
			if w == ch {
				s.waiters[m.GID] = append(ws[:i:i], ws[i+1:]...)
				break
			}
		}
		s.mu.Unlock()
		return Message{}, status.FromContextError(ctx.Err()).Err()
	}
}

func resultError(r Message) error {
	md := map[string]string{"gid": r.GID}
	switch r.Outcome {
	case Committed:
		return nil
	case Undecided:
		return statusWithInfo(codes.Unavailable, fmt.Sprintf("transaction %s: outcome unknown: %s", r.GID, r.Reason), ReasonDecisionUnknown, md)
	}
	if strings.HasPrefix(r.Reason, "unknown transaction") {
		return statusWithInfo(codes.Aborted, fmt.Sprintf("transaction %s aborted: %s", r.GID, r.Reason), ReasonUnknown, md)
	}
	if r.Peer != "" {
		md["participant"] = r.Peer
	}
	if st, ok := status.FromError(r.Err); ok && r.Err != nil {
		// The application's error at a participant: keep its code and details, say where.
		p := st.Proto()
		p.Message = fmt.Sprintf("transaction %s aborted: participant %s: %s", r.GID, r.Peer, st.Message())
		withInfo, err := status.FromProto(p).WithDetails(&errdetails.ErrorInfo{Reason: ReasonAborted, Domain: ErrorDomain, Metadata: md})
		if err == nil {
			return withInfo.Err()
		}
		return status.FromProto(p).Err()
	}
	md["vote_reason"] = r.Reason
	return statusWithInfo(codes.Aborted, fmt.Sprintf("transaction %s aborted: %s", r.GID, r.Reason), ReasonAborted, md)
}

// Commit implements CoordinatorService.Commit.
func (s *CoordinatorServer) Commit(ctx context.Context, req *txnv1.CommitRequest) (*txnv1.CommitResponse, error) {
	if req.Gid == "" {
		return nil, badRequest("gid", "must not be empty")
	}
	r, err := s.wait(ctx, Message{Type: MsgCommit, GID: req.Gid, From: ClientName})
	if err != nil {
		return nil, err
	}
	if err := resultError(r); err != nil {
		return nil, err
	}
	return &txnv1.CommitResponse{Outcome: txnv1.Outcome_OUTCOME_COMMITTED}, nil
}

// Run implements CoordinatorService.Run.
func (s *CoordinatorServer) Run(ctx context.Context, req *txnv1.RunRequest) (*txnv1.RunResponse, error) {
	peers := make([]Peer, len(req.Work))
	work := make([][]byte, len(req.Work))
	for i, w := range req.Work {
		peers[i] = Peer{Name: w.GetParticipant().GetName(), Address: w.GetParticipant().GetAddress()}
		if len(w.Payload) == 0 {
			return nil, badRequest(fmt.Sprintf("work[%d].payload", i), "must not be empty")
		}
		work[i] = w.Payload
	}
	if err := ValidatePeers(peers); err != nil {
		return nil, badRequest("work", strings.ReplaceAll(strings.TrimPrefix(err.Error(), ErrInvalidPeers.Error()+": "), "participants[", "work.participant["))
	}
	ch := make(chan Message, 1)
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil, status.Error(codes.Unavailable, "coordinator shutting down")
	}
	gid, err := s.core.Run(peers, work, time.Now())
	if err != nil {
		s.mu.Unlock()
		return nil, badRequest("work", err.Error())
	}
	s.waiters[gid] = append(s.waiters[gid], ch)
	rd := s.core.Ready()
	s.mu.Unlock()
	s.dispatch(rd)
	var r Message
	select {
	case r = <-ch:
	case <-ctx.Done():
		return nil, statusWithInfo(status.FromContextError(ctx.Err()).Code(), fmt.Sprintf("transaction %s: %v before the outcome was known", gid, ctx.Err()), ReasonDecisionUnknown, map[string]string{"gid": gid})
	}
	if err := resultError(r); err != nil {
		return nil, err
	}
	return &txnv1.RunResponse{Gid: gid, Outcome: txnv1.Outcome_OUTCOME_COMMITTED}, nil
}

// Abort implements CoordinatorService.Abort.
func (s *CoordinatorServer) Abort(ctx context.Context, req *txnv1.AbortRequest) (*txnv1.AbortResponse, error) {
	if req.Gid == "" {
		return nil, badRequest("gid", "must not be empty")
	}
	r, err := s.wait(ctx, Message{Type: MsgAbort, GID: req.Gid, From: ClientName, Reason: req.Reason})
	if err != nil {
		return nil, err
	}
	if r.Outcome == Committed {
		return nil, statusWithInfo(codes.FailedPrecondition, fmt.Sprintf("transaction %s already committed", r.GID), ReasonCommitted, map[string]string{"gid": r.GID})
	}
	if r.Outcome == Undecided {
		return nil, resultError(r)
	}
	return &txnv1.AbortResponse{}, nil
}

// GetDecision implements CoordinatorService.GetDecision.
func (s *CoordinatorServer) GetDecision(ctx context.Context, req *txnv1.GetDecisionRequest) (*txnv1.GetDecisionResponse, error) {
	if req.Gid == "" {
		return nil, badRequest("gid", "must not be empty")
	}
	if req.Participant == "" {
		return nil, badRequest("participant", "must not be empty")
	}
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil, status.Error(codes.Unavailable, "coordinator shutting down")
	}
	s.core.Step(Message{Type: MsgGetDecision, GID: req.Gid, From: req.Participant}, time.Now())
	rd := s.core.Ready()
	s.mu.Unlock()
	out := Undecided
	for _, m := range rd.Msgs {
		if m.Type == MsgDecision && m.GID == req.Gid && m.To == req.Participant {
			out = m.Outcome
		}
	}
	s.dispatch(rd)
	return &txnv1.GetDecisionResponse{Outcome: outcomeToProto(out)}, nil
}

// Ack implements CoordinatorService.Ack.
func (s *CoordinatorServer) Ack(ctx context.Context, req *txnv1.AckRequest) (*txnv1.AckResponse, error) {
	if req.Gid == "" {
		return nil, badRequest("gid", "must not be empty")
	}
	if req.Participant == "" {
		return nil, badRequest("participant", "must not be empty")
	}
	s.step(Message{Type: MsgAck, GID: req.Gid, From: req.Participant, Commit: true})
	return &txnv1.AckResponse{}, nil
}

func peersToProto(ps []Peer) []*txnv1.Participant {
	out := make([]*txnv1.Participant, len(ps))
	for i, p := range ps {
		out[i] = &txnv1.Participant{Name: p.Name, Address: p.Address}
	}
	return out
}

func peersFromProto(ps []*txnv1.Participant) []Peer {
	out := make([]Peer, len(ps))
	for i, p := range ps {
		out[i] = Peer{Name: p.GetName(), Address: p.GetAddress()}
	}
	return out
}

func outcomeToProto(o Outcome) txnv1.Outcome {
	switch o {
	case Committed:
		return txnv1.Outcome_OUTCOME_COMMITTED
	case Aborted:
		return txnv1.Outcome_OUTCOME_ABORTED
	}
	return txnv1.Outcome_OUTCOME_UNDECIDED
}

func outcomeFromProto(o txnv1.Outcome) Outcome {
	switch o {
	case txnv1.Outcome_OUTCOME_COMMITTED:
		return Committed
	case txnv1.Outcome_OUTCOME_ABORTED:
		return Aborted
	}
	return Undecided
}
