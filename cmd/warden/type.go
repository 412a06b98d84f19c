package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/types/known/durationpb"

	managerv1 "github.com/wardenft/warden/api/warden/manager/v1"
)

func init() { subcommands = append(subcommands, newTypeCmd) }

func newTypeCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "type",
		Short: "Register, list, show and remove member types and their launch specs",
		Long: `type manages the member types a manager knows: how an agent starts a member of the type
(command, arguments, environment, stop grace period, health service). In the command, the
arguments and the environment values these placeholders are replaced when a member starts:
{{member}}, {{group}}, {{type}}, {{location}}, {{creation_id}}, {{port}} (a free port the
member must listen on) and {{data_dir}} (a directory kept until the member is deleted).`,
	}
	addManagerFlags(cmd)
	cmd.AddCommand(newTypeRegisterCmd(), newTypeLsCmd(), newTypeShowCmd(), newTypeRmCmd())
	return cmd
}

func newTypeRegisterCmd() *cobra.Command {
	var (
		command, healthService, description, file string
		args, env                                 []string
		stopGrace                                 time.Duration
	)
	cmd := &cobra.Command{
		Use:   "register ID --command PATH [--arg A]... [--env K=V]... | register [ID] --file SPEC.json",
		Short: "Register a member type, or replace its launch spec",
		Long: `register registers a member type with its launch spec, or replaces the spec of a registered
type (members already running keep theirs). The spec comes from the flags or, with --file, from
a JSON MemberType (protojson: what 'warden type show ID -o json' prints; - reads stdin).`,
		Example: `  warden type register echo --command /usr/local/bin/echo-server --arg --port={{port}} --arg --data={{data_dir}} --env GOMAXPROCS=2
  warden type show echo -o json > echo.json && warden type register --file echo.json`,
		RunE: func(cmd *cobra.Command, pos []string) error {
			if len(pos) > 1 {
				return fmt.Errorf("%s: too many arguments (%s): want the type id", verb(cmd), strings.Join(quoteAll(pos), " "))
			}
			var id string
			if len(pos) == 1 {
				id = pos[0]
			}
			var t *managerv1.MemberType
			if cmd.Flags().Changed("file") {
				var used []string
				for _, f := range []string{"command", "arg", "env", "stop-grace", "health-service", "description"} {
					if cmd.Flags().Changed(f) {
						used = append(used, "--"+f)
					}
				}
				if len(used) > 0 {
					return fmt.Errorf("--file %s: cannot be combined with %s (the file holds the whole type)", file, strings.Join(used, ", "))
				}
				var err error
				if t, err = readTypeFile(cmd, file); err != nil {
					return err
				}
				switch {
				case t.GetTypeId() == "" && id == "":
					return fmt.Errorf("--file %s: no type_id in the file and no ID argument", file)
				case t.GetTypeId() == "":
					t.TypeId = id
				case id != "" && id != t.GetTypeId():
					return fmt.Errorf("type id %q: the file %s registers %q", id, file, t.GetTypeId())
				}
			} else {
				if id == "" {
					return fmt.Errorf("%s: missing argument: want the type id (or --file)", verb(cmd))
				}
				if command == "" {
					return fmt.Errorf("--command is required: the executable an agent starts for a member of %s (or --file)", id)
				}
				l := &managerv1.LaunchSpec{Command: command, Args: args, HealthService: healthService}
				for _, e := range env {
					k, v, ok := strings.Cut(e, "=")
					if !ok || k == "" {
						return fmt.Errorf("--env %q: want NAME=VALUE", e)
					}
					l.Env = append(l.Env, &managerv1.EnvVar{Name: k, Value: v})
				}
				if cmd.Flags().Changed("stop-grace") {
					if stopGrace < 0 {
						return fmt.Errorf("--stop-grace %v: must not be negative", stopGrace)
					}
					l.StopGracePeriod = durationpb.New(stopGrace)
				}
				t = &managerv1.MemberType{TypeId: id, Launch: l, Description: description}
			}
			return withManager(cmd, false, func(m *mgr) error {
				if _, err := m.types().RegisterType(m.ctx, &managerv1.RegisterTypeRequest{Type: t}); err != nil {
					return m.err(err)
				}
				if m.json() {
					return printJSON(m.out, t)
				}
				_, err := fmt.Fprintf(m.out, "type %s registered: %s\n", t.GetTypeId(), launchLine(t.GetLaunch()))
				return err
			})
		},
	}
	f := cmd.Flags()
	f.StringVar(&command, "command", "", "the executable: an absolute path, or a name in the agent's PATH")
	f.StringArrayVar(&args, "arg", nil, "an argument (repeatable, in order)")
	f.StringArrayVar(&env, "env", nil, "an environment variable NAME=VALUE added to the agent's (repeatable)")
	f.DurationVar(&stopGrace, "stop-grace", 0, "on delete, SIGTERM then SIGKILL after this long (default: the manager's, 5s)")
	f.StringVar(&healthService, "health-service", "", "the grpc.health.v1 service name checked by PULL monitoring (default: the server)")
	f.StringVar(&description, "description", "", "free text for operators")
	f.StringVar(&file, "file", "", "read the type from this JSON file (protojson MemberType; - for stdin)")
	return cmd
}

func readTypeFile(cmd *cobra.Command, file string) (*managerv1.MemberType, error) {
	var b []byte
	var err error
	if file == "-" {
		b, err = io.ReadAll(cmd.InOrStdin())
	} else {
		b, err = os.ReadFile(file)
	}
	if err != nil {
		return nil, fmt.Errorf("--file: %w", err)
	}
	t := &managerv1.MemberType{}
	if err := protojson.Unmarshal(b, t); err != nil {
		return nil, fmt.Errorf("--file %s: not a MemberType in JSON: %v", file, err)
	}
	return t, nil
}

func newTypeLsCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "ls",
		Short: "List the registered member types",
		Args:  exactArgs(),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return withManager(cmd, false, func(m *mgr) error {
				r, err := m.types().ListTypes(m.ctx, &managerv1.ListTypesRequest{})
				if err != nil {
					return m.err(err)
				}
				if m.json() {
					return printJSONList(m.out, r.GetTypes())
				}
				t := newTable(m.out, "TYPE", "LAUNCH", "DESCRIPTION")
				for _, ty := range r.GetTypes() {
					t.row(ty.GetTypeId(), launchLine(ty.GetLaunch()), ty.GetDescription())
				}
				return t.flush()
			})
		},
	}
}

func newTypeShowCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "show ID",
		Short: "Show a member type and its launch spec",
		Args:  exactArgs("type id"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return withManager(cmd, false, func(m *mgr) error {
				r, err := m.types().GetType(m.ctx, &managerv1.GetTypeRequest{TypeId: args[0]})
				if err != nil {
					return m.err(err)
				}
				if m.json() {
					return printJSON(m.out, r.GetType())
				}
				ty, l := r.GetType(), r.GetType().GetLaunch()
				w := newTable(m.out, "type", ty.GetTypeId())
				if ty.GetDescription() != "" {
					w.row("description", ty.GetDescription())
				}
				w.row("command", l.GetCommand())
				for i, a := range l.GetArgs() {
					w.row(fmt.Sprintf("arg %d", i+1), a)
				}
				for _, e := range l.GetEnv() {
					w.row("env", e.GetName()+"="+e.GetValue())
				}
				grace := "5s (default)"
				if g := l.GetStopGracePeriod(); g != nil {
					grace = g.AsDuration().String()
				}
				w.row("stop grace", grace)
				hs := "(the server)"
				if l.GetHealthService() != "" {
					hs = l.GetHealthService()
				}
				w.row("health service", hs)
				return w.flush()
			})
		},
	}
}

func newTypeRmCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "rm ID",
		Short: "Unregister a member type (refused while groups of it exist; its properties are kept)",
		Args:  exactArgs("type id"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return withManager(cmd, false, func(m *mgr) error {
				r, err := m.types().UnregisterType(m.ctx, &managerv1.UnregisterTypeRequest{TypeId: args[0]})
				if err != nil {
					return m.err(err)
				}
				if m.json() {
					return printJSON(m.out, r)
				}
				_, err = fmt.Fprintf(m.out, "type %s unregistered\n", args[0])
				return err
			})
		},
	}
}

// launchLine is a launch spec on one line, shell-like: env, command, args.
func launchLine(l *managerv1.LaunchSpec) string {
	var parts []string
	for _, e := range l.GetEnv() {
		parts = append(parts, shellWord(e.GetName()+"="+e.GetValue()))
	}
	parts = append(parts, shellWord(l.GetCommand()))
	for _, a := range l.GetArgs() {
		parts = append(parts, shellWord(a))
	}
	return strings.Join(parts, " ")
}

func shellWord(s string) string {
	if s != "" && !strings.ContainsAny(s, " \t\n'\"\\$`") {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
