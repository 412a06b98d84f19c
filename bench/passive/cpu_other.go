//go:build !linux

package main

import "time"

// selfCPU and treeCPU need /proc: off Linux the CPU figures are not measured.
func selfCPU() (time.Duration, bool) { return 0, false }

func treeCPU(roots ...int) (map[int]procCPU, bool) { return nil, false }
