//go:build linux

package main

import (
	"fmt"
	"syscall"
)

// fsType names the file system dir lives on, from statfs(2)'s magic number.
func fsType(dir string) string {
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		return "unknown: " + err.Error()
	}
	switch uint64(st.Type) {
	case 0xEF53:
		return "ext4"
	case 0x58465342:
		return "xfs"
	case 0x9123683E:
		return "btrfs"
	case 0x01021994:
		return "tmpfs (memory: fdatasync is free)"
	case 0x794C7630:
		return "overlayfs"
	}
	return fmt.Sprintf("statfs type %#x", uint64(st.Type))
}
