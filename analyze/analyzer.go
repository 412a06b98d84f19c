package analyze

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"time"
)

// An Analyzer correlates faults into incidents and classifies subjects. It is a pure state
// machine: it never reads a clock, starts a goroutine or does I/O. Its clock is the latest
// time it was given (an event's Time, or the now of Tick, Restarted and Clear); time never
// goes back. It is not safe for concurrent use: one goroutine feeds it (the driver), and the
// outputs it returns belong to the caller.
type Analyzer struct {
	cfg       Config
	now       time.Time
	lastAt    time.Time // At of the last output, to keep At non-decreasing
	lastPrune time.Time
	seq       uint64

	seen      map[string]time.Time // event ids, for redelivery
	queue     deadlineHeap         // every pending deadline, and stale ones (deadline.go)
	touched   []*subject           // subjects whose deadlines may have changed
	subjects  map[Subject]*subject // by Subject.key
	byLoc     map[string][]*fault  // fault occurrences by location, in arrival order
	incidents map[string]*incident // live incidents by id

	// Per call.
	out       []Output
	later     []Output // subject outputs of a handler, after its incident outputs
	dirty     []*incident
	inHandler bool
}

// A fault is one occurrence of a fault: the first report of a subject going down. Further
// reports before it recovers are repeats, kept in its incident.
type fault struct {
	ev        Event
	subj      Subject // as reported (a member's TypeID included)
	key       Subject
	scope     Scope
	seq       uint64
	inc       *incident
	open      bool      // its subject has neither recovered nor been restarted since
	recovered time.Time // when it stopped being open: the recovery's or the restart's time
	charged   bool      // charged for outlasting TransientWindow
}

// own reports whether f is its incident's cause: the fault is its subject's own, not a
// consequence of a broader one.
func (f *fault) own() bool { return f.inc.cause == f }

type repeat struct {
	ev  Event
	seq uint64
}

type incident struct {
	id       string
	seq      uint64
	cause    *fault
	conseq   []*fault
	repeats  []repeat
	absorbed []string
	merged   string
	resolved time.Time
	trans    bool
	version  int

	dirty, resolvedNow bool
}

// subject is the analyzer's state for one subject.
type subject struct {
	key     Subject
	sortKey string // subjectKey(key): orders deadlines that fall at the same time
	typeID  string // a member's type, as last reported
	touched bool   // in Analyzer.touched

	open      *fault
	restarted *fault    // the fault the last restart closed, for late reports of it
	restartAt time.Time // when
	flaps     []*fault  // own faults, for FlapWindow

	failures int       // charged this episode
	activity time.Time // last own fault or failure; zero: no episode
	class    Class
	whyPerm  string

	penalty    float64
	penaltyAt  time.Time
	suppressed bool
	reuseAt    time.Time
}

// New returns an Analyzer with the given configuration, or the error of cfg.Validate.
func New(cfg Config) (*Analyzer, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	return &Analyzer{
		cfg:       cfg,
		seen:      map[string]time.Time{},
		subjects:  map[Subject]*subject{},
		byLoc:     map[string][]*fault{},
		incidents: map[string]*incident{},
	}, nil
}

// Config returns the analyzer's configuration.
func (a *Analyzer) Config() Config { return a.cfg }

// Now returns the analyzer's clock: the latest time it was given.
func (a *Analyzer) Now() time.Time { return a.now }

// Observe feeds one event, a fault or a recovery, and returns what follows from it: first
// the outputs of deadlines that passed before ev.Time, then those of the event. An event
// whose ID was seen within the last 2×CorrelationWindow is a redelivery and changes nothing.
// An invalid event returns an error wrapping ErrInvalidEvent and changes nothing.
func (a *Analyzer) Observe(ev Event) ([]Output, error) {
	if err := ev.validate(); err != nil {
		return nil, err
	}
	a.settle(ev.Time)
	if _, dup := a.seen[ev.ID]; !dup {
		a.seen[ev.ID] = ev.Time
		ev.Evidence = maps.Clone(ev.Evidence)
		a.inHandler = true
		if ev.Kind.IsFault() {
			a.onFault(ev)
		} else {
			a.onRecovery(ev)
		}
		a.endHandler()
		a.settle(a.now) // a late event can make a deadline due at once
	}
	return a.flush(), nil
}

// Tick advances the clock to now and returns the outputs of the deadlines that passed: a
// fault outlasting TransientWindow (which may make its subject permanent), a suppression
// ending, an episode ending. Call it when NextDeadline says, or periodically.
func (a *Analyzer) Tick(now time.Time) []Output {
	a.settle(now)
	return a.flush()
}

// Restarted records that the caller restarted (or recreated in place) the subject at now.
// It closes the subject's open fault (a restart is a repair: its incident is resolved, not
// transient; a fault reported after now is a new fault, one reported as seen before now a
// repeat of the closed one) and charges one failure to the restart budget. A failure beyond
// RestartBudget makes the subject permanent.
func (a *Analyzer) Restarted(s Subject, now time.Time) ([]Output, error) {
	if why := s.check(); why != "" {
		return nil, fmt.Errorf("%w: %s", ErrInvalidSubject, why)
	}
	a.settle(now)
	a.inHandler = true
	st := a.subject(s)
	if f := st.open; f != nil {
		a.close(st, a.now, "")
		st.restarted, st.restartAt = f, a.now
	}
	a.charge(st, "restart:", "t"+strconv.FormatInt(a.now.UnixNano(), 10))
	a.endHandler()
	return a.flush(), nil
}

// Clear ends the subject's episode at now, as an operator does after fixing it (Pacemaker's
// cleanup): its failures, flaps, penalty and class are forgotten, with a Reusable if it was
// suppressed and a ClassificationCleared if it was classified. An open fault stays open until
// its recovery is observed.
func (a *Analyzer) Clear(s Subject, now time.Time) ([]Output, error) {
	if why := s.check(); why != "" {
		return nil, fmt.Errorf("%w: %s", ErrInvalidSubject, why)
	}
	a.settle(now)
	if st := a.subjects[s.key()]; st != nil {
		a.endEpisode(st, "cleared by the operator")
	}
	return a.flush(), nil
}

// subject returns the state of s, creating it.
func (a *Analyzer) subject(s Subject) *subject {
	k := s.key()
	st := a.subjects[k]
	if st == nil {
		st = &subject{key: k, sortKey: subjectKey(k)}
		a.subjects[k] = st
	}
	a.touch(st)
	if s.Scope() == ScopeMember && s.TypeID != "" {
		st.typeID = s.TypeID
	}
	return st
}

// outSubject is st's subject as outputs show it: a member with its type.
func (st *subject) outSubject() Subject {
	s := st.key
	if s.Scope() == ScopeMember {
		s.TypeID = st.typeID
	}
	return s
}

// idle reports whether st holds nothing worth keeping.
func (st *subject) idle() bool {
	return st.open == nil && st.activity.IsZero() && st.class == Unclassified && !st.suppressed
}

func (a *Analyzer) dropIfIdle(st *subject) {
	if st.idle() {
		delete(a.subjects, st.key)
	}
}

// emit records an output at the current time (or a deadline's, already set in a.now).
func (a *Analyzer) emit(o Output) {
	o.At = a.now
	if o.At.Before(a.lastAt) {
		o.At = a.lastAt
	}
	a.lastAt = o.At
	if a.inHandler {
		a.later = append(a.later, o)
	} else {
		a.out = append(a.out, o)
	}
}

// subjectOutput emits an output about st; trigger names what caused it (an event id, or a
// time) and makes the id unique.
func (a *Analyzer) subjectOutput(st *subject, kind OutputKind, class Class, trigger, reason string, until time.Time, related []string) {
	s := st.outSubject()
	id := string(kind) + "/" + st.sortKey + "/" + class.String() + "/" + trigger
	a.emit(Output{Kind: kind, ID: outputID("an-", id), Subject: s, Class: class, Reason: reason, Until: until, Related: related})
}

// markDirty notes that inc changed in this call; endHandler emits one output for it.
func (a *Analyzer) markDirty(inc *incident) {
	if !inc.dirty {
		inc.dirty = true
		a.dirty = append(a.dirty, inc)
	}
}

// endHandler emits one output per incident the handler changed, in the order they first
// changed, then the handler's subject outputs.
func (a *Analyzer) endHandler() {
	a.inHandler = false
	for _, inc := range a.dirty {
		kind := IncidentUpdated
		switch {
		case inc.merged != "":
			kind = IncidentMerged
		case inc.version == 0:
			kind = IncidentOpened
		case inc.resolvedNow:
			kind = IncidentResolved
		}
		inc.version++
		inc.dirty, inc.resolvedNow = false, false
		snap := inc.snapshot()
		var related []string
		related = append(related, snap.Cause.ID)
		for _, e := range snap.Consequences {
			related = append(related, e.ID)
		}
		for _, e := range snap.Repeats {
			related = append(related, e.ID)
		}
		a.emit(Output{
			Kind: kind, ID: outputID("an-", inc.id+"/"+strconv.Itoa(inc.version)),
			Subject: inc.cause.subj, Incident: snap, Related: related,
		})
	}
	a.dirty = a.dirty[:0]
	a.out = append(a.out, a.later...)
	a.later = a.later[:0]
}

func (a *Analyzer) flush() []Output {
	a.schedule()
	out := a.out
	a.out = nil
	return out
}

func (inc *incident) snapshot() *Incident {
	snap := &Incident{
		ID:         inc.id,
		Cause:      cloneEvent(inc.cause.ev),
		Absorbed:   slices.Clone(inc.absorbed),
		MergedInto: inc.merged,
		Resolved:   inc.resolved,
		Transient:  inc.trans,
		Version:    inc.version,
	}
	slices.SortFunc(inc.conseq, func(f, g *fault) int { return cmp.Compare(f.seq, g.seq) })
	slices.SortFunc(inc.repeats, func(r, s repeat) int { return cmp.Compare(r.seq, s.seq) })
	for _, f := range inc.conseq {
		snap.Consequences = append(snap.Consequences, cloneEvent(f.ev))
	}
	for _, r := range inc.repeats {
		snap.Repeats = append(snap.Repeats, cloneEvent(r.ev))
	}
	return snap
}

func cloneEvent(e Event) Event {
	e.Evidence = maps.Clone(e.Evidence)
	return e
}

// Incidents returns snapshots of the live incidents, the ones the analyzer still holds
// (open ones, and closed ones younger than 2×CorrelationWindow), in the order they opened.
func (a *Analyzer) Incidents() []Incident {
	incs := slices.Collect(maps.Values(a.incidents))
	slices.SortFunc(incs, func(x, y *incident) int { return cmp.Compare(x.seq, y.seq) })
	out := make([]Incident, len(incs))
	for i, inc := range incs {
		out[i] = *inc.snapshot()
	}
	return out
}

// settle advances the clock to t, firing every deadline up to t in time order, each at its
// own time.
func (a *Analyzer) settle(t time.Time) {
	for {
		st, which, d, ok := a.nextDue(t)
		if !ok {
			break
		}
		if d.After(a.now) {
			a.now = d
		}
		a.fire(st, which)
	}
	if t.After(a.now) {
		a.now = t
	}
	a.prune()
}

func (a *Analyzer) fire(st *subject, which int) {
	switch which {
	case dlCharge:
		f := st.open
		f.charged = true
		a.charge(st, "fault "+f.ev.ID+" outlasted TransientWindow "+a.cfg.TransientWindow.String()+" with no restart:", f.ev.ID+"+transient")
	case dlReuse:
		st.suppressed = false
		a.subjectOutput(st, Reusable, Unclassified, "t"+strconv.FormatInt(a.now.UnixNano(), 10),
			fmt.Sprintf("penalty decayed to ReuseThreshold %v", a.cfg.ReuseThreshold), time.Time{}, nil)
	case dlEpisode:
		a.endEpisode(st, "no fault for FailureTimeout "+a.cfg.FailureTimeout.String())
	}
}

// prune forgets what can no longer matter: event ids older than 2×CorrelationWindow, fault
// occurrences that are neither open nor younger than that (by their time or their recovery's:
// a late fault may fall before a recovery), and incidents none of whose faults is kept.
// It runs at most once per CorrelationWindow of the clock.
func (a *Analyzer) prune() {
	w := a.cfg.CorrelationWindow
	if a.now.Sub(a.lastPrune) < w {
		return
	}
	a.lastPrune = a.now
	horizon := a.now.Add(-2 * w)
	for id, t := range a.seen {
		if t.Before(horizon) {
			delete(a.seen, id)
		}
	}
	keep := map[*incident]bool{}
	for loc, fs := range a.byLoc {
		kept := fs[:0]
		for _, f := range fs {
			if f.open || !f.ev.Time.Before(horizon) || !f.recovered.Before(horizon) {
				kept = append(kept, f)
				keep[f.inc] = true
			}
		}
		clear(fs[len(kept):])
		if len(kept) == 0 {
			delete(a.byLoc, loc)
		} else {
			a.byLoc[loc] = kept
		}
	}
	for id, inc := range a.incidents {
		if !keep[inc] {
			delete(a.incidents, id)
		}
	}
	flapHorizon := a.now.Add(-a.cfg.FlapWindow - 2*w)
	for _, st := range a.subjects {
		st.flaps = slices.DeleteFunc(st.flaps, func(f *fault) bool { return f.ev.Time.Before(flapHorizon) })
	}
}
