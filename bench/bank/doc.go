// Command bank benchmarks the banking example's transfers: within one branch (one local
// durable transaction) against between branches (two-phase commit through the coordinator:
// Begin, Withdraw and Deposit in parallel, Commit with two durable prepares, a durable
// decision, and two durable commits at the branches). Both run with the same number of
// concurrent clients, one mode after the other, in one run, and the report gives throughput
// and latency percentiles of each and their ratios. The modes alternate in slices of about a
// second, so that changes in the machine's load weigh on both alike.
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
