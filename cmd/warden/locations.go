package main

import (
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	managerv1 "github.com/wardenft/warden/api/warden/manager/v1"
)

func init() { subcommands = append(subcommands, newLocationsCmd) }

func newLocationsCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "locations",
		Short: "List the locations (hosts with an agent) a manager knows",
		Long: `locations lists the registered locations, sorted by name: whether each is UP (a candidate for
placement) or DOWN (its host was judged failed), its agent's address, its incarnation (which
changes with every start of the agent), its labels and since when it is in its state.`,
		Example: `  warden locations
  warden locations -o json --manager 10.0.0.1:7400,10.0.0.2:7400`,
		Args: exactArgs(),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return withManager(cmd, false, func(m *mgr) error {
				r, err := m.groups().ListLocations(m.ctx, &managerv1.ListLocationsRequest{})
				if err != nil {
					return m.err(err)
				}
				if m.json() {
					return printJSONList(m.out, r.GetLocations())
				}
				t := newTable(m.out, "LOCATION", "STATE", "AGENT", "INCARNATION", "LABELS", "SINCE")
				for _, l := range r.GetLocations() {
					var labels []string
					for _, k := range slices.Sorted(maps.Keys(l.GetLabels())) {
						labels = append(labels, k+"="+l.GetLabels()[k])
					}
					t.row(l.GetName(), strings.TrimPrefix(l.GetState().String(), "LOCATION_STATE_"), l.GetAgentAddress(),
						strconv.FormatUint(l.GetIncarnation(), 10), strings.Join(labels, ","), when(l.GetStateChangedAt()))
				}
				return t.flush()
			})
		},
	}
	addManagerFlags(cmd)
	return cmd
}
