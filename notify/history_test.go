package notify_test

import (
	"context"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/wardenft/warden/notify"
)

func TestMemHistoryBoundedAndSequenced(t *testing.T) {
	h := mustMemHistory(t, 5)
	ctx := context.Background()
	for i := range 3 {
		batch := []*notify.Event{crash("h", "a"), crash("h", "b"), crash("h", "c")}
		if err := h.Append(ctx, batch); err != nil {
			t.Fatal(err)
		}
		if batch[2].Seq != uint64(3*i+3) {
			t.Fatalf("batch %d: last seq %d", i, batch[2].Seq)
		}
	}
	s := h.Stats()
	if s.Len != 5 || s.OldestSeq != 5 || s.LastSeq != 9 || s.Evicted != 4 {
		t.Fatalf("stats %v", s)
	}
	page, err := h.Query(ctx, notify.Query{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Events) != 5 || page.Events[0].Seq != 5 || page.More || page.OldestSeq != 5 {
		t.Fatalf("page %d events, first %d, more %v, oldest %d", len(page.Events), page.Events[0].Seq, page.More, page.OldestSeq)
	}
	if _, err := h.Query(ctx, notify.Query{}); err == nil {
		t.Error("Query with limit 0 accepted")
	}
	if _, err := notify.NewMemHistory(0); err == nil {
		t.Error("NewMemHistory(0) accepted")
	}
}

// TestMemHistoryQueryMatchesReference pages through random histories with random time
// ranges, filters and page sizes and compares with a plain scan.
func TestMemHistoryQueryMatchesReference(t *testing.T) {
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	r := rand.New(rand.NewPCG(seed, 2))
	ctx := context.Background()
	filters := []string{``, `event.location == "host-a"`, `event.severity_level >= 3`, `event.evidence["n"].endsWith("7")`, `event.time.getSeconds() % 2 == 0`}
	for round := range 30 {
		limit := 1 + r.IntN(3000)
		h := mustMemHistory(t, limit)
		var all []*notify.Event
		for range r.IntN(5000) {
			e := crash([]string{"host-a", "host-b"}[r.IntN(2)], "g")
			e.Severity = notify.Severity(r.IntN(5))
			e.Time = t0.Add(time.Duration(r.IntN(1000)) * time.Second) // not in seq order
			if r.IntN(2) == 0 {
				e.Evidence = map[string]string{"n": string(rune('0' + r.IntN(10)))}
			}
			all = append(all, e)
		}
		for i := 0; i < len(all); {
			j := min(len(all), i+1+r.IntN(500))
			if err := h.Append(ctx, all[i:j]); err != nil {
				t.Fatal(err)
			}
			i = j
		}
		kept := all[max(0, len(all)-limit):]
		q := notify.Query{Filter: notify.MustCompileFilter(filters[r.IntN(len(filters))]), Limit: 1 + r.IntN(700)}
		if r.IntN(2) == 0 {
			q.Since = t0.Add(time.Duration(r.IntN(1000)) * time.Second)
		}
		if r.IntN(2) == 0 {
			q.Until = t0.Add(time.Duration(r.IntN(1000)) * time.Second)
		}
		var want []uint64
		for _, e := range kept {
			if !q.Since.IsZero() && e.Time.Before(q.Since) || !q.Until.IsZero() && !e.Time.Before(q.Until) {
				continue
			}
			if ok, _ := q.Filter.Match(e); ok {
				want = append(want, e.Seq)
			}
		}
		var got []uint64
		for pages := 0; ; pages++ {
			if pages > len(kept)+1 {
				t.Fatalf("seed %d round %d: paging does not end", seed, round)
			}
			p, err := h.Query(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			if len(p.Events) > q.Limit {
				t.Fatalf("page of %d events, limit %d", len(p.Events), q.Limit)
			}
			for _, e := range p.Events {
				got = append(got, e.Seq)
			}
			if !p.More {
				break
			}
			q.AfterSeq = p.NextAfterSeq
		}
		if len(got) != len(want) {
			t.Fatalf("seed %d round %d (%s, since %v until %v): %d events, want %d", seed, round, q.Filter.Expression(), q.Since, q.Until, len(got), len(want))
		}
		for i := range got {
			if got[i] != want[i] {
				t.Fatalf("seed %d round %d: event %d is seq %d, want %d", seed, round, i, got[i], want[i])
			}
		}
	}
}
