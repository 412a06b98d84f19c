package recovery

import "fmt"

// Strategy selects how a Store makes transactions durable. Both strategies sit behind the same
// Store and Tx API and recover the same committed state.
type Strategy uint8

const (
	// StrategyLog appends values, intentions lists and status entries to one recovery file
	// (the seed's "logging"). Commit costs one append and one fdatasync per group of commits.
	StrategyLog Strategy = 0
	// StrategyShadow appends changed values to a version store and, at commit, writes a new map
	// from items to their committed versions that atomically replaces the old one (the seed's
	// "shadow versions", with bbolt-style alternating map slots).
	StrategyShadow Strategy = 1
)

func (s Strategy) String() string {
	switch s {
	case StrategyLog:
		return "log"
	case StrategyShadow:
		return "shadow"
	}
	return fmt.Sprintf("strategy(%d)", uint8(s))
}

// opKind is what one durable operation does to a transaction.
type opKind uint8

const (
	opCommit  opKind = iota + 1 // one-phase commit: values + intentions + committed status
	opPrepare                   // values + intentions + prepared status
	opDecide                    // commit or abort of a prepared transaction: status only
)

// write is one buffered change of a transaction.
type write struct {
	key   string
	value []byte
	del   bool
}

// op is one unit handed to an engine. Engines fill in intentions for opCommit and opPrepare:
// the position of each write's value in their file.
type op struct {
	kind   opKind
	txid   TxID
	gid    string
	writes []write // sorted by key; for opDecide, the prepared writes (to apply on commit)
	commit bool    // opDecide: true to commit, false to abort

	intentions []Intention // set by the engine

	owner *Tx // the transaction, for the store's bookkeeping; engines ignore it
}

// preparedTx is a transaction found prepared at open, or handed to an engine at checkpoint.
type preparedTx struct {
	txid       TxID
	gid        string
	writes     []write
	intentions []Intention
}

// recovered is what an engine found on disk at open.
type recovered struct {
	values   map[string][]byte
	prepared []*preparedTx // in the order they were prepared
	boot     uint64        // highest incarnation recorded; 0 for a new store
	report   RecoveryReport
}

// snapshot is the consistent state a checkpoint writes: every committed value and every
// prepared transaction as of the moment it was taken. values must not be modified while the
// checkpoint runs; the store guarantees it by diverting commits to an overlay.
type snapshot struct {
	values   map[string][]byte
	prepared []*preparedTx
	boot     uint64
}

// engine is a durability strategy. The store calls load, then boot, once; after that persist
// and the checkpoint calls come from the store's single writer goroutine, except
// checkpointer.run, which runs on its own goroutine concurrently with persist.
type engine interface {
	// load reads the durable state, repairing a torn tail and reporting corruption.
	load() (*recovered, error)
	// boot durably records incarnation n, so that transaction ids are never reused.
	boot(n uint64) error
	// persist makes every op durable, in order, sharing syncs, and fills in their intentions.
	// An error means none of them may be reported as done; the store fails.
	persist(ops []*op) error
	// size is the number of bytes the engine keeps on disk, for the auto-checkpoint policy.
	size() int64
	// startCheckpoint begins reorganising the files around snap. It runs on the writer
	// goroutine, so nothing is persisted concurrently with it.
	startCheckpoint(snap *snapshot) (checkpointer, error)
	// close releases the files. It does not sync: everything acknowledged is already durable.
	close() error
}

// checkpointer is one reorganisation in progress.
type checkpointer interface {
	// run does the bulk of the work off the writer goroutine while commits continue.
	run() error
	// finish completes the reorganisation and swaps the new files in. It runs on the writer
	// goroutine; its duration is the commit stall the checkpoint causes. An error after the swap
	// became visible is fatal to the store (reported via fatal=true).
	finish() (fatal bool, err error)
	// abandon removes partial files after run or finish failed without swapping.
	abandon()
	// movedIntentions returns, after a successful finish, the intentions of every transaction
	// still prepared, with positions in the new files (a checkpoint moves values).
	movedIntentions() map[TxID][]Intention
}
