package analyze

import (
	"errors"
	"math"
	"strings"
	"testing"
	"time"
)

func TestDefaultConfigIsValid(t *testing.T) {
	if err := DefaultConfig().Validate(); err != nil {
		t.Fatal(err)
	}
}

func TestConfigValidate(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(*Config)
		want   []string // every one must be in the error
	}{
		{"correlation", func(c *Config) { c.CorrelationWindow = -time.Second }, []string{"CorrelationWindow -1s must be positive"}},
		{"transient", func(c *Config) { c.TransientWindow = 0 }, []string{"TransientWindow 0s must be positive"}},
		{"flap threshold", func(c *Config) { c.FlapThreshold = 1 }, []string{"FlapThreshold 1 must be at least 2"}},
		{"nan penalty", func(c *Config) { c.FlapPenalty = math.NaN() }, []string{"FlapPenalty NaN must be a positive number"}},
		{"inf suppress", func(c *Config) { c.SuppressThreshold = math.Inf(1) }, []string{"SuppressThreshold +Inf must be a positive number"}},
		{"reuse above suppress", func(c *Config) { c.ReuseThreshold = 2500 }, []string{"ReuseThreshold 2500 must be below SuppressThreshold 2000"}},
		{"cap too low", func(c *Config) { c.MaxSuppressTime = 30 * time.Second },
			[]string{"MaxSuppressTime 30s with PenaltyHalfLife 1m0s caps the penalty at 1061, not above SuppressThreshold 2000"}},
		{"budget", func(c *Config) { c.RestartBudget = 0 }, []string{"RestartBudget 0 must be at least 1"}},
		{"negative failure timeout", func(c *Config) { c.FailureTimeout = -time.Minute }, []string{"FailureTimeout -1m0s must not be negative"}},
		{"short failure timeout", func(c *Config) { c.FailureTimeout = 20 * time.Second }, []string{
			"FailureTimeout 20s is shorter than TransientWindow 30s",
			"FailureTimeout 20s is shorter than FlapWindow 5m0s",
			"FailureTimeout 20s is shorter than MaxSuppressTime 10m0s",
		}},
		{"never forget", func(c *Config) { c.FailureTimeout = 0 }, nil},
		{"every problem at once", func(c *Config) { *c = Config{} }, []string{
			"CorrelationWindow 0s", "TransientWindow 0s", "FlapWindow 0s", "FlapThreshold 0", "FlapPenalty 0",
			"SuppressThreshold 0", "ReuseThreshold 0", "PenaltyHalfLife 0s", "MaxSuppressTime 0s", "RestartBudget 0",
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := DefaultConfig()
			tc.change(&c)
			err := c.Validate()
			if len(tc.want) == 0 {
				if err != nil {
					t.Fatalf("want valid, got %v", err)
				}
				return
			}
			if !errors.Is(err, ErrInvalidConfig) {
				t.Fatalf("want ErrInvalidConfig, got %v", err)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error lacks %q:\n%v", w, err)
				}
			}
			if _, err := New(c); !errors.Is(err, ErrInvalidConfig) {
				t.Errorf("New accepted the config: %v", err)
			}
		})
	}
}

func TestKind(t *testing.T) {
	for _, tc := range []struct {
		k               Kind
		fault, recovery bool
	}{
		{ObjectCrashFault, true, false},
		{HostCrashFault, true, false},
		{OmissionFault, true, false},
		{TimingFault, true, false},
		{ValueFault, true, false},
		{"PartitionFault", true, false}, // a kind notify may add later
		{MemberRecovered, false, true},
		{HostRecovered, false, true},
		{"Fault", false, false},
		{"Recovered", false, false},
		{"", false, false},
		{Kind(IncidentOpened), false, false}, // the analyzer's own outputs are refused
		{Kind(Classified), false, false},
		{Kind(ClassificationCleared), false, false},
		{Kind(Suppressed), false, false},
		{Kind(Reusable), false, false},
	} {
		if got := tc.k.IsFault(); got != tc.fault {
			t.Errorf("%q.IsFault() = %v", tc.k, got)
		}
		if got := tc.k.IsRecovery(); got != tc.recovery {
			t.Errorf("%q.IsRecovery() = %v", tc.k, got)
		}
	}
}

func TestSubject(t *testing.T) {
	host := Subject{Location: "h"}
	typ := Subject{Location: "h", TypeID: "T"}
	member := Subject{Location: "h", TypeID: "T", GroupID: "g", Member: "m"}
	for _, tc := range []struct {
		s     Subject
		scope Scope
		str   string
	}{
		{Subject{}, 0, ""},
		{host, ScopeLocation, "location=h"},
		{typ, ScopeType, "location=h type=T"},
		{member, ScopeMember, "location=h type=T group=g member=m"},
		{Subject{Location: "h", GroupID: "g"}, ScopeMember, "location=h group=g"},
		{Subject{Location: "h", Member: "m"}, ScopeMember, "location=h member=m"}, // notify would read a location
		{Subject{Member: "a b"}, ScopeMember, `member="a b"`},
		{Subject{TypeID: "T"}, ScopeType, "type=T"},
	} {
		if got := tc.s.Scope(); got != tc.scope {
			t.Errorf("%+v.Scope() = %v, want %v", tc.s, got, tc.scope)
		}
		if got := tc.s.String(); got != tc.str {
			t.Errorf("%+v.String() = %q, want %q", tc.s, got, tc.str)
		}
	}
	for _, tc := range []struct {
		c, f Subject
		want bool
	}{
		{host, typ, true},
		{host, member, true},
		{typ, member, true},
		{typ, Subject{Location: "h", TypeID: "U", GroupID: "g"}, false},
		{typ, Subject{Location: "h", GroupID: "g"}, false}, // type unknown: not covered by a type
		{host, Subject{Location: "h", GroupID: "g"}, true},
		{host, host, false},
		{member, host, false},
		{typ, typ, false},
		{host, Subject{Location: "other", GroupID: "g"}, false},
		{Subject{}, Subject{GroupID: "g"}, false},
	} {
		if got := tc.c.Covers(tc.f); got != tc.want {
			t.Errorf("[%s].Covers([%s]) = %v, want %v", tc.c, tc.f, got, tc.want)
		}
	}
	// A member's identity leaves out its type.
	a, _ := New(DefaultConfig())
	at := scriptEpoch
	if _, err := a.Observe(Event{ID: "1", Kind: ObjectCrashFault, Time: at, Location: "h", TypeID: "T", GroupID: "g", Member: "m"}); err != nil {
		t.Fatal(err)
	}
	if st := a.Status(Subject{Location: "h", GroupID: "g", Member: "m"}); !st.Down || st.Subject.TypeID != "T" {
		t.Fatalf("status without the type: %+v", st)
	}
}

func TestObserveRejects(t *testing.T) {
	a, _ := New(DefaultConfig())
	at := scriptEpoch
	for _, tc := range []struct {
		ev   Event
		want string
	}{
		{Event{Kind: ObjectCrashFault, Time: at, Location: "h"}, "no ID"},
		{Event{ID: "x", Kind: ObjectCrashFault, Location: "h"}, "zero Time"},
		{Event{ID: "x", Kind: "IncidentOpened", Time: at, Location: "h"}, `kind "IncidentOpened" is neither`},
		{Event{ID: "x", Kind: ObjectCrashFault, Time: at}, "names nothing"},
		{Event{ID: "x", Kind: ObjectCrashFault, Time: at, TypeID: "T"}, `type "T" without a location`},
	} {
		out, err := a.Observe(tc.ev)
		if !errors.Is(err, ErrInvalidEvent) || !strings.Contains(err.Error(), tc.want) || out != nil {
			t.Errorf("Observe(%+v) = %v, %v; want ErrInvalidEvent with %q", tc.ev, out, err, tc.want)
		}
	}
	if !a.Now().IsZero() {
		t.Errorf("a refused event moved the clock to %v", a.Now())
	}
	if _, err := a.Restarted(Subject{}, at); !errors.Is(err, ErrInvalidSubject) {
		t.Errorf("Restarted(empty) = %v", err)
	}
	if _, err := a.Clear(Subject{TypeID: "T"}, at); !errors.Is(err, ErrInvalidSubject) {
		t.Errorf("Clear(type without location) = %v", err)
	}
}

// TestSuppressionMatchesHalfLife checks the damping arithmetic against the closed form: n
// faults at the same instant give n×FlapPenalty (capped), which decays to ReuseThreshold
// after HalfLife×log2(n×FlapPenalty/ReuseThreshold).
func TestSuppressionMatchesHalfLife(t *testing.T) {
	cfg := DefaultConfig()
	cfg.FlapThreshold, cfg.RestartBudget = 100, 100 // only damping here
	for n := 1; n <= 12; n++ {
		a, _ := New(cfg)
		m := Subject{Location: "h", GroupID: "g", Member: "m"}
		for i := range n {
			id := string(rune('a' + i))
			a.Observe(Event{ID: id, Kind: ObjectCrashFault, Time: scriptEpoch, Location: "h", GroupID: "g", Member: "m"})
			a.Restarted(m, scriptEpoch)
		}
		p := min(float64(n)*cfg.FlapPenalty, cfg.maxPenalty())
		st := a.Status(m)
		if math.Abs(st.Penalty-p) > 1e-6 {
			t.Fatalf("n=%d: penalty %v, want %v", n, st.Penalty, p)
		}
		if want := p > cfg.SuppressThreshold; st.Suppressed != want {
			t.Fatalf("n=%d: suppressed %v, want %v", n, st.Suppressed, want)
		}
		if !st.Suppressed {
			continue
		}
		want := time.Duration(float64(cfg.PenaltyHalfLife) * math.Log2(p/cfg.ReuseThreshold))
		if got := st.ReusableAt.Sub(scriptEpoch); got < want || got > want+time.Millisecond || got > cfg.MaxSuppressTime {
			t.Fatalf("n=%d: reusable after %v, want %v (at most MaxSuppressTime %v)", n, got, want, cfg.MaxSuppressTime)
		}
		// The penalty at the reuse time is at most the threshold, and just before it above.
		before := st.ReusableAt.Add(-time.Millisecond)
		if pb := p * math.Exp2(-float64(before.Sub(scriptEpoch))/float64(cfg.PenaltyHalfLife)); pb <= cfg.ReuseThreshold {
			t.Fatalf("n=%d: penalty %v a millisecond before the reuse time is not above the threshold", n, pb)
		}
		if d := a.MayRestart(m); !errors.Is(d.Err, ErrSuppressed) || !d.Until.Equal(st.ReusableAt) {
			t.Fatalf("n=%d: MayRestart = %+v", n, d)
		}
		out := a.Tick(st.ReusableAt.Add(-time.Nanosecond))
		if len(out) != 0 {
			t.Fatalf("n=%d: outputs before the reuse time: %v", n, out)
		}
		out = a.Tick(st.ReusableAt)
		if len(out) != 1 || out[0].Kind != Reusable || !out[0].At.Equal(st.ReusableAt) {
			t.Fatalf("n=%d: at the reuse time: %v", n, out)
		}
	}
}

func TestOutputIDs(t *testing.T) {
	long := strings.Repeat("x", 200)
	for _, tc := range []struct {
		in   string
		hash bool
	}{
		{"inc-f1", false},
		{"Classified/h||g|m/permanent/f9", false},
		{strings.Repeat("y", 128), false},
		{strings.Repeat("y", 129), true},
		{"has space", true},
		{"ünïcode", true},
		{long, true},
	} {
		got := outputID("an-", tc.in)
		if (got != tc.in) != tc.hash || len(got) > 128 {
			t.Errorf("outputID(%q) = %q, hash %v", tc.in, got, tc.hash)
		}
	}
	if outputID("an-", long) != outputID("an-", long) || outputID("an-", long) == outputID("an-", long+"z") {
		t.Error("hashed ids are not a function of the input")
	}
	// A long event id still gives a valid incident id.
	a, _ := New(DefaultConfig())
	out, _ := a.Observe(Event{ID: long, Kind: HostCrashFault, Time: scriptEpoch, Location: "h"})
	if len(out) != 1 || len(out[0].ID) > 128 || len(out[0].Incident.ID) > 128 || !strings.HasPrefix(out[0].Incident.ID, "inc-") {
		t.Fatalf("outputs for a long id: %+v", out)
	}
}

func TestOutputEvidenceAndSeverity(t *testing.T) {
	a, _ := New(DefaultConfig())
	at := scriptEpoch
	a.Observe(Event{ID: "m", Kind: ObjectCrashFault, Time: at, Location: "h", GroupID: "g", Member: "m1", Evidence: map[string]string{"pid": "7"}})
	out, _ := a.Observe(Event{ID: "h", Kind: HostCrashFault, Time: at.Add(time.Second), Location: "h"})
	if len(out) != 2 || out[0].Kind != IncidentOpened || out[1].Kind != IncidentMerged {
		t.Fatalf("outputs: %v", out)
	}
	ev := out[0].Evidence()
	for k, v := range map[string]string{"incident": "inc-h", "cause": "h", "cause_kind": "HostCrashFault", "consequences": "1", "repeats": "0", "absorbed": "1"} {
		if ev[k] != v {
			t.Errorf("evidence[%q] = %q, want %q (all: %v)", k, ev[k], v, ev)
		}
	}
	if got := out[1].Evidence()["merged_into"]; got != "inc-h" {
		t.Errorf("merged_into = %q", got)
	}
	if out[0].Severity() != "error" || out[1].Severity() != "info" {
		t.Errorf("severities %q %q", out[0].Severity(), out[1].Severity())
	}
	if got := strings.Join(out[0].Related, ","); got != "h,m" {
		t.Errorf("related = %q", got)
	}
	// The caller owns the snapshot: changing it changes nothing inside.
	out[0].Incident.Consequences[0].Evidence["pid"] = "changed"
	if inc := a.Incidents()[0]; inc.Consequences[0].Evidence["pid"] != "7" {
		t.Errorf("a snapshot aliases the analyzer's state: %v", inc.Consequences[0].Evidence)
	}
	perm := Output{Kind: Classified, At: at, Class: Permanent, Reason: "r", Until: at}
	if perm.Severity() != "critical" || perm.Evidence()["class"] != "permanent" || perm.Evidence()["until"] != "2026-01-01T00:00:00Z" {
		t.Errorf("permanent: %q %v", perm.Severity(), perm.Evidence())
	}
	if !strings.HasPrefix(perm.String(), "2026-01-01T00:00:00Z Classified [] permanent") {
		t.Errorf("String() = %q", perm.String())
	}
}

// TestTimeNeverGoesBack: an input older than the clock is handled at the clock's time, and a
// Tick into the past does nothing.
func TestTimeNeverGoesBack(t *testing.T) {
	a, _ := New(DefaultConfig())
	a.Tick(scriptEpoch.Add(time.Minute))
	out, _ := a.Observe(Event{ID: "late", Kind: ObjectCrashFault, Time: scriptEpoch.Add(55 * time.Second), Location: "h", GroupID: "g"})
	if len(out) != 1 || !out[0].At.Equal(scriptEpoch.Add(time.Minute)) {
		t.Fatalf("late event: %v", out)
	}
	if out := a.Tick(scriptEpoch); len(out) != 0 || !a.Now().Equal(scriptEpoch.Add(time.Minute)) {
		t.Fatalf("tick into the past: %v, now %v", out, a.Now())
	}
	// The late fault's TransientWindow ends 30s after its own time, not the clock's.
	if d, ok := a.NextDeadline(); !ok || !d.Equal(scriptEpoch.Add(85*time.Second)) {
		t.Fatalf("next deadline %v %v", d, ok)
	}
}
