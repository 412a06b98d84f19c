package agent

import (
	"strconv"
	"sync"
	"time"

	notifyv1 "github.com/wardenft/warden/api/warden/notify/v1"
	"github.com/wardenft/warden/detect"
	"github.com/wardenft/warden/notify"
)

// placement is where a member sits, in FT-CORBA's terms, for its fault events.
type placement struct {
	Domain, Location, TypeID string
	ID                       MemberID
	Epoch                    uint64 // of the view the agent last saw, for logs and evidence
}

// Detector names the agent adds to detect's.
const (
	// detectorStart: a member that did not become ready within Config.StartTimeout, or whose
	// process could not be started.
	detectorStart = "agent-start"
)

const maxEvidenceValue = 4096

// faultEvent maps a detector's verdict about a member to a fault event, following detect's
// documentation: a crash (and an amnesia) is an ObjectCrashFault, an omission an
// OmissionFault, a timing fault a TimingFault, the end of a fault a MemberRecovered; a
// certain crash (process exit) is critical, a judged one an error, omission and timing
// warnings. The member's slot is location + type + group, member is the member id, and the
// evidence carries the creation id with the detector's own. KindUp makes no event (ok false):
// readiness is reported through Reconcile. It is pure.
func faultEvent(id string, v detect.Verdict, p placement, extra map[string]string) (_ *notify.Event, ok bool) {
	ev := &notify.Event{
		ID: id, Time: v.At, Domain: p.Domain, Location: p.Location, TypeID: p.TypeID,
		GroupID: p.ID.Group, Member: p.ID.Member, Detector: string(v.Detector),
		Evidence: v.Evidence.KeyValues(),
	}
	switch v.Kind {
	case detect.KindRecovered:
		ev.Kind, ev.Severity = notify.MemberRecovered, notify.SeverityInfo
	case detect.KindFault:
		switch v.Semantics {
		case detect.Omission:
			ev.Kind, ev.Severity = notify.OmissionFault, notify.SeverityWarning
		case detect.Timing:
			ev.Kind, ev.Severity = notify.TimingFault, notify.SeverityWarning
		default: // crash, amnesia
			ev.Kind, ev.Severity = notify.ObjectCrashFault, notify.SeverityError
			if v.Certain {
				ev.Severity = notify.SeverityCritical
			}
		}
	default:
		return nil, false
	}
	e := ev.Evidence
	e["source"] = v.Source
	e["semantics"] = v.Semantics.String()
	e["state"] = v.State.String()
	e["certain"] = strconv.FormatBool(v.Certain)
	e["creation_id"] = strconv.FormatUint(p.ID.CreationID, 10)
	if p.Epoch != 0 {
		e["epoch"] = strconv.FormatUint(p.Epoch, 10)
	}
	if !v.Since.IsZero() {
		e["since"] = v.Since.UTC().Format(time.RFC3339Nano)
	}
	for k, val := range extra {
		e[k] = val
	}
	for k, val := range e {
		if len(val) > maxEvidenceValue {
			e[k] = val[:maxEvidenceValue-3] + "..."
		}
	}
	return ev, true
}

// faultQueue holds the fault events not yet acknowledged by a manager, oldest first. The
// detectors' side never blocks: when the queue is full the oldest event is dropped and
// counted. It is safe for concurrent use.
type faultQueue struct {
	mu      sync.Mutex
	q       []*notifyv1.FaultEvent
	max     int
	dropped uint64
	poke    chan struct{}
}

func newFaultQueue(max int) *faultQueue {
	return &faultQueue{max: max, poke: make(chan struct{}, 1)}
}

// push queues ev and reports whether an older event had to be dropped for it.
func (f *faultQueue) push(ev *notifyv1.FaultEvent) (dropped bool) {
	f.mu.Lock()
	if len(f.q) >= f.max {
		f.q = f.q[1:]
		f.dropped++
		dropped = true
	}
	f.q = append(f.q, ev)
	f.mu.Unlock()
	select {
	case f.poke <- struct{}{}:
	default:
	}
	return dropped
}

// peek returns up to n of the oldest events (the queue keeps them).
func (f *faultQueue) peek(n int) []*notifyv1.FaultEvent {
	f.mu.Lock()
	defer f.mu.Unlock()
	if n > len(f.q) {
		n = len(f.q)
	}
	return append([]*notifyv1.FaultEvent(nil), f.q[:n]...)
}

// ack removes the events sent (those still queued: some may have been dropped meanwhile).
func (f *faultQueue) ack(sent []*notifyv1.FaultEvent) {
	done := make(map[*notifyv1.FaultEvent]bool, len(sent))
	for _, e := range sent {
		done[e] = true
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	kept := f.q[:0]
	for _, e := range f.q {
		if !done[e] {
			kept = append(kept, e)
		}
	}
	clear(f.q[len(kept):])
	f.q = kept
}

func (f *faultQueue) stats() (queued int, dropped uint64) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.q), f.dropped
}
