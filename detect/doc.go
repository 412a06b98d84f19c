// Package detect is Warden's fault detection: push heartbeats judged by a fixed timeout or by
// phi accrual, pull polling of grpc.health.v1 or TCP, a child-process watcher and an
// application watchdog. Every detector reports Verdicts that carry the failure semantics
// (crash, pause, amnesia, omission, timing), the source, the times and the evidence, so that a
// caller (the agent, the manager, warden monitor) turns them into fault events. The package
// needs no manager and no other Warden package.
//
// # Design: pure cores, thin drivers
//
// Each detector is a pure core that takes inputs and now and returns verdicts, and a driver
// (goroutines, sockets, timers) around it:
//
//	core              inputs                         driver
//	TimeoutJudge,     arrival times, now             (used by HeartbeatTracker)
//	PhiJudge
//	HeartbeatTracker  Heartbeat + arrival time, now  (one source; used by RawReceiver)
//	RawReceiver       many sources, deadlines        Receiver (UDP socket)
//	PollTracker       PollResult                     Poller (+ HealthProbe, TCPProbe)
//	ExitVerdict       *os.ProcessState               ProcessWatcher
//	WatchdogTracker   kicks, now                     Watchdog
//
// Cores read no clock and are not safe for concurrent use; drivers are. Drivers read time
// only from the Clock in their config (SystemClock by default; detecttest.Clock in tests)
// and arm one timer for the next deadline instead of ticking, so a verdict comes when a
// threshold is crossed.
//
// # Verdicts
//
// A Verdict says who (Source, Detector), what (Kind, Semantics, State, Certain), when (At, and
// Since: the detector's estimate of the fault's onset) and why (Evidence). The transitions:
//
//	detector    verdict                         when
//	heartbeat   KindUp                          first heartbeat of a source
//	heartbeat   KindFault Crash, suspect        the judge suspects (a pause looks the same
//	                                            until heartbeats resume)
//	heartbeat   KindRecovered Pause             heartbeats resume, same incarnation
//	heartbeat   KindRecovered Amnesia           heartbeats resume with a higher incarnation
//	heartbeat   KindFault Amnesia, alive        a higher incarnation arrives before any
//	                                            suspicion (restarted faster than detection)
//	pull        KindUp / KindRecovered          first good reply / good reply after a fault
//	pull        KindFault Omission              no reply within Timeout, or NOT_SERVING
//	pull        KindFault Crash, failed         CrashAfter consecutive omissions
//	pull        KindFault Timing                a reply later than TimingBound
//	process     KindFault Crash, failed,        the child exited or was killed (exit code,
//	            certain                         signal)
//	watchdog    KindFault Timing, certain       no kick within Timeout
//	watchdog    KindRecovered Timing            the next kick
//
// A detector reports changes, not every observation: one Omission, then one Crash when the
// omissions reach CrashAfter, then one Recovered.
//
// Mapping to fault events (package notify): Crash from a host's agent heartbeat is a
// HostCrashFault, from a member an ObjectCrashFault; Omission an OmissionFault; Timing a
// TimingFault; Amnesia an ObjectCrashFault whose evidence has prev_incarnation;
// KindRecovered a MemberRecovered whose evidence names what ended (semantics). Verdict.Certain
// maps to severity; Evidence.KeyValues gives the event's free key/values.
//
// # Observers
//
// Drivers deliver verdicts to registered Observers, in order, without ever blocking: a
// channel observer (NewObserver) drops a verdict when its channel is full and counts it
// (Observer.Dropped); a callback observer (NewFuncObserver) must return quickly and must not
// call back into the driver. The ProcessWatcher also returns each process's verdict on its
// own channel.
//
// # Push heartbeats
//
// A Sender sends a heartbeat every Interval over UDP to every target; a Receiver judges each
// source with a fresh judge per incarnation:
//
//	recv, err := detect.NewReceiver(detect.DefaultReceiverConfig()) // phi accrual, :7950
//	ch := make(chan detect.Verdict, 256)
//	recv.Register(detect.NewObserver(ch, nil))
//	go recv.Run(ctx)
//
//	cfg := detect.DefaultSenderConfig() // every 250ms
//	cfg.Source, cfg.Targets = "agent-host-a", []string{"manager-1:7950", "manager-2:7950"}
//	snd, err := detect.NewSender(cfg)
//	go snd.Run(ctx)
//
// UDP, not a gRPC stream, because a heartbeat is only worth its arrival time: TCP would
// retransmit a lost one and deliver it, and every heartbeat queued behind it, late (head-of-line
// blocking, a 200ms minimum retransmission timeout on Linux), which is exactly the jitter
// that makes a judge suspect; a lost heartbeat should stay lost (the sequence numbers count
// it). UDP also has no connection to re-establish when either side restarts, so a sender that
// restarts is heard at once with its new incarnation, and one socket serves every source.
// Heartbeats are not encrypted; set Key on both sides to authenticate them (HMAC-SHA256),
// so that a forged heartbeat cannot hide a crash.
//
// Wire format of one datagram (integers big-endian):
//
//	| 'W' 'H' 'B' | version=1 | flags | n | 0 0 | seq u64 | incarnation u64 |
//	|   3 bytes   |  1 byte   |   1   | 1 |  2  |    8    |        8        |
//	| sent_at unix ns i64 | interval ns i64 | source (n bytes, 1..255) | tag (16 bytes) |
//	|          8          |        8        |                          | if flags&1     |
//
// The tag is HMAC-SHA256 over everything before it, truncated to 16 bytes. AppendHeartbeat and
// ParseHeartbeat are the codec.
//
// The incarnation must grow across restarts of a source (the default is the start time in
// Unix nanoseconds): a higher one means the source lost its state (amnesia); heartbeats of a
// lower one are late packets of a dead incarnation and are ignored. Sequence numbers that do
// not grow are duplicates or reordered and are ignored; gaps are counted as lost.
//
// # Judges
//
// TimeoutJudge suspects after Interval x Multiplier of silence (the seeds' "interval * 2";
// the profiles use 3). PhiJudge is phi accrual (Hayashibara et al., SRDS 2004): it models
// inter-arrival times over a SampleWindow as normal with mean + AcceptablePause and
// standard deviation at least MinStdDeviation, and suspects when phi = -log10(P(a live source
// is this late)) reaches Threshold. Both take arrival times and now and return a level and a
// verdict; SuspectAt gives the exact time a threshold will be crossed. The gap that ends a
// suspicion is not learnt as a sample. bench/detect measures both against hashicorp/memberlist.
//
// # Pull
//
// A Poller calls a Probe every Interval with a Timeout (FaultMonitoringInterval and
// FaultMonitoringTimeout): HealthProbe calls grpc.health.v1.Health/Check, TCPProbe connects.
//
//	probe, err := detect.DialHealthProbe("10.0.0.7:8080", "")
//	cfg := detect.DefaultPollConfig()
//	cfg.Target = "bank/member-2"
//	p, err := detect.NewPoller(cfg, probe)
//	p.Register(obs)
//	go p.Run(ctx)
//
// # Processes and watchdogs
//
//	w := detect.NewProcessWatcher(nil, logger)
//	cmd.Start()
//	done, err := w.WatchCmd("bank/member-2", cmd) // w calls cmd.Wait
//	v := <-done // KindFault Crash, Evidence.ExitCode, Evidence.Signal
//
//	wd, err := detect.NewWatchdog(detect.WatchdogConfig{Name: "apply-loop", Timeout: 5 * time.Second,
//		EndProcess: true}) // SIGABRT to this process on a missed deadline
//	go wd.Run(ctx)
//	for { wd.Kick(); applyNext() }
//
// # Configuration
//
// Every config struct has DefaultXConfig() (the LAN profile) and, where the numbers differ,
// LocalXConfig() for targets on the same host; Validate reports every bad field with its
// value, each error wrapping ErrInvalidConfig. Constructors validate.
//
// # Logging
//
// Drivers log verdicts (Warn for faults, Info otherwise) and socket trouble (Debug) to the
// *slog.Logger in their config; nothing is logged without one. Give it the attributes that
// place the detector (location, group, epoch) with Logger.With.
package detect
