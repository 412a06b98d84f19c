package manager

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/raft"

	"github.com/wardenft/warden/recovery"
)

// raftStore is the manager's Raft log and stable store (raft.LogStore, raft.StableStore and
// raft.MonotonicLogStore) over one recovery.Store, Warden's own transaction recovery manager,
// in its own directory (DataDir/raft/log). It replaced hashicorp/raft-wal, whose packages
// link bbolt into the binary; Warden uses bbolt only as a benchmark peer.
//
// Items of the store:
//
//	log/<index, 20 decimal digits>   one Raft entry, encoded as below
//	stable/<key>                     a stable-store value (current term, vote, ...) as given;
//	                                 SetUint64 stores 8 bytes, little-endian
//
// An entry's value (little-endian):
//
//	+---------+---------+---------+--------+---------------+-----------+------+-----------+------------+
//	| version |  index  |  term   |  type  |  appended at  | data len  | data |  ext len  | extensions |
//	| 1 byte  | 8 bytes | 8 bytes | 1 byte | 8 bytes (ns)  |  uvarint  |      |  uvarint  |            |
//	+---------+---------+---------+--------+---------------+-----------+------+-----------+------------+
//	  version is 1; appended at is Unix nanoseconds, 0 for the zero time; the index repeats the
//	  key's so that a value found under the wrong key is recognised as corruption
//
// StoreLogs writes its batch in one transaction, so one durable commit (shared with concurrent
// commits by the recovery store's group commit); a crash keeps all of the batch or none of it.
// DeleteRange deletes in transactions of at most deleteBatch entries, from the end of the
// range that keeps the log contiguous if a crash stops it part way: a prefix (compaction after a
// snapshot) from its low end, a suffix (a follower truncating a conflict) from its high end.
// The recovery store checkpoints itself (Options.CheckpointMultiple), so the file shrinks
// again as compaction deletes old entries.
//
// First and last index are kept in memory, found at open by one pass over the store. Raft
// calls a LogStore from more than one goroutine (the main loop appends and truncates, the
// snapshot goroutine compacts a prefix far behind the tail); the mutex guards the indexes,
// never a commit, so those commits can share a sync.
type raftStore struct {
	db *recovery.Store

	mu          sync.Mutex
	first, last uint64 // 0, 0: no entries
}

var (
	_ raft.LogStore          = (*raftStore)(nil)
	_ raft.StableStore       = (*raftStore)(nil)
	_ raft.MonotonicLogStore = (*raftStore)(nil)
)

// errStableNotFound is what Get and GetUint64 return for a missing key. hashicorp/raft compares
// the error's text with "not found" (as raft-boltdb and InmemStore return it) to tell a fresh
// store from a broken one, so the text must stay exactly that and the error must not be wrapped.
var errStableNotFound = errors.New("not found")

const (
	logPrefix    = "log/"
	stablePrefix = "stable/"
	entryVersion = 1
	entryHeader  = 1 + 8 + 8 + 1 + 8
	// deleteBatch bounds one DeleteRange transaction: its intentions list, and the locks it holds.
	deleteBatch = 4096
	// probeLimit bounds the point lookups that find a new first or last index after a delete
	// before falling back to a pass over the whole store (only a log with gaps needs it).
	probeLimit = 1024
)

// openRaftStore opens (or creates) the store in dir.
func openRaftStore(dir string, opts recovery.Options) (*raftStore, error) {
	db, err := recovery.Open(dir, opts)
	if err != nil {
		return nil, fmt.Errorf("raft log %s: %w", dir, err)
	}
	s := &raftStore{db: db}
	var bad error
	s.first, s.last, bad = s.scanBounds()
	if bad != nil {
		db.Close()
		return nil, fmt.Errorf("raft log %s: %w", dir, bad)
	}
	return s, nil
}

// Close closes the recovery store.
func (s *raftStore) Close() error { return s.db.Close() }

// IsMonotonic tells raft that the log has no gaps: after restoring a snapshot raft deletes the
// whole log instead of leaving a gap before the snapshot's index (as it did with raft-wal).
// Gaps are nonetheless handled correctly, only more slowly.
func (s *raftStore) IsMonotonic() bool { return true }

func logKey(index uint64) string {
	return fmt.Sprintf("%s%020d", logPrefix, index)
}

// scanBounds finds the lowest and highest index in the store by one pass over it.
func (s *raftStore) scanBounds() (first, last uint64, err error) {
	s.db.Range(func(k string, _ []byte) bool {
		if !strings.HasPrefix(k, logPrefix) {
			return true
		}
		i, perr := strconv.ParseUint(k[len(logPrefix):], 10, 64)
		if perr != nil || len(k) != len(logPrefix)+20 {
			err = fmt.Errorf("%w: bad log key %q", recovery.ErrCorrupt, k)
			return false
		}
		if first == 0 || i < first {
			first = i
		}
		if i > last {
			last = i
		}
		return true
	})
	return first, last, err
}

// FirstIndex returns the first index stored, 0 for an empty log.
func (s *raftStore) FirstIndex() (uint64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.first, nil
}

// LastIndex returns the last index stored, 0 for an empty log.
func (s *raftStore) LastIndex() (uint64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.last, nil
}

// GetLog reads the entry at index into l; raft.ErrLogNotFound when there is none. l's Data and
// Extensions are the caller's own.
func (s *raftStore) GetLog(index uint64, l *raft.Log) error {
	v, ok := s.db.Get(logKey(index))
	if !ok {
		return raft.ErrLogNotFound
	}
	if err := decodeLog(v, l); err != nil {
		return fmt.Errorf("raft log entry %d: %w", index, err)
	}
	if l.Index != index {
		return fmt.Errorf("raft log entry %d: %w: holds index %d", index, recovery.ErrCorrupt, l.Index)
	}
	return nil
}

// StoreLog stores one entry durably.
func (s *raftStore) StoreLog(l *raft.Log) error { return s.StoreLogs([]*raft.Log{l}) }

// StoreLogs stores the entries durably in one transaction.
func (s *raftStore) StoreLogs(logs []*raft.Log) error {
	if len(logs) == 0 {
		return nil
	}
	ctx := context.Background()
	tx := s.db.Begin()
	lo, hi := logs[0].Index, logs[0].Index
	for _, l := range logs {
		if l.Index == 0 {
			tx.Abort()
			return errors.New("raft log: entry with index 0")
		}
		lo, hi = min(lo, l.Index), max(hi, l.Index)
		if err := tx.Put(ctx, logKey(l.Index), encodeLog(l)); err != nil {
			tx.Abort()
			return fmt.Errorf("raft log: store entry %d: %w", l.Index, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("raft log: store entries %d-%d: %w", lo, hi, err)
	}
	s.mu.Lock()
	if s.first == 0 || lo < s.first {
		s.first = lo
	}
	s.last = max(s.last, hi)
	s.mu.Unlock()
	return nil
}

// DeleteRange deletes the entries from lo to hi inclusive.
func (s *raftStore) DeleteRange(lo, hi uint64) error {
	s.mu.Lock()
	first, last := s.first, s.last
	s.mu.Unlock()
	if first == 0 || lo > hi {
		return nil
	}
	lo, hi = max(lo, first), min(hi, last)
	if lo > hi {
		return nil
	}
	// Delete from the end of the range that leaves a contiguous log after a crash part way.
	suffix := hi == last && lo > first
	for done := uint64(0); done <= hi-lo; {
		n := min(uint64(deleteBatch), hi-lo-done+1)
		a, b := lo+done, lo+done+n-1
		if suffix {
			a, b = hi-done-n+1, hi-done
		}
		if err := s.deleteBatch(a, b); err != nil {
			return err
		}
		s.afterDelete(a, b)
		done += n
	}
	return nil
}

// deleteBatch deletes the stored entries from a to b in one transaction.
func (s *raftStore) deleteBatch(a, b uint64) error {
	ctx := context.Background()
	tx := s.db.Begin()
	for i := a; i >= a && i <= b; i++ { // i >= a: stop if i wraps at MaxUint64
		k := logKey(i)
		if _, ok := s.db.Get(k); !ok {
			continue // a gap: nothing to write
		}
		if err := tx.Delete(ctx, k); err != nil {
			tx.Abort()
			return fmt.Errorf("raft log: delete entry %d: %w", i, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("raft log: delete entries %d-%d: %w", a, b, err)
	}
	return nil
}

// afterDelete moves the first and last index past the deleted entries a to b.
func (s *raftStore) afterDelete(a, b uint64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.first == 0 || b < s.first || a > s.last {
		return
	}
	if a <= s.first && b >= s.last {
		s.first, s.last = 0, 0
		return
	}
	ok := true
	if a <= s.first {
		s.first, ok = s.probe(b+1, s.last, +1)
	} else if b >= s.last {
		s.last, ok = s.probe(a-1, s.first, -1)
	}
	if !ok {
		first, last, err := s.scanBounds()
		if err == nil {
			s.first, s.last = first, last
		}
	}
}

// probe returns the first stored index from i towards end (inclusive) in direction dir, or
// ok=false when it gave up after probeLimit lookups.
func (s *raftStore) probe(i, end uint64, dir int) (uint64, bool) {
	for n := 0; n < probeLimit; n++ {
		if _, ok := s.db.Get(logKey(i)); ok {
			return i, true
		}
		if i == end {
			break
		}
		if dir > 0 {
			i++
		} else {
			i--
		}
	}
	return 0, false
}

// Set stores a stable-store value durably.
func (s *raftStore) Set(key, val []byte) error {
	tx := s.db.Begin()
	if err := tx.Put(context.Background(), stablePrefix+string(key), append([]byte(nil), val...)); err != nil {
		tx.Abort()
		return fmt.Errorf("raft stable store: set %q: %w", key, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("raft stable store: set %q: %w", key, err)
	}
	return nil
}

// Get returns a copy of the value of key, or an error whose text is "not found".
func (s *raftStore) Get(key []byte) ([]byte, error) {
	v, ok := s.db.Get(stablePrefix + string(key))
	if !ok {
		return nil, errStableNotFound
	}
	return append([]byte(nil), v...), nil
}

// SetUint64 stores val under key as 8 bytes, little-endian.
func (s *raftStore) SetUint64(key []byte, val uint64) error {
	return s.Set(key, binary.LittleEndian.AppendUint64(nil, val))
}

// GetUint64 returns the value SetUint64 stored, or 0 and an error whose text is "not found".
func (s *raftStore) GetUint64(key []byte) (uint64, error) {
	v, ok := s.db.Get(stablePrefix + string(key))
	if !ok {
		return 0, errStableNotFound
	}
	if len(v) != 8 {
		return 0, fmt.Errorf("raft stable store: %w: %q holds %d bytes, not a uint64", recovery.ErrCorrupt, key, len(v))
	}
	return binary.LittleEndian.Uint64(v), nil
}

// encodeLog encodes l in the format drawn on raftStore.
func encodeLog(l *raft.Log) []byte {
	b := make([]byte, 0, entryHeader+2*binary.MaxVarintLen64+len(l.Data)+len(l.Extensions))
	b = append(b, entryVersion)
	b = binary.LittleEndian.AppendUint64(b, l.Index)
	b = binary.LittleEndian.AppendUint64(b, l.Term)
	b = append(b, byte(l.Type))
	var at int64
	if !l.AppendedAt.IsZero() {
		at = l.AppendedAt.UnixNano()
	}
	b = binary.LittleEndian.AppendUint64(b, uint64(at))
	b = binary.AppendUvarint(b, uint64(len(l.Data)))
	b = append(b, l.Data...)
	b = binary.AppendUvarint(b, uint64(len(l.Extensions)))
	return append(b, l.Extensions...)
}

// decodeLog decodes b into l; Data and Extensions are copies (nil when empty).
func decodeLog(b []byte, l *raft.Log) error {
	if len(b) < entryHeader {
		return fmt.Errorf("%w: entry of %d bytes, shorter than its header", recovery.ErrCorrupt, len(b))
	}
	if b[0] != entryVersion {
		return fmt.Errorf("%w: entry version %d, want %d", recovery.ErrCorrupt, b[0], entryVersion)
	}
	l.Index = binary.LittleEndian.Uint64(b[1:])
	l.Term = binary.LittleEndian.Uint64(b[9:])
	l.Type = raft.LogType(b[17])
	l.AppendedAt = time.Time{}
	if at := int64(binary.LittleEndian.Uint64(b[18:])); at != 0 {
		l.AppendedAt = time.Unix(0, at)
	}
	rest := b[entryHeader:]
	var err error
	if l.Data, rest, err = readBytes(rest, "data"); err != nil {
		return err
	}
	if l.Extensions, rest, err = readBytes(rest, "extensions"); err != nil {
		return err
	}
	if len(rest) != 0 {
		return fmt.Errorf("%w: %d bytes after the entry", recovery.ErrCorrupt, len(rest))
	}
	return nil
}

func readBytes(b []byte, what string) (field, rest []byte, err error) {
	n, w := binary.Uvarint(b)
	if w <= 0 || n > uint64(len(b)-w) {
		return nil, nil, fmt.Errorf("%w: bad %s length", recovery.ErrCorrupt, what)
	}
	if n == 0 {
		return nil, b[w:], nil
	}
	return append([]byte(nil), b[w:w+int(n)]...), b[w+int(n):], nil
}
