package replica

import (
	"context"
	"testing"
	"time"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/status"
)

// statusReason is the ErrorInfo reason of a status error ("" if none).
func statusReason(err error) string {
	for _, d := range status.Convert(err).Details() {
		if info, ok := d.(*errdetails.ErrorInfo); ok {
			return info.Reason
		}
	}
	return ""
}

// A call waiting for the commit of what it read (or executed without a request id) at the
// primary fails when the member was deposed meanwhile, even if it is primary again by the
// time the driver looks: in between it was a backup, and its log may have been truncated, so
// a commit point of the new term says nothing about what the call saw.
func TestSeqWaitFailsAfterDepositionAndPromotion(t *testing.T) {
	s := unstartedServer(t)
	if err := s.handleReady(); err != nil { // the initial checkpoint
		t.Fatal(err)
	}
	members := []Member{{ID: "m1"}, {ID: "m2"}}
	now := time.Now()
	s.mu.Lock()
	s.r.SetView(View{Epoch: 1, Version: 1, Primary: "m1", Members: members}, now)
	s.r.SetLease(Lease{Requested: now, Duration: time.Minute}, now)
	adm, err := s.r.Begin(Request{}, now)
	if err != nil {
		s.mu.Unlock()
		t.Fatalf("Begin at the primary: %v", err)
	}
	// Executed, not committed: the backup m2 never acknowledges it in this epoch.
	if _, err := s.r.Executed(adm.Ticket, Execution{Kind: EntryRequest, Method: "/g.S/Write"}, now); err != nil {
		s.mu.Unlock()
		t.Fatal(err)
	}
	s.mu.Unlock()
	if err := s.handleReady(); err != nil {
		t.Fatal(err)
	}

	got := make(chan error, 1)
	go func() {
		_, err := s.read(context.Background(), Request{}, nil, func(context.Context, any) (any, error) { return "v", nil })
		got <- err
	}()
	for deadline := time.Now().Add(10 * time.Second); ; {
		s.mu.Lock()
		n := len(s.seqW)
		s.mu.Unlock()
		if n == 1 {
			break // the read waits for the commit of seq 1
		}
		if time.Now().After(deadline) {
			t.Fatal("the read does not wait for the commit of seq 1")
		}
		time.Sleep(time.Millisecond) // polling with a deadline
	}

	// Deposed and promoted again with no Ready handled in between, then the entry is
	// committed in the new epoch.
	s.mu.Lock()
	s.r.SetView(View{Epoch: 2, Version: 2, Primary: "m2", Members: members}, now)
	s.r.SetView(View{Epoch: 3, Version: 3, Primary: "m1", Members: members}, now)
	if err := s.r.Step(Message{Type: MsgAck, From: "m2", To: "m1", Epoch: 3, Match: 1, Commit: 0}, now); err != nil {
		s.mu.Unlock()
		t.Fatal(err)
	}
	commit := s.r.Status().Commit
	s.mu.Unlock()
	if commit < 1 {
		t.Fatalf("the ack of epoch 3 did not commit seq 1 (commit %d): the test does not reach its point", commit)
	}
	if err := s.handleReady(); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-got:
		if err == nil {
			t.Fatal("the read succeeded after its member was deposed in between; want NOT_PRIMARY")
		}
		if reason := statusReason(err); reason != "NOT_PRIMARY" {
			t.Fatalf("the read failed with %v (reason %q), want NOT_PRIMARY", err, reason)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the read is still waiting")
	}
}
