package recovery

import (
	"context"
	"fmt"
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
// Waiters wake on every release of the item and re-check; waits are bounded by a timeout.
type lockTable struct {
	mu    sync.Mutex
	items map[string]*itemLock
}

type itemLock struct {
	excl    TxID              // exclusive holder, or 0
	shared  map[TxID]struct{} // shared holders
	waiters int
	wake    chan struct{} // closed and replaced on every release
}

func newLockTable() *lockTable { return &lockTable{items: make(map[string]*itemLock)} }

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

// acquire takes key in mode for id, waiting at most timeout (0: do not wait).
func (t *lockTable) acquire(ctx context.Context, id TxID, key string, mode lockMode, timeout time.Duration) error {
	var timer *time.Timer
	defer func() {
		if timer != nil {
			timer.Stop()
		}
	}()
	t.mu.Lock()
	for {
		l := t.items[key]
		if l == nil {
			l = &itemLock{wake: make(chan struct{})}
			t.items[key] = l
		}
		if l.grantable(id, mode) {
			if mode == lockExclusive {
				l.excl = id
				delete(l.shared, id)
			} else if l.excl != id {
				if l.shared == nil {
					l.shared = make(map[TxID]struct{})
				}
				l.shared[id] = struct{}{}
			}
			t.mu.Unlock()
			return nil
		}
		if timeout <= 0 {
			h := l.holder(id)
			t.mu.Unlock()
			return fmt.Errorf("%w: item %q is held by transaction %v", ErrLockTimeout, key, h)
		}
		if timer == nil {
			timer = time.NewTimer(timeout)
		}
		wake := l.wake
		l.waiters++
		t.mu.Unlock()
		var err error
		select {
		case <-wake:
		case <-timer.C:
			err = ErrLockTimeout
		case <-ctx.Done():
			err = ctx.Err()
		}
		t.mu.Lock()
		l.waiters--
		if err != nil {
			h := l.holder(id)
			t.gcLocked(key, l)
			t.mu.Unlock()
			if err == ErrLockTimeout {
				return fmt.Errorf("%w after %v: item %q is held by transaction %v", ErrLockTimeout, timeout, key, h)
			}
			return fmt.Errorf("recovery: waiting for the lock on %q: %w", key, err)
		}
	}
}

// release drops id's locks on keys and wakes their waiters.
func (t *lockTable) release(id TxID, keys map[string]lockMode) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for key := range keys {
		l := t.items[key]
		if l == nil {
			continue
		}
		if l.excl == id {
			l.excl = 0
		}
		delete(l.shared, id)
		if l.waiters > 0 {
			close(l.wake)
			l.wake = make(chan struct{})
		}
		t.gcLocked(key, l)
	}
}

func (t *lockTable) gcLocked(key string, l *itemLock) {
	if l.excl == 0 && len(l.shared) == 0 && l.waiters == 0 {
		delete(t.items, key)
	}
}
