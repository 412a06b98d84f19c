// Package recovery is a transaction recovery manager: a store of data items, kept in memory and
// made durable in a recovery file, with transactions that survive crashes of the process and
// of the machine. It is the "Transaction Recovery" section of the seed lecture, built for real:
// intentions lists, transaction status entries, logging, reorganising the recovery file
// (checkpointing) and, as a second strategy behind the same API, shadow versions.
//
// # Using it
//
//	s, err := recovery.Open(dir, recovery.DefaultOptions())
//	tx := s.Begin()
//	bal, ok, err := tx.GetForUpdate(ctx, "acct/alice") // exclusive lock, held to the end
//	err = tx.Put(ctx, "acct/alice", newBalance)    // exclusive lock; invisible until commit
//	err = tx.Commit()                              // durable (fdatasync) when it returns
//
// Locking is strict two-phase: locks are taken as items are read (Get: shared; GetForUpdate:
// exclusive) and written (Put, Delete: exclusive) and released only by Commit or Abort. A lock wait longer than Options.LockTimeout fails with ErrLockTimeout;
// that is how deadlocks end, and the caller aborts and retries. Commit returns only once its
// records are on stable storage; concurrent commits are gathered by one writer goroutine and
// share one sync (group commit), so throughput grows with the number of committers.
//
// For two-phase commit, a participant calls Prepare, which makes the transaction's intentions
// list and a prepared status durable; the transaction then survives a crash. After Open,
// Store.Prepared lists the prepared transactions, holding their locks again, and the
// participant commits or aborts each once it learns the decision. BeginGlobal records a global
// transaction id with the intentions list so the participant knows which decision to ask for.
//
// Store and its methods are safe for concurrent use. A Tx is meant for one goroutine.
//
// # The recovery file (StrategyLog)
//
// dir/recovery.log is a sequence of records, each framed as
//
//	+---------+---------+--------+------------------------+
//	| CRC32C  | length  |  type  | payload (length bytes) |
//	| 4 bytes | 4 bytes | 1 byte |                        |
//	+---------+---------+--------+------------------------+
//	  little-endian; the CRC (Castagnoli) covers length, type and payload and is seeded with
//	  the file's salt
//
// and holds the seed's three kinds of entry plus two of bookkeeping:
//
//	header     (first record; salt 0) magic "WARDENRF" | version u16 | strategy u8 | kind u8 | salt u32
//	boot       incarnation u64: written and synced at every Open; transaction ids are
//	           incarnation<<32 | counter, so they are unique across restarts
//	value      (data item) txid u64 | flags u8 (1 = delete) | key length uvarint | key | value
//	           txid 0 marks a committed value written by a checkpoint
//	intentions txid u64 | global id length uvarint | global id | count uvarint |
//	           count x (key length uvarint | key | position u64 | flags u8)
//	           position is the file offset of the value record holding the key's new value
//	status     txid u64 | status u8 (1 prepared, 2 committed, 3 aborted)
//
// A commit appends its value records, its intentions list and a committed status; Prepare
// appends the values, the intentions list and a prepared status; the decision on a prepared
// transaction appends only a status. Each batch of commits is one write and one fdatasync.
//
// # Recovery
//
// Open replays the file from the start: checkpointed values are restored, a transaction's values
// take effect at its committed status (found through its intentions list), prepared transactions
// come back prepared, and values and intentions with no status (an unfinished commit) are
// discarded. A record that fails its checksum or runs past the end is either a torn tail — no
// valid record follows it, because the last write was cut short by the crash — which is
// truncated and reported in RecoveryReport, or corruption: a valid record follows, and Open fails
// with a *CorruptError naming the file and offset, for which errors.Is(err, ErrCorrupt) holds.
// Corruption is never skipped. The per-file salt makes a frame stored inside a value, or left
// over from an older file, invalid here, so it cannot be mistaken for a following record.
//
// # Durability and failure
//
// Commit and Prepare return nil only after fdatasync returned nil. A failed write or sync fails
// the store (ErrFailed): after a failed fsync the kernel may have dropped the dirty pages, so
// retrying could report a commit that is not on disk (the "fsyncgate" lesson). The store then
// serves committed reads but no more commits; reopen it to recover from what the file holds.
// Files and renames are made durable by syncing their directory.
//
// # Reorganising the recovery file (checkpointing)
//
// Checkpoint writes the committed values and the still-prepared transactions to
// recovery.log.new, carries over the records that commits appended meanwhile, syncs it, renames
// it over recovery.log and syncs the directory. Commits keep flowing: the state is frozen for the
// checkpoint by diverting new commits to an overlay (a short stall at the start), and only the
// final carry-over and the rename stop the writer (the stall at the end). CheckpointReport gives
// the longest stall. A checkpoint runs automatically when the file grows past
// Options.CheckpointMultiple times the live data.
//
// # Shadow versions (StrategyShadow)
//
// The same API over the seed's second technique: changed values are appended to a version
// store, and at commit a new map from items to their committed versions replaces the old one.
// See shadow.go for its file layout.
//
// # Testing with faults
//
// Options.FS takes any vfs.FS. The tests run the store against vfs.MemFS, which can produce the
// state a crash would leave at any instant (unsynced writes vanish, the last may be torn), and
// against vfs/errorfs, which fails the Nth write or sync with EIO or ENOSPC.
package recovery
