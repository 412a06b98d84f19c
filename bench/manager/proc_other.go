//go:build !linux

package main

import "os/exec"

// rss is unknown off Linux.
func rss() (now, peak int64) { return 0, 0 }

// dieWithParent does nothing off Linux: children of a killed harness must be ended by hand.
func dieWithParent(*exec.Cmd) {}
