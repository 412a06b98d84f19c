// Package errorfs wraps a vfs.FS and makes chosen operations fail, to test how durable-storage
// code handles I/O errors: a sync that returns EIO, a disk that fills part way through a write,
// a directory sync that never succeeds again.
//
// Wrap a file system, then add rules, before or after the code under test opened its files:
//
//	mem := vfs.NewMem()
//	fs := errorfs.Wrap(mem)
//	store := open(fs) // the code under test
//	inj := fs.AddRule(errorfs.Rule{
//		Ops:        errorfs.OpSync,
//		PathSuffix: ".log",
//		When:       errorfs.OnNth(3), // the third matching Sync from now on fails
//	})
//	// ... drive the store; expect it to report the error and not claim durability ...
//	if inj.Injected() != 1 { ... }
//
// A rule names the operation kinds it applies to (Ops, a set), optionally narrows them by path
// suffix or predicate, and says with a Trigger which of the matching operations fail: the Nth
// (OnNth), every one from the Nth on (FromNth), or each with a probability drawn from a seeded
// *rand.Rand (Randomly). Every rule counts every operation it matches, from the moment it is
// added; when several rules fire on one operation, the first added injects its error.
//
// An injected failure does not reach the wrapped file system, with one exception: a WriteAt
// failed by a rule with ShortWrite first writes a prefix of its bytes, as a real short write
// does. So over a vfs.MemFS, a failed Sync leaves the data unsynced, and a crash loses it, which
// is what Linux may do after fsync(2) fails; code under test must not retry a failed Sync and
// then trust the data.
//
// Injected errors are *os.PathError (*os.LinkError for Rename) naming the operation and path,
// and wrap ErrInjected and the rule's error: by default ErrInjectedIO, for which
// errors.Is(err, syscall.EIO) holds, or ErrInjectedNoSpace for syscall.ENOSPC.
//
// An FS and its Files are safe for concurrent use, and rules may be added and removed while
// other goroutines use the FS. Triggers, Match and ShortWrite run under the FS's lock, one call
// at a time, so a Trigger may own a *rand.Rand; with several goroutines the order in which
// operations reach the rules, and so which one fails, is up to the scheduler.
package errorfs

import (
	"errors"
	"fmt"
	"math/bits"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"

	"github.com/wardenft/warden/vfs"
)

// ErrInjected is wrapped by every error this package injects, so a test can tell an injected
// failure from a real one with errors.Is.
var ErrInjected = errors.New("errorfs: injected error")

var (
	// ErrInjectedIO is an injected EIO: errors.Is(err, syscall.EIO) holds.
	ErrInjectedIO = fmt.Errorf("%w: %w", ErrInjected, syscall.EIO)
	// ErrInjectedNoSpace is an injected ENOSPC: errors.Is(err, syscall.ENOSPC) holds.
	ErrInjectedNoSpace = fmt.Errorf("%w: %w", ErrInjected, syscall.ENOSPC)
)

// OpKind is a set of operation kinds; combine kinds with |.
type OpKind uint32

// The operations of vfs.FS and vfs.File.
const (
	OpCreate OpKind = 1 << iota
	OpOpen
	OpOpenReadWrite
	OpRename
	OpRemove
	OpMkdirAll
	OpList
	OpStat
	OpSyncDir
	OpRead     // File.ReadAt
	OpWrite    // File.WriteAt
	OpTruncate // File.Truncate
	OpSync     // File.Sync
	OpSize     // File.Size
	OpClose    // File.Close; the wrapped file is closed even when the rule fails it

	opEnd

	// OpAny is every kind: a disk that fails whatever is asked of it.
	OpAny = opEnd - 1
)

var opKindNames = []string{
	"create", "open", "openreadwrite", "rename", "remove", "mkdirall", "list", "stat",
	"syncdir", "read", "write", "truncate", "sync", "size", "close",
}

// String returns the kinds' names joined by "|", such as "write|sync".
func (k OpKind) String() string {
	if k == 0 {
		return "none"
	}
	var names []string
	for rest := k; rest != 0; rest &= rest - 1 {
		i := bits.TrailingZeros32(uint32(rest))
		if i < len(opKindNames) {
			names = append(names, opKindNames[i])
		} else {
			names = append(names, fmt.Sprintf("OpKind(1<<%d)", i))
		}
	}
	return strings.Join(names, "|")
}

// Op is an operation about to run, as rules see it.
type Op struct {
	// Kind is the operation, a single kind.
	Kind OpKind
	// Path is the path as the caller passed it; for a File's operations, the name it was
	// opened with; for Rename, the old name.
	Path string
	// NewPath is the new name of a Rename.
	NewPath string
	// Offset and Len are the position and byte count of a ReadAt or WriteAt.
	Offset int64
	Len    int
	// Size is the size asked of a Truncate.
	Size int64
}

// A Trigger decides whether a matching operation fails, given its number n among the
// operations its rule has matched, counting from 1. It runs under the FS's lock, one call at a
// time.
type Trigger func(n int64) bool

// OnNth fails the nth matching operation (1 for the first) and no other.
func OnNth(n int64) Trigger {
	if n < 1 {
		panic(fmt.Sprintf("errorfs: OnNth(%d): operations are counted from 1", n))
	}
	return func(i int64) bool { return i == n }
}

// FromNth fails the nth matching operation and every one after it, as a disk that broke and
// stays broken. FromNth(1) fails them all.
func FromNth(n int64) Trigger {
	if n < 1 {
		panic(fmt.Sprintf("errorfs: FromNth(%d): operations are counted from 1", n))
	}
	return func(i int64) bool { return i >= n }
}

// Randomly fails each matching operation with probability p, drawn from r. Seed r and log the
// seed so that a failing run replays; r must not be used elsewhere while the rule is in place.
func Randomly(p float64, r *rand.Rand) Trigger {
	if p < 0 || p > 1 || r == nil {
		panic(fmt.Sprintf("errorfs: Randomly(%v, %v): want 0 <= p <= 1 and a non-nil Rand", p, r))
	}
	return func(int64) bool { return r.Float64() < p }
}

// Rule says which operations fail and how.
type Rule struct {
	// Ops is the set of kinds the rule applies to. It must not be empty.
	Ops OpKind
	// PathSuffix, if not empty, narrows the rule to operations on a path, cleaned with
	// path/filepath, that ends with it; for Rename, either path.
	PathSuffix string
	// Match, if not nil, narrows the rule to operations for which it returns true. It runs under
	// the FS's lock and must not use the FS.
	Match func(op Op) bool
	// When picks which matching operations fail; nil fails every one.
	When Trigger
	// Err is the error to inject; nil means ErrInjectedIO. An error that does not wrap
	// ErrInjected is wrapped so that errors.Is(err, ErrInjected) holds for what the caller gets.
	Err error
	// ShortWrite, if not nil, says how many of the n bytes of a WriteAt the rule fails are
	// written through before the error is returned (clamped to [0, n]), as when the disk fills
	// part way through a write; use it with ErrInjectedNoSpace. It runs under the FS's lock.
	ShortWrite func(n int) int
}

// RandomPrefix is a Rule.ShortWrite that writes a prefix of uniformly random length in [0, n],
// drawn from r.
func RandomPrefix(r *rand.Rand) func(n int) int {
	return func(n int) int { return r.IntN(n + 1) }
}

// FS is a vfs.FS that fails operations by rule. Create it with Wrap.
type FS struct {
	fs vfs.FS

	mu       sync.Mutex
	rules    []*Injector
	injected int64
}

var _ vfs.FS = (*FS)(nil)

// Wrap returns an FS that runs operations on fs unless a rule fails them. It adds rules in
// order; use AddRule to keep a handle on one.
func Wrap(fs vfs.FS, rules ...Rule) *FS {
	efs := &FS{fs: fs}
	for _, r := range rules {
		efs.AddRule(r)
	}
	return efs
}

// Injector is a rule in place in an FS. It counts, from when it was added, the operations it
// matched and the errors it injected.
type Injector struct {
	fs       *FS
	rule     Rule
	err      error
	matched  int64
	injected int64
}

// AddRule puts r in place after the rules already there and returns its handle. It panics if
// r.Ops is empty, since such a rule would silently test nothing.
func (fs *FS) AddRule(r Rule) *Injector {
	if r.Ops&OpAny == 0 {
		panic(fmt.Sprintf("errorfs: Rule.Ops is %v: the rule would match nothing", r.Ops))
	}
	err := r.Err
	if err == nil {
		err = ErrInjectedIO
	}
	if !errors.Is(err, ErrInjected) {
		err = fmt.Errorf("%w: %w", ErrInjected, err)
	}
	in := &Injector{fs: fs, rule: r, err: err}
	fs.mu.Lock()
	fs.rules = append(fs.rules, in)
	fs.mu.Unlock()
	return in
}

// ClearRules removes every rule; operations from now on all reach the wrapped FS. Counts are
// kept.
func (fs *FS) ClearRules() {
	fs.mu.Lock()
	fs.rules = nil
	fs.mu.Unlock()
}

// Injected returns how many errors fs has injected since Wrap, by all rules, removed or not.
func (fs *FS) Injected() int64 {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	return fs.injected
}

// Remove takes the rule out of its FS. Its counts stay readable.
func (in *Injector) Remove() {
	fs := in.fs
	fs.mu.Lock()
	defer fs.mu.Unlock()
	for i, r := range fs.rules {
		if r == in {
			fs.rules = append(fs.rules[:i:i], fs.rules[i+1:]...)
			return
		}
	}
}

// Matched returns how many operations the rule has matched.
func (in *Injector) Matched() int64 {
	in.fs.mu.Lock()
	defer in.fs.mu.Unlock()
	return in.matched
}

// Injected returns how many errors the rule has injected.
func (in *Injector) Injected() int64 {
	in.fs.mu.Lock()
	defer in.fs.mu.Unlock()
	return in.injected
}

func (in *Injector) matches(op Op) bool {
	r := &in.rule
	if r.Ops&op.Kind == 0 {
		return false
	}
	if r.PathSuffix != "" && !hasSuffix(op.Path, r.PathSuffix) &&
		(op.Kind != OpRename || !hasSuffix(op.NewPath, r.PathSuffix)) {
		return false
	}
	return r.Match == nil || r.Match(op)
}

func hasSuffix(path, suffix string) bool {
	return strings.HasSuffix(filepath.Clean(path), suffix)
}

// check runs op past every rule and returns the error to inject, if any, and for a WriteAt how
// many bytes to write through first.
func (fs *FS) check(op Op) (shortWrite int, err error) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	for _, in := range fs.rules {
		if !in.matches(op) {
			continue
		}
		in.matched++
		fire := in.rule.When == nil || in.rule.When(in.matched)
		if !fire || err != nil {
			continue
		}
		in.injected++
		fs.injected++
		err = in.err
		if op.Kind == OpWrite && in.rule.ShortWrite != nil {
			shortWrite = min(max(in.rule.ShortWrite(op.Len), 0), op.Len)
		}
	}
	return shortWrite, err
}

func pathError(op Op, err error) error {
	if op.Kind == OpRename {
		return &os.LinkError{Op: op.Kind.String(), Old: op.Path, New: op.NewPath, Err: err}
	}
	return &os.PathError{Op: op.Kind.String(), Path: op.Path, Err: err}
}

// inject returns the error op must fail with, or nil to run it.
func (fs *FS) inject(op Op) error {
	if _, err := fs.check(op); err != nil {
		return pathError(op, err)
	}
	return nil
}

// Create implements vfs.FS.
func (fs *FS) Create(name string) (vfs.File, error) {
	if err := fs.inject(Op{Kind: OpCreate, Path: name}); err != nil {
		return nil, err
	}
	f, err := fs.fs.Create(name)
	return fs.wrapFile(name, f, err)
}

// Open implements vfs.FS.
func (fs *FS) Open(name string) (vfs.File, error) {
	if err := fs.inject(Op{Kind: OpOpen, Path: name}); err != nil {
		return nil, err
	}
	f, err := fs.fs.Open(name)
	return fs.wrapFile(name, f, err)
}

// OpenReadWrite implements vfs.FS.
func (fs *FS) OpenReadWrite(name string) (vfs.File, error) {
	if err := fs.inject(Op{Kind: OpOpenReadWrite, Path: name}); err != nil {
		return nil, err
	}
	f, err := fs.fs.OpenReadWrite(name)
	return fs.wrapFile(name, f, err)
}

func (fs *FS) wrapFile(name string, f vfs.File, err error) (vfs.File, error) {
	if err != nil {
		return nil, err
	}
	return &file{fs: fs, f: f, name: name}, nil
}

// Rename implements vfs.FS.
func (fs *FS) Rename(oldname, newname string) error {
	if err := fs.inject(Op{Kind: OpRename, Path: oldname, NewPath: newname}); err != nil {
		return err
	}
	return fs.fs.Rename(oldname, newname)
}

// Remove implements vfs.FS.
func (fs *FS) Remove(name string) error {
	if err := fs.inject(Op{Kind: OpRemove, Path: name}); err != nil {
		return err
	}
	return fs.fs.Remove(name)
}

// MkdirAll implements vfs.FS.
func (fs *FS) MkdirAll(dir string, perm os.FileMode) error {
	if err := fs.inject(Op{Kind: OpMkdirAll, Path: dir}); err != nil {
		return err
	}
	return fs.fs.MkdirAll(dir, perm)
}

// List implements vfs.FS.
func (fs *FS) List(dir string) ([]string, error) {
	if err := fs.inject(Op{Kind: OpList, Path: dir}); err != nil {
		return nil, err
	}
	return fs.fs.List(dir)
}

// Stat implements vfs.FS.
func (fs *FS) Stat(name string) (os.FileInfo, error) {
	if err := fs.inject(Op{Kind: OpStat, Path: name}); err != nil {
		return nil, err
	}
	return fs.fs.Stat(name)
}

// SyncDir implements vfs.FS.
func (fs *FS) SyncDir(dir string) error {
	if err := fs.inject(Op{Kind: OpSyncDir, Path: dir}); err != nil {
		return err
	}
	return fs.fs.SyncDir(dir)
}

// file is a vfs.File of an FS.
type file struct {
	fs   *FS
	f    vfs.File
	name string
}

func (f *file) ReadAt(p []byte, off int64) (int, error) {
	if err := f.fs.inject(Op{Kind: OpRead, Path: f.name, Offset: off, Len: len(p)}); err != nil {
		return 0, err
	}
	return f.f.ReadAt(p, off)
}

func (f *file) WriteAt(p []byte, off int64) (int, error) {
	op := Op{Kind: OpWrite, Path: f.name, Offset: off, Len: len(p)}
	short, err := f.fs.check(op)
	if err == nil {
		return f.f.WriteAt(p, off)
	}
	n := 0
	if short > 0 {
		var werr error
		if n, werr = f.f.WriteAt(p[:short], off); werr != nil {
			return n, werr
		}
	}
	return n, pathError(op, err)
}

func (f *file) Truncate(size int64) error {
	if err := f.fs.inject(Op{Kind: OpTruncate, Path: f.name, Size: size}); err != nil {
		return err
	}
	return f.f.Truncate(size)
}

func (f *file) Sync() error {
	if err := f.fs.inject(Op{Kind: OpSync, Path: f.name}); err != nil {
		return err
	}
	return f.f.Sync()
}

func (f *file) Size() (int64, error) {
	if err := f.fs.inject(Op{Kind: OpSize, Path: f.name}); err != nil {
		return 0, err
	}
	return f.f.Size()
}

// Close closes the wrapped file whatever the rules say, so that a failed Close leaks nothing.
func (f *file) Close() error {
	injected := f.fs.inject(Op{Kind: OpClose, Path: f.name})
	err := f.f.Close()
	if injected != nil {
		return injected
	}
	return err
}
