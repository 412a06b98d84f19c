//go:build !unix

package main

import (
	"errors"
	"os"
)

var sigStop, sigCont, sigKill os.Signal = os.Interrupt, os.Interrupt, os.Kill

// signalProcess can only kill: pausing a process needs SIGSTOP, which only unix has.
func signalProcess(p *os.Process, s os.Signal) error {
	if s == os.Kill {
		return p.Kill()
	}
	return errors.New("bench/detect: pausing processes needs a unix system")
}
