package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/hashicorp/memberlist"

	"github.com/wardenft/warden/detect"
)

// childEnv selects a child role: the harness starts its own executable with it set.
const childEnv = "WARDEN_BENCH_DETECT_CHILD"

// childMain runs a child role and returns its exit code. A child prints "ready" on stdout once
// it is set up, and exits when its stdin closes (the harness went away) or it is killed.
func childMain(role string, args []string) int {
	go func() {
		io.Copy(io.Discard, os.Stdin)
		os.Exit(0)
	}()
	fs := flag.NewFlagSet(role, flag.ContinueOnError)
	switch role {
	case "sender":
		targets := fs.String("targets", "", "comma-separated receiver addresses")
		source := fs.String("source", "bench", "source id")
		interval := fs.Duration("interval", 100*time.Millisecond, "heartbeat interval")
		if err := fs.Parse(args); err != nil {
			return 2
		}
		cfg := detect.LocalSenderConfig()
		cfg.Source, cfg.Targets, cfg.Interval = *source, strings.Split(*targets, ","), *interval
		s, err := detect.NewSender(cfg)
		if err != nil {
			fmt.Fprintln(os.Stderr, "sender:", err)
			return 1
		}
		fmt.Println("ready")
		s.Run(context.Background())
		return 0
	case "member":
		profile := fs.String("profile", "local", "memberlist profile: "+strings.Join(memberlistProfiles, ", "))
		join := fs.String("join", "", "address of the observer to join")
		name := fs.String("name", "target", "node name")
		if err := fs.Parse(args); err != nil {
			return 2
		}
		conf, err := memberlistConfig(*profile, *name)
		if err != nil {
			fmt.Fprintln(os.Stderr, "member:", err)
			return 2
		}
		m, err := memberlist.Create(conf)
		if err != nil {
			fmt.Fprintln(os.Stderr, "member:", err)
			return 1
		}
		if _, err := m.Join([]string{*join}); err != nil {
			fmt.Fprintln(os.Stderr, "member: join:", err)
			return 1
		}
		fmt.Println("ready")
		select {}
	}
	fmt.Fprintf(os.Stderr, "unknown child role %q\n", role)
	return 2
}

// memberlistProfiles are the memberlist configurations measured.
var memberlistProfiles = []string{"local", "100ms"}

// memberlistConfig returns the configuration of profile for a node name on loopback, with a
// port picked by the system and logs discarded.
//
//   - local: memberlist.DefaultLocalConfig() as it is: probe every 1s with a 200ms timeout,
//     suspicion 3 x probe interval (the minimum for a cluster this small).
//   - 100ms: the same with ProbeInterval 100ms and ProbeTimeout 50ms (it must be shorter than
//     the interval): suspicion then lasts 300ms.
func memberlistConfig(profile, name string) (*memberlist.Config, error) {
	conf := memberlist.DefaultLocalConfig()
	switch profile {
	case "local":
	case "100ms":
		conf.ProbeInterval = 100 * time.Millisecond
		conf.ProbeTimeout = 50 * time.Millisecond
	default:
		return nil, fmt.Errorf("unknown memberlist profile %q", profile)
	}
	conf.Name = name
	conf.BindAddr = "127.0.0.1"
	conf.BindPort = 0
	conf.AdvertiseAddr = "127.0.0.1"
	conf.LogOutput = io.Discard
	return conf, nil
}
