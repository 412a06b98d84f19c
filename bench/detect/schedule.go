package main

import (
	"math/rand/v2"
	"time"
)

// A pause is one stop of the monitored processes: SIGSTOP at From (from the start of the
// schedule), SIGCONT at From+Length.
type pause struct {
	From   time.Duration `json:"from_ns"`
	Length time.Duration `json:"length_ns"`
}

// makeSchedule returns the pauses of one trial's schedule of about length: the processes run
// for a time drawn uniformly from [minGap, maxGap), are stopped for a time drawn uniformly
// from [1ms, maxPause], and so on, ending with a run. The last pause ends at least minGap
// before length. Deterministic for a given rng.
func makeSchedule(rng *rand.Rand, length, minGap, maxGap, maxPause time.Duration) []pause {
	var ps []pause
	at := time.Duration(0)
	for {
		at += minGap + time.Duration(rng.Int64N(int64(maxGap-minGap)+1))
		d := time.Millisecond + time.Duration(rng.Int64N(int64(maxPause-time.Millisecond)+1))
		if at+d+minGap > length {
			return ps
		}
		ps = append(ps, pause{From: at, Length: d})
		at += d
	}
}
