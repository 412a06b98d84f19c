package notify_test

import (
	"fmt"
	"io"
	"net"
	"strings"
	"testing"
	"time"

	notifyv1 "github.com/wardenft/warden/api/warden/notify/v1"
	"github.com/wardenft/warden/notify"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// serve runs the FaultNotifier service for n on 127.0.0.1:0 and returns a client of it.
func serve(t *testing.T, n *notify.Notifier) *notify.Client {
	t.Helper()
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	g := grpc.NewServer()
	notify.NewServer(n).Register(g)
	go g.Serve(lis)
	t.Cleanup(g.Stop)
	cc, err := grpc.NewClient(lis.Addr().String(), grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cc.Close() })
	return notify.NewClient(cc)
}

func TestGRPCPushWatchDisconnect(t *testing.T) {
	n, _ := newNotifier(t, nil)
	cl := serve(t, n)
	ctx := ctxT(t)
	w, err := cl.Watch(ctx, notify.WatchOptions{Expression: `event.kind == "HostCrashFault"`, Name: "cli"})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if _, err := n.Consumer(w.ID()); err != nil {
		t.Fatalf("the watch's consumer %q is not connected: %v", w.ID(), err)
	}
	host := &notify.Event{Kind: notify.HostCrashFault, Location: "host-b", Detector: "phi-accrual",
		Severity: notify.SeverityCritical, Evidence: map[string]string{"phi": "12.5"}, ID: "hb-1"}
	ids, err := cl.Push(ctx, crash("host-a", "g"), host)
	if err != nil {
		t.Fatal(err)
	}
	if len(ids) != 2 || ids[1] != "hb-1" || ids[0] == "" {
		t.Fatalf("ids %v", ids)
	}
	d, err := w.Recv()
	if err != nil {
		t.Fatal(err)
	}
	if d.Event.ID != "hb-1" || d.Event.Seq != 2 || d.Event.Evidence["phi"] != "12.5" || !d.Event.Time.Equal(t0) ||
		d.Event.Severity != notify.SeverityCritical || d.Event.Scope() != notify.ScopeLocation {
		t.Fatalf("received %+v", d.Event)
	}
	if err := cl.Disconnect(ctx, w.ID()); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Recv(); err != io.EOF {
		t.Fatalf("Recv after DisconnectConsumer = %v, want io.EOF", err)
	}
	if err := cl.Disconnect(ctx, w.ID()); status.Code(err) != codes.NotFound {
		t.Fatalf("second DisconnectConsumer = %v, want NotFound", err)
	}
}

// badField checks that err is INVALID_ARGUMENT with a BadRequest naming field, whose message
// says want.
func badField(t *testing.T, err error, field, want string) {
	t.Helper()
	st := status.Convert(err)
	if st.Code() != codes.InvalidArgument {
		t.Fatalf("error %v, want InvalidArgument for %s", err, field)
	}
	for _, d := range st.Details() {
		if br, ok := d.(*errdetails.BadRequest); ok && len(br.GetFieldViolations()) == 1 {
			v := br.GetFieldViolations()[0]
			if v.GetField() != field || !strings.Contains(v.GetDescription(), want) {
				t.Errorf("violation %s: %q, want %s: ...%q...", v.GetField(), v.GetDescription(), field, want)
			}
			return
		}
	}
	t.Errorf("%v has no BadRequest detail", err)
}

func TestGRPCBadInputIsInvalidArgumentAndChangesNothing(t *testing.T) {
	n, _ := newNotifier(t, nil)
	cl := serve(t, n)
	ctx := ctxT(t)
	rpc := cl.RPC()

	_, err := rpc.CreateSubscriptionFilter(ctx, &notifyv1.CreateSubscriptionFilterRequest{Expression: `event.locaton == "a"`})
	badField(t, err, "expression", "undefined field 'locaton'")
	_, err = rpc.CreateSubscriptionFilter(ctx, &notifyv1.CreateSubscriptionFilterRequest{Grammar: "EXTENDED_TCL", Expression: "true"})
	badField(t, err, "grammar", "EXTENDED_TCL")

	_, err = cl.Push(ctx, crash("h", "g"), &notify.Event{Location: "h"})
	badField(t, err, "events[1].kind", "required")
	_, err = rpc.PushStructuredFault(ctx, &notifyv1.PushStructuredFaultRequest{})
	badField(t, err, "events", "at least one")
	_, err = rpc.PushStructuredFault(ctx, &notifyv1.PushStructuredFaultRequest{Events: []*notifyv1.FaultEvent{
		{Kind: "TimingFault", Time: &timestamppb.Timestamp{Nanos: -1}}}})
	badField(t, err, "events[0].time", "nanos")

	_, err = cl.Watch(ctx, notify.WatchOptions{Expression: `event.severity_level > "x"`})
	badField(t, err, "expression", "no matching overload")
	_, err = cl.Watch(ctx, notify.WatchOptions{QueueLen: 1 << 20})
	badField(t, err, "queue_length", "1048576")
	_, err = cl.Watch(ctx, notify.WatchOptions{FilterID: "f-nope"})
	if status.Code(err) != codes.NotFound {
		t.Errorf("unknown filter id: %v", err)
	}

	for _, tc := range []struct {
		req   *notifyv1.QueryHistoryRequest
		field string
		want  string
	}{
		{&notifyv1.QueryHistoryRequest{PageSize: -1}, "page_size", "-1"},
		{&notifyv1.QueryHistoryRequest{PageSize: 5000}, "page_size", "5000"},
		{&notifyv1.QueryHistoryRequest{PageToken: "garbage!"}, "page_token", "not a token"},
		{&notifyv1.QueryHistoryRequest{Filter: "event."}, "filter", "Syntax error"},
		{&notifyv1.QueryHistoryRequest{Since: timestamppb.New(t0), Until: timestamppb.New(t0)}, "until", "not after"},
	} {
		_, err := rpc.QueryHistory(ctx, tc.req)
		badField(t, err, tc.field, tc.want)
	}

	_, err = rpc.DisconnectConsumer(ctx, &notifyv1.DisconnectConsumerRequest{})
	badField(t, err, "consumer_id", "required")
	if err := cl.Disconnect(ctx, "c-404"); status.Code(err) != codes.NotFound {
		t.Errorf("unknown consumer: %v", err)
	}
	_, err = rpc.DestroySubscriptionFilter(ctx, &notifyv1.DestroySubscriptionFilterRequest{FilterId: "f-404"})
	if status.Code(err) != codes.NotFound {
		t.Errorf("unknown filter: %v", err)
	}

	mustSync(t, n)
	if s := n.Stats(); s.Pushed != 0 || s.Consumers != 0 {
		t.Errorf("bad requests changed the notifier: %+v", s)
	}
}

func TestGRPCFilterByID(t *testing.T) {
	n, _ := newNotifier(t, nil)
	cl := serve(t, n)
	ctx := ctxT(t)
	id, err := cl.CreateFilter(ctx, `event.object_group_id == "accounts"`)
	if err != nil {
		t.Fatal(err)
	}
	w, err := cl.Watch(ctx, notify.WatchOptions{FilterID: id})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if _, err := cl.Push(ctx, crash("h", "other"), crash("h", "accounts")); err != nil {
		t.Fatal(err)
	}
	if d, err := w.Recv(); err != nil || d.Event.GroupID != "accounts" {
		t.Fatalf("Recv = %+v, %v", d.Event, err)
	}
	if _, err := cl.RPC().DestroySubscriptionFilter(ctx, &notifyv1.DestroySubscriptionFilterRequest{FilterId: id}); err != nil {
		t.Fatal(err)
	}
	if _, err := cl.Watch(ctx, notify.WatchOptions{FilterID: id}); status.Code(err) != codes.NotFound {
		t.Errorf("Watch with a destroyed filter: %v", err)
	}
}

func TestGRPCQueryHistoryPages(t *testing.T) {
	n, _ := newNotifier(t, nil)
	cl := serve(t, n)
	ctx := ctxT(t)
	var evs []*notify.Event
	for i := range 250 {
		e := crash([]string{"host-a", "host-b", "host-c"}[i%3], fmt.Sprint(i))
		e.Time = t0.Add(-time.Hour + int64ToDuration(i))
		evs = append(evs, e)
	}
	if _, err := n.PushBatch(evs); err != nil {
		t.Fatal(err)
	}
	mustSync(t, n)
	req := notify.HistoryRequest{Filter: `event.location == "host-a"`, PageSize: 30, Since: t0.Add(-time.Hour + int64ToDuration(3))}
	var got []uint64
	for e, err := range cl.History(ctx, req) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, e.Seq)
	}
	// host-a is every third event from seq 1; since skips the first three events.
	if len(got) != 83 || got[0] != 4 || got[82] != 250 {
		t.Fatalf("%d events %v...", len(got), got[:min(5, len(got))])
	}
	p, err := cl.QueryPage(ctx, req)
	if err != nil || p.NextPageToken == "" || len(p.Events) != 30 || p.OldestSeq != 1 {
		t.Fatalf("first page: %d events, token %q, oldest %d, %v", len(p.Events), p.NextPageToken, p.OldestSeq, err)
	}
	req.PageToken, req.Filter = p.NextPageToken, `event.location == "host-b"`
	_, err = cl.QueryPage(ctx, req)
	badField(t, err, "page_token", "other since, until or filter")
}

func int64ToDuration(i int) time.Duration { return time.Duration(i) * time.Second }

// TestGRPCSlowStreamDropsAreReported: a stream client that does not read fills its
// consumer's queue; the events beyond are dropped, and the next event it gets says how many.
func TestGRPCSlowStreamDropsAreReported(t *testing.T) {
	n, _ := newNotifier(t, nil)
	cl := serve(t, n)
	ctx := ctxT(t)
	w, err := cl.Watch(ctx, notify.WatchOptions{QueueLen: 16})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	fast, _ := n.ConnectChannel(nil, notify.ConsumerOptions{QueueLen: 30000})
	const total = 20000
	batch := make([]*notify.Event, 0, 1000)
	for i := range total {
		batch = append(batch, crash("h", fmt.Sprint(i)))
		if len(batch) == cap(batch) {
			if _, err := n.PushBatch(batch); err != nil {
				t.Fatal(err)
			}
			batch = make([]*notify.Event, 0, 1000)
		}
	}
	mustSync(t, n)
	if got := len(fast.C()); got != total {
		t.Fatalf("the fast consumer got %d of %d: the slow stream held it up", got, total)
	}
	sc, err := n.Consumer(w.ID())
	if err != nil {
		t.Fatal(err)
	}
	// Read until the server's queue is empty, then push a marker: it arrives last and
	// reports the drops after the last event delivered.
	received := 0
	type res struct {
		d   notify.Delivery
		err error
	}
	ch := make(chan res, 1)
	go func() {
		for {
			d, err := w.Recv()
			ch <- res{d, err}
			if err != nil || d.Event.GroupID == "marker" {
				return
			}
		}
	}()
	var marker notify.Delivery
	pushedMarker := false
	tick := time.NewTicker(time.Millisecond)
	defer tick.Stop()
	for marker.Event == nil {
		if !pushedMarker && sc.Stats().Queued == 0 {
			if _, err := n.Push(crash("h", "marker")); err != nil {
				t.Fatal(err)
			}
			pushedMarker = true
		}
		select {
		case r := <-ch:
			switch {
			case r.err != nil:
				t.Fatal(r.err)
			case r.d.Event.GroupID == "marker":
				marker = r.d
			default:
				received++
			}
		case <-tick.C:
		case <-ctx.Done():
			t.Fatal("timed out")
		}
	}
	if marker.DroppedTotal == 0 || uint64(received)+marker.DroppedTotal != total {
		t.Fatalf("received %d + dropped %d (last report %d) != %d", received, marker.DroppedTotal, marker.Dropped, total)
	}
	if st := sc.Stats(); st.Dropped != marker.DroppedTotal {
		t.Errorf("consumer stats dropped %d, stream said %d", st.Dropped, marker.DroppedTotal)
	}
}

func TestGRPCCloseEndsStreamsUnavailable(t *testing.T) {
	n, _ := newNotifier(t, nil)
	cl := serve(t, n)
	w, err := cl.Watch(ctxT(t), notify.WatchOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	n.Close()
	_, err = w.Recv()
	if status.Code(err) != codes.Unavailable {
		t.Fatalf("Recv after Close = %v, want Unavailable", err)
	}
	_, err = cl.Push(ctxT(t), crash("h", "g"))
	if status.Code(err) != codes.Unavailable {
		t.Errorf("Push after Close = %v", err)
	}
}
