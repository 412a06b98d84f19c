// Command notify benchmarks Warden's fault notifier (package github.com/wardenft/warden/notify):
// how many fault events per second it commits and fans out to CEL subscriptions, in one
// process and over one gRPC stream, each next to a peer that does the same job bare.
//
// Run it from the bench module:
//
//	cd bench && go run ./notify            # full run, about a minute
//	cd bench && go run ./notify -quick     # under 40 seconds
//	cd bench && go run ./notify -json      # one JSON object instead of the table
//
// The table starts with the machine and a command line with every setting spelled out that
// reproduces the run. -help describes every flag.
//
// # Workload
//
// Events are copies of 4096 templates drawn from -seed: a mix of kinds (40% ObjectCrashFault,
// 20% OmissionFault, 15% TimingFault, 10% HostCrashFault, 10% MemberRecovered, 5% ValueFault)
// over 40 locations and 200 object groups, with severities and evidence. One producer
// goroutine pushes them one at a time (notify.Push), retrying after runtime.Gosched when the
// notifier answers ErrOverloaded (counted as push retries).
//
// -subs subscriptions (100) cycle through six filter shapes, each drawn with its own
// location, groups or member: a kind at a location; a team's three groups (`in`); severe
// faults in a rack (severity_level, startsWith, !=); host crashes of a location; SIGKILLs at a
// location from the evidence map; one member's events (scope and member). Each subscription
// is also written as a Go function, and every run that dropped nothing must deliver to each
// subscription exactly the events its Go function selects, or the run fails.
//
// # Systems
//
//   - notify: a Notifier with the default config (a MemHistory of 100k events, id dedup),
//     one channel consumer per subscription with a -queue (4096) queue, each drained by a
//     goroutine. Time runs from the first push until every consumer has read every event
//     delivered to it.
//   - notify-interpreted: the same with the filters compiled by CompileFilterInterpreted, so
//     that every evaluation runs in the cel-go interpreter; it runs -interp-events (a fifth of
//     -events) because it is slower.
//   - baseline-gofunc: the fan-out a program would write by hand: a buffered channel into one
//     goroutine that calls every subscription's Go function on every event and does a
//     non-blocking send to its channel (same queue length, same draining goroutines). No
//     history, ids, validation, index or CEL. The notify rows' ratios are against it.
//   - notify-stream: notify.Server on 127.0.0.1:0 over a notifier, one
//     ConnectStructuredFaultConsumer stream without a filter (every event), read by
//     notify.Client in the same process; events pushed in-process. The stream is slower than
//     the notifier, so the producer keeps the backlog (intake plus the consumer's queue) under
//     half of -stream-queue: the figure is the stream's sustained rate with nothing dropped.
//     Time runs from the first push to the last event received.
//   - raw-grpc-stream: the peer of notify-stream: a FaultNotifier service whose stream sends
//     the same Delivery messages in a loop with nothing behind it, read the same way.
//
// Systems take turns, -rounds times (3; 2 with -quick), and the median run is shown with the
// range, so that drift in the machine's speed touches all alike.
//
// # Target
//
// The target is printed beside the figures: notify moves at least 200,000 events/s
// through 100 CEL subscriptions in-process.
package main
