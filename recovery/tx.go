package recovery

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
)

type txState uint8

const (
	txActive txState = iota
	txPrepared
	txCommitted
	txAborted
	txFailed // a durable step failed; the outcome is unknown until the store is reopened
)

func (s txState) String() string {
	return [...]string{"active", "prepared", "committed", "aborted", "failed"}[s]
}

// Tx is a transaction over data items with strict two-phase locking: Get takes a shared lock,
// Put and Delete an exclusive one, and every lock is held until Commit or Abort (also while
// prepared). Writes are buffered in the transaction and invisible to others until it commits.
//
// A Tx is meant to be used by one goroutine at a time; its methods are nonetheless safe to call
// concurrently: a watchdog may Abort a transaction that another goroutine is using, and a Get or
// Put of it that is waiting for a lock then returns ErrTxDone at once.
type Tx struct {
	s   *Store
	id  TxID
	gid string

	abort chan struct{} // made by the first lock wait; closed when the transaction finishes
	req   request       // reused by Prepare and Commit/Abort: a transaction submits one at a time

	mu         sync.Mutex
	state      txState
	writes     map[string]write
	held       map[string]lockMode
	intentions []Intention
}

// ID returns the transaction's id, unique across restarts of the store.
func (tx *Tx) ID() TxID { return tx.id }

// GlobalID returns the global transaction id given to BeginGlobal, or "".
func (tx *Tx) GlobalID() string { return tx.gid }

// Intentions returns the transaction's intentions list: each written item and the position in
// the store's file of its new value. It is nil before Prepare (or, for a one-phase commit, before
// Commit). While the transaction is prepared the positions follow the values when a checkpoint
// moves them. The caller owns the slice.
func (tx *Tx) Intentions() []Intention {
	tx.mu.Lock()
	defer tx.mu.Unlock()
	if tx.state == txPrepared {
		tx.s.mu.RLock()
		e, ok := tx.s.prepared[tx.id]
		tx.s.mu.RUnlock()
		if ok {
			return slices.Clone(e.rec.intentions)
		}
	}
	return slices.Clone(tx.intentions)
}

// Writes returns the transaction's buffered writes as key to value; a deleted key maps to nil.
// The caller must not modify the values.
func (tx *Tx) Writes() map[string][]byte {
	tx.mu.Lock()
	defer tx.mu.Unlock()
	out := make(map[string][]byte, len(tx.writes))
	for k, w := range tx.writes {
		out[k] = w.value
	}
	return out
}

func (tx *Tx) String() string {
	tx.mu.Lock()
	defer tx.mu.Unlock()
	if tx.gid != "" {
		return fmt.Sprintf("tx %v (global %s, %v)", tx.id, tx.gid, tx.state)
	}
	return fmt.Sprintf("tx %v (%v)", tx.id, tx.state)
}

func (tx *Tx) checkActiveLocked() error {
	switch tx.state {
	case txActive:
		return nil
	case txPrepared:
		return fmt.Errorf("%w: %v", ErrTxPrepared, tx.id)
	default:
		return fmt.Errorf("%w: %v is %v", ErrTxDone, tx.id, tx.state)
	}
}

// lock takes key in mode for the transaction. It is called with tx.mu held and returns with it
// held, but releases it while waiting, so that Abort can end the wait.
func (tx *Tx) lock(ctx context.Context, key string, mode lockMode) error {
	if have := tx.held[key]; have >= mode {
		return nil
	}
	if tx.s.locks.tryAcquire(tx.id, key, mode) { // the common case: no wait, no channel
		tx.held[key] = max(tx.held[key], mode)
		return nil
	}
	if tx.abort == nil {
		tx.abort = make(chan struct{})
	}
	tx.mu.Unlock()
	err := tx.s.locks.acquire(ctx, tx.id, key, mode, tx.s.opts.LockTimeout, tx.abort)
	tx.mu.Lock()
	if err != nil {
		return err
	}
	if err := tx.checkActiveLocked(); err != nil {
		// Finished (aborted) after the lock was granted: finish released the others.
		tx.s.locks.release(tx.id, map[string]lockMode{key: mode})
		return err
	}
	tx.held[key] = max(tx.held[key], mode)
	return nil
}

// Get returns the value of key as this transaction sees it: its own write if it wrote the key,
// else the committed value. It takes a shared lock on the key, waiting at most
// Options.LockTimeout or until ctx is done.
func (tx *Tx) Get(ctx context.Context, key string) ([]byte, bool, error) {
	return tx.get(ctx, key, lockShared)
}

// GetForUpdate is Get with an exclusive lock, for an item the transaction will write (like
// SELECT ... FOR UPDATE). Read-modify-write with Get and Put takes a shared lock and upgrades
// it; two transactions doing that on one item deadlock until LockTimeout ends one of them.
// Taking the exclusive lock at the read avoids that.
func (tx *Tx) GetForUpdate(ctx context.Context, key string) ([]byte, bool, error) {
	return tx.get(ctx, key, lockExclusive)
}

func (tx *Tx) get(ctx context.Context, key string, mode lockMode) ([]byte, bool, error) {
	tx.mu.Lock()
	defer tx.mu.Unlock()
	if err := tx.checkActiveLocked(); err != nil {
		return nil, false, err
	}
	if w, ok := tx.writes[key]; ok {
		return w.value, !w.del, nil
	}
	if err := checkKey(key); err != nil {
		return nil, false, err
	}
	if err := tx.lock(ctx, key, mode); err != nil {
		return nil, false, err
	}
	v, ok := tx.s.Get(key)
	return v, ok, nil
}

// Put sets key to value in this transaction, taking an exclusive lock on key. The store keeps
// value: the caller must not modify it afterwards.
func (tx *Tx) Put(ctx context.Context, key string, value []byte) error {
	if len(value) > MaxValueLen {
		return fmt.Errorf("%w: value for %q is %d bytes, more than the maximum %d", ErrInvalidArgument, key, len(value), MaxValueLen)
	}
	if value == nil {
		value = []byte{}
	}
	return tx.write(ctx, write{key: key, value: value})
}

// Delete removes key in this transaction, taking an exclusive lock on key.
func (tx *Tx) Delete(ctx context.Context, key string) error {
	return tx.write(ctx, write{key: key, del: true})
}

func (tx *Tx) write(ctx context.Context, w write) error {
	if err := checkKey(w.key); err != nil {
		return err
	}
	tx.mu.Lock()
	defer tx.mu.Unlock()
	if err := tx.checkActiveLocked(); err != nil {
		return err
	}
	if err := tx.lock(ctx, w.key, lockExclusive); err != nil {
		return err
	}
	tx.writes[w.key] = w
	return nil
}

func checkKey(key string) error {
	if key == "" {
		return fmt.Errorf("%w: empty key", ErrInvalidArgument)
	}
	if len(key) > MaxKeyLen {
		return fmt.Errorf("%w: key %.32q... is %d bytes, more than the maximum %d", ErrInvalidArgument, key, len(key), MaxKeyLen)
	}
	return nil
}

func (tx *Tx) sortedWrites() []write {
	ws := make([]write, 0, len(tx.writes))
	for _, w := range tx.writes {
		ws = append(ws, w)
	}
	slices.SortFunc(ws, func(a, b write) int { return strings.Compare(a.key, b.key) })
	return ws
}

// Prepare makes the transaction's intentions list and a prepared status durable (the first
// phase of two-phase commit). After it returns nil the transaction survives a crash: it comes
// back prepared, holding its locks, until Commit or Abort decides it. On error the transaction
// is not prepared; if the store failed, it is finished (see ErrFailed).
func (tx *Tx) Prepare() error {
	tx.mu.Lock()
	defer tx.mu.Unlock()
	if err := tx.checkActiveLocked(); err != nil {
		return err
	}
	o := &op{kind: opPrepare, txid: tx.id, gid: tx.gid, writes: tx.sortedWrites(), owner: tx}
	if err := tx.s.submit(&tx.req, o); err != nil {
		tx.fail()
		return err
	}
	tx.state = txPrepared
	tx.intentions = o.intentions
	return nil
}

// Commit makes the transaction's writes durable and visible, then releases its locks. It returns
// only once the commit is on stable storage; concurrent commits share one sync. A transaction
// that wrote nothing and is not prepared commits without touching the disk.
//
// An error means the commit was not acknowledged. If the store failed (ErrFailed) the outcome is
// unknown until the store is reopened and recovery says.
func (tx *Tx) Commit() error {
	tx.mu.Lock()
	defer tx.mu.Unlock()
	var o *op
	switch tx.state {
	case txActive:
		if len(tx.writes) == 0 {
			tx.finish(txCommitted)
			return nil
		}
		o = &op{kind: opCommit, txid: tx.id, gid: tx.gid, writes: tx.sortedWrites()}
	case txPrepared:
		o = &op{kind: opDecide, txid: tx.id, gid: tx.gid, writes: tx.sortedWrites(), commit: true}
	default:
		return fmt.Errorf("%w: %v is %v", ErrTxDone, tx.id, tx.state)
	}
	if err := tx.s.submit(&tx.req, o); err != nil {
		tx.fail()
		return err
	}
	if o.kind == opCommit {
		tx.intentions = o.intentions
	}
	tx.finish(txCommitted)
	return nil
}

// Abort discards the transaction's writes and releases its locks. Aborting an active
// transaction touches no disk; aborting a prepared one makes the aborted status durable first.
// Aborting a finished transaction is a no-op that returns ErrTxDone.
func (tx *Tx) Abort() error {
	tx.mu.Lock()
	defer tx.mu.Unlock()
	switch tx.state {
	case txActive:
		tx.finish(txAborted)
		return nil
	case txPrepared:
		o := &op{kind: opDecide, txid: tx.id, gid: tx.gid, commit: false}
		if err := tx.s.submit(&tx.req, o); err != nil {
			tx.fail()
			return err
		}
		tx.finish(txAborted)
		return nil
	default:
		return fmt.Errorf("%w: %v is %v", ErrTxDone, tx.id, tx.state)
	}
}

// fail ends a transaction whose durable step failed. If the store is still healthy (the step
// failed because the store was closed) nothing of it is in memory; its locks are released
// either way, since the store accepts no further commits that could observe them.
func (tx *Tx) fail() {
	tx.finish(txFailed)
}

func (tx *Tx) finish(st txState) {
	tx.state = st
	if tx.abort != nil {
		close(tx.abort)
	}
	tx.s.locks.release(tx.id, tx.held)
	tx.held = nil
	tx.writes = nil
}
