package recovery

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"
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
