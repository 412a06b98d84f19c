//go:build unix

package main

import (
	"os/exec"
	"syscall"
	"time"
)

// selfRusage returns this process's user and system CPU time and its peak RSS in KiB
// (getrusage(2): ru_maxrss is KiB on Linux, bytes on Darwin).
func selfRusage() (user, sys time.Duration, maxRSSKiB int64) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, 0, 0
	}
	return time.Duration(ru.Utime.Nano()), time.Duration(ru.Stime.Nano()), int64(ru.Maxrss)
}

func signalKill(cmd *exec.Cmd) error { return cmd.Process.Signal(syscall.SIGKILL) }
