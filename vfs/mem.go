package vfs

import (
	"fmt"
	"io"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"
)

// MemFS is an in-memory FS that can be crashed on demand, for testing code that must survive
// power loss. It keeps, next to what a reader sees now, what a crash would leave behind, exactly
// as the contract in this package's doc allows and no more:
//
//   - A file's contents and size become durable at File.Sync. Writes and truncates since the
//     last Sync are kept in order; a crash keeps none of them, or (with CrashOptions.Rand) a
//     prefix of them whose last write may be torn at any byte.
//   - Creating, renaming and removing an entry becomes durable at SyncDir of the directory that
//     holds the entry. That includes directories made by MkdirAll: after
//     MkdirAll("a/b/c"), a crash loses "a" unless SyncDir(".") ran, and so on down.
//   - Removing a file, or creating over it, does not touch handles already open on it.
//
// Use it like this:
//
//	fs := vfs.NewMem()
//	// ... run the code under test against fs ...
//	after := fs.CrashClone(vfs.CrashOptions{})   // the power went out here
//	// ... reopen the store on after, check what it recovered ...
//
// To test every crash point, set a hook with SetOpHook and call CrashClone from it: the hook
// runs after each mutating operation, before any other mutation can start.
//
// What it does not model: a disk writing back a file's pages out of order, a size that grew
// before the bytes under it were written (zeros after a crash), or bit rot. Records with
// checksums survive those too, but these crashes will not show it.
//
// Paths are cleaned with path/filepath. Relative paths live under an implicit root "." and
// absolute ones under the separator; both roots always exist and a path may not climb above
// them with "..". Any other directory exists only once MkdirAll made it: Create in a missing
// directory fails. There are no permissions, times or links; MkdirAll ignores perm.
//
// Errors are those package os gives: *os.PathError (*os.LinkError for Rename) wrapping a
// syscall.Errno, so errors.Is(err, os.ErrNotExist) holds for a missing file. Operations on a
// closed File fail with os.ErrClosed; writing a File from Open fails with syscall.EBADF.
//
// A MemFS and its Files are safe for concurrent use by any number of goroutines. Mutations run
// one at a time (each followed by its hook); reads run beside them.
type MemFS struct {
	// opMu serializes mutations together with their hook, so that a hook sees the state its
	// operation left and nothing later. Reads and CrashClone take only mu, which is why they
	// may be called from a hook.
	opMu sync.Mutex

	mu    sync.Mutex
	roots map[string]*memInode // "." and the separator; see splitPath
	seq   uint64               // numbers namespace operations, for the crash cut
	hook  func(Op)
}

var _ FS = (*MemFS)(nil)

// NewMem returns an empty MemFS: only the roots "." and "/" exist.
func NewMem() *MemFS {
	return &MemFS{roots: map[string]*memInode{
		".":                        newMemDir(),
		string(filepath.Separator): newMemDir(),
	}}
}

// OpKind is the kind of a mutating MemFS operation.
type OpKind int

// The mutating operations, as reported to the hook.
const (
	// OpCreate is Create, or OpenReadWrite when it created the file.
	OpCreate OpKind = iota + 1
	OpWrite
	OpTruncate
	OpSync
	OpRename
	OpRemove
	OpMkdirAll
	OpSyncDir
)

var opKindNames = [...]string{
	OpCreate:   "create",
	OpWrite:    "write",
	OpTruncate: "truncate",
	OpSync:     "sync",
	OpRename:   "rename",
	OpRemove:   "remove",
	OpMkdirAll: "mkdirall",
	OpSyncDir:  "syncdir",
}

func (k OpKind) String() string {
	if k > 0 && int(k) < len(opKindNames) {
		return opKindNames[k]
	}
	return fmt.Sprintf("OpKind(%d)", int(k))
}

// Op describes a mutating operation that succeeded on a MemFS.
type Op struct {
	Kind OpKind
	// Path is the cleaned path operated on: the file's name as opened for OpWrite, OpTruncate
	// and OpSync, the old name for OpRename, the directory for OpMkdirAll and OpSyncDir.
	Path string
	// NewPath is the cleaned new name of an OpRename.
	NewPath string
	// Offset and Len are the position and byte count of an OpWrite.
	Offset int64
	Len    int
	// Size is the new size of an OpTruncate.
	Size int64
}

func (op Op) String() string {
	switch op.Kind {
	case OpWrite:
		return fmt.Sprintf("write %s off=%d len=%d", op.Path, op.Offset, op.Len)
	case OpTruncate:
		return fmt.Sprintf("truncate %s size=%d", op.Path, op.Size)
	case OpRename:
		return fmt.Sprintf("rename %s %s", op.Path, op.NewPath)
	default:
		return op.Kind.String() + " " + op.Path
	}
}

// SetOpHook makes fs call hook, synchronously, after every successful call of a mutating method
// (WriteAt, Truncate, Sync, Create, OpenReadWrite that creates, Rename, Remove, MkdirAll,
// SyncDir), including calls that changed nothing. Nil removes the hook.
//
// No other mutation of fs starts until hook returns, so a CrashClone taken in the hook is a
// crash right after op. The hook may read fs and call CrashClone, but must not mutate fs or wait
// for a goroutine that does: that deadlocks.
func (fs *MemFS) SetOpHook(hook func(op Op)) {
	fs.mu.Lock()
	fs.hook = hook
	fs.mu.Unlock()
}

// CrashOptions says what a CrashClone keeps beyond what was made durable.
type CrashOptions struct {
	// Rand, when not nil, keeps a random part of what was not made durable, as a disk that was
	// part way through writing back its cache would. The clone keeps, for each file, the first
	// k of the n writes and truncates since its last Sync, k uniform in [0, n], and the k-th, if
	// a write, only for its first t bytes, t uniform in [0, len]. Of the namespace changes not
	// yet made durable by SyncDir it keeps those up to a random point in the order they were
	// made, as a journaling file system would. The same seed on the same history gives the
	// same clone. CrashClone draws from Rand while holding fs's lock; do not share Rand with
	// a goroutine that runs meanwhile.
	//
	// With Rand nil the clone keeps exactly what was synced: data as of each file's last Sync,
	// entries as of each directory's last SyncDir.
	Rand *rand.Rand

	// KeepUnsynced, when true, makes the clone an exact copy, unsynced writes and entries
	// included: the process crashed (SIGKILL) but the operating system did not, so its page
	// cache survives. What was unsynced stays unsynced in the clone, so a later CrashClone of
	// the clone can still lose it. Rand is ignored.
	KeepUnsynced bool
}

// CrashClone returns a new, independent MemFS holding what a crash at this instant would leave
// on disk, as opts describes. Open Files of fs do not carry over, and neither does the hook.
// It may be called from the hook and concurrently with any other method.
func (fs *MemFS) CrashClone(opts CrashOptions) *MemFS {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	c := &crashCloner{
		opts:  opts,
		files: make(map[*memInode]*memInode),
		dirs:  make(map[*memInode]*memInode),
	}
	clone := &MemFS{roots: make(map[string]*memInode), seq: fs.seq}
	if opts.KeepUnsynced {
		for _, root := range sortedKeys(fs.roots) {
			clone.roots[root] = c.copyExact(fs.roots[root])
		}
		return clone
	}
	c.cut = c.pickCut(fs.roots)
	for _, root := range sortedKeys(fs.roots) {
		clone.roots[root] = c.crashDir(fs.roots[root])
	}
	return clone
}

// memInode is a file or a directory. Names map to inodes, so that a handle keeps writing to the
// file it opened after the name moves, and so that what a crash keeps of a file does not depend
// on which names lead to it.
type memInode struct {
	dir bool

	// A file: data is what a reader sees, synced what the last Sync made durable, ops what
	// happened in between. While syncedShared, synced is a prefix of data's array, which spares
	// an append-and-sync log a copy per Sync; any change below len(synced) copies it first.
	data         []byte
	synced       []byte
	syncedShared bool
	ops          []fileOp

	// A directory: children is the namespace a reader sees, durable what the last SyncDir made
	// durable, pending the changes in between in the order they were made.
	children map[string]*memInode
	durable  map[string]*memInode
	pending  []entryOp
}

// fileOp is a write (data != nil) or a truncate, not yet synced.
type fileOp struct {
	truncate bool
	off      int64 // of a write
	size     int64 // of a truncate
	data     []byte
}

// entryOp is a change to one directory entry: name now leads to ino, or nowhere if ino is nil.
// The halves of one Rename share a seq, so a crash keeps both or neither.
type entryOp struct {
	seq  uint64
	name string
	ino  *memInode
}

func newMemDir() *memInode {
	return &memInode{
		dir:      true,
		children: make(map[string]*memInode),
		durable:  make(map[string]*memInode),
	}
}

// write applies a WriteAt to the current contents and records it for the crash model.
func (ino *memInode) write(off int64, p []byte) {
	if len(p) == 0 {
		return
	}
	if off < int64(len(ino.synced)) {
		ino.unshareSynced()
	}
	ino.data = writeBytes(ino.data, off, p)
	ino.ops = append(ino.ops, fileOp{off: off, data: slices.Clone(p)})
}

func (ino *memInode) truncate(size int64) {
	if size < int64(len(ino.synced)) {
		ino.unshareSynced()
	}
	ino.data = truncateBytes(ino.data, size)
	ino.ops = append(ino.ops, fileOp{truncate: true, size: size})
}

func (ino *memInode) sync() {
	ino.synced = ino.data[:len(ino.data):len(ino.data)]
	ino.syncedShared = true
	ino.ops = nil
}

func (ino *memInode) unshareSynced() {
	if ino.syncedShared {
		ino.synced = slices.Clone(ino.synced)
		ino.syncedShared = false
	}
}

func (dir *memInode) setEntry(seq uint64, name string, ino *memInode) {
	if ino == nil {
		delete(dir.children, name)
	} else {
		dir.children[name] = ino
	}
	dir.pending = append(dir.pending, entryOp{seq: seq, name: name, ino: ino})
}

func (dir *memInode) syncDir() {
	dir.durable = maps.Clone(dir.children)
	dir.pending = nil
}

// writeBytes writes p at off in buf, growing it with zeros as needed, and returns it. Like
// pwrite(2), writing nothing does not grow the file.
func writeBytes(buf []byte, off int64, p []byte) []byte {
	if len(p) == 0 {
		return buf
	}
	end := off + int64(len(p))
	if end > int64(len(buf)) {
		buf = truncateBytes(buf, end)
	}
	copy(buf[off:], p)
	return buf
}

// truncateBytes returns buf cut or zero-extended to size.
func truncateBytes(buf []byte, size int64) []byte {
	n := int(size)
	if n <= len(buf) {
		return buf[:n]
	}
	if n <= cap(buf) {
		old := len(buf)
		buf = buf[:n]
		clear(buf[old:]) // a shrink left old bytes there
		return buf
	}
	grown := make([]byte, n, max(n, 2*cap(buf)))
	copy(grown, buf)
	return grown
}

// crashCloner builds a CrashClone. Each inode of the original maps to one inode of the clone, so
// a file reachable under two names (a rename durable in one directory only) is decided once.
type crashCloner struct {
	opts  CrashOptions
	cut   uint64 // entry changes with seq <= cut survive
	files map[*memInode]*memInode
	dirs  map[*memInode]*memInode
}

// pickCut chooses how many of the unsynced namespace changes, in the order they were made,
// survive. It looks at every directory a crash could leave reachable.
func (c *crashCloner) pickCut(roots map[string]*memInode) uint64 {
	if c.opts.Rand == nil {
		return 0
	}
	var seqs []uint64
	seen := make(map[*memInode]bool)
	var visit func(dir *memInode)
	visit = func(dir *memInode) {
		if seen[dir] {
			return
		}
		seen[dir] = true
		for _, ino := range dir.durable {
			if ino.dir {
				visit(ino)
			}
		}
		for _, e := range dir.pending {
			seqs = append(seqs, e.seq)
			if e.ino != nil && e.ino.dir {
				visit(e.ino)
			}
		}
	}
	for _, root := range sortedKeys(roots) {
		visit(roots[root])
	}
	slices.Sort(seqs)
	seqs = slices.Compact(seqs)
	if len(seqs) == 0 {
		return 0
	}
	k := c.opts.Rand.IntN(len(seqs) + 1)
	if k == 0 {
		return 0
	}
	return seqs[k-1]
}

// crashDir returns the clone of dir as a crash leaves it: its durable entries plus the pending
// changes up to the cut. Directories are walked in name order so that a seed replays.
func (c *crashCloner) crashDir(dir *memInode) *memInode {
	entries := maps.Clone(dir.durable)
	for _, e := range dir.pending {
		if e.seq > c.cut {
			break
		}
		if e.ino == nil {
			delete(entries, e.name)
		} else {
			entries[e.name] = e.ino
		}
	}
	out := newMemDir()
	c.dirs[dir] = out
	for _, name := range sortedKeys(entries) {
		ino := entries[name]
		var cloned *memInode
		switch {
		case !ino.dir:
			cloned = c.crashFile(ino)
		case c.dirs[ino] != nil:
			// Partly durable renames of directories can leave one directory under two names,
			// or inside itself. A directory has one parent: keep the first name walked.
			continue
		default:
			cloned = c.crashDir(ino)
		}
		out.children[name] = cloned
	}
	out.durable = maps.Clone(out.children)
	return out
}

func (c *crashCloner) crashFile(ino *memInode) *memInode {
	if out, ok := c.files[ino]; ok {
		return out
	}
	data := slices.Clone(ino.synced)
	if r := c.opts.Rand; r != nil && len(ino.ops) > 0 {
		k := r.IntN(len(ino.ops) + 1)
		for i, op := range ino.ops[:k] {
			switch {
			case op.truncate:
				data = truncateBytes(data, op.size)
			case i == k-1:
				data = writeBytes(data, op.off, op.data[:r.IntN(len(op.data)+1)])
			default:
				data = writeBytes(data, op.off, op.data)
			}
		}
	}
	out := &memInode{data: data}
	out.sync()
	c.files[ino] = out
	return out
}

// copyExact deep-copies ino with everything unsynced, for CrashOptions.KeepUnsynced.
func (c *crashCloner) copyExact(ino *memInode) *memInode {
	if !ino.dir {
		if out, ok := c.files[ino]; ok {
			return out
		}
		out := &memInode{
			data:   slices.Clone(ino.data),
			synced: slices.Clone(ino.synced),
			ops:    slices.Clone(ino.ops), // op data is never written after it is recorded
		}
		c.files[ino] = out
		return out
	}
	if out, ok := c.dirs[ino]; ok {
		return out
	}
	out := &memInode{dir: true}
	c.dirs[ino] = out
	out.children = c.copyEntries(ino.children)
	out.durable = c.copyEntries(ino.durable)
	out.pending = make([]entryOp, len(ino.pending))
	for i, e := range ino.pending {
		out.pending[i] = e
		if e.ino != nil {
			out.pending[i].ino = c.copyExact(e.ino)
		}
	}
	return out
}

func (c *crashCloner) copyEntries(m map[string]*memInode) map[string]*memInode {
	out := make(map[string]*memInode, len(m))
	for _, name := range sortedKeys(m) {
		out[name] = c.copyExact(m[name])
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	return slices.Sorted(maps.Keys(m))
}

// splitPath cleans name and returns its root ("." or the separator, after any volume name) and
// its components below the root.
func splitPath(name string) (root string, parts []string, err error) {
	p := filepath.Clean(name)
	vol := filepath.VolumeName(p)
	rest := p[len(vol):]
	sep := string(filepath.Separator)
	if rest != "" && os.IsPathSeparator(rest[0]) {
		root = vol + sep
		rest = strings.TrimLeft(rest, sep)
	} else {
		root = vol + "."
	}
	if rest == "" || rest == "." {
		return root, nil, nil
	}
	parts = strings.Split(rest, sep)
	if parts[0] == ".." {
		return "", nil, syscall.EINVAL
	}
	return root, parts, nil
}

// lookup returns the inode at name in the current namespace. Called with mu held.
func (fs *MemFS) lookup(name string) (*memInode, error) {
	root, parts, err := splitPath(name)
	if err != nil {
		return nil, err
	}
	ino := fs.roots[root]
	if ino == nil {
		return nil, syscall.ENOENT
	}
	for _, part := range parts {
		if !ino.dir {
			return nil, syscall.ENOTDIR
		}
		ino = ino.children[part]
		if ino == nil {
			return nil, syscall.ENOENT
		}
	}
	return ino, nil
}

// lookupParent returns the directory that holds name's entry and the entry's name. Called with
// mu held.
func (fs *MemFS) lookupParent(name string) (dir *memInode, base string, err error) {
	clean := filepath.Clean(name)
	if _, parts, err := splitPath(clean); err != nil {
		return nil, "", err
	} else if len(parts) == 0 {
		return nil, "", syscall.EINVAL // a root has no entry
	}
	dir, err = fs.lookup(filepath.Dir(clean))
	if err != nil {
		return nil, "", err
	}
	if !dir.dir {
		return nil, "", syscall.ENOTDIR
	}
	return dir, filepath.Base(clean), nil
}

// mutate runs f, with mu held, as one mutation and reports the Op it returns to the hook
// before the next mutation may start. f returns a zero Op to report nothing.
func (fs *MemFS) mutate(f func() (Op, error)) error {
	fs.opMu.Lock()
	defer fs.opMu.Unlock()
	fs.mu.Lock()
	op, err := f()
	hook := fs.hook
	fs.mu.Unlock()
	if err == nil && op.Kind != 0 && hook != nil {
		hook(op)
	}
	return err
}

// Create implements FS.
func (fs *MemFS) Create(name string) (File, error) {
	name = filepath.Clean(name)
	var f *memFile
	err := fs.mutate(func() (Op, error) {
		ino, err := fs.createLocked(name, true)
		if err != nil {
			return Op{}, &os.PathError{Op: "open", Path: name, Err: err}
		}
		f = &memFile{fs: fs, ino: ino, name: name}
		return Op{Kind: OpCreate, Path: name}, nil
	})
	if err != nil {
		return nil, err
	}
	return f, nil
}

// createLocked creates name, or truncates it if truncate is set and it exists.
func (fs *MemFS) createLocked(name string, truncate bool) (*memInode, error) {
	dir, base, err := fs.lookupParent(name)
	if err != nil {
		return nil, err
	}
	if ino := dir.children[base]; ino != nil {
		if ino.dir {
			return nil, syscall.EISDIR
		}
		if truncate {
			ino.truncate(0)
		}
		return ino, nil
	}
	ino := &memInode{}
	fs.seq++
	dir.setEntry(fs.seq, base, ino)
	return ino, nil
}

// Open implements FS.
func (fs *MemFS) Open(name string) (File, error) {
	name = filepath.Clean(name)
	fs.mu.Lock()
	defer fs.mu.Unlock()
	ino, err := fs.lookup(name)
	if err == nil && ino.dir {
		err = syscall.EISDIR
	}
	if err != nil {
		return nil, &os.PathError{Op: "open", Path: name, Err: err}
	}
	return &memFile{fs: fs, ino: ino, name: name, readOnly: true}, nil
}

// OpenReadWrite implements FS. It reports OpCreate to the hook only when it creates the file.
func (fs *MemFS) OpenReadWrite(name string) (File, error) {
	name = filepath.Clean(name)
	fs.mu.Lock()
	ino, err := fs.lookup(name)
	fs.mu.Unlock()
	if err == nil && !ino.dir {
		return &memFile{fs: fs, ino: ino, name: name}, nil
	}
	// Missing (or an error createLocked will report): create it as a mutation. Another
	// goroutine may have created it meanwhile, in which case this opens it and reports nothing.
	var f *memFile
	err = fs.mutate(func() (Op, error) {
		seq := fs.seq
		ino, err := fs.createLocked(name, false)
		if err != nil {
			return Op{}, &os.PathError{Op: "open", Path: name, Err: err}
		}
		f = &memFile{fs: fs, ino: ino, name: name}
		if fs.seq == seq {
			return Op{}, nil
		}
		return Op{Kind: OpCreate, Path: name}, nil
	})
	if err != nil {
		return nil, err
	}
	return f, nil
}

// Rename implements FS. Renaming a directory moves everything under it.
func (fs *MemFS) Rename(oldname, newname string) error {
	oldname, newname = filepath.Clean(oldname), filepath.Clean(newname)
	return fs.mutate(func() (Op, error) {
		if err := fs.renameLocked(oldname, newname); err != nil {
			return Op{}, &os.LinkError{Op: "rename", Old: oldname, New: newname, Err: err}
		}
		return Op{Kind: OpRename, Path: oldname, NewPath: newname}, nil
	})
}

func (fs *MemFS) renameLocked(oldname, newname string) error {
	oldDir, oldBase, err := fs.lookupParent(oldname)
	if err != nil {
		return err
	}
	ino := oldDir.children[oldBase]
	if ino == nil {
		return syscall.ENOENT
	}
	newDir, newBase, err := fs.lookupParent(newname)
	if err != nil {
		return err
	}
	target := newDir.children[newBase]
	switch {
	case target == ino:
		return nil // the same file under both names: rename(2) does nothing
	case target != nil && !ino.dir && target.dir:
		return syscall.EISDIR
	case target != nil && ino.dir && !target.dir:
		return syscall.ENOTDIR
	case target != nil && target.dir && len(target.children) > 0:
		return syscall.ENOTEMPTY
	}
	if ino.dir && strings.HasPrefix(newname, oldname+string(filepath.Separator)) {
		return syscall.EINVAL // into itself
	}
	fs.seq++
	newDir.setEntry(fs.seq, newBase, ino)
	oldDir.setEntry(fs.seq, oldBase, nil)
	return nil
}

// Remove implements FS. Files already open on a removed file keep working.
func (fs *MemFS) Remove(name string) error {
	name = filepath.Clean(name)
	return fs.mutate(func() (Op, error) {
		dir, base, err := fs.lookupParent(name)
		if err == nil {
			ino := dir.children[base]
			switch {
			case ino == nil:
				err = syscall.ENOENT
			case ino.dir && len(ino.children) > 0:
				err = syscall.ENOTEMPTY
			default:
				fs.seq++
				dir.setEntry(fs.seq, base, nil)
			}
		}
		if err != nil {
			return Op{}, &os.PathError{Op: "remove", Path: name, Err: err}
		}
		return Op{Kind: OpRemove, Path: name}, nil
	})
}

// MkdirAll implements FS. Each directory it makes is an unsynced entry of its parent.
func (fs *MemFS) MkdirAll(dir string, perm os.FileMode) error {
	dir = filepath.Clean(dir)
	return fs.mutate(func() (Op, error) {
		if err := fs.mkdirAllLocked(dir); err != nil {
			return Op{}, &os.PathError{Op: "mkdir", Path: dir, Err: err}
		}
		return Op{Kind: OpMkdirAll, Path: dir}, nil
	})
}

func (fs *MemFS) mkdirAllLocked(dir string) error {
	root, parts, err := splitPath(dir)
	if err != nil {
		return err
	}
	ino := fs.roots[root]
	if ino == nil {
		return syscall.ENOENT
	}
	for _, part := range parts {
		next := ino.children[part]
		if next == nil {
			next = newMemDir()
			fs.seq++
			ino.setEntry(fs.seq, part, next)
		} else if !next.dir {
			return syscall.ENOTDIR
		}
		ino = next
	}
	return nil
}

// List implements FS.
func (fs *MemFS) List(dir string) ([]string, error) {
	dir = filepath.Clean(dir)
	fs.mu.Lock()
	defer fs.mu.Unlock()
	ino, err := fs.lookup(dir)
	if err == nil && !ino.dir {
		err = syscall.ENOTDIR
	}
	if err != nil {
		return nil, &os.PathError{Op: "open", Path: dir, Err: err}
	}
	return sortedKeys(ino.children), nil
}

// Stat implements FS. The FileInfo has no times; directories have size 0.
func (fs *MemFS) Stat(name string) (os.FileInfo, error) {
	name = filepath.Clean(name)
	fs.mu.Lock()
	defer fs.mu.Unlock()
	ino, err := fs.lookup(name)
	if err != nil {
		return nil, &os.PathError{Op: "stat", Path: name, Err: err}
	}
	return memFileInfo{name: filepath.Base(name), size: int64(len(ino.data)), dir: ino.dir}, nil
}

// SyncDir implements FS: the entries of dir as they are now become what a crash keeps.
func (fs *MemFS) SyncDir(dir string) error {
	dir = filepath.Clean(dir)
	return fs.mutate(func() (Op, error) {
		ino, err := fs.lookup(dir)
		if err == nil && !ino.dir {
			err = syscall.ENOTDIR
		}
		if err != nil {
			return Op{}, &os.PathError{Op: "syncdir", Path: dir, Err: err}
		}
		ino.syncDir()
		return Op{Kind: OpSyncDir, Path: dir}, nil
	})
}

type memFileInfo struct {
	name string
	size int64
	dir  bool
}

func (fi memFileInfo) Name() string { return fi.name }
func (fi memFileInfo) Size() int64  { return fi.size }
func (fi memFileInfo) Mode() os.FileMode {
	if fi.dir {
		return os.ModeDir | 0o755
	}
	return 0o644
}
func (fi memFileInfo) ModTime() time.Time { return time.Time{} }
func (fi memFileInfo) IsDir() bool        { return fi.dir }
func (fi memFileInfo) Sys() any           { return nil }

// memFile is an open MemFS file. Its fields other than closed never change; closed is guarded
// by fs.mu.
type memFile struct {
	fs       *MemFS
	ino      *memInode
	name     string
	readOnly bool
	closed   bool
}

// check reports why the file cannot do op now. Called with fs.mu held.
func (f *memFile) check(op string, write bool) error {
	switch {
	case f.closed:
		return &os.PathError{Op: op, Path: f.name, Err: os.ErrClosed}
	case write && f.readOnly:
		return &os.PathError{Op: op, Path: f.name, Err: syscall.EBADF}
	}
	return nil
}

func (f *memFile) ReadAt(p []byte, off int64) (int, error) {
	f.fs.mu.Lock()
	defer f.fs.mu.Unlock()
	if err := f.check("read", false); err != nil {
		return 0, err
	}
	if off < 0 {
		return 0, &os.PathError{Op: "read", Path: f.name, Err: syscall.EINVAL}
	}
	if off >= int64(len(f.ino.data)) {
		if len(p) == 0 {
			return 0, nil
		}
		return 0, io.EOF
	}
	n := copy(p, f.ino.data[off:])
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}

func (f *memFile) WriteAt(p []byte, off int64) (int, error) {
	err := f.fs.mutate(func() (Op, error) {
		if err := f.check("write", true); err != nil {
			return Op{}, err
		}
		if off < 0 {
			return Op{}, &os.PathError{Op: "write", Path: f.name, Err: syscall.EINVAL}
		}
		f.ino.write(off, p)
		return Op{Kind: OpWrite, Path: f.name, Offset: off, Len: len(p)}, nil
	})
	if err != nil {
		return 0, err
	}
	return len(p), nil
}

func (f *memFile) Truncate(size int64) error {
	return f.fs.mutate(func() (Op, error) {
		if err := f.check("truncate", true); err != nil {
			return Op{}, err
		}
		if size < 0 {
			return Op{}, &os.PathError{Op: "truncate", Path: f.name, Err: syscall.EINVAL}
		}
		f.ino.truncate(size)
		return Op{Kind: OpTruncate, Path: f.name, Size: size}, nil
	})
}

// Sync makes the file's data and size durable. It works on a read-only File too, as fsync(2)
// does.
func (f *memFile) Sync() error {
	return f.fs.mutate(func() (Op, error) {
		if err := f.check("sync", false); err != nil {
			return Op{}, err
		}
		f.ino.sync()
		return Op{Kind: OpSync, Path: f.name}, nil
	})
}

func (f *memFile) Size() (int64, error) {
	f.fs.mu.Lock()
	defer f.fs.mu.Unlock()
	if err := f.check("stat", false); err != nil {
		return 0, err
	}
	return int64(len(f.ino.data)), nil
}

func (f *memFile) Close() error {
	f.fs.mu.Lock()
	defer f.fs.mu.Unlock()
	if err := f.check("close", false); err != nil {
		return err
	}
	f.closed = true
	return nil
}
