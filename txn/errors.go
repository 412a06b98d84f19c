package txn

import (
	"errors"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// ErrorDomain is the google.rpc.ErrorInfo domain of the errors this package sends.
const ErrorDomain = "txn.warden.dev"

// Reasons in google.rpc.ErrorInfo (see api/warden/txn/v1/txn.proto).
const (
	ReasonAborted         = "TXN_ABORTED"
	ReasonUnknown         = "TXN_UNKNOWN"
	ReasonCommitted       = "TXN_COMMITTED"
	ReasonPrepared        = "TXN_PREPARED"
	ReasonDecisionUnknown = "DECISION_UNKNOWN"
)

// statusWithInfo builds a status with an ErrorInfo detail.
func statusWithInfo(c codes.Code, msg, reason string, md map[string]string) error {
	st := status.New(c, msg)
	if d, err := st.WithDetails(&errdetails.ErrorInfo{Reason: reason, Domain: ErrorDomain, Metadata: md}); err == nil {
		st = d
	}
	return st.Err()
}

// badRequest builds an InvalidArgument status naming the field.
func badRequest(field, desc string) error {
	st := status.New(codes.InvalidArgument, field+": "+desc)
	if d, err := st.WithDetails(&errdetails.BadRequest{FieldViolations: []*errdetails.BadRequest_FieldViolation{{Field: field, Description: desc}}}); err == nil {
		st = d
	}
	return st.Err()
}

// ErrorInfo returns the google.rpc.ErrorInfo of this package's domain carried by a gRPC error,
// else its first ErrorInfo, or nil.
func ErrorInfo(err error) *errdetails.ErrorInfo {
	st, ok := status.FromError(err)
	if !ok {
		return nil
	}
	var first *errdetails.ErrorInfo
	for _, d := range st.Details() {
		if info, ok := d.(*errdetails.ErrorInfo); ok {
			if info.Domain == ErrorDomain {
				return info
			}
			if first == nil {
				first = info
			}
		}
	}
	return first
}

// IsAborted reports whether err says the global transaction aborted for sure (a no vote, a
// timeout, a client abort, a participant's failed work in Run, or presumed abort of an unknown
// gid on its first Commit): nothing of it was applied anywhere. The code is ABORTED, or the
// participant's own code for failed work.
func IsAborted(err error) bool {
	info := ErrorInfo(err)
	return info != nil && info.Domain == ErrorDomain && (info.Reason == ReasonAborted || info.Reason == ReasonUnknown)
}

// GID returns the gid named in a transaction error's ErrorInfo, or "".
func GID(err error) string {
	if info := ErrorInfo(err); info != nil && info.Domain == ErrorDomain {
		return info.Metadata["gid"]
	}
	return ""
}

// errStopped is returned by drivers after Close.
var errStopped = errors.New("txn: stopped")
