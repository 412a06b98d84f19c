package recovery

import (
	"errors"
	"fmt"
)

var (
	// ErrCorrupt marks damage that recovery must not skip: a bad record followed by valid ones,
	// or records that contradict each other. The wrapping error names the file and offset.
	ErrCorrupt = errors.New("recovery: corrupt recovery file")
	// ErrLockTimeout is returned when a lock wait outlasts Options.LockTimeout; it is how
	// deadlocks end. The transaction is still usable: the caller usually aborts and retries.
	ErrLockTimeout = errors.New("recovery: lock wait timed out")
	// ErrFailed is returned by every write after a write or sync to stable storage failed. The
	// store keeps serving committed reads but accepts no more commits: after a failed fsync the
	// state of the file is unknown, and retrying the sync could report a commit that is not on
	// disk. Close the store and reopen it to recover from the file.
	ErrFailed = errors.New("recovery: store failed; read-only until reopened")
	// ErrClosed is returned for operations on a closed store.
	ErrClosed = errors.New("recovery: store closed")
	// ErrTxDone is returned for operations on a transaction that already committed or aborted.
	ErrTxDone = errors.New("recovery: transaction already finished")
	// ErrTxPrepared is returned for reads and writes of a prepared transaction: its
	// intentions list is fixed until it is committed or aborted.
	ErrTxPrepared = errors.New("recovery: transaction is prepared")
	// ErrInvalidArgument is returned for a key or value that cannot be stored.
	ErrInvalidArgument = errors.New("recovery: invalid argument")
)

// CorruptError describes corruption found while opening a store.
type CorruptError struct {
	File   string // path of the damaged file
	Offset int64  // byte offset of the first bad record, or -1 when records contradict each other
	Reason string
}

func (e *CorruptError) Error() string {
	if e.Offset < 0 { // a contradiction between records rather than a bad record
		return fmt.Sprintf("recovery: corrupt recovery file %s: %s", e.File, e.Reason)
	}
	return fmt.Sprintf("recovery: corrupt recovery file %s at offset %d: %s", e.File, e.Offset, e.Reason)
}

// Is makes errors.Is(err, ErrCorrupt) hold.
func (e *CorruptError) Is(target error) bool { return target == ErrCorrupt }
