// Package banking is the seeds' banking service on Warden: the branch server, and the client
// that runs transfers within a branch (one local transaction) and between branches (two-phase
// commit through a txn coordinator). The bank command (examples/bank) wires them into
// processes.
//
// A branch (OpenBranch) keeps its accounts in a recovery store under "acct/NAME" (an 8-byte
// big-endian balance), the request ids of applied local operations under "op/ID", and the
// txn participant's commit markers under "txn/GID". Every request is one transaction; a
// failed request changes nothing. Work for a global transaction (Deposit or Withdraw with a
// gid) runs in the participant's local transaction for that gid and becomes visible only
// when the coordinator's commit decision arrives.
//
// A Client is safe for concurrent use. Errors are gRPC statuses with details (see
// api/warden/bank/v1/bank.proto); IsLockConflict tells a retryable lock conflict, and
// txn.IsAborted an aborted global transaction. A cross-branch transfer's error is a
// *TransferError carrying the gid, which Audit looks up.
package banking
