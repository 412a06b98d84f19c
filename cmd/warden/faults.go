package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	"github.com/wardenft/warden/notify"
)

func newFaultsCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "faults",
		Short: "Read fault events from a FaultNotifier (warden monitor, later the manager)",
	}
	cmd.PersistentFlags().String("server", "127.0.0.1:7946", "address of the FaultNotifier gRPC API")
	cmd.PersistentFlags().StringP("output", "o", "text", "output format: text or json (one JSON object per line)")
	cmd.AddCommand(newFaultsWatchCmd(), newFaultsLsCmd())
	return cmd
}

func faultsClient(cmd *cobra.Command) (*notify.Client, *grpc.ClientConn, func(*notify.Event, uint64) error, error) {
	server, _ := cmd.Flags().GetString("server")
	output, _ := cmd.Flags().GetString("output")
	if output != "text" && output != "json" {
		return nil, nil, nil, fmt.Errorf("--output: %q is not text or json", output)
	}
	conn, err := grpc.NewClient(server, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		return nil, nil, nil, fmt.Errorf("--server %s: %w", server, err)
	}
	out := cmd.OutOrStdout()
	print := func(e *notify.Event, dropped uint64) error { return printEvent(out, output, e, dropped) }
	return notify.NewClient(conn), conn, print, nil
}

func newFaultsWatchCmd() *cobra.Command {
	var filter string
	cmd := &cobra.Command{
		Use:   "watch",
		Short: "Print fault events as they happen",
		Long: `watch connects a consumer to the FaultNotifier and prints every event that matches --filter,
live, until interrupted. The filter is a CEL expression over 'event' (see 'go doc
github.com/wardenft/warden/notify' for the fields: kind, location, member, severity, evidence,
...). When the server drops events because this consumer fell behind, the count is printed.`,
		Example: `  warden faults watch --filter 'event.kind == "ObjectCrashFault"'
  warden faults watch --filter 'event.severity_level >= 3 && event.location == "host-a"' -o json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			client, conn, print, err := faultsClient(cmd)
			if err != nil {
				return err
			}
			defer conn.Close()
			w, err := client.Watch(cmd.Context(), notify.WatchOptions{Expression: filter, Name: "warden faults watch"})
			if err != nil {
				return err
			}
			defer w.Close()
			fmt.Fprintf(cmd.ErrOrStderr(), "watching as consumer %s\n", w.ID())
			for {
				d, err := w.Recv()
				if err != nil {
					if cmd.Context().Err() != nil || errors.Is(err, io.EOF) {
						return nil
					}
					return err
				}
				if d.Event == nil {
					continue
				}
				if err := print(d.Event, d.Dropped); err != nil {
					return err
				}
			}
		},
	}
	cmd.Flags().StringVar(&filter, "filter", "", "CEL filter over event (default: every event)")
	return cmd
}

func newFaultsLsCmd() *cobra.Command {
	var (
		filter       string
		since, until time.Duration
		limit        int
	)
	cmd := &cobra.Command{
		Use:   "ls",
		Short: "List fault events from the history",
		Long: `ls prints the events in the FaultNotifier's bounded history, oldest first, that fall in the
time range and match --filter (a CEL expression over 'event'): the basis of log analysis.`,
		Example: `  warden faults ls --since 10m
  warden faults ls --filter 'event.detector == "analyzer"' -o json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if since < 0 || until < 0 || limit < 0 {
				return fmt.Errorf("--since, --until and --limit must not be negative")
			}
			client, conn, print, err := faultsClient(cmd)
			if err != nil {
				return err
			}
			defer conn.Close()
			req := notify.HistoryRequest{Filter: filter}
			now := time.Now()
			if since > 0 {
				req.Since = now.Add(-since)
			}
			if until > 0 {
				req.Until = now.Add(-until)
			}
			n := 0
			for e, err := range client.History(cmd.Context(), req) {
				if err != nil {
					return err
				}
				if limit > 0 && n == limit {
					break
				}
				if err := print(e, 0); err != nil {
					return err
				}
				n++
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&filter, "filter", "", "CEL filter over event (default: every event)")
	cmd.Flags().DurationVar(&since, "since", 0, "only events newer than this long ago (default: all)")
	cmd.Flags().DurationVar(&until, "until", 0, "only events older than this long ago (default: up to now)")
	cmd.Flags().IntVar(&limit, "limit", 0, "print at most this many events (0: all)")
	return cmd
}

// eventJSON is the JSON form of an event for -o json.
type eventJSON struct {
	ID         string            `json:"id"`
	Seq        uint64            `json:"seq"`
	Kind       string            `json:"kind"`
	Time       time.Time         `json:"time"`
	Domain     string            `json:"domain,omitempty"`
	Location   string            `json:"location,omitempty"`
	TypeID     string            `json:"type_id,omitempty"`
	GroupID    string            `json:"object_group_id,omitempty"`
	Member     string            `json:"member,omitempty"`
	Detector   string            `json:"detector,omitempty"`
	Severity   string            `json:"severity,omitempty"`
	Evidence   map[string]string `json:"evidence,omitempty"`
	RelatedIDs []string          `json:"related_ids,omitempty"`
	Dropped    uint64            `json:"dropped_before,omitempty"`
}

func printEvent(w io.Writer, format string, e *notify.Event, dropped uint64) error {
	if format == "json" {
		sev := ""
		if e.Severity != notify.SeverityUnspecified {
			sev = e.Severity.String()
		}
		return json.NewEncoder(w).Encode(eventJSON{
			ID: e.ID, Seq: e.Seq, Kind: string(e.Kind), Time: e.Time, Domain: e.Domain, Location: e.Location,
			TypeID: e.TypeID, GroupID: e.GroupID, Member: e.Member, Detector: e.Detector, Severity: sev,
			Evidence: e.Evidence, RelatedIDs: e.RelatedIDs, Dropped: dropped,
		})
	}
	var b strings.Builder
	if dropped > 0 {
		fmt.Fprintf(&b, "... %d events dropped (this consumer fell behind)\n", dropped)
	}
	fmt.Fprintf(&b, "%s  %-22s %-8s", e.Time.Local().Format("15:04:05.000"), e.Kind, e.Severity)
	for _, kv := range [][2]string{{"location", e.Location}, {"type", e.TypeID}, {"group", e.GroupID}, {"member", e.Member}, {"detector", e.Detector}} {
		if kv[1] != "" {
			fmt.Fprintf(&b, " %s=%s", kv[0], kv[1])
		}
	}
	for _, k := range slices.Sorted(maps.Keys(e.Evidence)) {
		fmt.Fprintf(&b, " %s=%q", k, e.Evidence[k])
	}
	b.WriteByte('\n')
	_, err := io.WriteString(w, b.String())
	return err
}
