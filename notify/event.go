package notify

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"time"
	"unicode/utf8"

	notifyv1 "github.com/wardenft/warden/api/warden/notify/v1"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// A Kind says what an event reports. The well-known kinds are below; other packages define
// their own (the analyzer's incidents and classifications) as any identifier that ValidKind
// accepts, so the notifier, its filters and its history need no change for a new kind.
type Kind string

// The well-known kinds: FT-CORBA's ObjectCrashFault and the fault model's other forms.
const (
	// ObjectCrashFault: a member (or every object at a location, or of a type there: see
	// Event) stopped.
	ObjectCrashFault Kind = "ObjectCrashFault"
	// HostCrashFault: a location (host, agent) stopped heartbeating.
	HostCrashFault Kind = "HostCrashFault"
	// OmissionFault: no reply.
	OmissionFault Kind = "OmissionFault"
	// TimingFault: a reply, or a watchdog kick, too late.
	TimingFault Kind = "TimingFault"
	// ValueFault: a wrong reply (voting, state digests).
	ValueFault Kind = "ValueFault"
	// MemberRecovered: a member or location suspected before is alive again.
	MemberRecovered Kind = "MemberRecovered"
)

// ValidKind reports whether k is a well-formed kind: 1 to 64 bytes of ASCII letters, digits,
// '_', '-' and '.', starting with a letter.
func ValidKind(k Kind) bool {
	if len(k) == 0 || len(k) > maxKindLen {
		return false
	}
	for i := 0; i < len(k); i++ {
		c := k[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
		case i > 0 && ('0' <= c && c <= '9' || c == '_' || c == '-' || c == '.'):
		default:
			return false
		}
	}
	return true
}

// Severity says how bad a fault is; higher is worse.
type Severity int8

const (
	SeverityUnspecified Severity = iota
	SeverityInfo
	SeverityWarning
	SeverityError
	SeverityCritical
)

var severityNames = [...]string{"", "info", "warning", "error", "critical"}

// String returns the lower-case name CEL filters compare with ("" when unspecified).
func (s Severity) String() string {
	if s < 0 || int(s) >= len(severityNames) {
		return "severity(" + strconv.Itoa(int(s)) + ")"
	}
	return severityNames[s]
}

// ParseSeverity is the inverse of String; it also accepts the proto names (SEVERITY_ERROR).
func ParseSeverity(s string) (Severity, bool) {
	for i, n := range severityNames {
		if s == n {
			return Severity(i), true
		}
	}
	if v, ok := notifyv1.Severity_value[s]; ok {
		return Severity(v), true
	}
	return 0, false
}

// Scope is what an event says failed, from which of Location, TypeID and GroupID it has.
type Scope string

const (
	// ScopeDomain: none of them; the domain, or a conclusion about several events.
	ScopeDomain Scope = "domain"
	// ScopeLocation: Location only; everything at that location.
	ScopeLocation Scope = "location"
	// ScopeType: TypeID without GroupID; every object of that type at Location.
	ScopeType Scope = "type"
	// ScopeMember: GroupID; the one member of that group at Location.
	ScopeMember Scope = "member"
)

// An Event is a structured fault event, FT-CORBA's ObjectCrashFault generalised: see the
// FaultEvent message in api/warden/notify/v1/notify.proto for every field's meaning and
// limits. As in FT-CORBA, which of Location, TypeID and GroupID are set says what failed
// (Scope).
//
// Events are shared, not copied: once pushed, an event belongs to the notifier and is handed
// as the same pointer to every consumer and to the history. Nobody may modify it after Push;
// use Clone for a copy to change.
type Event struct {
	// ID is unique; the notifier assigns one when it is empty.
	ID string
	// Seq is the event's position in the history, set when it is committed; ignored on Push.
	Seq uint64
	// Kind is required.
	Kind Kind
	// Time is when the fault was observed; the notifier's clock when zero.
	Time time.Time
	// Domain is the FT domain id.
	Domain   string
	Location string
	TypeID   string
	GroupID  string
	Member   string
	// Detector names who reported the event.
	Detector   string
	Severity   Severity
	Evidence   map[string]string
	RelatedIDs []string
}

// Scope returns what the event says failed.
func (e *Event) Scope() Scope {
	switch {
	case e.GroupID != "":
		return ScopeMember
	case e.TypeID != "":
		return ScopeType
	case e.Location != "":
		return ScopeLocation
	}
	return ScopeDomain
}

// Clone returns a deep copy.
func (e *Event) Clone() *Event {
	c := *e
	c.Evidence = maps.Clone(e.Evidence)
	c.RelatedIDs = slices.Clone(e.RelatedIDs)
	return &c
}

// Limits on events, as documented in notify.proto.
const (
	maxIDLen         = 128
	maxKindLen       = 64
	maxFieldLen      = 256
	maxEvidence      = 64
	maxEvidenceKey   = 128
	maxEvidenceValue = 4096
	maxRelated       = 256
)

// ErrInvalid marks every error about bad input: an event, a filter expression, a query, a
// consumer option. Test with errors.Is; a *FieldError says which field.
var ErrInvalid = errors.New("invalid argument")

// A FieldError is bad input in one field. Field is the path from the argument's root, as
// the gRPC API names it: "kind", "evidence[\"errno\"]", "events[2].location", "filter".
type FieldError struct {
	Field  string
	Reason string
}

func (e *FieldError) Error() string { return e.Field + ": " + e.Reason }

// Unwrap makes errors.Is(err, ErrInvalid) hold.
func (e *FieldError) Unwrap() error { return ErrInvalid }

func fieldErr(field, format string, args ...any) *FieldError {
	return &FieldError{Field: field, Reason: fmt.Sprintf(format, args...)}
}

// Validate checks e against the limits of notify.proto and returns a *FieldError for the
// first violation. It does not change e. A zero Time and empty ID are valid (Push fills them).
func (e *Event) Validate() error {
	if e.ID != "" {
		if err := checkID("id", e.ID); err != nil {
			return err
		}
	}
	if e.Kind == "" {
		return fieldErr("kind", "required (e.g. %q)", ObjectCrashFault)
	}
	if !ValidKind(e.Kind) {
		return fieldErr("kind", "%q is not a kind: 1 to %d letters, digits, '_', '-' or '.', starting with a letter", truncate(string(e.Kind)), maxKindLen)
	}
	for _, f := range [...]struct{ name, v string }{
		{"domain", e.Domain}, {"location", e.Location}, {"type_id", e.TypeID},
		{"object_group_id", e.GroupID}, {"member", e.Member}, {"detector", e.Detector},
	} {
		if err := checkString(f.name, f.v, maxFieldLen); err != nil {
			return err
		}
	}
	if e.Severity < SeverityUnspecified || e.Severity > SeverityCritical {
		return fieldErr("severity", "%d is out of range [0, %d]", e.Severity, SeverityCritical)
	}
	if !e.Time.IsZero() && (e.Time.Year() < 1 || e.Time.Year() > 9999) {
		return fieldErr("time", "%v is outside years 1 to 9999", e.Time)
	}
	if len(e.Evidence) > maxEvidence {
		return fieldErr("evidence", "%d entries, at most %d", len(e.Evidence), maxEvidence)
	}
	for k, v := range e.Evidence {
		name := "evidence[" + strconv.Quote(truncate(k)) + "]"
		if k == "" {
			return fieldErr(name, "empty key")
		}
		if err := checkString(name, k, maxEvidenceKey); err != nil {
			return err
		}
		if err := checkString(name, v, maxEvidenceValue); err != nil {
			return err
		}
	}
	if len(e.RelatedIDs) > maxRelated {
		return fieldErr("related_ids", "%d ids, at most %d", len(e.RelatedIDs), maxRelated)
	}
	for i, id := range e.RelatedIDs {
		if err := checkID("related_ids["+strconv.Itoa(i)+"]", id); err != nil {
			return err
		}
	}
	return nil
}

func checkID(field, id string) error {
	if id == "" {
		return fieldErr(field, "empty id")
	}
	if len(id) > maxIDLen {
		return fieldErr(field, "%d bytes, at most %d", len(id), maxIDLen)
	}
	for i := 0; i < len(id); i++ {
		if id[i] <= ' ' || id[i] > '~' {
			return fieldErr(field, "%q: only printable ASCII without spaces", truncate(id))
		}
	}
	return nil
}

func checkString(field, s string, limit int) error {
	if len(s) > limit {
		return fieldErr(field, "%d bytes, at most %d", len(s), limit)
	}
	if !utf8.ValidString(s) {
		return fieldErr(field, "not valid UTF-8")
	}
	return nil
}

// truncate shortens s for an error message.
func truncate(s string) string {
	if len(s) <= 64 {
		return s
	}
	return s[:64] + "..."
}

// EventFromProto converts a wire event. It does not validate (see Event.Validate), but a
// time that is not a valid timestamp is an error.
func EventFromProto(p *notifyv1.FaultEvent) (*Event, error) {
	if p == nil {
		return nil, fieldErr("event", "required")
	}
	e := &Event{
		ID:         p.GetId(),
		Seq:        p.GetSeq(),
		Kind:       Kind(p.GetKind()),
		Domain:     p.GetDomain(),
		Location:   p.GetLocation(),
		TypeID:     p.GetTypeId(),
		GroupID:    p.GetObjectGroupId(),
		Member:     p.GetMember(),
		Detector:   p.GetDetector(),
		Severity:   Severity(p.GetSeverity()),
		RelatedIDs: p.GetRelatedIds(),
	}
	if p.GetSeverity() < 0 || p.GetSeverity() > notifyv1.Severity(SeverityCritical) {
		return nil, fieldErr("severity", "%d is out of range [0, %d]", p.GetSeverity(), SeverityCritical)
	}
	if len(p.GetEvidence()) > 0 {
		e.Evidence = p.GetEvidence()
	}
	if p.Time != nil {
		if err := p.Time.CheckValid(); err != nil {
			return nil, fieldErr("time", "%v", err)
		}
		e.Time = p.Time.AsTime()
	}
	return e, nil
}

// EventsFromProto converts a pushed batch (1 to MaxPushBatch events) and validates each
// event. An error is a *FieldError naming the field ("events", or "events[i].kind", ...).
func EventsFromProto(ps []*notifyv1.FaultEvent) ([]*Event, error) {
	if len(ps) == 0 {
		return nil, fieldErr("events", "at least one event is required")
	}
	if len(ps) > MaxPushBatch {
		return nil, fieldErr("events", "%d events, at most %d per request", len(ps), MaxPushBatch)
	}
	evs := make([]*Event, len(ps))
	for i, p := range ps {
		ev, err := EventFromProto(p)
		if err == nil {
			err = ev.Validate()
		}
		if err != nil {
			var fe *FieldError
			if errors.As(err, &fe) {
				return nil, &FieldError{Field: "events[" + strconv.Itoa(i) + "]." + fe.Field, Reason: fe.Reason}
			}
			return nil, err
		}
		evs[i] = ev
	}
	return evs, nil
}

// Proto converts e to its wire form. The result shares e's Evidence map and RelatedIDs:
// treat it as read-only too.
func (e *Event) Proto() *notifyv1.FaultEvent {
	p := &notifyv1.FaultEvent{
		Id:            e.ID,
		Seq:           e.Seq,
		Kind:          string(e.Kind),
		Domain:        e.Domain,
		Location:      e.Location,
		TypeId:        e.TypeID,
		ObjectGroupId: e.GroupID,
		Member:        e.Member,
		Detector:      e.Detector,
		Severity:      notifyv1.Severity(e.Severity),
		Evidence:      e.Evidence,
		RelatedIds:    e.RelatedIDs,
	}
	if !e.Time.IsZero() {
		p.Time = timestamppb.New(e.Time)
	}
	return p
}
