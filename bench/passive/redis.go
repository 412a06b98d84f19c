package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/wardenft/warden/bench/internal/loopback"
)

const redisMasterName = "bench"

// redisCluster is one master and two replicas (redis-server, no persistence) and three
// sentinels (redis-sentinel) watching them, all on loopback.
type redisCluster struct {
	ps        *procs
	dir       string
	downAfter time.Duration
	servers   []*proc // by index; ports[i]
	ports     []int
	sentinels []*proc
	sports    []int

	stopWatch context.CancelFunc // ends watchEvents

	evMu   sync.Mutex
	events []sentinelEvent
}

type sentinelEvent struct {
	at      time.Time
	channel string
	payload string
}

func startRedis(ctx context.Context, dir string, downAfter time.Duration) (_ *redisCluster, err error) {
	ports, err := loopback.FreePorts(6)
	if err != nil {
		return nil, err
	}
	c := &redisCluster{ps: &procs{dir: dir}, dir: dir, downAfter: downAfter, ports: ports[:3], sports: ports[3:]}
	defer func() {
		if err != nil {
			c.stop()
		}
	}()
	for i := range 3 {
		master := ""
		if i > 0 {
			master = c.addr(0)
		}
		p, err := c.ps.start(fmt.Sprintf("redis-%d", i), "redis-server", c.serverArgs(i, master), nil)
		if err != nil {
			return nil, err
		}
		c.servers = append(c.servers, p)
	}
	for i := range 3 {
		if err := eventually(ctx, "redis-server answering", 10*time.Second, func() error { return ping(c.addr(i)) }); err != nil {
			return nil, fmt.Errorf("%w%s", err, tail(c.servers[i].logPath))
		}
	}
	for i, port := range c.sports {
		conf := filepath.Join(dir, fmt.Sprintf("sentinel-%d.conf", i))
		// failover-timeout bounds a failover that stalls (then another may start) and the
		// reconfiguration of the replicas; 3s keeps a failed attempt from holding a kill's
		// measurement for the default 3 minutes.
		body := fmt.Sprintf("port %d\nbind 127.0.0.1\ndir %s\nsentinel monitor %s 127.0.0.1 %d 2\n"+
			"sentinel down-after-milliseconds %s %d\nsentinel failover-timeout %s 3000\nsentinel parallel-syncs %s 2\n",
			port, dir, redisMasterName, c.ports[0], redisMasterName, downAfter.Milliseconds(), redisMasterName, redisMasterName)
		if err := os.WriteFile(conf, []byte(body), 0o600); err != nil {
			return nil, err
		}
		p, err := c.ps.start(fmt.Sprintf("sentinel-%d", i), "redis-sentinel", []string{conf}, nil)
		if err != nil {
			return nil, err
		}
		c.sentinels = append(c.sentinels, p)
	}
	if err := eventually(ctx, "sentinels seeing each other and both replicas", 60*time.Second, c.healthy); err != nil {
		return nil, fmt.Errorf("%w%s", err, c.logTails())
	}
	wctx, cancel := context.WithCancel(ctx)
	c.stopWatch = cancel
	go c.watchEvents(wctx)
	return c, nil
}

// serverArgs are server i's flags; master "" makes it a master, else a replica of master.
func (c *redisCluster) serverArgs(i int, master string) []string {
	a := []string{"--port", strconv.Itoa(c.ports[i]), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
		"--dir", c.dir, "--dbfilename", fmt.Sprintf("dump-%d.rdb", i), "--daemonize", "no"}
	if host, port, ok := strings.Cut(master, ":"); ok {
		a = append(a, "--replicaof", host, port)
	}
	return a
}

func (c *redisCluster) addr(i int) string  { return loopback.Addr(c.ports[i]) }
func (c *redisCluster) saddr(i int) string { return loopback.Addr(c.sports[i]) }

func (c *redisCluster) stop() {
	if c.stopWatch != nil {
		c.stopWatch()
	}
	c.ps.stopAll(3 * time.Second)
}

func (c *redisCluster) logTails() string {
	var s string
	for _, p := range append(append([]*proc{}, c.servers...), c.sentinels...) {
		s += tail(p.logPath)
	}
	return s
}

func ping(addr string) error {
	r, err := dialRESP(addr, time.Second)
	if err != nil {
		return err
	}
	defer r.Close()
	_, err = r.do(time.Second, "PING")
	return err
}

// command runs one command on a new connection.
func command(addr string, args ...string) (any, error) {
	r, err := dialRESP(addr, time.Second)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return r.do(2*time.Second, args...)
}

// masterOf asks sentinel i for the master's address.
func (c *redisCluster) masterOf(i int) (string, error) {
	v, err := command(c.saddr(i), "SENTINEL", "get-master-addr-by-name", redisMasterName)
	if err != nil {
		return "", err
	}
	a, ok := v.([]any)
	if !ok || len(a) != 2 {
		return "", fmt.Errorf("get-master-addr-by-name: %v", v)
	}
	return fmt.Sprintf("%v:%v", a[0], a[1]), nil
}

// fields turns a SENTINEL reply of flat key/value pairs into a map.
func fields(v any) map[string]string {
	m := map[string]string{}
	a, _ := v.([]any)
	for i := 0; i+1 < len(a); i += 2 {
		m[fmt.Sprint(a[i])] = fmt.Sprint(a[i+1])
	}
	return m
}

// healthy: every sentinel names the same master, knows the two other sentinels and two
// replicas, none of them down, no failover in progress; the master has two replicas online
// and in sync.
func (c *redisCluster) healthy() error {
	master := ""
	for i := range c.sentinels {
		m, err := c.masterOf(i)
		if err != nil {
			return fmt.Errorf("sentinel %d: %w", i, err)
		}
		if master != "" && m != master {
			return fmt.Errorf("sentinels name %s and %s", master, m)
		}
		master = m
		v, err := command(c.saddr(i), "SENTINEL", "master", redisMasterName)
		if err != nil {
			return err
		}
		f := fields(v)
		if f["flags"] != "master" || f["num-other-sentinels"] != "2" || f["num-slaves"] != "2" {
			return fmt.Errorf("sentinel %d: master flags %q, %s other sentinels, %s replicas", i, f["flags"], f["num-other-sentinels"], f["num-slaves"])
		}
		v, err = command(c.saddr(i), "SENTINEL", "replicas", redisMasterName)
		if err != nil {
			return err
		}
		rs, _ := v.([]any)
		for _, r := range rs {
			if rf := fields(r); rf["flags"] != "slave" || rf["master-link-status"] != "ok" {
				return fmt.Errorf("sentinel %d: replica %s flags %q link %q", i, rf["name"], rf["flags"], rf["master-link-status"])
			}
		}
	}
	v, err := command(master, "INFO", "replication")
	if err != nil {
		return err
	}
	info, _ := v.(string)
	if !strings.Contains(info, "role:master") || !strings.Contains(info, "connected_slaves:2") || strings.Count(info, "state=online") != 2 {
		return fmt.Errorf("master %s: %q", master, info)
	}
	return nil
}

// watchEvents records what sentinel 0 publishes (+sdown, +odown, +switch-master, ...).
func (c *redisCluster) watchEvents(ctx context.Context) {
	for ctx.Err() == nil {
		r, err := dialRESP(c.saddr(0), time.Second)
		if err != nil {
			sleepCtx(ctx, 100*time.Millisecond)
			continue
		}
		stop := context.AfterFunc(ctx, func() { r.Close() })
		if err := r.send("PSUBSCRIBE", "*"); err == nil {
			for {
				v, err := r.read()
				if err != nil {
					break
				}
				if a, ok := v.([]any); ok && len(a) == 4 && a[0] == "pmessage" {
					c.evMu.Lock()
					c.events = append(c.events, sentinelEvent{time.Now(), fmt.Sprint(a[2]), fmt.Sprint(a[3])})
					c.evMu.Unlock()
				}
			}
		}
		stop()
		r.Close()
	}
}

// countEvents counts the events of channel (whose payload starts with prefix) outside the
// given windows.
func (c *redisCluster) countEvents(channel, prefix string, windows [][2]time.Time) (in, out int) {
	c.evMu.Lock()
	defer c.evMu.Unlock()
	for _, e := range c.events {
		if e.channel != channel || !strings.HasPrefix(e.payload, prefix) {
			continue
		}
		inside := false
		for _, w := range windows {
			if !e.at.Before(w[0]) && !e.at.After(w[1]) {
				inside = true
			}
		}
		if inside {
			in++
		} else {
			out++
		}
	}
	return in, out
}

// redisLoad runs n writers: each asks the sentinels (in turn) for the master, INCRs there
// until an error, then asks again; it waits 10ms between failed attempts.
func (c *redisCluster) load(ctx context.Context, n int, rec *recorder) (wait func()) {
	var wg sync.WaitGroup
	for w := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var conn *respConn
			s := w
			for ctx.Err() == nil {
				if conn == nil {
					addr, err := c.masterOf(s % len(c.sentinels))
					s++
					if err == nil {
						conn, err = dialRESP(addr, 200*time.Millisecond)
					}
					if err != nil {
						rec.failure(err)
						sleepCtx(ctx, 10*time.Millisecond)
						continue
					}
				}
				if _, err := conn.do(time.Second, "INCR", "counter"); err != nil {
					if ctx.Err() == nil {
						rec.failure(err)
					}
					conn.Close()
					conn = nil
					sleepCtx(ctx, 10*time.Millisecond)
					continue
				}
				rec.success()
			}
			if conn != nil {
				conn.Close()
			}
		}()
	}
	return wg.Wait
}

// redisFailover SIGKILLs the master kills times; after each it restarts the killed server on
// its port (Sentinel makes it a replica of the new master) and waits until healthy.
func redisFailover(ctx context.Context, dir string, o options, progress io.Writer) (faults []fault, spurious string, err error) {
	c, err := startRedis(ctx, dir, o.redisDownAfter)
	if err != nil {
		return nil, "", err
	}
	defer c.stop()
	rec := newRecorder()
	lctx, stopLoad := context.WithCancel(ctx)
	wait := c.load(lctx, o.clients, rec)
	defer func() { stopLoad(); wait() }()
	var windows [][2]time.Time
	for i := range o.peerKillCount() {
		if err := eventually(ctx, "redis healthy", 60*time.Second, c.healthy); err != nil {
			return faults, "", fmt.Errorf("before kill %d: %w%s", i+1, err, c.logTails())
		}
		n := rec.count()
		if err := eventually(ctx, "writes succeeding", 30*time.Second, func() error {
			if rec.count() < n+20 {
				return errors.New("fewer than 20 successes")
			}
			return nil
		}); err != nil {
			return faults, "", err
		}
		master, err := c.masterOf(0)
		if err != nil {
			return faults, "", err
		}
		idx := -1
		for j := range c.servers {
			if c.addr(j) == master {
				idx = j
			}
		}
		if idx < 0 {
			return faults, "", fmt.Errorf("the master %s is none of the servers", master)
		}
		p := c.servers[idx]
		f := fault{System: "redis", Kind: kindCrash, Victim: fmt.Sprintf("master %s (pid %d)", master, p.pid())}
		kill := time.Now()
		p.signal(syscall.SIGKILL)
		<-p.done()
		if err := eventually(ctx, "a new master", 60*time.Second, func() error {
			m, err := c.masterOf(0)
			if err == nil && m == master {
				err = fmt.Errorf("sentinel still names %s", m)
			}
			return err
		}); err != nil {
			return faults, "", fmt.Errorf("kill %d: %w%s", i+1, err, c.logTails())
		}
		served, ok := rec.firstAfter(ctx, time.Now(), 30*time.Second)
		if !ok {
			return faults, "", fmt.Errorf("kill %d: no write within 30s of the new master%s", i+1, c.logTails())
		}
		// Back on its port as a replica of the master Sentinel names now (as an operator or a
		// supervisor would bring it back; Sentinel would reconfigure it anyway).
		newMaster, err := c.masterOf(0)
		if err != nil {
			return faults, "", err
		}
		p.args = c.serverArgs(idx, newMaster)
		if err := p.run(); err != nil {
			return faults, "", err
		}
		if err := eventually(ctx, "redis healthy after the kill", 60*time.Second, c.healthy); err != nil {
			return faults, "", fmt.Errorf("after kill %d: %w%s", i+1, err, c.logTails())
		}
		end := time.Now()
		windows = append(windows, [2]time.Time{kill, end})
		rec.episode(&f, kill, served, end)
		faults = append(faults, f)
		fmt.Fprintln(progress, f.line(i+1))
	}
	_, falseSdown := c.countEvents("+sdown", "master", windows)
	inSwitch, falseSwitch := c.countEvents("+switch-master", "", windows)
	spurious = fmt.Sprintf("%d failovers for %d kills; outside the kills: %d +sdown of the master, %d failovers", inSwitch, len(faults), falseSdown, falseSwitch)
	return faults, spurious, nil
}

// sleepCtx sleeps d or until ctx ends; false if ctx ended.
func sleepCtx(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// defaultRedisDownAfter is the smallest down-after-milliseconds found stable on the
// benchmark's machine (doc.go says how it was found).
const defaultRedisDownAfter = 1500 * time.Millisecond
