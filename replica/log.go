package replica

import (
	"fmt"
	"slices"
	"time"
)

// entryLog is a member's log: the entries after base (the latest committed checkpoint, or the
// start of the history), and for each the time this member logged it (the primary's omission
// timer; zero for entries it did not log as primary).
type entryLog struct {
	base Pos
	ents []Entry
	at   []time.Time
}

func (l *entryLog) last() Pos {
	if n := len(l.ents); n > 0 {
		return l.ents[n-1].pos()
	}
	return l.base
}

func (l *entryLog) lastSeq() uint64 { return l.base.Seq + uint64(len(l.ents)) }

// epochAt returns the creation epoch of the entry at seq, if the log knows it: seq is base or
// after it and not past the end.
func (l *entryLog) epochAt(seq uint64) (uint64, bool) {
	switch {
	case seq == l.base.Seq:
		return l.base.Epoch, true
	case seq < l.base.Seq || seq > l.lastSeq():
		return 0, false
	}
	return l.ents[seq-l.base.Seq-1].Epoch, true
}

func (l *entryLog) entry(seq uint64) *Entry {
	if seq <= l.base.Seq || seq > l.lastSeq() {
		return nil
	}
	return &l.ents[seq-l.base.Seq-1]
}

func (l *entryLog) appendedAt(seq uint64) time.Time {
	if seq <= l.base.Seq || seq > l.lastSeq() {
		return time.Time{}
	}
	return l.at[seq-l.base.Seq-1]
}

// slice returns a copy of the entries lo..hi (inclusive), which must be in the log.
func (l *entryLog) slice(lo, hi uint64) []Entry {
	if lo > hi {
		return nil
	}
	if lo <= l.base.Seq || hi > l.lastSeq() {
		panic(fmt.Sprintf("replica: entryLog.slice(%d, %d) outside the log (%v, %d]", lo, hi, l.base, l.lastSeq()))
	}
	return slices.Clone(l.ents[lo-l.base.Seq-1 : hi-l.base.Seq])
}

func (l *entryLog) append(e Entry, at time.Time) {
	if e.Seq != l.lastSeq()+1 {
		panic(fmt.Sprintf("replica: invariant broken: appending seq %d to a log that ends at %d", e.Seq, l.lastSeq()))
	}
	l.ents = append(l.ents, e)
	l.at = append(l.at, at)
}

// truncateFrom drops the entries from seq on.
func (l *entryLog) truncateFrom(seq uint64) {
	if seq <= l.base.Seq {
		panic(fmt.Sprintf("replica: invariant broken: truncating at %d, at or before the checkpoint %v", seq, l.base))
	}
	if seq > l.lastSeq() {
		return
	}
	n := seq - l.base.Seq - 1
	clear(l.ents[n:])
	l.ents, l.at = l.ents[:n], l.at[:n]
}

// compact drops the entries up to p, which the log must hold, and makes p the base.
func (l *entryLog) compact(p Pos) {
	if e, ok := l.epochAt(p.Seq); !ok || e != p.Epoch {
		panic(fmt.Sprintf("replica: invariant broken: compacting at %v, not in the log (%v, %v]", p, l.base, l.last()))
	}
	n := int(p.Seq - l.base.Seq)
	// In place, when the capacity fits the interval just logged: the next checkpoint interval
	// logs about as many entries, and regrowing a slice of hundreds of thousands of entries
	// (by 1.25x once past 256) would copy each entry about four times over. A capacity left
	// by a burst (over twice what was logged) is given back.
	if logged := len(l.ents); cap(l.ents) > 2*logged {
		l.ents = append(make([]Entry, 0, logged), l.ents[n:]...)
		l.at = append(make([]time.Time, 0, logged), l.at[n:]...)
	} else {
		k := copy(l.ents, l.ents[n:])
		clear(l.ents[k:]) // the dropped entries' payloads and replies go to the GC
		l.ents = l.ents[:k]
		l.at = l.at[:copy(l.at, l.at[n:])]
	}
	l.base = p
}

// reset empties the log and makes p the base.
func (l *entryLog) reset(p Pos) {
	l.base, l.ents, l.at = p, nil, nil
}

// has reports whether the log holds the entry p (or p is its base).
func (l *entryLog) has(p Pos) bool {
	e, ok := l.epochAt(p.Seq)
	return ok && e == p.Epoch
}

// conflictHint returns where to resend from when the entry at seq has another epoch than
// the sender's: the seq before the first entry of that epoch run, so that a long divergent
// suffix costs one round trip, not one per entry.
func (l *entryLog) conflictHint(seq uint64) uint64 {
	e, ok := l.epochAt(seq)
	if !ok {
		return min(seq-1, l.lastSeq())
	}
	for seq > l.base.Seq+1 {
		if pe, _ := l.epochAt(seq - 1); pe != e {
			break
		}
		seq--
	}
	return seq - 1
}
