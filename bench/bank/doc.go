// Command bank benchmarks the banking example's transfers: within one branch (one local
// durable transaction) against between branches (a one-shot two-phase commit through the
// coordinator: the client's Run carries both halves, each branch executes its half and makes
// its prepared record durable, the coordinator makes its decision durable and answers, and
// both branches make the commit durable). Both run with the same number of concurrent
// clients, in one run, and the report gives throughput, latency percentiles, CPU time and
// syncs per transfer of each and their ratios. The modes alternate in slices of about a
// second, so that changes in the machine's load weigh on both alike, and the whole measurement
// is repeated -runs times: the table gives the median run of each figure, and each run's
// throughput ratio is listed, so one noisy slice cannot decide the verdict.
//
// The coordinator and both branches run in this process, each with its own gRPC server on a
// loopback port and its own recovery store (fdatasync on every commit, shared by concurrent
// commits) under -dir; the clients dial them over TCP like any client. Everything shares the
// machine's cores, which is what the ratio measures: the cost of the protocol's extra
// messages and syncs.
//
//	cd bench && go run ./bank              # 32 clients, 10s per mode
//	cd bench && go run ./bank -quick       # 3s per mode
//	cd bench && go run ./bank -json        # one JSON object
package main
