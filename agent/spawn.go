package agent

import (
	"os/exec"
	"runtime"
)

// spawner starts member processes from one goroutine locked to its OS thread. On Linux a
// member's parent-death signal (PR_SET_PDEATHSIG) fires when the thread that forked it exits,
// and the Go runtime may end threads of its own accord; a thread that stays locked for the
// agent's lifetime ends only with the agent, which is when the members must die. close ends
// the goroutine (and the thread with it): call it once the members are stopped.
type spawner struct {
	reqs chan spawnReq
}

type spawnReq struct {
	cmd *exec.Cmd
	err chan<- error
}

func newSpawner() *spawner {
	s := &spawner{reqs: make(chan spawnReq)}
	go func() {
		runtime.LockOSThread() // never unlocked: the thread exits with this goroutine
		for r := range s.reqs {
			r.err <- r.cmd.Start()
		}
	}()
	return s
}

func (s *spawner) start(cmd *exec.Cmd) error {
	ch := make(chan error, 1)
	s.reqs <- spawnReq{cmd: cmd, err: ch}
	return <-ch
}

func (s *spawner) close() { close(s.reqs) }
