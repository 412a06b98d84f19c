//go:build unix && !linux

package agent

import (
	"errors"
	"syscall"
)

func sysProcAttr() *syscall.SysProcAttr { return &syscall.SysProcAttr{Setpgid: true} }

func sweepLeftovers(dataDir string, incarnation uint64) (int, error) {
	return 0, errors.New("agent: finding the members of an earlier incarnation needs Linux's /proc")
}
