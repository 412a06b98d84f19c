package replica

import (
	"fmt"
	"slices"
	"time"
)

// entryLog is a member's log: the entries after base (the latest committed checkpoint, or the
// start of the history), and for each the time this member logged it (the primary's omission
// timer; zero for entries it did not log as primary).
//
// The entries live in chunks of logChunk slots: under load a checkpoint interval logs hundreds
// of thousands of entries, and one growing slice would copy each of them about four times over
// (append grows by 1.25x past 256 elements). Appending never moves an entry; compaction and
// truncation drop whole chunks.
type entryLog struct {
	base   Pos
	chunks [][]logSlot // every chunk but the last is full; chunks[0][off] is seq base+1
	off    int
	n      int // entries after base
	spare  []logSlot
}

type logSlot struct {
	e  Entry
	at time.Time
}

const logChunk = 1024

func (l *entryLog) slot(seq uint64) *logSlot {
	i := l.off + int(seq-l.base.Seq-1)
	return &l.chunks[i/logChunk][i%logChunk]
}

func (l *entryLog) last() Pos {
	if l.n > 0 {
		return l.slot(l.lastSeq()).e.pos()
	}
	return l.base
}

func (l *entryLog) lastSeq() uint64 { return l.base.Seq + uint64(l.n) }

// epochAt returns the creation epoch of the entry at seq, if the log knows it: seq is base or
// after it and not past the end.
func (l *entryLog) epochAt(seq uint64) (uint64, bool) {
	switch {
	case seq == l.base.Seq:
		return l.base.Epoch, true
	case seq < l.base.Seq || seq > l.lastSeq():
		return 0, false
	}
	return l.slot(seq).e.Epoch, true
}

func (l *entryLog) entry(seq uint64) *Entry {
	if seq <= l.base.Seq || seq > l.lastSeq() {
		return nil
	}
	return &l.slot(seq).e
}

func (l *entryLog) appendedAt(seq uint64) time.Time {
	if seq <= l.base.Seq || seq > l.lastSeq() {
		return time.Time{}
	}
	return l.slot(seq).at
}

// slice returns a copy of the entries lo..hi (inclusive), which must be in the log.
func (l *entryLog) slice(lo, hi uint64) []Entry {
	if lo > hi {
		return nil
	}
	if lo <= l.base.Seq || hi > l.lastSeq() {
		panic(fmt.Sprintf("replica: entryLog.slice(%d, %d) outside the log (%v, %d]", lo, hi, l.base, l.lastSeq()))
	}
	out := make([]Entry, 0, hi-lo+1)
	for s := lo; s <= hi; s++ {
		out = append(out, l.slot(s).e)
	}
	return out
}

func (l *entryLog) append(e Entry, at time.Time) {
	if e.Seq != l.lastSeq()+1 {
		panic(fmt.Sprintf("replica: invariant broken: appending seq %d to a log that ends at %d", e.Seq, l.lastSeq()))
	}
	if k := len(l.chunks); k == 0 || len(l.chunks[k-1]) == logChunk {
		c := l.spare
		if c == nil {
			c = make([]logSlot, 0, logChunk)
		}
		l.spare = nil
		l.chunks = append(l.chunks, c)
	}
	k := len(l.chunks) - 1
	l.chunks[k] = append(l.chunks[k], logSlot{e: e, at: at})
	l.n++
}

// free gives back a chunk no longer in the log: its entries' payloads and replies go to the
// GC, and one chunk is kept for the next append past a chunk's end.
func (l *entryLog) free(c []logSlot) {
	clear(c[:cap(c)])
	l.spare = c[:0]
}

// truncateFrom drops the entries from seq on.
func (l *entryLog) truncateFrom(seq uint64) {
	if seq <= l.base.Seq {
		panic(fmt.Sprintf("replica: invariant broken: truncating at %d, at or before the checkpoint %v", seq, l.base))
	}
	if seq > l.lastSeq() {
		return
	}
	keep := int(seq - l.base.Seq - 1) // entries kept
	i := l.off + keep                 // the first slot dropped
	k := i / logChunk
	clear(l.chunks[k][i%logChunk:])
	l.chunks[k] = l.chunks[k][:i%logChunk]
	if len(l.chunks[k]) == 0 {
		k-- // the cut is at a chunk's start: it goes too
	}
	for _, c := range l.chunks[k+1:] {
		l.free(c)
	}
	clear(l.chunks[k+1:])
	l.chunks = l.chunks[:k+1]
	if keep == 0 {
		for _, c := range l.chunks {
			l.free(c)
		}
		l.chunks, l.off = l.chunks[:0], 0
	}
	l.n = keep
}

// compact drops the entries up to p, which the log must hold, and makes p the base.
func (l *entryLog) compact(p Pos) {
	if e, ok := l.epochAt(p.Seq); !ok || e != p.Epoch {
		panic(fmt.Sprintf("replica: invariant broken: compacting at %v, not in the log (%v, %v]", p, l.base, l.last()))
	}
	drop := int(p.Seq - l.base.Seq)
	i := l.off + drop // the first slot kept
	k := min(i/logChunk, len(l.chunks))
	for _, c := range l.chunks[:k] {
		l.free(c)
	}
	l.chunks = slices.Delete(l.chunks, 0, k)
	l.off = i - k*logChunk
	if len(l.chunks) > 0 {
		clear(l.chunks[0][:l.off]) // dropped entries in the first chunk kept
	} else {
		l.off = 0
	}
	l.n -= drop
	l.base = p
}

// reset empties the log and makes p the base.
func (l *entryLog) reset(p Pos) {
	*l = entryLog{base: p, spare: l.spare}
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
