package main

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"google.golang.org/grpc"

	"github.com/wardenft/warden/analyze"
	"github.com/wardenft/warden/manager"
)

func newManagerCmd() *cobra.Command {
	var (
		dataDir, listen, raftAddr, join, id, profile, logLevel string
		restartBudget                                          int
		halfLife, failureTimeout                               time.Duration
		bootstrap                                              bool
		peers                                                  []string
		joinTimeout                                            time.Duration
	)
	cmd := &cobra.Command{
		Use:   "manager",
		Short: "Run a replication manager (Raft-replicated; one alone, or three or five together)",
		Long: `manager runs one Warden replication manager: the PropertyManager, TypeRegistry,
ObjectGroupManager (with WatchView), GenericFactory and AgentService gRPC services on --listen, over a state
machine replicated with Raft (hashicorp/raft) among the managers on --raft. The Raft log, its
metadata, snapshots and the manager's id live in --data.

Alone (no --join, no --peer) a manager with a fresh --data dir bootstraps a cluster of itself:
the embedded default. To form a cluster of three, either start every manager with --bootstrap
and the same --peer list (naming each one's --id and Raft address), or start one alone and the
others with --join set to the gRPC address (--listen) of any manager already in the cluster:
the leader adds the newcomer as a voter. Once --data holds Raft state, --bootstrap, --peer and
--join are ignored: a restarted manager finds its peers from its log. Keep --raft the same
across restarts: the other managers know it by that address.

Any manager answers: reads come from its own copy of the state (a follower may lag the leader by
the replication delay, never behind a write the same client made through it); writes go to the
Raft leader, forwarded by a follower. When no leader can be reached a write fails with
UNAVAILABLE and an ErrorInfo NOT_LEADER naming the leader's address when known. Every manager
also serves the FaultNotifier (warden.notify.v1): events are committed to a replicated history,
so 'warden faults watch' and 'warden faults ls' work against any of them.

The leader runs the control loop: it judges the agents' heartbeats (phi accrual; a silent
agent is a host fault), learns from their reconciliations which members run, and repairs every
group with infrastructure-controlled membership: a failed member is removed with a new view,
and while a group is short of members new ones are created at allowed locations through the
agents and added once ready. --profile local makes agents heartbeat every 100ms (a host fault
about 1s after the last one); lan every second. Either way an agent whose heartbeat stream
breaks (the process died) is suspected at once. The fault analyzer keeps a flapping location
or member slot from being used again (flap damping, a restart budget): --damping-half-life,
--restart-budget and --failure-timeout tune it (tests that inject hundreds of faults in
minutes relax it).

On start it prints one line with its id and addresses. It runs until interrupted.`,
		Example: `  warden manager --data /var/lib/warden/m1
  warden manager --id m1 --data m1 --listen 127.0.0.1:7401 --raft 127.0.0.1:7501
  warden manager --id m2 --data m2 --listen 127.0.0.1:7402 --raft 127.0.0.1:7502 --join 127.0.0.1:7401
  warden manager --id m1 --data m1 --raft 10.0.0.1:7500 --bootstrap --peer m1=10.0.0.1:7500 --peer m2=10.0.0.2:7500 --peer m3=10.0.0.3:7500`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if dataDir == "" {
				return fmt.Errorf("--data is required: the directory that holds this manager's Raft log and snapshots")
			}
			if join != "" && (bootstrap || len(peers) > 0) {
				return fmt.Errorf("--join %s: cannot be combined with --bootstrap or --peer (a manager either forms a cluster or joins one)", join)
			}
			var ps []manager.Peer
			for _, p := range peers {
				pid, addr, ok := strings.Cut(p, "=")
				if !ok || pid == "" || addr == "" {
					return fmt.Errorf("--peer %q: want ID=RAFTADDR", p)
				}
				ps = append(ps, manager.Peer{ID: pid, RaftAddr: addr})
			}
			if len(ps) > 0 && !bootstrap {
				return fmt.Errorf("--peer needs --bootstrap: a peer list forms a new cluster")
			}
			if len(ps) > 0 && id == "" {
				return fmt.Errorf("--peer needs --id: the peer list must name this manager")
			}
			if profile != "lan" && profile != "local" {
				return fmt.Errorf("--profile: %q is not lan or local", profile)
			}
			// The fault analyzer's damping, as the flags set it (checked before anything starts).
			tuneAnalyzer := func(an *analyze.Config) {
				f := cmd.Flags()
				if f.Changed("restart-budget") {
					an.RestartBudget = restartBudget
				}
				if f.Changed("damping-half-life") {
					an.PenaltyHalfLife = halfLife
					// Suppression is capped at 10 half-lives, as the defaults do (1m, 10m).
					an.MaxSuppressTime = 10 * halfLife
				}
				if f.Changed("failure-timeout") {
					an.FailureTimeout = failureTimeout
				}
			}
			check := analyze.DefaultConfig()
			tuneAnalyzer(&check)
			if err := check.Validate(); err != nil {
				return fmt.Errorf("--restart-budget, --damping-half-life, --failure-timeout: %w", err)
			}
			var level slog.Level
			if err := level.UnmarshalText([]byte(logLevel)); err != nil {
				return fmt.Errorf("--log-level: %q is not debug, info, warn or error", logLevel)
			}
			log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))

			lis, err := net.Listen("tcp", listen)
			if err != nil {
				return fmt.Errorf("--listen: %w", err)
			}
			defer lis.Close()
			cfg := manager.NodeConfig{ID: id, DataDir: dataDir, RaftAddr: raftAddr, APIAddr: lis.Addr().String(),
				Bootstrap: join == "", Peers: ps, Logger: log}
			if profile == "local" {
				cfg = manager.LocalProfile(cfg)
			} else {
				cfg.Control = manager.DefaultControlConfig()
			}
			tuneAnalyzer(&cfg.Control.Analyzer)
			n, err := manager.OpenNode(cfg)
			if err != nil {
				return err
			}
			defer n.Shutdown()
			srv := grpc.NewServer()
			manager.RegisterServices(srv, n)
			serveErr := make(chan error, 1)
			go func() { serveErr <- srv.Serve(lis) }()
			defer srv.Stop()

			mode := "member"
			switch {
			case n.Fresh() && join != "":
				mode = "joining " + join
			case n.Fresh() && len(ps) > 0:
				mode = fmt.Sprintf("bootstrapping %d managers", len(ps))
			case n.Fresh():
				mode = "bootstrapping alone"
			}
			fmt.Fprintf(cmd.OutOrStdout(), "warden manager %s: API on %s, Raft on %s, data %s (%s)\n", n.ID(), n.APIAddr(), n.RaftAddr(), dataDir, mode)

			ctx := cmd.Context()
			if n.Fresh() && join != "" {
				jctx, cancel := context.WithTimeout(ctx, joinTimeout)
				err := n.JoinCluster(jctx, join)
				cancel()
				if err != nil {
					return err
				}
				log.Info("manager joined the cluster", "via", join)
			}
			select {
			case <-ctx.Done():
				return nil
			case err := <-serveErr:
				return err
			}
		},
	}
	f := cmd.Flags()
	f.StringVar(&dataDir, "data", "", "directory of this manager's Raft log, snapshots and id (required)")
	f.StringVar(&listen, "listen", "127.0.0.1:7400", "gRPC address of the manager's API (port 0 picks one)")
	f.StringVar(&raftAddr, "raft", "127.0.0.1:7500", "Raft address, bound and advertised to the other managers (port 0 picks one; not 0.0.0.0)")
	f.BoolVar(&bootstrap, "bootstrap", false, "form a new cluster on a fresh --data dir: of the --peer list, or of this manager alone (the default without --join)")
	f.StringArrayVar(&peers, "peer", nil, "with --bootstrap: a voter of the new cluster, ID=RAFTADDR, this manager included (repeatable; the same list on every manager)")
	f.StringVar(&join, "join", "", "on a fresh --data dir: join the cluster through this manager's gRPC address (any member)")
	f.StringVar(&id, "id", "", "this manager's Raft server id (default: the one stored in --data, or a new random one)")
	f.StringVar(&profile, "profile", "lan", "Raft timeouts: lan (hashicorp/raft's defaults: 1s heartbeat and election timeouts) or local (500ms, managers on one host)")
	f.DurationVar(&joinTimeout, "join-timeout", time.Minute, "how long --join keeps trying to reach the cluster")
	f.StringVar(&logLevel, "log-level", "info", "log level on stderr: debug, info, warn or error")
	def := analyze.DefaultConfig()
	f.IntVar(&restartBudget, "restart-budget", def.RestartBudget, "failures of a member slot or location within one episode before it counts as permanently failed and is not used again")
	f.DurationVar(&halfLife, "damping-half-life", def.PenaltyHalfLife, "flap damping: how fast a flapping location's penalty decays (a location with three quick faults gets no new members for about two half-lives)")
	f.DurationVar(&failureTimeout, "failure-timeout", def.FailureTimeout, "an episode ends, and its failures are forgotten, after this long without a fault (0: never)")
	return cmd
}
