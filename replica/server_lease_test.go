package replica

import (
	"context"
	"net"
	"sync/atomic"
	"testing"
	"time"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/durationpb"

	managerv1 "github.com/wardenft/warden/api/warden/manager/v1"
)

// fakeMemberService answers RenewLease as a follower (NOT_LEADER naming leader) or as the
// leader (a lease), counting calls.
type fakeMemberService struct {
	managerv1.UnimplementedMemberServiceServer
	leader string // "": this is the leader
	calls  atomic.Int64
}

func (f *fakeMemberService) RenewLease(context.Context, *managerv1.RenewLeaseRequest) (*managerv1.RenewLeaseResponse, error) {
	f.calls.Add(1)
	if f.leader != "" {
		st, _ := status.New(codes.Unavailable, "not the leader").WithDetails(&errdetails.ErrorInfo{Reason: "NOT_LEADER", Metadata: map[string]string{"leader": f.leader}})
		return nil, st.Err()
	}
	return &managerv1.RenewLeaseResponse{Lease: durationpb.New(time.Second)}, nil
}

func serveMemberService(t *testing.T, f *fakeMemberService) string {
	t.Helper()
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := grpc.NewServer()
	managerv1.RegisterMemberServiceServer(srv, f)
	go srv.Serve(lis)
	t.Cleanup(srv.Stop)
	return lis.Addr().String()
}

// A lease renewal at a follower follows its NOT_LEADER answer to the leader it names, and the
// next renewal goes to that leader directly.
func TestRenewLeaseFollowsTheLeader(t *testing.T) {
	leader := &fakeMemberService{}
	la := serveMemberService(t, leader)
	follower := &fakeMemberService{leader: la}
	fa := serveMemberService(t, follower)
	m, err := newManagers([]string{fa, la}, []grpc.DialOption{grpc.WithTransportCredentials(insecure.NewCredentials())})
	if err != nil {
		t.Fatal(err)
	}
	defer m.close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for i := range 2 {
		r, err := m.renewLease(ctx, 2*time.Second, &managerv1.RenewLeaseRequest{GroupId: "g", MemberId: "m1", Epoch: 1})
		if err != nil || r.GetLease().AsDuration() != time.Second {
			t.Fatalf("renewal %d: %v, %v", i+1, r, err)
		}
	}
	if f, l := follower.calls.Load(), leader.calls.Load(); f != 1 || l != 2 {
		t.Fatalf("follower asked %d times, leader %d; want once, then the leader for both", f, l)
	}
}
