package detect_test

import (
	"context"
	"fmt"
	"time"

	"github.com/wardenft/warden/detect"
)

// A judge is a pure function of arrival times: no clock, no goroutine.
func ExamplePhiJudge() {
	j := detect.NewPhiJudge(detect.LocalPhiConfig(), 100*time.Millisecond)
	start := time.Unix(0, 0)
	for i := range 50 {
		j.Observe(start.Add(time.Duration(i) * 100 * time.Millisecond))
	}
	last := start.Add(4900 * time.Millisecond)
	fmt.Printf("phi after 150ms of silence: %.2f\n", j.Level(last.Add(150*time.Millisecond)))
	fmt.Printf("suspected after %v of silence\n", j.SuspectAt().Sub(last).Round(time.Millisecond))
	// Output:
	// phi after 150ms of silence: 0.00
	// suspected after 312ms of silence
}

// Heartbeats from a sender to a receiver, and the verdicts on a channel.
func ExampleReceiver() {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	rcfg := detect.LocalReceiverConfig()
	rcfg.Addr = "127.0.0.1:0"
	recv, err := detect.NewReceiver(rcfg)
	if err != nil {
		panic(err)
	}
	verdicts := make(chan detect.Verdict, 64)
	recv.Register(detect.NewObserver(verdicts, nil))
	go recv.Run(ctx)

	scfg := detect.LocalSenderConfig()
	scfg.Source, scfg.Targets = "worker-1", []string{recv.Addr().String()}
	snd, err := detect.NewSender(scfg)
	if err != nil {
		panic(err)
	}
	go snd.Run(ctx)

	for v := range verdicts {
		// Turn v into a fault event: v.Kind, v.Semantics, v.Source, v.At, v.Since,
		// v.Evidence.KeyValues().
		fmt.Println(v)
	}
}
