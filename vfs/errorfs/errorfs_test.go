package errorfs_test

import (
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/wardenft/warden/vfs"
	"github.com/wardenft/warden/vfs/errorfs"
)

var seedFlag = flag.Uint64("seed", 0, "seed of the randomized tests; 0 picks one from the clock")

func testSeed(t *testing.T) uint64 {
	t.Helper()
	seed := *seedFlag
	if seed == 0 {
		seed = uint64(time.Now().UnixNano())
	}
	t.Logf("seed %d (replay with -seed=%d)", seed, seed)
	return seed
}

// wantInjected checks that err is an injected error wrapping target, reported the way package
// os reports errors, naming op and path.
func wantInjected(t *testing.T, err error, target error, op, path string) {
	t.Helper()
	if !errors.Is(err, errorfs.ErrInjected) || !errors.Is(err, target) {
		t.Fatalf("got %v, want an injected %v", err, target)
	}
	var pe *os.PathError
	var le *os.LinkError
	switch {
	case errors.As(err, &pe):
		if pe.Op != op || pe.Path != path {
			t.Errorf("got *os.PathError{Op: %q, Path: %q}, want %q and %q", pe.Op, pe.Path, op, path)
		}
	case errors.As(err, &le):
		if le.Op != op || le.Old != path {
			t.Errorf("got *os.LinkError{Op: %q, Old: %q}, want %q and %q", le.Op, le.Old, op, path)
		}
	default:
		t.Errorf("got %T, want *os.PathError or *os.LinkError", err)
	}
}

func contents(t *testing.T, fs vfs.FS, name string) string {
	t.Helper()
	f, err := fs.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	size, err := f.Size()
	if err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, size)
	if _, err := f.ReadAt(buf, 0); err != nil {
		t.Fatal(err)
	}
	return string(buf)
}

func TestOnNthFailsExactlyTheNth(t *testing.T) {
	for nth := int64(1); nth <= 5; nth++ {
		t.Run(fmt.Sprint(nth), func(t *testing.T) {
			mem := vfs.NewMem()
			fs := errorfs.Wrap(mem)
			f, err := fs.Create("f")
			if err != nil {
				t.Fatal(err)
			}
			inj := fs.AddRule(errorfs.Rule{Ops: errorfs.OpWrite, When: errorfs.OnNth(nth)})
			want := []byte("12345")
			for i := int64(1); i <= 5; i++ {
				n, err := f.WriteAt(want[i-1:i], i-1)
				if i == nth {
					if n != 0 {
						t.Errorf("failed write %d wrote %d bytes", i, n)
					}
					wantInjected(t, err, syscall.EIO, "write", "f")
					continue
				}
				if err != nil || n != 1 {
					t.Fatalf("write %d = %d, %v; want it to succeed", i, n, err)
				}
			}
			// The failed write never reached mem: a hole, or a shorter file if it was the last.
			want[nth-1] = 0
			if nth == 5 {
				want = want[:4]
			}
			if got := contents(t, mem, "f"); got != string(want) {
				t.Errorf("file = %q, want %q", got, want)
			}
			if inj.Matched() != 5 || inj.Injected() != 1 || fs.Injected() != 1 {
				t.Errorf("matched %d, injected %d (FS %d); want 5, 1, 1",
					inj.Matched(), inj.Injected(), fs.Injected())
			}
		})
	}
}

func TestFromNthKeepsFailingUntilCleared(t *testing.T) {
	fs := errorfs.Wrap(vfs.NewMem(), errorfs.Rule{
		Ops:  errorfs.OpSyncDir,
		When: errorfs.FromNth(2),
		Err:  errorfs.ErrInjectedNoSpace,
	})
	if err := fs.SyncDir("."); err != nil {
		t.Fatalf("first SyncDir: %v", err)
	}
	for range 3 {
		wantInjected(t, fs.SyncDir("."), syscall.ENOSPC, "syncdir", ".")
	}
	fs.ClearRules()
	if err := fs.SyncDir("."); err != nil {
		t.Fatalf("SyncDir after ClearRules: %v", err)
	}
	if fs.Injected() != 3 {
		t.Errorf("Injected = %d, want 3", fs.Injected())
	}
}

func TestPathSuffixAndMatch(t *testing.T) {
	mem := vfs.NewMem()
	fs := errorfs.Wrap(mem)
	logSync := fs.AddRule(errorfs.Rule{Ops: errorfs.OpSync | errorfs.OpRename, PathSuffix: ".log"})
	bigWrite := fs.AddRule(errorfs.Rule{
		Ops:   errorfs.OpWrite,
		Match: func(op errorfs.Op) bool { return op.Len > 4 },
	})
	log, err := fs.Create("dir/../wal.log")
	if err != nil {
		t.Fatal(err)
	}
	data, err := fs.Create("data")
	if err != nil {
		t.Fatal(err)
	}
	wantInjected(t, log.Sync(), syscall.EIO, "sync", "dir/../wal.log")
	if err := data.Sync(); err != nil {
		t.Errorf("Sync of a file the rule does not name: %v", err)
	}
	wantInjected(t, fs.Rename("data", "old.log"), syscall.EIO, "rename", "data")
	if _, err := data.WriteAt([]byte("1234"), 0); err != nil {
		t.Errorf("small write: %v", err)
	}
	_, err = data.WriteAt([]byte("12345"), 0)
	wantInjected(t, err, syscall.EIO, "write", "data")
	if logSync.Injected() != 2 || bigWrite.Matched() != 1 {
		t.Errorf("log rule injected %d, write rule matched %d; want 2 and 1",
			logSync.Injected(), bigWrite.Matched())
	}
	if names, _ := mem.List("."); !slices.Equal(names, []string{"data", "wal.log"}) {
		t.Errorf("the failed rename reached the file system: %q", names)
	}
}

func TestShortWrite(t *testing.T) {
	mem := vfs.NewMem()
	fs := errorfs.Wrap(mem, errorfs.Rule{
		Ops:        errorfs.OpWrite,
		When:       errorfs.OnNth(2),
		Err:        errorfs.ErrInjectedNoSpace,
		ShortWrite: func(n int) int { return 3 },
	})
	f, err := fs.Create("f")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteAt([]byte("head"), 0); err != nil {
		t.Fatal(err)
	}
	n, err := f.WriteAt([]byte("abcdefgh"), 4)
	if n != 3 {
		t.Errorf("short write returned n = %d, want 3", n)
	}
	wantInjected(t, err, syscall.ENOSPC, "write", "f")
	if got := contents(t, mem, "f"); got != "headabc" {
		t.Errorf("file = %q, want the prefix written: %q", got, "headabc")
	}
}

func TestRandomShortWrites(t *testing.T) {
	seed := testSeed(t)
	r := rand.New(rand.NewPCG(seed, seed))
	mem := vfs.NewMem()
	fs := errorfs.Wrap(mem, errorfs.Rule{
		Ops:        errorfs.OpWrite,
		Err:        errorfs.ErrInjectedNoSpace,
		ShortWrite: errorfs.RandomPrefix(r),
	})
	f, err := fs.Create("f")
	if err != nil {
		t.Fatal(err)
	}
	const data = "0123456789"
	for range 20 {
		n, err := f.WriteAt([]byte(data), 0)
		if err == nil || n < 0 || n > len(data) {
			t.Fatalf("WriteAt = %d, %v; want a short write and ENOSPC", n, err)
		}
		if got := contents(t, mem, "f"); got[:n] != data[:n] {
			t.Fatalf("after a short write of %d bytes the file starts %q", n, got)
		}
	}
}

func TestRandomlyReplaysFromSeed(t *testing.T) {
	seed := testSeed(t)
	run := func(p float64) []int {
		fs := errorfs.Wrap(vfs.NewMem(), errorfs.Rule{
			Ops:  errorfs.OpStat,
			When: errorfs.Randomly(p, rand.New(rand.NewPCG(seed, 1))),
		})
		var failed []int
		for i := range 200 {
			if _, err := fs.Stat("."); err != nil {
				failed = append(failed, i)
			}
		}
		return failed
	}
	first, second := run(0.3), run(0.3)
	if !slices.Equal(first, second) {
		t.Errorf("the same seed failed ops %v, then %v", first, second)
	}
	if len(first) == 0 || len(first) == 200 {
		t.Errorf("p = 0.3 failed %d of 200 ops", len(first))
	}
	if n := len(run(0)); n != 0 {
		t.Errorf("p = 0 failed %d ops", n)
	}
	if n := len(run(1)); n != 200 {
		t.Errorf("p = 1 failed %d of 200 ops", n)
	}
}

// TestEveryKindCanFail fails each kind of operation in turn and checks that the failure names
// it and that the operation did not reach the wrapped file system.
func TestEveryKindCanFail(t *testing.T) {
	tests := []struct {
		kind errorfs.OpKind
		path string
		call func(fs vfs.FS, f vfs.File) error
		// after, if not nil, checks that the failed call left mem alone.
		after func(t *testing.T, mem *vfs.MemFS)
	}{
		{errorfs.OpCreate, "new", func(fs vfs.FS, _ vfs.File) error { _, err := fs.Create("new"); return err },
			func(t *testing.T, mem *vfs.MemFS) { wantMissing(t, mem, "new") }},
		{errorfs.OpOpen, "f", func(fs vfs.FS, _ vfs.File) error { _, err := fs.Open("f"); return err }, nil},
		{errorfs.OpOpenReadWrite, "new", func(fs vfs.FS, _ vfs.File) error { _, err := fs.OpenReadWrite("new"); return err },
			func(t *testing.T, mem *vfs.MemFS) { wantMissing(t, mem, "new") }},
		{errorfs.OpRename, "f", func(fs vfs.FS, _ vfs.File) error { return fs.Rename("f", "g") },
			func(t *testing.T, mem *vfs.MemFS) { wantMissing(t, mem, "g") }},
		{errorfs.OpRemove, "f", func(fs vfs.FS, _ vfs.File) error { return fs.Remove("f") },
			func(t *testing.T, mem *vfs.MemFS) {
				if _, err := mem.Stat("f"); err != nil {
					t.Error(err)
				}
			}},
		{errorfs.OpMkdirAll, "d", func(fs vfs.FS, _ vfs.File) error { return fs.MkdirAll("d", 0o755) },
			func(t *testing.T, mem *vfs.MemFS) { wantMissing(t, mem, "d") }},
		{errorfs.OpList, ".", func(fs vfs.FS, _ vfs.File) error { _, err := fs.List("."); return err }, nil},
		{errorfs.OpStat, "f", func(fs vfs.FS, _ vfs.File) error { _, err := fs.Stat("f"); return err }, nil},
		{errorfs.OpSyncDir, ".", func(fs vfs.FS, _ vfs.File) error { return fs.SyncDir(".") },
			func(t *testing.T, mem *vfs.MemFS) { wantMissing(t, mem.CrashClone(vfs.CrashOptions{}), "f") }},
		{errorfs.OpRead, "f", func(_ vfs.FS, f vfs.File) error { _, err := f.ReadAt(make([]byte, 1), 0); return err }, nil},
		{errorfs.OpWrite, "f", func(_ vfs.FS, f vfs.File) error { _, err := f.WriteAt([]byte("x"), 0); return err },
			func(t *testing.T, mem *vfs.MemFS) {
				if got := contents(t, mem, "f"); got != "data" {
					t.Errorf("f = %q, want %q", got, "data")
				}
			}},
		{errorfs.OpTruncate, "f", func(_ vfs.FS, f vfs.File) error { return f.Truncate(0) },
			func(t *testing.T, mem *vfs.MemFS) {
				if got := contents(t, mem, "f"); got != "data" {
					t.Errorf("f = %q, want %q", got, "data")
				}
			}},
		{errorfs.OpSync, "f", func(_ vfs.FS, f vfs.File) error { return f.Sync() },
			func(t *testing.T, mem *vfs.MemFS) {
				if err := mem.SyncDir("."); err != nil {
					t.Fatal(err)
				}
				if got := contents(t, mem.CrashClone(vfs.CrashOptions{}), "f"); got != "" {
					t.Errorf("after a failed Sync a crash left f = %q, want it empty", got)
				}
			}},
		{errorfs.OpSize, "f", func(_ vfs.FS, f vfs.File) error { _, err := f.Size(); return err }, nil},
		{errorfs.OpClose, "f", func(_ vfs.FS, f vfs.File) error { return f.Close() },
			func(t *testing.T, mem *vfs.MemFS) {}},
	}
	for _, tt := range tests {
		t.Run(tt.kind.String(), func(t *testing.T) {
			mem := vfs.NewMem()
			fs := errorfs.Wrap(mem)
			f, err := fs.Create("f")
			if err != nil {
				t.Fatal(err)
			}
			if _, err := f.WriteAt([]byte("data"), 0); err != nil {
				t.Fatal(err)
			}
			// Every kind but this one is let through: the rule for all others never fires.
			fs.AddRule(errorfs.Rule{Ops: errorfs.OpAny &^ tt.kind, When: func(int64) bool { return false }})
			inj := fs.AddRule(errorfs.Rule{Ops: tt.kind})
			wantInjected(t, tt.call(fs, f), syscall.EIO, tt.kind.String(), tt.path)
			if inj.Injected() != 1 {
				t.Errorf("Injected = %d, want 1", inj.Injected())
			}
			if tt.after != nil {
				tt.after(t, mem)
			}
			if tt.kind == errorfs.OpClose {
				inj.Remove()
				if err := f.Close(); !errors.Is(err, os.ErrClosed) {
					t.Errorf("Close after a failed Close: got %v, want os.ErrClosed from the wrapped file", err)
				}
			}
		})
	}
}

func wantMissing(t *testing.T, fs vfs.FS, name string) {
	t.Helper()
	if _, err := fs.Stat(name); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Stat(%s) = %v, want os.ErrNotExist", name, err)
	}
}

func TestRuleErrors(t *testing.T) {
	fs := errorfs.Wrap(vfs.NewMem())
	first := fs.AddRule(errorfs.Rule{Ops: errorfs.OpStat, Err: syscall.EROFS})
	second := fs.AddRule(errorfs.Rule{Ops: errorfs.OpStat | errorfs.OpList})
	_, err := fs.Stat(".")
	wantInjected(t, err, syscall.EROFS, "stat", ".")
	_, err = fs.List(".")
	wantInjected(t, err, syscall.EIO, "list", ".")
	if first.Injected() != 1 || second.Injected() != 1 || second.Matched() != 2 {
		t.Errorf("first injected %d; second injected %d of %d matched; want 1, 1 of 2: "+
			"the first rule wins an op both fire on, and both count it",
			first.Injected(), second.Injected(), second.Matched())
	}
	first.Remove()
	_, err = fs.Stat(".")
	wantInjected(t, err, syscall.EIO, "stat", ".")
	if first.Matched() != 1 {
		t.Errorf("a removed rule kept matching: %d", first.Matched())
	}

	defer func() {
		if recover() == nil {
			t.Error("AddRule of a rule with no Ops did not panic")
		}
	}()
	fs.AddRule(errorfs.Rule{})
}

func TestOpKindString(t *testing.T) {
	for kind, want := range map[errorfs.OpKind]string{
		errorfs.OpWrite:                    "write",
		errorfs.OpWrite | errorfs.OpSync:   "write|sync",
		errorfs.OpCreate | errorfs.OpClose: "create|close",
		0:                                  "none",
	} {
		if got := kind.String(); got != want {
			t.Errorf("%d.String() = %q, want %q", uint32(kind), got, want)
		}
	}
}

// TestConcurrentInjection writes from many goroutines while rules come and go, and checks that
// an OnNth rule still fails exactly one write. Run it with -race.
func TestConcurrentInjection(t *testing.T) {
	const writers, writes = 8, 100
	fs := errorfs.Wrap(vfs.NewMem())
	once := fs.AddRule(errorfs.Rule{Ops: errorfs.OpWrite, When: errorfs.OnNth(writers * writes / 2)})
	var failures sync.Map
	var wg sync.WaitGroup
	for w := range writers {
		f, err := fs.Create(fmt.Sprint(w))
		if err != nil {
			t.Fatal(err)
		}
		wg.Go(func() {
			for i := range writes {
				if _, err := f.WriteAt([]byte{1}, int64(i)); err != nil {
					if !errors.Is(err, errorfs.ErrInjected) {
						t.Error(err)
					}
					failures.Store(fmt.Sprint(w, i), true)
				}
				if err := f.Sync(); err != nil && !errors.Is(err, errorfs.ErrInjected) {
					t.Error(err)
				}
			}
		})
	}
	wg.Go(func() {
		for range 100 {
			fs.AddRule(errorfs.Rule{Ops: errorfs.OpSync, When: errorfs.OnNth(1)}).Remove()
		}
	})
	wg.Wait()
	n := 0
	failures.Range(func(any, any) bool { n++; return true })
	if n != 1 || once.Injected() != 1 || once.Matched() != writers*writes {
		t.Errorf("%d writes failed; the rule injected %d and matched %d; want 1, 1, %d",
			n, once.Injected(), once.Matched(), writers*writes)
	}
}
