//go:build unix && !linux

package agent

import (
	"errors"
	"syscall"
)

// membersDieWithAgent: without PR_SET_PDEATHSIG a member outlives an agent that is killed;
// the next incarnation reports it lost but cannot find it to stop it.
const membersDieWithAgent = false

func sysProcAttr() *syscall.SysProcAttr { return &syscall.SysProcAttr{Setpgid: true} }

func sweepLeftovers(dataDir string, incarnation uint64) (int, error) {
	return 0, errors.New("agent: finding the members of an earlier incarnation needs Linux's /proc")
}
