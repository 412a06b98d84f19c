package replica

import (
	"context"
	"net"
	"sync/atomic"
	"testing"
	"time"

	"google.golang.org/grpc"

	managerv1 "github.com/wardenft/warden/api/warden/manager/v1"
	replicav1 "github.com/wardenft/warden/api/warden/replica/v1"
)

// fakeViews is a manager's WatchView that sends the views the test puts in views.
type fakeViews struct {
	managerv1.UnimplementedObjectGroupManagerServer
	views chan *managerv1.View
}

func (f *fakeViews) WatchView(_ *managerv1.WatchViewRequest, st grpc.ServerStreamingServer[managerv1.View]) error {
	for {
		select {
		case v := <-f.views:
			if err := st.Send(v); err != nil {
				return err
			}
		case <-st.Context().Done():
			return nil
		}
	}
}

// fakeTransfers is a primary's Transfer: answer decides the epoch its (empty) transfer is
// stamped with.
type fakeTransfers struct {
	replicav1.UnimplementedReplicationServer
	calls  atomic.Int64
	answer func(call int64, req *replicav1.TransferRequest) uint64
}

func (f *fakeTransfers) Transfer(req *replicav1.TransferRequest, st grpc.ServerStreamingServer[replicav1.TransferChunk]) error {
	epoch := f.answer(f.calls.Add(1), req)
	chunks, err := ToTransferChunks(Message{Type: MsgDone, From: "p", To: req.GetMemberId(), Epoch: epoch, Transfer: true}, 1<<20)
	if err != nil {
		return err
	}
	for _, c := range chunks {
		if err := st.Send(c); err != nil {
			return err
		}
	}
	return nil
}

func serveGRPC(t *testing.T, register func(*grpc.Server)) string {
	t.Helper()
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := grpc.NewServer()
	register(srv)
	go srv.Serve(lis)
	t.Cleanup(srv.Stop)
	return lis.Addr().String()
}

// poll reports whether cond held within 10s, checking it every 2ms.
func poll(cond func() bool) bool {
	deadline := time.Now().Add(10 * time.Second)
	tick := time.NewTicker(2 * time.Millisecond)
	defer tick.Stop()
	for !cond() {
		if time.Now().After(deadline) {
			return false
		}
		<-tick.C
	}
	return true
}

// A joiner whose transfer is overtaken by a view of a newer epoch (another member joined
// meanwhile) refuses every message of it, MsgDone included. It must fetch again, and serve
// once the transfer at the newer epoch is applied: it used to wait forever, NOT_SERVING,
// until the manager gave it up ("not ready within 30s").
func TestJoinerFetchesAgainAfterARefusedTransfer(t *testing.T) {
	views := &fakeViews{views: make(chan *managerv1.View, 4)}
	mgr := serveGRPC(t, func(s *grpc.Server) { managerv1.RegisterObjectGroupManagerServer(s, views) })
	var j *Server
	prim := &fakeTransfers{}
	paddr := serveGRPC(t, func(s *grpc.Server) { replicav1.RegisterReplicationServer(s, prim) })
	view := func(epoch, version uint64, members ...string) *managerv1.View {
		v := &managerv1.View{GroupId: "g", Epoch: epoch, Version: version, Primary: "p"}
		for _, m := range members {
			v.Members = append(v.Members, &managerv1.Member{MemberId: m, Address: paddr})
		}
		return v
	}
	prim.answer = func(call int64, req *replicav1.TransferRequest) uint64 {
		if call == 1 {
			// The primary answers at epoch 5; before its answer arrives, the joiner learns
			// epoch 6 from the manager.
			if req.GetEpoch() != 5 {
				t.Errorf("first transfer requested at epoch %d, want 5", req.GetEpoch())
			}
			views.views <- view(6, 11, "p", "q")
			if !poll(func() bool { return j.Status().Epoch == 6 }) {
				t.Errorf("the joiner did not adopt epoch 6")
			}
			return 5
		}
		return req.GetEpoch()
	}

	cfg := DefaultServerConfig("g", "j")
	cfg.Managers, cfg.App = []string{mgr}, nopApp{}
	var err error
	j, err = NewServer(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- j.Run(ctx) }()
	t.Cleanup(func() { cancel(); <-done })

	views.views <- view(5, 10, "p")
	if !poll(j.Serving) {
		t.Fatalf("the joiner does not serve: %v", j.Status())
	}
	if n := prim.calls.Load(); n != 2 {
		t.Errorf("%d transfers, want 2 (the refused one, then one at epoch 6)", n)
	}
}
