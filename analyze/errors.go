package analyze

import "errors"

var (
	// ErrInvalidConfig marks every problem Config.Validate finds; the wrapping error quotes the
	// bad values.
	ErrInvalidConfig = errors.New("analyze: invalid config")
	// ErrInvalidEvent is returned for an input the analyzer cannot use: no ID, no time, a kind
	// that is neither a fault nor a recovery, or a subject that names nothing. Nothing changes.
	ErrInvalidEvent = errors.New("analyze: invalid event")
	// ErrInvalidSubject is returned for a Subject that names nothing (Restarted, Clear).
	ErrInvalidSubject = errors.New("analyze: invalid subject")

	// ErrDown refuses a placement or restart at a location (or a type at a location) that has
	// an open fault: it has not recovered yet.
	ErrDown = errors.New("analyze: down")
	// ErrSuppressed refuses a placement or restart while a subject's flap penalty keeps it
	// suppressed (damping); Decision.Until says when that ends if it stays quiet.
	ErrSuppressed = errors.New("analyze: suppressed (flapping)")
	// ErrPermanent refuses a placement or restart of a subject classified permanent, or whose
	// restart budget is spent.
	ErrPermanent = errors.New("analyze: permanent fault")
)
