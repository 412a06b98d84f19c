package main

import (
	"fmt"
	"runtime"
	"runtime/debug"

	"github.com/spf13/cobra"
)

// version is set at build time with -ldflags "-X main.version=v1.2.3"; otherwise the module
// version recorded by the Go toolchain is used.
var version = ""

func newRootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:   "warden",
		Short: "Fault management and recovery for services written in Go",
		Long: `Warden detects faults in replicated services (heartbeats, health polling, watchdogs),
notifies and analyses them, and recovers from them (checkpointing, logging and replay,
replication with failover, transaction recovery).`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.AddCommand(newVersionCmd(), newDemoCmd(), newMonitorCmd(), newFaultsCmd(), newHeartbeatCmd(), newManagerCmd())
	for _, c := range subcommands {
		root.AddCommand(c())
	}
	return root
}

// subcommands are the verbs that files of this package register from an init function
// (`func init() { subcommands = append(subcommands, newAgentCmd) }`), so that a new verb is
// one new file. `warden --help` lists every verb sorted by name.
var subcommands []func() *cobra.Command

func newVersionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version of this binary",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			fmt.Fprintf(cmd.OutOrStdout(), "warden %s (%s, %s/%s)\n", buildVersion(), runtime.Version(), runtime.GOOS, runtime.GOARCH)
			return nil
		},
	}
}

func buildVersion() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "devel"
}
