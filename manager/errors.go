package manager

import (
	"errors"
	"fmt"
)

// Sentinel errors. Every error Apply returns wraps one of them (test with errors.Is); the gRPC
// servers map each to the status code and ErrorInfo reason of manager.proto.
var (
	// ErrInvalidProperty: a property value that is wrong in itself or against another
	// (FT-CORBA InvalidProperty). The error is a *PropertyError.
	ErrInvalidProperty = errors.New("invalid property")
	// ErrUnsupportedProperty: a valid value this combination does not support (FT-CORBA
	// UnsupportedProperty). The error is a *PropertyError.
	ErrUnsupportedProperty = errors.New("unsupported property")
	// ErrGroupNotFound: no object group of that id (FT-CORBA ObjectGroupNotFound).
	ErrGroupNotFound = errors.New("object group not found")
	// ErrTypeNotFound: no registered member type of that id.
	ErrTypeNotFound = errors.New("type not found")
	// ErrLocationNotFound: no registered location of that name.
	ErrLocationNotFound = errors.New("location not found")
	// ErrMemberNotFound: no such member in the group (FT-CORBA MemberNotFound).
	ErrMemberNotFound = errors.New("member not found")
	// ErrAlreadyExists: a group or type of that id exists.
	ErrAlreadyExists = errors.New("already exists")
	// ErrMemberAlreadyPresent: the group has a member, or one being created, at that location
	// (FT-CORBA MemberAlreadyPresent).
	ErrMemberAlreadyPresent = errors.New("member already present at location")
	// ErrTypeInUse: the type still has groups.
	ErrTypeInUse = errors.New("type in use")
	// ErrBadReplicationStyle: the operation does not apply to the group's replication style
	// (FT-CORBA BadReplicationStyle), e.g. a primary for a STATELESS group.
	ErrBadReplicationStyle = errors.New("bad replication style")
	// ErrStaleEpoch: the command expected an epoch the view has moved on from.
	ErrStaleEpoch = errors.New("stale epoch")
	// ErrInvalidArgument: a malformed command (a missing or badly formed field).
	ErrInvalidArgument = errors.New("invalid argument")
	// ErrLocationBusy: a location that still holds members cannot be forgotten.
	ErrLocationBusy = errors.New("location holds members")
	// ErrFilterNotFound: no subscription filter has that id.
	ErrFilterNotFound = errors.New("subscription filter not found")
	// ErrResourceExhausted: a bounded collection (subscription filters) is full.
	ErrResourceExhausted = errors.New("resource exhausted")
)

// A PropertyError is an InvalidProperty or UnsupportedProperty: it names the property, its
// value, where it was resolved (Scope: "defaults", "type counter", "group g1") and why.
type PropertyError struct {
	// Name is the property's FT-CORBA name, e.g. "MinimumNumberMembers".
	Name string
	// Value is the offending value as text, e.g. "4", "ACTIVE_WITH_VOTING", "[host-a]".
	Value string
	// Scope is what was being validated when the rule failed.
	Scope string
	// Reason says which rule failed, quoting the other values it involves.
	Reason string
	// Unsupported is true for an UnsupportedProperty.
	Unsupported bool
}

func (e *PropertyError) Error() string {
	kind := "invalid property"
	if e.Unsupported {
		kind = "unsupported property"
	}
	s := fmt.Sprintf("%s %s=%s", kind, e.Name, e.Value)
	if e.Scope != "" {
		s += " (" + e.Scope + ")"
	}
	return s + ": " + e.Reason
}

// Unwrap returns ErrInvalidProperty or ErrUnsupportedProperty.
func (e *PropertyError) Unwrap() error {
	if e.Unsupported {
		return ErrUnsupportedProperty
	}
	return ErrInvalidProperty
}

func errf(sentinel error, format string, args ...any) error {
	return fmt.Errorf("%w: %s", sentinel, fmt.Sprintf(format, args...))
}
