package replica

import (
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/wardenft/warden/vfs"
	"github.com/wardenft/warden/vfs/errorfs"
)

func testEntries(epoch, from, to uint64) []Entry {
	var out []Entry
	for s := from; s <= to; s++ {
		out = append(out, Entry{Epoch: epoch, Seq: s, Request: RequestID{ClientID: "c", RetentionID: s}, Kind: EntryUpdate,
			Method: "/m", Payload: []byte(fmt.Sprintf("u%d", s)), Reply: []byte(fmt.Sprintf("r%d", s))})
	}
	return out
}

func mustOpenStore(t *testing.T, fs vfs.FS, dir string) (*HolderStore, HolderState) {
	t.Helper()
	s, st, err := OpenHolderStore(fs, dir)
	if err != nil {
		t.Fatal(err)
	}
	return s, st
}

func sameState(t *testing.T, what string, got, want HolderState) {
	t.Helper()
	got.Commit, want.Commit = 0, 0
	if len(got.Entries) == 0 {
		got.Entries = nil
	}
	if len(want.Entries) == 0 {
		want.Entries = nil
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%s: got epoch=%d checkpoint=%d entries=%d, want epoch=%d checkpoint=%d entries=%d\ngot  %+v\nwant %+v",
			what, got.Epoch, ckSeq(got.Checkpoint), len(got.Entries), want.Epoch, ckSeq(want.Checkpoint), len(want.Entries), got, want)
	}
}

// What Persist returned for survives a crash (only synced bytes are kept), through
// appends, truncations, a checkpoint's rewrite and the appends after it.
func TestHolderStoreDurableAcrossCrash(t *testing.T) {
	fs := vfs.NewMem()
	dir := "/agent/members/g/m2/holder"
	s, st := mustOpenStore(t, fs, dir)
	sameState(t, "new store", st, HolderState{})
	ck := NewCheckpoint(Pos{Seq: 3, Epoch: 1}, []byte("state@3"), []CachedReply{{Request: RequestID{ClientID: "c", RetentionID: 3}, Seq: 3, Reply: []byte("r3")}})
	steps := []struct {
		ops  []HolderOp
		want HolderState
	}{
		{[]HolderOp{{Kind: OpSetEpoch, Epoch: 1}, {Kind: OpAppend, Entries: testEntries(1, 1, 4)}},
			HolderState{Epoch: 1, Entries: testEntries(1, 1, 4)}},
		{[]HolderOp{{Kind: OpSetEpoch, Epoch: 2}, {Kind: OpTruncate, Seq: 4}, {Kind: OpAppend, Entries: testEntries(2, 4, 5)}},
			HolderState{Epoch: 2, Entries: append(testEntries(1, 1, 3), testEntries(2, 4, 5)...)}},
		{[]HolderOp{{Kind: OpSaveCheckpoint, Checkpoint: &ck}},
			HolderState{Epoch: 2, Checkpoint: &ck, Entries: testEntries(2, 4, 5)}},
		{[]HolderOp{{Kind: OpAppend, Entries: testEntries(2, 6, 6)}},
			HolderState{Epoch: 2, Checkpoint: &ck, Entries: testEntries(2, 4, 6)}},
	}
	for i, step := range steps {
		if err := s.Persist(step.ops); err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
		sameState(t, fmt.Sprintf("step %d in memory", i), s.State(), step.want)
		crashed := fs.CrashClone(vfs.CrashOptions{})
		s2, st2 := mustOpenStore(t, crashed, dir)
		sameState(t, fmt.Sprintf("step %d after a crash", i), st2, step.want)
		s2.Close()
		rst, err := ReadHolderStore(crashed, dir)
		if err != nil {
			t.Fatal(err)
		}
		sameState(t, fmt.Sprintf("step %d read-only", i), rst, step.want)
	}
	// The checkpoint dropped the log before it: the file holds one append record after it.
	size, _ := fileSize(fs, filepath.Join(dir, HolderFile))
	s.Close()
	if size > 4096 {
		t.Errorf("the file is %d bytes after the checkpoint's rewrite", size)
	}
}

func fileSize(fs vfs.FS, path string) (int64, error) {
	fi, err := fs.Stat(path)
	if err != nil {
		return 0, err
	}
	return fi.Size(), nil
}

// A damaged record in the middle is an error naming its offset; nothing after it is read.
// A record cut short at the end (a write that never completed) is cut off and reported.
func TestHolderStoreCorruptAndTorn(t *testing.T) {
	fs := vfs.NewMem()
	dir := "/h"
	path := filepath.Join(dir, HolderFile)
	s, _ := mustOpenStore(t, fs, dir)
	var offsets []int64 // where each Persist's record starts
	for i := uint64(1); i <= 3; i++ {
		size, _ := fileSize(fs, path)
		offsets = append(offsets, size)
		if err := s.Persist([]HolderOp{{Kind: OpAppend, Entries: testEntries(1, i, i)}}); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	end, _ := fileSize(fs, path)

	// Flip a byte of the second record's payload.
	corrupt := fs.CrashClone(vfs.CrashOptions{})
	f, err := corrupt.OpenReadWrite(path)
	if err != nil {
		t.Fatal(err)
	}
	b := []byte{0}
	f.ReadAt(b, offsets[1]+holderFrameSize+2)
	b[0] ^= 0xff
	f.WriteAt(b, offsets[1]+holderFrameSize+2)
	f.Sync()
	f.Close()
	for name, open := range map[string]func() error{
		"open": func() error { _, _, err := OpenHolderStore(corrupt, dir); return err },
		"read": func() error { _, err := ReadHolderStore(corrupt, dir); return err },
	} {
		err := open()
		var ce *HolderCorruptError
		if !errors.Is(err, ErrHolderCorrupt) || !errors.As(err, &ce) || ce.Offset != offsets[1] {
			t.Errorf("%s with the record at %d damaged: %v, want a HolderCorruptError at that offset", name, offsets[1], err)
		}
	}

	// Cut the last record short.
	torn := fs.CrashClone(vfs.CrashOptions{})
	f, err = torn.OpenReadWrite(path)
	if err != nil {
		t.Fatal(err)
	}
	f.Truncate(end - 3)
	f.Sync()
	f.Close()
	s, st := mustOpenStore(t, torn, dir)
	if s.TornAt != offsets[2] {
		t.Errorf("TornAt %d, want %d", s.TornAt, offsets[2])
	}
	sameState(t, "after the torn record", st, HolderState{Entries: testEntries(1, 1, 2)})
	// Appends go after the good records.
	if err := s.Persist([]HolderOp{{Kind: OpAppend, Entries: testEntries(1, 3, 3)}}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, st = mustOpenStore(t, torn, dir)
	s.Close()
	sameState(t, "reopened", st, HolderState{Entries: testEntries(1, 1, 3)})
}

// A failed fsync is reported: the holder must not acknowledge (HolderServer gives the log up).
func TestHolderStoreSyncError(t *testing.T) {
	mem := vfs.NewMem()
	fs := errorfs.Wrap(mem)
	s, _ := mustOpenStore(t, fs, "/h")
	defer s.Close()
	fs.AddRule(errorfs.Rule{Ops: errorfs.OpSync})
	err := s.Persist([]HolderOp{{Kind: OpAppend, Entries: testEntries(1, 1, 1)}})
	if !errors.Is(err, errorfs.ErrInjected) {
		t.Fatalf("Persist with a failing fsync: %v", err)
	}
	_, st := mustOpenStore(t, mem.CrashClone(vfs.CrashOptions{}), "/h")
	sameState(t, "after the failed fsync and a crash", st, HolderState{})
}
