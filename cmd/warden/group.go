package main

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	managerv1 "github.com/wardenft/warden/api/warden/manager/v1"
)

func init() { subcommands = append(subcommands, newGroupCmd) }

func newGroupCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "group",
		Short: "Create, inspect, change and delete object groups",
		Long: `group works on object groups: sets of members of one type, at most one per location, whose
view (members, primary, epoch, version) is what clients hold as the group's reference. Every
change of membership or primary makes a new view with a higher epoch.

With infrastructure-controlled membership (the default) the manager creates and replaces
members itself; with MembershipStyle=APPLICATION_CONTROLLED the operator does, with
create-member (the agent at a location starts one), add-member (a member joins the view) and
remove-member.`,
	}
	addManagerFlags(cmd)
	cmd.AddCommand(newGroupCreateCmd(), newGroupLsCmd(), newGroupShowCmd(), newGroupWatchCmd(),
		newGroupCreateMemberCmd(), newGroupAddMemberCmd(), newGroupRemoveMemberCmd(), newGroupSetPrimaryCmd(),
		newGroupLocationsCmd(), newGroupDeleteCmd())
	return cmd
}

func newGroupCreateCmd() *cobra.Command {
	var typeID string
	cmd := &cobra.Command{
		Use:   "create GROUP --type T [Name=Value...]",
		Short: "Create an object group of a registered type (create_object), with its own properties",
		Long: `create creates an object group of a registered type. The Name=Value arguments are the
group's own properties (the criteria of create_object), as in 'warden props set'. With
infrastructure-controlled membership the manager then creates InitialNumberMembers members at
allowed locations.`,
		Example: `  warden group create g1 --type echo
  warden group create g2 --type echo ReplicationStyle=WARM_PASSIVE MembershipStyle=application_controlled InitialNumberMembers=2`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return fmt.Errorf("%s: missing argument: want the group id, then Name=Value properties", verb(cmd))
			}
			if args[0] == "" || strings.Contains(args[0], "=") {
				return fmt.Errorf("%s: %q: want the group id first, then Name=Value properties", verb(cmd), args[0])
			}
			if typeID == "" {
				return fmt.Errorf("--type is required: the member type of group %s (warden type ls lists them)", args[0])
			}
			criteria, err := parseAssignments(args[1:])
			if err != nil {
				return err
			}
			return withManager(cmd, false, func(m *mgr) error {
				r, err := m.factory().CreateObject(m.ctx, &managerv1.CreateObjectRequest{TypeId: typeID, GroupId: args[0], Criteria: criteria})
				if err != nil {
					return m.err(err)
				}
				if m.json() {
					return printJSON(m.out, r.GetView())
				}
				return printView(m.out, "created", r.GetView())
			})
		},
	}
	cmd.Flags().StringVar(&typeID, "type", "", "the group's member type (required)")
	return cmd
}

func newGroupLsCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "ls",
		Short: "List object groups with their views",
		Args:  exactArgs(),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return withManager(cmd, false, func(m *mgr) error {
				r, err := m.groups().ListObjectGroups(m.ctx, &managerv1.ListObjectGroupsRequest{})
				if err != nil {
					return m.err(err)
				}
				if m.json() {
					return printJSONList(m.out, r.GetGroups())
				}
				t := newTable(m.out, "GROUP", "TYPE", "STYLE", "EPOCH", "VERSION", "MEMBERS", "PENDING", "PRIMARY")
				for _, g := range r.GetGroups() {
					v := g.GetView()
					var locs []string
					for _, mb := range v.GetMembers() {
						locs = append(locs, mb.GetMemberId()+"@"+mb.GetLocation())
					}
					var pend []string
					for _, p := range g.GetPending() {
						pend = append(pend, p.GetMemberId()+"@"+p.GetLocation())
					}
					t.row(g.GetGroupId(), g.GetTypeId(), styleText(v.GetReplicationStyle()), strconv.FormatUint(v.GetEpoch(), 10),
						strconv.FormatUint(v.GetVersion(), 10), strings.Join(locs, ","), strings.Join(pend, ","), v.GetPrimary())
				}
				return t.flush()
			})
		},
	}
}

func newGroupShowCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "show GROUP",
		Short: "Show a group: its view (epoch, version, primary, members) and pending creations",
		Args:  exactArgs("group id"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return withManager(cmd, false, func(m *mgr) error {
				g, err := findGroup(m, args[0])
				if err != nil {
					return err
				}
				if m.json() {
					return printJSON(m.out, g)
				}
				return printGroup(m.out, g)
			})
		},
	}
}

// findGroup reads one group with its pending creations. The API has no call for one group
// with its pending members (GetObjectGroupRef gives the view only), so it is picked from the
// list.
func findGroup(m *mgr, id string) (*managerv1.ObjectGroup, error) {
	r, err := m.groups().ListObjectGroups(m.ctx, &managerv1.ListObjectGroupsRequest{})
	if err != nil {
		return nil, m.err(err)
	}
	for _, g := range r.GetGroups() {
		if g.GetGroupId() == id {
			return g, nil
		}
	}
	return nil, groupNotFound(id)
}

func newGroupWatchCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "watch GROUP",
		Short: "Print the group's view now and every new one, until interrupted (WatchView)",
		Long: `watch prints the group's current view and then every new view as the manager applies it, until
interrupted or the group is deleted. With -o json: one View object per line.`,
		Args: exactArgs("group id"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return withManager(cmd, true, func(m *mgr) error {
				s, err := m.groups().WatchView(m.ctx, &managerv1.WatchViewRequest{GroupId: args[0]})
				if err != nil {
					return m.err(err)
				}
				for seen := false; ; seen = true {
					v, err := s.Recv()
					if err != nil {
						if m.ctx.Err() != nil || errors.Is(err, io.EOF) {
							return nil
						}
						if seen && status.Code(err) == codes.NotFound {
							fmt.Fprintf(m.errOut, "group %s deleted\n", args[0])
							return nil
						}
						return m.err(err)
					}
					if m.json() {
						err = printJSONLine(m.out, v)
					} else {
						err = printView(m.out, "view", v)
					}
					if err != nil {
						return err
					}
				}
			})
		},
	}
}

// memberFlags are --location / --member, exactly one of them.
type memberFlags struct{ location, member string }

func (f *memberFlags) add(cmd *cobra.Command, what string) {
	cmd.Flags().StringVar(&f.location, "location", "", "the member at this location "+what)
	cmd.Flags().StringVar(&f.member, "member", "", "the member with this member id (m3) "+what)
}

func (f *memberFlags) check() error {
	switch {
	case f.location != "" && f.member != "":
		return fmt.Errorf("--location %q and --member %q: give one of them", f.location, f.member)
	case f.location == "" && f.member == "":
		return errors.New("--location or --member is required: which member")
	}
	return nil
}

func newGroupCreateMemberCmd() *cobra.Command {
	var location string
	cmd := &cobra.Command{
		Use:   "create-member GROUP --location L",
		Short: "Ask the agent at a location to start a member (create_member)",
		Long: `create-member asks the agent at a registered location to start a member of the group: a
pending creation. With infrastructure-controlled membership it joins the view once its agent
reports it ready; with application-controlled membership add it then with
'add-member GROUP --pending MEMBER --address HOST:PORT'.`,
		Example: `  warden group create-member g2 --location host-b`,
		Args:    exactArgs("group id"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if location == "" {
				return errors.New("--location is required: where the member is to be created")
			}
			return withManager(cmd, false, func(m *mgr) error {
				r, err := m.groups().CreateMember(m.ctx, &managerv1.CreateMemberRequest{GroupId: args[0], Location: location})
				if err != nil {
					return m.err(err)
				}
				if m.json() {
					return printJSON(m.out, r)
				}
				p := r.GetMember()
				_, err = fmt.Fprintf(m.out, "group %s: member %s being created at %s (creation id %d); the view stays at epoch %d until it is added\n",
					args[0], p.GetMemberId(), p.GetLocation(), p.GetCreationId(), r.GetView().GetEpoch())
				return err
			})
		},
	}
	cmd.Flags().StringVar(&location, "location", "", "the location whose agent starts the member (required)")
	return cmd
}

func newGroupAddMemberCmd() *cobra.Command {
	var (
		location, pending, address, reason string
		epoch                              uint64
	)
	cmd := &cobra.Command{
		Use:   "add-member GROUP (--location L --address HOST:PORT | --pending MEMBER [--address HOST:PORT])",
		Short: "Add a member to the view (add_member): one started outside the manager, or a pending creation",
		Long: `add-member makes a new view with one more member: either an object the application started
itself at a registered location (--location, with the --address it serves on; an external
member, which no agent starts, stops or watches), or a member
being created by create-member that its agent reported ready (--pending, its member id, with
the address the agent reported). A COLD_PASSIVE backup needs no address.`,
		Example: `  warden group add-member g2 --location host-a --address 10.0.0.1:9000
  warden group add-member g2 --pending m3 --address 10.0.0.2:9000 --epoch 4`,
		Args: exactArgs("group id"),
		RunE: func(cmd *cobra.Command, args []string) error {
			switch {
			case location != "" && pending != "":
				return fmt.Errorf("--location %q and --pending %q: give one of them (a member started outside the manager, or a pending creation)", location, pending)
			case location == "" && pending == "":
				return errors.New("--location or --pending is required: which member to add")
			}
			req := &managerv1.AddMemberRequest{GroupId: args[0], ExpectedEpoch: epoch, Reason: reason}
			if pending != "" {
				req.Member = &managerv1.AddMemberRequest_PendingMemberId{PendingMemberId: pending}
				req.Address = address
			} else {
				req.Member = &managerv1.AddMemberRequest_External{External: &managerv1.ExternalMember{Location: location, Address: address}}
			}
			return withManager(cmd, false, func(m *mgr) error {
				r, err := m.groups().AddMember(m.ctx, req)
				if err != nil {
					return m.err(err)
				}
				return printViewResult(m, r.GetView())
			})
		},
	}
	f := cmd.Flags()
	f.StringVar(&location, "location", "", "add a member started outside the manager at this location")
	f.StringVar(&pending, "pending", "", "add this pending member (its member id, from create-member)")
	f.StringVar(&address, "address", "", "host:port where the member serves")
	f.Uint64Var(&epoch, "epoch", 0, "refuse unless the view is at this epoch (0: any)")
	f.StringVar(&reason, "reason", "", "why, recorded in the view (default: operator)")
	return cmd
}

func newGroupRemoveMemberCmd() *cobra.Command {
	var (
		which              memberFlags
		newPrimary, reason string
		epoch              uint64
	)
	cmd := &cobra.Command{
		Use:   "remove-member GROUP (--location L | --member M)",
		Short: "Remove a member from the view, or withdraw a pending creation (remove_member)",
		Long: `remove-member makes a new view without the member (its agent stops it), or withdraws a member
still being created there. Removing the primary of a passive group promotes another member in
the same view: --new-primary, or the member that joined first.`,
		Example: `  warden group remove-member g2 --location host-a
  warden group remove-member g2 --member m1 --new-primary m3 --epoch 5`,
		Args: exactArgs("group id"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := which.check(); err != nil {
				return err
			}
			return withManager(cmd, false, func(m *mgr) error {
				r, err := m.groups().RemoveMember(m.ctx, &managerv1.RemoveMemberRequest{GroupId: args[0], Location: which.location,
					MemberId: which.member, ExpectedEpoch: epoch, NewPrimary: newPrimary, Reason: reason})
				if err != nil {
					return m.err(err)
				}
				return printViewResult(m, r.GetView())
			})
		},
	}
	which.add(cmd, "to remove")
	f := cmd.Flags()
	f.StringVar(&newPrimary, "new-primary", "", "when removing the primary of a passive group: the member id to promote")
	f.Uint64Var(&epoch, "epoch", 0, "refuse unless the view is at this epoch (0: any)")
	f.StringVar(&reason, "reason", "", "why, recorded in the view (default: operator)")
	return cmd
}

func newGroupSetPrimaryCmd() *cobra.Command {
	var (
		which  memberFlags
		reason string
		epoch  uint64
	)
	cmd := &cobra.Command{
		Use:     "set-primary GROUP (--location L | --member M)",
		Short:   "Make a member the primary of a passive group (set_primary_member)",
		Example: `  warden group set-primary g2 --location host-b`,
		Args:    exactArgs("group id"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := which.check(); err != nil {
				return err
			}
			return withManager(cmd, false, func(m *mgr) error {
				r, err := m.groups().SetPrimaryMember(m.ctx, &managerv1.SetPrimaryMemberRequest{GroupId: args[0], Location: which.location,
					MemberId: which.member, ExpectedEpoch: epoch, Reason: reason})
				if err != nil {
					return m.err(err)
				}
				return printViewResult(m, r.GetView())
			})
		},
	}
	which.add(cmd, "to make primary")
	cmd.Flags().Uint64Var(&epoch, "epoch", 0, "refuse unless the view is at this epoch (0: any)")
	cmd.Flags().StringVar(&reason, "reason", "", "why, recorded in the view (default: operator)")
	return cmd
}

func newGroupLocationsCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "locations GROUP",
		Short: "List the locations of the group's members, in view order (locations_of_members)",
		Long:  `locations prints one location per line; with -o json, an array of strings.`,
		Args:  exactArgs("group id"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return withManager(cmd, false, func(m *mgr) error {
				r, err := m.groups().LocationsOfMembers(m.ctx, &managerv1.LocationsOfMembersRequest{GroupId: args[0]})
				if err != nil {
					return m.err(err)
				}
				if m.json() {
					return writeJSONStrings(m.out, r.GetLocations())
				}
				for _, l := range r.GetLocations() {
					if _, err := fmt.Fprintln(m.out, l); err != nil {
						return err
					}
				}
				return nil
			})
		},
	}
}

func newGroupDeleteCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "delete GROUP",
		Short: "Delete the group (delete_object): every member is stopped by its agent",
		Args:  exactArgs("group id"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return withManager(cmd, false, func(m *mgr) error {
				r, err := m.factory().DeleteObject(m.ctx, &managerv1.DeleteObjectRequest{FactoryCreationId: args[0]})
				if err != nil {
					return m.err(err)
				}
				if m.json() {
					return printJSON(m.out, r)
				}
				_, err = fmt.Fprintf(m.out, "group %s deleted\n", args[0])
				return err
			})
		},
	}
}

// ---------------------------------------------------------------------------------------------
// Output.

func styleText(s managerv1.ReplicationStyle) string {
	if s == 0 {
		return ""
	}
	return strings.TrimPrefix(s.String(), "REPLICATION_STYLE_")
}

func memberStateText(s managerv1.MemberState) string {
	return strings.TrimPrefix(s.String(), "MEMBER_STATE_")
}

func printViewResult(m *mgr, v *managerv1.View) error {
	if m.json() {
		return printJSON(m.out, v)
	}
	return printView(m.out, "view", v)
}

// printView writes a view: a summary line, then its members.
func printView(w io.Writer, what string, v *managerv1.View) error {
	primary := v.GetPrimary()
	if primary == "" {
		primary = "-"
	}
	fmt.Fprintf(w, "group %s %s: type %s, %s, epoch %d, version %d, primary %s", v.GetGroupId(), what, v.GetTypeId(),
		styleText(v.GetReplicationStyle()), v.GetEpoch(), v.GetVersion(), primary)
	if v.GetReason() != "" {
		fmt.Fprintf(w, " (%s)", v.GetReason())
	}
	fmt.Fprintln(w)
	return printMembers(w, v)
}

func printMembers(w io.Writer, v *managerv1.View) error {
	if len(v.GetMembers()) == 0 {
		_, err := fmt.Fprintln(w, "no members")
		return err
	}
	t := newTable(w, "MEMBER", "LOCATION", "ADDRESS", "STATE", "CREATION", "ROLE")
	for _, mb := range v.GetMembers() {
		var role []string
		if mb.GetMemberId() == v.GetPrimary() {
			role = append(role, "primary")
		}
		if mb.GetExternal() {
			role = append(role, "external") // started outside the manager: no agent runs it
		}
		t.row(mb.GetMemberId(), mb.GetLocation(), mb.GetAddress(), memberStateText(mb.GetState()), strconv.FormatUint(mb.GetCreationId(), 10), strings.Join(role, ","))
	}
	return t.flush()
}

func printGroup(w io.Writer, g *managerv1.ObjectGroup) error {
	v := g.GetView()
	kv := newTable(w, "group", g.GetGroupId())
	kv.row("type", g.GetTypeId())
	kv.row("style", styleText(v.GetReplicationStyle()))
	kv.row("epoch", strconv.FormatUint(v.GetEpoch(), 10))
	kv.row("version", strconv.FormatUint(v.GetVersion(), 10))
	kv.row("primary", v.GetPrimary())
	kv.row("view changed", strings.TrimSpace(when(v.GetChangedAt())+"  "+v.GetReason()))
	kv.row("own properties", formatAssignments(g.GetProperties()))
	kv.row("created", when(g.GetCreatedAt()))
	if err := kv.flush(); err != nil {
		return err
	}
	fmt.Fprintln(w)
	if err := printMembers(w, v); err != nil {
		return err
	}
	if len(g.GetPending()) == 0 {
		return nil
	}
	fmt.Fprintln(w)
	t := newTable(w, "PENDING", "LOCATION", "CREATION", "REQUESTED BY", "REQUESTED AT")
	for _, p := range g.GetPending() {
		t.row(p.GetMemberId(), p.GetLocation(), strconv.FormatUint(p.GetCreationId(), 10), p.GetRequestedBy(), when(p.GetRequestedAt()))
	}
	return t.flush()
}
