package txn

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	txnv1 "github.com/wardenft/warden/api/warden/txn/v1"
	"github.com/wardenft/warden/recovery"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
)

// ParticipantServerConfig configures a participant's driver.
type ParticipantServerConfig struct {
	// Core configures the protocol; Core.Committed is set by the driver.
	Core ParticipantConfig
	// Store is the application's recovery store, opened by the application. The driver keeps
	// one item per committed global transaction under KeyPrefix (the commit marker) and reads
	// the prepared transactions from it at start. The application must not write under
	// KeyPrefix.
	Store *recovery.Store
	// KeyPrefix prefixes the commit markers. Default "txn/".
	KeyPrefix string
	// TickInterval is how often the core's timers are checked. Default 20ms.
	TickInterval time.Duration
	// RPCTimeout bounds every call to the coordinator and to peers. Default 2s.
	RPCTimeout time.Duration
	// DialOptions are added to the options the coordinator and peers are dialed with.
	DialOptions []grpc.DialOption
	// Execute runs the work of a one-shot transaction (CoordinatorService.Run) in the gid's
	// local transaction, just before it is prepared. An error votes no; a gRPC status error
	// reaches the client with its code and details. Nil: one-shot transactions are refused.
	Execute func(ctx context.Context, tx *recovery.Tx, work []byte) error
	// Hook, if set, is called at every kill point (see KillPoints). It must not block.
	Hook func(point string)
	// Logger receives a line per transaction settled after a restart and per failure.
	// Default slog.Default().
	Logger *slog.Logger
}

// ParticipantServer is a participant's gRPC driver: it serves ParticipantService for an
// application that keeps its data in a recovery store, runs the durable actions the
// Participant core asks for on the store's transactions, and asks the coordinator (and the
// peers) for decisions. The application does its part of a global transaction with Work.
// Its methods are safe for concurrent use.
type ParticipantServer struct {
	txnv1.UnimplementedParticipantServiceServer

	cfg   ParticipantServerConfig
	name  string
	log   *slog.Logger
	store *recovery.Store
	conns *conns
	hook  func(string)

	mu     sync.Mutex
	core   *Participant
	txs    map[string]*localTx
	votes  map[string][]chan Message // Prepare handlers waiting for the vote
	acks   map[string][]chan Message // Decide handlers waiting for the acknowledgement
	peerQs map[string][]chan Message
	closed bool

	wg   sync.WaitGroup
	quit chan struct{}
}

type localTx struct {
	work sync.Mutex // held by Work and by the prepare: no work runs into a prepare
	tx   *recovery.Tx
}

// NewParticipantServer starts the driver over cfg.Store. The store's prepared transactions
// (from before a restart) stay prepared, holding their locks, and the coordinator is asked for
// each decision at once. Register it with txnv1.RegisterParticipantServiceServer.
func NewParticipantServer(cfg ParticipantServerConfig) (*ParticipantServer, error) {
	if cfg.Store == nil {
		return nil, errors.New("txn: participant Store is nil")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.KeyPrefix == "" {
		cfg.KeyPrefix = "txn/"
	}
	if cfg.TickInterval <= 0 {
		cfg.TickInterval = 20 * time.Millisecond
	}
	if cfg.RPCTimeout <= 0 {
		cfg.RPCTimeout = 2 * time.Second
	}
	st := cfg.Store
	prefix := cfg.KeyPrefix
	cfg.Core.Committed = func(gid string) bool {
		_, ok := st.Get(prefix + gid)
		return ok
	}
	core, err := NewParticipant(cfg.Core)
	if err != nil {
		return nil, err
	}
	s := &ParticipantServer{
		cfg: cfg, name: cfg.Core.Name, log: cfg.Logger, store: st, conns: newConns(cfg.DialOptions), hook: cfg.Hook,
		core: core, txs: make(map[string]*localTx), votes: make(map[string][]chan Message),
		acks: make(map[string][]chan Message), peerQs: make(map[string][]chan Message), quit: make(chan struct{}),
	}
	if s.hook == nil {
		s.hook = func(string) {}
	}
	var rs []Recovered
	for _, tx := range st.Prepared() {
		gid := tx.GlobalID()
		if gid == "" {
			s.log.Warn("txn: prepared transaction without a global id in the store; leaving it prepared", "participant", s.name, "tx", tx.String())
			continue
		}
		var meta txnv1.TxMeta
		if b, ok := tx.Writes()[prefix+gid]; !ok || proto.Unmarshal(b, &meta) != nil {
			s.log.Error("txn: prepared transaction without readable metadata; leaving it prepared", "participant", s.name, "gid", gid)
			continue
		}
		s.txs[gid] = &localTx{tx: tx}
		rs = append(rs, Recovered{GID: gid, Coordinator: meta.Coordinator, Peers: peersFromProto(meta.Participants)})
	}
	if len(rs) > 0 {
		s.log.Info("txn: participant restarted with prepared transactions; asking the coordinator", "participant", s.name, "in_doubt", len(rs))
	}
	s.mu.Lock()
	core.Recover(rs, time.Now())
	rd := core.Ready()
	s.mu.Unlock()
	s.dispatch(rd)
	s.wg.Add(1)
	go s.ticker()
	return s, nil
}

// Name is the participant's name.
func (s *ParticipantServer) Name() string { return s.name }

// InDoubt lists the global transactions prepared here and not yet decided.
func (s *ParticipantServer) InDoubt() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.core.InDoubt()
}

// Committed reports whether this participant committed gid.
func (s *ParticipantServer) Committed(gid string) bool { return s.cfg.Core.Committed(gid) }

// Work runs fn in the local transaction of global transaction gid, beginning it on first use.
// Calls for one gid are serialised, and a Prepare waits for a running fn. fn's error is
// returned as is; the local transaction stays as fn left it (the client aborts the global
// transaction if it gives up). Work fails with ErrTxPrepared or ErrTxAborted (wrapped) when
// the gid takes no more work.
func (s *ParticipantServer) Work(gid string, fn func(tx *recovery.Tx) error) error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return errStopped
	}
	isNew, err := s.core.Join(gid, time.Now())
	if err != nil {
		s.mu.Unlock()
		return err
	}
	lt := s.txs[gid]
	if isNew {
		lt = &localTx{tx: s.store.BeginGlobal(gid)}
		s.txs[gid] = lt
	}
	s.mu.Unlock()
	lt.work.Lock()
	defer lt.work.Unlock()
	return fn(lt.tx)
}

func (s *ParticipantServer) ticker() {
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
			s.mu.Unlock()
			s.dispatch(rd)
		}
	}
}

// Close stops the driver. Prepared transactions stay prepared in the store; active ones are
// abandoned (the store forgets them when it closes). The application closes the store after.
func (s *ParticipantServer) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	s.mu.Unlock()
	close(s.quit)
	s.wg.Wait()
	s.conns.close()
	return nil
}

func (s *ParticipantServer) spawn(f func()) {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return
	}
	s.wg.Add(1)
	s.mu.Unlock()
	go func() { defer s.wg.Done(); f() }()
}

func (s *ParticipantServer) stepLocked(m Message) ParticipantReady {
	s.core.Step(m, time.Now())
	return s.core.Ready()
}

func (s *ParticipantServer) step(m Message) {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return
	}
	rd := s.stepLocked(m)
	s.mu.Unlock()
	s.dispatch(rd)
}

func (s *ParticipantServer) opDone(kind OpKind, gid string, err error) {
	s.mu.Lock()
	if kind != OpPrepare || err != nil {
		delete(s.txs, gid)
	}
	s.core.OpDone(kind, gid, err, time.Now())
	rd := s.core.Ready()
	s.mu.Unlock()
	s.dispatch(rd)
}

func (s *ParticipantServer) dispatch(rd ParticipantReady) {
	for _, o := range rd.Ops {
		s.spawn(func() { s.run(o) })
	}
	for _, m := range rd.Msgs {
		switch m.Type {
		case MsgVote:
			s.deliver(s.votes, m)
		case MsgAck:
			if delivered := s.deliver(s.acks, m); m.Commit && (m.Unsolicited || !delivered) {
				s.spawn(func() { s.sendAck(m) })
			}
		case MsgOutcome:
			s.deliver(s.peerQs, m)
		case MsgGetDecision:
			s.spawn(func() { s.sendGetDecision(m) })
		case MsgQuery:
			s.spawn(func() { s.sendQuery(m) })
		}
	}
}

// deliver hands m to the handlers waiting on it, if any.
func (s *ParticipantServer) deliver(waiting map[string][]chan Message, m Message) bool {
	s.mu.Lock()
	ws := waiting[m.GID]
	delete(waiting, m.GID)
	s.mu.Unlock()
	for _, w := range ws {
		w <- m
	}
	return len(ws) > 0
}

func (s *ParticipantServer) localTx(gid string) *localTx {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.txs[gid]
}

// run carries out one durable action.
func (s *ParticipantServer) run(o Op) {
	lt := s.localTx(o.GID)
	if lt == nil && o.Kind == OpPrepare && o.Work != nil {
		s.mu.Lock()
		if lt = s.txs[o.GID]; lt == nil {
			lt = &localTx{tx: s.store.BeginGlobal(o.GID)}
			s.txs[o.GID] = lt
		}
		s.mu.Unlock()
	}
	if lt == nil {
		panic(fmt.Sprintf("txn: invariant violated: participant %s has no local transaction for %s op %s", s.name, o.GID, o.Kind))
	}
	var err error
	switch o.Kind {
	case OpPrepare:
		lt.work.Lock()
		s.hook(PointParticipantPrepareBeforeDurable)
		b, merr := proto.Marshal(&txnv1.TxMeta{Gid: o.GID, Coordinator: o.Coordinator, Participants: peersToProto(o.Peers)})
		if merr != nil {
			panic(fmt.Sprintf("txn: invariant violated: TxMeta does not marshal: %v", merr))
		}
		ctx, cancel := context.WithTimeout(context.Background(), s.cfg.RPCTimeout)
		if o.Work != nil {
			if s.cfg.Execute == nil {
				err = status.Error(codes.Unimplemented, "this participant does not run one-shot transactions")
			} else {
				err = s.cfg.Execute(ctx, lt.tx, o.Work)
			}
		}
		if err == nil {
			err = lt.tx.Put(ctx, s.cfg.KeyPrefix+o.GID, b)
		}
		cancel()
		if err == nil {
			err = lt.tx.Prepare()
		}
		if err != nil {
			lt.tx.Abort()
			if _, isStatus := status.FromError(err); !isStatus || o.Work == nil {
				s.log.Warn("txn: prepare failed; voting no", "participant", s.name, "gid", o.GID, "err", err)
			}
		} else {
			s.hook(PointParticipantPrepareAfterDurable)
		}
		lt.work.Unlock()
	case OpCommit:
		s.hook(PointParticipantDecideBeforeDurable)
		if err = lt.tx.Commit(); err == nil {
			s.hook(PointParticipantDecideAfterDurable)
		}
	case OpAbort:
		err = lt.tx.Abort()
		if errors.Is(err, recovery.ErrTxDone) {
			err = nil // the work had already failed and ended the local transaction
		}
	}
	if err != nil && o.Kind != OpPrepare {
		s.log.Error("txn: could not apply the decision; the transaction stays in doubt until the store is reopened", "participant", s.name, "gid", o.GID, "op", o.Kind.String(), "err", err)
	}
	s.opDone(o.Kind, o.GID, err)
}

func (s *ParticipantServer) coordinatorClient(addr string) (txnv1.CoordinatorServiceClient, error) {
	cc, err := s.conns.get(addr)
	if err != nil {
		return nil, err
	}
	return txnv1.NewCoordinatorServiceClient(cc), nil
}

func (s *ParticipantServer) sendAck(m Message) {
	s.hook(PointParticipantAckBeforeSend)
	c, err := s.coordinatorClient(m.Addr)
	if err != nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), s.cfg.RPCTimeout)
	defer cancel()
	// A lost Ack is harmless: the coordinator sends the decision again and the answer to that
	// is the acknowledgement.
	_, _ = c.Ack(ctx, &txnv1.AckRequest{Gid: m.GID, Participant: s.name})
}

func (s *ParticipantServer) sendGetDecision(m Message) {
	unreachable := func(err error) {
		s.step(Message{Type: MsgUnreachable, GID: m.GID, From: CoordinatorName, Failed: MsgGetDecision, Reason: err.Error()})
	}
	c, err := s.coordinatorClient(m.Addr)
	if err != nil {
		unreachable(err)
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), s.cfg.RPCTimeout)
	defer cancel()
	resp, err := c.GetDecision(ctx, &txnv1.GetDecisionRequest{Gid: m.GID, Participant: s.name})
	if err != nil {
		s.log.Info("txn: coordinator unreachable for a decision; asking the peers", "participant", s.name, "gid", m.GID, "coordinator", m.Addr, "err", err)
		unreachable(err)
		return
	}
	o := outcomeFromProto(resp.Outcome)
	if o != Undecided {
		s.log.Info("txn: in-doubt transaction settled by the coordinator", "participant", s.name, "gid", m.GID, "outcome", o.String())
	}
	s.step(Message{Type: MsgDecision, GID: m.GID, From: CoordinatorName, Outcome: o})
}

func (s *ParticipantServer) sendQuery(m Message) {
	cc, err := s.conns.get(m.Addr)
	if err != nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), s.cfg.RPCTimeout)
	defer cancel()
	resp, err := txnv1.NewParticipantServiceClient(cc).QueryOutcome(ctx, &txnv1.QueryOutcomeRequest{Gid: m.GID, Participant: s.name})
	if err != nil {
		return // asked again at the next timeout
	}
	o := outcomeFromProto(resp.Outcome)
	if o != Undecided {
		s.log.Info("txn: in-doubt transaction settled by a peer (cooperative termination)", "participant", s.name, "gid", m.GID, "peer", m.To, "outcome", o.String())
	}
	s.step(Message{Type: MsgOutcome, GID: m.GID, From: m.To, Outcome: o})
}

// await registers a handler waiting on gid in waiting, feeds m and waits for the answer.
func (s *ParticipantServer) await(ctx context.Context, waiting map[string][]chan Message, m Message) (Message, error) {
	ch := make(chan Message, 1)
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return Message{}, status.Error(codes.Unavailable, "participant shutting down")
	}
	waiting[m.GID] = append(waiting[m.GID], ch)
	rd := s.stepLocked(m)
	s.mu.Unlock()
	s.dispatch(rd)
	select {
	case r := <-ch:
		return r, nil
	case <-ctx.Done():
		s.mu.Lock()
		ws := waiting[m.GID]
		for i, w := range ws {
			if w == ch {
				waiting[m.GID] = append(ws[:i:i], ws[i+1:]...)
				break
			}
		}
		s.mu.Unlock()
		return Message{}, status.FromContextError(ctx.Err()).Err()
	}
}

// Prepare implements ParticipantService.Prepare.
func (s *ParticipantServer) Prepare(ctx context.Context, req *txnv1.PrepareRequest) (*txnv1.PrepareResponse, error) {
	switch {
	case req.Gid == "":
		return nil, badRequest("gid", "must not be empty")
	case req.Coordinator == "":
		return nil, badRequest("coordinator", "must not be empty: the participant needs it to ask for the decision after a restart")
	}
	peers := peersFromProto(req.Participants)
	if err := ValidatePeers(peers); err != nil {
		return nil, badRequest("participants", err.Error())
	}
	var decided chan error
	if len(req.Decisions) > 0 {
		decided = make(chan error, 1)
		go func() {
			_, err := s.DecideMany(ctx, &txnv1.DecideManyRequest{Decisions: req.Decisions})
			decided <- err
		}()
	}
	r, err := s.await(ctx, s.votes, Message{Type: MsgPrepare, GID: req.Gid, From: CoordinatorName, Coordinator: req.Coordinator, Peers: peers, Work: req.Work})
	if decided != nil {
		if derr := <-decided; err == nil && derr != nil {
			err = derr
		}
	}
	if err != nil {
		return nil, err
	}
	resp := &txnv1.PrepareResponse{Yes: r.Yes, Reason: r.Reason}
	if r.Err != nil {
		if st, ok := status.FromError(r.Err); ok {
			resp.ErrorStatus, _ = proto.Marshal(st.Proto())
		}
	}
	return resp, nil
}

// Decide implements ParticipantService.Decide.
func (s *ParticipantServer) Decide(ctx context.Context, req *txnv1.DecideRequest) (*txnv1.DecideResponse, error) {
	if req.Gid == "" {
		return nil, badRequest("gid", "must not be empty")
	}
	if _, err := s.await(ctx, s.acks, Message{Type: MsgDecide, GID: req.Gid, From: CoordinatorName, Commit: req.Commit}); err != nil {
		return nil, err
	}
	return &txnv1.DecideResponse{}, nil
}

// PrepareMany implements ParticipantService.PrepareMany: the prepares run together (their
// records share syncs), each vote is sent as soon as it is ready, and the call ends once the
// piggybacked decisions are applied too.
func (s *ParticipantServer) PrepareMany(req *txnv1.PrepareManyRequest, stream grpc.ServerStreamingServer[txnv1.PrepareManyVote]) error {
	ctx := stream.Context()
	var decided chan error
	if len(req.Decisions) > 0 {
		decided = make(chan error, 1)
		go func() {
			_, err := s.DecideMany(ctx, &txnv1.DecideManyRequest{Decisions: req.Decisions})
			decided <- err
		}()
	}
	var sendMu sync.Mutex
	errs := make([]error, len(req.Prepares))
	var wg sync.WaitGroup
	for i, p := range req.Prepares {
		wg.Add(1)
		go func() {
			defer wg.Done()
			vote, err := s.Prepare(ctx, p)
			if err != nil {
				errs[i] = err
				return
			}
			sendMu.Lock()
			errs[i] = stream.Send(&txnv1.PrepareManyVote{Index: int32(i), Vote: vote})
			sendMu.Unlock()
		}()
	}
	wg.Wait()
	if decided != nil {
		if err := <-decided; err != nil {
			return err
		}
	}
	for i, err := range errs {
		if err != nil {
			if status.Code(err) == codes.InvalidArgument {
				return status.Errorf(codes.InvalidArgument, "prepares[%d]: %s", i, status.Convert(err).Message())
			}
			return err
		}
	}
	return nil
}

// DecideMany implements ParticipantService.DecideMany: every decision is applied (each
// group-committed with the others) before the one response acknowledges them all.
func (s *ParticipantServer) DecideMany(ctx context.Context, req *txnv1.DecideManyRequest) (*txnv1.DecideManyResponse, error) {
	for i, d := range req.Decisions {
		if d.GetGid() == "" {
			return nil, badRequest(fmt.Sprintf("decisions[%d].gid", i), "must not be empty")
		}
	}
	errs := make([]error, len(req.Decisions))
	var wg sync.WaitGroup
	for i, d := range req.Decisions {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = s.await(ctx, s.acks, Message{Type: MsgDecide, GID: d.Gid, From: CoordinatorName, Commit: d.Commit})
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return &txnv1.DecideManyResponse{}, nil
}

// QueryOutcome implements ParticipantService.QueryOutcome.
func (s *ParticipantServer) QueryOutcome(ctx context.Context, req *txnv1.QueryOutcomeRequest) (*txnv1.QueryOutcomeResponse, error) {
	if req.Gid == "" {
		return nil, badRequest("gid", "must not be empty")
	}
	if req.Participant == "" {
		return nil, badRequest("participant", "must not be empty")
	}
	r, err := s.await(ctx, s.peerQs, Message{Type: MsgQuery, GID: req.Gid, From: req.Participant})
	if err != nil {
		return nil, err
	}
	return &txnv1.QueryOutcomeResponse{Outcome: outcomeToProto(r.Outcome)}, nil
}
