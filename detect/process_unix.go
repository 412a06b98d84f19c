//go:build unix

package detect

import (
	"os"
	"syscall"
)

// exitStatus returns the exit code (-1 if signalled) and the signal's name.
func exitStatus(st *os.ProcessState) (int, string) {
	if ws, ok := st.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		return -1, ws.Signal().String()
	}
	return st.ExitCode(), ""
}

func defaultEndSignal() os.Signal { return syscall.SIGABRT }
