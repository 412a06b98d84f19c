// Command counter is the seeds' checkpointing counter as a replicated gRPC service
// (warden.counter.v1.Counter), a member of a WARM_PASSIVE or COLD_PASSIVE group built on the
// replica SDK.
//
// Started by a warden agent it needs only the managers: the agent sets WARDEN_MEMBER,
// WARDEN_GROUP, WARDEN_PORT and WARDEN_MANAGERS (and, for a promoted cold member,
// WARDEN_RESTORE_DIR); --managers overrides the managers. --unreplicated serves the plain
// counter (for benchmarks). While the member is not the primary its process runs with
// GOMAXPROCS 1 (--backup-procs, replica.ServerConfig.BackupProcs; 0 leaves GOMAXPROCS
// alone), and with what it started with once promoted.
//
// Its tests run it as real processes under a manager and agents: TestCounterProcesses and
// TestCounterColdPassive kill and pause primaries under load; TestLinearizability
// (linearizability_test.go) checks the counter's history with porcupine under a schedule of
// faults, and its comment gives the profiles (WARDEN_LIN_FAULTS, WARDEN_LIN_DURATION, ...).
//
//	counter --member m1 --group counter --managers 127.0.0.1:7401 --listen 127.0.0.1:7700
//	counter --unreplicated --listen 127.0.0.1:7700
//
// SIGTERM or SIGINT stops it; it exits 0 then, 1 on an error (a fail-stop included), 2 on
// bad usage.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/wardenft/warden/examples/counter/counterapp"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := counterapp.Run(ctx, os.Args[1:], os.Stderr)
	stop()
	var u counterapp.UsageError
	switch {
	case errors.As(err, &u):
		fmt.Fprintln(os.Stderr, "counter:", err)
		os.Exit(2)
	case errors.Is(err, flag.ErrHelp):
		os.Exit(0)
	case err != nil:
		fmt.Fprintln(os.Stderr, "counter:", err)
		os.Exit(1)
	}
}
