package replica

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"sync"
	"time"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/timestamppb"

	managerv1 "github.com/wardenft/warden/api/warden/manager/v1"
	notifyv1 "github.com/wardenft/warden/api/warden/notify/v1"
	replicav1 "github.com/wardenft/warden/api/warden/replica/v1"
)

// The driver's network side: messages between members (Replicate streams, Transfer), the
// managers (views, leases, fault reports).

// ReplicaDetector is the detector name of the faults the Server reports (manager.ReplicaDetector:
// the manager removes a backup reported for omission by it).
const ReplicaDetector = "replica"

// step gives the core a message from another member.
func (s *Server) step(m Message) {
	if err := s.stepErr(m); err != nil {
		s.log.Debug("message refused", "msg", m, "err", err) // formatted only when debug is on
	}
}

// stepErr is step, returning the core's refusal of m (ErrStopped once stopped).
func (s *Server) stepErr(m Message) error {
	s.mu.Lock()
	if s.stopErr != nil {
		s.mu.Unlock()
		return ErrStopped
	}
	err := s.r.Step(m, time.Now())
	s.mu.Unlock()
	// Handle what the message made ready here rather than in Run's goroutine: an ack's
	// replies and a backup's ack go out one goroutine switch sooner.
	s.drain()
	return err
}

// send routes one of the core's messages.
func (s *Server) send(m Message) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stopErr != nil {
		return
	}
	switch {
	case m.Transfer:
		ch, ok := s.transfers[m.To]
		if !ok {
			return
		}
		select {
		case ch <- m:
		default:
			// The joiner is too slow: end its transfer; it fetches again.
			close(ch)
			delete(s.transfers, m.To)
		}
	case m.Type == MsgAck:
		if ch, ok := s.ackRoutes[m.To]; ok {
			select {
			case ch <- m:
			default: // lost: the primary resends
			}
		}
	case m.Type == MsgFetch:
		go s.fetch(m.To)
	case m.Type == MsgAppend || m.Type == MsgCheckpoint:
		p, ok := s.peers[m.To]
		if !ok {
			p = newPeer(s, m.To)
			s.peers[m.To] = p
		}
		p.enqueue(m)
	}
}

// toWire converts a message for a Replicate stream, sharing the entries' conversion with the
// previous Append when they are the same entries.
func (s *Server) toWire(m Message) ([]*replicav1.ReplicateRequest, error) {
	if m.Type != MsgAppend || len(m.Entries) == 0 {
		return ToReplicateRequest(m, s.cfg.ChunkSize)
	}
	s.wireMu.Lock()
	// Entries with the same seq and epoch are the same entry (the log matching property):
	// the first and the last matching means every entry between does.
	if old := s.wireEntries; len(old) != len(m.Entries) || old[0].pos() != m.Entries[0].pos() || old[len(old)-1].pos() != m.Entries[len(old)-1].pos() {
		s.wireEntries, s.wireProtos = m.Entries, entriesToProto(m.Entries)
	}
	ps := s.wireProtos
	s.wireMu.Unlock()
	a := &replicav1.Append{PrevSeq: m.PrevSeq, PrevEpoch: m.PrevEpoch, Commit: m.Commit, Entries: ps}
	return []*replicav1.ReplicateRequest{{From: m.From, Epoch: m.Epoch, Msg: &replicav1.ReplicateRequest_Append{Append: a}}}, nil
}

func (s *Server) addrOf(id string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.addrs[id]
}

// peer is the outbound Replicate stream to one backup (or log holder).
type peer struct {
	s    *Server
	id   string
	q    chan Message
	ctx  context.Context
	stop context.CancelFunc
}

func newPeer(s *Server, id string) *peer {
	ctx, cancel := context.WithCancel(context.Background())
	p := &peer{s: s, id: id, q: make(chan Message, s.cfg.PeerQueue), ctx: ctx, stop: cancel}
	go p.run()
	return p
}

func (p *peer) close() { p.stop() }

func (p *peer) enqueue(m Message) {
	select {
	case p.q <- m:
	default: // dropped: the core retransmits what is not acknowledged
	}
}

func (p *peer) run() {
	backoff := 20 * time.Millisecond
	for p.ctx.Err() == nil {
		if err := p.stream(); err != nil && p.ctx.Err() == nil {
			p.s.log.Debug("replicate stream ended", "to", p.id, "err", err)
		}
		sleepCtx(p.ctx, backoff)
		backoff = min(2*backoff, 500*time.Millisecond)
	}
}

func (p *peer) stream() error {
	addr := p.s.addrOf(p.id)
	if addr == "" {
		return fmt.Errorf("no address for %s", p.id)
	}
	conn, err := p.s.mgr.conn(addr)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(p.ctx)
	defer cancel()
	// The addressee travels with the stream: a warden agent serves the log holders of many
	// cold members on one address (COLD_PASSIVE), and a member refuses a stream for another.
	ctx = metadata.AppendToOutgoingContext(ctx, MetadataTo, p.id, MetadataGroup, p.s.cfg.Replica.GroupID)
	st, err := replicav1.NewReplicationClient(conn).Replicate(ctx)
	if err != nil {
		return err
	}
	recvErr := make(chan error, 1)
	go func() {
		for {
			r, err := st.Recv()
			if err != nil {
				recvErr <- err
				return
			}
			p.s.step(FromReplicateResponse(r, p.s.cfg.Replica.ID))
		}
	}()
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case err := <-recvErr:
			return err
		case m := <-p.q:
			reqs, err := p.s.toWire(m)
			if err != nil {
				p.s.log.Warn("message not sent", "msg", m.String(), "err", err)
				continue
			}
			for _, r := range reqs {
				if err := st.Send(r); err != nil {
					return err
				}
			}
		}
	}
}

// fetch runs a Transfer from target (the primary) into the core; on failure the member
// fetches again from the primary of its newest view. A transfer the core refused is a
// failure too: its messages carry the epoch the primary had when it answered, and a view of
// a newer epoch (another member joined, or was removed, meanwhile) makes the joiner refuse
// them all, its MsgDone included; fetched again, the primary answers at the newer epoch.
func (s *Server) fetch(target string) {
	err := s.transferFrom(target)
	if err == nil {
		return
	}
	s.log.Info("transfer failed", "from", target, "err", err)
	select {
	case <-s.stopped:
		return
	case <-time.After(100 * time.Millisecond):
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.joined || s.stopErr != nil {
		return
	}
	if v := s.r.View(); v.Primary != "" && v.Primary != s.cfg.Replica.ID {
		s.r.Fetch(v.Primary, time.Now())
		s.poke()
	} else {
		s.fetching = false
	}
}

func (s *Server) transferFrom(target string) error {
	addr := s.addrOf(target)
	if addr == "" {
		return fmt.Errorf("no address for %s", target)
	}
	conn, err := s.mgr.conn(addr)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		select {
		case <-s.stopped:
			cancel()
		case <-ctx.Done():
		}
	}()
	s.mu.Lock()
	epoch := s.r.Status().Epoch
	s.mu.Unlock()
	st, err := replicav1.NewReplicationClient(conn).Transfer(ctx, &replicav1.TransferRequest{
		MemberId: s.cfg.Replica.ID, GroupId: s.cfg.Replica.GroupID, Epoch: epoch})
	if err != nil {
		return err
	}
	rcv := TransferReceiver{From: target, To: s.cfg.Replica.ID}
	for {
		c, err := st.Recv()
		if err != nil {
			return err
		}
		m, err := rcv.Add(c)
		if err != nil {
			return err
		}
		if m == nil {
			continue
		}
		if err := s.stepErr(*m); err != nil {
			return transferRefused(*m, err)
		}
		if m.Type == MsgDone {
			return nil
		}
	}
}

// transferRefused says which message of a transfer the core refused and why, without the
// message itself (the core's errors quote it, entries and all).
func transferRefused(m Message, err error) error {
	for _, sentinel := range []error{ErrStaleEpoch, ErrBadMessage, ErrDigestMismatch, ErrStopped} {
		if errors.Is(err, sentinel) {
			err = sentinel
			break
		}
	}
	return fmt.Errorf("the transfer's %s of epoch %d was refused: %w", m.Type, m.Epoch, err)
}

// replicationServer serves the Replication service to the other members.
type replicationServer struct {
	replicav1.UnimplementedReplicationServer
	s *Server
}

func (rs replicationServer) Replicate(stream grpc.BidiStreamingServer[replicav1.ReplicateRequest, replicav1.ReplicateResponse]) error {
	s := rs.s
	md, _ := metadata.FromIncomingContext(stream.Context())
	if to := lastMD(md, MetadataTo); to != "" && to != s.cfg.Replica.ID {
		// An address that was another member's (a port reused after a restart).
		return status.Errorf(codes.FailedPrecondition, "replica: stream for member %s reached member %s", to, s.cfg.Replica.ID)
	}
	if g := lastMD(md, MetadataGroup); g != "" && g != s.cfg.Replica.GroupID {
		return status.Errorf(codes.FailedPrecondition, "replica: stream for group %s reached a member of group %s", g, s.cfg.Replica.GroupID)
	}
	out := make(chan Message, 256)
	ctx, cancel := context.WithCancel(stream.Context())
	defer cancel()
	var from string
	defer func() {
		s.mu.Lock()
		if from != "" && s.ackRoutes[from] == out {
			delete(s.ackRoutes, from)
		}
		s.mu.Unlock()
	}()
	recvErr := make(chan error, 1)
	go func() {
		rcv := ReplicateReceiver{To: s.cfg.Replica.ID}
		for {
			req, err := stream.Recv()
			if err != nil {
				recvErr <- err
				return
			}
			m, err := rcv.Add(req)
			if err != nil {
				s.log.Debug("bad replicate request", "from", req.GetFrom(), "err", err)
				continue
			}
			if m == nil {
				continue
			}
			s.mu.Lock()
			if from == "" {
				from = m.From
			}
			s.ackRoutes[m.From] = out
			s.mu.Unlock()
			s.step(*m)
		}
	}()
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-s.stopped:
			return status.Error(codes.Unavailable, "replica: member stopped")
		case err := <-recvErr:
			return err
		case m := <-out:
			if err := stream.Send(ToReplicateResponse(m)); err != nil {
				return err
			}
		}
	}
}

func (rs replicationServer) Transfer(req *replicav1.TransferRequest, stream grpc.ServerStreamingServer[replicav1.TransferChunk]) error {
	s := rs.s
	if req.GetMemberId() == "" {
		return status.Error(codes.InvalidArgument, "member_id: must be set")
	}
	if g := req.GetGroupId(); g != "" && g != s.cfg.Replica.GroupID {
		return status.Errorf(codes.InvalidArgument, "group_id %q: this member is of group %q", g, s.cfg.Replica.GroupID)
	}
	ch := make(chan Message, 4096)
	s.mu.Lock()
	if s.stopErr != nil {
		s.mu.Unlock()
		return status.Error(codes.Unavailable, "replica: member stopped")
	}
	if old, ok := s.transfers[req.GetMemberId()]; ok {
		close(old)
	}
	s.transfers[req.GetMemberId()] = ch
	err := s.r.Step(Message{Type: MsgFetch, From: req.GetMemberId(), To: s.cfg.Replica.ID, Epoch: req.GetEpoch()}, time.Now())
	var st error
	if err != nil {
		delete(s.transfers, req.GetMemberId())
		st = s.statusLocked(err)
	}
	s.mu.Unlock()
	s.poke()
	if err != nil {
		return st
	}
	defer func() {
		s.mu.Lock()
		if s.transfers[req.GetMemberId()] == ch {
			delete(s.transfers, req.GetMemberId())
		}
		s.mu.Unlock()
	}()
	for {
		select {
		case <-stream.Context().Done():
			return stream.Context().Err()
		case <-s.stopped:
			return status.Error(codes.Unavailable, "replica: member stopped")
		case m, ok := <-ch:
			if !ok {
				return status.Error(codes.ResourceExhausted, "replica: transfer fell behind; fetch again")
			}
			chunks, err := ToTransferChunks(m, s.cfg.ChunkSize)
			if err != nil {
				return status.Error(codes.Internal, err.Error())
			}
			for _, c := range chunks {
				if err := stream.Send(c); err != nil {
					return err
				}
			}
			if m.Type == MsgDone {
				return nil
			}
		}
	}
}

// ---------------------------------------------------------------------------------------------
// Leases.

func (s *Server) renewLeases(ctx context.Context) {
	every := s.cfg.LeaseRenewInterval
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-s.leaseCh:
		}
		s.mu.Lock()
		soft, v := s.soft, s.r.View()
		var caught []string
		for id := range s.caughtUp {
			caught = append(caught, id)
		}
		s.mu.Unlock()
		if soft.Role != RolePrimary || v.Primary != s.cfg.Replica.ID {
			continue
		}
		sort.Strings(caught)
		requested := time.Now()
		resp, err := s.mgr.renewLease(ctx, s.cfg.RPCTimeout, &managerv1.RenewLeaseRequest{
			GroupId: s.cfg.Replica.GroupID, MemberId: s.cfg.Replica.ID, Epoch: v.Epoch, CaughtUp: caught})
		if err != nil {
			s.log.Debug("lease not renewed", "epoch", v.Epoch, "err", err)
			continue
		}
		d := resp.GetLease().AsDuration()
		s.mu.Lock()
		s.r.SetLease(Lease{Requested: requested, Duration: d}, time.Now())
		s.mu.Unlock()
		if d > 0 && d/3 < every {
			// A lease shorter than the configured renewal allows: renew three times per lease.
			every = d / 3
			t.Reset(every)
		}
		if resp.GetView() != nil {
			s.setView(resp.GetView())
		}
		s.poke()
	}
}

// ---------------------------------------------------------------------------------------------
// Faults.

func (s *Server) reportFaults(ctx context.Context) {
	for {
		var f Fault
		select {
		case <-ctx.Done():
			return
		case f = <-s.faults:
		}
		loc := ""
		s.mu.Lock()
		for _, m := range s.r.View().Proto.GetMembers() {
			if m.GetMemberId() == f.Member {
				loc = m.GetLocation()
			}
		}
		s.mu.Unlock()
		ev := &notifyv1.FaultEvent{Kind: string(f.Kind), Time: timestamppb.New(f.At), ObjectGroupId: s.cfg.Replica.GroupID,
			Member: f.Member, Location: loc, Detector: ReplicaDetector,
			Evidence: map[string]string{"reporter": s.cfg.Replica.ID, "epoch": fmt.Sprint(f.Epoch), "detail": f.Detail}}
		for attempt := 0; attempt < 5 && ctx.Err() == nil; attempt++ {
			cctx, cancel := context.WithTimeout(ctx, s.cfg.RPCTimeout)
			_, err := s.mgr.notifier().PushStructuredFault(cctx, &notifyv1.PushStructuredFaultRequest{Events: []*notifyv1.FaultEvent{ev}})
			cancel()
			if err == nil {
				break
			}
			s.log.Debug("fault report failed", "fault", f.String(), "err", err)
			s.mgr.next()
			sleepCtx(ctx, 50*time.Millisecond)
		}
	}
}

// ---------------------------------------------------------------------------------------------
// Connections.

// managers holds the connections to the managers (and, sharing the pool, to peers).
type managers struct {
	opts  []grpc.DialOption
	addrs []string

	mu    sync.Mutex
	cur   int
	conns map[string]*grpc.ClientConn
}

func newManagers(addrs []string, opts []grpc.DialOption) (*managers, error) {
	return &managers{opts: opts, addrs: addrs, conns: map[string]*grpc.ClientConn{}}, nil
}

func (m *managers) conn(addr string) (*grpc.ClientConn, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if c, ok := m.conns[addr]; ok {
		return c, nil
	}
	// Static windows, as on the members' servers (ServerOptions): no bandwidth-delay PINGs
	// for the acks of a Replicate stream.
	opts := append(slices.Clip(m.opts), grpc.WithStaticStreamWindowSize(StreamWindow), grpc.WithStaticConnWindowSize(ConnWindow))
	c, err := grpc.NewClient(addr, opts...)
	if err != nil {
		return nil, err
	}
	m.conns[addr] = c
	return c, nil
}

func (m *managers) current() *grpc.ClientConn {
	m.mu.Lock()
	addr := m.addrs[m.cur%len(m.addrs)]
	m.mu.Unlock()
	c, err := m.conn(addr)
	if err != nil {
		// grpc.NewClient fails only on a malformed target; a later call reports it.
		c, _ = grpc.NewClient("passthrough:///invalid", m.opts...)
	}
	return c
}

func (m *managers) next() {
	m.mu.Lock()
	m.cur++
	m.mu.Unlock()
}

func (m *managers) groups() managerv1.ObjectGroupManagerClient {
	return managerv1.NewObjectGroupManagerClient(m.current())
}

func (m *managers) notifier() notifyv1.FaultNotifierClient {
	return notifyv1.NewFaultNotifierClient(m.current())
}

// renewLease asks the leader: a follower's NOT_LEADER names it (ErrorInfo metadata
// "leader"), which is asked next; other failures move on to the next manager.
func (m *managers) renewLease(ctx context.Context, timeout time.Duration, req *managerv1.RenewLeaseRequest) (*managerv1.RenewLeaseResponse, error) {
	var last error
	conn := m.current()
	for range 2 * len(m.addrs) {
		cctx, cancel := context.WithTimeout(ctx, timeout)
		resp, err := managerv1.NewMemberServiceClient(conn).RenewLease(cctx, req)
		cancel()
		if err == nil {
			return resp, nil
		}
		last = err
		st, _ := status.FromError(err)
		var info *errdetails.ErrorInfo
		for _, d := range st.Details() {
			if i, ok := d.(*errdetails.ErrorInfo); ok {
				info = i
			}
		}
		switch {
		case info != nil && info.Reason == "NOT_LEADER" && info.Metadata["leader"] != "":
			c, cerr := m.conn(info.Metadata["leader"])
			if cerr != nil {
				return nil, cerr
			}
			conn = c
			m.mu.Lock()
			for i, a := range m.addrs {
				if a == info.Metadata["leader"] {
					m.cur = i
				}
			}
			m.mu.Unlock()
		case info != nil && (info.Reason == "LEASE_REFUSED" || info.Reason == "STALE_EPOCH"):
			return nil, err
		case st.Code() == codes.Unavailable || st.Code() == codes.DeadlineExceeded:
			m.next()
			conn = m.current()
		default:
			return nil, err
		}
	}
	if last == nil {
		last = errors.New("no manager")
	}
	return nil, last
}

func (m *managers) close() {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, c := range m.conns {
		c.Close()
	}
	m.conns = map[string]*grpc.ClientConn{}
}
