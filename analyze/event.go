package analyze

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// A Kind says what an event reports. The analyzer interprets only its suffix: a kind ending in
// "Fault" is a fault, one ending in "Recovered" is the end of a fault; any other kind is
// refused. The well-known kinds of package notify are below; a new fault kind needs no change
// here. The analyzer's own output kinds end in neither, so feeding its outputs back in by
// mistake fails instead of looping.
type Kind string

// The well-known kinds of notify (api/warden/notify/v1 FaultEvent.kind), plus HostRecovered,
// which scripts use for readability (notify reports a location's recovery as a
// MemberRecovered that names only the location; both are recoveries here).
const (
	ObjectCrashFault Kind = "ObjectCrashFault"
	HostCrashFault   Kind = "HostCrashFault"
	OmissionFault    Kind = "OmissionFault"
	TimingFault      Kind = "TimingFault"
	ValueFault       Kind = "ValueFault"
	MemberRecovered  Kind = "MemberRecovered"
	HostRecovered    Kind = "HostRecovered"
)

// IsFault reports whether k reports a fault (it ends in "Fault").
func (k Kind) IsFault() bool { return len(k) > len("Fault") && strings.HasSuffix(string(k), "Fault") }

// IsRecovery reports whether k reports the end of a fault (it ends in "Recovered").
func (k Kind) IsRecovery() bool {
	return len(k) > len("Recovered") && strings.HasSuffix(string(k), "Recovered")
}

// An Event is the analyzer's input: a fault, or the recovery of something that had a fault.
//
// It mirrors notify's fault event (notify.Event, api/warden/notify/v1 FaultEvent) field for
// field, so that the adapter is a copy:
//
//	notify.Event      analyze.Event
//	ID                ID           required; a redelivered ID is ignored (see Analyzer.Observe)
//	Kind              Kind         as is (string)
//	Time              Time         required; the analyzer's clock follows it
//	Location          Location
//	TypeID            TypeID
//	GroupID           GroupID
//	Member            Member
//	Detector          Detector     carried into incidents, not interpreted
//	Evidence          Evidence     carried into incidents, not interpreted
//	Domain            -            run one Analyzer per FT domain
//	Severity          -            not used: the kind and the subject decide
//	RelatedIDs, Seq   -            not used
//
// Which of Location, TypeID, GroupID and Member are set says what failed (Subject.Scope), as
// in FT-CORBA and notify, with one difference: Member without GroupID also names one member
// here (warden monitor's targets belong to no group), where notify would read a location.
type Event struct {
	ID       string
	Kind     Kind
	Time     time.Time
	Location string
	TypeID   string
	GroupID  string
	Member   string
	Detector string
	Evidence map[string]string
}

// Subject returns what the event is about.
func (e Event) Subject() Subject {
	return Subject{Location: e.Location, TypeID: e.TypeID, GroupID: e.GroupID, Member: e.Member}
}

func (e Event) validate() error {
	var problems []string
	if e.ID == "" {
		problems = append(problems, "no ID")
	}
	if e.Time.IsZero() {
		problems = append(problems, "zero Time")
	}
	if !e.Kind.IsFault() && !e.Kind.IsRecovery() {
		problems = append(problems, fmt.Sprintf("kind %q is neither a fault (…Fault) nor a recovery (…Recovered)", e.Kind))
	}
	if err := e.Subject().check(); err != "" {
		problems = append(problems, err)
	}
	if len(problems) > 0 {
		return fmt.Errorf("%w %q: %s", ErrInvalidEvent, e.ID, strings.Join(problems, "; "))
	}
	return nil
}

// A Scope says how much a subject covers.
type Scope int

// Scopes from the broadest to the narrowest. A broader subject at a location covers the
// narrower ones there: a location covers every type and member at it, a type covers the
// members of that type.
const (
	// ScopeLocation: everything at a location (a host, an agent). Location only.
	ScopeLocation Scope = iota + 1
	// ScopeType: every member of one type at a location. Location and TypeID.
	ScopeType
	// ScopeMember: one member. GroupID or Member (or both), usually with Location.
	ScopeMember
)

func (s Scope) String() string {
	switch s {
	case ScopeLocation:
		return "location"
	case ScopeType:
		return "type"
	case ScopeMember:
		return "member"
	}
	return "scope(" + strconv.Itoa(int(s)) + ")"
}

// A Subject is what a fault is about and what the analyzer keeps state for: a location, a
// type at a location, or a member.
//
// A member's identity is (Location, GroupID, Member); its TypeID is a property, not part of
// its identity (detectors that do not know the type still name the same member). Member must
// therefore be stable across restarts of the same member at the same location: the restart
// budget is counted per identity, so a name that changes with every incarnation would never
// spend it. Put incarnations in the evidence.
type Subject struct {
	Location string
	TypeID   string
	GroupID  string
	Member   string
}

// Scope returns what the subject covers, or 0 when it names nothing.
func (s Subject) Scope() Scope {
	switch {
	case s.GroupID != "" || s.Member != "":
		return ScopeMember
	case s.TypeID != "":
		return ScopeType
	case s.Location != "":
		return ScopeLocation
	}
	return 0
}

// check returns what is wrong with s as a subject, or "".
func (s Subject) check() string {
	switch {
	case s.Scope() == 0:
		return "names nothing: no location, type, group or member"
	case s.Scope() == ScopeType && s.Location == "":
		return fmt.Sprintf("type %q without a location", s.TypeID)
	}
	return ""
}

// Covers reports whether a fault of s explains a fault of o: same location, s broader than
// o, and, when s is a type, o of that type.
func (s Subject) Covers(o Subject) bool {
	if s.Location == "" || s.Location != o.Location || s.Scope() >= o.Scope() {
		return false
	}
	return s.Scope() == ScopeLocation || s.TypeID == o.TypeID
}

// key is the subject's identity: a member without its TypeID.
func (s Subject) key() Subject {
	if s.Scope() == ScopeMember {
		s.TypeID = ""
	}
	return s
}

// String lists the non-empty fields as key=value, e.g. "location=host-a group=g1 member=m1".
func (s Subject) String() string {
	var b strings.Builder
	add := func(k, v string) {
		if v == "" {
			return
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(k)
		b.WriteByte('=')
		if strings.ContainsAny(v, " =\"\t\n") {
			v = strconv.Quote(v)
		}
		b.WriteString(v)
	}
	add("location", s.Location)
	add("type", s.TypeID)
	add("group", s.GroupID)
	add("member", s.Member)
	return b.String()
}
