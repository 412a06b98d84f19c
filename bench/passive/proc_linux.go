//go:build linux

package main

import (
	"os/exec"
	"syscall"
)

// dieWithParent makes a child process get SIGKILL when this process ends, so that a harness
// killed mid-run leaves no servers behind.
func dieWithParent(cmd *exec.Cmd) {
	cmd.SysProcAttr.Pdeathsig = syscall.SIGKILL
}
