package analyze

import (
	"github.com/wardenft/warden/internal/scripttest"

	"cmp"
	"errors"
	"flag"
	"fmt"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The scripted interaction tests, in the etcd-raft style: each file in testdata/ is a sequence
// of commands, each followed by "----" and the output it must produce, then a blank line.
// Run with -rewrite to regenerate the expected outputs, then review the diff.
//
//	# comments and blank lines between commands are kept by -rewrite
//	fault at=10s location=host-a group=g1 member=m1
//	----
//	10s IncidentOpened inc-f1 v1 cause=f1 ObjectCrashFault [location=host-a group=g1 member=m1]
//
// Times are offsets from the script's start. Commands (subject = location= type= group=
// member=):
//
//	config Field=value ...            a new Analyzer: DefaultConfig with these fields changed
//	fault at=T [id=] [kind=] subject [detector=] [ev.K=V ...]
//	                                  Observe a fault; ids f1, f2, ... unless given; kind
//	                                  HostCrashFault for a location, else ObjectCrashFault
//	recover at=T [id=] [kind=] subject
//	                                  Observe a recovery; ids r1, r2, ...; kind HostRecovered
//	                                  for a location, else MemberRecovered
//	restart at=T subject              Restarted
//	clear at=T subject                Clear
//	tick at=T                         Tick
//	may-restart subject               MayRestart
//	may-place location= [type=]       MayPlace
//	status subject                    Status
//	incidents                         Incidents
//	next-deadline                     NextDeadline
//
// After every command the harness checks what holds for every output: At never goes back
// and no ID repeats.

var rewrite = flag.Bool("rewrite", false, "rewrite the expected output of the scripted tests in testdata/")

// scriptEpoch is time 0 of every script.
var scriptEpoch = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

func rel(t time.Time) string { return t.Sub(scriptEpoch).String() }

func TestScripts(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no scripts in testdata/: %v", err)
	}
	for _, path := range files {
		t.Run(strings.TrimSuffix(filepath.Base(path), ".txt"), func(t *testing.T) {
			h := &harness{t: t, path: path, ids: map[string]bool{}}
			scripttest.Run(t, path, *rewrite, "go test ./analyze -run TestScripts -rewrite", h.run)
		})
	}
}

// harness drives one Analyzer through a script.
type harness struct {
	t       *testing.T
	path    string
	a       *Analyzer
	faults  int
	recovs  int
	ids     map[string]bool
	lastAt  time.Time
	current *scripttest.Cmd
}

func (h *harness) fatalf(format string, args ...any) {
	h.t.Helper()
	h.t.Fatalf("%s:%d: %s: %s", h.path, h.current.Line, h.current.Text, fmt.Sprintf(format, args...))
}

func (h *harness) analyzer() *Analyzer {
	if h.a == nil {
		a, err := New(DefaultConfig())
		if err != nil {
			h.fatalf("%v", err)
		}
		h.a = a
	}
	return h.a
}

func (h *harness) time(c *scripttest.Cmd) time.Time {
	s, ok := c.KV["at"]
	if !ok {
		h.fatalf("at= is required")
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		h.fatalf("at=%s: %v", s, err)
	}
	return scriptEpoch.Add(d)
}

func (h *harness) subject(c *scripttest.Cmd) Subject {
	return Subject{Location: c.KV["location"], TypeID: c.KV["type"], GroupID: c.KV["group"], Member: c.KV["member"]}
}

func (h *harness) run(c *scripttest.Cmd) string {
	h.current = c
	a := h.analyzer()
	switch c.Name {
	case "config":
		return h.config(c)
	case "fault", "recover":
		ev := Event{ID: c.KV["id"], Kind: Kind(c.KV["kind"]), Time: h.time(c), Location: c.KV["location"],
			TypeID: c.KV["type"], GroupID: c.KV["group"], Member: c.KV["member"], Detector: c.KV["detector"]}
		for _, k := range c.Keys {
			if ek, ok := strings.CutPrefix(k, "ev."); ok {
				if ev.Evidence == nil {
					ev.Evidence = map[string]string{}
				}
				ev.Evidence[ek] = c.KV[k]
			}
		}
		host := ev.Subject().Scope() == ScopeLocation
		if c.Name == "fault" {
			h.faults++
			ev.ID = cmp.Or(ev.ID, "f"+strconv.Itoa(h.faults))
			ev.Kind = Kind(cmp.Or(string(ev.Kind), string(pick(host, HostCrashFault, ObjectCrashFault))))
		} else {
			h.recovs++
			ev.ID = cmp.Or(ev.ID, "r"+strconv.Itoa(h.recovs))
			ev.Kind = Kind(cmp.Or(string(ev.Kind), string(pick(host, HostRecovered, MemberRecovered))))
		}
		out, err := a.Observe(ev)
		if err != nil {
			return "error: " + err.Error()
		}
		return h.outputs(out)
	case "restart":
		out, err := a.Restarted(h.subject(c), h.time(c))
		if err != nil {
			return "error: " + err.Error()
		}
		return h.outputs(out)
	case "clear":
		out, err := a.Clear(h.subject(c), h.time(c))
		if err != nil {
			return "error: " + err.Error()
		}
		return h.outputs(out)
	case "tick":
		return h.outputs(a.Tick(h.time(c)))
	case "may-restart":
		return decision(a.MayRestart(h.subject(c)))
	case "may-place":
		return decision(a.MayPlace(c.KV["location"], c.KV["type"]))
	case "status":
		return status(a.Status(h.subject(c)))
	case "incidents":
		var lines []string
		for _, inc := range a.Incidents() {
			lines = append(lines, inc.format(rel))
		}
		if len(lines) == 0 {
			return "none"
		}
		return strings.Join(lines, "\n")
	case "next-deadline":
		if d, ok := a.NextDeadline(); ok {
			return rel(d)
		}
		return "none"
	}
	h.fatalf("unknown command %q", c.Name)
	return ""
}

// config makes a new Analyzer from DefaultConfig with the given fields set by name.
func (h *harness) config(c *scripttest.Cmd) string {
	cfg := DefaultConfig()
	v := reflect.ValueOf(&cfg).Elem()
	for _, k := range c.Keys {
		f := v.FieldByName(k)
		if !f.IsValid() {
			h.fatalf("Config has no field %s", k)
		}
		s := c.KV[k]
		var err error
		switch f.Interface().(type) {
		case time.Duration:
			var d time.Duration
			d, err = time.ParseDuration(s)
			f.SetInt(int64(d))
		case int:
			var n int
			n, err = strconv.Atoi(s)
			f.SetInt(int64(n))
		case float64:
			var x float64
			x, err = strconv.ParseFloat(s, 64)
			f.SetFloat(x)
		default:
			h.fatalf("field %s of type %s", k, f.Type())
		}
		if err != nil {
			h.fatalf("%s=%s: %v", k, s, err)
		}
	}
	a, err := New(cfg)
	if err != nil {
		return "error: " + strings.ReplaceAll(err.Error(), "\n", "\nerror: ")
	}
	h.a, h.lastAt = a, time.Time{}
	return "ok"
}

// outputs renders outputs one per line and checks that At never goes back and no ID repeats.
func (h *harness) outputs(out []Output) string {
	var lines []string
	for _, o := range out {
		if o.At.Before(h.lastAt) {
			h.fatalf("output At %s is before the previous output's %s: %s", rel(o.At), rel(h.lastAt), o.format(rel))
		}
		h.lastAt = o.At
		if h.ids[o.ID] {
			h.fatalf("output ID %q repeats: %s", o.ID, o.format(rel))
		}
		h.ids[o.ID] = true
		lines = append(lines, o.format(rel))
	}
	return strings.Join(lines, "\n")
}

func decision(d Decision) string {
	if d.Allowed() {
		return "allowed"
	}
	var kind string
	for _, k := range []error{ErrPermanent, ErrDown, ErrSuppressed} {
		if errors.Is(d.Err, k) {
			kind = strings.TrimPrefix(k.Error(), "analyze: ")
		}
	}
	s := fmt.Sprintf("refused (%s) by [%s]", kind, d.Blocker)
	if !d.Until.IsZero() {
		s += " until=" + rel(d.Until)
	}
	return s + ": " + d.Err.Error()
}

func status(s Status) string {
	var b strings.Builder
	fmt.Fprintf(&b, "[%s] class=%s", s.Subject, s.Class)
	if s.Down {
		fmt.Fprintf(&b, " down since=%s incident=%s", rel(s.Since), s.Incident)
	}
	fmt.Fprintf(&b, " faults=%d failures=%d penalty=%.0f", s.Faults, s.Failures, s.Penalty)
	if s.Suppressed {
		fmt.Fprintf(&b, " suppressed reusable-at=%s", rel(s.ReusableAt))
	}
	if !s.EpisodeEnds.IsZero() {
		fmt.Fprintf(&b, " episode-ends=%s", rel(s.EpisodeEnds))
	}
	return b.String()
}

func pick[T any](cond bool, yes, no T) T {
	if cond {
		return yes
	}
	return no
}
