package client

import (
	"errors"
	"fmt"
	"time"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	managerv1 "github.com/wardenft/warden/api/warden/manager/v1"
	replicav1 "github.com/wardenft/warden/api/warden/replica/v1"
)

// The replica error contract (api/warden/replica/v1/replica.proto, "Errors"): the ErrorInfo
// domain and reasons a member answers with.
const (
	// ReplicaErrorDomain is the google.rpc.ErrorInfo domain of the replica SDK's errors.
	ReplicaErrorDomain = "replica.warden.dev"

	ReasonNotPrimary     = "NOT_PRIMARY"
	ReasonStaleView      = "STALE_VIEW"
	ReasonViewBehind     = "VIEW_BEHIND"
	ReasonNoLease        = "NO_LEASE"
	ReasonNotReady       = "NOT_READY"
	ReasonRequestExpired = "REQUEST_EXPIRED"
	ReasonDigestMismatch = "DIGEST_MISMATCH"
)

// Sentinel errors of a call the client could not complete; test with errors.Is. The error
// itself is an *Error, whose gRPC status is UNAVAILABLE.
var (
	// ErrNoView: no manager gave the group's view before the call's deadline (the managers
	// are unreachable, or the group does not exist).
	ErrNoView = errors.New("client: no view of the group from the managers")
	// ErrUnavailable: no member of the group answered before the call's deadline: every
	// attempt failed with an error the client masks (member unreachable, not primary, not
	// ready, ...).
	ErrUnavailable = errors.New("client: no member of the group answered")
)

// An Error is a fault the client could not mask: the call's deadline passed while it was
// waiting for a view or retrying. Its gRPC status (status.Code, status.FromError) is
// UNAVAILABLE with Error() as the message.
type Error struct {
	// Group is the object group the call was for.
	Group string
	// Err is ErrNoView or ErrUnavailable.
	Err error
	// Attempts is how many times the call was sent (or tried to be sent) to a member.
	Attempts int
	// Elapsed is the time from the call's start to giving up.
	Elapsed time.Duration
	// Last is the error of the last attempt that reached a verdict (a member's status, a
	// connection error), or the managers' last error for ErrNoView; nil if none.
	Last error
}

func (e *Error) Error() string {
	what := "no member answered"
	if errors.Is(e.Err, ErrNoView) {
		what = "no view from the managers"
	}
	s := fmt.Sprintf("group %s: %s within %v (%d attempts)", e.Group, what, e.Elapsed.Round(time.Millisecond), e.Attempts)
	if e.Last != nil {
		s += ": last error: " + e.Last.Error()
	}
	return s
}

// Unwrap returns Err and Last, so that errors.Is(err, client.ErrUnavailable) holds.
func (e *Error) Unwrap() []error {
	if e.Last == nil {
		return []error{e.Err}
	}
	return []error{e.Err, e.Last}
}

// GRPCStatus makes the error a gRPC status: UNAVAILABLE with the message.
func (e *Error) GRPCStatus() *status.Status { return status.New(codes.Unavailable, e.Error()) }

// verdict is what an attempt's error means for the call. It is a pure function of the error
// (classify), so that the table of what is retried is tested without a network.
type verdict int

const (
	// final: not a fault the client masks; the caller gets the error as it is (an
	// application error, REQUEST_EXPIRED, DIGEST_MISMATCH, the caller's cancellation).
	final verdict = iota
	// redirect: NOT_PRIMARY or STALE_VIEW; adopt the view in the Redirect (if newer) and
	// retry at once.
	redirect
	// notYet: the member is up but cannot serve the call yet (VIEW_BEHIND, NO_LEASE,
	// NOT_READY): back off, then retry.
	notYet
	// unreachable: UNAVAILABLE without a replica reason: the member could not be reached,
	// or its connection broke, or it said UNAVAILABLE itself. Another member may answer.
	unreachable
)

func (v verdict) String() string {
	switch v {
	case final:
		return "final"
	case redirect:
		return "redirect"
	case notYet:
		return "not-yet"
	case unreachable:
		return "unreachable"
	}
	return fmt.Sprintf("verdict(%d)", int(v))
}

// replicaDetails returns the replica ErrorInfo reason and the Redirect of a status, if any.
func replicaDetails(st *status.Status) (reason string, view *managerv1.View) {
	for _, d := range st.Details() {
		switch d := d.(type) {
		case *errdetails.ErrorInfo:
			if d.GetDomain() == ReplicaErrorDomain {
				reason = d.GetReason()
			}
		case *replicav1.Redirect:
			view = d.GetView()
		}
	}
	return reason, view
}

// classify says what an attempt's error means, and returns the view a redirect carries.
func classify(err error) (verdict, string, *managerv1.View) {
	st, ok := status.FromError(err)
	if !ok || st.Code() != codes.Unavailable {
		return final, "", nil
	}
	reason, view := replicaDetails(st)
	switch reason {
	case ReasonNotPrimary, ReasonStaleView:
		if view == nil {
			return notYet, reason, nil // a redirect without its view: the manager will tell
		}
		return redirect, reason, view
	case ReasonViewBehind, ReasonNoLease, ReasonNotReady:
		return notYet, reason, nil
	case "":
		return unreachable, "", nil
	}
	// A replica reason this client does not know, with UNAVAILABLE: UNAVAILABLE means retry.
	return notYet, reason, nil
}

// backoff is the n-th wait (n from 0) of a call: d = min(limit, base*2^n), drawn in [d/2, d)
// by jitter, a number in [0, 1).
func backoff(n int, base, limit time.Duration, jitter float64) time.Duration {
	d := limit
	if n < 30 && base<<n < limit && base<<n > 0 {
		d = base << n
	}
	return d/2 + time.Duration(jitter*float64(d/2))
}
