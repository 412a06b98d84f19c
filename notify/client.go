package notify

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"time"

	notifyv1 "github.com/wardenft/warden/api/warden/notify/v1"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// Client is a small helper over the FaultNotifier gRPC API, for producers, the CLI and
// tests. Errors are gRPC status errors (status.Code tells INVALID_ARGUMENT, NOT_FOUND...).
// Safe for concurrent use.
type Client struct {
	rpc notifyv1.FaultNotifierClient
}

// NewClient returns a client over cc (a *grpc.ClientConn).
func NewClient(cc grpc.ClientConnInterface) *Client {
	return &Client{rpc: notifyv1.NewFaultNotifierClient(cc)}
}

// RPC returns the generated client, for what the helper does not cover.
func (c *Client) RPC() notifyv1.FaultNotifierClient { return c.rpc }

// Push pushes events and returns their ids. Give events ids of your own to make a retry
// after an unknown outcome (a timeout, UNAVAILABLE) safe: the notifier ignores an id it has
// seen recently. The events are not modified.
func (c *Client) Push(ctx context.Context, events ...*Event) ([]string, error) {
	req := &notifyv1.PushStructuredFaultRequest{Events: make([]*notifyv1.FaultEvent, len(events))}
	for i, e := range events {
		req.Events[i] = e.Proto()
	}
	resp, err := c.rpc.PushStructuredFault(ctx, req)
	if err != nil {
		return nil, err
	}
	return resp.GetIds(), nil
}

// CreateFilter compiles a CEL filter on the server and returns its id.
func (c *Client) CreateFilter(ctx context.Context, expr string) (string, error) {
	resp, err := c.rpc.CreateSubscriptionFilter(ctx, &notifyv1.CreateSubscriptionFilterRequest{Grammar: "CEL", Expression: expr})
	if err != nil {
		return "", err
	}
	return resp.GetFilterId(), nil
}

// Disconnect disconnects a consumer of any kind by id.
func (c *Client) Disconnect(ctx context.Context, consumerID string) error {
	_, err := c.rpc.DisconnectConsumer(ctx, &notifyv1.DisconnectConsumerRequest{ConsumerId: consumerID})
	return err
}

// WatchOptions say what a Watch receives. Expression and FilterID are exclusive; neither
// receives every event.
type WatchOptions struct {
	Expression string
	FilterID   string
	// QueueLen is the consumer's queue on the server (0: the server's default).
	QueueLen int
	Name     string
}

// A Watch is a connected stream consumer.
type Watch struct {
	id     string
	stream grpc.ServerStreamingClient[notifyv1.Delivery]
	cancel context.CancelFunc
}

// Watch connects a stream consumer and returns once the server has assigned its id (a bad
// filter fails here). Call Recv in a loop; Close when done.
func (c *Client) Watch(ctx context.Context, o WatchOptions) (*Watch, error) {
	if o.Expression != "" && o.FilterID != "" {
		return nil, errors.New("notify: WatchOptions: set Expression or FilterID, not both")
	}
	req := &notifyv1.ConnectStructuredFaultConsumerRequest{QueueLength: uint32(o.QueueLen), Name: o.Name}
	switch {
	case o.FilterID != "":
		req.Filter = &notifyv1.ConnectStructuredFaultConsumerRequest_FilterId{FilterId: o.FilterID}
	case o.Expression != "":
		req.Filter = &notifyv1.ConnectStructuredFaultConsumerRequest_Expression{Expression: o.Expression}
	}
	ctx, cancel := context.WithCancel(ctx)
	stream, err := c.rpc.ConnectStructuredFaultConsumer(ctx, req)
	if err != nil {
		cancel()
		return nil, err
	}
	first, err := stream.Recv()
	if err != nil {
		cancel()
		return nil, err
	}
	return &Watch{id: first.GetConsumerId(), stream: stream, cancel: cancel}, nil
}

// ID returns the consumer id the server assigned.
func (w *Watch) ID() string { return w.id }

// Recv returns the next delivery. io.EOF means the consumer was disconnected; an
// UNAVAILABLE status that the notifier closed.
func (w *Watch) Recv() (Delivery, error) {
	m, err := w.stream.Recv()
	if err != nil {
		return Delivery{}, err
	}
	ev, err := EventFromProto(m.GetEvent())
	if err != nil {
		return Delivery{}, fmt.Errorf("notify: bad event from server: %w", err)
	}
	return Delivery{Event: ev, Dropped: m.GetDropped(), DroppedTotal: m.GetDroppedTotal()}, nil
}

// Close ends the stream; the server disconnects the consumer.
func (w *Watch) Close() { w.cancel() }

// HistoryRequest selects events from the history: see QueryHistoryRequest in notify.proto.
type HistoryRequest struct {
	Since, Until time.Time // zero: unbounded
	Filter       string
	PageSize     int
	PageToken    string
}

// HistoryPage is one page of QueryHistory.
type HistoryPage struct {
	Events        []*Event
	NextPageToken string // empty on the last page
	OldestSeq     uint64
}

// QueryPage fetches one page of the history.
func (c *Client) QueryPage(ctx context.Context, r HistoryRequest) (HistoryPage, error) {
	req := &notifyv1.QueryHistoryRequest{Filter: r.Filter, PageSize: int32(r.PageSize), PageToken: r.PageToken}
	if !r.Since.IsZero() {
		req.Since = timestamppb.New(r.Since)
	}
	if !r.Until.IsZero() {
		req.Until = timestamppb.New(r.Until)
	}
	resp, err := c.rpc.QueryHistory(ctx, req)
	if err != nil {
		return HistoryPage{}, err
	}
	p := HistoryPage{NextPageToken: resp.GetNextPageToken(), OldestSeq: resp.GetOldestSeq()}
	for _, pe := range resp.GetEvents() {
		ev, err := EventFromProto(pe)
		if err != nil {
			return HistoryPage{}, fmt.Errorf("notify: bad event from server: %w", err)
		}
		p.Events = append(p.Events, ev)
	}
	return p, nil
}

// History yields every event the request selects, oldest first, fetching pages as needed.
// It stops at the first error, which it yields.
func (c *Client) History(ctx context.Context, r HistoryRequest) iter.Seq2[*Event, error] {
	return func(yield func(*Event, error) bool) {
		for {
			p, err := c.QueryPage(ctx, r)
			if err != nil {
				yield(nil, err)
				return
			}
			for _, e := range p.Events {
				if !yield(e, nil) {
					return
				}
			}
			if p.NextPageToken == "" {
				return
			}
			r.PageToken = p.NextPageToken
		}
	}
}
