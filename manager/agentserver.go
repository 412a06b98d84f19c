package manager

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/durationpb"

	pb "github.com/wardenft/warden/api/warden/manager/v1"
	notifyv1 "github.com/wardenft/warden/api/warden/notify/v1"
	"github.com/wardenft/warden/notify"
)

// AgentHeartbeatInterval is the heartbeat interval of DefaultControlConfig.
const AgentHeartbeatInterval = time.Second

// agentServer is the AgentService. Register and ReportFault go through Raft from any manager
// (a follower forwards them); Heartbeat and Reconcile feed the leader's control loop, so a
// follower answers them with NOT_LEADER naming the leader, and the agent calls it there.
type agentServer struct {
	pb.UnimplementedAgentServiceServer
	*server
}

func (s agentServer) Register(ctx context.Context, r *pb.RegisterRequest) (*pb.RegisterResponse, error) {
	if err := required("location", r.GetLocation()); err != nil {
		return nil, err
	}
	if r.GetIncarnation() == 0 {
		return nil, badRequest("incarnation", "must not be 0: a random value drawn at each start of the agent")
	}
	names := map[string]string{"location": r.GetLocation(), "field": "location"}
	if _, err := s.propose(ctx, &pb.Command{Op: &pb.Command_RegisterLocation{RegisterLocation: r}}, names); err != nil {
		return nil, err
	}
	var v uint64
	s.n.Read(func(st *State) { v = st.DesiredVersion(r.GetLocation()) })
	return &pb.RegisterResponse{HeartbeatInterval: durationpb.New(s.n.cfg.Control.HeartbeatInterval), DesiredVersion: v}, nil
}

// notLeader is the answer of a follower to what only the leader takes.
func (s agentServer) notLeader() error {
	_, api := s.n.Leader()
	return s.status(&NotLeaderError{Leader: api, Cause: errors.New("agent heartbeats and reconciliations go to the leader")}, nil)
}

// Heartbeat judges every heartbeat (on the leader) and acknowledges it with the location's
// desired version, or asks the agent to register again when the state does not have its
// incarnation or has its location DOWN (it was judged failed, and its members replaced: on
// registering it is UP again and its reconciliation stops the orphans).
//
// An agent ends its stream with EOF (CloseSend) when it leaves on purpose; any other end of a
// stream that carried heartbeats of a registered agent is the connection dropping (a killed
// agent's, at once), and the control loop suspects the location without waiting for the
// silence its phi judge needs (controller.streamBroken).
func (s agentServer) Heartbeat(stream grpc.BidiStreamingServer[pb.HeartbeatRequest, pb.HeartbeatResponse]) error {
	var (
		loc string // the location and incarnation this stream heartbeated for, once judged
		inc uint64
	)
	for {
		r, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			if loc != "" {
				s.n.ctl.streamBroken(loc, inc, err)
			}
			return err
		}
		if err := required("location", r.GetLocation()); err != nil {
			return err
		}
		resp := &pb.HeartbeatResponse{Seq: r.GetSeq()}
		known := false
		s.n.Read(func(st *State) {
			l := st.locations[r.GetLocation()] // read in place: no copy per heartbeat
			if l.GetIncarnation() != r.GetIncarnation() || l.GetState() != pb.LocationState_LOCATION_STATE_UP {
				resp.Reregister = true
				return
			}
			known = true
			resp.DesiredVersion = st.DesiredVersion(r.GetLocation())
		})
		if known && !s.n.ctl.heartbeat(r) {
			return s.notLeader()
		}
		if known {
			loc, inc = r.GetLocation(), r.GetIncarnation()
		}
		if err := stream.Send(resp); err != nil {
			return err
		}
	}
}

// Reconcile takes what runs at the location (on the leader: the control loop learns which
// members are ready and which are gone) and answers what should.
func (s agentServer) Reconcile(_ context.Context, r *pb.ReconcileRequest) (*pb.ReconcileResponse, error) {
	if err := required("location", r.GetLocation()); err != nil {
		return nil, err
	}
	for i, a := range r.GetActual() {
		if a.GetGroupId() == "" || a.GetMemberId() == "" {
			return nil, badRequest(fmt.Sprintf("actual[%d]", i), "group_id and member_id are required")
		}
	}
	var err error
	s.n.Read(func(st *State) { _, err = st.Location(r.GetLocation()) })
	if err != nil {
		return nil, s.status(err, map[string]string{"location": r.GetLocation()})
	}
	if !s.n.ctl.reconciled(r) {
		return nil, s.notLeader()
	}
	resp := &pb.ReconcileResponse{}
	s.n.Read(func(st *State) {
		resp.Desired = st.Desired(r.GetLocation())
		resp.DesiredVersion = st.DesiredVersion(r.GetLocation())
	})
	return resp, nil
}

// ReportFault commits the agent's fault events to the replicated history; the leader's
// control loop acts on them when they are applied. Events should carry stable ids: a report
// retried after a lost answer is then recorded once.
func (s agentServer) ReportFault(ctx context.Context, r *pb.ReportFaultRequest) (*pb.ReportFaultResponse, error) {
	if err := required("location", r.GetLocation()); err != nil {
		return nil, err
	}
	evs, err := eventsFromProto(r.GetEvents())
	if err != nil {
		return nil, err
	}
	ids, err := s.n.RecordFaults(ctx, evs)
	if err != nil {
		return nil, s.status(err, map[string]string{"location": r.GetLocation(), "field": "events"})
	}
	return &pb.ReportFaultResponse{Ids: ids}, nil
}

// eventsFromProto converts events, or answers INVALID_ARGUMENT naming events[i].field.
func eventsFromProto(ps []*notifyv1.FaultEvent) ([]*notify.Event, error) {
	evs, err := notify.EventsFromProto(ps)
	if err != nil {
		var fe *notify.FieldError
		if errors.As(err, &fe) {
			return nil, badRequest(fe.Field, fe.Reason)
		}
		return nil, badRequest("events", err.Error())
	}
	return evs, nil
}

// notifierServer is the hosted FaultNotifier: notify's server over the node's notifier,
// except that pushes are committed through Raft (so every manager's consumers get them, and
// the history is the replicated one).
type notifierServer struct {
	*notify.Server
	s *server
}

func (ns notifierServer) PushStructuredFault(ctx context.Context, r *notifyv1.PushStructuredFaultRequest) (*notifyv1.PushStructuredFaultResponse, error) {
	evs, err := eventsFromProto(r.GetEvents())
	if err != nil {
		return nil, err
	}
	ids, err := ns.s.n.RecordFaults(ctx, evs)
	if err != nil {
		return nil, ns.s.status(err, map[string]string{"field": "events"})
	}
	return &notifyv1.PushStructuredFaultResponse{Ids: ids}, nil
}

// CreateSubscriptionFilter keeps the filter in the replicated state: a consumer may connect
// with its id to any manager.
func (ns notifierServer) CreateSubscriptionFilter(ctx context.Context, r *notifyv1.CreateSubscriptionFilterRequest) (*notifyv1.CreateSubscriptionFilterResponse, error) {
	if g := r.GetGrammar(); g != "" && !strings.EqualFold(g, "CEL") {
		return nil, badRequest("grammar", fmt.Sprintf("%q is not supported: the only constraint grammar is \"CEL\"", g))
	}
	if _, err := notify.CompileFilter(r.GetExpression()); err != nil {
		return nil, badRequest("expression", err.Error())
	}
	res, err := ns.s.propose(ctx, &pb.Command{Op: &pb.Command_CreateFilter{CreateFilter: &pb.CreateFilterCommand{Expression: r.GetExpression()}}},
		map[string]string{"field": "expression"})
	if err != nil {
		return nil, err
	}
	return &notifyv1.CreateSubscriptionFilterResponse{FilterId: res.FilterID}, nil
}

// DestroySubscriptionFilter removes a filter from the replicated state.
func (ns notifierServer) DestroySubscriptionFilter(ctx context.Context, r *notifyv1.DestroySubscriptionFilterRequest) (*notifyv1.DestroySubscriptionFilterResponse, error) {
	if err := required("filter_id", r.GetFilterId()); err != nil {
		return nil, err
	}
	if _, err := ns.s.propose(ctx, &pb.Command{Op: &pb.Command_DestroyFilter{DestroyFilter: &pb.DestroyFilterCommand{FilterId: r.GetFilterId()}}},
		map[string]string{"filter": r.GetFilterId(), "field": "filter_id"}); err != nil {
		return nil, err
	}
	return &notifyv1.DestroySubscriptionFilterResponse{}, nil
}

// ConnectStructuredFaultConsumer resolves a filter id from the replicated state, then connects
// as notify's server does with the filter's expression.
func (ns notifierServer) ConnectStructuredFaultConsumer(r *notifyv1.ConnectStructuredFaultConsumerRequest, stream grpc.ServerStreamingServer[notifyv1.Delivery]) error {
	if sel, ok := r.GetFilter().(*notifyv1.ConnectStructuredFaultConsumerRequest_FilterId); ok {
		var expr string
		var known bool
		ns.s.n.Read(func(st *State) { expr, known = st.Filter(sel.FilterId) })
		if !known {
			return ns.s.status(errf(ErrFilterNotFound, "subscription filter %q", sel.FilterId), map[string]string{"filter": sel.FilterId})
		}
		r = proto.Clone(r).(*notifyv1.ConnectStructuredFaultConsumerRequest)
		r.Filter = &notifyv1.ConnectStructuredFaultConsumerRequest_Expression{Expression: expr}
	}
	return ns.Server.ConnectStructuredFaultConsumer(r, stream)
}
