package main

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/wardenft/warden/agent"
)

func init() { subcommands = append(subcommands, newAgentCmd) }

// agentFlags names the flag behind each agent.Config field, for errors.
var agentFlags = map[string]string{
	"Location": "--location", "Managers": "--managers", "ListenAddr": "--listen", "AdvertiseHost": "--advertise-host",
	"DataDir": "--data", "HeartbeatListen": "--heartbeat-listen", "Labels": "--label", "StartTimeout": "--start-timeout",
	"PullCrashAfter": "--pull-crash-after",
}

func newAgentCmd() *cobra.Command {
	cfg := agent.DefaultConfig()
	var (
		managers, logLevel string
		labels             []string
	)
	cmd := &cobra.Command{
		Use:   "agent",
		Short: "Run the node agent of this host: start, watch and stop the members the managers place here",
		Long: `agent runs the Warden node agent of one host, the location named by --location. It registers
the location with the managers (--managers: any one of them; it follows the leader), sends them
heartbeats, and is the factory at this location: it starts the members the managers want here
from their type's launch spec (placeholders {{member}} {{group}} {{type}} {{location}}
{{creation_id}} {{port}} {{data_dir}} substituted), reports them STARTING, READY or EXITED,
and stops (SIGTERM, then SIGKILL after the grace period) those no longer wanted.

Members are watched by process exit (a crash, reported at once) and by their group's
FaultMonitoringStyle: PULL polls grpc.health.v1 on the member's port, PUSH takes the member's
heartbeats on --heartbeat-listen (WARDEN_HEARTBEAT_ADDR in its environment), NOT_MONITORED
only the exit. A member judged crashed (repeated failed health checks, heartbeats silent past
the FaultMonitoringTimeout, not ready within --start-timeout) is reported and killed, so that
a paused member cannot come back beside its replacement. Faults go to the managers with
ReportFault, retried until acknowledged.

With the managers away the members keep running; on reconnect the agent registers again and
stops what the managers no longer want. Members do not outlive the agent: on SIGTERM or
SIGINT it stops them and exits; if it is killed, the kernel kills them (Linux), and the next
agent on the same --data kills what they left and reports them lost. --data holds the state
file, the members' data directories and their output (logs/<group>/<member>.log; the
newest 20 forgotten members' logs are kept in removed-logs/).

On start it prints one line with its addresses. It runs until interrupted.`,
		Example: `  warden agent --location host-a --data /var/lib/warden/agent
  warden agent --location host-b --data agent-b --managers 10.0.0.1:7400,10.0.0.2:7400,10.0.0.3:7400 \
      --listen 10.0.0.12:7600 --advertise-host 10.0.0.12 --label rack=r1 --label zone=eu-1`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if cfg.Location == "" {
				return errors.New("--location is required: the name of this host, as the managers' Factories property names it")
			}
			if cfg.DataDir == "" {
				return errors.New("--data is required: the directory for the agent's state and its members' data")
			}
			cfg.Managers = nil
			for _, m := range strings.Split(managers, ",") {
				if m = strings.TrimSpace(m); m == "" {
					continue
				}
				if _, _, err := net.SplitHostPort(m); err != nil {
					return fmt.Errorf("--managers: %q is not host:port", m)
				}
				cfg.Managers = append(cfg.Managers, m)
			}
			if len(cfg.Managers) == 0 {
				return errors.New("--managers: give at least one manager API address")
			}
			for _, l := range labels {
				k, v, ok := strings.Cut(l, "=")
				if !ok || k == "" {
					return fmt.Errorf("--label %q: want KEY=VALUE", l)
				}
				if cfg.Labels == nil {
					cfg.Labels = map[string]string{}
				}
				cfg.Labels[k] = v
			}
			var level slog.Level
			if err := level.UnmarshalText([]byte(logLevel)); err != nil {
				return fmt.Errorf("--log-level: %q is not debug, info, warn or error", logLevel)
			}
			if err := flagErrors(cfg.Validate()); err != nil {
				return err
			}
			cfg.Logger = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))
			a, err := agent.New(cfg)
			if err != nil {
				return err
			}
			hb := "off"
			if h := a.HeartbeatAddr(); h != "" {
				hb = "udp " + h
			}
			fmt.Fprintf(cmd.OutOrStdout(), "warden agent %s: gRPC on %s, member heartbeats on %s, managers %s, data %s (incarnation %016x)\n",
				cfg.Location, a.Addr(), hb, strings.Join(cfg.Managers, ","), cfg.DataDir, a.Incarnation())
			return a.Run(cmd.Context())
		},
	}
	f := cmd.Flags()
	f.StringVar(&cfg.Location, "location", "", "name of this host, the location (required; letters, digits, '-', '_', '.', ':')")
	f.StringVar(&managers, "managers", defaultManagerAddrs(), "manager API addresses, comma-separated (env "+managerEnv+")")
	f.StringVar(&cfg.DataDir, "data", "", "directory of the agent's state file, the members' data dirs and their output (required)")
	f.StringVar(&cfg.ListenAddr, "listen", cfg.ListenAddr, "gRPC address of the agent (grpc.health.v1), registered with the managers (port 0 picks one)")
	f.StringVar(&cfg.AdvertiseHost, "advertise-host", cfg.AdvertiseHost, "host in the addresses members are reported at (host:PORT)")
	f.StringVar(&cfg.HeartbeatListen, "heartbeat-listen", cfg.HeartbeatListen, `UDP address for PUSH members' heartbeats (port 0 picks one; "" turns push monitoring off)`)
	f.StringArrayVar(&labels, "label", nil, "KEY=VALUE registered with the location, e.g. rack=r1 (repeatable)")
	f.StringVar(&cfg.Domain, "domain", cfg.Domain, "FT domain of the fault events the agent reports")
	f.DurationVar(&cfg.StartTimeout, "start-timeout", cfg.StartTimeout, "how long a member may take to become ready before it is judged crashed")
	f.IntVar(&cfg.PullCrashAfter, "pull-crash-after", cfg.PullCrashAfter, "consecutive failed health checks that make a PULL member crashed (fewer: an omission fault)")
	f.StringVar(&logLevel, "log-level", "info", "log level on stderr: debug, info, warn or error")
	return cmd
}

// flagErrors renders agent.Config's validation errors with the flags' names.
func flagErrors(err error) error {
	if err == nil {
		return nil
	}
	var errs []error
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		errs = j.Unwrap()
	} else {
		errs = []error{err}
	}
	var msgs []string
	for _, e := range errs {
		var ce *agent.ConfigError
		if !errors.As(e, &ce) {
			msgs = append(msgs, e.Error())
			continue
		}
		field, _, _ := strings.Cut(ce.Field, "[")
		name, ok := agentFlags[field]
		if !ok {
			name = ce.Field
		}
		msgs = append(msgs, fmt.Sprintf("%s %s: %s", name, ce.Value, ce.Reason))
	}
	return errors.New(strings.Join(msgs, "; "))
}
