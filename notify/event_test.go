package notify_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/wardenft/warden/notify"
)

func TestEventValidate(t *testing.T) {
	long := strings.Repeat("x", 257)
	bigEvidence := map[string]string{}
	for i := range 65 {
		bigEvidence[strings.Repeat("k", i+1)] = "v"
	}
	for _, tc := range []struct {
		name  string
		edit  func(*notify.Event)
		field string // "" means valid
	}{
		{"valid", func(*notify.Event) {}, ""},
		{"no id, no time", func(e *notify.Event) { e.ID, e.Time = "", time.Time{} }, ""},
		{"analyzer kind", func(e *notify.Event) { e.Kind = "analyze.IntermittentFault" }, ""},
		{"missing kind", func(e *notify.Event) { e.Kind = "" }, "kind"},
		{"kind with space", func(e *notify.Event) { e.Kind = "Object Crash" }, "kind"},
		{"kind starting with digit", func(e *notify.Event) { e.Kind = "1Fault" }, "kind"},
		{"kind too long", func(e *notify.Event) { e.Kind = notify.Kind(strings.Repeat("K", 65)) }, "kind"},
		{"id with space", func(e *notify.Event) { e.ID = "a b" }, "id"},
		{"id too long", func(e *notify.Event) { e.ID = strings.Repeat("i", 129) }, "id"},
		{"location too long", func(e *notify.Event) { e.Location = long }, "location"},
		{"group not utf-8", func(e *notify.Event) { e.GroupID = "\xff" }, "object_group_id"},
		{"severity", func(e *notify.Event) { e.Severity = 9 }, "severity"},
		{"evidence empty key", func(e *notify.Event) { e.Evidence = map[string]string{"": "v"} }, `evidence[""]`},
		{"evidence value too long", func(e *notify.Event) { e.Evidence = map[string]string{"k": strings.Repeat("v", 4097)} }, `evidence["k"]`},
		{"evidence too many", func(e *notify.Event) { e.Evidence = bigEvidence }, "evidence"},
		{"related id", func(e *notify.Event) { e.RelatedIDs = []string{"ok", ""} }, "related_ids[1]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := crash("host-a", "g1")
			e.ID = "ev-1"
			e.Time = t0
			tc.edit(e)
			before := e.Clone()
			err := e.Validate()
			if !reflect.DeepEqual(before, e) {
				t.Errorf("Validate changed the event:\n%+v\n%+v", before, e)
			}
			if tc.field == "" {
				if err != nil {
					t.Fatalf("Validate: %v", err)
				}
				return
			}
			var fe *notify.FieldError
			if !errors.As(err, &fe) || !errors.Is(err, notify.ErrInvalid) {
				t.Fatalf("Validate = %v, want a *FieldError wrapping ErrInvalid", err)
			}
			if fe.Field != tc.field || fe.Reason == "" {
				t.Errorf("field %q reason %q, want field %q", fe.Field, fe.Reason, tc.field)
			}
		})
	}
}

func TestEventScope(t *testing.T) {
	for _, tc := range []struct {
		loc, typ, group string
		want            notify.Scope
	}{
		{"", "", "", notify.ScopeDomain},
		{"host-a", "", "", notify.ScopeLocation},
		{"host-a", "bank.Account", "", notify.ScopeType},
		{"host-a", "bank.Account", "g1", notify.ScopeMember},
		{"host-a", "", "g1", notify.ScopeMember},
	} {
		e := &notify.Event{Kind: notify.HostCrashFault, Location: tc.loc, TypeID: tc.typ, GroupID: tc.group}
		if got := e.Scope(); got != tc.want {
			t.Errorf("location %q type %q group %q: scope %q, want %q", tc.loc, tc.typ, tc.group, got, tc.want)
		}
	}
}

func TestEventProtoRoundTrip(t *testing.T) {
	e := &notify.Event{
		ID: "ev-7", Seq: 7, Kind: notify.ValueFault, Time: t0.Add(123 * time.Nanosecond),
		Domain: "d", Location: "host-b", TypeID: "t", GroupID: "g", Member: "m", Detector: "vote",
		Severity: notify.SeverityCritical, Evidence: map[string]string{"digest": "ab12"},
		RelatedIDs: []string{"ev-5", "ev-6"},
	}
	back, err := notify.EventFromProto(e.Proto())
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(e, back) {
		t.Errorf("round trip:\n got %+v\nwant %+v", back, e)
	}
	empty, err := notify.EventFromProto((&notify.Event{Kind: "X"}).Proto())
	if err != nil || !empty.Time.IsZero() || empty.Evidence != nil {
		t.Errorf("empty event round trip: %+v, %v", empty, err)
	}
}

func TestSeverityNames(t *testing.T) {
	for s := notify.SeverityUnspecified; s <= notify.SeverityCritical; s++ {
		got, ok := notify.ParseSeverity(s.String())
		if !ok || got != s {
			t.Errorf("ParseSeverity(%q) = %v, %v", s.String(), got, ok)
		}
	}
	if got, ok := notify.ParseSeverity("SEVERITY_WARNING"); !ok || got != notify.SeverityWarning {
		t.Errorf("proto name: %v %v", got, ok)
	}
	if _, ok := notify.ParseSeverity("fatal"); ok {
		t.Error("fatal parsed")
	}
}
