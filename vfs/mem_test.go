package vfs_test

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/wardenft/warden/vfs"
)

var seedFlag = flag.Uint64("seed", 0, "seed of the randomized tests; 0 picks one from the clock")

// testSeed returns the seed a randomized test runs with and logs it, so that a failure replays
// with -seed.
func testSeed(t *testing.T) uint64 {
	t.Helper()
	seed := *seedFlag
	if seed == 0 {
		seed = uint64(time.Now().UnixNano())
	}
	t.Logf("seed %d (replay with -seed=%d)", seed, seed)
	return seed
}

func newRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)) }

func create(t *testing.T, fs vfs.FS, name string) vfs.File {
	t.Helper()
	f, err := fs.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func writeAt(t *testing.T, f vfs.File, off int64, s string) {
	t.Helper()
	if n, err := f.WriteAt([]byte(s), off); err != nil || n != len(s) {
		t.Fatalf("WriteAt(%q, %d) = %d, %v", s, off, n, err)
	}
}

func syncFile(t *testing.T, f vfs.File) {
	t.Helper()
	if err := f.Sync(); err != nil {
		t.Fatal(err)
	}
}

func syncDir(t *testing.T, fs vfs.FS, dir string) {
	t.Helper()
	if err := fs.SyncDir(dir); err != nil {
		t.Fatal(err)
	}
}

// contents returns the whole of the named file, or ok false if it does not exist.
func contents(t *testing.T, fs vfs.FS, name string) (data string, ok bool) {
	t.Helper()
	f, err := fs.Open(name)
	if errors.Is(err, os.ErrNotExist) {
		return "", false
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	size, err := f.Size()
	if err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, size)
	if n, err := f.ReadAt(buf, 0); n != len(buf) || (err != nil && err != io.EOF) {
		t.Fatalf("ReadAt %s: %d of %d bytes, %v", name, n, len(buf), err)
	}
	return string(buf), true
}

func wantContents(t *testing.T, fs vfs.FS, name, want string) {
	t.Helper()
	if got, ok := contents(t, fs, name); !ok {
		t.Errorf("%s does not exist, want %q", name, want)
	} else if got != want {
		t.Errorf("%s = %q, want %q", name, got, want)
	}
}

func wantMissing(t *testing.T, fs vfs.FS, name string) {
	t.Helper()
	if got, ok := contents(t, fs, name); ok {
		t.Errorf("%s exists with %q, want it missing", name, got)
	}
}

// TestSemanticsMatchOS runs the same calls against the operating system and a MemFS, so that
// MemFS does not drift from what the code under test meets in production.
func TestSemanticsMatchOS(t *testing.T) {
	t.Run("os", func(t *testing.T) { checkSemantics(t, vfs.Default, t.TempDir()) })
	t.Run("mem", func(t *testing.T) {
		fs := vfs.NewMem()
		if err := fs.MkdirAll("/data", 0o755); err != nil {
			t.Fatal(err)
		}
		checkSemantics(t, fs, "/data")
	})
}

func checkSemantics(t *testing.T, fs vfs.FS, dir string) {
	p := func(name string) string { return filepath.Join(dir, name) }
	wantNotExist := func(what string, err error) {
		t.Helper()
		var pe *os.PathError
		if !errors.Is(err, os.ErrNotExist) || !errors.As(err, &pe) {
			t.Errorf("%s: got %v, want an *os.PathError for which errors.Is(err, os.ErrNotExist)", what, err)
		}
	}

	_, err := fs.Open(p("missing"))
	wantNotExist("Open of a missing file", err)
	_, err = fs.Stat(p("missing"))
	wantNotExist("Stat of a missing file", err)
	_, err = fs.Create(p("nodir/f"))
	wantNotExist("Create in a missing directory", err)
	wantNotExist("Remove of a missing file", fs.Remove(p("missing")))
	_, err = fs.List(p("nodir"))
	wantNotExist("List of a missing directory", err)
	if err := fs.Rename(p("missing"), p("other")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Rename of a missing file: got %v, want os.ErrNotExist", err)
	}

	f := create(t, fs, p("f"))
	writeAt(t, f, 0, "hello")
	writeAt(t, f, 10, "world")
	if size, err := f.Size(); size != 15 || err != nil {
		t.Errorf("Size after writing past the end = %d, %v; want 15", size, err)
	}
	buf := make([]byte, 20)
	if n, err := f.ReadAt(buf, 0); n != 15 || err != io.EOF {
		t.Errorf("ReadAt over the end = %d, %v; want 15, io.EOF", n, err)
	}
	if want := "hello\x00\x00\x00\x00\x00world"; string(buf[:15]) != want {
		t.Errorf("read %q, want %q: a gap reads as zeros", buf[:15], want)
	}
	if n, err := f.ReadAt(buf, 15); n != 0 || err != io.EOF {
		t.Errorf("ReadAt at the end = %d, %v; want 0, io.EOF", n, err)
	}
	if n, err := f.ReadAt(buf[:5], 10); n != 5 || err != nil {
		t.Errorf("ReadAt of the last 5 bytes = %d, %v; want 5, nil", n, err)
	}
	if err := f.Truncate(3); err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(6); err != nil {
		t.Fatal(err)
	}
	syncFile(t, f)
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	wantContents(t, fs, p("f"), "hel\x00\x00\x00")
	if _, err := f.WriteAt([]byte("x"), 0); !errors.Is(err, os.ErrClosed) {
		t.Errorf("WriteAt after Close: got %v, want os.ErrClosed", err)
	}
	if _, err := f.ReadAt(buf, 0); !errors.Is(err, os.ErrClosed) {
		t.Errorf("ReadAt after Close: got %v, want os.ErrClosed", err)
	}
	if err := f.Close(); !errors.Is(err, os.ErrClosed) {
		t.Errorf("second Close: got %v, want os.ErrClosed", err)
	}

	ro, err := fs.Open(p("f"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ro.WriteAt([]byte("x"), 0); err == nil {
		t.Error("WriteAt on a file from Open succeeded")
	}
	if err := ro.Truncate(0); err == nil {
		t.Error("Truncate on a file from Open succeeded")
	}
	ro.Close()

	rw, err := fs.OpenReadWrite(p("f"))
	if err != nil {
		t.Fatal(err)
	}
	writeAt(t, rw, 0, "H")
	rw.Close()
	wantContents(t, fs, p("f"), "Hel\x00\x00\x00")
	rw, err = fs.OpenReadWrite(p("g"))
	if err != nil {
		t.Fatal(err)
	}
	rw.Close()
	wantContents(t, fs, p("g"), "")
	create(t, fs, p("f")).Close()
	wantContents(t, fs, p("f"), "")

	writeAt(t, create(t, fs, p("new")), 0, "new")
	if err := fs.Rename(p("new"), p("f")); err != nil {
		t.Fatal(err)
	}
	wantContents(t, fs, p("f"), "new")
	wantMissing(t, fs, p("new"))

	if err := fs.MkdirAll(p("sub/deeper"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := fs.MkdirAll(p("sub/deeper"), 0o755); err != nil {
		t.Errorf("MkdirAll of an existing directory: %v", err)
	}
	if err := fs.MkdirAll(p("f/sub"), 0o755); err == nil {
		t.Error("MkdirAll through a file succeeded")
	}
	if names, err := fs.List(dir); err != nil || !slices.Equal(names, []string{"f", "g", "sub"}) {
		t.Errorf("List = %q, %v; want [f g sub]", names, err)
	}
	if fi, err := fs.Stat(p("sub")); err != nil || !fi.IsDir() || fi.Name() != "sub" {
		t.Errorf("Stat of a directory = %v, %v", fi, err)
	}
	if fi, err := fs.Stat(p("f")); err != nil || fi.IsDir() || fi.Size() != 3 || fi.Name() != "f" {
		t.Errorf("Stat of a file = %v, %v", fi, err)
	}
	if err := fs.Remove(p("sub")); err == nil {
		t.Error("Remove of a non-empty directory succeeded")
	}
	if err := fs.Remove(p("sub/deeper")); err != nil {
		t.Error(err)
	}
	if err := fs.Remove(p("g")); err != nil {
		t.Error(err)
	}
	wantMissing(t, fs, p("g"))
	syncDir(t, fs, dir)
	syncDir(t, fs, p("sub"))
}

func TestMemErrors(t *testing.T) {
	fs := vfs.NewMem()
	f := create(t, fs, "f")
	f.Close()
	if err := f.Sync(); !errors.Is(err, os.ErrClosed) {
		t.Errorf("Sync after Close: got %v, want os.ErrClosed", err)
	}
	if _, err := f.Size(); !errors.Is(err, os.ErrClosed) {
		t.Errorf("Size after Close: got %v, want os.ErrClosed", err)
	}
	if err := f.Truncate(0); !errors.Is(err, os.ErrClosed) {
		t.Errorf("Truncate after Close: got %v, want os.ErrClosed", err)
	}
	ro, _ := fs.Open("f")
	if _, err := ro.WriteAt([]byte("x"), 0); !errors.Is(err, syscall.EBADF) {
		t.Errorf("WriteAt on a file from Open: got %v, want EBADF", err)
	}
	if _, err := fs.Open("../f"); err == nil {
		t.Error("Open above the root succeeded")
	}
	if err := fs.SyncDir("missing"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("SyncDir of a missing directory: got %v, want os.ErrNotExist", err)
	}
	if err := fs.MkdirAll("d/e", 0o755); err != nil {
		t.Fatal(err)
	}
	if err := fs.Rename("d", "d/e/x"); err == nil {
		t.Error("renaming a directory into itself succeeded")
	}
	if _, err := fs.Create("d"); !errors.Is(err, syscall.EISDIR) {
		t.Errorf("Create over a directory: got %v, want EISDIR", err)
	}
	// Paths are cleaned, and relative and absolute paths are separate trees.
	writeAt(t, create(t, fs, "./d/../d/e/x"), 0, "x")
	wantContents(t, fs, "d/e/x", "x")
	wantMissing(t, fs, "/d/e/x")
}

func TestMemRemovedFileStaysOpen(t *testing.T) {
	fs := vfs.NewMem()
	f := create(t, fs, "f")
	writeAt(t, f, 0, "abc")
	if err := fs.Remove("f"); err != nil {
		t.Fatal(err)
	}
	writeAt(t, f, 3, "def")
	buf := make([]byte, 6)
	if n, err := f.ReadAt(buf, 0); n != 6 || err != nil || string(buf) != "abcdef" {
		t.Errorf("ReadAt of a removed file = %d, %v, %q", n, err, buf)
	}
	wantMissing(t, fs, "f")
}

func TestCrashKeepsOnlySyncedData(t *testing.T) {
	fs := vfs.NewMem()
	f := create(t, fs, "f")
	syncDir(t, fs, ".")
	writeAt(t, f, 0, "synced")
	syncFile(t, f)
	writeAt(t, f, 6, " and not")
	writeAt(t, f, 0, "S")

	crashed := fs.CrashClone(vfs.CrashOptions{})
	wantContents(t, crashed, "f", "synced")
	wantContents(t, fs, "f", "Synced and not") // the original is untouched

	if err := f.Truncate(2); err != nil {
		t.Fatal(err)
	}
	wantContents(t, fs.CrashClone(vfs.CrashOptions{}), "f", "synced")
	syncFile(t, f)
	wantContents(t, fs.CrashClone(vfs.CrashOptions{}), "f", "Sy")

	// The clone is independent of the original and of other clones.
	g, err := crashed.OpenReadWrite("f")
	if err != nil {
		t.Fatal(err)
	}
	writeAt(t, g, 0, "CLONE")
	wantContents(t, fs, "f", "Sy")
	wantContents(t, crashed, "f", "CLONEd")
}

func TestCrashNamespace(t *testing.T) {
	tests := []struct {
		name    string
		history func(t *testing.T, fs *vfs.MemFS)
		present map[string]string // path to contents
		missing []string
	}{{
		name: "create without SyncDir is lost",
		history: func(t *testing.T, fs *vfs.MemFS) {
			f := create(t, fs, "f")
			writeAt(t, f, 0, "data")
			syncFile(t, f)
		},
		missing: []string{"f"},
	}, {
		name: "create with SyncDir survives",
		history: func(t *testing.T, fs *vfs.MemFS) {
			f := create(t, fs, "f")
			writeAt(t, f, 0, "data")
			syncFile(t, f)
			syncDir(t, fs, ".")
		},
		present: map[string]string{"f": "data"},
	}, {
		name: "rename without SyncDir is lost",
		history: func(t *testing.T, fs *vfs.MemFS) {
			f := create(t, fs, "tmp")
			writeAt(t, f, 0, "data")
			syncFile(t, f)
			syncDir(t, fs, ".")
			if err := fs.Rename("tmp", "final"); err != nil {
				t.Fatal(err)
			}
		},
		present: map[string]string{"tmp": "data"},
		missing: []string{"final"},
	}, {
		name: "rename with SyncDir survives",
		history: func(t *testing.T, fs *vfs.MemFS) {
			f := create(t, fs, "tmp")
			writeAt(t, f, 0, "data")
			syncFile(t, f)
			syncDir(t, fs, ".")
			if err := fs.Rename("tmp", "final"); err != nil {
				t.Fatal(err)
			}
			syncDir(t, fs, ".")
		},
		present: map[string]string{"final": "data"},
		missing: []string{"tmp"},
	}, {
		name: "remove without SyncDir is undone",
		history: func(t *testing.T, fs *vfs.MemFS) {
			f := create(t, fs, "f")
			writeAt(t, f, 0, "data")
			syncFile(t, f)
			syncDir(t, fs, ".")
			if err := fs.Remove("f"); err != nil {
				t.Fatal(err)
			}
		},
		present: map[string]string{"f": "data"},
	}, {
		name: "MkdirAll needs SyncDir of each parent",
		history: func(t *testing.T, fs *vfs.MemFS) {
			if err := fs.MkdirAll("a/b", 0o755); err != nil {
				t.Fatal(err)
			}
			create(t, fs, "a/b/f").Close()
			syncDir(t, fs, "a/b")
			syncDir(t, fs, "a") // but not "."
		},
		missing: []string{"a/b/f"},
	}, {
		name: "rename across directories synced at the target only",
		history: func(t *testing.T, fs *vfs.MemFS) {
			if err := fs.MkdirAll("a", 0o755); err != nil {
				t.Fatal(err)
			}
			if err := fs.MkdirAll("b", 0o755); err != nil {
				t.Fatal(err)
			}
			f := create(t, fs, "a/f")
			writeAt(t, f, 0, "data")
			syncFile(t, f)
			syncDir(t, fs, "a")
			syncDir(t, fs, ".")
			if err := fs.Rename("a/f", "b/f"); err != nil {
				t.Fatal(err)
			}
			syncDir(t, fs, "b")
		},
		// The removal from a is not durable yet, so the file has both names.
		present: map[string]string{"a/f": "data", "b/f": "data"},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := vfs.NewMem()
			tt.history(t, fs)
			crashed := fs.CrashClone(vfs.CrashOptions{})
			for name, want := range tt.present {
				wantContents(t, crashed, name, want)
			}
			for _, name := range tt.missing {
				wantMissing(t, crashed, name)
			}
		})
	}
}

func TestCrashKeepUnsynced(t *testing.T) {
	fs := vfs.NewMem()
	if err := fs.MkdirAll("dir", 0o755); err != nil {
		t.Fatal(err)
	}
	f := create(t, fs, "dir/f")
	writeAt(t, f, 0, "unsynced")
	g := create(t, fs, "g")
	writeAt(t, g, 0, "half")
	syncFile(t, g)
	writeAt(t, g, 4, " synced")
	if err := fs.Rename("g", "h"); err != nil {
		t.Fatal(err)
	}

	killed := fs.CrashClone(vfs.CrashOptions{KeepUnsynced: true})
	wantContents(t, killed, "dir/f", "unsynced")
	wantContents(t, killed, "h", "half synced")
	wantMissing(t, killed, "g")

	// The page cache survived the process, but it is still not on disk.
	powerLost := killed.CrashClone(vfs.CrashOptions{})
	wantMissing(t, powerLost, "dir/f")
	wantMissing(t, powerLost, "h")
	wantMissing(t, powerLost, "g")

	// A clone is deep: writing to it does not show in the original.
	k, err := killed.OpenReadWrite("h")
	if err != nil {
		t.Fatal(err)
	}
	writeAt(t, k, 0, "H")
	wantContents(t, fs, "h", "half synced")
}

// TestCrashTornWriteEveryPrefix checks that, across seeds, a crash keeps every prefix of the
// last unsynced write, from none of it to all of it.
func TestCrashTornWriteEveryPrefix(t *testing.T) {
	const synced, unsynced = "0123", "abcdefgh"
	fs := vfs.NewMem()
	f := create(t, fs, "f")
	syncDir(t, fs, ".")
	writeAt(t, f, 0, synced)
	syncFile(t, f)
	writeAt(t, f, int64(len(synced)), unsynced)

	seen := make(map[int]bool)
	for seed := uint64(1); seed <= 500 && len(seen) < len(unsynced)+1; seed++ {
		got, _ := contents(t, fs.CrashClone(vfs.CrashOptions{Rand: newRand(seed)}), "f")
		kept := len(got) - len(synced)
		if kept < 0 || got != synced+unsynced[:kept] {
			t.Fatalf("seed %d: crash left %q, want %q plus a prefix of %q", seed, got, synced, unsynced)
		}
		seen[kept] = true
	}
	for n := 0; n <= len(unsynced); n++ {
		if !seen[n] {
			t.Errorf("no seed in 1..500 kept exactly %d bytes of the unsynced write", n)
		}
	}
}

// refFile is the reference model of one file for TestCrashMatchesReference: its synced contents
// and the unsynced operations, replayed the slow and obvious way.
type refFile struct {
	synced []byte
	ops    []refOp
}

type refOp struct {
	truncate bool
	off      int64
	data     []byte
	size     int64
}

func (op refOp) apply(b []byte) []byte {
	if op.truncate {
		for int64(len(b)) < op.size {
			b = append(b, 0)
		}
		return b[:op.size]
	}
	for int64(len(b)) < op.off+int64(len(op.data)) {
		b = append(b, 0)
	}
	copy(b[op.off:], op.data)
	return b
}

// outcomes returns every contents a crash may leave the file with.
func (rf *refFile) outcomes() map[string]bool {
	out := map[string]bool{string(rf.synced): true}
	for k := 1; k <= len(rf.ops); k++ {
		base := slices.Clone(rf.synced)
		for _, op := range rf.ops[:k-1] {
			base = op.apply(base)
		}
		last := rf.ops[k-1]
		if last.truncate {
			out[string(last.apply(base))] = true
			continue
		}
		for n := 0; n <= len(last.data); n++ {
			torn := last
			torn.data = last.data[:n]
			if n == 0 {
				out[string(base)] = true
				continue
			}
			out[string(torn.apply(slices.Clone(base)))] = true
		}
	}
	return out
}

func (rf *refFile) current() []byte {
	b := slices.Clone(rf.synced)
	for _, op := range rf.ops {
		b = op.apply(b)
	}
	return b
}

// TestCrashMatchesReference runs random histories of writes, truncates and syncs and checks
// every crash against a naive model of what the contract allows.
func TestCrashMatchesReference(t *testing.T) {
	seed := testSeed(t)
	r := newRand(seed)
	for round := range 50 {
		fs := vfs.NewMem()
		names := []string{"a", "b", "c"}
		files := make([]vfs.File, len(names))
		refs := make([]*refFile, len(names))
		for i, name := range names {
			files[i] = create(t, fs, name)
			refs[i] = &refFile{}
		}
		syncDir(t, fs, ".")
		for step := range 40 {
			i := r.IntN(len(names))
			switch x := r.IntN(10); {
			case x < 6:
				data := make([]byte, 1+r.IntN(8))
				for j := range data {
					data[j] = byte('a' + r.IntN(26))
				}
				off := int64(r.IntN(24))
				writeAt(t, files[i], off, string(data))
				refs[i].ops = append(refs[i].ops, refOp{off: off, data: data})
			case x < 8:
				size := int64(r.IntN(24))
				if err := files[i].Truncate(size); err != nil {
					t.Fatal(err)
				}
				refs[i].ops = append(refs[i].ops, refOp{truncate: true, size: size})
			default:
				syncFile(t, files[i])
				refs[i].synced, refs[i].ops = refs[i].current(), nil
			}

			cloneSeed := r.Uint64()
			crashed := fs.CrashClone(vfs.CrashOptions{Rand: newRand(cloneSeed)})
			again := fs.CrashClone(vfs.CrashOptions{Rand: newRand(cloneSeed)})
			clean := fs.CrashClone(vfs.CrashOptions{})
			killed := fs.CrashClone(vfs.CrashOptions{KeepUnsynced: true})
			for j, name := range names {
				got, _ := contents(t, crashed, name)
				if !refs[j].outcomes()[got] {
					t.Fatalf("round %d step %d: crash left %s = %q, which the model does not allow (synced %q, ops %v)",
						round, step, name, got, refs[j].synced, refs[j].ops)
				}
				if replay, _ := contents(t, again, name); replay != got {
					t.Fatalf("round %d step %d: the same seed left %s = %q, then %q", round, step, name, got, replay)
				}
				wantContents(t, clean, name, string(refs[j].synced))
				wantContents(t, killed, name, string(refs[j].current()))
			}
		}
	}
}

// TestCrashKeepsUnsyncedEntriesInOrder checks that with a Rand a crash keeps a prefix, in
// order, of the namespace changes not made durable, and that across seeds it keeps each one.
func TestCrashKeepsUnsyncedEntriesInOrder(t *testing.T) {
	fs := vfs.NewMem()
	for _, name := range []string{"1", "2", "3"} {
		create(t, fs, name).Close()
	}
	seen := make(map[string]bool)
	for seed := uint64(1); seed <= 200; seed++ {
		names, err := fs.CrashClone(vfs.CrashOptions{Rand: newRand(seed)}).List(".")
		if err != nil {
			t.Fatal(err)
		}
		got := fmt.Sprint(names)
		if !slices.Contains([]string{"[]", "[1]", "[1 2]", "[1 2 3]"}, got) {
			t.Fatalf("seed %d: crash kept %s, not a prefix of the creations", seed, got)
		}
		seen[got] = true
	}
	if len(seen) != 4 {
		t.Errorf("across 200 seeds the crashes kept only %v", seen)
	}
}

func TestOpHookSeesEveryOp(t *testing.T) {
	fs := vfs.NewMem()
	var got []string
	fs.SetOpHook(func(op vfs.Op) { got = append(got, op.String()) })

	if err := fs.MkdirAll("d", 0o755); err != nil {
		t.Fatal(err)
	}
	f := create(t, fs, "d/tmp")
	writeAt(t, f, 0, "hello")
	if err := f.Truncate(4); err != nil {
		t.Fatal(err)
	}
	syncFile(t, f)
	f.Close()
	if err := fs.Rename("d/tmp", "d/final"); err != nil {
		t.Fatal(err)
	}
	syncDir(t, fs, "d")
	rw, err := fs.OpenReadWrite("d/final") // exists: no op
	if err != nil {
		t.Fatal(err)
	}
	rw.Close()
	rw, err = fs.OpenReadWrite("d/new") // creates
	if err != nil {
		t.Fatal(err)
	}
	rw.Close()
	if _, err := fs.Open("d/final"); err != nil {
		t.Fatal(err)
	}
	if err := fs.Remove("d/missing"); err == nil { // fails: no op
		t.Fatal("Remove of a missing file succeeded")
	}
	if err := fs.Remove("d/new"); err != nil {
		t.Fatal(err)
	}
	fs.SetOpHook(nil)
	syncDir(t, fs, "d")

	want := []string{
		"mkdirall d",
		"create d/tmp",
		"write d/tmp off=0 len=5",
		"truncate d/tmp size=4",
		"sync d/tmp",
		"rename d/tmp d/final",
		"syncdir d",
		"create d/new",
		"remove d/new",
	}
	if !slices.Equal(got, want) {
		t.Errorf("hook saw\n%q\nwant\n%q", got, want)
	}
}

// replaceFile writes data to name through a temporary file and a rename. With careless set it
// forgets the Sync before the rename, the classic bug.
func replaceFile(t *testing.T, fs vfs.FS, name, data string, careless bool) {
	tmp := name + ".tmp"
	f := create(t, fs, tmp)
	writeAt(t, f, 0, data)
	if !careless {
		syncFile(t, f)
	}
	f.Close()
	if err := fs.Rename(tmp, name); err != nil {
		t.Fatal(err)
	}
	syncDir(t, fs, filepath.Dir(name))
}

// TestCrashAtEveryPoint crashes after every operation of an atomic file replacement, from the
// hook, and checks that the file then holds the old or the new contents and nothing else; and
// that the same enumeration catches the replacement that forgets to sync.
func TestCrashAtEveryPoint(t *testing.T) {
	const oldData, newData = "old contents", "new contents"
	seed := testSeed(t)
	for _, careless := range []bool{false, true} {
		fs := vfs.NewMem()
		replaceFile(t, fs, "f", oldData, false)
		r := newRand(seed)
		var crashes []*vfs.MemFS
		fs.SetOpHook(func(op vfs.Op) {
			crashes = append(crashes,
				fs.CrashClone(vfs.CrashOptions{}),
				fs.CrashClone(vfs.CrashOptions{Rand: r}),
				fs.CrashClone(vfs.CrashOptions{KeepUnsynced: true}))
		})
		replaceFile(t, fs, "f", newData, careless)
		fs.SetOpHook(nil)

		ops := 5 // create, write, sync, rename, syncdir
		if careless {
			ops = 4
		}
		if len(crashes) != 3*ops {
			t.Fatalf("the hook took %d crash clones, want 3 for each of %d operations", len(crashes), ops)
		}
		bad := 0
		for i, crashed := range crashes {
			got, ok := contents(t, crashed, "f")
			if !ok || (got != oldData && got != newData) {
				bad++
				if !careless {
					t.Errorf("crash %d: f = %q (exists %v), want %q or %q", i, got, ok, oldData, newData)
				}
			}
		}
		if careless && bad == 0 {
			t.Error("no crash point caught the rename of an unsynced file")
		}
	}
}

func TestMemConcurrent(t *testing.T) {
	const writers, writes = 4, 200
	fs := vfs.NewMem()
	if err := fs.MkdirAll("d", 0o755); err != nil {
		t.Fatal(err)
	}
	var hooked atomic.Int64
	fs.SetOpHook(func(op vfs.Op) { hooked.Add(1) })

	var writersDone, others sync.WaitGroup
	done := make(chan struct{})
	for w := range writers {
		name := fmt.Sprintf("d/%d", w)
		f := create(t, fs, name)
		writersDone.Go(func() {
			record := bytes.Repeat([]byte{byte('a' + w)}, 8)
			for i := range writes {
				if _, err := f.WriteAt(record, int64(8*i)); err != nil {
					t.Error(err)
					return
				}
				if i%10 == 9 {
					if err := f.Sync(); err != nil {
						t.Error(err)
						return
					}
				}
			}
		})
		// A reader of the same file, as the recovery store reads while its writer appends.
		others.Go(func() {
			r, err := fs.Open(name)
			if err != nil {
				t.Error(err)
				return
			}
			defer r.Close()
			buf := make([]byte, 8)
			for {
				select {
				case <-done:
					return
				default:
				}
				size, err := r.Size()
				if err != nil {
					t.Error(err)
					return
				}
				if size >= 8 {
					if _, err := r.ReadAt(buf, size-8); err != nil {
						t.Error(err)
						return
					}
				}
			}
		})
	}
	others.Go(func() {
		for {
			select {
			case <-done:
				return
			default:
			}
			crashed := fs.CrashClone(vfs.CrashOptions{Rand: newRand(1)})
			if _, err := crashed.List("."); err != nil {
				t.Error(err)
				return
			}
		}
	})

	writersDone.Wait()
	close(done)
	others.Wait()

	if got, want := hooked.Load(), int64(writers*(1+writes+writes/10)); got != want {
		t.Errorf("the hook saw %d ops, want %d", got, want)
	}
	crashed := fs.CrashClone(vfs.CrashOptions{})
	for w := range writers {
		name := fmt.Sprintf("d/%d", w)
		if got, ok := contents(t, crashed, name); ok {
			t.Errorf("%s survived a crash with %d bytes though d was never synced", name, len(got))
		}
		want := string(bytes.Repeat([]byte{byte('a' + w)}, 8*writes))
		wantContents(t, fs.CrashClone(vfs.CrashOptions{KeepUnsynced: true}), name, want)
	}
}
