// Package notify is Warden's fault notifier: FT-CORBA's FaultNotifier with CEL filters.
//
// Fault detectors and the fault analyzer push structured fault events; the notifier commits
// each to a bounded, queryable History and offers it to every connected consumer whose filter
// matches. Consumers are Go channels, gRPC server streams (the FaultNotifier service,
// api/warden/notify/v1/notify.proto) or HTTP webhooks.
//
// # Use
//
//	n, err := notify.New(notify.DefaultConfig()) // set Logger, Clock, History as needed
//	defer n.Close()
//
//	f, err := notify.CompileFilter(`event.kind == "ObjectCrashFault" && event.location == "host-a"`)
//	c, err := n.ConnectChannel(f, notify.ConsumerOptions{Name: "repair", QueueLen: 4096})
//	go func() {
//		for d := range c.C() { // closed on Disconnect or Close
//			if d.Dropped > 0 { /* d.Dropped matching events were lost before this one */ }
//			handle(d.Event)
//		}
//	}()
//
//	id, err := n.Push(&notify.Event{Kind: notify.ObjectCrashFault, Location: "host-a",
//		TypeID: "bank.Account", GroupID: "accounts", Member: "host-a/17", Detector: "process",
//		Severity: notify.SeverityError, Evidence: map[string]string{"signal": "SIGKILL"}})
//
//	page, err := n.History().Query(ctx, notify.Query{Since: t0, Filter: f, Limit: 100})
//
// Over gRPC: register NewServer(n) on a grpc.Server; remote producers and consumers use
// NewClient (Push, Watch, History) or the generated notifyv1 client.
//
// # Events
//
// An Event is FT-CORBA's ObjectCrashFault (FTDomainId, Location, TypeId, ObjectGroupId) plus
// kind, time, member, detector, severity, evidence and related ids. Which of Location,
// TypeID and GroupID are set says what failed (Event.Scope): Location alone, everything at
// that location; with TypeID, every object of that type there; with GroupID, one member.
// Kind is an open set: the well-known kinds are constants here, and any identifier that
// ValidKind accepts is a kind (the analyzer's incidents and classifications are events too).
//
// # Filters
//
// A filter is a CEL expression of type bool over one variable, event, whose fields are:
//
//	event.id              string     unique id
//	event.seq             int        position in the history (commit order)
//	event.kind            string     "ObjectCrashFault", "HostCrashFault", "OmissionFault",
//	                                 "TimingFault", "ValueFault", "MemberRecovered", or another kind
//	event.time            timestamp  when the fault was observed
//	event.domain          string     FT domain id
//	event.location        string     host / agent
//	event.type_id         string     type of the failed objects
//	event.object_group_id string     object group of the failed member
//	event.member          string     the failed member
//	event.detector        string     who reported it
//	event.severity        string     "info", "warning", "error", "critical" or "" (unspecified)
//	event.severity_level  int        0 (unspecified) to 4 (critical), for comparisons
//	event.scope           string     "member", "type", "location" or "domain" (see Events)
//	event.evidence        map(string, string)
//	event.related_ids     list(string)
//
// An absent string field is "". Examples:
//
//	event.kind in ["ObjectCrashFault", "HostCrashFault"] && event.location.startsWith("rack1-")
//	event.severity_level >= 3 && event.object_group_id == "accounts"
//	"signal" in event.evidence && event.evidence["signal"] == "SIGKILL"
//	event.time > timestamp("2026-01-02T15:04:05Z") && event.scope == "location"
//
// CompileFilter type-checks the expression (a misspelt field, a non-bool result and a wrong
// comparison are compile errors carrying CEL's message) and refuses expressions longer than
// MaxFilterLen or whose worst-case cost on the largest event is too high. A filter is
// compiled once and evaluated per event; the common shapes run as plain Go code, and filters
// that require a field to equal a constant are looked up by that field instead of evaluated
// on every event (see Filter). An evaluation error, such as event.evidence["x"] on an event without "x", means no
// match and is counted (ConsumerStats.FilterErrors); write `"x" in event.evidence && ...` to
// avoid it.
//
// # Delivery, queues and drops
//
// Push never blocks on consumers or on the history. It validates the event, fills in ID (when
// empty) and Time (the Clock's now, when zero) and appends it to the intake queue; a full
// intake queue fails the Push with ErrOverloaded and accepts nothing. One dispatcher
// goroutine takes batches off the intake, drops ids seen in the last DedupWindow events (so a
// producer may retry a push with the same id), appends the batch to the History (which gives
// each event its Seq) and then evaluates every consumer's filter on each event, in commit
// order. A matching event goes into that consumer's bounded queue without waiting: if the
// queue is full the event is dropped for that consumer only and counted, and the consumer's
// next delivery says how many were dropped before it (Delivery.Dropped; the gRPC stream and
// the webhook body carry the same count). A slow consumer therefore loses events but never
// slows the producers or the other consumers. Sync waits until everything pushed so far has
// been offered to the consumers.
//
// Channel consumers read Consumer.C. A stream consumer's queue is drained by its gRPC handler
// into the stream (a client that reads slowly fills the queue). A webhook consumer's queue is
// drained by a goroutine that POSTs each event as JSON, retried with exponential backoff and
// jitter, idempotent by event id (WebhookConfig).
//
// # Concurrency and ownership
//
// Every method of Notifier, Consumer, Filter, MemHistory, Server and Client is safe for
// concurrent use. Push takes ownership of the event: the caller must not read or write it
// afterwards (except through the returned id). Delivered and queried events are shared by
// every consumer and the history: read-only to everyone; Event.Clone makes a copy to change.
// Nothing in the notifier calls user code on its dispatcher goroutine, so there is no
// callback that could block it; a History implementation is the exception and must follow
// the History contract.
//
// Close drains the intake (every accepted event is committed and offered), then disconnects
// every consumer: channels are closed after the events already queued, streams end with
// UNAVAILABLE, webhooks abandon what is still queued.
//
// # Time and randomness
//
// The notifier reads time only through Config.Clock (notifytest.Clock is a fake that tests
// advance) and draws randomness (the event id prefix, webhook jitter) from Config.Seed. The
// only real-time waits are network timeouts (WebhookConfig.AttemptTimeout).
package notify
