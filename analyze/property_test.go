package analyze

import (
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"
)

// The randomized property test: random configurations and random streams of faults,
// recoveries, restarts, ticks and clears (some events late by up to CorrelationWindow), with
// the properties below checked on the outputs. It prints its seed; -seed replays it.

var (
	propSeed = flag.Uint64("seed", 0, "seed of TestProperties (0: a new one, printed)")
	propRuns = flag.Int("runs", 200, "scenarios TestProperties runs")
)

type stepKind int

const (
	stepEvent stepKind = iota
	stepRestart
	stepTick
	stepClear
)

type step struct {
	kind stepKind
	ev   Event     // stepEvent
	subj Subject   // stepRestart, stepClear
	at   time.Time // stepRestart, stepTick, stepClear
}

type scenario struct {
	cfg   Config
	steps []step
}

func (s step) String() string {
	switch s.kind {
	case stepEvent:
		return fmt.Sprintf("%s %s at=%s [%s]", s.ev.ID, s.ev.Kind, rel(s.ev.Time), s.ev.Subject())
	case stepRestart:
		return fmt.Sprintf("restart at=%s [%s]", rel(s.at), s.subj)
	case stepTick:
		return fmt.Sprintf("tick at=%s", rel(s.at))
	}
	return fmt.Sprintf("clear at=%s [%s]", rel(s.at), s.subj)
}

var (
	propLocations = []string{"h1", "h2", "h3"}
	propTypes     = []string{"T", "U"}
	faultKinds    = []Kind{ObjectCrashFault, OmissionFault, TimingFault, ValueFault}
)

// propMember returns member i: three per location, in two groups, of a fixed type.
func propMember(i int) Subject {
	return Subject{Location: propLocations[i%3], GroupID: fmt.Sprintf("g%d", i%2), Member: fmt.Sprintf("m%d", i), TypeID: propTypes[i%2]}
}

func pickOf[T any](r *rand.Rand, xs ...T) T { return xs[r.IntN(len(xs))] }

func genScenario(r *rand.Rand) scenario {
	cfg := DefaultConfig()
	cfg.CorrelationWindow = pickOf(r, 2*time.Second, 5*time.Second, 10*time.Second)
	cfg.TransientWindow = pickOf(r, 5*time.Second, 15*time.Second, 30*time.Second)
	cfg.FlapWindow = time.Minute
	cfg.FlapThreshold = pickOf(r, 2, 3, 4)
	cfg.PenaltyHalfLife = pickOf(r, 10*time.Second, 30*time.Second)
	cfg.MaxSuppressTime = pickOf(r, time.Minute, 2*time.Minute)
	cfg.RestartBudget = pickOf(r, 1, 2, 3)
	cfg.FailureTimeout = pickOf(r, 0, 3*time.Minute, 5*time.Minute)

	var sc scenario
	sc.cfg = cfg
	clock := scriptEpoch
	faults, recs := 0, 0
	late := func() time.Time {
		if r.IntN(10) < 3 {
			return clock.Add(-time.Duration(r.Int64N(int64(cfg.CorrelationWindow) + 1)))
		}
		return clock
	}
	event := func(fault bool, s Subject) {
		ev := Event{Time: late(), Location: s.Location, TypeID: s.TypeID, GroupID: s.GroupID, Member: s.Member}
		if s.Scope() == ScopeMember && r.IntN(10) < 3 {
			ev.TypeID = "" // detectors that do not know the type
		}
		if fault {
			faults++
			ev.ID, ev.Kind = fmt.Sprintf("f%d", faults), pickOf(r, faultKinds...)
			if s.Scope() == ScopeLocation {
				ev.Kind = HostCrashFault
			}
		} else {
			recs++
			ev.ID, ev.Kind = fmt.Sprintf("r%d", recs), MemberRecovered
		}
		sc.steps = append(sc.steps, step{kind: stepEvent, ev: ev})
	}
	n := 40 + r.IntN(160)
	for range n {
		clock = clock.Add(time.Duration(r.Int64N(int64(6 * time.Second))))
		switch p := r.IntN(100); {
		case p < 35:
			event(true, propMember(r.IntN(9)))
		case p < 43:
			event(true, Subject{Location: pickOf(r, propLocations...)})
		case p < 47:
			event(true, Subject{Location: pickOf(r, propLocations...), TypeID: pickOf(r, propTypes...)})
		case p < 67:
			event(false, propMember(r.IntN(9)))
		case p < 75:
			event(false, Subject{Location: pickOf(r, propLocations...)})
		case p < 78:
			event(false, Subject{Location: pickOf(r, propLocations...), TypeID: pickOf(r, propTypes...)})
		case p < 88:
			sc.steps = append(sc.steps, step{kind: stepRestart, subj: propMember(r.IntN(9)), at: clock})
		case p < 98:
			if r.IntN(4) == 0 {
				clock = clock.Add(time.Duration(r.Int64N(int64(3 * time.Minute))))
			}
			sc.steps = append(sc.steps, step{kind: stepTick, at: clock})
		default:
			s := propMember(r.IntN(9))
			if r.IntN(2) == 0 {
				s = Subject{Location: pickOf(r, propLocations...)}
			}
			sc.steps = append(sc.steps, step{kind: stepClear, subj: s, at: clock})
		}
	}
	// Let every deadline pass.
	end := clock.Add(cfg.FailureTimeout + cfg.TransientWindow + cfg.MaxSuppressTime + time.Hour)
	sc.steps = append(sc.steps, step{kind: stepTick, at: end})
	return sc
}

// play feeds the scenario to a new Analyzer; with twice, every event is delivered twice in a
// row (a redelivery). check, when not nil, is called after every step.
func play(t *testing.T, sc scenario, twice bool, check func(i int, a *Analyzer, out []Output)) []Output {
	a, err := New(sc.cfg)
	if err != nil {
		t.Fatal(err)
	}
	var all []Output
	for i, s := range sc.steps {
		var out []Output
		switch s.kind {
		case stepEvent:
			out, err = a.Observe(s.ev)
			if err == nil && twice {
				var again []Output
				again, err = a.Observe(s.ev)
				if len(again) > 0 {
					t.Fatalf("step %d %s: the redelivery produced %d outputs: %v", i, s, len(again), again[0])
				}
			}
		case stepRestart:
			out, err = a.Restarted(s.subj, s.at)
		case stepTick:
			out = a.Tick(s.at)
		case stepClear:
			out, err = a.Clear(s.subj, s.at)
		}
		if err != nil {
			t.Fatalf("step %d %s: %v", i, s, err)
		}
		if check != nil {
			check(i, a, out)
		}
		all = append(all, out...)
	}
	if d, ok := a.NextDeadline(); ok {
		t.Fatalf("after the last tick a deadline is still pending at %s", rel(d))
	}
	return all
}

func render(out []Output) string {
	var b strings.Builder
	for _, o := range out {
		b.WriteString(o.ID + " " + o.format(rel) + "\n")
	}
	return b.String()
}

func TestProperties(t *testing.T) {
	seed := *propSeed
	if seed == 0 {
		seed = uint64(time.Now().UnixNano())
	}
	t.Logf("seed %d (replay: go test ./analyze -run TestProperties -seed %d)", seed, seed)
	r := rand.New(rand.NewPCG(seed, 0x5eed))
	for run := range *propRuns {
		sc := genScenario(r)
		ok := t.Run(fmt.Sprintf("run%d", run), func(t *testing.T) {
			checkScenario(t, sc)
		})
		if !ok {
			var b strings.Builder
			for i, s := range sc.steps {
				fmt.Fprintf(&b, "  %3d %s\n", i, s)
			}
			t.Fatalf("seed %d run %d failed (replay: go test ./analyze -run TestProperties -seed %d)\nconfig %+v\nsteps:\n%s",
				seed, run, seed, sc.cfg, b.String())
		}
	}
}

// checkScenario plays sc and checks:
//
//  1. Outputs: At never goes back, IDs are unique, an incident's versions count 1, 2, 3...
//  2. Repeats: a fault is a repeat exactly when its subject was already down (a naive model
//     of open faults: a fault opens, a recovery or a restart closes).
//  3. Membership: every fault is in exactly one live incident (as cause, consequence or
//     repeat), by the last snapshot of each incident that was not merged.
//  4. Root cause: every member fault that is not a repeat, with a location fault (not a
//     repeat) at its location within CorrelationWindow, is in an incident caused by a
//     location fault at that location.
//  5. Monotone classes: between two ClassificationCleared of a subject its classes never go
//     down; Intermittent and Permanent come at most once; Transient never after a higher
//     class. An episode ends (not by Clear) only FailureTimeout after the subject's last own
//     fault or restart.
//  6. Decisions: while a subject is permanent (classified, not cleared) MayRestart refuses
//     it; while a location is permanent or down, MayPlace refuses it.
//  7. Damping: Suppressed and Reusable alternate, a suppression lasts at most
//     MaxSuppressTime, and all have ended once every deadline passed.
//  8. Determinism and idempotence: playing again gives the same outputs, and so does
//     delivering every event twice.
func checkScenario(t *testing.T, sc scenario) {
	cfg := sc.cfg
	type naive struct {
		open      bool
		restartAt time.Time
		restarted bool
	}
	model := map[Subject]*naive{}
	get := func(s Subject) *naive {
		k := s.key()
		if model[k] == nil {
			model[k] = &naive{}
		}
		return model[k]
	}
	wantRepeat := map[string]bool{} // fault id -> repeat by the model
	ambiguous := map[string]bool{}  // a report older than a restart: repeat only if its incident is still live
	faultEv := map[string]Event{}

	var lastAt time.Time
	ids := map[string]bool{}
	versions := map[string]int{}
	live := map[string]*Incident{}
	permanent := map[Subject]bool{}
	classes := map[Subject][]Class{} // classes since the last clear
	lastActivity := map[Subject]time.Time{}
	suppressed := map[Subject]bool{}

	check := func(i int, a *Analyzer, out []Output) {
		s := sc.steps[i]
		fail := func(format string, args ...any) {
			t.Helper()
			t.Fatalf("step %d %s: %s", i, s, fmt.Sprintf(format, args...))
		}
		// The model.
		switch s.kind {
		case stepEvent:
			m := get(s.ev.Subject())
			if s.ev.Kind.IsFault() {
				faultEv[s.ev.ID] = s.ev
				switch {
				case m.open:
					wantRepeat[s.ev.ID] = true
				case m.restarted && s.ev.Time.Before(m.restartAt):
					ambiguous[s.ev.ID] = true
				default:
					m.open = true
				}
			} else {
				m.open = false
			}
		case stepRestart:
			m := get(s.subj)
			if m.open {
				m.open, m.restarted, m.restartAt = false, true, s.at
			}
		}
		// The outputs.
		for _, o := range out {
			if o.At.Before(lastAt) {
				fail("output At %s before the previous %s: %s", rel(o.At), rel(lastAt), o.format(rel))
			}
			lastAt = o.At
			if ids[o.ID] {
				fail("output ID %q repeats", o.ID)
			}
			ids[o.ID] = true
			k := o.Subject.key()
			switch o.Kind {
			case IncidentOpened, IncidentUpdated, IncidentResolved, IncidentMerged:
				inc := o.Incident
				if versions[inc.ID]+1 != inc.Version {
					fail("incident %s version %d after %d", inc.ID, inc.Version, versions[inc.ID])
				}
				versions[inc.ID] = inc.Version
				if o.Kind == IncidentMerged {
					delete(live, inc.ID)
				} else {
					live[inc.ID] = inc
				}
				if o.Kind == IncidentOpened {
					lastActivity[inc.Cause.Subject().key()] = o.At
				}
			case Classified:
				cs := classes[k]
				if n := len(cs); n > 0 && (o.Class < cs[n-1] || o.Class > Transient && o.Class == cs[n-1]) {
					fail("class %s after %v", o.Class, cs)
				}
				classes[k] = append(cs, o.Class)
				if o.Class == Permanent {
					permanent[k] = true
				}
			case ClassificationCleared:
				if s.kind != stepClear && cfg.FailureTimeout > 0 && o.At.Sub(lastActivity[k]) < cfg.FailureTimeout {
					fail("episode of [%s] ended at %s, %v after its last activity", k, rel(o.At), o.At.Sub(lastActivity[k]))
				}
				cs := classes[k]
				if len(cs) == 0 || cs[len(cs)-1] != o.Class {
					fail("cleared class %s, classes were %v", o.Class, cs)
				}
				delete(classes, k)
				delete(permanent, k)
			case Suppressed:
				if suppressed[k] {
					fail("suppressed twice")
				}
				if o.Until.Sub(o.At) > cfg.MaxSuppressTime {
					fail("suppressed for %v, over MaxSuppressTime %v", o.Until.Sub(o.At), cfg.MaxSuppressTime)
				}
				suppressed[k] = true
			case Reusable:
				if !suppressed[k] {
					fail("reusable without a suppression")
				}
				delete(suppressed, k)
			default:
				fail("unknown output kind %q", o.Kind)
			}
		}
		if s.kind == stepRestart { // after the outputs: deadlines before it fired first
			lastActivity[s.subj.key()] = s.at
		}
		// Decisions.
		for k := range permanent {
			if k.Scope() == ScopeMember {
				if d := a.MayRestart(k); d.Allowed() {
					fail("MayRestart allows permanent [%s]", k)
				}
			} else if k.Scope() == ScopeLocation {
				if d := a.MayPlace(k.Location, ""); !errors.Is(d.Err, ErrPermanent) {
					fail("MayPlace(%s) of a permanent location: %v", k.Location, d.Err)
				}
			}
		}
		for _, loc := range propLocations {
			if m := model[Subject{Location: loc}]; m != nil && m.open {
				if d := a.MayPlace(loc, ""); d.Allowed() {
					fail("MayPlace allows %s, which is down", loc)
				}
			}
		}
	}
	first := play(t, sc, false, check)

	if len(suppressed) > 0 {
		t.Fatalf("suppressions never ended: %v", suppressed)
	}
	// Membership.
	where := map[string][]string{}
	for id, inc := range live {
		where[inc.Cause.ID] = append(where[inc.Cause.ID], id)
		for _, e := range inc.Consequences {
			where[e.ID] = append(where[e.ID], id)
		}
		for _, e := range inc.Repeats {
			where[e.ID] = append(where[e.ID], id)
			if !wantRepeat[e.ID] && !ambiguous[e.ID] {
				t.Fatalf("%s is a repeat in %s, but its subject was not down", e.ID, id)
			}
		}
	}
	repeatIn := func(id string) bool {
		inc := live[where[id][0]]
		return slices.ContainsFunc(inc.Repeats, func(e Event) bool { return e.ID == id })
	}
	for id, ev := range faultEv {
		if len(where[id]) != 1 {
			t.Fatalf("fault %s [%s] is in %d live incidents: %v", id, ev.Subject(), len(where[id]), where[id])
		}
		if wantRepeat[id] && !repeatIn(id) {
			t.Fatalf("fault %s [%s] came while its subject was down but is not a repeat", id, ev.Subject())
		}
	}
	// Root cause.
	for id, f := range faultEv {
		if f.Subject().Scope() != ScopeMember || wantRepeat[id] || ambiguous[id] {
			continue
		}
		for cid, c := range faultEv {
			if c.Subject().Scope() != ScopeLocation || c.Location != f.Location || wantRepeat[cid] || ambiguous[cid] {
				continue
			}
			if d := f.Time.Sub(c.Time); d < -cfg.CorrelationWindow || d > cfg.CorrelationWindow {
				continue
			}
			inc := live[where[id][0]]
			if cs := inc.Cause.Subject(); cs.Scope() != ScopeLocation || cs.Location != f.Location {
				t.Fatalf("fault %s [%s] at %s is within %v of host fault %s at %s, but its incident %s is caused by %s [%s]",
					id, f.Subject(), rel(f.Time), cfg.CorrelationWindow, cid, rel(c.Time), inc.ID, inc.Cause.ID, cs)
			}
		}
	}
	// Determinism and idempotence.
	want := render(first)
	if got := render(play(t, sc, false, nil)); got != want {
		t.Fatalf("a second play differs:\n%s", lineDiff(want, got))
	}
	if got := render(play(t, sc, true, nil)); got != want {
		t.Fatalf("delivering every event twice differs:\n%s", lineDiff(want, got))
	}
}

// lineDiff shows the first line where two renderings differ.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := range max(len(w), len(g)) {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			return fmt.Sprintf("line %d\nwant: %s\ngot:  %s", i+1, wl, gl)
		}
	}
	return "(same)"
}
