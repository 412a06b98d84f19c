//go:build linux

package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"time"
)

// clockTick is the unit of utime and stime in /proc/PID/stat (USER_HZ, 100 on every Linux
// port Go supports).
const clockTick = 10 * time.Millisecond

// selfCPU returns the CPU time (user and system) this process used so far, without its
// children's; ok is false when /proc cannot be read.
func selfCPU() (time.Duration, bool) {
	b, err := os.ReadFile("/proc/self/stat")
	if err != nil {
		return 0, false
	}
	_, _, st, ok := parseStat(b)
	return time.Duration(st[1]) * clockTick, ok
}

// treeCPU returns the CPU time (user and system) used so far by each of the processes roots
// and all their live descendants, by pid, read from /proc. ok is false when /proc cannot be
// read.
func treeCPU(roots ...int) (map[int]procCPU, bool) {
	paths, err := filepath.Glob("/proc/[0-9]*/stat")
	if err != nil || len(paths) == 0 {
		return nil, false
	}
	type stat struct {
		ppid, ticks int
		name        string
	}
	all := map[int]stat{}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			continue // exited meanwhile
		}
		pid, name, st, ok := parseStat(b)
		if ok {
			all[pid] = stat{st[0], st[1], name}
		}
	}
	in := map[int]bool{}
	for _, r := range roots {
		in[r] = true
	}
	// Descendants: repeat until no new process joins (a pid's parent may be listed after it).
	for grew := true; grew; {
		grew = false
		for pid, s := range all {
			if !in[pid] && in[s.ppid] {
				in[pid], grew = true, true
			}
		}
	}
	out := make(map[int]procCPU, len(in))
	for pid := range in {
		if s, ok := all[pid]; ok {
			out[pid] = procCPU{Name: s.name, CPU: time.Duration(s.ticks) * clockTick}
		}
	}
	return out, true
}

// parseStat reads the pid, the command name, the parent pid and utime+stime from a
// /proc/PID/stat line. The command name (field 2) is in parentheses and may hold spaces:
// fields are counted after its closing parenthesis.
func parseStat(b []byte) (pid int, name string, ppidTicks [2]int, ok bool) {
	open, end := bytes.IndexByte(b, '('), bytes.LastIndexByte(b, ')')
	if open < 0 || end < open {
		return 0, "", ppidTicks, false
	}
	pid, err := strconv.Atoi(string(bytes.TrimSpace(b[:open])))
	if err != nil {
		return 0, "", ppidTicks, false
	}
	// After ")": state(3) ppid(4) ... utime(14) stime(15).
	f := bytes.Fields(b[end+1:])
	if len(f) < 13 {
		return 0, "", ppidTicks, false
	}
	num := func(i int) int { n, _ := strconv.Atoi(string(f[i-3])); return n }
	return pid, string(b[open+1 : end]), [2]int{num(4), num(14) + num(15)}, true
}
