package analyze

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"time"
)

// countOwn counts f, a new fault that is its subject's own, toward flapping, damping and the
// restart budget.
func (a *Analyzer) countOwn(st *subject, f *fault) {
	st.flaps = append(st.flaps, f)
	st.activity = a.now
	a.setPenalty(st, min(a.penaltyNow(st)+a.cfg.FlapPenalty*a.decay(a.now.Sub(f.ev.Time)), a.cfg.maxPenalty()))

	switch {
	case st.failures >= a.cfg.RestartBudget && st.class < Permanent:
		a.classify(st, Permanent, f.ev.ID, fmt.Sprintf("fault %s with the restart budget spent: %d failures this episode (RestartBudget %d)",
			f.ev.ID, st.failures, a.cfg.RestartBudget), []string{f.ev.ID})
	case st.class < Intermittent:
		if ids := a.flapsWithin(st, f.ev.Time); len(ids) >= a.cfg.FlapThreshold {
			a.classify(st, Intermittent, f.ev.ID, fmt.Sprintf("%d faults within FlapWindow %v (FlapThreshold %d)",
				len(ids), a.cfg.FlapWindow, a.cfg.FlapThreshold), ids)
		}
	}
	if !st.suppressed && st.penalty > a.cfg.SuppressThreshold {
		st.suppressed = true
		a.subjectOutput(st, Suppressed, Unclassified, f.ev.ID,
			fmt.Sprintf("penalty %.0f above SuppressThreshold %v after fault %s", st.penalty, a.cfg.SuppressThreshold, f.ev.ID),
			st.reuseAt, []string{f.ev.ID})
	}
}

// uncount takes back what countOwn counted for f, which a broader fault (incident into) now
// explains. A class already reached stands: classes only rise within an episode. Nothing is
// taken back from an episode that began after f was counted.
func (a *Analyzer) uncount(st *subject, f *fault, into string) {
	i := -1
	if st != nil {
		i = slices.Index(st.flaps, f)
	}
	if i < 0 {
		return
	}
	st.flaps = slices.Delete(st.flaps, i, i+1)
	a.touch(st)
	a.setPenalty(st, max(0, a.penaltyNow(st)-a.cfg.FlapPenalty*a.decay(a.now.Sub(f.ev.Time))))
	if st.suppressed && !a.now.Before(st.reuseAt) {
		st.suppressed = false
		a.subjectOutput(st, Reusable, Unclassified, f.ev.ID,
			fmt.Sprintf("fault %s re-attributed to %s: penalty %.0f, at most ReuseThreshold %v", f.ev.ID, into, st.penalty, a.cfg.ReuseThreshold),
			time.Time{}, []string{f.ev.ID})
	}
}

// flapsWithin returns the ids of st's own faults in (t-FlapWindow, t].
func (a *Analyzer) flapsWithin(st *subject, t time.Time) []string {
	var ids []string
	from := t.Add(-a.cfg.FlapWindow)
	for _, g := range st.flaps {
		if g.ev.Time.After(from) && !g.ev.Time.After(t) {
			ids = append(ids, g.ev.ID)
		}
	}
	return ids
}

// charge charges one failure to st's restart budget; why says what failed, trigger makes the
// output id unique.
func (a *Analyzer) charge(st *subject, why, trigger string) {
	a.touch(st)
	st.failures++
	st.activity = a.now
	if st.failures > a.cfg.RestartBudget && st.class < Permanent {
		a.classify(st, Permanent, trigger, fmt.Sprintf("%s failure %d this episode, over RestartBudget %d", why, st.failures, a.cfg.RestartBudget), nil)
	}
}

func (a *Analyzer) classify(st *subject, c Class, trigger, reason string, related []string) {
	st.class = c
	var until time.Time
	if c == Permanent {
		st.whyPerm = reason
		until = a.episodeEnds(st)
	}
	a.subjectOutput(st, Classified, c, trigger, reason, until, related)
}

// endEpisode forgets st's failures, flaps, penalty and class.
func (a *Analyzer) endEpisode(st *subject, reason string) {
	trigger := "t" + strconv.FormatInt(a.now.UnixNano(), 10)
	if st.suppressed {
		a.subjectOutput(st, Reusable, Unclassified, trigger, reason, time.Time{}, nil)
	}
	if st.class > Unclassified {
		a.subjectOutput(st, ClassificationCleared, st.class, trigger, reason, time.Time{}, nil)
	}
	st.flaps, st.failures, st.activity, st.class, st.whyPerm = nil, 0, time.Time{}, Unclassified, ""
	st.penalty, st.penaltyAt, st.suppressed, st.reuseAt = 0, time.Time{}, false, time.Time{}
	a.dropIfIdle(st)
}

// episodeEnds returns when st's episode ends if no other input comes: FailureTimeout after
// its last fault or failure, counting the failure its open fault will be charged with.
func (a *Analyzer) episodeEnds(st *subject) time.Time {
	last := st.activity
	if f := st.open; f != nil && f.own() && !f.charged {
		if c := f.ev.Time.Add(a.cfg.TransientWindow); c.After(last) {
			last = c
		}
	}
	if a.cfg.FailureTimeout == 0 || last.IsZero() {
		return time.Time{}
	}
	return last.Add(a.cfg.FailureTimeout)
}

// decay is the factor by which a penalty shrinks over d.
func (a *Analyzer) decay(d time.Duration) float64 {
	if d <= 0 {
		return 1
	}
	return math.Exp2(-float64(d) / float64(a.cfg.PenaltyHalfLife))
}

func (a *Analyzer) penaltyNow(st *subject) float64 {
	return st.penalty * a.decay(a.now.Sub(st.penaltyAt))
}

// setPenalty sets st's penalty as of now and when it will have decayed to ReuseThreshold,
// rounded up to the millisecond, and at most MaxSuppressTime from now.
func (a *Analyzer) setPenalty(st *subject, p float64) {
	st.penalty, st.penaltyAt, st.reuseAt = p, a.now, a.now
	if p > a.cfg.ReuseThreshold {
		ms := math.Ceil(float64(a.cfg.PenaltyHalfLife) * math.Log2(p/a.cfg.ReuseThreshold) / float64(time.Millisecond))
		d := time.Duration(ms) * time.Millisecond
		st.reuseAt = a.now.Add(min(d, a.cfg.MaxSuppressTime))
	}
}

// MayPlace reports whether a new member may be placed at location (of type typeID, when not
// empty) as of the analyzer's clock: not if the location, or that type there, is permanent,
// down or suppressed. Call Tick first if time has passed since the last input.
func (a *Analyzer) MayPlace(location, typeID string) Decision {
	if d := a.refuse(Subject{Location: location}, true); !d.Allowed() {
		return d
	}
	if typeID != "" {
		return a.refuse(Subject{Location: location, TypeID: typeID}, true)
	}
	return Decision{}
}

// MayRestart reports whether s may be restarted now (as of the analyzer's clock): not if
// MayPlace refuses its location (and its type there), nor if s is permanent, its restart
// budget is spent, or it is suppressed. That s itself is down does not refuse: that is why
// it is restarted. Call Tick first if time has passed since the last input.
func (a *Analyzer) MayRestart(s Subject) Decision {
	if s.Scope() == ScopeMember && s.Location != "" {
		typeID := s.TypeID
		if st := a.subjects[s.key()]; typeID == "" && st != nil {
			typeID = st.typeID
		}
		if d := a.MayPlace(s.Location, typeID); !d.Allowed() {
			return d
		}
	} else if s.Scope() == ScopeType {
		if d := a.refuse(Subject{Location: s.Location}, true); !d.Allowed() {
			return d
		}
	}
	if d := a.refuse(s, false); !d.Allowed() {
		return d
	}
	if st := a.subjects[s.key()]; st != nil && st.failures >= a.cfg.RestartBudget {
		return Decision{
			Err: fmt.Errorf("%w: %s: restart budget spent: %d failures this episode (RestartBudget %d)",
				ErrPermanent, st.key, st.failures, a.cfg.RestartBudget),
			Blocker: st.outSubject(), Until: a.episodeEnds(st),
		}
	}
	return Decision{}
}

// refuse returns a refusal if s is permanent, suppressed, or (downBlocks) down.
func (a *Analyzer) refuse(s Subject, downBlocks bool) Decision {
	st := a.subjects[s.key()]
	switch {
	case st == nil:
		return Decision{}
	case st.class == Permanent:
		return Decision{Err: fmt.Errorf("%w: %s: %s", ErrPermanent, st.key, st.whyPerm), Blocker: st.outSubject(), Until: a.episodeEnds(st)}
	case downBlocks && st.open != nil:
		return Decision{Err: fmt.Errorf("%w: %s: fault %s (incident %s) has not recovered", ErrDown, st.key, st.open.ev.ID, st.open.inc.id), Blocker: st.outSubject()}
	case st.suppressed && a.now.Before(st.reuseAt):
		return Decision{Err: fmt.Errorf("%w: %s: penalty %.0f above ReuseThreshold %v", ErrSuppressed, st.key, a.penaltyNow(st), a.cfg.ReuseThreshold),
			Blocker: st.outSubject(), Until: st.reuseAt}
	}
	return Decision{}
}

// Status returns what the analyzer holds about s as of its clock (the zero Status, but for
// Subject, when it holds nothing).
func (a *Analyzer) Status(s Subject) Status {
	st := a.subjects[s.key()]
	if st == nil {
		return Status{Subject: s}
	}
	stat := Status{
		Subject:     st.outSubject(),
		Class:       st.class,
		Faults:      len(a.flapsWithin(st, a.now)),
		Failures:    st.failures,
		Penalty:     a.penaltyNow(st),
		Suppressed:  st.suppressed && a.now.Before(st.reuseAt),
		EpisodeEnds: a.episodeEnds(st),
	}
	if stat.Suppressed {
		stat.ReusableAt = st.reuseAt
	}
	if f := st.open; f != nil {
		stat.Down, stat.Since, stat.Incident = true, f.ev.Time, f.inc.id
	}
	return stat
}
