package analyze

import (
	"container/heap"
	"time"
)

// The deadlines of a subject, in the order they fire when due at the same time.
const (
	dlCharge  = iota // its own open fault outlasts TransientWindow
	dlReuse          // its suppression ends
	dlEpisode        // its episode ends
	numDeadlines
)

// deadlines returns st's pending deadlines (zero when none). Each fires when the clock
// reaches it.
func (a *Analyzer) deadlines(st *subject) [numDeadlines]time.Time {
	var d [numDeadlines]time.Time
	if f := st.open; f != nil && f.own() && !f.charged {
		d[dlCharge] = f.ev.Time.Add(a.cfg.TransientWindow)
	}
	if st.suppressed {
		d[dlReuse] = st.reuseAt
	}
	if a.cfg.FailureTimeout > 0 && !st.activity.IsZero() {
		d[dlEpisode] = st.activity.Add(a.cfg.FailureTimeout)
	}
	return d
}

// A deadline in the heap. Entries are never updated in place: a subject whose state changed
// gets new entries (schedule), and an entry that no longer matches its subject's deadline is
// stale and dropped when it comes to the top.
type deadline struct {
	at    time.Time
	which int
	st    *subject
}

// deadlineHeap orders deadlines by time, then kind, then subject, so that the firing order
// does not depend on map iteration.
type deadlineHeap []deadline

func (h deadlineHeap) Len() int { return len(h) }
func (h deadlineHeap) Less(i, j int) bool {
	x, y := h[i], h[j]
	if !x.at.Equal(y.at) {
		return x.at.Before(y.at)
	}
	if x.which != y.which {
		return x.which < y.which
	}
	return x.st.sortKey < y.st.sortKey
}
func (h deadlineHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *deadlineHeap) Push(x any)   { *h = append(*h, x.(deadline)) }
func (h *deadlineHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	old[len(old)-1] = deadline{}
	*h = old[:len(old)-1]
	return x
}

// touch notes that st's deadlines may change; schedule pushes them.
func (a *Analyzer) touch(st *subject) {
	if !st.touched {
		st.touched = true
		a.touched = append(a.touched, st)
	}
}

// schedule pushes the current deadlines of the touched subjects. When stale entries
// outnumber live ones by far, it rebuilds the heap from the subjects.
func (a *Analyzer) schedule() {
	for _, st := range a.touched {
		st.touched = false
		if a.subjects[st.key] != st {
			continue // forgotten
		}
		for w, d := range a.deadlines(st) {
			if !d.IsZero() {
				heap.Push(&a.queue, deadline{at: d, which: w, st: st})
			}
		}
	}
	clear(a.touched)
	a.touched = a.touched[:0]
	if len(a.queue) > 64+4*numDeadlines*len(a.subjects) {
		a.queue = a.queue[:0]
		for _, st := range a.subjects {
			for w, d := range a.deadlines(st) {
				if !d.IsZero() {
					a.queue = append(a.queue, deadline{at: d, which: w, st: st})
				}
			}
		}
		heap.Init(&a.queue)
	}
}

// live reports whether d is still its subject's deadline.
func (a *Analyzer) live(d deadline) bool {
	return a.subjects[d.st.key] == d.st && a.deadlines(d.st)[d.which].Equal(d.at)
}

// top drops stale entries and returns the earliest pending deadline.
func (a *Analyzer) top() (deadline, bool) {
	a.schedule()
	for len(a.queue) > 0 {
		if d := a.queue[0]; a.live(d) {
			return d, true
		}
		heap.Pop(&a.queue)
	}
	return deadline{}, false
}

// nextDue pops and returns the earliest deadline at or before t.
func (a *Analyzer) nextDue(t time.Time) (st *subject, which int, at time.Time, ok bool) {
	d, ok := a.top()
	if !ok || d.at.After(t) {
		return nil, 0, time.Time{}, false
	}
	heap.Pop(&a.queue)
	return d.st, d.which, d.at, true
}

// NextDeadline returns the earliest time at which Tick would produce an output with no other
// input, and false when nothing is pending.
func (a *Analyzer) NextDeadline() (time.Time, bool) {
	d, ok := a.top()
	return d.at, ok
}
