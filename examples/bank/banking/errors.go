package banking

import (
	"errors"
	"fmt"
	"time"

	"github.com/wardenft/warden/recovery"
	"github.com/wardenft/warden/txn"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/durationpb"
)

// ErrorDomain is the google.rpc.ErrorInfo domain of the bank's errors.
const ErrorDomain = "bank.warden.dev"

// ReasonLockConflict marks an ABORTED error caused by a lock wait that timed out: the request
// changed nothing and may be retried as is.
const ReasonLockConflict = "LOCK_CONFLICT"

func invalid(field, format string, args ...any) error {
	desc := fmt.Sprintf(format, args...)
	st := status.New(codes.InvalidArgument, field+": "+desc)
	if d, err := st.WithDetails(&errdetails.BadRequest{FieldViolations: []*errdetails.BadRequest_FieldViolation{{Field: field, Description: desc}}}); err == nil {
		st = d
	}
	return st.Err()
}

func notFound(branch, account string) error {
	st := status.New(codes.NotFound, fmt.Sprintf("account %q does not exist at branch %s", account, branch))
	if d, err := st.WithDetails(&errdetails.ResourceInfo{ResourceType: "account", ResourceName: branch + "/" + account, Description: "open it with OpenAccount"}); err == nil {
		st = d
	}
	return st.Err()
}

func insufficient(branch, account string, balance, amount int64) error {
	st := status.New(codes.FailedPrecondition, fmt.Sprintf("insufficient funds in %s/%s: balance %d, amount %d", branch, account, balance, amount))
	if d, err := st.WithDetails(&errdetails.PreconditionFailure{Violations: []*errdetails.PreconditionFailure_Violation{{
		Type: "FUNDS", Subject: branch + "/" + account, Description: fmt.Sprintf("balance %d is less than amount %d", balance, amount),
	}}}); err == nil {
		st = d
	}
	return st.Err()
}

// storeError maps an error from the recovery store or the participant to a status.
func storeError(branch string, err error, retryAfter time.Duration) error {
	if _, ok := status.FromError(err); ok && !errors.Is(err, recovery.ErrLockTimeout) {
		return err
	}
	var st *status.Status
	switch {
	case errors.Is(err, recovery.ErrLockTimeout):
		st = status.New(codes.Aborted, fmt.Sprintf("branch %s: lock conflict: %v; nothing was changed, retry", branch, err))
		st, _ = st.WithDetails(
			&errdetails.ErrorInfo{Reason: ReasonLockConflict, Domain: ErrorDomain, Metadata: map[string]string{"branch": branch}},
			&errdetails.RetryInfo{RetryDelay: durationpb.New(retryAfter)})
	case errors.Is(err, txn.ErrTxPrepared):
		st = status.New(codes.FailedPrecondition, fmt.Sprintf("branch %s: %v", branch, err))
		st, _ = st.WithDetails(&errdetails.ErrorInfo{Reason: txn.ReasonPrepared, Domain: txn.ErrorDomain})
	case errors.Is(err, txn.ErrTxAborted):
		st = status.New(codes.Aborted, fmt.Sprintf("branch %s: %v", branch, err))
		st, _ = st.WithDetails(&errdetails.ErrorInfo{Reason: txn.ReasonAborted, Domain: txn.ErrorDomain})
	case errors.Is(err, recovery.ErrFailed), errors.Is(err, recovery.ErrClosed):
		st = status.New(codes.Unavailable, fmt.Sprintf("branch %s: %v; the outcome of this request is unknown until the branch restarts (bank audit tells)", branch, err))
	default:
		st = status.New(codes.Internal, fmt.Sprintf("branch %s: %v", branch, err))
	}
	return st.Err()
}

// IsLockConflict reports whether err is a retryable lock conflict.
func IsLockConflict(err error) bool {
	st, ok := status.FromError(err)
	if !ok || st.Code() != codes.Aborted {
		return false
	}
	for _, d := range st.Details() {
		if info, ok := d.(*errdetails.ErrorInfo); ok && info.Reason == ReasonLockConflict {
			return true
		}
	}
	return false
}

func alreadyExists(branch, account string) error {
	st := status.New(codes.AlreadyExists, fmt.Sprintf("account %s/%s already exists", branch, account))
	if d, err := st.WithDetails(&errdetails.ResourceInfo{ResourceType: "account", ResourceName: branch + "/" + account}); err == nil {
		st = d
	}
	return st.Err()
}
