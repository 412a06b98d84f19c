// Package vfs is the file-system interface that Warden's durable state goes through.
//
// Every package that writes something it must find again after a crash (the recovery file, the
// shadow version store, the 2PC logs, cold-passive checkpoints) takes an FS instead of calling
// package os, so that its tests can run against a file system that crashes on demand
// (MemFS.CrashClone: unsynced bytes vanish, the last unsynced write may be torn) or that fails
// on purpose (package errorfs: EIO or ENOSPC on the Nth write or sync).
//
// The contract is deliberately small and explicit about durability:
//
//   - File data and size are durable only after File.Sync returns nil.
//   - A created, renamed or removed directory entry is durable only after SyncDir on its
//     directory returns nil.
//   - Writes are positional (WriteAt); there is no shared file offset to race on.
//
// Default is the operating system's file system. Its File.Sync is fdatasync(2) on Linux, which
// flushes the data and the size (what a reader needs) but not timestamps.
package vfs

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"sort"
)

// File is an open file. Implementations are safe for concurrent ReadAt; WriteAt, Truncate and
// Sync must not run concurrently with each other on the same File.
type File interface {
	io.ReaderAt
	io.WriterAt
	io.Closer
	// Sync makes the file's data and size durable.
	Sync() error
	// Truncate changes the file's size. Like a write, it is durable after Sync.
	Truncate(size int64) error
	// Size returns the file's current size.
	Size() (int64, error)
}

// FS is a file system. Paths are slash-separated or OS paths; implementations treat them the
// way package path/filepath does.
type FS interface {
	// Create creates the named file, truncating it if it exists, opened for reading and writing.
	Create(name string) (File, error)
	// Open opens the named file for reading only.
	Open(name string) (File, error)
	// OpenReadWrite opens the named file for reading and writing, creating it if needed and
	// keeping its contents if it exists.
	OpenReadWrite(name string) (File, error)
	// Rename atomically replaces newname by oldname.
	Rename(oldname, newname string) error
	// Remove removes the named file or empty directory.
	Remove(name string) error
	// MkdirAll creates a directory and its parents; it is a no-op if the directory exists.
	MkdirAll(dir string, perm os.FileMode) error
	// List returns the names (not paths) of the entries of dir, sorted.
	List(dir string) ([]string, error)
	// Stat reports whether name exists and its size. Missing files give an error for which
	// errors.Is(err, os.ErrNotExist) holds.
	Stat(name string) (os.FileInfo, error)
	// SyncDir makes the creation, renaming and removal of entries in dir durable.
	SyncDir(dir string) error
}

// Default is the operating system's file system.
var Default FS = osFS{}

type osFS struct{}

type osFile struct{ *os.File }

func (f osFile) Sync() error { return fdatasync(f.File) }

func (f osFile) Size() (int64, error) {
	fi, err := f.File.Stat()
	if err != nil {
		return 0, err
	}
	return fi.Size(), nil
}

func (osFS) Create(name string) (File, error) {
	f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return nil, err
	}
	return osFile{f}, nil
}

func (osFS) Open(name string) (File, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	return osFile{f}, nil
}

func (osFS) OpenReadWrite(name string) (File, error) {
	f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, err
	}
	return osFile{f}, nil
}

func (osFS) Rename(oldname, newname string) error { return os.Rename(oldname, newname) }
func (osFS) Remove(name string) error             { return os.Remove(name) }
func (osFS) MkdirAll(dir string, perm os.FileMode) error {
	return os.MkdirAll(dir, perm)
}
func (osFS) Stat(name string) (os.FileInfo, error) { return os.Stat(name) }

func (osFS) List(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	return names, nil
}

func (osFS) SyncDir(dir string) error {
	d, err := os.Open(filepath.Clean(dir))
	if err != nil {
		return err
	}
	serr := d.Sync()
	cerr := d.Close()
	return errors.Join(serr, cerr)
}

// MkdirAllDurable is MkdirAll followed by SyncDir of the parent of every directory it created,
// so that the new directories survive a crash. A store that creates its own directory and then
// promises durability of the files in it needs this: syncing the files and the directory itself
// does not make the directory's own entry in its parent durable.
func MkdirAllDurable(fs FS, dir string, perm os.FileMode) error {
	dir = filepath.Clean(dir)
	var created []string // deepest first
	for d := dir; ; {
		if _, err := fs.Stat(d); err == nil {
			break
		} else if !errors.Is(err, os.ErrNotExist) {
			return err
		}
		created = append(created, d)
		parent := filepath.Dir(d)
		if parent == d {
			break
		}
		d = parent
	}
	if len(created) == 0 {
		return nil
	}
	if err := fs.MkdirAll(dir, perm); err != nil {
		return err
	}
	for i := len(created) - 1; i >= 0; i-- {
		if err := fs.SyncDir(filepath.Dir(created[i])); err != nil {
			return err
		}
	}
	return nil
}
