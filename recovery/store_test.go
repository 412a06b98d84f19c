package recovery

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/wardenft/warden/vfs"
)

func openT(t *testing.T, dir string, mod ...func(*Options)) *Store {
	t.Helper()
	opts := DefaultOptions()
	opts.Logger = discardLogger()
	for _, m := range mod {
		m(&opts)
	}
	s, err := Open(dir, opts)
	if err != nil {
		t.Fatalf("Open(%s): %v", dir, err)
	}
	return s
}

func mustCommit(t *testing.T, s *Store, kv ...string) {
	t.Helper()
	tx := s.Begin()
	for i := 0; i+1 < len(kv); i += 2 {
		if err := tx.Put(context.Background(), kv[i], []byte(kv[i+1])); err != nil {
			t.Fatalf("Put(%s): %v", kv[i], err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatalf("Commit: %v", err)
	}
}

func wantValue(t *testing.T, s *Store, key, want string) {
	t.Helper()
	v, ok := s.Get(key)
	if want == "" {
		if ok {
			t.Fatalf("Get(%q) = %q, want absent", key, v)
		}
		return
	}
	if !ok || string(v) != want {
		t.Fatalf("Get(%q) = %q, %v; want %q", key, v, ok, want)
	}
}

func TestCommitSurvivesReopen(t *testing.T) {
	dir := t.TempDir()
	s := openT(t, dir)
	mustCommit(t, s, "a", "1", "b", "2")
	mustCommit(t, s, "a", "3")
	tx := s.Begin()
	if err := tx.Delete(context.Background(), "b"); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	// An unfinished transaction leaves no trace.
	tx = s.Begin()
	if err := tx.Put(context.Background(), "c", []byte("never")); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = openT(t, dir)
	defer s.Close()
	wantValue(t, s, "a", "3")
	wantValue(t, s, "b", "")
	wantValue(t, s, "c", "")
	rep := s.Recovery()
	if rep.Committed != 3 || rep.Items != 1 || rep.TruncatedAt != -1 || rep.Boot != 2 {
		t.Fatalf("report = %+v", rep)
	}
}

func TestPreparedComesBackWithLocks(t *testing.T) {
	dir := t.TempDir()
	s := openT(t, dir)
	mustCommit(t, s, "x", "old")
	tx := s.BeginGlobal("g-1")
	if err := tx.Put(context.Background(), "x", []byte("new")); err != nil {
		t.Fatal(err)
	}
	if err := tx.Prepare(); err != nil {
		t.Fatal(err)
	}
	in := tx.Intentions()
	if len(in) != 1 || in[0].Key != "x" || in[0].Position <= 0 {
		t.Fatalf("intentions = %+v", in)
	}
	s.Close()

	s = openT(t, dir, func(o *Options) { o.LockTimeout = 20 * time.Millisecond })
	defer s.Close()
	prep := s.Prepared()
	if len(prep) != 1 || prep[0].GlobalID() != "g-1" {
		t.Fatalf("Prepared() = %v", prep)
	}
	if got := prep[0].Intentions(); len(got) != 1 || got[0] != in[0] {
		t.Fatalf("recovered intentions = %+v, want %+v", got, in)
	}
	wantValue(t, s, "x", "old")
	other := s.Begin()
	if _, _, err := other.Get(context.Background(), "x"); !errors.Is(err, ErrLockTimeout) {
		t.Fatalf("Get of a prepared item: err = %v, want ErrLockTimeout", err)
	}
	if err := prep[0].Commit(); err != nil {
		t.Fatal(err)
	}
	v, ok, err := other.Get(context.Background(), "x")
	if err != nil || !ok || string(v) != "new" {
		t.Fatalf("after commit Get = %q %v %v", v, ok, err)
	}
}

// valueAt decodes the value record at pos in the store's current file.
func valueAt(t *testing.T, s *Store, pos int64) valueRecord {
	t.Helper()
	var f vfs.File
	var salt uint32
	switch e := s.eng.(type) {
	case *logEngine:
		f, salt = e.f, e.salt
	case *shadowEngine:
		f, salt = e.f, e.salt
	}
	n, _ := f.Size()
	b := make([]byte, n-pos)
	if _, err := f.ReadAt(b, pos); err != nil {
		t.Fatal(err)
	}
	typ, payload, _, err := decodeFrame(b, salt)
	if err != nil || typ != recValue {
		t.Fatalf("record at %d: type %v, %v", pos, typ, err)
	}
	v, err := decodeValue(payload)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestIntentionsFollowCheckpoint: a checkpoint moves a prepared transaction's values; its
// intentions must point at them in the new file, before and after reopening.
func TestIntentionsFollowCheckpoint(t *testing.T) {
	forEachStrategy(t, func(t *testing.T, st Strategy) {
		dir := t.TempDir()
		s := openT(t, dir, func(o *Options) { o.Strategy = st; o.CheckpointMultiple = 0 })
		for i := range 50 {
			mustCommit(t, s, fmt.Sprintf("k%d", i%5), fmt.Sprint(i))
		}
		early := s.BeginGlobal("early")
		early.Put(context.Background(), "e", []byte("E"))
		if err := early.Prepare(); err != nil {
			t.Fatal(err)
		}
		before := early.Intentions()
		if _, err := s.Checkpoint(); err != nil {
			t.Fatal(err)
		}
		after := early.Intentions()
		if after[0].Position == before[0].Position {
			t.Fatalf("intention position %d did not move with the checkpoint", after[0].Position)
		}
		if v := valueAt(t, s, after[0].Position); string(v.key) != "e" || string(v.value) != "E" || v.txid != early.ID() {
			t.Fatalf("intention points at %q=%q (tx %v)", v.key, v.value, v.txid)
		}
		s.Close()
		s = openT(t, dir, func(o *Options) { o.Strategy = st })
		defer s.Close()
		p := s.Prepared()
		if len(p) != 1 || p[0].Intentions()[0] != after[0] {
			t.Fatalf("after reopen intentions %v, want %v", p[0].Intentions(), after)
		}
	})
}

func TestCheckpointKeepsState(t *testing.T) {
	dir := t.TempDir()
	s := openT(t, dir, func(o *Options) { o.CheckpointMultiple = 0 })
	for i := range 200 {
		mustCommit(t, s, fmt.Sprintf("k%d", i%20), fmt.Sprint(i))
	}
	tx := s.BeginGlobal("g")
	tx.Put(context.Background(), "p", []byte("prepared"))
	if err := tx.Prepare(); err != nil {
		t.Fatal(err)
	}
	before := s.Stats().FileBytes
	rep, err := s.Checkpoint()
	if err != nil {
		t.Fatal(err)
	}
	if rep.BytesAfter >= before || rep.Items != 20 || rep.Prepared != 1 {
		t.Fatalf("checkpoint report %+v (before %d)", rep, before)
	}
	mustCommit(t, s, "k0", "after")
	s.Close()
	s = openT(t, dir)
	defer s.Close()
	wantValue(t, s, "k0", "after")
	wantValue(t, s, "k19", "199")
	if p := s.Prepared(); len(p) != 1 || p[0].GlobalID() != "g" {
		t.Fatalf("prepared after checkpoint: %v", p)
	}
}

// TestConflictingPreparedIsCorrupt writes, below the store, two prepared transactions that
// write the same key — which the lock table makes impossible — and checks that Open reports the
// contradiction as corruption instead of trusting either.
func TestConflictingPreparedIsCorrupt(t *testing.T) {
	fs := vfs.NewMem()
	fs.MkdirAll("db", 0o755)
	e, err := openLogEngine(fs, "db", 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.load(); err != nil {
		t.Fatal(err)
	}
	e.boot(1)
	err = e.persist([]*op{
		{kind: opPrepare, txid: 1<<32 | 1, gid: "a", writes: []write{{key: "k", value: []byte("1")}}},
		{kind: opPrepare, txid: 1<<32 | 2, gid: "b", writes: []write{{key: "k", del: true}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	e.close()
	opts := memOptions(fs, StrategyLog)
	if _, err := Open("db", opts); !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), `"k"`) {
		t.Fatalf("Open of conflicting prepared transactions: %v, want ErrCorrupt naming the key", err)
	}
}

func TestRecoveredPreparedDeleteIsNil(t *testing.T) {
	forEachStrategy(t, func(t *testing.T, st Strategy) {
		dir := t.TempDir()
		s := openT(t, dir, func(o *Options) { o.Strategy = st })
		mustCommit(t, s, "gone", "soon")
		tx := s.BeginGlobal("g")
		tx.Delete(context.Background(), "gone")
		if err := tx.Prepare(); err != nil {
			t.Fatal(err)
		}
		s.Close()
		s = openT(t, dir, func(o *Options) { o.Strategy = st })
		defer s.Close()
		w := s.Prepared()[0].Writes()
		if v, ok := w["gone"]; !ok || v != nil {
			t.Fatalf("recovered prepared delete: %q (present %v), want nil", v, ok)
		}
		if err := s.Prepared()[0].Commit(); err != nil {
			t.Fatal(err)
		}
		wantValue(t, s, "gone", "")
	})
}

// TestPreallocatedTail: the log file grows in zero-filled steps; a reopen takes the zeros for
// the clean end (nothing truncated), and a record torn inside them is still a torn tail.
func TestPreallocatedTail(t *testing.T) {
	fs := vfs.NewMem()
	opts := memOptions(fs, StrategyLog)
	opts.PreallocateBytes = 64 << 10
	s, err := Open("db", opts)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 20 {
		mustCommit(t, s, fmt.Sprintf("k%d", i), "v")
	}
	logical := s.Stats().FileBytes
	s.Close()
	physical := int64(len(readAll(t, fs, "db/"+logFileName)))
	if physical <= logical || physical < 64<<10 {
		t.Fatalf("file is %d bytes for %d bytes of records: not preallocated", physical, logical)
	}
	s, err = Open("db", opts)
	if err != nil {
		t.Fatal(err)
	}
	rep := s.Recovery()
	if rep.TruncatedAt != -1 || rep.PreallocatedBytes == 0 || rep.Committed != 20 {
		t.Fatalf("reopen of a preallocated log: %v (preallocated %d)", rep, rep.PreallocatedBytes)
	}
	wantValue(t, s, "k19", "v")
	end := s.Stats().FileBytes
	s.Close()

	// A torn record in the zeros: a frame header claiming bytes that are not there.
	f, err := fs.OpenReadWrite("db/" + logFileName)
	if err != nil {
		t.Fatal(err)
	}
	torn := appendFrame(nil, 1, recStatus, appendStatusPayload(nil, 7, statusCommitted))
	f.WriteAt(torn[:len(torn)-3], end)
	f.Sync()
	f.Close()
	s, err = Open("db", opts)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if rep := s.Recovery(); rep.TruncatedAt != end {
		t.Fatalf("torn record in preallocated space: %v, want truncation at %d", rep, end)
	}
	wantValue(t, s, "k19", "v")
}
