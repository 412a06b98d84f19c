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

// ErrorInfo returns the google.rpc.ErrorInfo carried by a gRPC error, or nil.
func ErrorInfo(err error) *errdetails.ErrorInfo {
	st, ok := status.FromError(err)
	if !ok {
		return nil
	}
	for _, d := range st.Details() {
		if info, ok := d.(*errdetails.ErrorInfo); ok {
			return info
		}
	}
	return nil
}

// IsAborted reports whether err says the global transaction aborted for sure (a no vote, a
// timeout, a client abort, or presumed abort of an unknown gid on its first Commit): nothing of
// it was applied anywhere.
func IsAborted(err error) bool {
	info := ErrorInfo(err)
	return status.Code(err) == codes.Aborted && info != nil && info.Domain == ErrorDomain &&
		(info.Reason == ReasonAborted || info.Reason == ReasonUnknown)
}

// errStopped is returned by drivers after Close.
var errStopped = errors.New("txn: stopped")
