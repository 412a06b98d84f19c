// Package agent is the Warden node agent: one per host (a "location"). It registers the
// location with the managers, heartbeats to them, and is the GenericFactory there: it starts
// the members the managers want at the location, watches them with package detect, reports
// their faults, and stops the members the managers no longer want.
//
// # Use
//
//	cfg := agent.DefaultConfig()
//	cfg.Location, cfg.DataDir = "host-a", "/var/lib/warden/agent"
//	cfg.Managers = []string{"10.0.0.1:7400", "10.0.0.2:7400", "10.0.0.3:7400"}
//	a, err := agent.New(cfg)   // binds the gRPC and heartbeat sockets, reads the state file
//	err = a.Run(ctx)           // until ctx ends; then stops the members and returns
//
// Addr, HeartbeatAddr, Incarnation, Members and Stats are safe to call at any time, from any
// goroutine. Config.Events, if set, receives typed Events (a member started, became ready,
// exited; a fault was queued, reported, refused) without blocking the agent: events that do
// not fit in the channel are dropped and counted (Stats.EventsDropped).
//
// # Talking to the managers
//
// The contract is AgentService in api/warden/manager/v1/manager.proto. The agent has one
// session at a time with one manager: Register (a random 64-bit incarnation per process start,
// the same for every registration of the run), then a Heartbeat stream at the interval the
// registration answered. When the stream breaks, or no acknowledgement comes for three
// intervals, the agent goes to the next manager of Config.Managers (or straight to the leader
// a NOT_LEADER answer names), backing off exponentially with jitter while none answers. An
// acknowledgement with reregister set makes it register again, same incarnation.
//
// It calls Reconcile after every (re)connection, whenever an acknowledgement carries a
// desired version other than the one it last reconciled, whenever the state of one of its
// members changes (so the manager learns READY and EXITED at once), and at least every
// ResyncInterval. The answer is applied declaratively:
//
//	desired RUN,  unknown here              start it
//	desired RUN,  HELD here                 fence its log holder, then start it to restore
//	                                        from it (a cold backup promoted: see below)
//	desired HOLD, unknown here              hold it: serve its log holder, report HELD
//	desired HOLD, running here              stop it, then hold it
//	desired,      EXITED here               nothing: it stays EXITED (see below)
//	not desired,  running here              stop it (an orphan: replaced, removed, deleted),
//	                                        then forget it
//	not desired,  exited or held here       forget it (record, data dir and log removed)
//
// A creation runs at most once at a location: a member that exited (or crashed, or was
// killed as failed, or could not start) is reported EXITED with its exit status until the
// manager stops wanting it; the manager replaces it with a new member id and creation id. So
// a paused member judged failed never comes back as a second member in its slot.
//
// The managers being away does not touch the members: they keep running and being watched,
// their faults wait in a bounded queue, and when a manager answers again the agent registers
// (same incarnation), reconciles, stops what is no longer wanted and reports the faults.
//
// # Starting members
//
// A member is started from its type's LaunchSpec with the placeholders {{member}}, {{group}},
// {{type}}, {{location}}, {{creation_id}}, {{port}} and {{data_dir}} replaced in the
// command, the args and the env values ("{{" starting anything else is an error: the member
// is reported EXITED with "launch spec: ..." and a fault). {{port}} is a free TCP port the
// agent picked; the member must listen on it, and is reported at AdvertiseHost:port.
// {{data_dir}} is <DataDir>/members/<group>/<member>, created for it and removed when it is
// forgotten; it is also the working directory. Its stdout and stderr are appended to
// <DataDir>/logs/<group>/<member>.log; when the member is forgotten its log moves to
// <DataDir>/removed-logs/<unix ns>.<group>.<member>.log, where the newest 20 are kept (a member
// the manager replaced is gone, and its log tells why). The environment is the agent's plus
//
//	WARDEN_MEMBER, WARDEN_GROUP, WARDEN_TYPE, WARDEN_LOCATION, WARDEN_CREATION_ID,
//	WARDEN_PORT, WARDEN_DATA_DIR,
//	WARDEN_MANAGERS (the agent's managers, comma-separated)   always
//	WARDEN_HEARTBEAT_ADDR (udp host:port), WARDEN_HEARTBEAT_INTERVAL (e.g. "200ms"),
//	WARDEN_HEARTBEAT_SOURCE (the source id to send, "<group>/<member>")   PUSH monitoring
//	WARDEN_CHECKPOINT_INTERVAL (e.g. "10s")   when the group's CheckpointInterval is set
//	WARDEN_RESTORE_DIR (the fenced log holder's directory)   a promoted cold member
//
// then the spec's env (a later entry wins), then two markers (WARDEN_AGENT_DATA_DIR,
// WARDEN_AGENT_INCARNATION) by which a later incarnation finds what this one left. The
// command is an absolute path or a name looked up in the agent's PATH; a command that cannot
// be started is reported EXITED with exit status "start: <error>" and a fault.
//
// Stopping a member sends SIGTERM (and SIGCONT, so that a stopped member can act on it) to its
// process group, and SIGKILL after LaunchSpec.stop_grace_period (5s when absent).
//
// # Holding cold members
//
// A COLD_PASSIVE backup runs no process: the agent holds its log (replica.HolderServer). The
// holder's store is <data dir of the member>/holder (replica.HolderStore: checksummed
// records, fsynced before every acknowledgement), and the agent serves the Replication
// service for every member it holds on its own gRPC address, which it reports with HELD (and
// which the manager puts in the view for a cold member: the primary ships there, naming the
// member in the stream's metadata). A store that cannot be opened (damaged: the error names
// the record's offset) makes the member EXITED with "hold: ..." instead.
//
// When the manager promotes a held member (desired RUN), the agent fences its holder with the
// epoch of the view it got with the desired member (replica.HolderServer.Takeover: the
// holder adopts the epoch, fsyncs it and stops serving, so the old primary can get nothing
// more acknowledged there), then starts the member with WARDEN_RESTORE_DIR naming the
// holder's directory; the member restores the checkpoint and replays the log before it
// serves (replica.ServerConfig.RestoreDir). A failed takeover makes the member EXITED with
// "takeover of the held log: ..." and a fault. Forgetting a held member releases its holder
// and removes its files with its data dir.
//
// # Watching members
//
// Every member's process is waited for (detect.ProcessWatcher): its end is a certain crash,
// reported at once as an ObjectCrashFault (severity critical, evidence certain=true,
// exit_status, pid, exit_code, signal), and the member is reported EXITED with exit status
// "exit 1", "signal SIGKILL", ... Then, by the group's FaultMonitoringStyle (from
// DesiredMember.properties):
//
//	PULL           detect.Poller with a grpc.health.v1 probe (LaunchSpec.health_service) of
//	               the member's address every FaultMonitoringInterval, each check failing
//	               after FaultMonitoringTimeout. One failed check is an OmissionFault (the
//	               member stays READY); PullCrashAfter in a row make a crash.
//	PUSH           the member heartbeats to HeartbeatListen (detect's wire format, e.g. with
//	               detect.Sender); a silence of FaultMonitoringTimeout is a crash (a fixed
//	               timeout judge per member over detect.HeartbeatTracker).
//	NOT_MONITORED  process exit only.
//
// A member is STARTING until the first good health check (PULL), the first heartbeat (PUSH)
// or the first TCP connect to its port (NOT_MONITORED), then READY; one still STARTING after
// StartTimeout is judged crashed. Faults while STARTING are the member not listening yet and
// are not reported.
//
// A member judged crashed (PULL's repeated omissions, PUSH's silence, the start timeout) is
// reported as an ObjectCrashFault (severity error, certain=false, action=killed) and killed
// with SIGKILL to its process group, so that a paused (SIGSTOPped) member cannot resume
// serving beside its replacement: SIGCONT finds nothing. It is then EXITED with exit status
// "signal SIGKILL (killed by the agent: ...)"; its exit is not reported as a second fault.
// Omission and timing faults, and their end (MemberRecovered), are reported without action.
//
// Fault events follow detect's mapping (see detect's package doc): location, type_id,
// object_group_id (the member's slot), member (the member id), detector, severity, and
// evidence with the detector's own plus creation_id, epoch, certain, semantics. Each gets an
// id when it is queued ("agent-<incarnation hex>-<n>") and is sent with ReportFault until a
// manager acknowledges it (at least once; the notifier drops repeats by id). A manager that
// answers UNIMPLEMENTED is retried with backoff: the events wait in the queue (bounded by
// FaultQueueLength, the oldest dropped and counted when full).
//
// # When the agent stops or dies
//
// When Run's context ends (warden agent on SIGTERM or SIGINT), the agent stops every member
// (SIGTERM, grace, SIGKILL), tells a manager they exited if one answers within two seconds,
// and returns. Members do not outlive their agent: a host whose agent is gone is a host fault,
// and the managers replace its members elsewhere; members left running there would serve
// beside their replacements.
//
// An agent that is killed cannot stop them, so on Linux every member is started with
// PR_SET_PDEATHSIG = SIGKILL (from one goroutine locked to its thread, since the kernel ties
// the signal to the forking thread): the kernel kills the members when the agent dies.
// Processes the members started themselves are not covered by that signal; they carry the
// markers above, and the next agent on the same DataDir kills every process of the user
// whose environment names its DataDir and another incarnation before it starts anything
// (Linux only; elsewhere it warns).
//
// The state file <DataDir>/agent-state.json lists the members this agent started and has not
// forgotten; it is rewritten before every start and after every exit. A new incarnation
// reads it and reports every member listed as EXITED ("lost: the agent restarted ..."), never
// starting those creations again: the manager, seeing the new incarnation, replaces them.
//
// # Concurrency
//
// Run starts its goroutines (sessions, reconciler, fault reporter, the detectors' handler, the
// push heartbeat reader and judge, one pair per member for its process and monitor) and
// waits for all of them before it returns. The member table is guarded by one mutex; detector
// drivers hand their verdicts over on a bounded channel without blocking (a verdict that
// does not fit is dropped and counted in Stats.VerdictsDropped), and the handler applies them
// one at a time.
package agent
