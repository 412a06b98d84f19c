package agent

import (
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"google.golang.org/protobuf/types/known/durationpb"

	pb "github.com/wardenft/warden/api/warden/manager/v1"
	"github.com/wardenft/warden/detect"
	"github.com/wardenft/warden/notify"
)

var testVars = launchVars{Member: "m3", Group: "g1", Type: "echo", Location: "host-a", CreationID: 3, Port: 41234, DataDir: "/d/members/g1/m3"}

func TestSubstitute(t *testing.T) {
	for _, tc := range []struct{ in, want, err string }{
		{in: "plain", want: "plain"},
		{in: "", want: ""},
		{in: "{{member}}", want: "m3"},
		{in: "--listen=127.0.0.1:{{port}}", want: "--listen=127.0.0.1:41234"},
		{in: "{{group}}/{{member}}#{{creation_id}}@{{location}} {{type}} {{data_dir}}", want: "g1/m3#3@host-a echo /d/members/g1/m3"},
		{in: "{{port}}{{port}}", want: "4123441234"},
		{in: "a } b }} c", want: "a } b }} c"},
		{in: "{{ member }}", err: "unknown placeholder {{ member }}"},
		{in: "{{pid}}", err: "unknown placeholder {{pid}}"},
		{in: "x {{port", err: "unclosed {{ at byte 2"},
		{in: "{{}}", err: "unknown placeholder {{}}"},
	} {
		got, err := substitute(tc.in, testVars)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) || !errors.Is(err, ErrLaunchSpec) {
				t.Errorf("substitute(%q) = %q, %v; want an ErrLaunchSpec containing %q", tc.in, got, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("substitute(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
}

func TestBuildLaunch(t *testing.T) {
	spec := &pb.LaunchSpec{
		Command: "/opt/{{type}}/bin/server",
		Args:    []string{"--listen", "127.0.0.1:{{port}}", "--data={{data_dir}}"},
		Env:     []*pb.EnvVar{{Name: "ID", Value: "{{group}}-{{member}}"}, {Name: "ID", Value: "later"}},
	}
	l, err := buildLaunch(spec, testVars)
	if err != nil {
		t.Fatal(err)
	}
	if l.Path != "/opt/echo/bin/server" || !slices.Equal(l.Args, []string{"--listen", "127.0.0.1:41234", "--data=/d/members/g1/m3"}) ||
		!slices.Equal(l.Env, []string{"ID=g1-m3", "ID=later"}) || l.StopGrace != DefaultStopGracePeriod {
		t.Errorf("buildLaunch = %+v", l)
	}
	spec.StopGracePeriod = durationpb.New(1500 * time.Millisecond)
	if l, _ := buildLaunch(spec, testVars); l.StopGrace != 1500*time.Millisecond {
		t.Errorf("stop grace %v, want 1.5s", l.StopGrace)
	}

	for _, tc := range []struct {
		spec *pb.LaunchSpec
		err  string
	}{
		{nil, "no command"},
		{&pb.LaunchSpec{}, "no command"},
		{&pb.LaunchSpec{Command: "x", Args: []string{"ok", "{{nope}}"}}, "args[1]: agent: bad launch spec"},
		{&pb.LaunchSpec{Command: "x", Env: []*pb.EnvVar{{Name: "A=B", Value: "v"}}}, `env[0]: agent: bad launch spec: name "A=B"`},
		{&pb.LaunchSpec{Command: "x", Env: []*pb.EnvVar{{Name: "A", Value: "{{port"}}}, "env[0] (A)"},
		{&pb.LaunchSpec{Command: "{{cmd}}"}, "command: agent: bad launch spec"},
		{&pb.LaunchSpec{Command: "x", StopGracePeriod: durationpb.New(-time.Second)}, "stop_grace_period -1s"},
	} {
		_, err := buildLaunch(tc.spec, testVars)
		if err == nil || !errors.Is(err, ErrLaunchSpec) || !strings.Contains(err.Error(), tc.err) {
			t.Errorf("buildLaunch(%v) = %v; want an ErrLaunchSpec containing %q", tc.spec, err, tc.err)
		}
	}
}

func TestConfigValidate(t *testing.T) {
	c := DefaultConfig()
	c.Location, c.DataDir = "host-a", "/tmp/x"
	if err := c.Validate(); err != nil {
		t.Fatalf("default config with location and data dir: %v", err)
	}
	c = Config{Location: "host a", Managers: []string{"nohost"}, ListenAddr: "x"}
	err := c.Validate()
	for _, want := range []string{
		`Location = "host a": character ' ' at byte 4 not allowed`,
		`Managers[0] = "nohost": want host:port`,
		`ListenAddr = "x"`,
		`AdvertiseHost = ""`,
		`DataDir = ""`,
		"StartTimeout = 0s",
		"PullCrashAfter = 0",
		"RPCTimeout = 0s",
		"ReconnectMin, ReconnectMax = 0s, 0s",
		"ResyncInterval = 0s",
		"FaultQueueLength = 0",
	} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Validate() = %v; want it to mention %q", err, want)
		}
	}
	if !errors.Is(err, ErrInvalidConfig) {
		t.Errorf("Validate() error does not wrap ErrInvalidConfig")
	}
}

func TestFaultEvent(t *testing.T) {
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	p := placement{Domain: "d", Location: "host-a", TypeID: "echo", ID: MemberID{Group: "g1", Member: "m3", CreationID: 3}, Epoch: 7}
	for _, tc := range []struct {
		name     string
		v        detect.Verdict
		kind     notify.Kind
		severity notify.Severity
		evidence map[string]string
	}{
		{"exit", detect.Verdict{Source: "g1/m3", Detector: detect.DetectorProcess, Kind: detect.KindFault, Semantics: detect.Crash,
			State: detect.StateFailed, Certain: true, At: at, Evidence: detect.Evidence{PID: 42, ExitCode: -1, Signal: "killed"}},
			notify.ObjectCrashFault, notify.SeverityCritical,
			map[string]string{"certain": "true", "creation_id": "3", "epoch": "7", "pid": "42", "exit_code": "-1", "signal": "killed", "semantics": "crash", "source": "g1/m3"}},
		{"pull crash", detect.Verdict{Source: "g1/m3", Detector: detect.DetectorHealth, Kind: detect.KindFault, Semantics: detect.Crash,
			State: detect.StateFailed, At: at, Evidence: detect.Evidence{Omissions: 3}},
			notify.ObjectCrashFault, notify.SeverityError, map[string]string{"certain": "false", "omissions": "3"}},
		{"omission", detect.Verdict{Source: "g1/m3", Detector: detect.DetectorHealth, Kind: detect.KindFault, Semantics: detect.Omission,
			State: detect.StateSuspect, At: at}, notify.OmissionFault, notify.SeverityWarning, map[string]string{"state": "suspect"}},
		{"timing", detect.Verdict{Source: "g1/m3", Detector: detect.DetectorHealth, Kind: detect.KindFault, Semantics: detect.Timing, At: at},
			notify.TimingFault, notify.SeverityWarning, nil},
		{"recovered", detect.Verdict{Source: "g1/m3", Detector: detect.DetectorTimeout, Kind: detect.KindRecovered, Semantics: detect.Pause, At: at},
			notify.MemberRecovered, notify.SeverityInfo, map[string]string{"semantics": "pause"}},
	} {
		ev, ok := faultEvent("agent-1-1", tc.v, p, map[string]string{"action": "killed"})
		if !ok {
			t.Errorf("%s: no event", tc.name)
			continue
		}
		if err := ev.Validate(); err != nil {
			t.Errorf("%s: invalid event: %v", tc.name, err)
		}
		if ev.Kind != tc.kind || ev.Severity != tc.severity || ev.ID != "agent-1-1" || ev.Location != "host-a" || ev.TypeID != "echo" ||
			ev.GroupID != "g1" || ev.Member != "m3" || ev.Detector != string(tc.v.Detector) || !ev.Time.Equal(at) || ev.Domain != "d" {
			t.Errorf("%s: event %+v", tc.name, ev)
		}
		if ev.Scope() != notify.ScopeMember {
			t.Errorf("%s: scope %s, want member", tc.name, ev.Scope())
		}
		for k, v := range tc.evidence {
			if ev.Evidence[k] != v {
				t.Errorf("%s: evidence[%s] = %q, want %q (all: %v)", tc.name, k, ev.Evidence[k], v, ev.Evidence)
			}
		}
		if ev.Evidence["action"] != "killed" {
			t.Errorf("%s: extra evidence missing", tc.name)
		}
	}
	if _, ok := faultEvent("x", detect.Verdict{Kind: detect.KindUp}, p, nil); ok {
		t.Error("KindUp made an event")
	}
}

func TestBackoff(t *testing.T) {
	b := newBackoff(100*time.Millisecond, time.Second, 1)
	ceil := 100 * time.Millisecond
	for i := range 10 {
		d := b.next()
		if d < 100*time.Millisecond || d > ceil {
			t.Fatalf("attempt %d: %v, want in [100ms, %v]", i, d, ceil)
		}
		ceil = min(2*ceil, time.Second)
	}
	b.reset()
	if d := b.next(); d != 100*time.Millisecond {
		t.Fatalf("after reset: %v, want 100ms", d)
	}
}

// keepLog keeps the newest removedLogsKept logs of forgotten members, oldest deleted first.
func TestKeepLogKeepsTheNewest(t *testing.T) {
	a := &Agent{dataDir: t.TempDir(), log: slog.New(slog.DiscardHandler)}
	for i := range removedLogsKept + 3 {
		m := &member{id: MemberID{Group: "g", Member: fmt.Sprintf("m%02d", i)}}
		src := filepath.Join(a.dataDir, "logs", "g", m.id.Member+".log")
		if err := os.MkdirAll(filepath.Dir(src), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(src, []byte("log of "+m.id.Member), 0o644); err != nil {
			t.Fatal(err)
		}
		a.keepLog(m)
		if _, err := os.Stat(src); !os.IsNotExist(err) {
			t.Fatalf("%s still there: %v", src, err)
		}
	}
	a.keepLog(&member{id: MemberID{Group: "g", Member: "never-ran"}}) // no log: nothing to keep
	ents, err := os.ReadDir(filepath.Join(a.dataDir, "removed-logs"))
	if err != nil {
		t.Fatal(err)
	}
	if len(ents) != removedLogsKept {
		t.Fatalf("%d logs kept, want %d", len(ents), removedLogsKept)
	}
	for i, e := range ents {
		want := fmt.Sprintf(".g.m%02d.log", i+3)
		if !strings.HasSuffix(e.Name(), want) {
			t.Errorf("kept log %d is %s, want one ending in %s (the oldest three deleted)", i, e.Name(), want)
		}
	}
}
