// Package txn is two-phase commit with presumed abort over gRPC, with the coordinator's
// decisions and the participants' prepared transactions kept in recovery stores
// (github.com/wardenft/warden/recovery).
//
// The protocol cores, Coordinator and Participant, are pure state machines in the etcd-raft
// style: they do no I/O and read no clock. Their inputs are messages (Step), timer ticks
// (Tick, with the time passed in) and completions of durable actions (Coordinator.Logged,
// Participant.OpDone); their outputs, collected with Ready, are durable actions (log a
// decision, forget one; prepare, commit or abort a local transaction) and messages to send.
// The scripted tests in testdata/ drive them through every state and transition.
package txn
