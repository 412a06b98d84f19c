//go:build !unix

package agent

import (
	"errors"
	"os"
	"strconv"
	"syscall"
)

// Without process groups and signals a member is its process alone, and a stop kills it.
func sysProcAttr() *syscall.SysProcAttr { return nil }

func terminate(p *os.Process, pgid int) error { return p.Kill() }

func kill(p *os.Process, pgid int) error {
	if err := p.Kill(); err != nil && !errors.Is(err, os.ErrProcessDone) {
		return err
	}
	return nil
}

func exitStatus(st *os.ProcessState) string {
	if st == nil {
		return "unknown"
	}
	return "exit " + strconv.Itoa(st.ExitCode())
}

func sweepLeftovers(dataDir string, incarnation uint64) (int, error) {
	return 0, errors.New("agent: finding the members of an earlier incarnation needs Linux's /proc")
}
