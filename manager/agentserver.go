package manager

import (
	"context"
	"errors"
	"io"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/durationpb"

	pb "github.com/wardenft/warden/api/warden/manager/v1"
)

// AgentHeartbeatInterval is the heartbeat interval Register gives agents.
const AgentHeartbeatInterval = time.Second

// agentServer is the stage-2 AgentService: registration through Raft, heartbeat
// acknowledgements carrying the desired version, and Reconcile answering the desired members.
// What agents report (heartbeat arrival times, Reconcile's actual members, ReportFault) is
// the leader control loop's input, which the next stage adds: until then heartbeats are only
// acknowledged, the actual members are not looked at, and ReportFault is unimplemented.
type agentServer struct {
	pb.UnimplementedAgentServiceServer
	*server
}

func (s agentServer) Register(ctx context.Context, r *pb.RegisterRequest) (*pb.RegisterResponse, error) {
	if err := required("location", r.GetLocation()); err != nil {
		return nil, err
	}
	names := map[string]string{"location": r.GetLocation(), "field": "location"}
	if _, err := s.propose(ctx, &pb.Command{Op: &pb.Command_RegisterLocation{RegisterLocation: r}}, names); err != nil {
		return nil, err
	}
	var v uint64
	s.n.Read(func(st *State) { v = st.DesiredVersion(r.GetLocation()) })
	return &pb.RegisterResponse{HeartbeatInterval: durationpb.New(AgentHeartbeatInterval), DesiredVersion: v}, nil
}

// Heartbeat acknowledges every heartbeat with the location's desired version, or asks the
// agent to register again when this manager does not know its incarnation. Any manager
// answers from its local state (heartbeats never go through Raft).
func (s agentServer) Heartbeat(stream grpc.BidiStreamingServer[pb.HeartbeatRequest, pb.HeartbeatResponse]) error {
	for {
		r, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		if err := required("location", r.GetLocation()); err != nil {
			return err
		}
		resp := &pb.HeartbeatResponse{Seq: r.GetSeq()}
		s.n.Read(func(st *State) {
			l, err := st.Location(r.GetLocation())
			if err != nil || l.GetIncarnation() != r.GetIncarnation() {
				resp.Reregister = true
				return
			}
			resp.DesiredVersion = st.DesiredVersion(r.GetLocation())
		})
		if err := stream.Send(resp); err != nil {
			return err
		}
	}
}

// Reconcile answers what should run at the location. The actual members reported are not
// acted on yet (the leader's control loop will turn them into observations).
func (s agentServer) Reconcile(_ context.Context, r *pb.ReconcileRequest) (*pb.ReconcileResponse, error) {
	if err := required("location", r.GetLocation()); err != nil {
		return nil, err
	}
	resp := &pb.ReconcileResponse{}
	var err error
	s.n.Read(func(st *State) {
		if _, err = st.Location(r.GetLocation()); err != nil {
			return
		}
		resp.Desired = st.Desired(r.GetLocation())
		resp.DesiredVersion = st.DesiredVersion(r.GetLocation())
	})
	if err != nil {
		return nil, s.status(err, map[string]string{"location": r.GetLocation()})
	}
	return resp, nil
}
