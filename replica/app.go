package replica

import "errors"

// Checkpointable is what an application implements to be a member of a passive group: FT-CORBA's
// Checkpointable. The SDK calls it with the application's state-changing requests excluded (it
// holds the same lock that serialises them), so an implementation needs no locking of its own
// against them.
//
// GetState returns the whole state as bytes; SetState replaces the whole state with bytes an
// earlier GetState returned, possibly in another process of the same group (a backup, a new
// member, a member restored after its primary failed). The bytes are opaque to the SDK, which
// protects them with a SHA-256 digest: SetState never sees bytes whose digest does not match.
// The state at seq 0 (before any request) must be the same in every member: a fresh member starts
// from its zero value, and the SDK asks for a checkpoint of it at start.
//
// GetState must return ErrNoStateAvailable only when it cannot produce a state at all; SetState
// returns ErrInvalidState (wrapped) for bytes it cannot decode. Either error leaves the member's
// state unknown, so the driver stops the member (fail-stop) and the group goes on without it.
type Checkpointable interface {
	GetState() ([]byte, error)
	SetState(state []byte) error
}

// Updateable is an optional extension of Checkpointable: FT-CORBA's Updateable. After each
// state-changing request the primary calls GetUpdate to capture what the request changed, and
// every backup applies that with SetUpdate, so a backup never executes a request itself.
//
// Without Updateable the SDK logs the request itself and backups replay it through the same
// handler (log and replay): the application must then be deterministic — the same request
// applied to the same state gives the same state and reply, in every member (no clocks, no
// randomness, no iteration over Go maps, no calls to other services in state-changing handlers).
//
// GetUpdate returns ErrNoUpdateAvailable when the request changed nothing (the entry then carries
// an empty update, and its reply for the reply cache); SetUpdate returns ErrInvalidUpdate
// (wrapped) for bytes it cannot apply, with the same fail-stop consequence as SetState.
type Updateable interface {
	Checkpointable
	GetUpdate() ([]byte, error)
	SetUpdate(update []byte) error
}

// The exceptions of FT-CORBA's Checkpointable and Updateable, for applications to return.
var (
	ErrNoStateAvailable  = errors.New("replica: no state available")
	ErrInvalidState      = errors.New("replica: invalid state")
	ErrNoUpdateAvailable = errors.New("replica: no update available")
	ErrInvalidUpdate     = errors.New("replica: invalid update")
)
