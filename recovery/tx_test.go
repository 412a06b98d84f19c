package recovery

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wardenft/warden/vfs"
)

func TestWritesInvisibleUntilCommit(t *testing.T) {
	forEachStrategy(t, func(t *testing.T, st Strategy) {
		s := openT(t, t.TempDir(), func(o *Options) { o.Strategy = st; o.LockTimeout = 20 * time.Millisecond })
		defer s.Close()
		mustCommit(t, s, "a", "old")
		ctx := context.Background()
		w := s.Begin()
		if err := w.Put(ctx, "a", []byte("new")); err != nil {
			t.Fatal(err)
		}
		if v, _, _ := w.Get(ctx, "a"); string(v) != "new" {
			t.Fatalf("writer reads its own write as %q", v)
		}
		wantValue(t, s, "a", "old")
		r := s.Begin()
		if _, _, err := r.Get(ctx, "a"); !errors.Is(err, ErrLockTimeout) {
			t.Fatalf("reader of a locked item: %v, want ErrLockTimeout", err)
		}
		if err := w.Commit(); err != nil {
			t.Fatal(err)
		}
		if v, _, err := r.Get(ctx, "a"); err != nil || string(v) != "new" {
			t.Fatalf("after commit: %q %v", v, err)
		}
		r.Commit()
		// Abort discards.
		a := s.Begin()
		a.Put(ctx, "a", []byte("discarded"))
		a.Abort()
		wantValue(t, s, "a", "new")
	})
}

func TestSharedLocksAndUpgrade(t *testing.T) {
	s := openT(t, t.TempDir(), func(o *Options) { o.LockTimeout = 20 * time.Millisecond })
	defer s.Close()
	mustCommit(t, s, "a", "1")
	ctx := context.Background()
	r1, r2 := s.Begin(), s.Begin()
	if _, _, err := r1.Get(ctx, "a"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := r2.Get(ctx, "a"); err != nil {
		t.Fatalf("second shared lock: %v", err)
	}
	// Both hold shared locks: neither can upgrade; that deadlock ends by timeout.
	if err := r1.Put(ctx, "a", []byte("2")); !errors.Is(err, ErrLockTimeout) {
		t.Fatalf("upgrade against another reader: %v, want ErrLockTimeout", err)
	}
	r2.Abort()
	if err := r1.Put(ctx, "a", []byte("2")); err != nil {
		t.Fatalf("upgrade as the only reader: %v", err)
	}
	if err := r1.Commit(); err != nil {
		t.Fatal(err)
	}
	wantValue(t, s, "a", "2")
}

// TestDeadlockEndsInTimeout: two transactions lock two items in opposite orders. One of them
// gets ErrLockTimeout (naming the item and the holder), aborts, and the other commits.
func TestDeadlockEndsInTimeout(t *testing.T) {
	s := openT(t, t.TempDir(), func(o *Options) { o.LockTimeout = 50 * time.Millisecond })
	defer s.Close()
	ctx := context.Background()
	t1, t2 := s.Begin(), s.Begin()
	t1.Put(ctx, "x", []byte("1"))
	t2.Put(ctx, "y", []byte("2"))
	errs := make(chan error, 2)
	go func() {
		err := t1.Put(ctx, "y", []byte("1"))
		if err != nil {
			t1.Abort()
		}
		errs <- err
	}()
	go func() {
		err := t2.Put(ctx, "x", []byte("2"))
		if err != nil {
			t2.Abort()
		}
		errs <- err
	}()
	e1, e2 := <-errs, <-errs
	var timeouts int
	for _, err := range []error{e1, e2} {
		if errors.Is(err, ErrLockTimeout) {
			timeouts++
			if !strings.Contains(err.Error(), "held by transaction") {
				t.Errorf("lock timeout does not name the holder: %v", err)
			}
		} else if err != nil {
			t.Fatalf("unexpected error %v", err)
		}
	}
	if timeouts == 0 {
		t.Fatal("deadlock did not end in a lock timeout")
	}
	for _, tx := range []*Tx{t1, t2} {
		if err := tx.Commit(); err != nil && !errors.Is(err, ErrTxDone) {
			t.Fatal(err)
		}
	}
}

func TestContextCancelsLockWait(t *testing.T) {
	s := openT(t, t.TempDir(), func(o *Options) { o.LockTimeout = time.Hour })
	defer s.Close()
	holder := s.Begin()
	holder.Put(context.Background(), "k", []byte("v"))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() {
		_, _, err := s.Begin().Get(ctx, "k")
		done <- err
	}()
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled lock wait: %v", err)
	}
}

func TestTxIDsUniqueAcrossRestarts(t *testing.T) {
	dir := t.TempDir()
	seen := map[TxID]bool{}
	for round := 0; round < 3; round++ {
		s := openT(t, dir)
		for i := 0; i < 5; i++ {
			id := s.Begin().ID() // never logged: ids must still not repeat
			if seen[id] {
				t.Fatalf("transaction id %v reused after restart %d", id, round)
			}
			seen[id] = true
		}
		s.Close()
	}
}

func TestBadArguments(t *testing.T) {
	s := openT(t, t.TempDir())
	defer s.Close()
	ctx := context.Background()
	tx := s.Begin()
	if err := tx.Put(ctx, "", []byte("v")); !errors.Is(err, ErrInvalidArgument) {
		t.Errorf("empty key: %v", err)
	}
	if err := tx.Put(ctx, strings.Repeat("k", MaxKeyLen+1), nil); !errors.Is(err, ErrInvalidArgument) {
		t.Errorf("long key: %v", err)
	}
	if err := tx.Put(ctx, "k", make([]byte, MaxValueLen+1)); !errors.Is(err, ErrInvalidArgument) {
		t.Errorf("long value: %v", err)
	}
	tx.Commit()
	if err := tx.Put(ctx, "k", nil); !errors.Is(err, ErrTxDone) {
		t.Errorf("put after commit: %v", err)
	}
	p := s.Begin()
	p.Put(ctx, "p", []byte("1"))
	p.Prepare()
	if err := p.Put(ctx, "q", nil); !errors.Is(err, ErrTxPrepared) {
		t.Errorf("put after prepare: %v", err)
	}
	p.Abort()
	if _, err := Open(t.TempDir(), Options{LockTimeout: -1, Strategy: 9}); err == nil ||
		!strings.Contains(err.Error(), "LockTimeout: -1ns is negative") || !strings.Contains(err.Error(), "Strategy: unknown strategy 9") {
		t.Errorf("invalid options: %v", err)
	}
}

func TestStrategyMismatchRefused(t *testing.T) {
	dir := t.TempDir()
	openT(t, dir).Close()
	if _, err := Open(dir, Options{Strategy: StrategyShadow, Logger: discardLogger()}); err == nil || !strings.Contains(err.Error(), "holds a log store") {
		t.Fatalf("opening a log store as shadow: %v", err)
	}
}

// blockingFS blocks the first WriteAt to any file created after arm until release is closed,
// and says so on blocked: a checkpoint writing its new file can be held in the middle.
type blockingFS struct {
	vfs.FS
	mu      sync.Mutex
	armed   bool
	blocked chan struct{}
	release chan struct{}
}

func (b *blockingFS) arm() {
	b.mu.Lock()
	b.armed, b.blocked, b.release = true, make(chan struct{}), make(chan struct{})
	b.mu.Unlock()
}

func (b *blockingFS) Create(name string) (vfs.File, error) {
	f, err := b.FS.Create(name)
	b.mu.Lock()
	defer b.mu.Unlock()
	if err != nil || !b.armed {
		return f, err
	}
	b.armed = false
	return &blockingFile{File: f, blocked: b.blocked, release: b.release}, nil
}

type blockingFile struct {
	vfs.File
	once             sync.Once
	blocked, release chan struct{}
}

func (f *blockingFile) WriteAt(p []byte, off int64) (int, error) {
	f.once.Do(func() {
		close(f.blocked)
		<-f.release
	})
	return f.File.WriteAt(p, off)
}

// TestCommitsFlowDuringCheckpoint holds a checkpoint in the middle of writing its new file and
// commits meanwhile: the commits must complete while it is held, and all must survive the swap.
func TestCommitsFlowDuringCheckpoint(t *testing.T) {
	forEachStrategy(t, func(t *testing.T, st Strategy) {
		fs := &blockingFS{FS: vfs.NewMem()}
		s, err := Open("db", memOptions(fs, st))
		if err != nil {
			t.Fatal(err)
		}
		for i := range 50 {
			mustCommit(t, s, fmt.Sprintf("k%d", i%10), fmt.Sprint(i))
		}
		fs.arm()
		done := make(chan error, 1)
		go func() {
			_, err := s.Checkpoint()
			done <- err
		}()
		<-fs.blocked
		committed := make(chan error, 1)
		go func() {
			for i := range 20 {
				tx := s.Begin()
				tx.Put(context.Background(), fmt.Sprintf("k%d", i%10), []byte(fmt.Sprintf("during-%d", i)))
				tx.Put(context.Background(), fmt.Sprintf("new%d", i), []byte("x"))
				if err := tx.Commit(); err != nil {
					committed <- err
					return
				}
			}
			committed <- nil
		}()
		select {
		case err := <-committed:
			if err != nil {
				t.Fatalf("commit while the checkpoint was held: %v", err)
			}
		case <-time.After(10 * time.Second):
			close(fs.release)
			t.Fatal("commits did not complete within 10s while a checkpoint was held: the checkpoint blocks commits")
		}
		select {
		case err := <-done:
			t.Fatalf("checkpoint finished while its write was held: %v", err)
		default:
		}
		close(fs.release)
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		mustCommit(t, s, "after", "1")
		want := observe(s)
		s.Close()
		s, err = Open("db", memOptions(fs, st))
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		if got := observe(s); !equalModel(got, want) {
			t.Fatalf("after reopen:\n got %v\nwant %v", got, want)
		}
		wantValue(t, s, "k9", "during-19")
	})
}

func TestAutomaticCheckpoint(t *testing.T) {
	forEachStrategy(t, func(t *testing.T, st Strategy) {
		opts := memOptions(vfs.NewMem(), st)
		opts.CheckpointMultiple, opts.CheckpointMinBytes = 2, 4<<10
		s, err := Open("db", opts)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		// Commit until an automatic checkpoint is under way, then stop: commits made while it
		// runs are carried into the new file, and enough of them would outgrow the old one.
		deadline := time.Now().Add(10 * time.Second)
		for i := 0; !s.ckptBusy.Load() && s.Stats().Checkpoints == 0; i++ {
			if time.Now().After(deadline) {
				t.Fatalf("no automatic checkpoint after %d commits: %+v", i, s.Stats())
			}
			mustCommit(t, s, fmt.Sprintf("k%d", i%8), strings.Repeat("v", 100))
		}
		for s.Stats().Checkpoints == 0 {
			if time.Now().After(deadline) {
				t.Fatalf("the automatic checkpoint did not finish: %+v", s.Stats())
			}
			time.Sleep(time.Millisecond) // polling interval of a deadline-bounded poll
		}
		stats := s.Stats()
		if stats.LastCheckpoint.BytesAfter >= stats.LastCheckpoint.BytesBefore {
			t.Fatalf("checkpoint did not shrink the files: %+v", stats.LastCheckpoint)
		}
	})
}

// TestAbortEndsLockWait: a watchdog aborts a transaction whose Get is waiting for a lock; the
// Get returns ErrTxDone at once (not after LockTimeout), and the aborted transaction holds
// nothing afterwards.
func TestAbortEndsLockWait(t *testing.T) {
	s := openT(t, t.TempDir(), func(o *Options) { o.LockTimeout = time.Hour })
	defer s.Close()
	ctx := context.Background()
	holder := s.Begin()
	holder.Put(ctx, "k", []byte("v"))
	waiter := s.Begin()
	waiter.Put(ctx, "mine", []byte("1"))
	done := make(chan error)
	go func() {
		_, _, err := waiter.GetForUpdate(ctx, "k")
		done <- err
	}()
	// The waiter must be queued on the lock before the abort, or the test would prove nothing.
	deadline := time.Now().Add(10 * time.Second)
	for !lockHasWaiter(s, "k") {
		if time.Now().After(deadline) {
			t.Fatal("the waiter never queued on the lock")
		}
		time.Sleep(time.Millisecond) // polling interval of a deadline-bounded poll
	}
	if err := waiter.Abort(); err != nil {
		t.Fatal(err)
	}
	if err := <-done; !errors.Is(err, ErrTxDone) {
		t.Fatalf("interrupted wait: %v, want ErrTxDone", err)
	}
	holder.Commit()
	// Nothing of the waiter is left locked.
	other := s.Begin()
	for _, k := range []string{"k", "mine"} {
		if _, _, err := other.GetForUpdate(ctx, k); err != nil {
			t.Fatalf("lock on %q after the abort: %v", k, err)
		}
	}
}

func lockHasWaiter(s *Store, key string) bool {
	sh := s.locks.shard(key)
	sh.mu.Lock()
	defer sh.mu.Unlock()
	l := sh.items[key]
	return l != nil && l.waiters > 0
}
