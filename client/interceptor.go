package client

import (
	"context"
	"errors"
	"io"
	"maps"
	"math/rand/v2"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/types/known/timestamppb"

	replicav1 "github.com/wardenft/warden/api/warden/replica/v1"
)

// MetadataKey is the gRPC metadata key of the serialized replicav1.RequestContext every call
// carries.
const MetadataKey = "warden-request-bin"

// ReadOnly marks a call that needs no at-most-once guarantee (a read): it carries no request
// id, so members neither cache its reply nor answer it from their cache. It is still sent
// under the client's view and retried like any other call.
func ReadOnly() grpc.CallOption { return readOnlyOption{} }

type readOnlyOption struct{ grpc.EmptyCallOption }

func isReadOnly(opts []grpc.CallOption) bool {
	for _, o := range opts {
		if _, ok := o.(readOnlyOption); ok {
			return true
		}
	}
	return false
}

// call is the state of one call across its attempts.
type call struct {
	c        *client
	g        *group
	method   string
	start    time.Time
	rc       *replicav1.RequestContext
	attempts int
	waits    int
	last     error           // the last attempt's error that said something
	avoid    map[string]bool // member ids the call failed on (non-passive styles)
}

func (c *client) newCall(ctx context.Context, g *group, method string, opts []grpc.CallOption) *call {
	k := &call{c: c, g: g, method: method, start: time.Now(), rc: &replicav1.RequestContext{}}
	if !isReadOnly(opts) {
		k.rc.RequestId = &replicav1.RequestId{ClientId: c.id, RetentionId: c.next.Add(1)}
	}
	if d, ok := ctx.Deadline(); ok {
		k.rc.Expiration = timestamppb.New(d.Add(c.cfg.ExpirationSlack))
	}
	return k
}

// attemptContext starts an attempt under the group's newest view, with the request context
// in the metadata.
func (k *call) attemptContext(ctx context.Context, track bool) (*attempt, context.Context, context.CancelCauseFunc) {
	var avoid map[string]bool
	if len(k.avoid) > 0 {
		avoid = maps.Clone(k.avoid)
	}
	a, actx, cancel := k.g.begin(ctx, avoid, track)
	k.rc.ViewVersion = a.view.GetVersion()
	var buf [128]byte
	b := appendRequestContext(buf[:0], k.rc)
	k.attempts++
	k.c.attempts.Add(1)
	if k.attempts > 1 {
		k.c.retries.Add(1)
	}
	return a, metadata.AppendToOutgoingContext(actx, MetadataKey, string(b)), cancel
}

// waitView waits for the group's first view; false when ctx ended first. The connection
// builds its resolver only when it leaves idle mode, which a call does only once it is sent:
// Connect makes it leave idle mode now.
func (k *call) waitView(ctx context.Context, cc *grpc.ClientConn) bool {
	if k.g.current() != nil {
		return true
	}
	cc.Connect()
	for {
		v, changed := k.g.watch()
		if v != nil {
			return true
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return false
		}
	}
}

// A step is what a call does after a failed attempt: retry at once, wait and retry, or stop
// with an error for the caller.
type step int

const (
	stepNow step = iota
	stepWait
	stepStop
)

func (k *call) judge(ctx context.Context, a *attempt, actx context.Context, err error) (step, error) {
	if ctx.Err() != nil {
		if errors.Is(ctx.Err(), context.Canceled) { // the caller cancelled: not a fault
			if v, _, _ := classify(err); v == final {
				return stepStop, err // an answer (or the cancellation itself) came first
			}
			return stepStop, status.FromContextError(ctx.Err()).Err()
		}
		if k.last == nil {
			k.last = err
		}
		return stepStop, k.giveUp(ErrUnavailable)
	}
	if errors.Is(context.Cause(actx), errViewChanged) || a.wasStale() {
		k.waits = 0
		return stepNow, nil // a new view deposed or removed the target: resend under it
	}
	v, reason, rv := classify(err)
	t := a.getTarget()
	if v != final {
		k.last = err
		k.c.log.Debug("call failed; retrying", "group", k.g.id, "method", k.method, "member", t.GetMemberId(), "location", t.GetLocation(),
			"epoch", a.view.GetEpoch(), "version", a.view.GetVersion(), "verdict", v, "reason", reason, "attempt", k.attempts, "err", err)
	}
	switch v {
	case final:
		return stepStop, err
	case redirect:
		if k.g.adopt(rv) {
			k.waits = 0
			return stepNow, nil // the view moved on: versions only grow, so this cannot loop
		}
		return stepWait, nil
	case notYet:
		return stepWait, nil
	}
	// unreachable
	if !isPassive(a.view) && t != nil {
		if k.avoid == nil {
			k.avoid = map[string]bool{}
		}
		k.avoid[t.GetMemberId()] = true
		if cur := k.g.current(); len(k.avoid) < len(cur.GetMembers()) {
			return stepNow, nil // another member may answer
		}
		clear(k.avoid) // every member failed once: wait, then start over
	}
	return stepWait, nil
}

// wait backs off before the next attempt; a new view since changed was taken ends it at once.
// False when ctx ended first.
//
// The schedule starts again from BackoffBase under every new view: what the call waited for
// under the old one (a dead primary, typically, with the waits grown to BackoffMax) says
// nothing about the new primary, which usually needs only its first lease from the managers,
// a round trip, before it serves (NO_LEASE until then).
func (k *call) wait(ctx context.Context, changed <-chan struct{}) bool {
	t := time.NewTimer(backoff(k.waits, k.c.cfg.BackoffBase, k.c.cfg.BackoffMax, rand.Float64()))
	defer t.Stop()
	k.waits++
	select {
	case <-t.C:
		return true
	case <-changed:
		k.waits = 0
		return true
	case <-ctx.Done():
		return false
	}
}

func (k *call) giveUp(kind error) error {
	e := &Error{Group: k.g.id, Err: kind, Attempts: k.attempts, Elapsed: time.Since(k.start), Last: k.last}
	if errors.Is(kind, ErrNoView) {
		e.Last = k.g.err()
	}
	return e
}

func (c *client) unary(ctx context.Context, method string, req, reply any, cc *grpc.ClientConn, invoker grpc.UnaryInvoker, opts ...grpc.CallOption) error {
	id := GroupOf(cc.Target())
	if id == "" {
		return invoker(ctx, method, req, reply, cc, opts...)
	}
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, c.cfg.DefaultTimeout)
		defer cancel()
	}
	k := c.newCall(ctx, c.group(id), method, opts)
	if !k.waitView(ctx, cc) {
		if errors.Is(ctx.Err(), context.Canceled) {
			return status.FromContextError(ctx.Err()).Err()
		}
		return k.giveUp(ErrNoView)
	}
	for {
		_, changed := k.g.watch()
		a, actx, cancel := k.attemptContext(ctx, true)
		err := invoker(actx, method, req, reply, cc, opts...)
		cancel(nil)
		k.g.end(a)
		if err == nil {
			return nil
		}
		s, err := k.judge(ctx, a, actx, err)
		switch s {
		case stepStop:
			return err
		case stepWait:
			if !k.wait(ctx, changed) {
				if errors.Is(ctx.Err(), context.Canceled) {
					return status.FromContextError(ctx.Err()).Err()
				}
				return k.giveUp(ErrUnavailable)
			}
		}
	}
}

// stream establishes a stream like a unary call (waiting for a view, retrying a stream that
// could not be started), but does not retry it once started: a member's error on an
// established stream goes to the caller, after its Redirect, if any, updated the view.
func (c *client) stream(ctx context.Context, desc *grpc.StreamDesc, cc *grpc.ClientConn, method string, streamer grpc.Streamer, opts ...grpc.CallOption) (grpc.ClientStream, error) {
	id := GroupOf(cc.Target())
	if id == "" {
		return streamer(ctx, desc, cc, method, opts...)
	}
	// Streams live as long as the caller wants: the default timeout bounds only the wait to
	// establish one.
	wctx := ctx
	if _, ok := ctx.Deadline(); !ok {
		var stop context.CancelFunc
		wctx, stop = context.WithTimeout(ctx, c.cfg.DefaultTimeout)
		defer stop()
	}
	k := c.newCall(ctx, c.group(id), method, opts)
	if !k.waitView(wctx, cc) {
		if errors.Is(ctx.Err(), context.Canceled) {
			return nil, status.FromContextError(ctx.Err()).Err()
		}
		return nil, k.giveUp(ErrNoView)
	}
	for {
		_, changed := k.g.watch()
		a, actx, cancel := k.attemptContext(ctx, false)
		cs, err := streamer(actx, desc, cc, method, opts...)
		if err == nil {
			return &clientStream{ClientStream: cs, g: k.g, cancel: cancel}, nil
		}
		cancel(nil)
		s, err := k.judge(wctx, a, actx, err)
		switch s {
		case stepStop:
			return nil, err
		case stepWait:
			if !k.wait(wctx, changed) {
				if errors.Is(ctx.Err(), context.Canceled) {
					return nil, status.FromContextError(ctx.Err()).Err()
				}
				return nil, k.giveUp(ErrUnavailable)
			}
		}
	}
}

// clientStream adopts the view of a Redirect its member answers with, and releases the
// attempt's context when the stream ends.
type clientStream struct {
	grpc.ClientStream
	g      *group
	cancel context.CancelCauseFunc
}

func (s *clientStream) RecvMsg(m any) error {
	err := s.ClientStream.RecvMsg(m)
	if err != nil {
		if !errors.Is(err, io.EOF) {
			if v, _, rv := classify(err); v == redirect {
				s.g.adopt(rv)
			}
		}
		s.cancel(nil)
	}
	return err
}

// appendRequestContext appends rc in the protobuf wire format (what proto.Marshal gives, with
// no unknown fields): it is encoded for every attempt of every call.
func appendRequestContext(b []byte, rc *replicav1.RequestContext) []byte {
	if id := rc.GetRequestId(); id != nil {
		n := 0
		if id.ClientId != "" {
			n += protowire.SizeTag(1) + protowire.SizeBytes(len(id.ClientId))
		}
		if id.RetentionId != 0 {
			n += protowire.SizeTag(2) + protowire.SizeVarint(id.RetentionId)
		}
		b = protowire.AppendTag(b, 1, protowire.BytesType)
		b = protowire.AppendVarint(b, uint64(n))
		if id.ClientId != "" {
			b = protowire.AppendTag(b, 1, protowire.BytesType)
			b = protowire.AppendString(b, id.ClientId)
		}
		if id.RetentionId != 0 {
			b = protowire.AppendTag(b, 2, protowire.VarintType)
			b = protowire.AppendVarint(b, id.RetentionId)
		}
	}
	if t := rc.GetExpiration(); t != nil {
		n := 0
		if t.Seconds != 0 {
			n += protowire.SizeTag(1) + protowire.SizeVarint(uint64(t.Seconds))
		}
		if t.Nanos != 0 {
			n += protowire.SizeTag(2) + protowire.SizeVarint(uint64(int64(t.Nanos)))
		}
		b = protowire.AppendTag(b, 2, protowire.BytesType)
		b = protowire.AppendVarint(b, uint64(n))
		if t.Seconds != 0 {
			b = protowire.AppendTag(b, 1, protowire.VarintType)
			b = protowire.AppendVarint(b, uint64(t.Seconds))
		}
		if t.Nanos != 0 {
			b = protowire.AppendTag(b, 2, protowire.VarintType)
			b = protowire.AppendVarint(b, uint64(int64(t.Nanos)))
		}
	}
	if rc.GetViewVersion() != 0 {
		b = protowire.AppendTag(b, 3, protowire.VarintType)
		b = protowire.AppendVarint(b, rc.GetViewVersion())
	}
	return b
}
