package counterapp

import (
	"context"
	"errors"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	counterv1 "github.com/wardenft/warden/api/warden/counter/v1"
	"github.com/wardenft/warden/replica"
)

// The state and update round trips, and bad bytes refused with the replica errors.
func TestCheckpointable(t *testing.T) {
	a := &Counter{}
	if _, err := a.GetUpdate(); !errors.Is(err, replica.ErrNoUpdateAvailable) {
		t.Fatalf("GetUpdate before any increment: %v", err)
	}
	a.Increment(context.Background(), &counterv1.IncrementRequest{By: 5})
	u, err := a.GetUpdate()
	if err != nil {
		t.Fatal(err)
	}
	st, _ := a.GetState()
	b := &Counter{}
	if err := b.SetUpdate(u); err != nil || b.Value() != 5 {
		t.Fatalf("SetUpdate: %v, value %d", err, b.Value())
	}
	c := &Counter{}
	if err := c.SetState(st); err != nil || c.Value() != 5 {
		t.Fatalf("SetState: %v, value %d", err, c.Value())
	}
	if err := c.SetState([]byte{1}); !errors.Is(err, replica.ErrInvalidState) {
		t.Fatalf("SetState of 1 byte: %v", err)
	}
	if err := c.SetUpdate([]byte{1}); !errors.Is(err, replica.ErrInvalidUpdate) {
		t.Fatalf("SetUpdate of 1 byte: %v", err)
	}
}

// --unreplicated serves the plain counter.
func TestUnreplicated(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan *Member, 1)
	done := make(chan error, 1)
	go func() {
		done <- Serve(ctx, Options{Listen: "127.0.0.1:0", Unreplicated: true, Ready: func(m *Member) { ready <- m }})
	}()
	m := <-ready
	conn, err := grpc.NewClient(m.Addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	cc := counterv1.NewCounterClient(conn)
	cctx, ccancel := context.WithTimeout(ctx, 10*time.Second)
	defer ccancel()
	for i := 1; i <= 3; i++ {
		r, err := cc.Increment(cctx, &counterv1.IncrementRequest{By: 2})
		if err != nil || r.Value != int64(2*i) {
			t.Fatalf("increment %d: %v, %v", i, r, err)
		}
	}
	if r, err := cc.Get(cctx, &counterv1.GetRequest{}); err != nil || r.Value != 6 {
		t.Fatalf("get: %v, %v", r, err)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}
