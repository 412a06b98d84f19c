package main

import (
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
)

func writeHeapProfile(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	runtime.GC()
	return pprof.WriteHeapProfile(f)
}

// phaseProfiler writes one CPU profile per phase of a scale run: prefix-PHASE.pprof.
type phaseProfiler struct {
	prefix string
	f      *os.File
}

func (p *phaseProfiler) start(phase string) error {
	if p.prefix == "" {
		return nil
	}
	p.stop()
	f, err := os.Create(fmt.Sprintf("%s-%s.pprof", p.prefix, phase))
	if err != nil {
		return err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return err
	}
	p.f = f
	return nil
}

func (p *phaseProfiler) stop() {
	if p.f != nil {
		pprof.StopCPUProfile()
		p.f.Close()
		p.f = nil
	}
}
