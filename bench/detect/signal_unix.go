//go:build unix

package main

import (
	"os"
	"syscall"
)

var (
	sigStop os.Signal = syscall.SIGSTOP
	sigCont os.Signal = syscall.SIGCONT
	sigKill os.Signal = syscall.SIGKILL
)

func signalProcess(p *os.Process, s os.Signal) error { return p.Signal(s) }
