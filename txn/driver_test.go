package txn

import (
	"context"
	"io"
	"log/slog"
	"net"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	txnv1 "github.com/wardenft/warden/api/warden/txn/v1"
	"github.com/wardenft/warden/recovery"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// The drivers over real gRPC on loopback and real recovery stores (with fsync) in temporary
// directories. A "crash" at a kill point is runtime.Goexit in the hook: the goroutine doing
// that protocol step stops there, as the process would; the test then closes the server and
// reopens it from its directory.

func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

type server struct {
	addr string
	gs   *grpc.Server
}

func serve(t *testing.T, addr string, register func(*grpc.Server)) *server {
	t.Helper()
	var lis net.Listener
	var err error
	deadline := time.Now().Add(5 * time.Second)
	for {
		if lis, err = net.Listen("tcp", addr); err == nil || time.Now().After(deadline) {
			break
		}
		time.Sleep(10 * time.Millisecond) // the old listener's port is being released
	}
	if err != nil {
		t.Fatal(err)
	}
	gs := grpc.NewServer()
	register(gs)
	go gs.Serve(lis)
	return &server{addr: lis.Addr().String(), gs: gs}
}

type testCoord struct {
	*CoordinatorServer
	srv *server
	dir string
}

func startCoord(t *testing.T, dir, addr string, hook func(string)) *testCoord {
	t.Helper()
	cs := new(atomic.Pointer[CoordinatorServer])
	srv := serve(t, addr, func(gs *grpc.Server) {
		txnv1.RegisterCoordinatorServiceServer(gs, coordProxy{c: cs})
	})
	cfg := CoordinatorServerConfig{Core: DefaultCoordinatorConfig(), Dir: dir, Address: srv.addr, RPCTimeout: 500 * time.Millisecond, Hook: hook, Logger: quiet(), CheckpointEvery: 1}
	cfg.Core.ResendInterval = 50 * time.Millisecond
	cfg.Core.MaxResendInterval = 200 * time.Millisecond
	c, err := OpenCoordinator(cfg)
	if err != nil {
		t.Fatal(err)
	}
	cs.Store(c)
	return &testCoord{CoordinatorServer: c, srv: srv, dir: dir}
}

func (c *testCoord) stop() {
	c.srv.gs.Stop()
	c.Close()
}

// coordProxy lets the gRPC server be registered before the coordinator exists (it needs the
// listener's address).
type coordProxy struct {
	txnv1.UnimplementedCoordinatorServiceServer
	c *atomic.Pointer[CoordinatorServer]
}

func (p coordProxy) get() (*CoordinatorServer, error) {
	if c := p.c.Load(); c != nil {
		return c, nil
	}
	return nil, status.Error(codes.Unavailable, "coordinator starting")
}

func (p coordProxy) Begin(ctx context.Context, r *txnv1.BeginRequest) (*txnv1.BeginResponse, error) {
	c, err := p.get()
	if err != nil {
		return nil, err
	}
	return c.Begin(ctx, r)
}
func (p coordProxy) Commit(ctx context.Context, r *txnv1.CommitRequest) (*txnv1.CommitResponse, error) {
	c, err := p.get()
	if err != nil {
		return nil, err
	}
	return c.Commit(ctx, r)
}
func (p coordProxy) Run(ctx context.Context, r *txnv1.RunRequest) (*txnv1.RunResponse, error) {
	c, err := p.get()
	if err != nil {
		return nil, err
	}
	return c.Run(ctx, r)
}
func (p coordProxy) Abort(ctx context.Context, r *txnv1.AbortRequest) (*txnv1.AbortResponse, error) {
	c, err := p.get()
	if err != nil {
		return nil, err
	}
	return c.Abort(ctx, r)
}
func (p coordProxy) GetDecision(ctx context.Context, r *txnv1.GetDecisionRequest) (*txnv1.GetDecisionResponse, error) {
	c, err := p.get()
	if err != nil {
		return nil, err
	}
	return c.GetDecision(ctx, r)
}
func (p coordProxy) Ack(ctx context.Context, r *txnv1.AckRequest) (*txnv1.AckResponse, error) {
	c, err := p.get()
	if err != nil {
		return nil, err
	}
	return c.Ack(ctx, r)
}

type testPart struct {
	*ParticipantServer
	srv   *server
	store *recovery.Store
	dir   string
}

func startPart(t *testing.T, name, dir, addr string, hook func(string)) *testPart {
	t.Helper()
	return startPartWith(t, name, dir, addr, hook, nil)
}

// startPartWith is startPart with the config adjusted by tweak (if not nil).
func startPartWith(t *testing.T, name, dir, addr string, hook func(string), tweak func(*ParticipantServerConfig)) *testPart {
	t.Helper()
	opts := recovery.DefaultOptions()
	opts.Logger = quiet()
	opts.LockTimeout = 100 * time.Millisecond
	st, err := recovery.Open(dir, opts)
	if err != nil {
		t.Fatal(err)
	}
	cfg := ParticipantServerConfig{Core: DefaultParticipantConfig(name), Store: st, RPCTimeout: 500 * time.Millisecond, Hook: hook, Logger: quiet(), Execute: execute}
	cfg.Core.DecisionTimeout = 50 * time.Millisecond
	cfg.Core.MaxAskInterval = 200 * time.Millisecond
	if tweak != nil {
		tweak(&cfg)
	}
	ps, err := NewParticipantServer(cfg)
	if err != nil {
		t.Fatal(err)
	}
	srv := serve(t, addr, func(gs *grpc.Server) { txnv1.RegisterParticipantServiceServer(gs, ps) })
	return &testPart{ParticipantServer: ps, srv: srv, store: st, dir: dir}
}

// execute is the participants' one-shot work: "key=value" puts, "stall" waits until the
// test closes stall (or the work times out), anything else fails with FAILED_PRECONDITION.
func execute(ctx context.Context, tx *recovery.Tx, work []byte) error {
	if string(work) == "stall" {
		select {
		case <-*stall.Load():
		case <-ctx.Done():
		}
		return status.Error(codes.DeadlineExceeded, "stalled")
	}
	k, v, ok := strings.Cut(string(work), "=")
	if !ok {
		return status.Errorf(codes.FailedPrecondition, "cannot do %q", work)
	}
	return tx.Put(ctx, k, []byte(v))
}

// stall is closed by the test that stalls a work to end it.
var stall atomic.Pointer[chan struct{}]

func (p *testPart) stop() {
	p.srv.gs.Stop()
	p.Close()
	p.store.Close()
}

func (p *testPart) restart(t *testing.T) *testPart {
	p.stop()
	return startPart(t, p.Name(), p.dir, p.srv.addr, nil)
}

func coordClient(t *testing.T, addr string) txnv1.CoordinatorServiceClient {
	cc, err := grpc.NewClient(addr, DialOptions()...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cc.Close() })
	return txnv1.NewCoordinatorServiceClient(cc)
}

// put writes key=value at p in global transaction gid.
func put(t *testing.T, p *testPart, gid, key, value string) {
	t.Helper()
	if err := p.Work(gid, func(tx *recovery.Tx) error { return tx.Put(context.Background(), key, []byte(value)) }); err != nil {
		t.Fatalf("work at %s: %v", p.Name(), err)
	}
}

// eventually polls cond until it holds or the deadline passes.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting until %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func value(p *testPart, key string) string {
	v, _ := p.store.Get(key)
	return string(v)
}

type cluster struct {
	c    *testCoord
	a, b *testPart
	cli  txnv1.CoordinatorServiceClient
}

func newCluster(t *testing.T, coordHook, aHook func(string)) *cluster {
	dir := t.TempDir()
	cl := &cluster{}
	cl.c = startCoord(t, dir+"/coord", "127.0.0.1:0", coordHook)
	cl.a = startPart(t, "A", dir+"/a", "127.0.0.1:0", aHook)
	cl.b = startPart(t, "B", dir+"/b", "127.0.0.1:0", nil)
	cl.cli = coordClient(t, cl.c.srv.addr)
	t.Cleanup(func() { cl.c.stop(); cl.a.stop(); cl.b.stop() })
	return cl
}

func (cl *cluster) begin(t *testing.T) string {
	t.Helper()
	r, err := cl.cli.Begin(context.Background(), &txnv1.BeginRequest{Participants: []*txnv1.Participant{{Name: "A", Address: cl.a.srv.addr}, {Name: "B", Address: cl.b.srv.addr}}})
	if err != nil {
		t.Fatal(err)
	}
	return r.Gid
}

func TestDriverCommitAndForget(t *testing.T) {
	cl := newCluster(t, nil, nil)
	for i := range 3 {
		gid := cl.begin(t)
		put(t, cl.a, gid, "x", strconv.Itoa(i))
		put(t, cl.b, gid, "y", strconv.Itoa(i))
		if _, err := cl.cli.Commit(context.Background(), &txnv1.CommitRequest{Gid: gid}); err != nil {
			t.Fatal(err)
		}
		eventually(t, "both committed", func() bool { return cl.a.Committed(gid) && cl.b.Committed(gid) })
		if value(cl.a, "x") != strconv.Itoa(i) || value(cl.b, "y") != strconv.Itoa(i) {
			t.Fatalf("after commit %d: x=%q y=%q", i, value(cl.a, "x"), value(cl.b, "y"))
		}
	}
	eventually(t, "the coordinator forgot every transaction", func() bool { s := cl.c.Status(); return s.Committed == 0 })
	// Every forget reorganised the log (CheckpointEvery 1): no decision is left in the file.
	eventually(t, "the log was reorganised and holds no decision", func() bool {
		st := cl.c.Store().Stats()
		return st.Checkpoints > 0 && st.LiveBytes == 0
	})
}

func TestDriverVoteNoAborts(t *testing.T) {
	cl := newCluster(t, nil, nil)
	gid := cl.begin(t)
	put(t, cl.a, gid, "x", "1")
	// B has no work for gid: it votes no, and A is told to abort.
	_, err := cl.cli.Commit(context.Background(), &txnv1.CommitRequest{Gid: gid})
	if !IsAborted(err) {
		t.Fatalf("Commit = %v, want an aborted error", err)
	}
	info := ErrorInfo(err)
	if info.Metadata["participant"] != "B" || info.Metadata["gid"] != gid {
		t.Errorf("error details %v, want participant B and gid %s", info.Metadata, gid)
	}
	eventually(t, "A released x", func() bool {
		return cl.a.Work("probe", func(tx *recovery.Tx) error { _, _, err := tx.GetForUpdate(context.Background(), "x"); return err }) == nil
	})
	if _, ok := cl.a.store.Get("x"); ok {
		t.Error("aborted write is visible")
	}
	// Bad requests name the field.
	_, err = cl.cli.Begin(context.Background(), &txnv1.BeginRequest{})
	if status.Code(err) != codes.InvalidArgument {
		t.Errorf("Begin with no participants: %v", err)
	}
	_, err = cl.cli.Commit(context.Background(), &txnv1.CommitRequest{})
	if status.Code(err) != codes.InvalidArgument {
		t.Errorf("Commit with no gid: %v", err)
	}
}

func TestDriverParticipantRestartsPrepared(t *testing.T) {
	// A dies after voting yes and receiving the commit decision, before applying it.
	var once sync.Once
	hook := func(p string) {
		if p == PointParticipantDecideBeforeDurable {
			once.Do(runtime.Goexit)
		}
	}
	cl := newCluster(t, nil, hook)
	gid := cl.begin(t)
	put(t, cl.a, gid, "x", "1")
	put(t, cl.b, gid, "y", "1")
	if _, err := cl.cli.Commit(context.Background(), &txnv1.CommitRequest{Gid: gid}); err != nil {
		t.Fatal(err)
	}
	eventually(t, "B committed", func() bool { return cl.b.Committed(gid) })
	if cl.a.Committed(gid) {
		t.Fatal("A committed despite dying first")
	}
	cl.a = cl.a.restart(t)
	if got := cl.a.store.Recovery().Prepared; got != 1 {
		t.Fatalf("A recovered %d prepared transactions, want 1", got)
	}
	eventually(t, "A learned the decision and committed", func() bool { return cl.a.Committed(gid) && value(cl.a, "x") == "1" })
	eventually(t, "the coordinator got every ack", func() bool { return cl.c.Status().Committed == 0 })
}

func TestDriverCoordinatorRestartResends(t *testing.T) {
	// The coordinator dies with its decision durable, before sending it.
	var once sync.Once
	hook := func(p string) {
		if p == PointCoordinatorDecisionAfterDurable {
			once.Do(runtime.Goexit)
		}
	}
	cl := newCluster(t, hook, nil)
	gid := cl.begin(t)
	put(t, cl.a, gid, "x", "1")
	put(t, cl.b, gid, "y", "1")
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	_, err := cl.cli.Commit(ctx, &txnv1.CommitRequest{Gid: gid})
	cancel()
	if status.Code(err) != codes.DeadlineExceeded {
		t.Fatalf("Commit to a coordinator stuck after logging: %v", err)
	}
	if len(cl.a.InDoubt()) != 1 || len(cl.b.InDoubt()) != 1 {
		t.Fatalf("in doubt: A %v B %v, want the transaction at both", cl.a.InDoubt(), cl.b.InDoubt())
	}
	addr := cl.c.srv.addr
	cl.c.stop()
	cl.c = startCoord(t, cl.c.dir, addr, nil)
	eventually(t, "both committed after the coordinator restarted", func() bool { return cl.a.Committed(gid) && cl.b.Committed(gid) })

	// An undecided transaction of the old incarnation is aborted by presumption.
	gid2 := cl.begin(t)
	put(t, cl.a, gid2, "x", "2")
	cl.c.stop()
	cl.c = startCoord(t, cl.c.dir, addr, nil)
	cl.cli = coordClient(t, addr)
	_, err = cl.cli.Commit(context.Background(), &txnv1.CommitRequest{Gid: gid2})
	if info := ErrorInfo(err); !IsAborted(err) || info.Reason != ReasonUnknown {
		t.Fatalf("Commit of a gid from before the restart: %v", err)
	}
}

func TestDriverCooperativeTermination(t *testing.T) {
	// The coordinator sends one decision and dies; the other participant cannot reach it and
	// learns the outcome from its peer.
	var mu sync.Mutex
	sent := 0
	hook := func(p string) {
		if p != PointCoordinatorDecideBeforeSend {
			return
		}
		mu.Lock()
		sent++
		n := sent
		mu.Unlock()
		if n > 1 {
			runtime.Goexit()
		}
	}
	cl := newCluster(t, hook, nil)
	gid := cl.begin(t)
	put(t, cl.a, gid, "x", "1")
	put(t, cl.b, gid, "y", "1")
	if _, err := cl.cli.Commit(context.Background(), &txnv1.CommitRequest{Gid: gid}); err != nil {
		t.Fatal(err)
	}
	eventually(t, "one participant committed", func() bool { return cl.a.Committed(gid) || cl.b.Committed(gid) })
	cl.c.stop()
	eventually(t, "the other committed through its peer", func() bool { return cl.a.Committed(gid) && cl.b.Committed(gid) })
	// Restart the coordinator so cleanup has something to stop.
	cl.c = startCoord(t, cl.c.dir, cl.c.srv.addr, nil)
}

func TestDriverRunOneShot(t *testing.T) {
	cl := newCluster(t, nil, nil)
	run := func(wa, wb string) (*txnv1.RunResponse, error) {
		return cl.cli.Run(context.Background(), &txnv1.RunRequest{Work: []*txnv1.Work{
			{Participant: &txnv1.Participant{Name: "A", Address: cl.a.srv.addr}, Payload: []byte(wa)},
			{Participant: &txnv1.Participant{Name: "B", Address: cl.b.srv.addr}, Payload: []byte(wb)},
		}})
	}
	r, err := run("x=1", "y=1")
	if err != nil {
		t.Fatal(err)
	}
	eventually(t, "both applied", func() bool { return value(cl.a, "x") == "1" && value(cl.b, "y") == "1" })
	// B's work fails: nothing is applied, and the client gets B's code, message and the gid.
	_, err = run("x=2", "nonsense")
	if status.Code(err) != codes.FailedPrecondition || !IsAborted(err) || !strings.Contains(err.Error(), `participant B: cannot do "nonsense"`) {
		t.Fatalf("Run with failing work: %v", err)
	}
	if GID(err) == "" || GID(err) == r.Gid {
		t.Errorf("error names gid %q", GID(err))
	}
	eventually(t, "A released x", func() bool {
		return cl.a.Work("probe", func(tx *recovery.Tx) error { _, _, err := tx.GetForUpdate(context.Background(), "x"); return err }) == nil
	})
	if value(cl.a, "x") != "1" {
		t.Errorf("x = %q after the aborted Run", value(cl.a, "x"))
	}
	// Malformed requests.
	_, err = cl.cli.Run(context.Background(), &txnv1.RunRequest{})
	if status.Code(err) != codes.InvalidArgument {
		t.Errorf("empty Run: %v", err)
	}
	_, err = run("", "y=1")
	if status.Code(err) != codes.InvalidArgument || !strings.Contains(err.Error(), "work[0].payload") {
		t.Errorf("Run with empty payload: %v", err)
	}
}

func TestKillHookSpec(t *testing.T) {
	if _, err := KillHook("nowhere", quiet()); err == nil {
		t.Error("unknown point accepted")
	}
	if _, err := KillHook(PointCoordinatorDecideAfterAck+":0", quiet()); err == nil {
		t.Error("count 0 accepted")
	}
	h, err := KillHook(PointCoordinatorDecideAfterAck+":3", quiet())
	if err != nil {
		t.Fatal(err)
	}
	h(PointCoordinatorDecideAfterAck) // hits 1 and 2 do nothing
	h(PointCoordinatorDecideAfterAck)
	h(PointParticipantAckBeforeSend)
}

// A participant that does not answer on the Exchange stream within RPCTimeout: the coordinator
// gives the stream up, aborts the transaction (A's half of it is released), and the next
// transaction goes over a new stream.
func TestDriverExchangeTimeout(t *testing.T) {
	release := make(chan struct{})
	stall.Store(&release)
	dir := t.TempDir()
	cl := &cluster{}
	cl.c = startCoord(t, dir+"/coord", "127.0.0.1:0", nil)
	// A's own timeout on the work is far longer than the coordinator's patience.
	cl.a = startPartWith(t, "A", dir+"/a", "127.0.0.1:0", nil, func(c *ParticipantServerConfig) { c.RPCTimeout = time.Minute })
	cl.b = startPart(t, "B", dir+"/b", "127.0.0.1:0", nil)
	cl.cli = coordClient(t, cl.c.srv.addr)
	t.Cleanup(func() { cl.c.stop(); cl.a.stop(); cl.b.stop() })
	run := func(wa, wb string) error {
		_, err := cl.cli.Run(context.Background(), &txnv1.RunRequest{Work: []*txnv1.Work{
			{Participant: &txnv1.Participant{Name: "A", Address: cl.a.srv.addr}, Payload: []byte(wa)},
			{Participant: &txnv1.Participant{Name: "B", Address: cl.b.srv.addr}, Payload: []byte(wb)},
		}})
		return err
	}
	err := run("stall", "y=1")
	if !IsAborted(err) || !strings.Contains(ErrorInfo(err).Metadata["vote_reason"], "no answer within 500ms") {
		t.Fatalf("Run with a stalled participant: %v (details %v)", err, ErrorInfo(err).Metadata)
	}
	eventually(t, "B released y", func() bool {
		tx := cl.b.store.Begin()
		defer tx.Abort()
		_, _, err := tx.GetForUpdate(context.Background(), "y")
		return err == nil
	})
	close(release) // A's work ends and A votes no, late: the coordinator ignores it
	if err := run("x=1", "y=2"); err != nil {
		t.Fatalf("Run after the stream was given up: %v", err)
	}
	eventually(t, "both applied", func() bool { return value(cl.a, "x") == "1" && value(cl.b, "y") == "2" })
}

// The participant's side of Exchange spoken to directly: a request carrying prepares and a
// decision gets its votes, a malformed prepare is refused with the field named, and a
// decision on an unknown gid is acknowledged. (The order of decisions before prepares within
// one request is not checked here.)
func TestExchangeParticipantSide(t *testing.T) {
	dir := t.TempDir()
	p := startPart(t, "A", dir+"/a", "127.0.0.1:0", nil)
	t.Cleanup(p.stop)
	cc, err := grpc.NewClient(p.srv.addr, DialOptions()...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cc.Close() })
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ex, err := txnv1.NewParticipantServiceClient(cc).Exchange(ctx)
	if err != nil {
		t.Fatal(err)
	}
	peers := []*txnv1.Participant{{Name: "A", Address: p.srv.addr}}
	put(t, p, "g.1.1", "x", "1")
	err = ex.Send(&txnv1.ExchangeRequest{
		Decides: []*txnv1.ExchangeDecide{{Id: 1, Decide: &txnv1.DecideRequest{Gid: "g.1.9", Commit: true}}},
		Prepares: []*txnv1.ExchangePrepare{
			{Id: 2, Prepare: &txnv1.PrepareRequest{Gid: "", Coordinator: "c:1", Participants: peers}},
			{Id: 3, Prepare: &txnv1.PrepareRequest{Gid: "g.1.1", Coordinator: "c:1", Participants: peers}},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	votes := map[uint64]*txnv1.ExchangeVote{}
	acks := map[uint64]bool{}
	for len(votes) < 2 || !acks[1] {
		r, err := ex.Recv()
		if err != nil {
			t.Fatalf("Recv: %v (votes %v, acks %v)", err, votes, acks)
		}
		for _, v := range r.Votes {
			votes[v.Id] = v
		}
		for _, a := range r.Acks {
			acks[a] = true
		}
	}
	if refused := refusal(votes[2].Refused); len(votes[2].Refused) == 0 || !strings.Contains(refused, "InvalidArgument") || !strings.Contains(refused, "prepare.gid") {
		t.Errorf("malformed prepare: vote %v, refusal %q", votes[2], refused)
	}
	if !votes[3].GetVote().GetYes() {
		t.Errorf("prepare of g.1.1: %v", votes[3])
	}
	// Commit g.1.1: acknowledged once x is durable.
	if err := ex.Send(&txnv1.ExchangeRequest{Decides: []*txnv1.ExchangeDecide{{Id: 4, Decide: &txnv1.DecideRequest{Gid: "g.1.1", Commit: true}}}}); err != nil {
		t.Fatal(err)
	}
	for !acks[4] {
		r, err := ex.Recv()
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range r.Acks {
			acks[a] = true
		}
	}
	if !p.Committed("g.1.1") || value(p, "x") != "1" {
		t.Errorf("after the acknowledged commit: committed %v, x=%q", p.Committed("g.1.1"), value(p, "x"))
	}
}
