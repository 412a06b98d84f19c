package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/wardenft/warden/bench/internal/loopback"
)

// etcdCluster is three etcd members on loopback, talked to through their v3 JSON gateway.
type etcdCluster struct {
	ps      *procs
	members []*proc
	client  []string // client URLs, by member
	http    *http.Client
}

func startEtcd(ctx context.Context, dir string, o options) (_ *etcdCluster, err error) {
	ports, err := loopback.FreePorts(6)
	if err != nil {
		return nil, err
	}
	c := &etcdCluster{ps: &procs{dir: dir}, http: &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}}
	defer func() {
		if err != nil {
			c.stop()
		}
	}()
	var initial []string
	for i := range 3 {
		initial = append(initial, fmt.Sprintf("e%d=http://127.0.0.1:%d", i, ports[3+i]))
		c.client = append(c.client, fmt.Sprintf("http://127.0.0.1:%d", ports[i]))
	}
	for i := range 3 {
		peer := fmt.Sprintf("http://127.0.0.1:%d", ports[3+i])
		args := []string{"--name", fmt.Sprintf("e%d", i), "--data-dir", filepath.Join(dir, fmt.Sprintf("e%d", i)),
			"--listen-client-urls", c.client[i], "--advertise-client-urls", c.client[i],
			"--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer,
			"--initial-cluster", strings.Join(initial, ","), "--initial-cluster-state", "new", "--initial-cluster-token", "warden-bench",
			"--heartbeat-interval", fmt.Sprint(o.etcdHeartbeat.Milliseconds()), "--election-timeout", fmt.Sprint(o.etcdElection.Milliseconds()),
			"--log-level", "warn"}
		p, err := c.ps.start(fmt.Sprintf("etcd-%d", i), "etcd", args, nil)
		if err != nil {
			return nil, err
		}
		c.members = append(c.members, p)
	}
	if err := eventually(ctx, "etcd healthy", 60*time.Second, func() error { _, err := c.healthy(ctx); return err }); err != nil {
		return nil, fmt.Errorf("%w%s", err, c.logTails())
	}
	return c, nil
}

func (c *etcdCluster) stop() {
	c.http.CloseIdleConnections()
	c.ps.stopAll(3 * time.Second)
}

func (c *etcdCluster) logTails() string {
	var s string
	for _, p := range c.members {
		s += tail(p.logPath)
	}
	return s
}

// post sends a JSON request to member i's gateway and decodes the answer into out.
func (c *etcdCluster) post(ctx context.Context, i int, path string, in, out any, timeout time.Duration) error {
	b, err := json.Marshal(in)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.client[i]+path, bytes.NewReader(b))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.http.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s%s: %s: %s", c.client[i], path, resp.Status, bytes.TrimSpace(body))
	}
	if out != nil {
		return json.Unmarshal(body, out)
	}
	return nil
}

type etcdStatus struct {
	Header struct {
		MemberID string `json:"member_id"`
	} `json:"header"`
	Leader    string `json:"leader"`
	RaftIndex string `json:"raftIndex"`
}

// healthy: every member answers its status naming the same leader, one of them, with raft
// indexes within 10 entries of each other; it returns the leader's index.
func (c *etcdCluster) healthy(ctx context.Context) (int, error) {
	l, _, err := c.leader(ctx)
	return l, err
}

// leader is healthy's check; it also returns the leader's member id.
func (c *etcdCluster) leader(ctx context.Context) (int, string, error) {
	leader, ids := "", map[string]int{}
	var lo, hi uint64
	for i := range c.members {
		var st etcdStatus
		if err := c.post(ctx, i, "/v3/maintenance/status", struct{}{}, &st, time.Second); err != nil {
			return -1, "", err
		}
		if st.Leader == "" || st.Leader == "0" || (leader != "" && st.Leader != leader) {
			return -1, "", fmt.Errorf("leaders %q and %q", leader, st.Leader)
		}
		leader = st.Leader
		ids[st.Header.MemberID] = i
		var idx uint64
		fmt.Sscan(st.RaftIndex, &idx)
		if i == 0 || idx < lo {
			lo = idx
		}
		hi = max(hi, idx)
	}
	l, ok := ids[leader]
	if !ok {
		return -1, "", fmt.Errorf("the leader %s is none of the members %v", leader, ids)
	}
	if hi-lo > 10 {
		return -1, "", fmt.Errorf("raft indexes from %d to %d", lo, hi)
	}
	return l, leader, nil
}

// load runs n writers, each putting to one member until an error, then trying the next
// member 10ms later (as clientv3 moves to another endpoint).
func (c *etcdCluster) load(ctx context.Context, n int, rec *recorder) (wait func()) {
	key := base64.StdEncoding.EncodeToString([]byte("counter"))
	var wg sync.WaitGroup
	for w := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			m := w % len(c.members)
			for i := 0; ctx.Err() == nil; i++ {
				val := base64.StdEncoding.EncodeToString(fmt.Appendf(nil, "%d-%d", w, i))
				err := c.post(ctx, m, "/v3/kv/put", map[string]string{"key": key, "value": val}, nil, time.Second)
				if err == nil {
					rec.success()
					continue
				}
				if ctx.Err() == nil {
					rec.failure(err)
				}
				m = (m + 1) % len(c.members)
				sleepCtx(ctx, 10*time.Millisecond)
			}
		}()
	}
	return wg.Wait
}

// etcdFailover SIGKILLs the leader kills times; after each it restarts the killed member on
// its data dir and waits until healthy.
func etcdFailover(ctx context.Context, dir string, o options, progress io.Writer) ([]fault, error) {
	c, err := startEtcd(ctx, dir, o)
	if err != nil {
		return nil, err
	}
	defer c.stop()
	rec := newRecorder()
	lctx, stopLoad := context.WithCancel(ctx)
	wait := c.load(lctx, o.clients, rec)
	defer func() { stopLoad(); wait() }()
	var faults []fault
	for i := range o.peerKillCount() {
		var leader int
		var leaderID string
		if err := eventually(ctx, "etcd healthy", 60*time.Second, func() (err error) { leader, leaderID, err = c.leader(ctx); return err }); err != nil {
			return faults, fmt.Errorf("before kill %d: %w%s", i+1, err, c.logTails())
		}
		n := rec.count()
		if err := eventually(ctx, "puts succeeding", 30*time.Second, func() error {
			if rec.count() < n+20 {
				return errors.New("fewer than 20 successes")
			}
			return nil
		}); err != nil {
			return faults, err
		}
		p := c.members[leader]
		f := fault{System: "etcd", Kind: kindCrash, Victim: fmt.Sprintf("leader e%d (pid %d)", leader, p.pid())}
		kill := time.Now()
		p.signal(syscall.SIGKILL)
		<-p.done()
		if err := eventually(ctx, "a new leader", 60*time.Second, func() error {
			for j := range c.members {
				if j == leader {
					continue
				}
				var st etcdStatus
				if err := c.post(ctx, j, "/v3/maintenance/status", struct{}{}, &st, 200*time.Millisecond); err != nil {
					continue
				}
				if st.Leader != "" && st.Leader != "0" && st.Leader != leaderID {
					return nil
				}
			}
			return errors.New("no survivor names a new leader")
		}); err != nil {
			return faults, fmt.Errorf("kill %d: %w%s", i+1, err, c.logTails())
		}
		served, ok := rec.firstAfter(ctx, time.Now(), 30*time.Second)
		if !ok {
			return faults, fmt.Errorf("kill %d: no put within 30s of the new leader%s", i+1, c.logTails())
		}
		if err := p.run(); err != nil { // its data dir: it rejoins as a follower
			return faults, err
		}
		if err := eventually(ctx, "etcd healthy after the kill", 60*time.Second, func() error { _, err := c.healthy(ctx); return err }); err != nil {
			return faults, fmt.Errorf("after kill %d: %w%s", i+1, err, c.logTails())
		}
		rec.episode(&f, kill, served, time.Now())
		faults = append(faults, f)
		fmt.Fprintln(progress, f.line(i+1))
	}
	return faults, nil
}
