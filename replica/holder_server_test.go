package replica

import (
	"context"
	"net"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	replicav1 "github.com/wardenft/warden/api/warden/replica/v1"
	"github.com/wardenft/warden/vfs"
)

// startHolderServer serves hs on loopback and returns a client of it.
func startHolderServer(t *testing.T, hs *HolderServer) replicav1.ReplicationClient {
	t.Helper()
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	gs := grpc.NewServer()
	hs.Register(gs)
	go gs.Serve(lis)
	t.Cleanup(gs.Stop)
	conn, err := grpc.NewClient(lis.Addr().String(), grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return replicav1.NewReplicationClient(conn)
}

func replicateTo(t *testing.T, cli replicav1.ReplicationClient, group, member string) grpc.BidiStreamingClient[replicav1.ReplicateRequest, replicav1.ReplicateResponse] {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	if member != "" {
		ctx = metadata.AppendToOutgoingContext(ctx, MetadataTo, member, MetadataGroup, group)
	}
	st, err := cli.Replicate(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func sendAppend(t *testing.T, st grpc.BidiStreamingClient[replicav1.ReplicateRequest, replicav1.ReplicateResponse], from string, epoch uint64, prev Pos, ents []Entry, commit uint64) *replicav1.Ack {
	t.Helper()
	reqs, err := ToReplicateRequest(Message{Type: MsgAppend, From: from, Epoch: epoch, PrevSeq: prev.Seq, PrevEpoch: prev.Epoch, Entries: ents, Commit: commit}, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range reqs {
		if err := st.Send(r); err != nil {
			t.Fatal(err)
		}
	}
	r, err := st.Recv()
	if err != nil {
		t.Fatalf("waiting for the ack: %v", err)
	}
	return r.GetAck()
}

// The agent's holder as the primary sees it: a Replicate stream addressed by metadata, acks
// only for what is durable (a crash right after the ack keeps it), the holder fenced by a
// takeover, and the epoch surviving the holder's restart (an old primary is refused).
func TestHolderServerReplicateAndFence(t *testing.T) {
	fs := vfs.NewMem()
	hs := NewHolderServer(HolderServerConfig{FS: fs})
	cli := startHolderServer(t, hs)
	const dir = "/agent/members/g/m2/holder"
	if err := hs.Hold("g", "m2", dir); err != nil {
		t.Fatal(err)
	}

	st := replicateTo(t, cli, "g", "m2")
	ack := sendAppend(t, st, "m1", 1, Pos{}, testEntries(1, 1, 3), 0)
	if ack.GetMatch() != 3 || ack.GetStale() || ack.GetReject() {
		t.Fatalf("ack %v: want match 3", ack)
	}
	// Acknowledged means durable: a crash now keeps the three entries.
	crashed := fs.CrashClone(vfs.CrashOptions{})
	got, err := ReadHolderStore(crashed, dir)
	if err != nil {
		t.Fatal(err)
	}
	sameState(t, "after the ack and a crash", got, HolderState{Epoch: 1, Entries: testEntries(1, 1, 3)})

	// A checkpoint drops the log before it.
	ck := NewCheckpoint(Pos{Seq: 2, Epoch: 1}, []byte("s2"), nil)
	reqs, _ := ToReplicateRequest(Message{Type: MsgCheckpoint, From: "m1", Epoch: 1, Checkpoint: &ck}, 1)
	for _, r := range reqs {
		if err := st.Send(r); err != nil {
			t.Fatal(err)
		}
	}
	if r, err := st.Recv(); err != nil || r.GetAck().GetMatch() != 3 {
		t.Fatalf("ack of the checkpoint: %v %v", r, err)
	}
	if h, ok := hs.Held("g", "m2"); !ok || ckSeq(h.Checkpoint) != 2 || len(h.Entries) != 1 {
		t.Fatalf("held after the checkpoint: checkpoint %d, %d entries", ckSeq(h.Checkpoint), len(h.Entries))
	}

	// Takeover at epoch 2: fenced, durable, no longer served.
	rst, err := hs.Takeover("g", "m2", 2)
	if err != nil {
		t.Fatal(err)
	}
	if rst.Epoch != 2 || ckSeq(rst.Checkpoint) != 2 || len(rst.Entries) != 1 {
		t.Fatalf("takeover state: epoch %d checkpoint %d entries %d", rst.Epoch, ckSeq(rst.Checkpoint), len(rst.Entries))
	}
	onDisk, err := ReadHolderStore(fs.CrashClone(vfs.CrashOptions{}), dir)
	if err != nil || onDisk.Epoch != 2 {
		t.Fatalf("fenced epoch on disk: %d, %v; want 2", onDisk.Epoch, err)
	}
	reqs, _ = ToReplicateRequest(Message{Type: MsgAppend, From: "m1", Epoch: 1, PrevSeq: 3, PrevEpoch: 1, Entries: testEntries(1, 4, 4)}, 0)
	st.Send(reqs[0])
	if _, err := st.Recv(); status.Code(err) != codes.Unavailable {
		t.Fatalf("a stream to a holder taken over: %v, want Unavailable", err)
	}
	if _, err := hs.Takeover("g", "m2", 3); err == nil {
		t.Fatal("a second takeover succeeded")
	}

	// Held again (the agent restarted on the same files): the fence holds.
	hs2 := NewHolderServer(HolderServerConfig{FS: fs})
	cli2 := startHolderServer(t, hs2)
	if err := hs2.Hold("g", "m2", dir); err != nil {
		t.Fatal(err)
	}
	ack = sendAppend(t, replicateTo(t, cli2, "g", "m2"), "m1", 1, Pos{Seq: 3, Epoch: 1}, testEntries(1, 4, 4), 3)
	if !ack.GetStale() || ack.GetEpoch() != 2 {
		t.Fatalf("the old primary's append after the fence: %v, want stale at epoch 2", ack)
	}
	if h, _ := hs2.Held("g", "m2"); len(h.Entries) != 1 {
		t.Fatalf("the refused append changed the log: %d entries", len(h.Entries))
	}
	hs2.Close()
}

func TestHolderServerRouting(t *testing.T) {
	hs := NewHolderServer(HolderServerConfig{FS: vfs.NewMem()})
	cli := startHolderServer(t, hs)
	for _, c := range []struct {
		member string
		code   codes.Code
	}{{"", codes.InvalidArgument}, {"m9", codes.NotFound}} {
		st := replicateTo(t, cli, "g", c.member)
		if _, err := st.Recv(); status.Code(err) != c.code {
			t.Errorf("stream to %q: %v, want %v", c.member, err, c.code)
		}
	}
	ctx := metadata.AppendToOutgoingContext(context.Background(), MetadataTo, "m2", MetadataGroup, "g")
	tr, err := cli.Transfer(ctx, &replicav1.TransferRequest{MemberId: "m3"})
	if err == nil {
		_, err = tr.Recv()
	}
	if status.Code(err) != codes.Unimplemented {
		t.Errorf("Transfer at a holder: %v, want Unimplemented", err)
	}
}
