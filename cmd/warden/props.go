package main

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"

	managerv1 "github.com/wardenft/warden/api/warden/manager/v1"
	"github.com/wardenft/warden/manager"
)

func init() { subcommands = append(subcommands, newPropsCmd) }

func newPropsCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "props",
		Short: "Get, set and remove fault tolerance properties: the defaults, a type's, a group's",
		Long: `props reads and changes FT-CORBA's fault tolerance properties on a manager. A group's
properties resolve as built-in defaults < default properties < its type's < its own; 'props get
--group G' shows each resolved value and where it came from.

Properties (names in any case; enum values without their prefix, in any case):
  ReplicationStyle            STATELESS, COLD_PASSIVE, WARM_PASSIVE, ACTIVE, ACTIVE_WITH_VOTING
  MembershipStyle             INFRASTRUCTURE_CONTROLLED, APPLICATION_CONTROLLED
  ConsistencyStyle            INFRASTRUCTURE_CONTROLLED, APPLICATION_CONTROLLED
  FaultMonitoringStyle        PULL, PUSH, NOT_MONITORED
  FaultMonitoringGranularity  MEMBER, LOCATION, LOCATION_AND_TYPE
  InitialNumberMembers        a number, 1 to 64
  MinimumNumberMembers        a number, 1 to InitialNumberMembers
  FaultMonitoringInterval     a duration (500ms, 2s)
  FaultMonitoringTimeout      a duration
  CheckpointInterval          a duration
  Factories                   locations where members may be created: host-a,host-b ("" for any)

Without --type or --group, props works on the default properties (the level above the
built-in defaults, for every type and group). One 'props set' or 'props rm' is one change: the
manager applies all of it or, when any value is refused, none.`,
	}
	addManagerFlags(cmd)
	cmd.AddCommand(newPropsGetCmd(), newPropsSetCmd(), newPropsRmCmd())
	return cmd
}

// propScope is the level a props verb works on: the defaults, a type's or a group's.
type propScope struct{ typeID, group string }

func (s *propScope) flags(cmd *cobra.Command) {
	cmd.Flags().StringVar(&s.typeID, "type", "", "the properties of this member type")
	cmd.Flags().StringVar(&s.group, "group", "", "the properties of this object group")
}

func (s *propScope) check(cmd *cobra.Command) error {
	if cmd.Flags().Changed("type") && cmd.Flags().Changed("group") {
		return fmt.Errorf("--type %q and --group %q: give one of them (or neither, for the default properties)", s.typeID, s.group)
	}
	for _, f := range []string{"type", "group"} {
		if v, _ := cmd.Flags().GetString(f); cmd.Flags().Changed(f) && v == "" {
			return fmt.Errorf("--%s: empty", f)
		}
	}
	return nil
}

func (s *propScope) String() string {
	switch {
	case s.group != "":
		return "group " + s.group
	case s.typeID != "":
		return "type " + s.typeID
	}
	return "defaults"
}

func newPropsGetCmd() *cobra.Command {
	var scope propScope
	cmd := &cobra.Command{
		Use:   "get [--type T | --group G]",
		Short: "Show resolved properties and where each value comes from",
		Long: `get shows the resolved properties of a group (--group), of a new group of a type (--type), or
the default properties, with the level each value comes from: builtin, default, type or group.

For --type and the defaults the manager does not say which default properties were set and
which are built in: a default property equal to the built-in value is shown as builtin.`,
		Example: `  warden props get --group g1
  warden props get --type counter -o json`,
		Args: exactArgs(),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := scope.check(cmd); err != nil {
				return err
			}
			return withManager(cmd, false, func(m *mgr) error {
				r, err := resolvedProps(m, &scope)
				if err != nil {
					return err
				}
				return printProps(m, r)
			})
		},
	}
	scope.flags(cmd)
	return cmd
}

func newPropsSetCmd() *cobra.Command {
	var scope propScope
	cmd := &cobra.Command{
		Use:   "set [--type T | --group G] Name=Value...",
		Short: "Set properties (all or none)",
		Long: `set sets properties of a group (set_properties_dynamically: takes effect at the next repair),
of a type (set_type_properties: the type need not be registered yet), or the defaults. The
manager checks the resolved properties of everything the change affects and refuses all of it
if any value is invalid. With -o json it prints the resolved properties afterwards, as 'props
get' does.`,
		Example: `  warden props set --group g1 MinimumNumberMembers=2 FaultMonitoringInterval=500ms
  warden props set --type counter ReplicationStyle=warm_passive Factories=host-a,host-b,host-c
  warden props set FaultMonitoringStyle=PULL`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := scope.check(cmd); err != nil {
				return err
			}
			if len(args) == 0 {
				return fmt.Errorf("%s: want at least one Name=Value (e.g. MinimumNumberMembers=2)", verb(cmd))
			}
			p, err := parseAssignments(args)
			if err != nil {
				return err
			}
			return withManager(cmd, false, func(m *mgr) error {
				var err error
				switch {
				case scope.group != "":
					_, err = m.props().SetPropertiesDynamically(m.ctx, &managerv1.SetPropertiesDynamicallyRequest{GroupId: scope.group, Properties: p})
				case scope.typeID != "":
					_, err = m.props().SetTypeProperties(m.ctx, &managerv1.SetTypePropertiesRequest{TypeId: scope.typeID, Properties: p})
				default:
					_, err = m.props().SetDefaultProperties(m.ctx, &managerv1.SetDefaultPropertiesRequest{Properties: p})
				}
				if err != nil {
					return m.err(err)
				}
				if scope.typeID != "" {
					if _, err := m.types().GetType(m.ctx, &managerv1.GetTypeRequest{TypeId: scope.typeID}); status.Code(err) == codes.NotFound {
						m.note("type %s is not registered (yet): its properties apply once it is", scope.typeID)
					}
				}
				if m.json() {
					r, err := resolvedProps(m, &scope)
					if err != nil {
						return err
					}
					return printJSON(m.out, r)
				}
				_, err = fmt.Fprintf(m.out, "%s: set %s\n", scope.String(), formatAssignments(p))
				return err
			})
		},
	}
	scope.flags(cmd)
	return cmd
}

func newPropsRmCmd() *cobra.Command {
	var scope propScope
	cmd := &cobra.Command{
		Use:   "rm [--type T | --group G] Name...",
		Short: "Remove properties from one level (the lower levels show through again)",
		Example: `  warden props rm --group g1 MinimumNumberMembers
  warden props rm --type counter Factories ReplicationStyle`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := scope.check(cmd); err != nil {
				return err
			}
			if len(args) == 0 {
				return fmt.Errorf("%s: want at least one property name (e.g. MinimumNumberMembers)", verb(cmd))
			}
			var names []managerv1.PropertyName
			for _, a := range args {
				if strings.Contains(a, "=") {
					return fmt.Errorf("%q: props rm takes property names, not Name=Value", a)
				}
				n, err := parsePropertyName(a)
				if err != nil {
					return err
				}
				names = append(names, n)
			}
			return withManager(cmd, false, func(m *mgr) error {
				var err error
				switch {
				case scope.group != "":
					_, err = m.props().RemoveGroupProperties(m.ctx, &managerv1.RemoveGroupPropertiesRequest{GroupId: scope.group, Names: names})
				case scope.typeID != "":
					_, err = m.props().RemoveTypeProperties(m.ctx, &managerv1.RemoveTypePropertiesRequest{TypeId: scope.typeID, Names: names})
				default:
					_, err = m.props().RemoveDefaultProperties(m.ctx, &managerv1.RemoveDefaultPropertiesRequest{Names: names})
				}
				if err != nil {
					return m.err(err)
				}
				if m.json() {
					r, err := resolvedProps(m, &scope)
					if err != nil {
						return err
					}
					return printJSON(m.out, r)
				}
				var ns []string
				for _, n := range names {
					ns = append(ns, manager.PropertyNameString(n))
				}
				_, err = fmt.Fprintf(m.out, "%s: removed %s\n", scope.String(), strings.Join(ns, " "))
				return err
			})
		},
	}
	scope.flags(cmd)
	return cmd
}

// ---------------------------------------------------------------------------------------------
// Parsing.

// propertyNameList lists the PropertyNames in order, without UNSPECIFIED.
func propertyNameList() []managerv1.PropertyName {
	var ns []managerv1.PropertyName
	for n := 1; n < len(managerv1.PropertyName_name); n++ {
		ns = append(ns, managerv1.PropertyName(n))
	}
	return ns
}

func knownPropertyNames() string {
	var ns []string
	for _, n := range propertyNameList() {
		ns = append(ns, manager.PropertyNameString(n))
	}
	return strings.Join(ns, ", ")
}

func parsePropertyName(s string) (managerv1.PropertyName, error) {
	n, err := manager.ParsePropertyName(s)
	if err != nil {
		return 0, fmt.Errorf("unknown property %q (known: %s)", s, knownPropertyNames())
	}
	return n, nil
}

// parseAssignments parses Name=Value arguments into one Properties message: every argument is
// checked before anything is sent.
func parseAssignments(args []string) (*managerv1.Properties, error) {
	p := &managerv1.Properties{}
	seen := map[managerv1.PropertyName]string{}
	for _, a := range args {
		name, value, ok := strings.Cut(a, "=")
		if !ok || name == "" {
			return nil, fmt.Errorf("%q: want Name=Value (e.g. MinimumNumberMembers=2)", a)
		}
		n, err := parsePropertyName(name)
		if err != nil {
			return nil, fmt.Errorf("%q: %w", a, err)
		}
		if prev, dup := seen[n]; dup {
			return nil, fmt.Errorf("%q: %s is already set by %q", a, manager.PropertyNameString(n), prev)
		}
		seen[n] = a
		if err := manager.SetProperty(p, name, value); err != nil {
			var why string
			if pe, ok := err.(*manager.PropertyError); ok {
				why = pe.Reason
			} else {
				why = err.Error()
			}
			return nil, fmt.Errorf("invalid property %s=%s: %s", manager.PropertyNameString(n), value, why)
		}
	}
	return p, nil
}

// formatAssignments writes the properties set in p as Name=Value, in PropertyName order.
func formatAssignments(p *managerv1.Properties) string {
	var parts []string
	for _, n := range propertyNameList() {
		if v, ok := propValue(p, n); ok {
			parts = append(parts, manager.PropertyNameString(n)+"="+v)
		}
	}
	return strings.Join(parts, " ")
}

// propValue returns property n of p as text (enum values without their prefix), and whether
// it is set in p.
func propValue(p *managerv1.Properties, n managerv1.PropertyName) (string, bool) {
	if p == nil {
		return "", false
	}
	enum := func(v interface{ String() string }, zero bool, prefix string) (string, bool) {
		if zero {
			return "", false
		}
		return strings.TrimPrefix(v.String(), prefix), true
	}
	switch n {
	case managerv1.PropertyName_PROPERTY_NAME_REPLICATION_STYLE:
		return enum(p.GetReplicationStyle(), p.GetReplicationStyle() == 0, "REPLICATION_STYLE_")
	case managerv1.PropertyName_PROPERTY_NAME_MEMBERSHIP_STYLE:
		return enum(p.GetMembershipStyle(), p.GetMembershipStyle() == 0, "MEMBERSHIP_STYLE_")
	case managerv1.PropertyName_PROPERTY_NAME_CONSISTENCY_STYLE:
		return enum(p.GetConsistencyStyle(), p.GetConsistencyStyle() == 0, "CONSISTENCY_STYLE_")
	case managerv1.PropertyName_PROPERTY_NAME_FAULT_MONITORING_STYLE:
		return enum(p.GetFaultMonitoringStyle(), p.GetFaultMonitoringStyle() == 0, "FAULT_MONITORING_STYLE_")
	case managerv1.PropertyName_PROPERTY_NAME_FAULT_MONITORING_GRANULARITY:
		return enum(p.GetFaultMonitoringGranularity(), p.GetFaultMonitoringGranularity() == 0, "FAULT_MONITORING_GRANULARITY_")
	case managerv1.PropertyName_PROPERTY_NAME_INITIAL_NUMBER_MEMBERS:
		if p.InitialNumberMembers == nil {
			return "", false
		}
		return strconv.Itoa(int(p.GetInitialNumberMembers())), true
	case managerv1.PropertyName_PROPERTY_NAME_MINIMUM_NUMBER_MEMBERS:
		if p.MinimumNumberMembers == nil {
			return "", false
		}
		return strconv.Itoa(int(p.GetMinimumNumberMembers())), true
	case managerv1.PropertyName_PROPERTY_NAME_FAULT_MONITORING_INTERVAL:
		if p.GetFaultMonitoringInterval() == nil {
			return "", false
		}
		return p.GetFaultMonitoringInterval().AsDuration().String(), true
	case managerv1.PropertyName_PROPERTY_NAME_FAULT_MONITORING_TIMEOUT:
		if p.GetFaultMonitoringTimeout() == nil {
			return "", false
		}
		return p.GetFaultMonitoringTimeout().AsDuration().String(), true
	case managerv1.PropertyName_PROPERTY_NAME_CHECKPOINT_INTERVAL:
		if p.GetCheckpointInterval() == nil {
			return "", false
		}
		return p.GetCheckpointInterval().AsDuration().String(), true
	case managerv1.PropertyName_PROPERTY_NAME_FACTORIES:
		if p.GetFactories() == nil {
			return "", false
		}
		return strings.Join(p.GetFactories().GetLocations(), ","), true
	}
	return "", false
}

// ---------------------------------------------------------------------------------------------
// Reading.

// resolvedProps returns the resolved properties of the scope with their origins. A group's come
// from the manager (GetProperties). For a type and the defaults the manager gives the merged
// defaults without origins: a value equal to the built-in one is taken as built in.
func resolvedProps(m *mgr, s *propScope) (*managerv1.GetPropertiesResponse, error) {
	if s.group != "" {
		r, err := m.props().GetProperties(m.ctx, &managerv1.GetPropertiesRequest{GroupId: s.group})
		if err != nil {
			return nil, m.err(err)
		}
		return r, nil
	}
	d, err := m.props().GetDefaultProperties(m.ctx, &managerv1.GetDefaultPropertiesRequest{})
	if err != nil {
		return nil, m.err(err)
	}
	defaults := d.GetProperties()
	var level *managerv1.Properties
	if s.typeID != "" {
		t, err := m.props().GetTypeProperties(m.ctx, &managerv1.GetTypePropertiesRequest{TypeId: s.typeID})
		if err != nil {
			return nil, m.err(err)
		}
		level = t.GetProperties()
		if _, err := m.types().GetType(m.ctx, &managerv1.GetTypeRequest{TypeId: s.typeID}); err != nil {
			if status.Code(err) != codes.NotFound {
				return nil, m.err(err)
			}
			if formatAssignments(level) == "" {
				return nil, m.err(err) // no such type, and nothing set for it: a typo
			}
			m.note("type %s is not registered (yet); showing the properties set for it", s.typeID)
		}
	}
	builtin := manager.BuiltinProperties()
	r := &managerv1.GetPropertiesResponse{Properties: overlay(defaults, level)}
	for _, n := range propertyNameList() {
		src := managerv1.PropertySource_PROPERTY_SOURCE_BUILTIN
		dv, dset := propValue(defaults, n)
		bv, bset := propValue(builtin, n)
		if _, ok := propValue(level, n); ok {
			src = managerv1.PropertySource_PROPERTY_SOURCE_TYPE
		} else if dset && (!bset || dv != bv) {
			src = managerv1.PropertySource_PROPERTY_SOURCE_DEFAULT
		}
		r.Origins = append(r.Origins, &managerv1.PropertyOrigin{Name: n, Source: src})
	}
	return r, nil
}

// overlay returns a copy of base with the fields set in over set (absent fields of a level
// are not set there, so protobuf presence is the rule).
func overlay(base, over *managerv1.Properties) *managerv1.Properties {
	out := &managerv1.Properties{}
	if base != nil {
		out = proto.Clone(base).(*managerv1.Properties)
	}
	if over != nil {
		o := out.ProtoReflect()
		proto.Clone(over).ProtoReflect().Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
			o.Set(fd, v)
			return true
		})
	}
	return out
}

func sourceText(s managerv1.PropertySource) string {
	return strings.ToLower(strings.TrimPrefix(s.String(), "PROPERTY_SOURCE_"))
}

func printProps(m *mgr, r *managerv1.GetPropertiesResponse) error {
	if m.json() {
		return printJSON(m.out, r)
	}
	src := map[managerv1.PropertyName]managerv1.PropertySource{}
	for _, o := range r.GetOrigins() {
		src[o.GetName()] = o.GetSource()
	}
	t := newTable(m.out, "PROPERTY", "VALUE", "SOURCE")
	for _, n := range propertyNameList() {
		v, ok := propValue(r.GetProperties(), n)
		if n == managerv1.PropertyName_PROPERTY_NAME_FACTORIES && (!ok || v == "") {
			v = "(any location)"
		}
		s := src[n]
		if s == 0 {
			s = managerv1.PropertySource_PROPERTY_SOURCE_BUILTIN
		}
		t.row(manager.PropertyNameString(n), v, sourceText(s))
	}
	return t.flush()
}
