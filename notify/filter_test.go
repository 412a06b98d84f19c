package notify_test

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/wardenft/warden/notify"
)

func TestCompileFilterErrors(t *testing.T) {
	for _, tc := range []struct {
		expr string
		want string // in the message
	}{
		{`event.kind ==`, "Syntax error"},
		{`event.knd == "x"`, "undefined field 'knd'"},
		{`kind == "x"`, "undeclared reference to 'kind'"},
		{`event.kind`, "must be a bool"},
		{`event.severity_level == "3"`, "found no matching overload"},
		{strings.Repeat(" ", notify.MaxFilterLen) + "true", "at most"},
		{`event.related_ids.all(a, event.related_ids.all(b, event.related_ids.all(c, a + b + c != "")))`, "too costly"},
	} {
		f, err := notify.CompileFilter(tc.expr)
		var fe *notify.FieldError
		if !errors.As(err, &fe) || fe.Field != "filter" || !errors.Is(err, notify.ErrInvalid) {
			t.Errorf("CompileFilter(%.60q) = %v, %v; want a FieldError for \"filter\"", tc.expr, f, err)
			continue
		}
		if !strings.Contains(fe.Reason, tc.want) {
			t.Errorf("CompileFilter(%.60q): %q does not say %q", tc.expr, fe.Reason, tc.want)
		}
	}
}

func TestFilterMatches(t *testing.T) {
	ev := &notify.Event{
		ID: "ev-1", Seq: 9, Kind: notify.ObjectCrashFault, Time: t0, Domain: "prod", Location: "rack1-host-a",
		TypeID: "bank.Account", GroupID: "accounts", Member: "m1", Detector: "process",
		Severity: notify.SeverityError, Evidence: map[string]string{"signal": "SIGKILL"},
		RelatedIDs: []string{"ev-0"},
	}
	for _, tc := range []struct {
		expr        string
		match       bool
		err         bool
		interpreted bool
	}{
		{``, true, false, false},
		{`event.kind == "ObjectCrashFault" && event.location == "rack1-host-a"`, true, false, false},
		{`event.kind == "ObjectCrashFault" && event.location == "host-b"`, false, false, false},
		{`event.kind in ["HostCrashFault", "ObjectCrashFault"]`, true, false, false},
		{`event.location.startsWith("rack1-") && !event.location.endsWith("-b")`, true, false, false},
		{`event.severity == "error" && event.severity_level >= 3`, true, false, false},
		{`event.scope == "member" && event.seq > 5`, true, false, false},
		{`"signal" in event.evidence && event.evidence["signal"] == "SIGKILL"`, true, false, false},
		{`has(event.evidence.signal) && event.evidence.signal.contains("KILL")`, true, false, false},
		{`event.evidence["errno"] == "5"`, false, true, false},
		{`event.kind == "HostCrashFault" && event.evidence["errno"] == "5"`, false, false, false}, // false && error
		{`event.evidence["errno"] == "5" || event.domain == "prod"`, true, false, false},          // error || true
		{`event.time > timestamp("2026-01-01T00:00:00Z")`, true, false, true},
		{`event.related_ids.exists(r, r == "ev-0")`, true, false, true},
		{`event.location.matches("^rack[0-9]+-")`, true, false, true},
		{`size(event.evidence) == 1 && event.member != ""`, true, false, true},
	} {
		f, err := notify.CompileFilter(tc.expr)
		if err != nil {
			t.Errorf("CompileFilter(%q): %v", tc.expr, err)
			continue
		}
		if f.Interpreted() != tc.interpreted {
			t.Errorf("%q: Interpreted() = %v, want %v", tc.expr, f.Interpreted(), tc.interpreted)
		}
		got, err := f.Match(ev)
		if got != tc.match || (err != nil) != tc.err {
			t.Errorf("%q: Match = %v, %v; want %v, error %v", tc.expr, got, err, tc.match, tc.err)
		}
		if err != nil && (!errors.Is(err, notify.ErrFilterEval) || !strings.Contains(err.Error(), "no such key")) {
			t.Errorf("%q: error %v, want ErrFilterEval saying no such key", tc.expr, err)
		}
	}
}

// TestFilterTranslationMatchesInterpreter generates filters in (and around) the shapes the
// translation handles and events from a small vocabulary, and checks that translated filters
// give the interpreter's answer, errors included.
func TestFilterTranslationMatchesInterpreter(t *testing.T) {
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d (replay: edit the seed into the test)", seed)
	r := rand.New(rand.NewPCG(seed, 1))
	events := make([]*notify.Event, 40)
	for i := range events {
		events[i] = randomEvent(r)
	}
	translated := 0
	for i := 0; i < 400; i++ {
		expr := genBool(r, 3)
		fast, err := notify.CompileFilter(expr)
		if err != nil {
			t.Fatalf("CompileFilter(%q): %v", expr, err)
		}
		slow, err := notify.CompileFilterInterpreted(expr)
		if err != nil {
			t.Fatal(err)
		}
		if !fast.Interpreted() {
			translated++
		}
		for _, ev := range events {
			a, aerr := fast.Match(ev)
			b, berr := slow.Match(ev)
			if a != b || (aerr != nil) != (berr != nil) {
				t.Fatalf("seed %d: %q on %+v: translated %v, %v; interpreter %v, %v", seed, expr, ev, a, aerr, b, berr)
			}
		}
	}
	if translated < 300 {
		t.Errorf("only %d of 400 generated filters were translated", translated)
	}
}

var (
	vocab     = []string{"", "a", "b", "host-a", "host-b", "ObjectCrashFault", "HostCrashFault", "x1"}
	strFields = []string{"id", "kind", "domain", "location", "type_id", "object_group_id", "member", "detector", "severity", "scope"}
	evKeys    = []string{"a", "b", "errno"}
)

func randomEvent(r *rand.Rand) *notify.Event {
	pick := func() string { return vocab[r.IntN(len(vocab))] }
	e := &notify.Event{ID: "ev-" + pick(), Seq: uint64(r.IntN(5)), Kind: notify.Kind("K" + pick()),
		Domain: pick(), Location: pick(), TypeID: pick(), GroupID: pick(), Member: pick(), Detector: pick(),
		Severity: notify.Severity(r.IntN(5))}
	if r.IntN(3) > 0 {
		e.Evidence = map[string]string{}
		for _, k := range evKeys {
			if r.IntN(2) == 0 {
				e.Evidence[k] = pick()
			}
		}
	}
	return e
}

func genStr(r *rand.Rand) string {
	switch r.IntN(6) {
	case 0, 1:
		return fmt.Sprintf("%q", vocab[r.IntN(len(vocab))])
	case 2:
		return fmt.Sprintf("event.evidence[%q]", evKeys[r.IntN(len(evKeys))])
	case 3:
		return "event.evidence." + evKeys[r.IntN(len(evKeys))]
	default:
		return "event." + strFields[r.IntN(len(strFields))]
	}
}

func genInt(r *rand.Rand) string {
	switch r.IntN(3) {
	case 0:
		return fmt.Sprint(r.IntN(6) - 1)
	case 1:
		return "event.seq"
	}
	return "event.severity_level"
}

func genBool(r *rand.Rand, depth int) string {
	ops := []string{"==", "!=", "<", "<=", ">", ">="}
	n := 9
	if depth == 0 {
		n = 6
	}
	switch r.IntN(n) {
	case 0:
		return genStr(r) + " " + ops[r.IntN(len(ops))] + " " + genStr(r)
	case 1:
		return genInt(r) + " " + ops[r.IntN(len(ops))] + " " + genInt(r)
	case 2:
		var lits []string
		for range r.IntN(11) {
			lits = append(lits, fmt.Sprintf("%q", vocab[r.IntN(len(vocab))]))
		}
		return genStr(r) + " in [" + strings.Join(lits, ", ") + "]"
	case 3:
		if r.IntN(2) == 0 {
			return fmt.Sprintf("%s in event.evidence", genStr(r))
		}
		return fmt.Sprintf("has(event.evidence.%s)", evKeys[r.IntN(len(evKeys))])
	case 4:
		fn := []string{"startsWith", "endsWith", "contains"}[r.IntN(3)]
		return fmt.Sprintf("%s.%s(%s)", genStr(r), fn, genStr(r))
	case 5:
		if r.IntN(4) == 0 { // outside the translation: the whole filter is interpreted
			return fmt.Sprintf("size(%s) > 1", genStr(r))
		}
		return []string{"true", "false"}[r.IntN(2)]
	case 6:
		return "!(" + genBool(r, depth-1) + ")"
	case 7:
		return "(" + genBool(r, depth-1) + ") && (" + genBool(r, depth-1) + ")"
	}
	return "(" + genBool(r, depth-1) + ") || (" + genBool(r, depth-1) + ")"
}

func TestFilterIndex(t *testing.T) {
	for _, tc := range []struct{ expr, field string }{
		{`event.kind == "ObjectCrashFault" && event.location == "host-a"`, "location"},
		{`event.location == "host-a" && event.member == "m"`, "member"},
		{`"g1" == event.object_group_id`, "object_group_id"},
		{`event.kind in ["A", "B"] && event.severity_level > 2`, "kind"},
		{`event.kind == "A" || event.location == "b"`, ""}, // a disjunction decides nothing alone
		{`!(event.kind == "A")`, ""},                       // nor a negation
		{`event.kind == event.location`, ""},               // nor a comparison of fields
		{`event.evidence["k"] == "v" && event.time > timestamp("2026-01-01T00:00:00Z")`, ""},
		{`event.related_ids.exists(r, r == "x") && event.domain == "prod"`, "domain"}, // interpreted filters too
	} {
		f := notify.MustCompileFilter(tc.expr)
		if got := notify.IndexField(f); got != tc.field {
			t.Errorf("%s: indexed on %q, want %q", tc.expr, got, tc.field)
		}
	}
}
