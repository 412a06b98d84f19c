// Package replica is the server side of Warden's passive replication (WARM_PASSIVE and
// COLD_PASSIVE): the seed lecture's loosely synchronised group, in which "one server (primary)
// performs requests, others (backup) log the requests and take over if needed", with
// FT-CORBA's checkpointing, logging, at-most-once invocation and group references. The wire
// protocol is api/warden/replica/v1 (its file comment is the protocol's reference); the
// contract with the manager is ARCHITECTURE.md's "Passive replication protocol".
//
// This package holds the protocol cores (Replica for a member, LogHolder for what an agent
// keeps for a cold backup), the application's interfaces (Checkpointable, Updateable), and
// the conversions between the cores' messages and the wire (ToReplicateRequest,
// ReplicateReceiver, ToTransferChunks, TransferReceiver, RequestFromProto,
// ParseRequestContext, RedirectToProto).
// The gRPC driver that links a core to a user's server comes next (see "The driver" below).
//
// # The application
//
// A replicated service implements Checkpointable (GetState/SetState: the whole state as bytes)
// and, if it can, Updateable (GetUpdate/SetUpdate: what one request changed). With Updateable,
// backups apply the primary's updates and never execute a request; without it the core logs
// the requests themselves and backups replay them, so the application must be deterministic.
// The application also says which methods change state: only those are replicated; the
// others are reads (Replica.Read).
//
// # The protocol in one page
//
// The manager makes views: members, a primary, an epoch raised by every change. The primary
// executes each state-changing call, logs it as the next entry (epoch, seq, request id,
// expiration, update or request, reply) and ships it to every backup of its view; it answers
// the call once every backup holds the entry: the entry is then committed, and any member the
// manager may promote next has it. At most Config.MaxInflightAppends Appends with entries are
// unacknowledged per backup; what is executed meanwhile goes out together in the next one, so
// under load one message and one ack carry many entries. Backups log entries in seq order (buffering what comes
// ahead of a gap, ignoring duplicates), apply them only up to the commit point the primary
// sends, and refuse messages of an older epoch than theirs, which tells a deposed primary to
// stop. Logs agree by the log matching rule (each Append names the entry before its first):
// an uncommitted entry of a deposed primary is replaced by the new primary's, and a member
// whose state already included it rolls back (its latest committed checkpoint, then its log).
//
// A backup that does not acknowledge in time (Config.AckTimeout) is reported
// (Ready.Faults, an OmissionFault); the manager removes it with a new view and the primary no
// longer waits for it. The primary serves only under a lease from the manager (SetLease); the
// manager promotes another member only after that lease surely expired, so two primaries
// never serve at once. A promoted member applies its whole log, then serves. Clients retry
// with the same request id; the reply cache (replicated with the entries, kept in
// checkpoints) answers a retry of an executed call with the original reply. A reply is kept
// until the second its call's expiration falls in is over (a call that arrives after its
// expiration is refused, so a forgotten reply is never asked for).
//
// Every CheckpointInterval a member checkpoints what it applied (Ready.TakeCheckpoint);
// once committed the checkpoint becomes its base and the log before it is dropped. A member
// joining a group fetches a transfer from the primary (Fetch: the committed checkpoint and
// the committed entries after it), then the manager adds it to the view and the primary tops
// it up. A backup that fell behind the primary's log gets the primary's checkpoint. Every
// checkpoint's state carries a SHA-256 digest, verified before SetState: a mismatch is
// ErrDigestMismatch and a ValueFault about the sender, and nothing is installed.
//
// COLD_PASSIVE: only the primary runs. The agent at each cold backup's location runs a
// LogHolder, which receives the entries addressed to that member, makes them durable, and
// acknowledges; committed checkpoints are sent to it and its log before them dropped. When
// the manager promotes a cold member, its agent fences the holder with the promoting view's
// epoch (LogHolder.Restore, made durable) and starts the member, which restores the
// checkpoint and replays the log from the holder's files (Replica.Restore: rollforward)
// before it handles any view or call, then serves.
//
// # Using a Replica
//
// A Replica is a pure state machine in the etcd-raft style: it does no I/O, starts no
// goroutine and reads no clock. Every input carries the time; the outputs accumulate until
// the driver collects them with Ready. It is not safe for concurrent use: the driver
// serialises every call with one mutex. Inputs:
//
//	r, err := replica.New(replica.DefaultConfig(group, memberID))
//	r.SetView(replica.ViewFromProto(v), now) // every view from the manager's WatchView
//	r.SetLease(lease, now)                   // every lease grant or renewal
//	r.Step(msg, now)                         // every message from another member
//	r.Tick(now)                              // often: every RetransmitInterval/2 or so
//
// A state-changing call at the primary:
//
//	a, err := r.Begin(replica.Request{ID: id, Expiration: exp, ViewVersion: v}, now)
//	// err: a *RedirectError (ErrNotPrimary, ErrStaleView: send the client the view),
//	// ErrViewBehind, ErrNotReady, ErrNoLease, ErrRequestExpired.
//	switch a.Decision {
//	case replica.Answer: // a retry: answer with a.Cached.Reply / a.Cached.Status
//	case replica.Wait:   // a duplicate of a call in flight: wait for Ready.Replies[id]
//	case replica.Execute:
//		// under the execution lock (the one Ready's Install and Apply take too):
//		reply, st := handler(req)
//		update, _ := app.GetUpdate() // or the request itself, EntryRequest
//		seq, err := r.Executed(a.Ticket, replica.Execution{...}, now)
//		// then wait for Ready.Replies[id] (or, for a call without id, Ready.Commit >= seq
//		// while r.Term() is what it was at Executed)
//	}
//
// A read: seq, err := r.Read(v, now) and term := r.Term(); execute it; answer once
// Ready.Commit >= seq (what it read may include entries not committed yet), unless the term
// has changed by then: the member was deposed in between (even if it is primary again), its
// log may have been truncated, and the call fails with ErrNotPrimary.
//
// Outputs: after inputs, while r.HasReady(), the driver takes rd := r.Ready() and, in this
// order: SetState(rd.Install.State) if set; applies rd.Apply in order (SetUpdate, or replays
// the request through its handler); calls r.Advance(rd); if rd.TakeCheckpoint is set, calls
// GetState and r.CheckpointTaken(seq, state, now) before any other input; sends rd.Msgs;
// answers the calls waiting on rd.Replies; reports rd.Faults and rd.CaughtUp to the manager;
// releases calls waiting on seqs up to rd.Commit; and fails the calls waiting on seqs with
// ErrNotPrimary when the term changed since they began, or rd.SoftState says the member is no
// longer primary. An error from
// SetState, SetUpdate or a replayed request leaves the state unknown: the driver stops the
// member (fail-stop), and the manager replaces it.
//
// Memory: the core never modifies the byte slices it is given or hands out; callers must not
// modify them either. Ready's slices belong to the driver.
//
// # Using a LogHolder
//
// The agent keeps one per cold member it holds for: NewLogHolder(cfg, stored) with what it
// stored before (HolderState), Step for the messages addressed to that member, and for each
// Ready: make rd.Persist durable in order, then send rd.Msgs (an acknowledgement promises
// durability). At takeover: st, err := h.Restore(newEpoch, now), persist the resulting Ready,
// then hand st to the new member's Replica.Restore.
//
// HolderServer is that driver, for every cold member an agent holds (package agent uses it):
//
//	hs := replica.NewHolderServer(replica.HolderServerConfig{Logger: log})
//	hs.Register(grpcServer)                    // Replication, on the agent's own address
//	err := hs.Hold(group, member, dir)         // opens (or creates) the store in dir
//	st, err := hs.Takeover(group, member, e)   // promoted: fenced at e, durable, released
//	hs.Release(group, member)                  // no longer wanted (files stay)
//
// One address serves many holders: the primary's Replicate stream names its addressee in the
// metadata keys warden-replica-to and warden-replica-group (MetadataTo, MetadataGroup; the
// driver sends them on every stream, and a running member refuses a stream for another). The
// messages that queued up on a stream are stepped together and made durable with one fsync
// before their acknowledgements go back. A store that fails (a write or an fsync) gives the
// held log up: nothing is acknowledged any more, the primary reports the omission and the
// manager replaces the cold member.
//
// HolderStore is the durable state, one file (HolderFile) in the holder's directory:
//
//	| CRC32C (4) | Length (4) | Type (1) | Payload (Length) |
//
// (little-endian; the CRC covers type and payload): a header, then set-epoch, checkpoint,
// truncate and append records in the order Persist got them. Saving a checkpoint rewrites the
// file (epoch, checkpoint, the entries after it) through a temporary file, fsync, rename and
// a directory fsync: the log behind a checkpoint is dropped. On open, a record cut short by
// the end of the file (a write never completed, so never acknowledged) is cut off and
// reported (TornAt); any other damage is a *HolderCorruptError (errors.Is ErrHolderCorrupt)
// naming the file and the record's offset, and nothing after it is read.
//
// The takeover: the agent calls Takeover with the epoch of the view that promoted the member
// (the holder is fenced at that epoch, durably, before the process exists, so the old
// primary can get nothing more acknowledged there), then starts the member with
// WARDEN_RESTORE_DIR naming the holder's directory. DefaultServerConfig reads it into
// ServerConfig.RestoreDir, and NewServer reads the store (ReadHolderStore), refuses one that
// was not fenced, handles the core's first Ready and calls Replica.Restore before Run: the
// member's state is the holder's checkpoint and log, committed or not (it becomes the primary:
// its log is the group's), before any view promotes it. The manager then sees it READY at its
// own address.
//
// # What the manager must do
//
// The core is safe only if the manager keeps these rules (Warden's manager does):
//
//   - One primary per epoch, epochs only grow, and every membership or primary change raises
//     the epoch.
//   - Promote only a member that holds every committed entry: one the primary reported in
//     Ready.CaughtUp while it has been in the view without interruption since (a member
//     added to a view, or re-added after a removal, lacks what was committed without it until
//     it is reported).
//   - Grant leases only to the primary of the current view, stop renewing them once a fault
//     of that primary is observed, and promote another member only after
//     fault time + lease*(1+drift), unless the old primary is certainly dead (its agent reaped
//     the process). A planned change of primary (set_primary_member) must also wait for the
//     old lease, or have the old primary see the new view first.
//   - For COLD_PASSIVE, restore a promoted member from its own location's log holder after
//     fencing it with the new epoch (Restore does both).
//
// # The driver
//
// Server (server.go, driver.go) links a Replica to a user's gRPC server; its doc shows the
// few lines that make a server a member (ServerOptions: the interceptor, stream workers,
// and static flow-control windows, which keep gRPC from pinging for nearly every Append). It
// registers the Replication service (Replicate streams to and from the other members,
// Transfer for joiners) and grpc.health.v1,
// intercepts the unary methods of the services registered with Server.RegisterService
// (reading RequestContext from the "warden-request-bin" metadata, mapping the core's errors
// to statuses with ErrorInfo and Redirect details), serialises executions with Install and
// Apply under one lock, runs Tick on a timer, watches the group's view and renews the lease
// at the manager's leader, reports faults and caught-up members, and serves SERVING once the
// member holds the group's state (in the view, or a Transfer from the primary applied).
// As the primary of a COLD_PASSIVE group it ships to its cold members at their view addresses
// (their agents', which serve the holders); promoted from cold, it restores first
// (ServerConfig.RestoreDir). DefaultServerConfig also takes the group's CheckpointInterval
// from WARDEN_CHECKPOINT_INTERVAL, which the agent sets, so that the holders' logs are
// truncated behind checkpoints. ServerConfig.BackupProcs, when set, lowers the process's
// GOMAXPROCS while the member is not the primary (a backup needs little CPU, and on a host
// shared with other members fewer threads to wake leave more to them) and restores it on
// promotion. Not built yet: streaming methods (RegisterService refuses
// them). examples/counter is the smallest member; its tests run members in-process and as
// processes under real agents (cold_test.go: COLD_PASSIVE with SIGKILLed primaries).
//
// # Tests
//
// The scripts in testdata/ replay the protocol step by step (epochs, out-of-order and
// duplicate entries, view changes, checkpoints and transfers, digest mismatch, leases, the
// reply cache, promotion, omission faults, COLD_PASSIVE takeover); go test ./replica
// -run TestScripts -rewrite regenerates their expected output for review.
// TestRandomInterleavings runs random schedules of calls, losses, duplicates, crashes, cut-off
// primaries and view changes against a manager that keeps the rules above, and checks that no
// member applies an update twice, that members agree on the committed history, and that every
// acknowledged update survives exactly once.
package replica
