package main

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/wardenft/warden/internal/monitor"
)

func newMonitorCmd() *cobra.Command {
	cfg := monitor.DefaultConfig()
	var (
		configFile            string
		grpcT, tcpT, execT    []string
		hbT                   []string
		restart               bool
		pollEvery, pollTimout time.Duration
		logLevel              string
	)
	cmd := &cobra.Command{
		Use:   "monitor",
		Short: "Monitor targets, analyse their faults and serve the FaultNotifier API",
		Long: `monitor watches targets and reports their faults as structured events.

Targets are polled with grpc.health.v1 (--grpc) or TCP connects (--tcp), started and watched as
child processes (--exec; with --restart they are restarted when they end, as the analyzer allows),
or send push heartbeats over UDP to --heartbeat-listen (warden heartbeat; every source is
monitored from its first heartbeat, --heartbeat names ones to expect). Every verdict becomes a
fault event (ObjectCrashFault, OmissionFault, TimingFault, MemberRecovered, ...), the analyzer
correlates them into incidents with a root cause and classifies them as transient, intermittent
or permanent, and all of it is served over gRPC on --listen: read it with
'warden faults watch' and 'warden faults ls'.

On start it prints one line with the addresses it listens on. It runs until interrupted, then
stops the children it started.

Target syntax: NAME=ADDRESS for --grpc (NAME=ADDRESS/SERVICE to ask about one service) and
--tcp; NAME=COMMAND ARGS... for --exec (split on spaces; '...' and "..." quote, \ escapes).`,
		Example: `  warden monitor --tcp web=127.0.0.1:8080 --exec 'worker=sh -c "exec ./worker --queue jobs"' --restart
  warden monitor --config monitor.json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if configFile != "" {
				b, err := os.ReadFile(configFile)
				if err != nil {
					return err
				}
				dec := json.NewDecoder(strings.NewReader(string(b)))
				dec.DisallowUnknownFields()
				fileCfg := monitor.DefaultConfig()
				if err := dec.Decode(&fileCfg); err != nil {
					return fmt.Errorf("--config %s: %w", configFile, err)
				}
				// Flags given explicitly win over the file.
				fl := cmd.Flags()
				for name, dst := range map[string]*string{"listen": &fileCfg.Listen, "heartbeat-listen": &fileCfg.HeartbeatListen, "domain": &fileCfg.Domain, "location": &fileCfg.Location, "profile": &fileCfg.Profile, "judge": &fileCfg.Judge} {
					if fl.Changed(name) {
						v, _ := fl.GetString(name)
						*dst = v
					}
				}
				cfg = fileCfg
			}
			for _, spec := range grpcT {
				name, addr, err := splitTarget("--grpc", spec)
				if err != nil {
					return err
				}
				addr, service, _ := strings.Cut(addr, "/")
				cfg.Targets = append(cfg.Targets, monitor.Target{Name: name, GRPC: addr, Service: service})
			}
			for _, spec := range tcpT {
				name, addr, err := splitTarget("--tcp", spec)
				if err != nil {
					return err
				}
				cfg.Targets = append(cfg.Targets, monitor.Target{Name: name, TCP: addr})
			}
			for _, spec := range execT {
				name, command, err := splitTarget("--exec", spec)
				if err != nil {
					return err
				}
				argv, err := splitCommand(command)
				if err != nil {
					return fmt.Errorf("--exec %q: %w", spec, err)
				}
				cfg.Targets = append(cfg.Targets, monitor.Target{Name: name, Exec: argv, Restart: restart})
			}
			for _, name := range hbT {
				cfg.Targets = append(cfg.Targets, monitor.Target{Name: name, Heartbeat: true})
			}
			if pollEvery > 0 {
				cfg.PollInterval = monitor.Duration(pollEvery)
			}
			if pollTimout > 0 {
				cfg.PollTimeout = monitor.Duration(pollTimout)
			}
			var level slog.Level
			if err := level.UnmarshalText([]byte(logLevel)); err != nil {
				return fmt.Errorf("--log-level: %q is not debug, info, warn or error", logLevel)
			}
			cfg.Logger = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))
			m, err := monitor.New(cfg)
			if err != nil {
				return err
			}
			hb := "off"
			if a := m.HeartbeatAddr(); a != nil {
				hb = "udp " + a.String()
			}
			fmt.Fprintf(cmd.OutOrStdout(), "warden monitor: FaultNotifier on %s, heartbeats on %s, %d targets\n", m.Addr(), hb, len(cfg.Targets))
			return m.Run(cmd.Context())
		},
	}
	f := cmd.Flags()
	f.StringVar(&configFile, "config", "", "JSON config file (fields of the monitor.Config type: listen, heartbeat_listen, location, targets, ...)")
	f.StringVar(&cfg.Listen, "listen", cfg.Listen, "gRPC address of the FaultNotifier API (port 0 picks one)")
	f.StringVar(&cfg.HeartbeatListen, "heartbeat-listen", cfg.HeartbeatListen, `UDP address for push heartbeats ("" turns it off)`)
	f.StringVar(&cfg.Domain, "domain", cfg.Domain, "FT domain of the events")
	f.StringVar(&cfg.Location, "location", cfg.Location, "location (host) of the targets")
	f.StringVar(&cfg.Profile, "profile", cfg.Profile, "detector settings: lan or local (same host, tighter bounds)")
	f.StringVar(&cfg.Judge, "judge", cfg.Judge, "heartbeat judge: phi (phi accrual) or timeout (interval x multiplier)")
	f.StringArrayVar(&grpcT, "grpc", nil, "poll a grpc.health.v1 server: NAME=ADDRESS[/SERVICE] (repeatable)")
	f.StringArrayVar(&tcpT, "tcp", nil, "poll by TCP connect: NAME=ADDRESS (repeatable)")
	f.StringArrayVar(&execT, "exec", nil, "start and watch a child process: NAME=COMMAND ARGS (repeatable)")
	f.StringArrayVar(&hbT, "heartbeat", nil, "expect push heartbeats from source NAME (repeatable; others are accepted too)")
	f.BoolVar(&restart, "restart", false, "restart --exec children when they end, as the analyzer allows (damping, restart budget)")
	f.DurationVar(&pollEvery, "poll-interval", 0, "poll interval for --grpc and --tcp (default: the profile's)")
	f.DurationVar(&pollTimout, "poll-timeout", 0, "poll timeout for --grpc and --tcp (default: the profile's)")
	f.StringVar(&logLevel, "log-level", "info", "log level on stderr: debug, info, warn or error")
	return cmd
}

// splitTarget splits NAME=VALUE.
func splitTarget(flag, spec string) (string, string, error) {
	name, value, ok := strings.Cut(spec, "=")
	if !ok || name == "" || value == "" {
		return "", "", fmt.Errorf("%s %q: want NAME=VALUE", flag, spec)
	}
	return name, value, nil
}

// splitCommand splits a command line into words the way a shell would for simple cases:
// blanks separate words, '...' quotes literally, "..." quotes with \ escaping, and \ escapes
// one character outside quotes. No expansion of any kind.
func splitCommand(s string) ([]string, error) {
	var words []string
	var cur strings.Builder
	inWord := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n':
			if inWord {
				words = append(words, cur.String())
				cur.Reset()
				inWord = false
			}
		case c == '\'':
			j := strings.IndexByte(s[i+1:], '\'')
			if j < 0 {
				return nil, fmt.Errorf("unterminated ' at byte %d", i)
			}
			cur.WriteString(s[i+1 : i+1+j])
			i += j + 1
			inWord = true
		case c == '"':
			i++
			for ; i < len(s) && s[i] != '"'; i++ {
				if s[i] == '\\' && i+1 < len(s) {
					i++
				}
				cur.WriteByte(s[i])
			}
			if i >= len(s) {
				return nil, fmt.Errorf("unterminated \" in command")
			}
			inWord = true
		case c == '\\':
			if i+1 >= len(s) {
				return nil, fmt.Errorf("trailing \\ in command")
			}
			i++
			cur.WriteByte(s[i])
			inWord = true
		default:
			cur.WriteByte(c)
			inWord = true
		}
	}
	if inWord {
		words = append(words, cur.String())
	}
	if len(words) == 0 {
		return nil, fmt.Errorf("empty command")
	}
	return words, nil
}
