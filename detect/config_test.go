package detect_test

import (
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/wardenft/warden/detect"
)

func TestProfilesValidate(t *testing.T) {
	snd := detect.DefaultSenderConfig()
	snd.Source, snd.Targets = "a", []string{"127.0.0.1:1"}
	lsnd := detect.LocalSenderConfig()
	lsnd.Source, lsnd.Targets = "a", []string{"127.0.0.1:1"}
	poll, lpoll := detect.DefaultPollConfig(), detect.LocalPollConfig()
	poll.Target, lpoll.Target = "t", "t"
	wd := detect.DefaultWatchdogConfig()
	wd.Name = "w"
	for name, err := range map[string]error{
		"DefaultPhiConfig":      detect.DefaultPhiConfig().Validate(),
		"LocalPhiConfig":        detect.LocalPhiConfig().Validate(),
		"DefaultTimeoutConfig":  detect.DefaultTimeoutConfig().Validate(),
		"LocalTimeoutConfig":    detect.LocalTimeoutConfig().Validate(),
		"DefaultSenderConfig":   snd.Validate(),
		"LocalSenderConfig":     lsnd.Validate(),
		"DefaultReceiverConfig": detect.DefaultReceiverConfig().Validate(),
		"LocalReceiverConfig":   detect.LocalReceiverConfig().Validate(),
		"DefaultPollConfig":     poll.Validate(),
		"LocalPollConfig":       lpoll.Validate(),
		"DefaultWatchdogConfig": wd.Validate(),
	} {
		if err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// TestValidateQuotesBadValues: every bad field is reported, by name and value, at once.
func TestValidateQuotesBadValues(t *testing.T) {
	rc := detect.DefaultReceiverConfig()
	rc.Phi.Threshold, rc.Phi.MinStdDeviation, rc.Phi.SampleWindow, rc.MaxSources = -1, 0, 1, 0
	rcJudge := detect.DefaultReceiverConfig()
	rcJudge.Judge = "magic"
	rcTimeout := detect.DefaultReceiverConfig()
	rcTimeout.Judge, rcTimeout.Timeout.Multiplier = detect.JudgeTimeout, 0.5
	p, _ := os.FindProcess(os.Getpid())
	for _, c := range []struct {
		name string
		err  error
		want []string
	}{
		{"receiver", rc.Validate(), []string{"Phi.Threshold = -1", "Phi.MinStdDeviation = 0s", "Phi.SampleWindow = 1", "MaxSources = 0"}},
		{"judge", rcJudge.Validate(), []string{`Judge = "magic"`}},
		{"timeout", rcTimeout.Validate(), []string{"Timeout.Multiplier = 0.5"}},
		{"phi", detect.PhiConfig{Threshold: 200, MinStdDeviation: time.Millisecond, AcceptablePause: -time.Second, SampleWindow: 10}.Validate(),
			[]string{"Phi.Threshold = 200", "Phi.AcceptablePause = -1s"}},
		{"sender", detect.SenderConfig{Source: "", Targets: []string{""}, Interval: time.Microsecond}.Validate(),
			[]string{`Source = ""`, `Targets[0] = ""`, "Interval = 1µs"}},
		{"sender targets", detect.SenderConfig{Source: "a", Interval: time.Second}.Validate(), []string{"Targets = []"}},
		{"poll", detect.PollConfig{Interval: 0, Timeout: time.Second, TimingBound: 2 * time.Second, CrashAfter: 0}.Validate(),
			[]string{`Target = ""`, "Interval = 0s", "TimingBound = 2s: must be positive and at most Timeout (1s)", "CrashAfter = 0"}},
		{"watchdog", detect.WatchdogConfig{Name: "w", Timeout: -1, Process: p}.Validate(), []string{"Timeout = -1ns", "EndProcess = false"}},
	} {
		if !errors.Is(c.err, detect.ErrInvalidConfig) {
			t.Errorf("%s: err %v, want ErrInvalidConfig", c.name, c.err)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(c.err.Error(), w) {
				t.Errorf("%s: %q does not say %q", c.name, c.err, w)
			}
		}
		if n := strings.Count(c.err.Error(), "\n") + 1; n != len(c.want) {
			t.Errorf("%s: %d errors, want %d: %v", c.name, n, len(c.want), c.err)
		}
	}
	if _, err := detect.NewReceiver(rc); !errors.Is(err, detect.ErrInvalidConfig) {
		t.Errorf("NewReceiver with a bad config: %v", err)
	}
}

func TestEvidenceKeyValues(t *testing.T) {
	e := detect.Evidence{Addr: "127.0.0.1:1", LastArrival: time.Unix(0, 0).UTC(), Seq: 3, Incarnation: 9, PrevIncarnation: 8,
		Phi: 8.5, Threshold: 8, Silence: 312 * time.Millisecond, PID: 77, ExitCode: -1, Signal: "killed"}
	kv := e.KeyValues()
	want := map[string]string{"addr": "127.0.0.1:1", "last_arrival": "1970-01-01T00:00:00Z", "seq": "3", "incarnation": "9",
		"prev_incarnation": "8", "phi": "8.500", "threshold": "8.000", "silence": "312ms", "pid": "77", "exit_code": "-1", "signal": "killed"}
	if len(kv) != len(want) {
		t.Errorf("KeyValues = %v, want %v", kv, want)
	}
	for k, v := range want {
		if kv[k] != v {
			t.Errorf("KeyValues[%q] = %q, want %q", k, kv[k], v)
		}
	}
	v := detect.Verdict{Source: "s", Detector: detect.DetectorProcess, Kind: detect.KindFault, Semantics: detect.Crash, State: detect.StateFailed, Certain: true, Evidence: e}
	if s := v.String(); !strings.Contains(s, "s process fault crash failed certain") || !strings.Contains(s, "signal=killed") {
		t.Errorf("String() = %q", s)
	}
}
