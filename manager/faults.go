package manager

import (
	"context"
	"fmt"
	"strconv"
	"time"

	pb "github.com/wardenft/warden/api/warden/manager/v1"
	notifyv1 "github.com/wardenft/warden/api/warden/notify/v1"
	"github.com/wardenft/warden/notify"
)

// FaultHistoryLimit is how many fault events the replicated history keeps; the oldest are
// evicted first. A notify.Query says how far back it reaches (Page.OldestSeq).
const FaultHistoryLimit = 10_000

// faultRing is the replicated fault history: the most recent events in commit order, each
// with its sequence number, and their ids (so a retried report is recorded once).
type faultRing struct {
	ring    []*notify.Event // oldest first; at most FaultHistoryLimit
	ids     map[string]uint64
	lastSeq uint64
}

func newFaultRing() faultRing { return faultRing{ids: map[string]uint64{}} }

// recordFaults commits events to the history (an event without a time gets the command's).
// It refuses the whole command, changing
// nothing, when one event is invalid; an event whose id is held already is skipped.
func (s *State) recordFaults(c *pb.RecordFaultsCommand, at time.Time) (*Result, error) {
	if len(c.GetEvents()) == 0 {
		return nil, errf(ErrInvalidArgument, "record_faults: no events")
	}
	evs := make([]*notify.Event, 0, len(c.Events))
	seen := map[string]bool{}
	for i, p := range c.Events {
		e, err := notify.EventFromProto(p)
		if err == nil {
			err = e.Validate()
		}
		if err == nil && e.Time.IsZero() {
			e.Time = at
		}
		if err == nil && e.ID == "" {
			err = fmt.Errorf("id: empty")
		}
		if err != nil {
			return nil, errf(ErrInvalidArgument, "events[%d]: %v", i, err)
		}
		if _, dup := s.faults.ids[e.ID]; dup || seen[e.ID] {
			continue
		}
		seen[e.ID] = true
		evs = append(evs, e)
	}
	res := &Result{}
	for _, e := range evs {
		s.faults.lastSeq++
		e.Seq = s.faults.lastSeq
		s.faults.push(e)
		res.Faults = append(res.Faults, e)
	}
	return res, nil
}

func (r *faultRing) push(e *notify.Event) {
	if len(r.ring) == FaultHistoryLimit {
		delete(r.ids, r.ring[0].ID)
		r.ring[0] = nil
		r.ring = r.ring[1:]
	}
	r.ring = append(r.ring, e)
	r.ids[e.ID] = e.Seq
}

// faultChunk copies up to n events with Seq > after, and the oldest Seq held.
func (s *State) faultChunk(after uint64, n int, buf []*notify.Event) ([]*notify.Event, uint64) {
	r := s.faults.ring
	if len(r) == 0 {
		return buf, 0
	}
	oldest := r[0].Seq
	i := 0
	if after >= oldest {
		i = int(after - oldest + 1) // seqs are consecutive in the ring
	}
	for ; i < len(r) && len(buf) < n; i++ {
		buf = append(buf, r[i])
	}
	return buf, oldest
}

func (r *faultRing) snapshot() ([]*notifyv1.FaultEvent, uint64) {
	out := make([]*notifyv1.FaultEvent, len(r.ring))
	for i, e := range r.ring {
		out[i] = e.Proto()
	}
	return out, r.lastSeq
}

func restoreFaults(evs []*notifyv1.FaultEvent, lastSeq uint64) (faultRing, error) {
	r := newFaultRing()
	r.lastSeq = lastSeq
	var prev uint64
	for i, p := range evs {
		e, err := notify.EventFromProto(p)
		if err != nil {
			return r, errf(ErrInvalidArgument, "snapshot: faults[%d]: %v", i, err)
		}
		e.Seq = p.GetSeq()
		if e.Seq == 0 || e.Seq > lastSeq || (prev != 0 && e.Seq != prev+1) {
			return r, errf(ErrInvalidArgument, "snapshot: faults[%d]: seq %d out of order (previous %d, last %d)", i, e.Seq, prev, lastSeq)
		}
		prev = e.Seq
		r.push(e)
	}
	return r, nil
}

// raftHistory is the hosted notifier's History: the replicated fault ring of the node's
// State. Events reach the notifier only once committed (the FSM pushes what it applied), so
// Append only gives each event the Seq the state gave it.
type raftHistory struct{ n *Node }

func (h raftHistory) Append(_ context.Context, events []*notify.Event) error {
	h.n.fsm.mu.Lock()
	defer h.n.fsm.mu.Unlock()
	for _, e := range events {
		seq, ok := h.n.fsm.s.faults.ids[e.ID]
		if !ok {
			// Not committed through Raft (or evicted already): refuse rather than invent a seq.
			return fmt.Errorf("event %s is not in the replicated history", e.ID)
		}
		e.Seq = seq
	}
	return nil
}

const queryChunk = 1024

func (h raftHistory) Query(ctx context.Context, q notify.Query) (notify.Page, error) {
	if q.Limit < 1 {
		return notify.Page{}, &notify.FieldError{Field: "limit", Reason: strconv.Itoa(q.Limit) + ": need at least 1"}
	}
	var page notify.Page
	after := q.AfterSeq
	buf := make([]*notify.Event, 0, queryChunk)
	for {
		if err := ctx.Err(); err != nil {
			return notify.Page{}, err
		}
		var oldest, last uint64
		h.n.fsm.mu.Lock()
		buf, oldest = h.n.fsm.s.faultChunk(after, queryChunk, buf[:0])
		last = h.n.fsm.s.faults.lastSeq
		h.n.fsm.mu.Unlock()
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
				page.More = i < len(buf)-1 || last > e.Seq
				return page, nil
			}
		}
		if len(buf) < queryChunk {
			return page, nil
		}
		after = buf[len(buf)-1].Seq
	}
}

// Subscription filters: the hosted notifier's CreateSubscriptionFilter keeps its filters here,
// so that a consumer may connect with a filter id to any manager.

// MaxFilters is how many subscription filters the state keeps (notify.MaxFilters, as one
// notifier would).
const MaxFilters = notify.MaxFilters

func (s *State) createFilter(c *pb.CreateFilterCommand) (*Result, error) {
	if _, err := notify.CompileFilter(c.GetExpression()); err != nil {
		return nil, errf(ErrInvalidArgument, "expression: %v", err)
	}
	if len(s.filters) >= MaxFilters {
		return nil, errf(ErrResourceExhausted, "%d subscription filters exist, at most %d: destroy unused ones", len(s.filters), MaxFilters)
	}
	s.lastFilter++
	id := "f" + strconv.FormatUint(s.lastFilter, 10)
	s.filters[id] = c.GetExpression()
	return &Result{FilterID: id}, nil
}

func (s *State) destroyFilter(c *pb.DestroyFilterCommand) (*Result, error) {
	if _, ok := s.filters[c.GetFilterId()]; !ok {
		return nil, errf(ErrFilterNotFound, "subscription filter %q", c.GetFilterId())
	}
	delete(s.filters, c.GetFilterId())
	return &Result{}, nil
}

// Filter returns the expression of a subscription filter.
func (s *State) Filter(id string) (string, bool) {
	e, ok := s.filters[id]
	return e, ok
}
