package replica

import (
	"testing"
	"time"
)

// Compaction keeps the log's capacity when the interval just logged fills it (the next one
// will log about as many entries: no regrowth) and gives back a capacity over twice what was
// logged; either way the entries after the new base are intact.
func TestEntryLogCompactCapacity(t *testing.T) {
	var l entryLog
	at := time.Unix(100, 0)
	add := func(n int) {
		for range n {
			s := l.lastSeq() + 1
			l.append(Entry{Seq: s, Epoch: 1, Payload: []byte{byte(s)}}, at.Add(time.Duration(s)))
		}
	}
	check := func(what string, lo, hi uint64) {
		t.Helper()
		if l.base.Seq != lo-1 || l.lastSeq() != hi {
			t.Fatalf("%s: log (%v, %d], want (%d, %d]", what, l.base, l.lastSeq(), lo-1, hi)
		}
		for s := lo; s <= hi; s++ {
			if e := l.entry(s); e == nil || e.Seq != s || e.Payload[0] != byte(s) || !l.appendedAt(s).Equal(at.Add(time.Duration(s))) {
				t.Fatalf("%s: entry %d is %+v (logged at %v)", what, s, e, l.appendedAt(s))
			}
		}
	}
	add(1000)
	c := cap(l.ents)
	l.compact(Pos{Seq: 990, Epoch: 1})
	check("after compacting at 990", 991, 1000)
	if cap(l.ents) != c {
		t.Fatalf("capacity %d after compaction, want the %d the interval filled", cap(l.ents), c)
	}
	add(20)
	l.compact(Pos{Seq: 1015, Epoch: 1})
	check("after compacting at 1015", 1016, 1020)
	if cap(l.ents) > 2*30 {
		t.Fatalf("capacity %d kept after an interval of 30 entries", cap(l.ents))
	}
	add(5)
	check("appending after", 1016, 1025)
}
