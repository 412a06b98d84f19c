// Command passive benchmarks Warden's passive replication (package replica, the client SDK in
// package client, the manager's repair loop) with the WARM_PASSIVE counter of
// examples/counter: how long clients see no answer when the primary fails (the P1),
// beside Redis with Sentinel and etcd on the same machine in the same run, and what
// replication costs in throughput (P6).
//
// Run it from the bench module:
//
//	cd bench && go run ./passive                      # 30 kills per system, 5 host losses, 5 pauses, 5 overhead runs
//	cd bench && go run ./passive -quick               # Warden only, 3 kills, 1 host loss, 1 pause, one overhead run: ~25s
//	cd bench && go run ./passive -mode failover       # one part only (-mode overhead)
//	cd bench && go run ./passive -json                # one JSON object instead of the tables
//	cd bench && go run ./passive -mode failover -warden=false -peers redis -redis-down-after 500ms   # try Sentinel settings
//
// The output ends with the machine, the commit of the tree it ran (+dirty with uncommitted
// changes) and a command line, every setting spelled out, that reproduces the run; -help
// describes every flag. Linux only in practice (SIGSTOP, and children die with the harness
// through Pdeathsig); needs go on PATH (it builds the tree it measures).
//
// # Warden
//
// The harness builds `warden` and `examples/counter` from the root module (go build), then
// starts one `warden manager` (--profile local: agents heartbeat every 100ms, primaries'
// leases of 1s) and three `warden agent`s at locations a, b and c, all on loopback with ports
// they pick themselves (read from their first line of output). It registers the counter as a
// type and creates the group "counter": WARM_PASSIVE, 3 members (initial = minimum), PULL
// health checks every 200ms with a 200ms timeout (the agent's --pull-crash-after 3): the
// settings of examples/counter's process test. The agents start the members.
//
// The load is -clients goroutines (4) calling Increment in a loop through one
// client.NewClient("warden:///counter") connection with client.DefaultConfig and the
// generated stubs, each call with the client's DefaultTimeout (5s) as its deadline; the
// completion time of every successful call is recorded, and a failed call (one the client
// could not mask) is counted and must not happen.
//
// A fault, repeated: wait until the group is healthy (3 members, a primary, every backup
// caught up) and 20 more calls succeeded; find the primary's pid (the counter's Get answers
// with it, checked against the manager's view); inject:
//
//   - process crash (-kills, 30): SIGKILL of the primary. Its agent sees the exit at once
//     (a certain fault), the manager promotes a caught-up backup without waiting for the
//     lease, and creates a replacement at the freed location.
//   - host loss (-host-losses, 5): SIGKILL of the primary's agent and of the primary at the
//     same instant. Nobody reports the exit: the manager suspects the location when the
//     agent's heartbeat stream drops (at once for a killed agent; a host that goes silent
//     without closing its connections waits for the phi accrual judge), and may promote only
//     after the old primary's lease has surely expired (lease x 1.01). The agent restarts on
//     its data dir once the failover is measured.
//   - pause (-pauses, 5): SIGSTOP of the primary. Its agent's health checks time out; after
//     3 it judges the member crashed, reports it and kills it. SIGCONT once measured.
//
// Then the harness waits until the manager's view names another primary, and until a call
// succeeds after that ("served"), and until the group is healthy again ("recovered": the
// replacement started, joined by state transfer and caught up).
//
// # What is measured
//
// From the completion times of the successful calls, per fault:
//
//   - failover gap: the largest interval between consecutive successes that ends after the
//     fault and no later than "served". This is the client-seen unavailability at a
//     failover, the number compared with the peers and with the 50ms target.
//   - rejoin gap: the largest interval between successes after "served" until "recovered":
//     what the replacement's join costs the clients (Warden), or the restarted process's
//     return (peers). Reported beside it, and a target line counts the larger of the two.
//
// p50, p99 (nearest rank: with fewer than 100 faults, the slowest) and max over the faults of
// each kind. For host loss and pause, the bound the issue sets, lease + detection, is computed
// from the code measured: manager.LocalControlConfig's lease with its drift allowance, plus,
// for a host, the phi accrual judge's suspicion time after steady heartbeats plus one
// interval (the silent host's case: the bound holds for both), and for a pause 3 health
// checks 200ms apart plus the 200ms timeout. The manager's and the client's own few
// milliseconds (committing the view, sending it, the first lease) are not in the bound.
//
// -client-log FILE writes the client's debug log (every retry with its member, epoch and
// reason, every view it adopts) with the harness's fault injections interleaved: the way to
// see where a gap goes. -keep keeps every process's log (the manager, the agents, and the
// members' under agent-X/logs/).
//
// # The peers
//
// Same machine, same run, the same number of writers (-clients) each writing in a loop, the
// same gap definitions; -peer-kills kills each (default -kills). A peer whose binaries are
// missing is installed with `apt-get install -y --no-install-recommends` (with apt-get update
// and a second try if that fails; we run as root on Debian) and the command is printed;
// -install=false only reports it. A peer that cannot be installed or fails is skipped with
// the reason in the table; Warden's figures stand. Talking to them needs no client library:
// RESP over a net.Conn for Redis and Sentinel, etcd's v3 JSON gateway over net/http.
//
//   - Redis with Sentinel (Debian's redis-server and redis-sentinel, 7.0): one master and two
//     replicas (no persistence: --save "" --appendonly no), three sentinels (quorum 2,
//     failover-timeout 3s, parallel-syncs 2), all on loopback. A writer asks the sentinels in
//     turn for the master (SENTINEL get-master-addr-by-name), connects, and INCRs until an
//     error (connection refused or reset, READONLY from a demoted master); then it asks
//     again 10ms later. The master is SIGKILLed; "served" is the first write after sentinel
//     0 names another master. The killed server restarts on its port as a replica of the new
//     master; recovered when every sentinel names the same master with no failover in
//     progress, knows the 2 other sentinels and 2 replicas with healthy links, and the master
//     reports 2 replicas online. A subscriber on sentinel 0 counts +sdown of the master and
//     +switch-master outside the kills (false suspicions, spurious failovers): the stability
//     line under the table.
//
//     down-after-milliseconds is -redis-down-after. Sentinel pings each instance every
//     second, or every down-after when that is shorter, so down-after bounds detection; the
//     default is the smallest value that stayed stable here (see "Sentinel's
//     down-after-milliseconds" below).
//
//   - etcd (Debian's etcd-server, 3.4): three members on loopback with etcd's default
//     --heartbeat-interval 100 and --election-timeout 1000 (-etcd-heartbeat, -etcd-election).
//     A writer puts through one member's gateway (POST /v3/kv/put, 1s timeout) and moves to
//     the next member 10ms after an error, as clientv3 fails over between endpoints. The
//     leader (from /v3/maintenance/status) is SIGKILLed; "served" is the first put after a
//     survivor names another leader. The killed member restarts on its data dir; recovered
//     when all three name the same leader with raft indexes within 10 entries.
//
// The table's ratio is Warden's p99 failover gap on a process crash over each peer's p99; the
// target is 0.05x the best peer.
//
// # Sentinel's down-after-milliseconds
//
// Found with `-mode failover -warden=false -peers redis -kills N -redis-down-after D` on the
// 2-core machine these figures come from (shared with other work, load average 8-18 while
// it ran), counting failovers per kill on the stability line:
//
//	down-after   failovers / kills   failover gap (p50)   what happened
//	200ms        5 / 2               0.9-1.4s             the new master judged down again right after each switch: cascades
//	300ms        15 / 6              1.5s                 the same; 20-40s to settle after each kill
//	500ms        10 / 6              1.7s                 the same, less often
//	750ms        9 / 8               2.0s                 one extra failover (26s to settle)
//	1000ms       6 / 6, 34 / 30      2.2s                 stable in a short run, 4 cascades in 30 kills
//	1500ms       15 / 15             2.7s                 stable
//	2000ms       15 / 15             3.2s                 stable
//
// Below that, a newly promoted master is often judged subjectively down within a few
// hundred milliseconds of +switch-master and failed over again. 1.5s is the default; Redis's
// own default is 30s. Every run prints the stability line, so a machine where 1.5s is not
// stable shows it.
//
// # Overhead
//
// The same cluster and group, plus one `counter --unreplicated` process (the plain gRPC
// service, no replica SDK). -overhead-clients goroutines (64) call Increment in a loop for
// -overhead-duration (5s, after a warm-up of a fifth of it) against the group through the
// client SDK, and against the plain process through a plain grpc.ClientConn; -runs times
// (5). Each side's measured time is cut into -overhead-slices slices (5, so 1s each) run in
// the order ABBA ABBA..., BAAB... on every other run, with 20ms of quiet between slices:
// the 2-core machine's speed drifts by tens of percent within a minute, and measured in one
// block per side a run's ratio swung 0.36-0.63 with nothing changed; alternating, the drift
// slows both sides alike. Reported: the median increments/s of each side, the median of the
// runs' ratios and their range. Target: 0.5x.
//
// The members' gRPC servers are made with replica.ServerOptions, as the SDK asks of every
// member: its interceptor, stream workers (ServerConfig.StreamWorkers, 16 per CPU: 32 here)
// and static flow-control windows (without them gRPC's
// bandwidth-delay estimator pings for nearly every Append, about 9% of the group's
// throughput). The unreplicated counter keeps gRPC's defaults, what the service had before
// Warden; static windows do not make it faster (0.98x, median of 8 interleaved pairs of 3s
// windows on the 2-core machine), so the comparison does not flatter Warden. The members
// run with the counter's default --backup-procs 1 (replica.ServerConfig.BackupProcs: a
// backup's process runs with GOMAXPROCS 1, the primary's with the machine's 2), which cut
// the backups' CPU per call from about 12us to 8.5us; the unreplicated counter has no
// backups, and at GOMAXPROCS 1 it is not faster either (0.99x, median of 24 interleaved
// 3s windows). Stream workers gave the group 1.04-1.09x (32 to 128 workers, interleaved
// pairs of 3s windows); the unreplicated counter with 128 is not faster (1.008x, faster in
// 10 of 20 windows), so it keeps gRPC's goroutine per stream.
//
// Beside throughput, each side's CPU time per successful increment (user + system, from
// /proc on Linux): the harness process (the client side) and the server side (the manager,
// the agents and their members, or the plain process), and the median ratio of the totals;
// each run's progress line also splits the server side by process (the busiest "counter" is
// the primary, the other two its backups, "warden" the manager and agents).
// The machine is CPU-bound during the runs, so throughput follows the total; and the CPU
// figures move less from run to run than throughput, which makes them the better signal when
// comparing two builds.
//
// # Caveats
//
// Everything shares one machine with whatever else runs on it: the managers, agents, members,
// peers, the harness and its load. The gaps are tens of milliseconds; a descheduled process
// adds its delay to them. Read medians of repeated runs, compare systems within a run (they
// see the same machine), and look at the load average before trusting a p99.
package main
