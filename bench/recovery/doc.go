// Command recovery benchmarks the durable commit of Warden's transaction recovery manager
// (package github.com/wardenft/warden/recovery) against peers, and its recovery against the
// cheapest possible pass over the same file.
//
// Run it from the bench module:
//
//	cd bench && go run ./recovery            # full run, about two minutes
//	cd bench && go run ./recovery -quick     # under 40 seconds
//	cd bench && go run ./recovery -json      # one JSON object instead of the table
//	make bench BENCHFLAGS=-quick             # the same, from the repository root
//
// The table starts with the machine, the directory and its file system, and a command line
// with every setting spelled out that reproduces the run. -help describes every flag.
//
// # Commit throughput and latency
//
// The workload is the seeds' banking log: a transfer reads two distinct accounts' 8-byte
// balances, chosen uniformly from -accounts, writes both and commits durably. Each cell runs
// one system with 1, 16 and 64 concurrent committers (-committers), each a goroutine issuing
// transfers back to back. A transfer counts if it returns inside a measured window; tx/s is
// that count over the windows' length, and p50/p99 are of those transfers' latencies, from the
// call to the durable return.
//
// The speed of a (virtual) disk drifts over seconds, so cells are not run one after the other:
// at one number of committers all systems' stores are open at once and take turns, -rounds
// slices of -duration/-rounds each (3 of 1s; 2 of 350ms with -quick), every slice after its
// own -warmup. The fdatasync probe below takes its turns beside the first (single-committer)
// cells in the same way. The systems, in the order they run:
//
//   - log: Warden's recovery store with the log strategy, default options (group commit).
//   - shadow: the same store with the shadow-versions strategy; skipped with a note while
//     recovery.Open does not support it.
//   - raw: the device's ceiling. Committers hand a record as large as what one log transfer
//     writes (measured on a fresh store at start-up) to one syncer goroutine that drains every
//     waiting record, writes them with one pwrite and calls fdatasync once.
//   - bbolt-update: bbolt, one db.Update per transfer (NoSync false: fsync per commit).
//   - bbolt-batch: bbolt, db.Batch per transfer (bbolt's own group commit, default batch size
//     and delay).
//   - sqlite-wal: SQLite through cgo in WAL mode with synchronous=FULL, BEGIN IMMEDIATE, two
//     UPDATEs, COMMIT, busy_timeout set. The pool is one connection (-sqlite-conns): SQLite
//     admits one writer at a time either way, and with many connections the losers sleep in
//     the busy handler and some starve, which a window that counts only finished transfers
//     would report as a flattering p99.
//
// Systems with locks take both accounts in account order, so deadlocks are not what is
// measured. Warden's store takes the exclusive locks first (a Put of each account) and then
// reads, because Tx.Get's shared lock would have to be upgraded, and two transfers upgrading
// the same account wait for each other until LockTimeout.
//
// Every cell is a fresh store in its own subdirectory of one run directory, so all systems
// share a file system. After each cell the harness checks that the total of all balances is
// unchanged, and for the durable systems checks it again after closing and reopening the
// store; a mismatch fails the run.
//
// One more figure is the floor for a single committer: one record appended and fdatasynced in
// a loop, with nothing to batch with (-probe in all).
//
// # Recovery time
//
// The log store, with automatic checkpoints off, is filled by -recovery-committers goroutines
// committing -recovery-value-kib values over a key space a quarter the file's size, until its
// recovery file reaches -recovery-mib (1 GiB; 64 MiB with -quick), and closed. Then the file is
// read once to warm the page cache, and two passes run -repeats times each, alternating, in that
// same warm state: recovery.Open (replay, plus the boot record it appends and syncs) and a
// sequential read of the store's files with CRC32C (Castagnoli) over them. The medians are
// reported in MB/s (10^6 bytes) with their ratio.
//
// # Targets
//
// The targets are printed beside the figures, each marked met or missed by how much: at
// the largest number of committers the log's tx/s is at least 20x bbolt-update, 2x bbolt-batch,
// 2x sqlite-wal and 0.7x raw; the log's single-committer p50 is at most 1.3x one raw fdatasync;
// recovery runs at at least 0.5x the read+CRC32C speed.
//
// The figures depend on the device and its cache: run on the file system you care about
// (-dir), and compare runs on one machine only.
package main
