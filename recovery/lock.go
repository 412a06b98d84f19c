package recovery

import (
	"context"
	"errors"
	"fmt"
	"hash/maphash"
	"sync"
	"time"
)

type lockMode uint8

const (
	lockShared lockMode = iota + 1
	lockExclusive
)

// lockTable implements strict two-phase locking per data item: shared locks for reads,
// exclusive for writes, upgrade from shared to exclusive when the upgrader is the only holder.
// Waiters wake on every release of the item and re-check; waits are bounded by a timeout. The
// table is sharded by key so that committers on different items do not contend on one mutex.
type lockTable struct {
	seed   maphash.Seed
	shards [lockShards]lockShard
}

const lockShards = 64

type lockShard struct {
	mu    sync.Mutex
	items map[string]*itemLock
	_     [40]byte // keep shards on separate cache lines
}

type itemLock struct {
	excl    TxID              // exclusive holder, or 0
	shared  map[TxID]struct{} // shared holders
	waiters int
	wake    chan struct{} // made by the first waiter; closed and dropped on release
}

func newLockTable() *lockTable {
	t := &lockTable{seed: maphash.MakeSeed()}
	for i := range t.shards {
		t.shards[i].items = make(map[string]*itemLock)
	}
	return t
}

var itemLockPool = sync.Pool{New: func() any { return new(itemLock) }}

func (t *lockTable) shard(key string) *lockShard {
	return &t.shards[maphash.String(t.seed, key)%lockShards]
}

func (l *itemLock) grantable(id TxID, mode lockMode) bool {
	if l.excl != 0 && l.excl != id {
		return false
	}
	if mode == lockShared {
		return true
	}
	for h := range l.shared {
		if h != id {
			return false
		}
	}
	return true
}

// holder names one transaction that blocks id, for error messages.
func (l *itemLock) holder(id TxID) TxID {
	if l.excl != 0 && l.excl != id {
		return l.excl
	}
	for h := range l.shared {
		if h != id {
			return h
		}
	}
	return 0
}

// errWaitAborted ends a lock wait whose transaction was aborted meanwhile.
var errWaitAborted = errors.New("transaction aborted while waiting")

// acquire takes key in mode for id, waiting at most timeout (0: do not wait), until ctx is done
// or abort is closed.
func (t *lockTable) acquire(ctx context.Context, id TxID, key string, mode lockMode, timeout time.Duration, abort <-chan struct{}) error {
	var timer *time.Timer
	defer func() {
		if timer != nil {
			timer.Stop()
		}
	}()
	sh := t.shard(key)
	sh.mu.Lock()
	for {
		l := sh.items[key]
		if l == nil {
			l = itemLockPool.Get().(*itemLock)
			sh.items[key] = l
		}
		if l.grantable(id, mode) {
			l.grant(id, mode)
			sh.mu.Unlock()
			return nil
		}
		if timeout <= 0 {
			h := l.holder(id)
			sh.mu.Unlock()
			return fmt.Errorf("%w: item %q is held by transaction %v", ErrLockTimeout, key, h)
		}
		if timer == nil {
			timer = time.NewTimer(timeout)
		}
		if l.wake == nil {
			l.wake = make(chan struct{})
		}
		wake := l.wake
		l.waiters++
		sh.mu.Unlock()
		var err error
		select {
		case <-wake:
		case <-timer.C:
			err = ErrLockTimeout
		case <-ctx.Done():
			err = ctx.Err()
		case <-abort:
			err = errWaitAborted
		}
		sh.mu.Lock()
		l.waiters--
		if err != nil {
			h := l.holder(id)
			sh.gcLocked(key, l)
			sh.mu.Unlock()
			if err == ErrLockTimeout {
				return fmt.Errorf("%w after %v: item %q is held by transaction %v", ErrLockTimeout, timeout, key, h)
			}
			if err == errWaitAborted {
				return fmt.Errorf("%w: %v was aborted while waiting for the lock on %q", ErrTxDone, id, key)
			}
			return fmt.Errorf("recovery: waiting for the lock on %q: %w", key, err)
		}
	}
}

// release drops id's locks on keys and wakes their waiters.
func (t *lockTable) release(id TxID, keys map[string]lockMode) {
	for key := range keys {
		sh := t.shard(key)
		sh.mu.Lock()
		if l := sh.items[key]; l != nil {
			if l.excl == id {
				l.excl = 0
			}
			delete(l.shared, id)
			if l.wake != nil {
				close(l.wake)
				l.wake = nil
			}
			sh.gcLocked(key, l)
		}
		sh.mu.Unlock()
	}
}

func (sh *lockShard) gcLocked(key string, l *itemLock) {
	if l.excl == 0 && len(l.shared) == 0 && l.waiters == 0 {
		delete(sh.items, key)
		clear(l.shared)
		l.wake = nil
		itemLockPool.Put(l)
	}
}

// tryAcquire takes key in mode for id if that needs no wait, and reports whether it did.
func (t *lockTable) tryAcquire(id TxID, key string, mode lockMode) bool {
	sh := t.shard(key)
	sh.mu.Lock()
	defer sh.mu.Unlock()
	l := sh.items[key]
	if l == nil {
		l = itemLockPool.Get().(*itemLock)
		sh.items[key] = l
	}
	if !l.grantable(id, mode) {
		return false
	}
	l.grant(id, mode)
	return true
}

// grant gives id the lock in mode; l.grantable(id, mode) must hold.
func (l *itemLock) grant(id TxID, mode lockMode) {
	if mode == lockExclusive {
		l.excl = id
		delete(l.shared, id)
	} else if l.excl != id {
		if l.shared == nil {
			l.shared = make(map[TxID]struct{})
		}
		l.shared[id] = struct{}{}
	}
}
