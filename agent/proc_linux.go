package agent

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
)

// sysProcAttr puts a member in its own process group and asks the kernel to SIGKILL it when
// the agent dies (PR_SET_PDEATHSIG). The death signal fires when the thread that forked the
// child exits, not the process, so members are started from one goroutine locked to its
// thread for the agent's lifetime (see spawner).
func sysProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}

// sweepLeftovers kills every process of this user whose environment says an earlier
// incarnation of the agent on dataDir started it (markerDataDir, markerIncarnation): the
// grandchildren of members that PR_SET_PDEATHSIG does not reach, and members of an agent
// that died on another platform's terms. It reports how many it killed.
func sweepLeftovers(dataDir string, incarnation uint64) (int, error) {
	wantDir := []byte(markerDataDir + "=" + dataDir)
	ours := []byte(markerIncarnation + "=" + strconv.FormatUint(incarnation, 10))
	killed := 0
	// A process may fork while it is swept: go round until a pass finds nothing (bounded).
	for pass := 0; pass < 5; pass++ {
		ents, err := os.ReadDir("/proc")
		if err != nil {
			return killed, fmt.Errorf("agent: sweep: %w", err)
		}
		found := 0
		for _, e := range ents {
			pid, err := strconv.Atoi(e.Name())
			if err != nil || pid == os.Getpid() {
				continue
			}
			env, err := os.ReadFile(filepath.Join("/proc", e.Name(), "environ"))
			if err != nil {
				continue // gone, or another user's
			}
			hasDir, isOurs := false, false
			for _, kv := range bytes.Split(env, []byte{0}) {
				switch {
				case bytes.Equal(kv, wantDir):
					hasDir = true
				case bytes.Equal(kv, ours):
					isOurs = true
				}
			}
			if hasDir && !isOurs {
				if syscall.Kill(pid, syscall.SIGKILL) == nil {
					found++
				}
			}
		}
		killed += found
		if found == 0 {
			return killed, nil
		}
	}
	return killed, nil
}
