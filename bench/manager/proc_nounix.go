//go:build !unix

package main

import (
	"os/exec"
	"time"
)

// selfRusage is unknown off Unix.
func selfRusage() (user, sys time.Duration, maxRSSKiB int64) { return 0, 0, 0 }

func signalKill(cmd *exec.Cmd) error { return cmd.Process.Kill() }
