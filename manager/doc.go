// Package manager is Warden's replication manager (FT-CORBA's ReplicationManager:
// PropertyManager + ObjectGroupManager + GenericFactory, with the FaultNotifier it hosts):
// a pure core — the replicated state machine (State) and the repair loop's decisions
// (PlanRepairs), which start no goroutine, do no I/O and read no clock (time comes in
// commands and observations) — and the Node that runs it over Raft with the leader's control
// loop and the gRPC services (warden manager). The wire contract is
// api/warden/manager/v1/manager.proto; its messages are also this package's commands and
// state.
//
// # The state machine
//
//	s := manager.New()
//	res, err := s.Apply(cmd)        // cmd: *managerv1.Command, one Raft log entry
//	b, err := s.Snapshot()          // deterministic bytes: equal states, equal bytes
//	err = s.Restore(b)              // replaces everything; unchanged on error
//
// State holds the default, type and group properties, member types with launch specs,
// locations (agents), and object groups with their views and pending creations. Apply is
// deterministic: the same log gives the same state on every replica (commands carry their
// time in Command.At, set by the proposer). A refused command returns an error wrapping a
// sentinel (ErrInvalidProperty, ErrGroupNotFound, ErrStaleEpoch, ...) and changes nothing,
// on every replica alike.
//
// Every change of a group's membership or primary makes a new view with epoch+1; every change
// of the view at all raises its version, drawn from one counter for all groups. A group has
// at most one member or pending member per location (FT-CORBA's member slot); member ids
// ("m3") and creation ids are never reused in a group.
//
// # Properties
//
// Resolved builtin (BuiltinProperties) < defaults < type < group, with Resolved.Origins
// saying which level each value came from. Setting a level validates that level's fields
// (validateLevel) and then the resolved properties of everything resolved through it: the
// defaults alone, every type with properties, every group. So a default change that would
// make an existing group's MinimumNumberMembers exceed its InitialNumberMembers is refused
// naming the group. Errors are *PropertyError (Name, Value, Scope, Reason) wrapping
// ErrInvalidProperty or ErrUnsupportedProperty.
//
// Factories (allowed locations) may name locations that have not registered yet: they are
// candidates once their agent registers. An empty or absent list at every level means "any
// registered location". With infrastructure-controlled membership an explicit list shorter
// than MinimumNumberMembers is refused (one member per location could never meet it).
// Unsupported: ACTIVE_WITH_VOTING with MinimumNumberMembers < 3, and the ACTIVE styles
// with application-controlled consistency.
//
// # Repair decisions
//
//	plan := manager.PlanRepairs(s, obs, analyzer, cfg)
//	for _, a := range plan.Actions { if a.Command != nil { propose(a.Command) } else { report(a) } }
//	// plan again after the commands are applied, on any new observation, and at plan.NextAt
//
// PlanRepairs is a pure function of the state, Observations (what the leader's detectors and
// agents say now: failed members, down locations, pending members ready with their address,
// and Now), a Placer (the analyzer: MayPlace, and MayRestart through the optional Restarter)
// and RepairConfig. See its doc for the rules. It is idempotent: the same inputs give the
// same actions, and once those are applied, planning again proposes nothing new, because
// creations in flight are pending members in the state. Commands of one group carry a chain
// of expected epochs, so if a concurrent change (an operator's remove_member) interleaves,
// the rest of the group's commands fail with ErrStaleEpoch and the next plan starts from the
// new view.
//
// The analyzer's identity for a member slot is Subject{Location, TypeID, GroupID} with Member
// empty (every incarnation in a slot is the same subject, so its restart budget is counted
// across replacements); put the member id and creation id in the event's evidence.
//
// # Running managers: Node and the gRPC services
//
//	n, err := manager.OpenNode(manager.NodeConfig{DataDir: dir, RaftAddr: "127.0.0.1:7500",
//		APIAddr: lis.Addr().String(), Bootstrap: true})    // alone: a cluster of itself
//	srv := grpc.NewServer(); manager.RegisterServices(srv, n); go srv.Serve(lis)
//	err = n.JoinCluster(ctx, existingAPIAddr)            // instead of Bootstrap: join one
//	res, err := n.Propose(ctx, cmd)                      // a write, on any manager
//	n.Read(func(s *manager.State) { v, err = s.View("g1") }) // a read of the local copy
//	n.Shutdown()
//
// Node (node.go) runs hashicorp/raft with Warden's own recovery store as log and stable store
// (raftstore.go), FileSnapshotStore and the TCP transport, all under DataDir; its FSM
// (fsm.go) is the State below plus the managers' API addresses. Followers forward writes to
// the leader over an internal gRPC method and return once they applied them: a client that
// writes and reads through one manager reads its writes; other reads may lag by the
// replication delay. RegisterServices (server.go) maps errors to manager.proto's codes and
// ErrorInfo, and also serves warden.notify.v1.FaultNotifier.
//
// # The hosted FaultNotifier and the fault history
//
// Fault events are committed through Raft (RecordFaults commands; Node.RecordFaults) into a
// bounded history in the State (FaultHistoryLimit events; an id it holds is recorded once,
// so a retried report is not duplicated). Every manager runs a notify.Notifier whose History
// is that replicated ring (faults.go): PushStructuredFault and the agents' ReportFault
// commit through the leader, and each manager's FSM hands every committed event to its own
// notifier, so a consumer connected to any manager sees every event, and QueryHistory on any
// manager answers from the same history with the same sequence numbers. Subscription filters
// (CreateSubscriptionFilter) are kept in the State too (ids "f1", "f2", ...): a consumer
// connects with a filter id to any manager.
//
// # The control loop
//
// Only the leader runs it (control.go), starting once a barrier shows it has applied the log
// of earlier terms, and stopping when it loses leadership. Its inputs:
//
//   - agent heartbeats (AgentService.Heartbeat, which only the leader takes: a follower
//     answers NOT_LEADER with the leader's address), judged per location by detect's phi
//     accrual with ControlConfig.Phi. A suspected location is a HostCrashFault, committed
//     to the history. So is a heartbeat stream that ends other than by the agent's close
//     (EOF): its connection dropped, as a killed agent's does at once; the agent's next
//     heartbeat (same incarnation) ends that fault. A new leader expects every UP location to heartbeat within
//     ControlConfig.AgentGrace.
//   - agent reconciliations (Reconcile, also leader only): a pending member reported READY
//     (or HELD) may join its view; a view member reported EXITED, or not reported at all by
//     the location's current incarnation (the agent restarted and lost it), has failed
//     certainly.
//   - every committed fault event: an ObjectCrashFault naming a group and member is a
//     failed member; a HostCrashFault naming only a location is a down location. Every
//     fault and recovery also goes to the fault analyzer (analyze), keyed by member slot
//     (location, type, group); its incidents and classifications are committed as events
//     too, and it is the Placer of PlanRepairs (no placement where it found a permanent or
//     flapping fault).
//
// On every input and at the next deadline it prunes observations the state made moot
// (members gone from their group, locations registered again) and proposes what PlanRepairs
// decides: commands of one group in order, groups concurrently. A new leader starts with
// empty observations and rebuilds them as agents reconnect and reconcile; the replicated
// state (views, pending members, DOWN locations) is enough for it to resume. A heartbeat of a
// location that is DOWN is answered with reregister: the agent registers again (UP), and its
// reconciliation stops the members that were replaced meanwhile (orphans).
//
// # Leases and promotion (passive groups)
//
// The primary of a passive group serves only under a lease: MemberService.RenewLease,
// answered by the leader, grants RepairConfig.PrimaryLease to the primary of the current
// epoch and to no one the control loop judged failed. A primary whose failure is not certain
// is replaced only PrimaryLease x (1 + ClockDriftRate) after the leader learned of it (or
// after its own leadership began, for leases an earlier leader granted); a certain failure
// (the agent reaped the process) is replaced at once. The primary's RenewLease also names the
// backups that caught up (MarkCaughtUp): only those are promoted, the first to have joined
// first; with none the group is left without a primary and reported, since a backup that
// lacks committed updates would lose them. Such a group's state is lost: no member is
// created for it, and a member added later is never made primary on its own (only the first
// member of a group that never had a primary is: ObjectGroup.had_primary), until an operator
// names one with set_primary_member, accepting what that member lacks. An OmissionFault reported by the replica SDK
// (detector ReplicaDetector) about a backup removes it like a crash.
//
// DefaultControlConfig is the LAN profile (heartbeats every second); LocalProfile sets
// LocalControlConfig (every 100ms, a host fault about 1s after the last heartbeat, or at once
// when the agent's heartbeat stream breaks: see LocalAgentPhi).
//
// # Tests
//
// The scripts in testdata/ are replayed by script_test.go (commands like
// `create-group g1 type=counter style=STATELESS initial=3 min=2`, `fault member=g1/m2`,
// `repair now=10s`); `go test ./manager -run TestScripts -rewrite` rewrites their expected
// output. TestProperties plays random histories and prints its seed; -seed N replays one.
//
// State is not safe for concurrent use. PlanRepairs only reads the State; do not Apply while
// it runs.
package manager
