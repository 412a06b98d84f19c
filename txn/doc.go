// Package txn is two-phase commit with presumed abort over gRPC: a coordinator and
// participants whose durable state lives in recovery stores (github.com/wardenft/warden/recovery),
// as in the seed lecture's "Log and 2PC" and "Recovery of 2PC". The wire API is
// api/warden/txn/v1 (CoordinatorService, ParticipantService); its comments document the
// protocol and the errors.
//
// # Running a coordinator
//
//	c, err := txn.OpenCoordinator(txn.CoordinatorServerConfig{
//		Core:    txn.DefaultCoordinatorConfig(), // Name prefixes every gid
//		Dir:     "data/coordinator",              // its log of commit decisions
//		Address: "10.0.0.1:7100",                 // where participants dial it back
//		Logger:  log,
//	})
//	txnv1.RegisterCoordinatorServiceServer(grpcServer, c)
//	defer c.Close()
//
// The coordinator logs a commit decision (durably) before it answers the client or tells a
// participant; aborts are never logged (presumed abort: a gid it does not know is aborted).
// It sends each decision until the participant acknowledges it, then forgets it: the decision
// is deleted from the log and the next reorganisation (recovery.Store.Checkpoint, every
// CheckpointEvery forgets) drops it from the file. Opened again after a crash it sends every
// decision still in its log; gids embed its incarnation (the store's boot count), so a Commit
// for a gid begun before the crash is refused as unknown.
//
// # Being a participant
//
// An application that keeps its data in a recovery store serves ParticipantService next to its
// own API:
//
//	p, err := txn.NewParticipantServer(txn.ParticipantServerConfig{
//		Core:    txn.DefaultParticipantConfig("A"),
//		Store:   store,     // the application's store; txn keeps its commit markers under "txn/"
//		Execute: runWork,   // optional: the work of one-shot transactions
//	})
//	txnv1.RegisterParticipantServiceServer(grpcServer, p)
//
// Work for a global transaction runs in its local transaction, with the locks that takes:
//
//	err := p.Work(gid, func(tx *recovery.Tx) error { return tx.Put(ctx, key, value) })
//
// On a prepare the participant writes the transaction's metadata (coordinator, peers) into it
// and calls tx.Prepare, which makes the intentions list and the prepared status durable; only
// then it votes yes, and any failure votes no. A decision is applied (tx.Commit or tx.Abort,
// durable) before it is acknowledged. A participant restarted with prepared transactions finds
// them in store.Prepared(), still holding their locks, and asks the coordinator at once
// (GetDecision); a prepared transaction that hears nothing asks again after
// DecisionTimeout, then with exponential backoff up to MaxAskInterval; when the coordinator
// cannot be reached it asks its peers (QueryOutcome), and a peer that committed, or that had
// not prepared and so aborts, settles it (cooperative termination). Work that gets no
// Prepare within ActiveTimeout is aborted, releasing its locks. A lock wait ends with
// recovery.ErrLockTimeout after the store's LockTimeout, never a hang.
//
// # Running a transaction
//
// Interactively: Begin (participants) at the coordinator, the work at each participant with
// the gid, then Commit (or Abort). In one shot: Run carries each participant's work, which
// its Execute hook runs at Prepare; one call from the client instead of three, and the
// application's error (say, insufficient funds) comes back with its code when a work fails.
// IsAborted tells an error after which nothing was applied anywhere.
//
// # How messages travel
//
// The coordinator keeps one ParticipantService.Exchange stream open per participant address
// and sends prepares and decisions on it; the participant answers on the same stream. Nothing
// waits for a free call: a message goes out at once, together with whatever queued up while
// the previous request was being written (the sender yields once first, so that transactions
// being started at the same moment join). The participant runs the prepares and decisions of a
// request together (their records share its store's syncs) and sends each vote as soon as it
// is durable, the votes made durable by one sync in one response; acknowledgements ride with
// the next vote or go at the participant's next tick, since they only let the coordinator
// forget. A message left
// unanswered for RPCTimeout breaks the stream, and every message unanswered on a broken stream
// counts as undelivered: the transaction of a prepare aborts, a decision is sent again on a
// new stream after the resend interval. Commit decisions go to the coordinator's log one write
// at a time, each carrying every decision that came up while the previous one was synced.
//
// # The protocol cores
//
// Coordinator and Participant are pure state machines in the etcd-raft style: they do no I/O
// and read no clock. Inputs are messages (Step), ticks with the time passed in (Tick),
// completions of durable actions (Coordinator.Logged, Participant.OpDone) and, at start, what
// the log held (Recover); outputs, collected with Ready, are durable actions (log or forget a
// decision; prepare, commit or abort a local transaction) and messages to send. The
// CoordinatorServer and ParticipantServer drivers carry them over gRPC and the stores. The
// scripted tests in testdata/ replay every state and transition (go test ./txn -rewrite
// regenerates their expected output for review).
//
// # Fault injection
//
// The drivers call Hook at every named protocol step (KillPoints). KillHook turns a
// "point:n" specification into a hook that SIGKILLs the process the nth time the point is
// reached; examples/bank's fault tests use it to crash processes at every step.
//
// The drivers' methods are safe for concurrent use; the cores are not (the drivers serialise
// them).
package txn
