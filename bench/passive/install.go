package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
)

// peer is a system measured beside Warden, and the Debian packages that provide it.
type peer struct {
	name     string
	bins     []string
	packages []string
}

var peers = map[string]peer{
	"redis": {name: "redis", bins: []string{"redis-server", "redis-sentinel"}, packages: []string{"redis-server", "redis-sentinel"}},
	"etcd":  {name: "etcd", bins: []string{"etcd"}, packages: []string{"etcd-server"}},
}

func (p peer) missing() []string {
	var m []string
	for _, b := range p.bins {
		if _, err := exec.LookPath(b); err != nil {
			m = append(m, b)
		}
	}
	return m
}

// ensurePeers returns the peers that can run; for each that cannot, why. Missing binaries are
// installed with apt-get when install is set (as root: Debian's packages), saying so on
// progress; apt-get update is run once if the first install fails.
func ensurePeers(ctx context.Context, names []string, install bool, progress io.Writer) (ok []string, skipped map[string]string) {
	skipped = map[string]string{}
	var want []string
	var need []peer
	for _, n := range names {
		p := peers[n]
		if m := p.missing(); len(m) > 0 {
			need = append(need, p)
			want = append(want, p.packages...)
		}
	}
	if len(need) > 0 && install {
		installed := func() error {
			args := append([]string{"install", "-y", "--no-install-recommends"}, want...)
			fmt.Fprintf(progress, "peers: installing the missing: apt-get %s\n", strings.Join(args, " "))
			cmd := exec.CommandContext(ctx, "apt-get", args...)
			cmd.Env = append(os.Environ(), "DEBIAN_FRONTEND=noninteractive")
			out, err := cmd.CombinedOutput()
			if err != nil {
				return fmt.Errorf("apt-get install: %v: %s", err, lastLines(out, 3))
			}
			return nil
		}
		if err := installed(); err != nil {
			fmt.Fprintf(progress, "peers: %v; running apt-get update and trying again\n", err)
			cmd := exec.CommandContext(ctx, "apt-get", "update")
			if out, uerr := cmd.CombinedOutput(); uerr != nil {
				fmt.Fprintf(progress, "peers: apt-get update: %v: %s\n", uerr, lastLines(out, 3))
			} else if err := installed(); err != nil {
				fmt.Fprintf(progress, "peers: %v\n", err)
			}
		}
	}
	for _, n := range names {
		p := peers[n]
		if m := p.missing(); len(m) > 0 {
			why := fmt.Sprintf("%s not found", strings.Join(m, ", "))
			if install {
				why += fmt.Sprintf(" (apt-get install %s failed)", strings.Join(p.packages, " "))
			} else {
				why += fmt.Sprintf(" (-install=false; apt-get install %s)", strings.Join(p.packages, " "))
			}
			skipped[n] = why
			fmt.Fprintf(progress, "peers: skipping %s: %s\n", n, why)
			continue
		}
		ok = append(ok, n)
	}
	return ok, skipped
}

func lastLines(b []byte, n int) string {
	ls := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(ls) > n {
		ls = ls[len(ls)-n:]
	}
	return strings.Join(ls, " | ")
}
