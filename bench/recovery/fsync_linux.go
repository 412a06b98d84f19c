//go:build linux

package main

import (
	"os"
	"syscall"
)

// fdatasync flushes f's data and size to stable storage, as the log store's File.Sync does on
// Linux.
func fdatasync(f *os.File) error {
	for {
		err := syscall.Fdatasync(int(f.Fd()))
		if err != syscall.EINTR {
			return err
		}
	}
}
