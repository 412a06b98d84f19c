//go:build !linux

package main

func fsType(string) string  { return "unknown" }
func kernelRelease() string { return "" }
func cpuModel() string      { return "" }
