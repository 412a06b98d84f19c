package manager

import (
	"testing"
	"time"

	"google.golang.org/grpc/codes"

	notifyv1 "github.com/wardenft/warden/api/warden/notify/v1"
)

// The hosted FaultNotifier is one notifier across managers: a filter made through one
// manager is known to the others, an event pushed through a follower reaches a consumer
// connected to another manager, a retried push (same id) is recorded once, and every manager
// (the events from the leader's analyzer aside)
// answers QueryHistory from the same replicated history with the same sequence numbers.
func TestHostedNotifierAcrossManagers(t *testing.T) {
	ms := []*testManager{startManager(t, "", "a", true), startManager(t, "", "b", false), startManager(t, "", "c", false)}
	waitLeader(t, ms[0])
	for _, m := range ms[1:] {
		if err := m.n.JoinCluster(ctxT(t, 20*time.Second), ms[0].addr); err != nil {
			t.Fatal(err)
		}
	}
	ctx := ctxT(t, 30*time.Second)
	nc := func(m *testManager) notifyv1.FaultNotifierClient { return notifyv1.NewFaultNotifierClient(m.conn) }

	f, err := nc(ms[1]).CreateSubscriptionFilter(ctx, &notifyv1.CreateSubscriptionFilterRequest{Expression: `event.location == "host-a" && event.detector == "test"`})
	if err != nil {
		t.Fatal(err)
	}
	// Connect to c with the filter made through b, once c applied it (it may lag b by the
	// replication delay).
	eventually(t, "the filter known at c", func() bool {
		known := false
		ms[2].n.Read(func(s *State) { _, known = s.Filter(f.FilterId) })
		return known
	})
	stream, err := nc(ms[2]).ConnectStructuredFaultConsumer(ctx, &notifyv1.ConnectStructuredFaultConsumerRequest{
		Filter: &notifyv1.ConnectStructuredFaultConsumerRequest_FilterId{FilterId: f.FilterId}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := stream.Header(); err != nil { // the consumer is connected once headers come
		t.Fatal(err)
	}

	ev := func(id, loc string) *notifyv1.FaultEvent {
		return &notifyv1.FaultEvent{Id: id, Kind: "ObjectCrashFault", Location: loc, Detector: "test"}
	}
	for _, push := range []struct {
		via *testManager
		evs []*notifyv1.FaultEvent
	}{
		{ms[1], []*notifyv1.FaultEvent{ev("e1", "host-b"), ev("e2", "host-a")}},
		{ms[2], []*notifyv1.FaultEvent{ev("e2", "host-a")}}, // a retry: recorded once
		{ms[0], []*notifyv1.FaultEvent{ev("e3", "host-a")}},
	} {
		if _, err := nc(push.via).PushStructuredFault(ctx, &notifyv1.PushStructuredFaultRequest{Events: push.evs}); err != nil {
			t.Fatal(err)
		}
	}
	var got []string
	for len(got) < 2 {
		d, err := stream.Recv()
		if err != nil {
			t.Fatal(err)
		}
		if e := d.GetEvent(); e != nil {
			got = append(got, e.Id)
		}
	}
	if got[0] != "e2" || got[1] != "e3" {
		t.Fatalf("consumer at c got %v; want [e2 e3] (host-a only, e2 once)", got)
	}
	var want []uint64
	for i, m := range ms {
		var h *notifyv1.QueryHistoryResponse
		eventually(t, "three events in the history of "+m.n.ID(), func() bool {
			h, err = nc(m).QueryHistory(ctx, &notifyv1.QueryHistoryRequest{PageSize: 10, Filter: `event.detector == "test"`})
			return err == nil && len(h.Events) == 3
		})
		var seqs []uint64
		for _, e := range h.Events {
			seqs = append(seqs, e.Seq)
		}
		if i == 0 {
			want = seqs
		} else if len(seqs) != len(want) || seqs[0] != want[0] || seqs[2] != want[2] {
			t.Errorf("history at %s has seqs %v; at a %v", m.n.ID(), seqs, want)
		}
	}

	// Errors: a bad expression, an unknown filter, an invalid event; nothing is recorded.
	if _, err := nc(ms[2]).CreateSubscriptionFilter(ctx, &notifyv1.CreateSubscriptionFilterRequest{Expression: "event.nope =="}); err == nil {
		t.Error("a malformed expression was accepted")
	}
	s, err := nc(ms[0]).ConnectStructuredFaultConsumer(ctx, &notifyv1.ConnectStructuredFaultConsumerRequest{
		Filter: &notifyv1.ConnectStructuredFaultConsumerRequest_FilterId{FilterId: "f999"}})
	if err == nil {
		_, err = s.Recv()
	}
	if code, info := errorInfo(t, err); code != codes.NotFound || info == nil || info.Reason != "FILTER_NOT_FOUND" {
		t.Errorf("connect with an unknown filter: %v", err)
	}
	if _, err := nc(ms[1]).DestroySubscriptionFilter(ctx, &notifyv1.DestroySubscriptionFilterRequest{FilterId: f.FilterId}); err != nil {
		t.Fatal(err)
	}
	_, err = nc(ms[1]).PushStructuredFault(ctx, &notifyv1.PushStructuredFaultRequest{Events: []*notifyv1.FaultEvent{ev("e4", "x"), {Id: "e5"}}})
	if code, _ := errorInfo(t, err); code != codes.InvalidArgument {
		t.Errorf("push with an event without a kind: %v", err)
	}
	h, err := nc(ms[1]).QueryHistory(ctx, &notifyv1.QueryHistoryRequest{PageSize: 10, Filter: `event.detector == "test"`})
	if err != nil || len(h.Events) != 3 {
		t.Errorf("history after a refused push: %d events, %v; want 3", len(h.GetEvents()), err)
	}
}
