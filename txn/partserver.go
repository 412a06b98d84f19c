package txn

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"runtime"
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
	votes  map[string][]*waiter // prepares waiting for the vote
	acks   map[string][]*waiter // decisions waiting for the acknowledgement
	peerQs map[string][]*waiter // QueryOutcome handlers waiting for the answer
	// exchanges are the open Exchange streams; the ticker flushes their acknowledgements.
	exchanges map[*exchange]struct{}
	closed    bool

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
		core: core, txs: make(map[string]*localTx), votes: make(map[string][]*waiter),
		acks: make(map[string][]*waiter), peerQs: make(map[string][]*waiter), quit: make(chan struct{}),
		exchanges: make(map[*exchange]struct{}),
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
			exs := make([]*exchange, 0, len(s.exchanges))
			for ex := range s.exchanges {
				exs = append(exs, ex)
			}
			s.mu.Unlock()
			s.dispatch(rd)
			for _, ex := range exs {
				// In a goroutine of its own: a send can wait for a coordinator that does not
				// read, and the ticker must go on asking about transactions in doubt.
				if ex.flushable() {
					s.spawn(ex.flush)
				}
			}
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

// deliver hands m to the requests waiting on it, if any.
func (s *ParticipantServer) deliver(waiting map[string][]*waiter, m Message) bool {
	s.mu.Lock()
	ws := waiting[m.GID]
	delete(waiting, m.GID)
	s.mu.Unlock()
	for _, w := range ws {
		w.fn(m)
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

// waiter is a request waiting for the core's answer about one gid (a vote, an
// acknowledgement, an outcome for a peer). fn runs in the goroutine that dispatches the
// answer and must not block; ex is the Exchange stream the request came on, if any.
type waiter struct {
	fn func(Message)
	ex *exchange
}

// await registers a handler waiting on m's gid among the peers' queries (s.peerQs), feeds m
// and waits for the answer.
func (s *ParticipantServer) await(ctx context.Context, m Message) (Message, error) {
	waiting := s.peerQs
	ch := make(chan Message, 1)
	w := &waiter{fn: func(r Message) { ch <- r }}
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return Message{}, status.Error(codes.Unavailable, "participant shutting down")
	}
	waiting[m.GID] = append(waiting[m.GID], w)
	rd := s.stepLocked(m)
	s.mu.Unlock()
	s.dispatch(rd)
	select {
	case r := <-ch:
		return r, nil
	case <-ctx.Done():
		s.mu.Lock()
		ws := waiting[m.GID]
		for i, x := range ws {
			if x == w {
				waiting[m.GID] = append(ws[:i:i], ws[i+1:]...)
				break
			}
		}
		if len(waiting[m.GID]) == 0 {
			delete(waiting, m.GID)
		}
		s.mu.Unlock()
		return Message{}, status.FromContextError(ctx.Err()).Err()
	}
}

// exchange is the participant's end of one Exchange stream. Votes are sent as soon as they
// are ready: whichever goroutine queues one while nobody is sending sends everything queued, in
// one ExchangeResponse, and keeps sending until the queue is empty (so answers that are ready
// together travel together, and no goroutine is woken just to send). Acknowledgements are not
// urgent (they only let the coordinator forget): they ride with the next vote, or go at the
// next tick of the participant's ticker.
type exchange struct {
	stream grpc.BidiStreamingServer[txnv1.ExchangeRequest, txnv1.ExchangeResponse]

	mu      sync.Mutex
	out     *txnv1.ExchangeResponse
	sending bool
	closed  bool
	senders sync.WaitGroup // the goroutine sending, if any; the handler waits for it
}

// maxExchangeItems bounds the prepares and decisions of one ExchangeRequest and the answers of
// one ExchangeResponse, keeping messages far below gRPC's default 4 MiB limit.
const maxExchangeItems = 256

func (ex *exchange) vote(id uint64, v *txnv1.PrepareResponse, refused []byte) {
	ex.mu.Lock()
	if ex.closed {
		ex.mu.Unlock()
		return
	}
	if ex.out == nil {
		ex.out = &txnv1.ExchangeResponse{}
	}
	ex.out.Votes = append(ex.out.Votes, &txnv1.ExchangeVote{Id: id, Vote: v, Refused: refused})
	ex.sendLocked()
}

func (ex *exchange) ack(id uint64) {
	ex.mu.Lock()
	if ex.closed {
		ex.mu.Unlock()
		return
	}
	if ex.out == nil {
		ex.out = &txnv1.ExchangeResponse{}
	}
	ex.out.Acks = append(ex.out.Acks, id)
	if len(ex.out.Acks) < maxExchangeItems {
		ex.mu.Unlock()
		return
	}
	ex.sendLocked()
}

// flushable says whether acknowledgements wait with nobody sending them.
func (ex *exchange) flushable() bool {
	ex.mu.Lock()
	defer ex.mu.Unlock()
	return ex.out != nil && !ex.closed && !ex.sending
}

// flush sends what is queued (the acknowledgements that found no vote to ride with).
func (ex *exchange) flush() {
	ex.mu.Lock()
	if ex.out == nil || ex.closed {
		ex.mu.Unlock()
		return
	}
	ex.sendLocked()
}

// sendLocked sends ex.out unless another goroutine is sending (it will send it). ex.mu is held
// on entry and released on return.
func (ex *exchange) sendLocked() {
	if ex.sending {
		ex.mu.Unlock()
		return
	}
	ex.sending = true
	ex.senders.Add(1)
	defer ex.senders.Done()
	// Votes made durable by one sync become ready together, each in its own goroutine: let
	// the others queue theirs before sending, so that they share one message.
	ex.mu.Unlock()
	runtime.Gosched()
	ex.mu.Lock()
	for ex.out != nil && !ex.closed {
		out := ex.out
		ex.out = nil
		if len(out.Votes)+len(out.Acks) > maxExchangeItems {
			ex.out = &txnv1.ExchangeResponse{}
			if len(out.Votes) > maxExchangeItems {
				ex.out.Votes = out.Votes[maxExchangeItems:]
				out.Votes = out.Votes[:maxExchangeItems]
			}
			if n := maxExchangeItems - len(out.Votes); len(out.Acks) > n {
				ex.out.Acks = out.Acks[n:]
				out.Acks = out.Acks[:n]
			}
		}
		ex.mu.Unlock()
		err := ex.stream.Send(out)
		ex.mu.Lock()
		if err != nil {
			// The stream is broken: the coordinator counts every unanswered message as
			// undelivered. The handler's Recv fails too and ends the stream.
			ex.closed, ex.out = true, nil
		}
	}
	ex.sending = false
	ex.mu.Unlock()
}

// close stops sending and waits for a send in progress: the stream must not be used after
// its handler returned.
func (ex *exchange) close() {
	ex.mu.Lock()
	ex.closed = true
	ex.mu.Unlock()
	ex.senders.Wait()
}

// Exchange implements ParticipantService.Exchange: the prepares and decisions of each request
// are fed to the core together (their durable actions run at once and share the store's
// syncs), decisions first; each vote and acknowledgement is sent as soon as it is ready.
func (s *ParticipantServer) Exchange(stream grpc.BidiStreamingServer[txnv1.ExchangeRequest, txnv1.ExchangeResponse]) error {
	ex := &exchange{stream: stream}
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return status.Error(codes.Unavailable, "participant shutting down")
	}
	s.exchanges[ex] = struct{}{}
	s.mu.Unlock()
	defer s.forgetWaiters(ex)
	defer ex.close()
	for {
		req, err := stream.Recv()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if err := s.exchangeRequest(ex, req); err != nil {
			return err
		}
	}
}

func (s *ParticipantServer) exchangeRequest(ex *exchange, req *txnv1.ExchangeRequest) error {
	for i, d := range req.Decides {
		if d.GetDecide().GetGid() == "" {
			return badRequest(fmt.Sprintf("decides[%d].decide.gid", i), "must not be empty")
		}
	}
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return status.Error(codes.Unavailable, "participant shutting down")
	}
	now := time.Now()
	for _, d := range req.Decides {
		id, gid := d.Id, d.Decide.Gid
		s.acks[gid] = append(s.acks[gid], &waiter{ex: ex, fn: func(Message) { ex.ack(id) }})
		s.core.Step(Message{Type: MsgDecide, GID: gid, From: CoordinatorName, Commit: d.Decide.Commit}, now)
	}
	for _, p := range req.Prepares {
		id, m, err := prepareMessage(p)
		if err != nil {
			st, _ := status.FromError(err)
			b, _ := proto.Marshal(st.Proto())
			// Answered after the lock is released: queueing may send.
			defer ex.vote(id, nil, b)
			continue
		}
		s.votes[m.GID] = append(s.votes[m.GID], &waiter{ex: ex, fn: func(r Message) { ex.vote(id, voteResponse(r), nil) }})
		s.core.Step(m, now)
	}
	rd := s.core.Ready()
	s.mu.Unlock()
	s.dispatch(rd)
	return nil
}

// prepareMessage checks one prepare of an Exchange request.
func prepareMessage(p *txnv1.ExchangePrepare) (uint64, Message, error) {
	req := p.GetPrepare()
	switch {
	case req.GetGid() == "":
		return p.Id, Message{}, badRequest("prepare.gid", "must not be empty")
	case req.GetCoordinator() == "":
		return p.Id, Message{}, badRequest("prepare.coordinator", "must not be empty: the participant needs it to ask for the decision after a restart")
	}
	peers := peersFromProto(req.Participants)
	if err := ValidatePeers(peers); err != nil {
		return p.Id, Message{}, badRequest("prepare.participants", err.Error())
	}
	return p.Id, Message{Type: MsgPrepare, GID: req.Gid, From: CoordinatorName, Coordinator: req.Coordinator, Peers: peers, Work: req.Work}, nil
}

func voteResponse(r Message) *txnv1.PrepareResponse {
	resp := &txnv1.PrepareResponse{Yes: r.Yes, Reason: r.Reason}
	if r.Err != nil {
		if st, ok := status.FromError(r.Err); ok {
			resp.ErrorStatus, _ = proto.Marshal(st.Proto())
		}
	}
	return resp
}

// forgetWaiters drops the waiters of an ended Exchange stream: their answers have nowhere to
// go (the coordinator counts them as undelivered).
func (s *ParticipantServer) forgetWaiters(ex *exchange) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.exchanges, ex)
	for _, waiting := range []map[string][]*waiter{s.votes, s.acks} {
		for gid, ws := range waiting {
			kept := ws[:0]
			for _, w := range ws {
				if w.ex != ex {
					kept = append(kept, w)
				}
			}
			if len(kept) == 0 {
				delete(waiting, gid)
			} else {
				waiting[gid] = kept
			}
		}
	}
}

// QueryOutcome implements ParticipantService.QueryOutcome.
func (s *ParticipantServer) QueryOutcome(ctx context.Context, req *txnv1.QueryOutcomeRequest) (*txnv1.QueryOutcomeResponse, error) {
	if req.Gid == "" {
		return nil, badRequest("gid", "must not be empty")
	}
	if req.Participant == "" {
		return nil, badRequest("participant", "must not be empty")
	}
	r, err := s.await(ctx, Message{Type: MsgQuery, GID: req.Gid, From: req.Participant})
	if err != nil {
		return nil, err
	}
	return &txnv1.QueryOutcomeResponse{Outcome: outcomeToProto(r.Outcome)}, nil
}
