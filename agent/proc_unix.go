//go:build unix

package agent

import (
	"errors"
	"os"
	"strconv"
	"syscall"
)

// Members run in their own process group (Setpgid), whose id is the member's pid, so that a
// stop reaches whatever the member started too (a shell's children, helpers).

// terminate asks a member to stop: SIGTERM to its process group, then SIGCONT so that a
// member that is stopped (SIGSTOP) can act on it.
func terminate(p *os.Process, pgid int) error {
	err := syscall.Kill(-pgid, syscall.SIGTERM)
	_ = syscall.Kill(-pgid, syscall.SIGCONT)
	return ignoreGone(err)
}

// kill ends a member's process group at once (SIGKILL; a stopped process dies too).
func kill(p *os.Process, pgid int) error {
	return ignoreGone(syscall.Kill(-pgid, syscall.SIGKILL))
}

func ignoreGone(err error) error {
	if errors.Is(err, syscall.ESRCH) {
		return nil
	}
	return err
}

// exitStatus describes how a process ended as ActualMember.exit_status wants it: "exit 1",
// "signal SIGKILL".
func exitStatus(st *os.ProcessState) string {
	if st == nil {
		return "unknown"
	}
	if ws, ok := st.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		return "signal " + signalName(ws.Signal())
	}
	return "exit " + strconv.Itoa(st.ExitCode())
}

var signalNames = map[syscall.Signal]string{
	syscall.SIGHUP: "SIGHUP", syscall.SIGINT: "SIGINT", syscall.SIGQUIT: "SIGQUIT",
	syscall.SIGILL: "SIGILL", syscall.SIGTRAP: "SIGTRAP", syscall.SIGABRT: "SIGABRT",
	syscall.SIGBUS: "SIGBUS", syscall.SIGFPE: "SIGFPE", syscall.SIGKILL: "SIGKILL",
	syscall.SIGUSR1: "SIGUSR1", syscall.SIGSEGV: "SIGSEGV", syscall.SIGUSR2: "SIGUSR2",
	syscall.SIGPIPE: "SIGPIPE", syscall.SIGALRM: "SIGALRM", syscall.SIGTERM: "SIGTERM",
	syscall.SIGXCPU: "SIGXCPU", syscall.SIGXFSZ: "SIGXFSZ", syscall.SIGSYS: "SIGSYS",
}

func signalName(s syscall.Signal) string {
	if n, ok := signalNames[s]; ok {
		return n
	}
	return "SIG" + strconv.Itoa(int(s))
}
