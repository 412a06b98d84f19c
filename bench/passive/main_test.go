package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/wardenft/warden/bench/internal/cli"
)

func TestParseFlags(t *testing.T) {
	o, err := parseFlags([]string{"-quick", "-kills", "2"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if o.kills != 2 || o.hostLosses != 1 || o.pauses != 1 || len(o.peers) != 0 || o.runs != 1 || o.overheadDuration != time.Second {
		t.Fatalf("-quick -kills 2: %+v", o)
	}
	o, _ = parseFlags(nil, io.Discard)
	if o.kills != 30 || strings.Join(o.peers, ",") != "redis,etcd" || o.overheadClients != 64 || o.mode != "all" {
		t.Fatalf("defaults: %+v", o)
	}
	if o, _ := parseFlags([]string{"-quick", "-peers", "etcd"}, io.Discard); strings.Join(o.peers, ",") != "etcd" {
		t.Errorf("-quick -peers etcd: %v", o.peers)
	}
	for _, bad := range [][]string{{"-mode", "both"}, {"-peers", "zookeeper"}, {"-kills", "0"}, {"-etcd-election", "100ms"}, {"extra"}} {
		if _, err := parseFlags(bad, io.Discard); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

func TestGapOf(t *testing.T) {
	ms := func(x float64) int64 { return int64(x * float64(time.Millisecond)) }
	for _, c := range []struct {
		name           string
		w              []int64
		k, hi          int64
		gap, at, first time.Duration
	}{
		{"spans the kill", []int64{ms(1), ms(2), ms(30), ms(31)}, ms(5), ms(40), 28 * time.Millisecond, -3 * time.Millisecond, 25 * time.Millisecond},
		{"after the kill", []int64{ms(1), ms(6), ms(7), ms(50)}, ms(5), ms(60), 43 * time.Millisecond, 2 * time.Millisecond, time.Millisecond},
		{"before the kill only", []int64{ms(1), ms(100), ms(101)}, ms(100), ms(200), 0, 0, 0},
		{"nothing after", []int64{ms(1), ms(2)}, ms(5), ms(20), 18 * time.Millisecond, -3 * time.Millisecond, 15 * time.Millisecond},
		{"nothing before", []int64{ms(9), ms(10)}, ms(5), ms(20), 4 * time.Millisecond, 0, 4 * time.Millisecond},
		{"empty", nil, ms(5), ms(20), 15 * time.Millisecond, 0, 15 * time.Millisecond},
	} {
		gap, at, first := gapOf(c.w, c.k, c.hi)
		if c.name == "before the kill only" { // 100 is not after the kill at 100; 101 is
			if gap != time.Millisecond || first != time.Millisecond {
				t.Errorf("%s: gap %v first %v", c.name, gap, first)
			}
			continue
		}
		if gap != c.gap || at != c.at || first != c.first {
			t.Errorf("%s: gapOf = %v at %v first %v, want %v at %v first %v", c.name, gap, at, first, c.gap, c.at, c.first)
		}
	}
}

func TestPercentile(t *testing.T) {
	ds := []time.Duration{10, 9, 8, 7, 6, 5, 4, 3, 2, 1}
	for _, c := range []struct {
		p    float64
		want time.Duration
	}{{0.5, 5}, {0.99, 10}, {1, 10}, {0, 1}} {
		if got := percentile(ds, c.p); got != c.want {
			t.Errorf("percentile(%v) = %v, want %v", c.p, got, c.want)
		}
	}
	if m := median([]float64{3, 1, 2, 4}); m != 2 {
		t.Errorf("median = %v", m)
	}
}

// TestRESP speaks to a fake server: every reply type the benchmark reads.
func TestRESP(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	replies := "+PONG\r\n:42\r\n$5\r\nhello\r\n$-1\r\n*2\r\n$9\r\n127.0.0.1\r\n$4\r\n6379\r\n-READONLY You can't write against a read only replica.\r\n"
	got := make(chan string, 1)
	done := make(chan struct{}) // the connection stays open until the client read everything
	defer close(done)
	go func() {
		c, err := l.Accept()
		if err != nil {
			return
		}
		defer c.Close()
		buf := make([]byte, 4096)
		n, _ := c.Read(buf)
		got <- string(buf[:n])
		c.Write([]byte(replies))
		<-done
	}()
	r, err := dialRESP(l.Addr().String(), time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if err := r.send("INCR", "counter"); err != nil {
		t.Fatal(err)
	}
	if s := <-got; s != "*2\r\n$4\r\nINCR\r\n$7\r\ncounter\r\n" {
		t.Errorf("sent %q", s)
	}
	want := []any{"PONG", int64(42), "hello", nil, []any{"127.0.0.1", "6379"}}
	for i, w := range want {
		v, err := r.read()
		if err != nil || !equal(v, w) {
			t.Errorf("reply %d: %#v, %v; want %#v", i, v, err, w)
		}
	}
	if _, err := r.read(); err == nil || !strings.HasPrefix(err.Error(), "READONLY") {
		t.Errorf("error reply: %v", err)
	}
}

func equal(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return bytes.Equal(x, y)
}

func TestReport(t *testing.T) {
	var fs []fault
	for i := range 10 {
		d := time.Duration(i+1) * time.Millisecond
		fs = append(fs, fault{System: "warden", Kind: kindCrash, Gap: d, Rejoin: 2 * d},
			fault{System: "redis", Kind: kindCrash, Gap: 100 * d}, fault{System: "etcd", Kind: kindCrash, Gap: 200 * d})
	}
	fs = append(fs, fault{System: "warden", Kind: kindHost, Gap: 5 * time.Second})
	r := &report{Machine: thisMachine(), Command: "cd bench && go run ./passive", Faults: fs, Failover: summariseFaults(fs),
		Overhead: summariseOverhead([]overheadRun{{Replicated: 100, Unreplicated: 300, Ratio: 1.0 / 3}, {Replicated: 200, Unreplicated: 300, Ratio: 2.0 / 3}}, options{overheadClients: 64, overheadDuration: time.Second})}
	r.Targets = targets(r)
	w := r.Failover[0]
	if w.GapP50 != 5*time.Millisecond || w.GapP99 != 10*time.Millisecond || w.RejoinP99 != 20*time.Millisecond || w.WholeP99 != 20*time.Millisecond {
		t.Errorf("warden summary %+v", w)
	}
	if x := r.Failover[1].WardenX; x != 0.01 {
		t.Errorf("warden p99 / redis p99 = %v, want 0.01", x)
	}
	met := map[string]bool{}
	for _, tg := range r.Targets {
		met[tg.Goal] = tg.Met
	}
	if !met["P1 process crash: Warden p99 gap <= 50ms"] || !met["P1 process crash: Warden p99 <= 0.05x the best peer's"] ||
		met["P1 host loss: every gap <= lease + detection (1422ms)"] || met["P6: WARM_PASSIVE x3 throughput >= 0.5x unreplicated"] {
		t.Errorf("targets %+v", r.Targets)
	}
	var table bytes.Buffer
	if err := writeTable(&table, r); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"0.010x", "host loss", "MISSED", "Reproduce: cd bench && go run ./passive", "Overhead (P6)", "0.33-0.67"} {
		if !strings.Contains(table.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, table.String())
		}
	}
	var js bytes.Buffer
	if err := cli.WriteJSON(&js, r); err != nil {
		t.Fatal(err)
	}
	var back report
	if err := json.Unmarshal(js.Bytes(), &back); err != nil || len(back.Faults) != len(fs) || back.Overhead.Runs != 2 {
		t.Fatalf("JSON round trip: %v %+v", err, back)
	}
}

// TestQuick runs -quick: Warden's failover (3 kills, a host loss, a pause) and overhead, with
// real processes. Peers run only if installed (no apt-get from a test), one kill each. It
// checks that every figure was produced and that no increment failed, not how fast.
func TestQuick(t *testing.T) {
	if testing.Short() {
		t.Skip("builds warden and starts processes")
	}
	args := []string{"-quick"}
	var want []string
	for _, name := range []string{"redis", "etcd"} {
		if len(peers[name].missing()) == 0 {
			want = append(want, name)
		}
	}
	if len(want) > 0 {
		args = append(args, "-peers", strings.Join(want, ","), "-install=false")
	}
	o, err := parseFlags(args, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	o.peerKills = 1
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	var progress bytes.Buffer
	r, err := run(ctx, o, &progress)
	if err != nil {
		t.Fatalf("%v\nprogress:\n%s", err, progress.String())
	}
	t.Log("\n" + progress.String())
	systems := map[string]int{}
	for _, f := range r.Faults {
		systems[f.System+"/"+f.Kind]++
		if f.Gap <= 0 || f.Served <= 0 || f.Recover < f.Served {
			t.Errorf("fault %+v", f)
		}
	}
	if systems["warden/"+kindCrash] != 3 || systems["warden/"+kindHost] != 1 || systems["warden/"+kindPause] != 1 {
		t.Errorf("faults %v", systems)
	}
	for _, p := range want {
		if systems[p+"/"+kindCrash] != 1 && r.Skipped[p] == "" {
			t.Errorf("peer %s: %d kills, not skipped", p, systems[p+"/"+kindCrash])
		}
	}
	if r.WardenFailedCalls != 0 {
		t.Errorf("%d increments failed", r.WardenFailedCalls)
	}
	if r.Overhead == nil || r.Overhead.Replicated <= 0 || r.Overhead.Unreplicated <= 0 {
		t.Errorf("overhead %+v", r.Overhead)
	}
	var out bytes.Buffer
	if err := writeTable(&out, r); err != nil {
		t.Fatal(err)
	}
	t.Log("\n" + out.String())
}
