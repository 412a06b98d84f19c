// Package analyze is Warden's fault analyzer (FT-CORBA's FaultAnalyzer): it correlates raw
// fault events into incidents that name a root cause and its consequences, and classifies
// each faulty subject as transient, intermittent or permanent, which steers repair: a
// permanent or flapping location gets no new members, a permanent or flapping member is not
// restarted.
//
// The Analyzer is a pure state machine, in the style of etcd-raft's RawNode: it never reads a
// clock, starts a goroutine or does I/O. The caller feeds it inputs, each with its time, and
// gets outputs back:
//
//	a, err := analyze.New(analyze.DefaultConfig())
//	out, err := a.Observe(ev)             // a fault or a recovery (Event)
//	out, err  = a.Restarted(member, now)   // the caller restarted a member
//	out       = a.Tick(now)                // time passed; call at a.NextDeadline()
//	out, err  = a.Clear(subject, now)      // an operator fixed it
//	d        := a.MayPlace(location, typeID)  // may a new member go there?
//	d         = a.MayRestart(member)          // may this member be restarted now?
//
// A driver (warden monitor, the manager) owns the Analyzer on one goroutine: it turns
// notifier events into Events (the mapping is in Event's doc), feeds them in, pushes every
// Output back into the notifier, and calls Tick when NextDeadline says:
//
//	for {
//		select {
//		case e := <-events:                    // from a notifier subscription
//			out, err := a.Observe(toAnalyze(e))  // err: an event it cannot use; log it
//			push(out)
//		case now := <-timer:                    // reset to a.NextDeadline() after each call
//			push(a.Tick(now))
//		}
//	}
//
// The Analyzer is not safe for concurrent use. Outputs, snapshots and Status values belong to
// the caller; the Analyzer copies what it keeps of an Event.
//
// # The clock
//
// The Analyzer's clock is the latest time it was given: an Event's Time, or the now of Tick,
// Restarted and Clear. It never goes back: an input older than the clock is handled at the
// clock's time (its own Time still places it in the windows). Before handling an input, the
// Analyzer fires every deadline that the new time passed, in time order, each at its own
// time, so the outputs of one call come in time order and Output.At never decreases. Queries
// (MayPlace, MayRestart, Status) answer as of the clock: Tick first if time has passed.
//
// # Subjects
//
// Which of Location, TypeID, GroupID and Member an event has says what failed (Scope): a
// location (a host: Location only), a type at a location (Location and TypeID), or one
// member (GroupID or Member). A broader subject covers the narrower ones at its location: a
// location every type and member there, a type its members. The Analyzer keeps state per
// subject; a member is identified by (Location, GroupID, Member), so Member must be stable
// across restarts.
//
// # Correlation: incidents
//
// The first report of a subject going down is a fault; further reports before it recovers
// (another detector, the same one again) are repeats, kept in the fault's incident and not
// counted again. A recovery of the subject ends its fault, and so does Restarted (a report
// stamped before the restart is still a repeat of the fault it repaired).
//
// A fault C of a location or type is the root cause of a fault F of a subject it covers when
//
//	C.Time - CorrelationWindow <= F.Time <= C.Time + CorrelationWindow,
//	or F.Time >= C.Time and C's subject had not recovered (or been restarted) by F.Time.
//
// A new fault joins the incident of the broadest such cause (the earliest among equals) as a
// consequence (IncidentUpdated); with none, it opens an incident of its own as its cause
// (IncidentOpened). When a location or type fault arrives, it takes over every fault it
// explains whose incident has a narrower cause: the member faults reported before the host
// fault that caused them. Such an incident is merged whole into the broader one
// (IncidentMerged, with MergedInto; the broader incident lists it in Absorbed). So every
// fault is in exactly one incident, and a member fault with a host fault at its location
// within the window ends up in an incident caused by a host fault. An incident is resolved
// (IncidentResolved) when its cause ends; it is transient when the cause's subject recovered
// by itself within TransientWindow.
//
// Events may arrive late, out of order, by up to CorrelationWindow and are still correlated;
// the Analyzer keeps faults for 2×CorrelationWindow after they end, then forgets them.
// Event IDs are remembered as long: a redelivered event changes nothing.
//
// # Classification
//
// Only a subject's own faults count, not the consequences of a broader fault. A fault that is
// re-attributed to a broader cause after it was counted is taken back from the flap count and
// the penalty; a class it helped reach stands.
//
//   - Transient: the subject recovered from its own fault within TransientWindow of it,
//     [Time, Time+TransientWindow), with no restart. Emitted for each such fault while the
//     subject's class is Unclassified or Transient.
//   - Intermittent: FlapThreshold own faults within FlapWindow, (t-FlapWindow, t].
//   - Permanent: the restart budget is spent. Each restart (Restarted) is a failure, and so
//     is an own fault still open TransientWindow after it with no restart (a subject nobody
//     restarts, like a host, or warden monitor's targets). A fault that arrives when the
//     subject has RestartBudget failures in its episode, or a failure beyond RestartBudget,
//     makes it permanent. This is Erlang/OTP's restart intensity with Pacemaker's
//     failure-timeout instead of a sliding period, so that slow flapping is caught too.
//
// A subject's episode begins with its first own fault or failure and ends when it has had
// neither for FailureTimeout (never, when 0), or at Clear: its failures, flaps, penalty and
// class are forgotten and a ClassificationCleared is emitted (Pacemaker's failure-timeout
// and cleanup). Within an episode the class only rises, Unclassified < Transient <
// Intermittent < Permanent, each rise emitted once as Classified. A fault repaired by one
// restart that does not recur gets no class: it was neither transient nor repeated.
//
// # Damping
//
// As in BGP route flap damping (RFC 2439), every own fault adds FlapPenalty to the subject's
// penalty, which halves every PenaltyHalfLife. When it rises above SuppressThreshold the
// subject is suppressed (Suppressed, with Until): MayRestart and MayPlace refuse it until the
// penalty has decayed to ReuseThreshold (Reusable; the time is rounded up to the
// millisecond). The penalty is capped at ReuseThreshold×2^(MaxSuppressTime/PenaltyHalfLife),
// so a suppression ends at most MaxSuppressTime after the last fault. With the defaults,
// three faults in quick succession suppress a subject for about two minutes. Damping spaces
// the restarts of a flapping member; the restart budget then ends them.
//
// # Decisions
//
// MayPlace(L, T) refuses when location L, or type T at L, is permanent (ErrPermanent), down
// (ErrDown: an open fault) or suppressed (ErrSuppressed). MayRestart(M) refuses when MayPlace
// refuses M's location and type, or when M is permanent, has spent its restart budget, or is
// suppressed; M being down is no reason to refuse, it is why M is restarted.
// Decision.Until says when the answer may change by itself.
//
// # Outputs as notify events
//
// Every Output maps onto a notify fault event, so the driver can push it back into the
// notifier (and the history, where the dashboard's timeline finds it):
//
//	notify.Event   from Output
//	ID             ID (derived from the inputs only: the same inputs give the same ids)
//	Kind           Kind: IncidentOpened, IncidentUpdated, IncidentMerged, IncidentResolved,
//	               Classified, ClassificationCleared, Suppressed, Reusable
//	Time           At
//	Location,      Subject: the cause's subject for incidents
//	TypeID,
//	GroupID,
//	Member
//	Detector       "analyzer"
//	Severity       Severity()
//	Evidence       Evidence(): incident, cause, class, reason, until, ...
//	RelatedIDs     Related (truncate to notify's 256)
//
// None of these kinds ends in "Fault" or "Recovered", so Observe refuses them: an analyzer
// subscribed to the notifier it pushes into does not consume its own outputs. Filter them out
// of its subscription anyway (e.g. `event.detector != "analyzer"`).
//
// # Tests
//
// The scripts in testdata/ are replayed by an interaction harness (script_test.go): commands
// like
//
//	fault at=10s location=host-a group=g1 member=m1
//	tick at=40s
//	recover at=12s location=host-a group=g1 member=m1
//
// each followed by the outputs it must produce. `go test ./analyze -run TestScripts
// -rewrite` rewrites the expected outputs; review the diff. TestProperties plays random
// streams and checks the rules above on every output; it prints its seed, and `-seed N`
// replays it.
package analyze
