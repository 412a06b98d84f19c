package agent

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	pb "github.com/wardenft/warden/api/warden/manager/v1"
)

// ErrLaunchSpec is wrapped by the errors of a launch spec the agent cannot use: an unknown
// placeholder, an empty command. The member is then reported EXITED with the error as its
// exit status, and a fault.
var ErrLaunchSpec = errors.New("agent: bad launch spec")

// launchVars are the values of a member's placeholders.
type launchVars struct {
	Member, Group, Type, Location string
	CreationID                    uint64
	Port                          int
	DataDir                       string
}

func (v launchVars) lookup(name string) (string, bool) {
	switch name {
	case "member":
		return v.Member, true
	case "group":
		return v.Group, true
	case "type":
		return v.Type, true
	case "location":
		return v.Location, true
	case "creation_id":
		return strconv.FormatUint(v.CreationID, 10), true
	case "port":
		return strconv.Itoa(v.Port), true
	case "data_dir":
		return v.DataDir, true
	}
	return "", false
}

// substitute replaces the placeholders {{member}}, {{group}}, {{type}}, {{location}},
// {{creation_id}}, {{port}} and {{data_dir}} in s. Any other "{{" is an error, as the manager
// refuses it at registration: a launch spec is never run with a placeholder left in.
func substitute(s string, v launchVars) (string, error) {
	if !strings.Contains(s, "{{") {
		return s, nil
	}
	var b strings.Builder
	rest := s
	for {
		i := strings.Index(rest, "{{")
		if i < 0 {
			b.WriteString(rest)
			return b.String(), nil
		}
		b.WriteString(rest[:i])
		j := strings.Index(rest[i+2:], "}}")
		if j < 0 {
			return "", fmt.Errorf("%w: %q: unclosed {{ at byte %d", ErrLaunchSpec, s, len(s)-len(rest)+i)
		}
		name := rest[i+2 : i+2+j]
		val, ok := v.lookup(name)
		if !ok {
			return "", fmt.Errorf("%w: %q: unknown placeholder {{%s}} (known: member, group, type, location, creation_id, port, data_dir)", ErrLaunchSpec, s, name)
		}
		b.WriteString(val)
		rest = rest[i+2+j+2:]
	}
}

// launch is a member's command with every placeholder substituted.
type launch struct {
	Path string
	Args []string
	// Env is added to the agent's environment, in order (a later entry wins).
	Env []string
	// StopGrace is how long a stop waits after SIGTERM before SIGKILL.
	StopGrace time.Duration
}

// DefaultStopGracePeriod is the wait between SIGTERM and SIGKILL when the launch spec gives
// none.
const DefaultStopGracePeriod = 5 * time.Second

// buildLaunch substitutes v into spec. It is pure.
func buildLaunch(spec *pb.LaunchSpec, v launchVars) (launch, error) {
	var l launch
	if spec == nil || spec.GetCommand() == "" {
		return l, fmt.Errorf("%w: no command", ErrLaunchSpec)
	}
	var err error
	if l.Path, err = substitute(spec.GetCommand(), v); err != nil {
		return l, fmt.Errorf("command: %w", err)
	}
	for i, a := range spec.GetArgs() {
		s, err := substitute(a, v)
		if err != nil {
			return l, fmt.Errorf("args[%d]: %w", i, err)
		}
		l.Args = append(l.Args, s)
	}
	for i, e := range spec.GetEnv() {
		if e.GetName() == "" || strings.ContainsAny(e.GetName(), "=\x00") {
			return l, fmt.Errorf("env[%d]: %w: name %q", i, ErrLaunchSpec, e.GetName())
		}
		s, err := substitute(e.GetValue(), v)
		if err != nil {
			return l, fmt.Errorf("env[%d] (%s): %w", i, e.GetName(), err)
		}
		l.Env = append(l.Env, e.GetName()+"="+s)
	}
	l.StopGrace = DefaultStopGracePeriod
	if g := spec.GetStopGracePeriod(); g != nil {
		if err := g.CheckValid(); err != nil || g.AsDuration() < 0 {
			return l, fmt.Errorf("%w: stop_grace_period %v", ErrLaunchSpec, g.AsDuration())
		}
		l.StopGrace = g.AsDuration()
	}
	return l, nil
}
