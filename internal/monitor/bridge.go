package monitor

import (
	"fmt"
	"strconv"

	"github.com/wardenft/warden/analyze"
	"github.com/wardenft/warden/detect"
	"github.com/wardenft/warden/notify"
)

// Placement says where a monitored source sits, in FT-CORBA's terms. Which fields are set says
// what a fault of the source means: Location only (Host) is a host; Member is one member.
type Placement struct {
	Domain   string
	Location string
	TypeID   string
	GroupID  string
	Member   string
	Host     bool // the source stands for its whole location (an agent's heartbeat)
}

// Kinds the monitor adds to notify's well-known ones.
const (
	// KindMemberUp is pushed when a detector first hears from a source.
	KindMemberUp notify.Kind = "MemberUp"
	// KindHostRecovered is the recovery of a host (location) fault.
	KindHostRecovered notify.Kind = "HostRecovered"
)

// VerdictEvent turns a detector's verdict into a fault event, following the mapping in package
// detect's documentation: a crash is an ObjectCrashFault (a HostCrashFault for a host), amnesia
// an ObjectCrashFault with prev_incarnation in the evidence, omission and timing their own
// kinds, and the end of a fault a MemberRecovered (HostRecovered) naming the semantics.
func VerdictEvent(v detect.Verdict, p Placement) *notify.Event {
	ev := &notify.Event{
		Time:     v.At,
		Domain:   p.Domain,
		Location: p.Location,
		Detector: string(v.Detector),
		Evidence: v.Evidence.KeyValues(),
	}
	if !p.Host {
		ev.TypeID, ev.GroupID, ev.Member = p.TypeID, p.GroupID, p.Member
	}
	if ev.Evidence == nil {
		ev.Evidence = map[string]string{}
	}
	ev.Evidence["source"] = v.Source
	ev.Evidence["semantics"] = v.Semantics.String()
	ev.Evidence["state"] = v.State.String()
	if !v.Since.IsZero() {
		ev.Evidence["since"] = v.Since.UTC().Format("2006-01-02T15:04:05.000000000Z07:00")
	}
	ev.Evidence["certain"] = strconv.FormatBool(v.Certain)
	switch v.Kind {
	case detect.KindUp:
		ev.Kind, ev.Severity = KindMemberUp, notify.SeverityInfo
	case detect.KindRecovered:
		ev.Kind, ev.Severity = notify.MemberRecovered, notify.SeverityInfo
		if p.Host {
			ev.Kind = KindHostRecovered
		}
	case detect.KindFault:
		switch v.Semantics {
		case detect.Omission:
			ev.Kind, ev.Severity = notify.OmissionFault, notify.SeverityWarning
		case detect.Timing:
			ev.Kind, ev.Severity = notify.TimingFault, notify.SeverityWarning
		default: // crash, amnesia
			ev.Kind, ev.Severity = notify.ObjectCrashFault, notify.SeverityError
			if p.Host {
				ev.Kind = notify.HostCrashFault
			}
			if v.Certain {
				ev.Severity = notify.SeverityCritical
			}
		}
	}
	// The same verdict gives the same id, so a repeated push is dropped by the notifier.
	ev.ID = fmt.Sprintf("%s/%s/%s/%d", v.Detector, v.Source, ev.Kind, v.At.UnixNano())
	return ev
}

// AnalyzerEvent is the analyzer's view of a fault event (the field-for-field copy documented in
// package analyze). ok is false for events the analyzer does not take: anything but a fault or a
// recovery, and the analyzer's own outputs.
func AnalyzerEvent(e *notify.Event) (analyze.Event, bool) {
	k := analyze.Kind(e.Kind)
	if e.Detector == analyzerDetector || !k.IsFault() && !k.IsRecovery() {
		return analyze.Event{}, false
	}
	return analyze.Event{
		ID: e.ID, Kind: k, Time: e.Time,
		Location: e.Location, TypeID: e.TypeID, GroupID: e.GroupID, Member: e.Member,
		Detector: e.Detector, Evidence: e.Evidence,
	}, true
}

const analyzerDetector = "analyzer"

// maxRelated is notify's bound on RelatedIDs.
const maxRelated = 256

// OutputEvent turns an analyzer output (incident, classification, suppression) into an event
// for the notifier, as the table in package analyze's documentation says.
func OutputEvent(o analyze.Output, domain string) *notify.Event {
	sev := notify.SeverityInfo
	if s, ok := notify.ParseSeverity(o.Severity()); ok {
		sev = s
	}
	related := o.Related
	if len(related) > maxRelated {
		related = related[:maxRelated]
	}
	return &notify.Event{
		ID:         o.ID,
		Kind:       notify.Kind(o.Kind),
		Time:       o.At,
		Domain:     domain,
		Location:   o.Subject.Location,
		TypeID:     o.Subject.TypeID,
		GroupID:    o.Subject.GroupID,
		Member:     o.Subject.Member,
		Detector:   analyzerDetector,
		Severity:   sev,
		Evidence:   o.Evidence(),
		RelatedIDs: related,
	}
}
