//go:build !linux

package sysinfo

// FSType is "unknown" off Linux.
func FSType(string) string { return "unknown" }

// KernelRelease is "" off Linux.
func KernelRelease() string { return "" }

// CPUModel is "" off Linux.
func CPUModel() string { return "" }
