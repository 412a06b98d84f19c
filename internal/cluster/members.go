package cluster

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// ErrNoMemberProcess: no running child of the cluster's agents is the member asked for.
var ErrNoMemberProcess = errors.New("no member process")

// Pid returns the process id of the current run (0 before the first run).
func (p *Proc) Pid() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.cmd == nil || p.cmd.Process == nil {
		return 0
	}
	return p.cmd.Process.Pid
}

// MemberPID returns the pid of the member process an agent of this cluster started for
// group and member (its WARDEN_GROUP and WARDEN_MEMBER environment), so that a test can
// signal a backup as well as the primary. Only children of this cluster's running agents
// are considered: another test's processes on the same host, even with the same group and
// member ids, are never found. Linux only (it reads /proc); ErrNoMemberProcess when there
// is no such process (not started yet, or already reaped).
func (c *Cluster) MemberPID(group, member string) (int, error) {
	c.mu.Lock()
	agents := map[int]bool{}
	for _, a := range c.Agents {
		if !a.Exited() {
			agents[a.Pid()] = true
		}
	}
	c.mu.Unlock()
	ents, err := os.ReadDir("/proc")
	if err != nil {
		return 0, err
	}
	want := [][]byte{[]byte("WARDEN_GROUP=" + group), []byte("WARDEN_MEMBER=" + member)}
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		ppid, state, ok := procStat(pid)
		if !ok || !agents[ppid] || state == "Z" {
			continue
		}
		env, err := os.ReadFile(filepath.Join("/proc", e.Name(), "environ"))
		if err != nil {
			continue // exited meanwhile
		}
		found := 0
		for _, kv := range bytes.Split(env, []byte{0}) {
			for _, w := range want {
				if bytes.Equal(kv, w) {
					found++
				}
			}
		}
		if found == len(want) {
			return pid, nil
		}
	}
	return 0, fmt.Errorf("%w: group %s member %s", ErrNoMemberProcess, group, member)
}

// procStat reads the parent pid and the state letter from /proc/PID/stat.
func procStat(pid int) (ppid int, state string, ok bool) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, "", false
	}
	// "pid (comm) state ppid ...": comm may hold spaces and parentheses; it ends at the last ')'.
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return 0, "", false
	}
	f := strings.Fields(s[i+1:])
	if len(f) < 2 {
		return 0, "", false
	}
	ppid, err = strconv.Atoi(f[1])
	return ppid, f[0], err == nil
}
