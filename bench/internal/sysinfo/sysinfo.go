// Package sysinfo describes the machine a benchmark runs on, for the header every benchmark
// prints beside its figures: the kernel, the CPU model and the file system under a directory.
// Each function returns "" (or "unknown") rather than an error: a benchmark never fails for
// want of a description.
package sysinfo
