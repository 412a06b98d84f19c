package manager

import (
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/quick"
	"time"

	"github.com/hashicorp/raft"

	"github.com/wardenft/warden/recovery"
	"github.com/wardenft/warden/vfs"
)

func testRaftOpts(fs vfs.FS) recovery.Options {
	o := recovery.DefaultOptions()
	o.FS = fs
	o.PreallocateBytes = -1
	o.Logger = slog.New(slog.DiscardHandler)
	return o
}

func openTestRaftStore(t *testing.T, fs vfs.FS) *raftStore {
	t.Helper()
	s, err := openRaftStore("raft/log", testRaftOpts(fs))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func testLog(i, term uint64) *raft.Log {
	return &raft.Log{Index: i, Term: term, Type: raft.LogCommand, Data: fmt.Appendf(nil, "entry %d", i),
		Extensions: []byte{byte(i)}, AppendedAt: time.Unix(1700000000, int64(i))}
}

func sameLog(a, b *raft.Log) bool {
	return a.Index == b.Index && a.Term == b.Term && a.Type == b.Type && bytes.Equal(a.Data, b.Data) &&
		bytes.Equal(a.Extensions, b.Extensions) && a.AppendedAt.Equal(b.AppendedAt)
}

func checkBounds(t *testing.T, s *raftStore, first, last uint64) {
	t.Helper()
	f, _ := s.FirstIndex()
	l, _ := s.LastIndex()
	if f != first || l != last {
		t.Fatalf("FirstIndex, LastIndex = %d, %d; want %d, %d", f, l, first, last)
	}
}

func checkMissing(t *testing.T, s *raftStore, idx ...uint64) {
	t.Helper()
	for _, i := range idx {
		var l raft.Log
		if err := s.GetLog(i, &l); !errors.Is(err, raft.ErrLogNotFound) {
			t.Fatalf("GetLog(%d) = %v, want raft.ErrLogNotFound", i, err)
		}
	}
}

func checkPresent(t *testing.T, s *raftStore, term uint64, idx ...uint64) {
	t.Helper()
	for _, i := range idx {
		var l raft.Log
		if err := s.GetLog(i, &l); err != nil {
			t.Fatalf("GetLog(%d): %v", i, err)
		}
		if want := testLog(i, term); !sameLog(&l, want) {
			t.Fatalf("GetLog(%d) = %+v, want %+v", i, l, *want)
		}
	}
}

// The expectations of hashicorp/raft's LogStore contract (and of raft-boltdb's tests).
func TestRaftStoreLogs(t *testing.T) {
	fs := vfs.NewMem()
	s := openTestRaftStore(t, fs)
	checkBounds(t, s, 0, 0)
	checkMissing(t, s, 0, 1)

	if err := s.StoreLog(testLog(1, 1)); err != nil {
		t.Fatal(err)
	}
	var batch []*raft.Log
	for i := uint64(2); i <= 10; i++ {
		batch = append(batch, testLog(i, 2))
	}
	syncs := s.db.Stats().Syncs
	if err := s.StoreLogs(batch); err != nil {
		t.Fatal(err)
	}
	if got := s.db.Stats().Syncs - syncs; got != 1 {
		t.Fatalf("StoreLogs of 9 entries took %d syncs, want 1", got)
	}
	checkBounds(t, s, 1, 10)
	checkPresent(t, s, 1, 1)
	checkPresent(t, s, 2, 2, 5, 10)
	checkMissing(t, s, 11)

	// Compaction after a snapshot: a prefix.
	if err := s.DeleteRange(1, 4); err != nil {
		t.Fatal(err)
	}
	checkBounds(t, s, 5, 10)
	checkMissing(t, s, 1, 2, 3, 4)
	// A follower truncating a conflicting suffix, then appending in a new term.
	if err := s.DeleteRange(8, 10); err != nil {
		t.Fatal(err)
	}
	checkBounds(t, s, 5, 7)
	checkMissing(t, s, 8, 9, 10)
	if err := s.StoreLogs([]*raft.Log{testLog(8, 3), testLog(9, 3)}); err != nil {
		t.Fatal(err)
	}
	checkBounds(t, s, 5, 9)

	// Reopen after close, and after a crash that keeps only what was synced.
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	for _, disk := range []vfs.FS{fs, fs.CrashClone(vfs.CrashOptions{})} {
		s = openTestRaftStore(t, disk)
		checkBounds(t, s, 5, 9)
		checkPresent(t, s, 2, 5, 6, 7)
		checkPresent(t, s, 3, 8, 9)
		checkMissing(t, s, 1, 4, 10)
		s.Close()
	}

	// Deleting everything (raft does after restoring a snapshot: IsMonotonic) empties it.
	s = openTestRaftStore(t, fs)
	defer s.Close()
	if err := s.DeleteRange(0, 1<<40); err != nil {
		t.Fatal(err)
	}
	checkBounds(t, s, 0, 0)
	checkMissing(t, s, 5, 9)
	if err := s.StoreLog(testLog(100, 4)); err != nil {
		t.Fatal(err)
	}
	checkBounds(t, s, 100, 100)
}

func TestRaftStoreDeleteRangeInBatches(t *testing.T) {
	s := openTestRaftStore(t, vfs.NewMem())
	defer s.Close()
	const n = 3*deleteBatch + 17
	var batch []*raft.Log
	for i := uint64(1); i <= n; i++ {
		batch = append(batch, testLog(i, 1))
	}
	if err := s.StoreLogs(batch); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteRange(1, n-100); err != nil {
		t.Fatal(err)
	}
	checkBounds(t, s, n-99, n)
	checkMissing(t, s, 1, deleteBatch, n-100)
	checkPresent(t, s, 1, n-99, n)

	batch = batch[:0]
	for i := uint64(n + 1); i <= n+2*deleteBatch+5; i++ {
		batch = append(batch, testLog(i, 1))
	}
	if err := s.StoreLogs(batch); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteRange(n-50, n+2*deleteBatch+5); err != nil {
		t.Fatal(err)
	}
	checkBounds(t, s, n-99, n-51)
	checkMissing(t, s, n-50, n, n+1, n+2*deleteBatch+5)
}

func TestRaftStoreStable(t *testing.T) {
	fs := vfs.NewMem()
	s := openTestRaftStore(t, fs)
	// raft tells a fresh store from a broken one by this exact text.
	if _, err := s.Get([]byte("LastVoteCand")); err == nil || err.Error() != "not found" {
		t.Fatalf("Get of a missing key: %v, want \"not found\"", err)
	}
	if v, err := s.GetUint64([]byte("CurrentTerm")); err == nil || err.Error() != "not found" || v != 0 {
		t.Fatalf("GetUint64 of a missing key: %d, %v; want 0, \"not found\"", v, err)
	}
	existing, err := raft.HasExistingState(s, s, raft.NewInmemSnapshotStore())
	if err != nil || existing {
		t.Fatalf("HasExistingState of a fresh store = %v, %v", existing, err)
	}
	if err := s.Set([]byte("LastVoteCand"), []byte("mgr-1")); err != nil {
		t.Fatal(err)
	}
	if err := s.SetUint64([]byte("CurrentTerm"), 7); err != nil {
		t.Fatal(err)
	}
	if err := s.SetUint64([]byte("CurrentTerm"), 1<<63+5); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s = openTestRaftStore(t, fs.CrashClone(vfs.CrashOptions{}))
	defer s.Close()
	if v, err := s.Get([]byte("LastVoteCand")); err != nil || string(v) != "mgr-1" {
		t.Fatalf("Get after reopen = %q, %v", v, err)
	}
	if v, err := s.GetUint64([]byte("CurrentTerm")); err != nil || v != 1<<63+5 {
		t.Fatalf("GetUint64 after reopen = %d, %v", v, err)
	}
	existing, err = raft.HasExistingState(s, s, raft.NewInmemSnapshotStore())
	if err != nil || !existing {
		t.Fatalf("HasExistingState with a term = %v, %v", existing, err)
	}
}

// The store against a naive reference (a map), under random appends, overwrites, gaps,
// prefix and suffix deletes, and crashes that keep only what was synced.
func TestRaftStoreAgainstReference(t *testing.T) {
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, 1))
	fs := vfs.NewMem()
	o := testRaftOpts(fs)
	o.CheckpointMinBytes = 16 << 10 // checkpoints between the crashes too
	s, err := openRaftStore("raft/log", o)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { s.Close() }()
	ref := map[uint64]uint64{} // index -> term
	bounds := func() (first, last uint64) {
		for i := range ref {
			if first == 0 || i < first {
				first = i
			}
			last = max(last, i)
		}
		return
	}
	for step := 0; step < 400; step++ {
		first, last := bounds()
		switch op := rng.IntN(10); {
		case op < 5: // append a batch, sometimes after a gap, sometimes overwriting the tail
			start := last + 1
			switch rng.IntN(6) {
			case 0:
				start += uint64(rng.IntN(2000))
			case 1:
				start -= min(last, uint64(rng.IntN(3)))
			}
			start = max(start, 1)
			term := uint64(step + 1)
			var batch []*raft.Log
			for i := start; i < start+uint64(1+rng.IntN(20)); i++ {
				batch = append(batch, testLog(i, term))
				ref[i] = term
			}
			err = s.StoreLogs(batch)
		case op < 7 && last > 0: // compact a prefix
			hi := first + uint64(rng.IntN(int(last-first)+1))
			err = s.DeleteRange(first, hi)
			for i := range ref {
				if i <= hi {
					delete(ref, i)
				}
			}
		case op < 9 && last > 0: // truncate a suffix
			lo := first + uint64(rng.IntN(int(last-first)+1))
			err = s.DeleteRange(lo, last)
			for i := range ref {
				if i >= lo {
					delete(ref, i)
				}
			}
		default: // crash and reopen
			s.Close()
			fs = fs.CrashClone(vfs.CrashOptions{})
			o.FS = fs
			s, err = openRaftStore("raft/log", o)
		}
		if err != nil {
			t.Fatalf("step %d: %v", step, err)
		}
		first, last = bounds()
		checkBounds(t, s, first, last)
		for i := first; last > 0 && i <= last+1; i++ {
			var l raft.Log
			err := s.GetLog(i, &l)
			term, ok := ref[i]
			switch {
			case !ok && !errors.Is(err, raft.ErrLogNotFound):
				t.Fatalf("step %d: GetLog(%d) = %v, want ErrLogNotFound", step, i, err)
			case ok && (err != nil || !sameLog(&l, testLog(i, term))):
				t.Fatalf("step %d: GetLog(%d) = %+v, %v; want term %d", step, i, l, err, term)
			}
		}
	}
}

func TestRaftLogEncoding(t *testing.T) {
	roundTrip := func(index, term uint64, typ uint8, data, ext []byte, at int64) bool {
		in := &raft.Log{Index: index, Term: term, Type: raft.LogType(typ), Data: data, Extensions: ext}
		if at != 0 {
			in.AppendedAt = time.Unix(0, at)
		}
		b := encodeLog(in)
		var out raft.Log
		if err := decodeLog(b, &out); err != nil || !sameLog(in, &out) {
			return false
		}
		for n := 0; n < len(b); n++ { // every truncation is recognised
			if err := decodeLog(b[:n], &out); !errors.Is(err, recovery.ErrCorrupt) {
				return false
			}
		}
		return true
	}
	if err := quick.Check(roundTrip, nil); err != nil {
		t.Fatal(err)
	}
	var out raft.Log
	if err := decodeLog(append(encodeLog(testLog(1, 1)), 0), &out); !errors.Is(err, recovery.ErrCorrupt) {
		t.Fatalf("trailing byte: %v, want ErrCorrupt", err)
	}
}

// Compaction deletes old entries; the recovery store's automatic checkpoint must shrink the file.
func TestRaftStoreCheckpointsAsRaftCompacts(t *testing.T) {
	o := testRaftOpts(vfs.NewMem())
	o.CheckpointMinBytes = 64 << 10
	s, err := openRaftStore("raft/log", o)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	data := bytes.Repeat([]byte("x"), 1024)
	for i := uint64(1); i <= 2000; i++ {
		if err := s.StoreLog(&raft.Log{Index: i, Term: 1, Data: data}); err != nil {
			t.Fatal(err)
		}
		if i > 100 {
			if err := s.DeleteRange(i-100, i-100); err != nil {
				t.Fatal(err)
			}
		}
	}
	st := s.db.Stats()
	if st.Checkpoints == 0 || st.FileBytes > 2*o.CheckpointMinBytes+int64(o.CheckpointMultiple*float64(st.LiveBytes)) {
		t.Fatalf("after 2000 entries with 100 live: %d checkpoints, %d bytes on disk for %d live", st.Checkpoints, st.FileBytes, st.LiveBytes)
	}
	checkBounds(t, s, 1901, 2000)
}

// A data dir from before the switch holds its log in raft-wal's format: refusing it beats
// starting a voter that forgot its term, vote and log.
func TestNodeRefusesRaftWALDir(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "raft", "wal"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "raft", "wal", "00000000000000000001-0000000000000001.wal"), []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := OpenNode(NodeConfig{DataDir: dir, RaftAddr: "127.0.0.1:0", APIAddr: "127.0.0.1:1", Bootstrap: true})
	if err == nil || !strings.Contains(err.Error(), "raft-wal") {
		t.Fatalf("OpenNode on a raft-wal data dir: %v, want a refusal naming raft-wal", err)
	}
}
