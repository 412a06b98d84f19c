package replica

import (
	"errors"
	"fmt"
)

// Errors returned to the driver by the core. The driver maps each to the gRPC status that
// api/warden/replica/v1 documents (the reason in parentheses).
var (
	// ErrNotPrimary: this member is not the primary of the newest view it knows (NOT_PRIMARY,
	// with a Redirect). Also the error of a pending call whose member was deposed before the
	// call's entry was committed: the client retries with the same request id at the new
	// primary, whose reply cache answers if the entry survived.
	ErrNotPrimary = errors.New("replica: not the primary")
	// ErrStaleView: the call was sent under an older view version than this member's
	// (STALE_VIEW, with a Redirect).
	ErrStaleView = errors.New("replica: call sent under a stale view")
	// ErrViewBehind: the call was sent under a newer view than this member has (VIEW_BEHIND).
	ErrViewBehind = errors.New("replica: this member has not seen the caller's view yet")
	// ErrNoLease: the primary holds no valid lease and does not serve (NO_LEASE).
	ErrNoLease = errors.New("replica: primary without a valid lease")
	// ErrNotReady: the primary is still applying its log or installing a checkpoint
	// (NOT_READY).
	ErrNotReady = errors.New("replica: primary not ready")
	// ErrRequestExpired: the call arrived after its expiration (REQUEST_EXPIRED).
	ErrRequestExpired = errors.New("replica: request expired")
	// ErrDigestMismatch: a checkpoint's state does not have its SHA-256 digest (DIGEST_MISMATCH,
	// a ValueFault). Nothing was installed.
	ErrDigestMismatch = errors.New("replica: checkpoint digest mismatch")
	// ErrStaleEpoch: a message of an older epoch than this member's was refused.
	ErrStaleEpoch = errors.New("replica: message of an older epoch")
	// ErrBadMessage: a message that breaks the protocol (wrong addressee, entries not
	// consecutive, a second primary in one epoch). It is dropped.
	ErrBadMessage = errors.New("replica: malformed message")
	// ErrStaleCheckpoint: CheckpointTaken for a seq the member is no longer at.
	ErrStaleCheckpoint = errors.New("replica: checkpoint taken at a stale seq")
)

// A RedirectError is ErrNotPrimary or ErrStaleView with the newest view the member knows, for
// the Redirect status detail. Test with errors.Is(err, ErrNotPrimary) and errors.As.
type RedirectError struct {
	Err  error // ErrNotPrimary or ErrStaleView
	View View
}

func (e *RedirectError) Error() string {
	return fmt.Sprintf("%v (view epoch %d version %d, primary %q)", e.Err, e.View.Epoch, e.View.Version, e.View.Primary)
}

func (e *RedirectError) Unwrap() error { return e.Err }
