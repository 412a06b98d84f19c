package replica

import (
	"math/rand/v2"
	"testing"
	"time"
)

// The chunked log against a plain slice: random appends, compactions, truncations and resets
// across chunk boundaries, every entry, its epoch and its time checked after each step.
func TestEntryLogModel(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	at := func(s uint64) time.Time { return time.Unix(100, int64(s)) }
	var l entryLog
	var base Pos
	var model []Entry // entries after base
	epoch := uint64(1)
	check := func(step int, op string) {
		t.Helper()
		if l.base != base || l.lastSeq() != base.Seq+uint64(len(model)) {
			t.Fatalf("step %d (%s): log (%v, %d], model (%v, %d]", step, op, l.base, l.lastSeq(), base, base.Seq+uint64(len(model)))
		}
		if len(model) > 0 && l.last() != model[len(model)-1].pos() || len(model) == 0 && l.last() != base {
			t.Fatalf("step %d (%s): last %v", step, op, l.last())
		}
		for i, m := range model {
			e := l.entry(m.Seq)
			if e == nil || e.Seq != m.Seq || e.Epoch != m.Epoch || e.Payload[0] != m.Payload[0] || !l.appendedAt(m.Seq).Equal(at(m.Seq)) {
				t.Fatalf("step %d (%s): entry %d (index %d) is %+v, want %+v", step, op, m.Seq, i, e, m)
			}
			if ep, ok := l.epochAt(m.Seq); !ok || ep != m.Epoch {
				t.Fatalf("step %d (%s): epochAt(%d) = %d, %v", step, op, m.Seq, ep, ok)
			}
		}
		if want := (l.off + l.n + logChunk - 1) / logChunk; len(l.chunks) > max(want, 1) {
			t.Fatalf("step %d (%s): %d chunks hold %d entries from offset %d", step, op, len(l.chunks), l.n, l.off)
		}
		if l.entry(base.Seq) != nil || l.entry(l.lastSeq()+1) != nil {
			t.Fatalf("step %d (%s): entries outside the log", step, op)
		}
		if len(model) > 0 {
			lo := model[0].Seq + uint64(rng.IntN(len(model)))
			hi := lo + uint64(rng.IntN(int(l.lastSeq()-lo)+1))
			got := l.slice(lo, hi)
			if len(got) != int(hi-lo+1) || got[0].Seq != lo || got[len(got)-1].Seq != hi {
				t.Fatalf("step %d (%s): slice(%d, %d) has %d entries", step, op, lo, hi, len(got))
			}
		}
	}
	for step := range 3000 {
		var op string
		switch r := rng.IntN(100); {
		case r < 80:
			op = "append"
			for range 1 + rng.IntN(700) {
				s := l.lastSeq() + 1
				e := Entry{Seq: s, Epoch: epoch, Payload: []byte{byte(s)}}
				l.append(e, at(s))
				model = append(model, e)
			}
		case r < 90 && len(model) > 0:
			op = "compact"
			k := rng.IntN(len(model)) + 1 // entries dropped
			p := model[k-1].pos()
			l.compact(p)
			base, model = p, append([]Entry(nil), model[k:]...)
		case r < 98 && len(model) > 0:
			op = "truncate"
			k := rng.IntN(len(model)) // entries kept
			l.truncateFrom(model[k].Seq)
			model = model[:k]
			epoch++
		default:
			op = "reset"
			base = Pos{Seq: l.lastSeq() + uint64(rng.IntN(3000)), Epoch: epoch}
			l.reset(base)
			model = nil
		}
		check(step, op)
	}
}
