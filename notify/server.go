package notify

import (
	"context"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"strconv"
	"strings"
	"sync"
	"time"

	notifyv1 "github.com/wardenft/warden/api/warden/notify/v1"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// ErrUnknownFilter: no filter with that id was created (or it was destroyed).
var ErrUnknownFilter = errors.New("unknown filter")

// Limits of the gRPC service, as documented in notify.proto.
const (
	// MaxPushBatch is the most events one PushStructuredFault may carry.
	MaxPushBatch = 1000
	// DefaultPageSize and MaxPageSize bound QueryHistory pages.
	DefaultPageSize = 100
	MaxPageSize     = 1000
	// MaxFilters is the most filters the server keeps (CreateSubscriptionFilter).
	MaxFilters = 10_000
)

// Server is the FaultNotifier gRPC service over a Notifier. Register it with
// notifyv1.RegisterFaultNotifierServer (or Server.Register). It keeps the filters made by
// CreateSubscriptionFilter; everything else lives in the Notifier. Safe for concurrent use.
type Server struct {
	notifyv1.UnimplementedFaultNotifierServer
	n *Notifier

	mu      sync.Mutex
	filters map[string]*Filter
	next    uint64
}

// NewServer returns the service for n. Closing n ends its streams.
func NewServer(n *Notifier) *Server {
	return &Server{n: n, filters: map[string]*Filter{}}
}

// Register registers the service on g.
func (s *Server) Register(g grpc.ServiceRegistrar) { notifyv1.RegisterFaultNotifierServer(g, s) }

// PushStructuredFault implements notifyv1.FaultNotifierServer.
func (s *Server) PushStructuredFault(ctx context.Context, req *notifyv1.PushStructuredFaultRequest) (*notifyv1.PushStructuredFaultResponse, error) {
	evs, err := EventsFromProto(req.GetEvents())
	if err != nil {
		return nil, statusOf(err)
	}
	ids, err := s.n.PushBatch(evs)
	if err != nil {
		return nil, statusOf(err)
	}
	return &notifyv1.PushStructuredFaultResponse{Ids: ids}, nil
}

// CreateSubscriptionFilter implements notifyv1.FaultNotifierServer.
func (s *Server) CreateSubscriptionFilter(ctx context.Context, req *notifyv1.CreateSubscriptionFilterRequest) (*notifyv1.CreateSubscriptionFilterResponse, error) {
	if g := req.GetGrammar(); g != "" && !strings.EqualFold(g, "CEL") {
		return nil, statusOf(fieldErr("grammar", "%q is not supported: the only constraint grammar is \"CEL\"", truncate(g)))
	}
	f, err := CompileFilter(req.GetExpression())
	if err != nil {
		return nil, statusOf(renameField(err, "filter", "expression"))
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.filters) >= MaxFilters {
		return nil, status.Errorf(codes.ResourceExhausted, "%d filters exist, at most %d: destroy unused ones", len(s.filters), MaxFilters)
	}
	s.next++
	id := s.n.idPre + "-f" + strconv.FormatUint(s.next, 10)
	s.filters[id] = f
	return &notifyv1.CreateSubscriptionFilterResponse{FilterId: id}, nil
}

// DestroySubscriptionFilter implements notifyv1.FaultNotifierServer.
func (s *Server) DestroySubscriptionFilter(ctx context.Context, req *notifyv1.DestroySubscriptionFilterRequest) (*notifyv1.DestroySubscriptionFilterResponse, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.filters[req.GetFilterId()]; !ok {
		return nil, statusOf(fmt.Errorf("%w %q", ErrUnknownFilter, req.GetFilterId()))
	}
	delete(s.filters, req.GetFilterId())
	return &notifyv1.DestroySubscriptionFilterResponse{}, nil
}

// ConnectStructuredFaultConsumer implements notifyv1.FaultNotifierServer.
func (s *Server) ConnectStructuredFaultConsumer(req *notifyv1.ConnectStructuredFaultConsumerRequest, stream grpc.ServerStreamingServer[notifyv1.Delivery]) error {
	var f *Filter
	switch sel := req.GetFilter().(type) {
	case *notifyv1.ConnectStructuredFaultConsumerRequest_FilterId:
		s.mu.Lock()
		known, ok := s.filters[sel.FilterId]
		s.mu.Unlock()
		if !ok {
			return statusOf(fmt.Errorf("%w %q", ErrUnknownFilter, sel.FilterId))
		}
		f = known
	case *notifyv1.ConnectStructuredFaultConsumerRequest_Expression:
		var err error
		if f, err = CompileFilter(sel.Expression); err != nil {
			return statusOf(renameField(err, "filter", "expression"))
		}
	}
	c, err := s.n.connect(StreamConsumer, f, ConsumerOptions{Name: req.GetName(), QueueLen: int(req.GetQueueLength())})
	if err != nil {
		return statusOf(err)
	}
	defer s.n.Disconnect(c.id) //nolint:errcheck // already gone when the consumer was disconnected
	if err := stream.Send(&notifyv1.Delivery{ConsumerId: c.id}); err != nil {
		return err
	}
	ctx := stream.Context()
	for {
		select {
		case d, ok := <-c.q:
			if !ok {
				return s.endStream()
			}
			if err := stream.Send(&notifyv1.Delivery{
				ConsumerId: c.id, Event: d.Event.Proto(), Dropped: d.Dropped, DroppedTotal: d.DroppedTotal,
			}); err != nil {
				return err
			}
		case <-c.done:
			return s.endStream()
		case <-ctx.Done():
			return status.FromContextError(ctx.Err()).Err()
		}
	}
}

// endStream is how a stream ends once its consumer is gone: OK after DisconnectConsumer,
// UNAVAILABLE when the notifier closed.
func (s *Server) endStream() error {
	s.n.inMu.Lock()
	closing := s.n.closing
	s.n.inMu.Unlock()
	if closing {
		return statusOf(ErrClosed)
	}
	return nil
}

// DisconnectConsumer implements notifyv1.FaultNotifierServer.
func (s *Server) DisconnectConsumer(ctx context.Context, req *notifyv1.DisconnectConsumerRequest) (*notifyv1.DisconnectConsumerResponse, error) {
	if req.GetConsumerId() == "" {
		return nil, statusOf(fieldErr("consumer_id", "required"))
	}
	if err := s.n.Disconnect(req.GetConsumerId()); err != nil {
		return nil, statusOf(err)
	}
	return &notifyv1.DisconnectConsumerResponse{}, nil
}

// QueryHistory implements notifyv1.FaultNotifierServer.
func (s *Server) QueryHistory(ctx context.Context, req *notifyv1.QueryHistoryRequest) (*notifyv1.QueryHistoryResponse, error) {
	q, err := parseQuery(req)
	if err != nil {
		return nil, statusOf(err)
	}
	page, err := s.n.history.Query(ctx, q)
	if err != nil {
		return nil, statusOf(err)
	}
	resp := &notifyv1.QueryHistoryResponse{OldestSeq: page.OldestSeq}
	resp.Events = make([]*notifyv1.FaultEvent, len(page.Events))
	for i, e := range page.Events {
		resp.Events[i] = e.Proto()
	}
	if page.More {
		resp.NextPageToken = encodeToken(page.NextAfterSeq, queryFingerprint(req))
	}
	return resp, nil
}

func parseQuery(req *notifyv1.QueryHistoryRequest) (Query, error) {
	var q Query
	for _, t := range []struct {
		name string
		ts   *timestamppb.Timestamp
		dst  *time.Time
	}{{"since", req.GetSince(), &q.Since}, {"until", req.GetUntil(), &q.Until}} {
		if t.ts == nil {
			continue
		}
		if err := t.ts.CheckValid(); err != nil {
			return q, fieldErr(t.name, "%v", err)
		}
		*t.dst = t.ts.AsTime()
	}
	if !q.Since.IsZero() && !q.Until.IsZero() && !q.Since.Before(q.Until) {
		return q, fieldErr("until", "%v is not after since %v", q.Until.Format(time.RFC3339Nano), q.Since.Format(time.RFC3339Nano))
	}
	switch ps := req.GetPageSize(); {
	case ps < 0 || ps > MaxPageSize:
		return q, fieldErr("page_size", "%d: need 0 (default %d) to %d", ps, DefaultPageSize, MaxPageSize)
	case ps == 0:
		q.Limit = DefaultPageSize
	default:
		q.Limit = int(ps)
	}
	f, err := CompileFilter(req.GetFilter())
	if err != nil {
		return q, err
	}
	q.Filter = f
	if tok := req.GetPageToken(); tok != "" {
		after, fp, err := decodeToken(tok)
		if err != nil {
			return q, fieldErr("page_token", "%v", err)
		}
		if fp != queryFingerprint(req) {
			return q, fieldErr("page_token", "the token is for a query with other since, until or filter")
		}
		q.AfterSeq = after
	}
	return q, nil
}

// A page token is base64url(after seq | fingerprint of since, until and filter), 16 bytes.
func encodeToken(after, fp uint64) string {
	var b [16]byte
	binary.BigEndian.PutUint64(b[:8], after)
	binary.BigEndian.PutUint64(b[8:], fp)
	return base64.RawURLEncoding.EncodeToString(b[:])
}

func decodeToken(tok string) (after, fp uint64, err error) {
	b, err := base64.RawURLEncoding.DecodeString(tok)
	if err != nil || len(b) != 16 {
		return 0, 0, errors.New("not a token from QueryHistory")
	}
	return binary.BigEndian.Uint64(b[:8]), binary.BigEndian.Uint64(b[8:]), nil
}

func queryFingerprint(req *notifyv1.QueryHistoryRequest) uint64 {
	h := fnv.New64a()
	fmt.Fprintf(h, "%d.%d|%d.%d|%s", req.GetSince().GetSeconds(), req.GetSince().GetNanos(),
		req.GetUntil().GetSeconds(), req.GetUntil().GetNanos(), req.GetFilter())
	return h.Sum64()
}

// renameField gives a FieldError the field name of the request it came from.
func renameField(err error, from, to string) error {
	var fe *FieldError
	if errors.As(err, &fe) && fe.Field == from {
		return &FieldError{Field: to, Reason: fe.Reason}
	}
	return err
}

// statusOf maps the package's errors to gRPC statuses: bad input is INVALID_ARGUMENT with a
// google.rpc.BadRequest naming the field, unknown ids NOT_FOUND, a full intake or too many
// consumers RESOURCE_EXHAUSTED, a closed notifier UNAVAILABLE.
func statusOf(err error) error {
	var fe *FieldError
	switch {
	case errors.As(err, &fe):
		st := status.New(codes.InvalidArgument, fe.Error())
		if d, derr := st.WithDetails(&errdetails.BadRequest{FieldViolations: []*errdetails.BadRequest_FieldViolation{
			{Field: fe.Field, Description: fe.Reason},
		}}); derr == nil {
			st = d
		}
		return st.Err()
	case errors.Is(err, ErrUnknownConsumer), errors.Is(err, ErrUnknownFilter):
		return status.Error(codes.NotFound, err.Error())
	case errors.Is(err, ErrOverloaded), errors.Is(err, ErrTooManyConsumers):
		return status.Error(codes.ResourceExhausted, err.Error())
	case errors.Is(err, ErrClosed):
		return status.Error(codes.Unavailable, err.Error())
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return status.FromContextError(err).Err()
	}
	return status.Error(codes.Internal, err.Error())
}
