package recovery

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/wardenft/warden/vfs"
)

// Options configures a Store. Start from DefaultOptions.
type Options struct {
	// FS is the file system the store's files live on. Default: vfs.Default.
	FS vfs.FS
	// Strategy is the durability strategy. A directory keeps the strategy it was created with;
	// opening it with the other one fails.
	Strategy Strategy
	// LockTimeout bounds every lock wait. A wait past it fails with ErrLockTimeout, which is how
	// deadlocks end. Default: 1s.
	LockTimeout time.Duration
	// CheckpointMultiple triggers an automatic checkpoint when the files on disk exceed this
	// multiple of the live data. Zero or negative disables automatic checkpoints. Default: 4.
	CheckpointMultiple float64
	// CheckpointMinBytes: no automatic checkpoint while the files are smaller. Default: 64 MiB,
	// which replays in tens of milliseconds.
	CheckpointMinBytes int64
	// PreallocateBytes is the step the log's file grows by (StrategyLog): zeros are written
	// ahead of the records, so that a commit's fdatasync overwrites allocated blocks instead of
	// also journaling a new file size, which measured about 45% cheaper on ext4. Negative
	// disables it. Default (0): 8 MiB.
	PreallocateBytes int64
	// MaxBatchOps bounds how many commits share one sync. Default: 1024.
	MaxBatchOps int
	// Logger receives recovery and checkpoint reports. Default: slog.Default().
	Logger *slog.Logger
}

// DefaultOptions returns the options used for zero fields.
func DefaultOptions() Options {
	return Options{
		FS:                 vfs.Default,
		Strategy:           StrategyLog,
		LockTimeout:        time.Second,
		CheckpointMultiple: 4,
		CheckpointMinBytes: 64 << 20,
		MaxBatchOps:        1024,
		PreallocateBytes:   8 << 20,
		Logger:             slog.Default(),
	}
}

// Validate reports every invalid field, quoting its value.
func (o Options) Validate() error {
	var errs []error
	if o.Strategy != StrategyLog && o.Strategy != StrategyShadow {
		errs = append(errs, fmt.Errorf("Strategy: unknown strategy %d", o.Strategy))
	}
	if o.LockTimeout < 0 {
		errs = append(errs, fmt.Errorf("LockTimeout: %v is negative", o.LockTimeout))
	}
	if o.CheckpointMinBytes < 0 {
		errs = append(errs, fmt.Errorf("CheckpointMinBytes: %d is negative", o.CheckpointMinBytes))
	}
	if o.MaxBatchOps < 0 {
		errs = append(errs, fmt.Errorf("MaxBatchOps: %d is negative", o.MaxBatchOps))
	}
	if len(errs) > 0 {
		return fmt.Errorf("recovery: invalid options: %w", errors.Join(errs...))
	}
	return nil
}

func (o Options) withDefaults() Options {
	d := DefaultOptions()
	if o.FS == nil {
		o.FS = d.FS
	}
	if o.LockTimeout == 0 {
		o.LockTimeout = d.LockTimeout
	}
	if o.MaxBatchOps == 0 {
		o.MaxBatchOps = d.MaxBatchOps
	}
	if o.PreallocateBytes == 0 {
		o.PreallocateBytes = d.PreallocateBytes
	}
	if o.Logger == nil {
		o.Logger = d.Logger
	}
	return o
}

// TxID identifies a transaction. The high 32 bits are the store's incarnation (incremented
// durably at every open), the low 32 bits a counter, so ids are unique across restarts.
type TxID uint64

func (id TxID) String() string { return fmt.Sprintf("%d.%d", uint64(id)>>32, uint32(id)) }

// RecoveryReport says what opening a store found.
type RecoveryReport struct {
	Strategy  Strategy
	File      string        // the main file replayed
	Bytes     int64         // bytes of valid records read
	Records   int           // valid records read
	Items     int           // data items restored
	Committed int           // transactions found committed since the last checkpoint
	Aborted   int           // transactions found aborted after being prepared
	Prepared  int           // transactions found prepared, awaiting a decision
	Discarded int           // unfinished transactions whose records were dropped
	Boot      uint64        // the incarnation this open runs as
	Duration  time.Duration // time spent replaying
	// TruncatedAt is the offset where a torn or corrupt tail was cut off, or -1 for a clean
	// file; TruncatedBytes how many bytes were cut and TruncateReason why.
	TruncatedAt    int64
	TruncatedBytes int64
	TruncateReason string
	// PreallocatedBytes is the all-zero space found after the last record (see
	// Options.PreallocateBytes): the clean end of the log, kept for later records.
	PreallocatedBytes int64
}

func (r RecoveryReport) String() string {
	s := fmt.Sprintf("%s store %s: %d records (%d bytes) replayed in %v; %d items; %d committed, %d aborted, %d prepared, %d discarded transactions; incarnation %d",
		r.Strategy, r.File, r.Records, r.Bytes, r.Duration.Round(time.Microsecond), r.Items, r.Committed, r.Aborted, r.Prepared, r.Discarded, r.Boot)
	if r.TruncatedAt >= 0 {
		s += fmt.Sprintf("; torn tail of %d bytes truncated at offset %d (%s)", r.TruncatedBytes, r.TruncatedAt, r.TruncateReason)
	}
	return s
}

// CheckpointReport says what one checkpoint (reorganisation of the recovery file) did.
type CheckpointReport struct {
	BytesBefore, BytesAfter int64
	Items                   int           // committed values written
	Prepared                int           // prepared transactions carried over
	Duration                time.Duration // from start to swap
	// LongestStall is the longest time commits could not proceed because of the checkpoint.
	LongestStall time.Duration
}

// Stats are counters of a store's activity.
type Stats struct {
	FileBytes   int64 // bytes on disk
	LiveBytes   int64 // bytes of live keys and values
	Commits     int64 // durable operations (commits, prepares, decisions) acknowledged
	Syncs       int64 // batches made durable; Commits/Syncs is the group-commit factor
	Checkpoints int64
	// LastCheckpoint describes the most recent checkpoint, if any.
	LastCheckpoint CheckpointReport
	// LongestCheckpointStall is the longest time any checkpoint since Open held commits up.
	LongestCheckpointStall time.Duration
}

// Store is a transactional store of data items with a recovery file. All methods are safe for
// concurrent use; a Tx is meant for one goroutine at a time.
type Store struct {
	opts Options
	eng  engine
	boot uint64
	rep  RecoveryReport
	log  *slog.Logger

	nextSeq atomic.Uint32
	locks   *lockTable

	// mu guards the committed state. While a checkpoint runs, base is frozen (the checkpoint
	// reads it) and commits go to overlay; the writer merges overlay back when it finishes.
	mu       sync.RWMutex
	base     map[string][]byte
	overlay  map[string]overlayEntry
	prepared map[TxID]preparedEntry // prepared and not yet decided
	live     int64                  // bytes of live keys+values

	reqs    chan *request
	ctl     chan func()
	quit    chan struct{}
	stopped chan struct{}

	failed   atomic.Pointer[error] // set once by the writer on a write or sync error
	closed   atomic.Bool
	closeMu  sync.RWMutex // held shared while submitting, exclusively by Close
	ckptMu   sync.Mutex   // one checkpoint at a time
	ckptBusy atomic.Bool  // an automatic checkpoint is running
	ckptWG   sync.WaitGroup

	commits, syncs, checkpoints atomic.Int64
	statsMu                     sync.Mutex
	lastCkpt                    CheckpointReport
	longestStall                time.Duration
}

// preparedEntry keeps a prepared transaction and the immutable description of it that a
// checkpoint writes (the writer must never wait for a Tx's own mutex).
type preparedEntry struct {
	tx  *Tx
	rec *preparedTx
}

type overlayEntry struct {
	value []byte
	del   bool
}

type request struct {
	op   *op
	done chan error
}

// Open opens the store in dir, creating it if needed, and recovers its state from the files
// there. Prepared transactions come back prepared, holding their locks (see Store.Prepared). The
// report of what recovery found is in Store.Recovery. Opening a damaged store fails with an
// error for which errors.Is(err, ErrCorrupt) holds.
func Open(dir string, opts Options) (*Store, error) {
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	opts = opts.withDefaults()
	if err := vfs.MkdirAllDurable(opts.FS, dir, 0o755); err != nil {
		return nil, fmt.Errorf("recovery: create %s: %w", dir, err)
	}
	eng, err := openEngine(dir, opts)
	if err != nil {
		return nil, err
	}
	start := time.Now()
	rec, err := eng.load()
	if err != nil {
		eng.close()
		return nil, err
	}
	s := &Store{
		opts:     opts,
		eng:      eng,
		log:      opts.Logger,
		locks:    newLockTable(),
		base:     rec.values,
		prepared: make(map[TxID]preparedEntry),
		reqs:     make(chan *request, opts.MaxBatchOps),
		ctl:      make(chan func()),
		quit:     make(chan struct{}),
		stopped:  make(chan struct{}),
	}
	for k, v := range s.base {
		s.live += itemBytes(k, v)
	}
	s.boot = rec.boot + 1
	if s.boot >= 1<<32 {
		eng.close()
		return nil, fmt.Errorf("recovery: incarnation counter exhausted in %s", dir)
	}
	if err := eng.boot(s.boot); err != nil {
		eng.close()
		return nil, fmt.Errorf("recovery: record incarnation %d: %w", s.boot, err)
	}
	for _, p := range rec.prepared {
		tx := &Tx{s: s, id: p.txid, gid: p.gid, state: txPrepared, writes: make(map[string]write, len(p.writes)), held: make(map[string]lockMode, len(p.writes)), intentions: p.intentions}
		for _, w := range p.writes {
			tx.writes[w.key] = w
			// Two prepared transactions never share a key (each held its exclusive lock), so
			// with a fresh lock table this cannot wait; if it would, the file contradicts itself.
			if err := s.locks.acquire(context.Background(), tx.id, w.key, lockExclusive, 0, nil); err != nil {
				eng.close()
				return nil, &CorruptError{File: rec.report.File, Offset: -1, Reason: fmt.Sprintf("prepared transactions conflict: %v", err)}
			}
			tx.held[w.key] = lockExclusive
		}
		s.prepared[tx.id] = preparedEntry{tx: tx, rec: p}
	}
	s.rep = rec.report
	s.rep.Boot = s.boot
	s.rep.Duration = time.Since(start)
	s.log.Info("recovery: opened", "dir", dir, "report", s.rep.String())
	go s.writer()
	return s, nil
}

func openEngine(dir string, opts Options) (engine, error) {
	switch opts.Strategy {
	case StrategyLog:
		return openLogEngine(opts.FS, dir, opts.PreallocateBytes)
	case StrategyShadow:
		return openShadowEngine(opts.FS, dir)
	}
	return nil, fmt.Errorf("recovery: unknown strategy %v", opts.Strategy)
}

func itemBytes(k string, v []byte) int64 { return int64(len(k) + len(v) + 32) }

// Recovery reports what opening the store found.
func (s *Store) Recovery() RecoveryReport { return s.rep }

// Begin starts a transaction.
func (s *Store) Begin() *Tx { return s.BeginGlobal("") }

// BeginGlobal starts a transaction that is part of the global (distributed) transaction gid.
// The global id is kept with the intentions list when the transaction prepares, so that after a
// restart a two-phase-commit participant knows which decision to ask for.
func (s *Store) BeginGlobal(gid string) *Tx {
	seq := s.nextSeq.Add(1)
	if seq == 0 {
		panic("recovery: transaction counter wrapped within one incarnation")
	}
	return &Tx{s: s, id: TxID(s.boot<<32 | uint64(seq)), gid: gid, writes: make(map[string]write), held: make(map[string]lockMode)}
}

// Get returns the committed value of key without taking locks.
func (s *Store) Get(key string) ([]byte, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.getLocked(key)
}

func (s *Store) getLocked(key string) ([]byte, bool) {
	if s.overlay != nil {
		if e, ok := s.overlay[key]; ok {
			return e.value, !e.del
		}
	}
	v, ok := s.base[key]
	return v, ok
}

// Range calls fn for every committed item in no particular order, until fn returns false. It
// holds a read lock on the committed state: fn must not start transactions that commit.
func (s *Store) Range(fn func(key string, value []byte) bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	for k, v := range s.base {
		if s.overlay != nil {
			if _, ok := s.overlay[k]; ok {
				continue
			}
		}
		if !fn(k, v) {
			return
		}
	}
	for k, e := range s.overlay {
		if !e.del && !fn(k, e.value) {
			return
		}
	}
}

// Prepared returns the transactions that are prepared and not yet decided, including those
// recovered at open. A two-phase-commit participant commits or aborts each once it learns the
// decision.
func (s *Store) Prepared() []*Tx {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make([]*Tx, 0, len(s.prepared))
	for _, e := range s.prepared {
		out = append(out, e.tx)
	}
	return out
}

// Stats returns counters of the store's activity.
func (s *Store) Stats() Stats {
	s.mu.RLock()
	live := s.live
	s.mu.RUnlock()
	s.statsMu.Lock()
	last, longest := s.lastCkpt, s.longestStall
	s.statsMu.Unlock()
	return Stats{
		LongestCheckpointStall: longest,
		FileBytes:              s.eng.size(),
		LiveBytes:              live,
		Commits:                s.commits.Load(),
		Syncs:                  s.syncs.Load(),
		Checkpoints:            s.checkpoints.Load(),
		LastCheckpoint:         last,
	}
}

// Err returns the error that failed the store, or nil.
func (s *Store) Err() error {
	if p := s.failed.Load(); p != nil {
		return *p
	}
	return nil
}

// submit hands op to the writer, in r (the transaction's reusable request), and waits until it
// is durable and applied.
func (s *Store) submit(r *request, o *op) error {
	s.closeMu.RLock()
	if s.closed.Load() {
		s.closeMu.RUnlock()
		return ErrClosed
	}
	if err := s.Err(); err != nil {
		s.closeMu.RUnlock()
		return err
	}
	r.op = o
	if r.done == nil {
		r.done = make(chan error, 1)
	}
	s.reqs <- r
	s.closeMu.RUnlock()
	err := <-r.done
	r.op = nil
	return err
}

// writer is the single goroutine that persists batches, applies them and runs checkpoint steps
// that must not overlap a persist.
//
// Writing the next batch while the previous one syncs (a pipelined writer with a syncer
// goroutine) was tried and measured slower on two cores: the extra handoff per sync cost more
// than the overlap saved (bench/recovery, 64 committers, three interleaved pairs).
func (s *Store) writer() {
	defer close(s.stopped)
	var ops []*op
	for {
		select {
		case r := <-s.reqs:
			batch := s.collect(r)
			ops = ops[:0]
			for _, r := range batch {
				ops = append(ops, r.op)
			}
			if err := s.Err(); err != nil {
				s.reply(batch, err)
				continue
			}
			if err := s.eng.persist(ops); err != nil {
				s.reply(batch, s.fail(err))
				continue
			}
			s.applyAndReply(batch)
		case f := <-s.ctl:
			f()
		case <-s.quit:
			s.drainClosed()
			return
		}
	}
}

// collect gathers r and whatever else is queued, up to MaxBatchOps, into one batch.
func (s *Store) collect(r *request) []*request {
	batch := []*request{r}
	for len(batch) < s.opts.MaxBatchOps {
		select {
		case r := <-s.reqs:
			batch = append(batch, r)
		default:
			return batch
		}
	}
	return batch
}

func (s *Store) reply(batch []*request, err error) {
	for _, r := range batch {
		r.done <- err
	}
}

// fail fails the store after a write or sync error and returns the error commits get.
func (s *Store) fail(err error) error {
	ferr := fmt.Errorf("%w: %w", ErrFailed, err)
	if s.failed.CompareAndSwap(nil, &ferr) {
		s.log.Error("recovery: write to stable storage failed; store is now read-only", "err", err)
	}
	return *s.failed.Load()
}

// drainClosed fails what is queued when the store closes. Close holds closeMu exclusively, so
// no submit is in flight.
func (s *Store) drainClosed() {
	for {
		select {
		case r := <-s.reqs:
			r.done <- ErrClosed
		default:
			return
		}
	}
}

// applyAndReply makes a durable batch visible and acknowledges it.
func (s *Store) applyAndReply(batch []*request) {
	s.syncs.Add(1)
	s.commits.Add(int64(len(batch)))
	s.mu.Lock()
	for _, r := range batch {
		s.applyLocked(r.op)
	}
	s.mu.Unlock()
	s.reply(batch, nil)
	s.maybeCheckpoint()
}

// applyLocked makes a durable op visible in memory. s.mu is held.
func (s *Store) applyLocked(o *op) {
	switch o.kind {
	case opCommit:
		s.applyWritesLocked(o.writes)
	case opPrepare:
		s.prepared[o.txid] = preparedEntry{tx: o.owner, rec: &preparedTx{txid: o.txid, gid: o.gid, writes: o.writes, intentions: o.intentions}}
	case opDecide:
		delete(s.prepared, o.txid)
		if o.commit {
			s.applyWritesLocked(o.writes)
		}
	}
}

func (s *Store) applyWritesLocked(ws []write) {
	for _, w := range ws {
		if old, ok := s.getLocked(w.key); ok {
			s.live -= itemBytes(w.key, old)
		}
		if !w.del {
			s.live += itemBytes(w.key, w.value)
		}
		if s.overlay != nil {
			s.overlay[w.key] = overlayEntry{value: w.value, del: w.del}
		} else if w.del {
			delete(s.base, w.key)
		} else {
			s.base[w.key] = w.value
		}
	}
}

// onWriter runs f on the writer goroutine, between batches.
func (s *Store) onWriter(f func()) error {
	done := make(chan struct{})
	select {
	case s.ctl <- func() { f(); close(done) }:
	case <-s.stopped:
		return ErrClosed
	}
	<-done
	return nil
}

func (s *Store) maybeCheckpoint() {
	m := s.opts.CheckpointMultiple
	if m <= 0 || s.ckptBusy.Load() || s.closed.Load() {
		return
	}
	size := s.eng.size()
	s.mu.RLock()
	live := s.live
	s.mu.RUnlock()
	if size < s.opts.CheckpointMinBytes || float64(size) < m*float64(live) {
		return
	}
	if !s.ckptBusy.CompareAndSwap(false, true) {
		return
	}
	s.ckptWG.Add(1)
	go func() {
		defer s.ckptWG.Done()
		defer s.ckptBusy.Store(false)
		rep, err := s.Checkpoint()
		if err != nil {
			if !errors.Is(err, ErrClosed) {
				s.log.Error("recovery: automatic checkpoint failed", "err", err)
			}
			return
		}
		s.log.Info("recovery: automatic checkpoint", "before", rep.BytesBefore, "after", rep.BytesAfter, "items", rep.Items, "duration", rep.Duration, "longest_stall", rep.LongestStall)
	}()
}

// Checkpoint reorganises the recovery file: it writes the committed values and the
// still-prepared transactions to a new file, syncs it, renames it into place and syncs the
// directory. Commits keep flowing while it runs, except for two short stalls (freezing the
// state at the start, swapping files at the end); the report gives the longest.
func (s *Store) Checkpoint() (CheckpointReport, error) {
	s.ckptMu.Lock()
	defer s.ckptMu.Unlock()
	if s.closed.Load() {
		return CheckpointReport{}, ErrClosed
	}
	if err := s.Err(); err != nil {
		return CheckpointReport{}, err
	}
	start := time.Now()
	rep := CheckpointReport{BytesBefore: s.eng.size()}
	var cp checkpointer
	var err error
	var stall time.Duration
	if werr := s.onWriter(func() {
		t0 := time.Now()
		defer func() { stall = time.Since(t0) }()
		s.mu.Lock()
		snap := &snapshot{values: s.base, boot: s.boot}
		for _, e := range s.prepared {
			snap.prepared = append(snap.prepared, e.rec)
		}
		slices.SortFunc(snap.prepared, func(a, b *preparedTx) int { return cmp.Compare(a.txid, b.txid) })
		s.overlay = make(map[string]overlayEntry)
		s.mu.Unlock()
		rep.Items, rep.Prepared = len(snap.values), len(snap.prepared)
		cp, err = s.eng.startCheckpoint(snap)
		if err != nil {
			s.mergeOverlay()
		}
	}); werr != nil {
		return rep, werr
	}
	if err != nil {
		return rep, fmt.Errorf("recovery: checkpoint: %w", err)
	}
	rep.LongestStall = stall
	err = cp.run()
	var fatal bool
	if werr := s.onWriter(func() {
		t0 := time.Now()
		if err == nil {
			// A commit may have failed the store while run was writing: then the old file's
			// state is unknown and nothing may be swapped in.
			err = s.Err()
		}
		if err == nil {
			fatal, err = cp.finish()
		}
		if err != nil && !fatal {
			cp.abandon()
		}
		if err == nil {
			s.mu.Lock()
			for id, in := range cp.movedIntentions() {
				if e, ok := s.prepared[id]; ok {
					rec := *e.rec
					rec.intentions = in
					s.prepared[id] = preparedEntry{tx: e.tx, rec: &rec}
				}
			}
			s.mu.Unlock()
		}
		s.mergeOverlay()
		stall = time.Since(t0)
	}); werr != nil {
		cp.abandon()
		return rep, werr
	}
	rep.LongestStall = max(rep.LongestStall, stall)
	if err != nil {
		if fatal {
			ferr := fmt.Errorf("%w: checkpoint: %w", ErrFailed, err)
			s.failed.CompareAndSwap(nil, &ferr)
			return rep, ferr
		}
		return rep, fmt.Errorf("recovery: checkpoint: %w", err)
	}
	rep.BytesAfter = s.eng.size()
	rep.Duration = time.Since(start)
	s.checkpoints.Add(1)
	s.statsMu.Lock()
	s.lastCkpt = rep
	s.longestStall = max(s.longestStall, rep.LongestStall)
	s.statsMu.Unlock()
	return rep, nil
}

// mergeOverlay folds commits made during a checkpoint back into base. Runs on the writer.
func (s *Store) mergeOverlay() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for k, e := range s.overlay {
		if e.del {
			delete(s.base, k)
		} else {
			s.base[k] = e.value
		}
	}
	s.overlay = nil
}

// Close stops the store. Transactions still open are abandoned: their locks vanish and
// nothing of them was durable unless they were prepared, in which case they come back prepared
// at the next Open. Close waits for a running checkpoint to finish.
func (s *Store) Close() error {
	s.closeMu.Lock()
	if s.closed.Swap(true) {
		s.closeMu.Unlock()
		return ErrClosed
	}
	s.closeMu.Unlock()
	// A barrier on the writer: after it, maybeCheckpoint (which runs there) sees closed and
	// starts nothing, so the wait below cannot race with a new checkpoint's Add.
	_ = s.onWriter(func() {})
	s.ckptWG.Wait()
	s.ckptMu.Lock() // wait for an on-demand checkpoint
	defer s.ckptMu.Unlock()
	close(s.quit)
	<-s.stopped
	return s.eng.close()
}
