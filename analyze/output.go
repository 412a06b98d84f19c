package analyze

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// A Class is a subject's classification within an episode. Classes only rise within an
// episode: Unclassified < Transient < Intermittent < Permanent.
type Class int

const (
	// Unclassified: no fault yet, or only faults that needed a restart once.
	Unclassified Class = iota
	// Transient: a fault cleared by itself: the subject recovered within TransientWindow with
	// no restart.
	Transient
	// Intermittent: FlapThreshold faults within FlapWindow (flapping).
	Intermittent
	// Permanent: the restart budget is spent. No restart of it, no placement on it, until
	// the episode ends (FailureTimeout) or Clear.
	Permanent
)

func (c Class) String() string {
	switch c {
	case Unclassified:
		return "unclassified"
	case Transient:
		return "transient"
	case Intermittent:
		return "intermittent"
	case Permanent:
		return "permanent"
	}
	return "class(" + strconv.Itoa(int(c)) + ")"
}

// An OutputKind says what an Output reports. The values are valid notify kinds, and none ends
// in "Fault" or "Recovered", so Observe refuses them.
type OutputKind string

const (
	// IncidentOpened: a fault with no known cause opened an incident of its own.
	IncidentOpened OutputKind = "IncidentOpened"
	// IncidentUpdated: a consequence or a repeat joined the incident, or a consequence left it
	// for a broader cause.
	IncidentUpdated OutputKind = "IncidentUpdated"
	// IncidentMerged: a broader fault arrived and took the incident over; Incident.MergedInto
	// names the incident that now holds its faults. The merged incident ends here.
	IncidentMerged OutputKind = "IncidentMerged"
	// IncidentResolved: the incident's cause recovered; Incident.Transient says whether it was
	// transient.
	IncidentResolved OutputKind = "IncidentResolved"
	// Classified: the subject's class rose to Class (Transient may repeat: one per transient
	// fault while the subject is not yet intermittent).
	Classified OutputKind = "Classified"
	// ClassificationCleared: the episode ended; Class is the class that was cleared.
	ClassificationCleared OutputKind = "ClassificationCleared"
	// Suppressed: the subject's flap penalty rose above SuppressThreshold; Until is when it
	// ends if no other fault comes.
	Suppressed OutputKind = "Suppressed"
	// Reusable: the suppression ended.
	Reusable OutputKind = "Reusable"
)

// An Output is one conclusion of the analyzer, in the shape of a notify event so that it can
// be pushed back into the notifier (see the package doc for the mapping). The caller owns it.
type Output struct {
	Kind OutputKind
	// ID is unique and derived from the inputs alone, so the same inputs give the same IDs
	// (idempotent pushes) across restarts of the analyzer. At most 128 printable ASCII bytes.
	ID string
	// At is when the analyzer concluded it: the time of the input that caused it, or the
	// deadline that passed. Non-decreasing across all outputs of one Analyzer.
	At time.Time
	// Subject is what the output is about; for incidents, the cause's subject.
	Subject Subject
	// Incident is a snapshot of the incident, for the Incident* kinds.
	Incident *Incident
	// Class is the new class (Classified) or the cleared one (ClassificationCleared).
	Class Class
	// Reason says why, with the numbers and the setting that decided.
	Reason string
	// Until is, for Suppressed, when the suppression ends if the subject stays quiet; for a
	// Permanent classification, when the episode ends if it stays quiet (zero when
	// FailureTimeout is 0).
	Until time.Time
	// Related lists the ids of the events the output is about: an incident's cause,
	// consequences and repeats; the faults a classification counted.
	Related []string
}

// An Incident groups a root-cause fault with the faults it explains.
type Incident struct {
	// ID is "inc-" and the cause's event ID (hashed when that would exceed 128 bytes).
	ID string
	// Cause is the root-cause fault.
	Cause Event
	// Consequences are faults of other subjects that Cause explains, in arrival order.
	Consequences []Event
	// Repeats are further reports of a fault already in the incident (another detector, or
	// the same one again) before its subject recovered, in arrival order.
	Repeats []Event
	// Absorbed lists the incidents merged into this one.
	Absorbed []string
	// MergedInto is set on the last snapshot of an incident that was merged (IncidentMerged).
	MergedInto string
	// Resolved is the time of the recovery of Cause's subject; zero while it is down.
	Resolved time.Time
	// Transient is true when Cause recovered within TransientWindow with no restart.
	Transient bool
	// Version counts the outputs about this incident, from 1 for IncidentOpened.
	Version int
}

// Severity suggests a notify severity for the output: "critical" for a permanent
// classification, "warning" for an intermittent one and for suppression, "error" for an
// incident that opened, "info" for the rest.
func (o Output) Severity() string {
	switch {
	case o.Kind == Classified && o.Class == Permanent:
		return "critical"
	case o.Kind == Classified && o.Class == Intermittent, o.Kind == Suppressed:
		return "warning"
	case o.Kind == IncidentOpened:
		return "error"
	}
	return "info"
}

// Evidence returns the output's details as the free key/values of a notify event: incident,
// cause, cause_kind, consequences, repeats and absorbed (counts: the ids are in Related and in
// the IncidentMerged outputs, and lists could outgrow notify's limits), merged_into,
// resolved, transient; class, reason, until. Times are RFC 3339 with nanoseconds.
func (o Output) Evidence() map[string]string {
	m := map[string]string{}
	tm := func(k string, t time.Time) {
		if !t.IsZero() {
			m[k] = t.UTC().Format(time.RFC3339Nano)
		}
	}
	if inc := o.Incident; inc != nil {
		m["incident"] = inc.ID
		m["cause"] = inc.Cause.ID
		m["cause_kind"] = string(inc.Cause.Kind)
		m["consequences"] = strconv.Itoa(len(inc.Consequences))
		m["repeats"] = strconv.Itoa(len(inc.Repeats))
		if len(inc.Absorbed) > 0 {
			m["absorbed"] = strconv.Itoa(len(inc.Absorbed)) // each absorbed incident has its IncidentMerged
		}
		if inc.MergedInto != "" {
			m["merged_into"] = inc.MergedInto
		}
		tm("resolved", inc.Resolved)
		if !inc.Resolved.IsZero() {
			m["transient"] = strconv.FormatBool(inc.Transient)
		}
	}
	if o.Kind == Classified || o.Kind == ClassificationCleared {
		m["class"] = o.Class.String()
	}
	if o.Reason != "" {
		m["reason"] = o.Reason
	}
	tm("until", o.Until)
	return m
}

// String is one line for logs, with absolute times.
func (o Output) String() string {
	return o.format(func(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) })
}

// format renders o on one line, with times rendered by tf. The scripted tests use it with
// times relative to the script's start.
func (o Output) format(tf func(time.Time) string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s", tf(o.At), o.Kind)
	if o.Incident != nil {
		b.WriteByte(' ')
		b.WriteString(o.Incident.format(tf))
		return b.String()
	}
	fmt.Fprintf(&b, " [%s]", o.Subject)
	switch o.Kind {
	case Classified:
		fmt.Fprintf(&b, " %s", o.Class)
	case ClassificationCleared:
		fmt.Fprintf(&b, " was=%s", o.Class)
	}
	if !o.Until.IsZero() {
		fmt.Fprintf(&b, " until=%s", tf(o.Until))
	}
	if o.Reason != "" {
		fmt.Fprintf(&b, ": %s", o.Reason)
	}
	return b.String()
}

// format renders inc on one line, with times rendered by tf.
func (inc *Incident) format(tf func(time.Time) string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s v%d cause=%s %s [%s]", inc.ID, inc.Version, inc.Cause.ID, inc.Cause.Kind, inc.Cause.Subject())
	list := func(name string, evs []Event) {
		if len(evs) == 0 {
			return
		}
		ids := make([]string, len(evs))
		for i, e := range evs {
			ids[i] = e.ID
		}
		fmt.Fprintf(&b, " %s=%s", name, strings.Join(ids, ","))
	}
	list("consequences", inc.Consequences)
	list("repeats", inc.Repeats)
	if len(inc.Absorbed) > 0 {
		fmt.Fprintf(&b, " absorbed=%s", strings.Join(inc.Absorbed, ","))
	}
	if inc.MergedInto != "" {
		fmt.Fprintf(&b, " merged-into=%s", inc.MergedInto)
	}
	if !inc.Resolved.IsZero() {
		fmt.Fprintf(&b, " resolved=%s transient=%t", tf(inc.Resolved), inc.Transient)
	}
	return b.String()
}

// A Decision answers MayRestart and MayPlace.
type Decision struct {
	// Err is nil when allowed; otherwise it wraps ErrPermanent, ErrDown or ErrSuppressed and
	// says which subject refuses and why.
	Err error
	// Blocker is the subject that refuses (the location, the type there, or the member).
	Blocker Subject
	// Until is when the answer may change by itself: the end of a suppression, or the end of
	// a permanent subject's episode. Zero when only an input can change it (a recovery, a
	// Clear), or when FailureTimeout is 0.
	Until time.Time
}

// Allowed reports whether the decision allows the restart or placement.
func (d Decision) Allowed() bool { return d.Err == nil }

// Status is what the analyzer holds about one subject.
type Status struct {
	Subject Subject
	Class   Class
	// Down is true while the subject has an open fault; Since is that fault's time and
	// Incident the incident that holds it.
	Down     bool
	Since    time.Time
	Incident string
	// Faults counts the subject's own faults (not consequences, not repeats) within FlapWindow
	// before now.
	Faults int
	// Failures counts the failures charged to the restart budget in this episode.
	Failures int
	// Penalty is the flap penalty now; Suppressed and ReusableAt say whether it suppresses the
	// subject and until when.
	Penalty    float64
	Suppressed bool
	ReusableAt time.Time
	// EpisodeEnds is when the episode ends if the subject stays quiet; zero when there is no
	// episode or FailureTimeout is 0.
	EpisodeEnds time.Time
}

// outputID returns s when it is a valid notify event id (at most 128 printable ASCII bytes),
// or a hash of it with the given prefix.
func outputID(prefix, s string) string {
	ok := len(s) <= 128
	for i := 0; ok && i < len(s); i++ {
		ok = s[i] > ' ' && s[i] < 0x7f
	}
	if ok {
		return s
	}
	h := sha256.Sum256([]byte(s))
	return prefix + hex.EncodeToString(h[:20])
}

// subjectKey renders a subject compactly for ids: the four fields joined by '|'.
func subjectKey(s Subject) string {
	return s.Location + "|" + s.TypeID + "|" + s.GroupID + "|" + s.Member
}
