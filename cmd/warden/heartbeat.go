package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/wardenft/warden/detect"
)

func newHeartbeatCmd() *cobra.Command {
	cfg := detect.DefaultSenderConfig()
	var (
		to    string
		count int
	)
	cmd := &cobra.Command{
		Use:   "heartbeat",
		Short: "Send push heartbeats to a monitor (a sender for scripts)",
		Long: `heartbeat sends UDP heartbeats (source, sequence number, incarnation, send time, interval)
to one or more receivers, such as 'warden monitor --heartbeat-listen', every --interval until
interrupted or --count heartbeats were sent. A script or a service without the Go SDK keeps
itself monitored by running it beside its work; when it stops, the monitor reports a crash.`,
		Example: `  warden heartbeat --to 127.0.0.1:7950 --source backup-job --interval 500ms`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if count < 0 {
				return fmt.Errorf("--count: %d is negative", count)
			}
			for _, t := range strings.Split(to, ",") {
				if t = strings.TrimSpace(t); t != "" {
					cfg.Targets = append(cfg.Targets, t)
				}
			}
			if len(cfg.Targets) == 0 {
				return fmt.Errorf("--to: give at least one receiver address")
			}
			s, err := detect.NewSender(cfg)
			if err != nil {
				return err
			}
			defer s.Close()
			fmt.Fprintf(cmd.ErrOrStderr(), "heartbeat: %s (incarnation %d) to %s every %v\n", cfg.Source, s.Incarnation(), strings.Join(cfg.Targets, ","), cfg.Interval)
			if count == 0 {
				err := s.Run(cmd.Context())
				if cmd.Context().Err() != nil {
					return nil
				}
				return err
			}
			ticker := time.NewTicker(cfg.Interval)
			defer ticker.Stop()
			for i := 0; i < count; i++ {
				if err := s.Beat(); err != nil {
					return err
				}
				if i+1 < count {
					select {
					case <-ticker.C:
					case <-cmd.Context().Done():
						return nil
					}
				}
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&to, "to", "127.0.0.1:7950", "receiver UDP addresses, comma-separated")
	f.StringVar(&cfg.Source, "source", "", "source id the heartbeats carry (required)")
	f.DurationVar(&cfg.Interval, "interval", cfg.Interval, "time between heartbeats")
	f.Uint64Var(&cfg.Incarnation, "incarnation", 0, "incarnation of this run (0: the start time; must grow across restarts)")
	f.IntVar(&count, "count", 0, "stop after this many heartbeats (0: until interrupted)")
	cmd.MarkFlagRequired("source")
	return cmd
}
