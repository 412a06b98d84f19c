package notify

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// A History keeps committed events, bounded, for queries: the basis of log analysis and of
// the dashboard's timeline. MemHistory keeps them in memory; the manager keeps them in its
// Raft state machine, so that every manager answers queries and a new leader goes on where
// the old one stopped.
//
// Contract:
//
//   - Append is called by one goroutine at a time (the notifier's dispatcher) with events in
//     commit order. It gives each event the next Seq (strictly increasing; a fresh history
//     starts at 1) and returns once they are durable as far as the implementation goes; only
//     then does the notifier deliver them to consumers. Append may block (a Raft history waits
//     for the entry to commit) and must honour ctx; while it blocks the notifier queues new
//     pushes, up to Config.IntakeQueueLen. An error means none of the events were committed:
//     the notifier logs and counts it and does not deliver them.
//   - Append owns the events it is given: it may set Seq, it must not change anything else,
//     and it must not keep a reference it modifies later. Query returns those same pointers,
//     which callers must not modify.
//   - Query may run concurrently with Append and with other queries, and must not hold up
//     Append for long (MemHistory evaluates filters outside its lock).
type History interface {
	Append(ctx context.Context, events []*Event) error
	Query(ctx context.Context, q Query) (Page, error)
}

// A Query selects events from a History.
type Query struct {
	// Since and Until bound Event.Time to [Since, Until); a zero value is unbounded.
	Since, Until time.Time
	// Filter selects events (nil: all). Events whose evaluation fails do not match.
	Filter *Filter
	// AfterSeq resumes a scan: only events with a larger Seq are considered (0: from the
	// oldest). Page.NextAfterSeq is the value for the next page.
	AfterSeq uint64
	// Limit is the most events to return; at least 1.
	Limit int
}

// A Page is one answer to a Query.
type Page struct {
	// Events match the query, in Seq order.
	Events []*Event
	// More is true when events after this page were not examined; NextAfterSeq is then the
	// Query.AfterSeq that continues the scan.
	More         bool
	NextAfterSeq uint64
	// OldestSeq is the oldest event the history holds (0 when empty); events before it were
	// evicted. A page token older than that has lost events.
	OldestSeq uint64
}

// DefaultHistoryLimit is how many events a MemHistory keeps by default.
const DefaultHistoryLimit = 100_000

// queryChunk is how many events a query copies out under the lock at a time.
const queryChunk = 1024

// MemHistory is a History in memory: a ring of the most recent events, at most limit of
// them. Safe for concurrent use.
type MemHistory struct {
	mu      sync.RWMutex
	ring    []*Event // capacity limit; ring[head] is the oldest once full
	head    int
	n       int
	lastSeq uint64
	evicted uint64
}

// NewMemHistory returns an empty history that keeps at most limit events.
func NewMemHistory(limit int) (*MemHistory, error) {
	if limit < 1 {
		return nil, fieldErr("history_limit", "%d: need at least 1", limit)
	}
	return &MemHistory{ring: make([]*Event, limit)}, nil
}

// Append implements History.
func (h *MemHistory) Append(ctx context.Context, events []*Event) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, e := range events {
		h.lastSeq++
		e.Seq = h.lastSeq
		if h.n < len(h.ring) {
			h.ring[(h.head+h.n)%len(h.ring)] = e
			h.n++
			continue
		}
		h.ring[h.head] = e
		h.head = (h.head + 1) % len(h.ring)
		h.evicted++
	}
	return nil
}

// Query implements History.
func (h *MemHistory) Query(ctx context.Context, q Query) (Page, error) {
	if q.Limit < 1 {
		return Page{}, fieldErr("limit", "%d: need at least 1", q.Limit)
	}
	var page Page
	after := q.AfterSeq
	buf := make([]*Event, 0, queryChunk)
	for {
		if err := ctx.Err(); err != nil {
			return Page{}, err
		}
		var oldest uint64
		buf, oldest = h.chunk(after, buf[:0])
		page.OldestSeq = oldest
		for i, e := range buf {
			if !q.Since.IsZero() && e.Time.Before(q.Since) || !q.Until.IsZero() && !e.Time.Before(q.Until) {
				continue
			}
			if ok, _ := q.Filter.Match(e); !ok {
				continue
			}
			page.Events = append(page.Events, e)
			if len(page.Events) == q.Limit {
				page.NextAfterSeq = e.Seq
				page.More = i < len(buf)-1 || h.lastSeqNow() > e.Seq
				return page, nil
			}
		}
		if len(buf) < queryChunk {
			return page, nil
		}
		after = buf[len(buf)-1].Seq
	}
}

// chunk copies up to queryChunk events with Seq > after into buf and returns it with the
// oldest Seq held.
func (h *MemHistory) chunk(after uint64, buf []*Event) ([]*Event, uint64) {
	h.mu.RLock()
	defer h.mu.RUnlock()
	if h.n == 0 {
		return buf, 0
	}
	oldest := h.lastSeq - uint64(h.n) + 1
	start := 0 // index from the oldest
	if after >= oldest {
		start = int(after - oldest + 1)
	}
	for i := start; i < h.n && len(buf) < queryChunk; i++ {
		buf = append(buf, h.ring[(h.head+i)%len(h.ring)])
	}
	return buf, oldest
}

func (h *MemHistory) lastSeqNow() uint64 {
	h.mu.RLock()
	defer h.mu.RUnlock()
	return h.lastSeq
}

// HistoryStats describes a MemHistory.
type HistoryStats struct {
	Len       int    // events held
	Limit     int    // most events held
	OldestSeq uint64 // 0 when empty
	LastSeq   uint64 // the last Seq given (0 before the first Append)
	Evicted   uint64 // events dropped to stay within Limit
}

// Stats returns the history's counters.
func (h *MemHistory) Stats() HistoryStats {
	h.mu.RLock()
	defer h.mu.RUnlock()
	s := HistoryStats{Len: h.n, Limit: len(h.ring), LastSeq: h.lastSeq, Evicted: h.evicted}
	if h.n > 0 {
		s.OldestSeq = h.lastSeq - uint64(h.n) + 1
	}
	return s
}

func (s HistoryStats) String() string {
	return fmt.Sprintf("%d/%d events, seq %d..%d, %d evicted", s.Len, s.Limit, s.OldestSeq, s.LastSeq, s.Evicted)
}
