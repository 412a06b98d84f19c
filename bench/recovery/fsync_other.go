//go:build !linux

package main

import "os"

// fdatasync falls back to fsync where the system has no fdatasync(2).
func fdatasync(f *os.File) error { return f.Sync() }
