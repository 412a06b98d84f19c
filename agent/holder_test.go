package agent_test

import (
	"path/filepath"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"

	"github.com/wardenft/warden/agent"
	pb "github.com/wardenft/warden/api/warden/manager/v1"
	replicav1 "github.com/wardenft/warden/api/warden/replica/v1"
	"github.com/wardenft/warden/replica"
	"github.com/wardenft/warden/vfs"
)

// A held COLD_PASSIVE member's log holder: served at the agent's address (which the view
// gives the cold member), acknowledging the primary's entries once durable under the
// member's data dir; promoted, the holder is fenced with the new epoch on disk before the
// member is started.
func TestHeldMemberLogHolderAndTakeover(t *testing.T) {
	t.Parallel()
	u := unique()
	loc, group := u("holder-host"), u("holder")
	a := startAgent(t, loc, nil)
	registerType(t, "holder-echo", echoLaunch())
	criteria := props(loc, pull, 200*time.Millisecond, 300*time.Millisecond)
	criteria.ReplicationStyle = pb.ReplicationStyle_REPLICATION_STYLE_COLD_PASSIVE
	criteria.Factories.Locations = append(criteria.Factories.Locations, "holder-elsewhere")
	createGroup(t, "holder-echo", group, criteria)
	groups := pb.NewObjectGroupManagerClient(managerConn)
	if _, err := pb.NewAgentServiceClient(managerConn).Register(ctxT(t, 20*time.Second),
		&pb.RegisterRequest{Location: "holder-elsewhere", AgentAddress: "127.0.0.1:1", Incarnation: 1}); err != nil {
		t.Fatal(err)
	}
	if _, err := groups.AddMember(ctxT(t, 20*time.Second), &pb.AddMemberRequest{GroupId: group,
		Member: &pb.AddMemberRequest_External{External: &pb.ExternalMember{Location: "holder-elsewhere", Address: "127.0.0.1:1"}}}); err != nil {
		t.Fatalf("add the primary: %v", err)
	}
	createMember(t, group, loc)
	a.rec.wait(t, 0, "the member to be held", isKind(agent.EventMemberHeld, group))
	ms, _ := a.member(group)
	if ms.Address != a.Addr() {
		t.Errorf("held member reported at %q, want the agent's address %s", ms.Address, a.Addr())
	}
	// Application-controlled membership: the test adds it, with the address its agent reported.
	if _, err := groups.AddMember(ctxT(t, 20*time.Second), &pb.AddMemberRequest{GroupId: group,
		Member: &pb.AddMemberRequest_PendingMemberId{PendingMemberId: ms.ID.Member}, Address: ms.Address}); err != nil {
		t.Fatalf("add the held member: %v", err)
	}
	var view *pb.View
	eventually(t, "the cold member in the view at the agent's address", func() bool {
		r, err := groups.GetObjectGroupRef(ctxT(t, 5*time.Second), &pb.GetObjectGroupRefRequest{GroupId: group})
		if err != nil {
			return false
		}
		view = r.View
		for _, m := range view.Members {
			if m.MemberId == ms.ID.Member {
				return m.State == pb.MemberState_MEMBER_STATE_COLD && m.Address == a.Addr()
			}
		}
		return false
	})

	// The primary ships two entries; the ack means they are on disk.
	conn, err := grpc.NewClient(a.Addr(), grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	ctx := metadata.AppendToOutgoingContext(ctxT(t, 20*time.Second), replica.MetadataTo, ms.ID.Member, replica.MetadataGroup, group)
	st, err := replicav1.NewReplicationClient(conn).Replicate(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ents := []replica.Entry{{Epoch: view.Epoch, Seq: 1, Kind: replica.EntryUpdate, Payload: []byte("a")}, {Epoch: view.Epoch, Seq: 2, Kind: replica.EntryUpdate, Payload: []byte("b")}}
	reqs, err := replica.ToReplicateRequest(replica.Message{Type: replica.MsgAppend, From: view.Primary, Epoch: view.Epoch, Entries: ents}, 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Send(reqs[0]); err != nil {
		t.Fatal(err)
	}
	r, err := st.Recv()
	if err != nil || r.GetAck().GetMatch() != 2 {
		t.Fatalf("ack %v, %v: want match 2", r, err)
	}
	dir := filepath.Join(ms.DataDir, "holder")
	if ms.DataDir == "" {
		dir = filepath.Join(a.cfg.DataDir, "members", group, ms.ID.Member, "holder")
	}
	held, err := replica.ReadHolderStore(vfs.Default, dir)
	if err != nil || len(held.Entries) != 2 || held.Epoch != view.Epoch {
		t.Fatalf("holder on disk: epoch %d, %d entries, %v; want epoch %d, 2 entries", held.Epoch, len(held.Entries), err, view.Epoch)
	}

	// Promoted: fenced with the new epoch before the member starts.
	sp, err := groups.SetPrimaryMember(ctxT(t, 20*time.Second), &pb.SetPrimaryMemberRequest{GroupId: group, MemberId: ms.ID.Member})
	if err != nil {
		t.Fatal(err)
	}
	a.rec.wait(t, 0, "the promoted member to start", isKind(agent.EventMemberStarted, group))
	fenced, err := replica.ReadHolderStore(vfs.Default, dir)
	if err != nil || fenced.Epoch < sp.GetView().GetEpoch() || len(fenced.Entries) != 2 {
		t.Fatalf("holder after the takeover: epoch %d, %d entries, %v; want epoch %d, 2 entries", fenced.Epoch, len(fenced.Entries), err, sp.GetView().GetEpoch())
	}
	deleteGroup(t, group)
	a.rec.wait(t, 0, "the member to be forgotten", isKind(agent.EventMemberForgotten, group))
}
