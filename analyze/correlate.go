package analyze

import (
	"slices"
	"strconv"
	"time"
)

// onFault handles a fault event: a repeat of an open fault, a consequence of a broader
// fault, or a new incident; then, for a location or type fault, the re-attribution of the
// narrower faults it explains.
func (a *Analyzer) onFault(ev Event) {
	subj := ev.Subject()
	st := a.subject(subj)
	if subj.Scope() == ScopeMember && subj.TypeID == "" {
		subj.TypeID = st.typeID // a type fault covers it even when this detector did not know its type
	}
	prev := st.open
	if prev == nil && st.restarted != nil && ev.Time.Before(st.restartAt) && a.incidents[st.restarted.inc.id] == st.restarted.inc {
		prev = st.restarted // a late report of the fault the restart repaired
	}
	if prev != nil {
		prev.inc.repeats = append(prev.inc.repeats, repeat{ev: ev, seq: a.nextSeq()})
		a.markDirty(prev.inc)
		return
	}
	f := &fault{ev: ev, subj: subj, key: st.key, scope: subj.Scope(), seq: a.nextSeq(), open: true}
	st.open = f
	if c := a.findCause(f); c != nil {
		f.inc = c.inc
		c.inc.conseq = append(c.inc.conseq, f)
		a.markDirty(c.inc)
	} else {
		inc := &incident{id: a.incidentID(ev.ID, f.seq), seq: f.seq, cause: f}
		f.inc = inc
		a.incidents[inc.id] = inc
		a.markDirty(inc)
		a.countOwn(st, f)
	}
	a.byLoc[subj.Location] = append(a.byLoc[subj.Location], f)
	if f.scope < ScopeMember {
		a.sweep(f)
	}
}

func (a *Analyzer) nextSeq() uint64 {
	a.seq++
	return a.seq
}

// incidentID is "inc-" and the cause's id, made unique if an id comes back after it was
// forgotten.
func (a *Analyzer) incidentID(evID string, seq uint64) string {
	id := outputID("inc-", "inc-"+evID)
	if _, taken := a.incidents[id]; taken {
		id = outputID("inc-", id+"#"+strconv.FormatUint(seq, 10))
	}
	return id
}

// timeCovers reports whether c's time explains f's: f is at most CorrelationWindow before c,
// and at most CorrelationWindow after it or before c's subject recovered.
func (a *Analyzer) timeCovers(c, f *fault) bool {
	w := a.cfg.CorrelationWindow
	if f.ev.Time.Before(c.ev.Time.Add(-w)) {
		return false
	}
	if !f.ev.Time.After(c.ev.Time.Add(w)) {
		return true
	}
	return c.open || f.ev.Time.Before(c.recovered)
}

// findCause returns the fault that explains f: among the faults at f's location that cover
// it, the broadest, then the earliest.
func (a *Analyzer) findCause(f *fault) *fault {
	var best *fault
	for _, c := range a.byLoc[f.subj.Location] {
		if !c.subj.Covers(f.subj) || !a.timeCovers(c, f) {
			continue
		}
		if best == nil || c.scope < best.scope ||
			c.scope == best.scope && (c.ev.Time.Before(best.ev.Time) || c.ev.Time.Equal(best.ev.Time) && c.seq < best.seq) {
			best = c
		}
	}
	return best
}

// sweep re-attributes to c's incident every fault at c's location that c explains and whose
// incident has a narrower cause than c: the member faults that arrived before the host fault
// that caused them. An incident whose cause c explains is merged whole (its consequences are
// explained by its cause, so by c); a consequence whose cause c does not explain moves alone.
func (a *Analyzer) sweep(c *fault) {
	root := c.inc
	explains := func(f *fault) bool {
		return f.inc != root && f.inc.cause.scope > c.scope && c.subj.Covers(f.subj) && a.timeCovers(c, f)
	}
	for _, f := range a.byLoc[c.subj.Location] {
		if !explains(f) {
			continue
		}
		if explains(f.inc.cause) {
			a.merge(f.inc, root)
			continue
		}
		from := f.inc
		from.conseq = slices.DeleteFunc(from.conseq, func(g *fault) bool { return g == f })
		a.markDirty(from)
		f.inc = root
		root.conseq = append(root.conseq, f)
	}
}

// merge moves every fault of x into root and ends x. x's cause stops being its subject's own
// fault: its flap and penalty are taken back.
func (a *Analyzer) merge(x, root *incident) {
	cause := x.cause
	for _, f := range append([]*fault{cause}, x.conseq...) {
		f.inc = root
		root.conseq = append(root.conseq, f)
	}
	root.repeats = append(root.repeats, x.repeats...)
	root.absorbed = append(root.absorbed, x.id)
	root.absorbed = append(root.absorbed, x.absorbed...)
	x.merged = root.id
	delete(a.incidents, x.id)
	a.markDirty(x)
	a.uncount(a.subjects[cause.key], cause, root.id)
}

// onRecovery closes the subject's open fault, if it has one.
func (a *Analyzer) onRecovery(ev Event) {
	st := a.subjects[ev.Subject().key()]
	if st == nil || st.open == nil {
		return // nothing of it is down: a late or repeated recovery, or one after a restart
	}
	a.close(st, ev.Time, ev.ID)
	a.dropIfIdle(st)
}

// close ends st's open fault at t, by the recovery event recoveryID or, when that is empty,
// by a restart. If that fault caused its incident, the incident is resolved; it is transient
// when the subject recovered by itself (no restart, no charge) within TransientWindow.
func (a *Analyzer) close(st *subject, t time.Time, recoveryID string) {
	f := st.open
	byItself := recoveryID != ""
	st.open = nil
	f.open = false
	f.recovered = t
	if !f.own() {
		return
	}
	inc := f.inc
	after := t.Sub(f.ev.Time)
	inc.resolved = t
	inc.trans = byItself && !f.charged && after < a.cfg.TransientWindow
	inc.resolvedNow = true
	a.markDirty(inc)
	if inc.trans && st.class <= Transient {
		st.class = Transient
		a.subjectOutput(st, Classified, Transient, recoveryID,
			"fault "+f.ev.ID+" cleared after "+after.String()+" with no restart (TransientWindow "+a.cfg.TransientWindow.String()+")",
			time.Time{}, []string{f.ev.ID, recoveryID})
	}
}
