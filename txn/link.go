package txn

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"time"

	txnv1 "github.com/wardenft/warden/api/warden/txn/v1"
	spb "google.golang.org/genproto/googleapis/rpc/status"
	"google.golang.org/grpc"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
)

// link is the coordinator's channel to one participant address: one long-lived
// ParticipantService.Exchange stream, opened when the first message goes out and again after
// it broke. Prepares and decisions are queued by whoever the core asked to send them and sent
// by the link's own goroutine: everything that queued up while the previous request was being
// sent goes in the next one. The link's receiving goroutine feeds the votes and
// acknowledgements to the core, several per lock when they arrive together.
//
// A prepare or decision sent on a stream that breaks, or left unanswered for RPCTimeout (the
// stream is then broken on purpose), is reported to the core as undelivered (MsgUnreachable),
// as a failed call was: the core aborts the transaction of a prepare and sends a decision
// again after its resend interval.
//
// Neither goroutine ever waits for the other side while holding a lock, and the receiving one
// never sends: a participant that stops reading cannot stop the coordinator from hearing the
// others.
type link struct {
	s    *CoordinatorServer
	addr string
	wake chan struct{} // capacity 1: there is something to send

	mu      sync.Mutex
	pending []Message // prepares and decisions not yet sent
	cur     *exStream // the open stream, nil if none
	nextID  uint64    // of the next message on any stream of this link
}

// exStream is one Exchange stream of a link.
type exStream struct {
	ctx    context.Context
	cancel context.CancelFunc
	cs     grpc.BidiStreamingClient[txnv1.ExchangeRequest, txnv1.ExchangeResponse]
	// sent holds the messages sent (or being sent) and not yet answered, by id. Guarded by
	// link.mu; broken is set once, when the stream failed and sent was handed to the core.
	sent   map[uint64]sentMsg
	broken bool
}

type sentMsg struct {
	m  Message
	at time.Time
}

// link returns the link to addr, starting it on first use.
func (s *CoordinatorServer) link(addr string) *link {
	s.linksMu.Lock()
	defer s.linksMu.Unlock()
	l := s.links[addr]
	if l == nil {
		l = &link{s: s, addr: addr, wake: make(chan struct{}, 1)}
		s.links[addr] = l
		s.spawn(l.run)
	}
	return l
}

func (s *CoordinatorServer) eachLink(f func(*link)) {
	s.linksMu.Lock()
	ls := make([]*link, 0, len(s.links))
	for _, l := range s.links {
		ls = append(ls, l)
	}
	s.linksMu.Unlock()
	for _, l := range ls {
		f(l)
	}
}

// queue hands a prepare or a decision to the link's sender. It never blocks.
func (l *link) queue(m Message) {
	l.mu.Lock()
	l.pending = append(l.pending, m)
	l.mu.Unlock()
	select {
	case l.wake <- struct{}{}:
	default:
	}
}

func (l *link) run() {
	for {
		select {
		case <-l.s.quit:
			return
		case <-l.wake:
			// Let the goroutines that are about to queue (other clients' transactions, the
			// decisions of one log write) do so first, so that they share one request.
			runtime.Gosched()
			l.flush()
		}
	}
}

// flush sends everything pending, maxExchangeItems per request.
func (l *link) flush() {
	for {
		l.mu.Lock()
		if len(l.pending) == 0 {
			l.mu.Unlock()
			return
		}
		batch := l.pending
		if len(batch) > maxExchangeItems {
			batch = batch[:maxExchangeItems:maxExchangeItems]
			l.pending = l.pending[maxExchangeItems:]
		} else {
			l.pending = nil
		}
		st := l.cur
		fresh := st == nil
		if fresh {
			ctx, cancel := context.WithCancel(l.s.ctx)
			st = &exStream{ctx: ctx, cancel: cancel, sent: make(map[uint64]sentMsg)}
			l.cur = st
		}
		now := time.Now()
		req := &txnv1.ExchangeRequest{}
		for _, m := range batch {
			id := l.nextID
			l.nextID++
			st.sent[id] = sentMsg{m: m, at: now}
			if m.Type == MsgPrepare {
				req.Prepares = append(req.Prepares, &txnv1.ExchangePrepare{Id: id, Prepare: l.s.prepareRequest(m)})
			} else {
				req.Decides = append(req.Decides, &txnv1.ExchangeDecide{Id: id, Decide: &txnv1.DecideRequest{Gid: m.GID, Commit: m.Commit}})
			}
		}
		l.mu.Unlock()
		for _, m := range batch {
			switch {
			case m.Type == MsgPrepare:
				l.s.hook(PointCoordinatorPrepareBeforeSend)
			case m.Commit:
				l.s.hook(PointCoordinatorDecideBeforeSend)
			}
		}
		if fresh {
			cc, err := l.s.conns.get(l.addr)
			var cs grpc.BidiStreamingClient[txnv1.ExchangeRequest, txnv1.ExchangeResponse]
			if err == nil {
				cs, err = txnv1.NewParticipantServiceClient(cc).Exchange(st.ctx)
			}
			if err != nil {
				l.fail(st, err)
				continue
			}
			st.cs = cs
			l.s.spawn(func() { l.receive(st) })
		}
		if err := st.cs.Send(req); err != nil {
			l.fail(st, err)
		}
	}
}

// receive feeds the answers that arrive on st to the core until st breaks.
func (l *link) receive(st *exStream) {
	for {
		resp, err := st.cs.Recv()
		if err != nil {
			l.fail(st, err)
			return
		}
		var replies, acked []Message
		l.mu.Lock()
		for _, v := range resp.Votes {
			sm, ok := st.sent[v.Id]
			if !ok || sm.m.Type != MsgPrepare {
				continue // answered after the stream was given up, or not a prepare
			}
			delete(st.sent, v.Id)
			if len(v.Refused) > 0 {
				replies = append(replies, Message{Type: MsgUnreachable, GID: sm.m.GID, From: sm.m.To, Failed: MsgPrepare, Reason: "prepare refused: " + refusal(v.Refused)})
				continue
			}
			replies = append(replies, voteFrom(sm.m, v.Vote))
		}
		for _, id := range resp.Acks {
			sm, ok := st.sent[id]
			if !ok || sm.m.Type != MsgDecide {
				continue
			}
			delete(st.sent, id)
			acked = append(acked, sm.m)
		}
		l.mu.Unlock()
		for _, d := range acked {
			if d.Commit {
				l.s.hook(PointCoordinatorDecideAfterAck)
			}
			replies = append(replies, Message{Type: MsgAck, GID: d.GID, From: d.To, Commit: d.Commit})
		}
		l.s.stepAll(replies)
	}
}

func refusal(b []byte) string {
	var sp spb.Status
	if err := proto.Unmarshal(b, &sp); err != nil {
		return "unreadable status: " + err.Error()
	}
	return status.ErrorProto(&sp).Error()
}

var errNoAnswer = errors.New("no answer")

// expire breaks the open stream if a message on it has waited longer than timeout.
func (l *link) expire(now time.Time, timeout time.Duration) {
	l.mu.Lock()
	st := l.cur
	late := false
	if st != nil {
		for _, sm := range st.sent {
			if now.Sub(sm.at) > timeout {
				late = true
				break
			}
		}
	}
	l.mu.Unlock()
	if late {
		l.fail(st, fmt.Errorf("%w within %v", errNoAnswer, timeout))
	}
}

// fail gives st up: it is closed, and every message sent on it and not answered is reported
// to the core as undelivered. The next message opens a new stream.
func (l *link) fail(st *exStream, err error) {
	l.mu.Lock()
	if l.cur == st {
		l.cur = nil
	}
	if st.broken {
		l.mu.Unlock()
		return
	}
	st.broken = true
	sent := st.sent
	st.sent = nil
	l.mu.Unlock()
	st.cancel()
	if len(sent) == 0 {
		return
	}
	l.s.log.Debug("txn: stream to a participant broke; its unanswered messages count as undelivered", "coordinator", l.s.cfg.Core.Name, "participant_address", l.addr, "messages", len(sent), "err", err)
	replies := make([]Message, 0, len(sent))
	for _, sm := range sent {
		replies = append(replies, Message{Type: MsgUnreachable, GID: sm.m.GID, From: sm.m.To, Failed: sm.m.Type, Reason: err.Error()})
	}
	l.s.stepAll(replies)
}

func (l *link) close() {
	l.mu.Lock()
	st := l.cur
	l.mu.Unlock()
	if st != nil {
		st.cancel()
	}
}

func (s *CoordinatorServer) prepareRequest(m Message) *txnv1.PrepareRequest {
	return &txnv1.PrepareRequest{Gid: m.GID, Coordinator: s.cfg.Address, Participants: peersToProto(m.Peers), Work: m.Work}
}

func voteFrom(m Message, resp *txnv1.PrepareResponse) Message {
	var verr error
	if len(resp.GetErrorStatus()) > 0 {
		var sp spb.Status
		if proto.Unmarshal(resp.ErrorStatus, &sp) == nil {
			verr = status.ErrorProto(&sp)
		}
	}
	return Message{Type: MsgVote, GID: m.GID, From: m.To, Addr: m.Addr, Yes: resp.GetYes(), Reason: resp.GetReason(), Err: verr}
}
