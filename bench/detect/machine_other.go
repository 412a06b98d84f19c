//go:build !linux

package main

func kernelRelease() string { return "" }
func cpuModel() string      { return "" }
