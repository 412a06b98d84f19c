package monitor

import (
	"testing"
	"time"

	"github.com/wardenft/warden/analyze"
	"github.com/wardenft/warden/detect"
	"github.com/wardenft/warden/notify"
)

func TestVerdictEvent(t *testing.T) {
	at := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	member := Placement{Domain: "d", Location: "host-a", TypeID: "bank", GroupID: "g1", Member: "m1"}
	host := Placement{Domain: "d", Location: "host-a", Member: "agent-a", Host: true}
	for _, tc := range []struct {
		name     string
		v        detect.Verdict
		p        Placement
		kind     notify.Kind
		severity notify.Severity
	}{
		{"up", detect.Verdict{Kind: detect.KindUp}, member, KindMemberUp, notify.SeverityInfo},
		{"suspected crash", detect.Verdict{Kind: detect.KindFault, Semantics: detect.Crash}, member, notify.ObjectCrashFault, notify.SeverityError},
		{"process exit", detect.Verdict{Kind: detect.KindFault, Semantics: detect.Crash, Certain: true}, member, notify.ObjectCrashFault, notify.SeverityCritical},
		{"amnesia", detect.Verdict{Kind: detect.KindFault, Semantics: detect.Amnesia, Certain: true}, member, notify.ObjectCrashFault, notify.SeverityCritical},
		{"omission", detect.Verdict{Kind: detect.KindFault, Semantics: detect.Omission}, member, notify.OmissionFault, notify.SeverityWarning},
		{"timing", detect.Verdict{Kind: detect.KindFault, Semantics: detect.Timing}, member, notify.TimingFault, notify.SeverityWarning},
		{"recovered", detect.Verdict{Kind: detect.KindRecovered, Semantics: detect.Pause}, member, notify.MemberRecovered, notify.SeverityInfo},
		{"host crash", detect.Verdict{Kind: detect.KindFault, Semantics: detect.Crash}, host, notify.HostCrashFault, notify.SeverityError},
		{"host recovered", detect.Verdict{Kind: detect.KindRecovered, Semantics: detect.Pause}, host, KindHostRecovered, notify.SeverityInfo},
	} {
		tc.v.Source, tc.v.Detector, tc.v.At = tc.p.Member, "test", at
		e := VerdictEvent(tc.v, tc.p)
		if e.Kind != tc.kind || e.Severity != tc.severity {
			t.Errorf("%s: kind %s severity %v, want %s %v", tc.name, e.Kind, e.Severity, tc.kind, tc.severity)
		}
		if err := e.Validate(); err != nil {
			t.Errorf("%s: event does not validate: %v", tc.name, err)
		}
		if e.Evidence["semantics"] != tc.v.Semantics.String() || e.Evidence["source"] != tc.p.Member {
			t.Errorf("%s: evidence %v", tc.name, e.Evidence)
		}
		// FT-CORBA scope: a host fault names only the location.
		if tc.p.Host && (e.Member != "" || e.GroupID != "" || e.Scope() != notify.ScopeLocation) {
			t.Errorf("%s: host event names %q/%q, scope %v", tc.name, e.GroupID, e.Member, e.Scope())
		}
		if !tc.p.Host && e.Member != "m1" {
			t.Errorf("%s: member %q", tc.name, e.Member)
		}
		if again := VerdictEvent(tc.v, tc.p); again.ID != e.ID {
			t.Errorf("%s: the same verdict gave ids %s and %s", tc.name, e.ID, again.ID)
		}
	}
}

// TestAnalyzerRoundTrip feeds a host crash and a member crash through the bridge into a real
// analyzer and back: the member's fault joins the host's incident, and the analyzer's outputs
// are valid events the analyzer itself refuses.
func TestAnalyzerRoundTrip(t *testing.T) {
	a, err := analyze.New(analyze.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	hostV := detect.Verdict{Source: "agent-a", Detector: "heartbeat-phi", Kind: detect.KindFault, Semantics: detect.Crash, At: at}
	memV := detect.Verdict{Source: "m1", Detector: "process", Kind: detect.KindFault, Semantics: detect.Crash, Certain: true, At: at.Add(time.Second)}
	var outs []analyze.Output
	for _, ev := range []*notify.Event{
		VerdictEvent(hostV, Placement{Location: "host-a", Member: "agent-a", Host: true}),
		VerdictEvent(memV, Placement{Location: "host-a", GroupID: "g1", Member: "m1"}),
	} {
		ae, ok := AnalyzerEvent(ev)
		if !ok {
			t.Fatalf("analyzer does not take %s", ev.Kind)
		}
		o, err := a.Observe(ae)
		if err != nil {
			t.Fatal(err)
		}
		outs = append(outs, o...)
	}
	inc := a.Incidents()
	if len(inc) != 1 || inc[0].Cause.Kind != analyze.Kind(notify.HostCrashFault) || len(inc[0].Consequences) != 1 {
		t.Fatalf("incidents %+v", inc)
	}
	if len(outs) == 0 {
		t.Fatal("no outputs")
	}
	for _, o := range outs {
		ev := OutputEvent(o, "d")
		if err := ev.Validate(); err != nil {
			t.Errorf("output %s is not a valid event: %v", o, err)
		}
		if _, ok := AnalyzerEvent(ev); ok {
			t.Errorf("analyzer would consume its own output %s", ev.Kind)
		}
	}
}
