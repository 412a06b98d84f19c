package manager

import (
	"context"
	"errors"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/durationpb"

	pb "github.com/wardenft/warden/api/warden/manager/v1"
)

// ErrLeaseRefused: RenewLease by a member that is not the primary of the current view, or
// that the leader judged failed.
var ErrLeaseRefused = errors.New("lease refused")

// memberServer is the MemberService: leases for the primaries of passive groups, granted by
// the leader's control loop (which knows which members it judged failed), and the primaries'
// reports of caught-up backups.
type memberServer struct {
	pb.UnimplementedMemberServiceServer
	*server
}

func (s memberServer) RenewLease(ctx context.Context, r *pb.RenewLeaseRequest) (*pb.RenewLeaseResponse, error) {
	if err := required("group_id", r.GetGroupId(), "member_id", r.GetMemberId()); err != nil {
		return nil, err
	}
	names := memberNames(r.GetGroupId(), "", r.GetMemberId())
	lease := s.n.cfg.Control.Repair.PrimaryLease
	var (
		view *pb.View
		err  error
	)
	s.n.Read(func(st *State) {
		g, gerr := st.group(r.GetGroupId())
		if gerr != nil {
			err = gerr
			return
		}
		if props := st.resolveGroup(g); !props.Passive() {
			err = errf(ErrBadReplicationStyle, "group %s is %s: only the primaries of passive groups hold leases", g.GroupId, StyleString(props.ReplicationStyle))
			return
		}
		if r.GetEpoch() != g.View.Epoch {
			err = errf(ErrStaleEpoch, "group %s is at epoch %d, not %d", g.GroupId, g.View.Epoch, r.GetEpoch())
			return
		}
		if g.View.Primary != r.GetMemberId() {
			err = errf(ErrLeaseRefused, "group %s: %s is not the primary of epoch %d (%q is)", g.GroupId, r.GetMemberId(), g.View.Epoch, g.View.Primary)
			return
		}
		view = proto.Clone(g.View).(*pb.View)
	})
	if err != nil {
		return nil, s.status(err, names)
	}
	if lease <= 0 {
		return nil, s.status(errf(ErrLeaseRefused, "leases are off on this manager (PrimaryLease 0)"), names)
	}
	if ok, why := s.n.ctl.grant(MemberRef{r.GetGroupId(), r.GetMemberId()}); !ok {
		if why == "not leading" {
			_, api := s.n.Leader()
			return nil, s.status(&NotLeaderError{Leader: api, Cause: errors.New("leases are granted by the leader")}, names)
		}
		return nil, s.status(errf(ErrLeaseRefused, "group %s: %s is %s", r.GetGroupId(), r.GetMemberId(), why), names)
	}
	var newly []string
	for _, id := range r.GetCaughtUp() {
		for _, m := range view.Members {
			if m.MemberId == id && !m.CaughtUp {
				newly = append(newly, id)
			}
		}
	}
	if len(newly) > 0 {
		res, err := s.propose(ctx, &pb.Command{Op: &pb.Command_MarkCaughtUp{MarkCaughtUp: &pb.MarkCaughtUpCommand{
			GroupId: r.GetGroupId(), Epoch: r.GetEpoch(), MemberIds: newly}}}, names)
		if err != nil {
			return nil, err
		}
		view = res.View
	}
	return &pb.RenewLeaseResponse{Lease: durationpb.New(lease), View: view}, nil
}
