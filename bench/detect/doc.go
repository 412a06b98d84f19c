// Command detect benchmarks crash detection: Warden's heartbeat judges (package
// github.com/wardenft/warden/detect: phi accrual and the fixed timeout) against
// hashicorp/memberlist's SWIM failure detector, on the same processes, pauses and kills.
//
// Run it from the bench module:
//
//	cd bench && go run ./detect            # 12 trials of 8s, about 3 minutes
//	cd bench && go run ./detect -quick     # 4 trials of 1.5s, under 40 seconds
//	cd bench && go run ./detect -long      # the 10-minute pause schedule: 60 trials of 10s, about 17 minutes
//	cd bench && go run ./detect -json      # one JSON object instead of the table
//
// The table ends with the machine and a command line, every setting spelled out, that
// reproduces the run; -help describes every flag.
//
// # What runs where
//
// The harness process holds every judge's observing side: one detect.Receiver per Warden
// judge on its own loopback UDP port, and one memberlist node per memberlist profile. Each
// trial starts, as separate processes (this binary re-executed in a child role):
//
//   - a heartbeat sender (detect.Sender, every -interval = 100ms) sending each heartbeat to all
//     the Receivers, so that the Warden judges see the very same arrivals;
//   - one memberlist member per profile, which joins its observer and is probed by it.
//
// # A trial
//
// After -warmup, the harness runs a pause schedule of -schedule: the monitored processes run
// for a time uniform in [-min-gap, -max-gap] (300ms-1.5s), then all are stopped (SIGSTOP)
// for a time uniform in [1ms, -max-pause] (150ms) and continued (SIGCONT), and so on. Every
// process gets the same pauses at the same moment; trial t's schedule comes from
// PCG(-seed, t). A judge that declares its process failed during the schedule scores a false
// positive: a detect.Verdict of KindFault/Crash for the Warden judges, memberlist's
// NotifyLeave (the member marked dead) for memberlist. After the schedule and a further
// random wait of up to -kill-jitter (1s, so that the kill falls at every phase of the
// heartbeat and probe periods), all processes are SIGKILLed at once; a judge's detection time
// is from the kill to its first such verdict (0 if a false suspicion was still open at the
// kill; missed if none came within -detect-timeout).
//
// The judges:
//
//   - phi: detect.LocalReceiverConfig with phi accrual (detect.LocalPhiConfig).
//   - timeout: the fixed timeout, interval x 3 (detect.LocalTimeoutConfig).
//   - timeout-x2: the seeds' interval x 2, to show why the profiles use 3.
//   - memberlist-local: memberlist.DefaultLocalConfig as it is (probe every 1s, 200ms probe
//     timeout, suspicion 3 x 1s with two nodes).
//   - memberlist-100ms: DefaultLocalConfig with ProbeInterval 100ms and ProbeTimeout 50ms,
//     the same period as the heartbeats.
//
// memberlist runs with two nodes, its fastest case: with fewer than SuspicionMult-2 other
// members to confirm a suspicion it waits the minimum suspicion timeout.
//
// # Report and targets
//
// Per judge: detection p50, p99 (nearest rank) and max, kills missed, false positives, and
// the ratio of its p50 to each memberlist's. The targets for phi accrual are checked
// and marked met or MISSED: p99 detection <= 500ms with no kill missed; zero false positives
// (over a 10-minute schedule: -long); p50 and p99 at most 0.3x memberlist-local's; p50 and
// p99 no slower than memberlist-100ms's; no more false positives than either memberlist.
//
// Everything runs on one machine over loopback; the figures include its scheduling noise.
// Compare runs on one machine only.
package main
