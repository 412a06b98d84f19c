package txn

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

var epoch = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

func advance(t *testing.T, c *scriptCmd, now time.Time) time.Time {
	d, err := time.ParseDuration(strings.TrimPrefix(c.arg(0), "+"))
	if err != nil {
		t.Fatalf("line %d: tick: %v", c.line, err)
	}
	return now.Add(d)
}

func outcomeArg(t *testing.T, c *scriptCmd, s string) Outcome {
	switch s {
	case "committed":
		return Committed
	case "aborted":
		return Aborted
	case "undecided":
		return Undecided
	}
	t.Fatalf("line %d: outcome %q", c.line, s)
	return 0
}

func msgTypeArg(t *testing.T, c *scriptCmd, s string) MsgType {
	for i, n := range msgTypeNames {
		if n == s && i > 0 {
			return MsgType(i)
		}
	}
	t.Fatalf("line %d: message type %q", c.line, s)
	return 0
}

func renderCoordinatorReady(rd CoordinatorReady) string {
	var b strings.Builder
	for _, d := range rd.Log {
		names := make([]string, len(d.Peers))
		for i, p := range d.Peers {
			names[i] = p.Name
		}
		fmt.Fprintf(&b, "log commit %s peers=(%s)\n", d.GID, strings.Join(names, ","))
	}
	for _, g := range rd.Forget {
		fmt.Fprintf(&b, "forget %s\n", g)
	}
	for _, m := range rd.Msgs {
		fmt.Fprintf(&b, "send %s\n", m)
	}
	return b.String()
}

func TestCoordinatorScripts(t *testing.T) {
	for _, path := range scriptFiles(t, "coordinator_*.txt") {
		t.Run(filepath.Base(path), func(t *testing.T) {
			var c *Coordinator
			now := epoch
			newCore := func(inc uint64) {
				cfg := DefaultCoordinatorConfig()
				cfg.Incarnation = inc
				cfg.Rand = rand.New(rand.NewPCG(7, 7))
				var err error
				if c, err = NewCoordinator(cfg); err != nil {
					t.Fatal(err)
				}
			}
			newCore(1)
			runScript(t, path, func(sc *scriptCmd) string {
				gid := sc.arg(0)
				switch sc.cmd {
				case "restart":
					inc, _ := strconv.ParseUint(sc.kv["incarnation"], 10, 64)
					newCore(inc)
					return ""
				case "begin":
					g, err := c.Begin(parsePeers(sc.kv["peers"]), now)
					if err != nil {
						return "error: " + err.Error()
					}
					return "gid " + g
				case "run":
					peers := parsePeers(sc.kv["peers"])
					work := make([][]byte, len(peers))
					for i, p := range peers {
						work[i] = []byte("work-" + p.Name)
					}
					g, err := c.Run(peers, work, now)
					if err != nil {
						return "error: " + err.Error()
					}
					return "gid " + g + "\n" + renderCoordinatorReady(c.Ready())
				case "commit":
					c.Step(Message{Type: MsgCommit, GID: gid, From: ClientName}, now)
				case "abort":
					c.Step(Message{Type: MsgAbort, GID: gid, From: ClientName, Reason: sc.kv["reason"]}, now)
				case "vote":
					peer := sc.arg(1)
					c.Step(Message{Type: MsgVote, GID: gid, From: peer, Addr: strings.ToLower(peer) + ":1", Yes: sc.arg(2) == "yes", Reason: sc.kv["reason"]}, now)
				case "ack":
					c.Step(Message{Type: MsgAck, GID: gid, From: sc.arg(1)}, now)
				case "get-decision":
					c.Step(Message{Type: MsgGetDecision, GID: gid, From: sc.arg(1)}, now)
				case "unreachable":
					c.Step(Message{Type: MsgUnreachable, GID: gid, From: sc.arg(1), Failed: msgTypeArg(t, sc, sc.kv["failed"]), Reason: "connection refused"}, now)
				case "logged":
					var err error
					if e := sc.kv["err"]; e != "" {
						err = errors.New(e)
					}
					c.Logged(sc.args, err, now)
				case "tick":
					now = advance(t, sc, now)
					c.Tick(now)
				case "recover":
					var ds []Decision
					for _, a := range sc.args {
						g, ps, _ := strings.Cut(a, ":")
						ds = append(ds, Decision{GID: g, Peers: parsePeers(ps)})
					}
					c.Recover(ds, now)
				case "status":
					return c.describe(now)
				default:
					t.Fatalf("line %d: unknown command %q", sc.line, sc.cmd)
				}
				return renderCoordinatorReady(c.Ready())
			})
		})
	}
}

func renderParticipantReady(rd ParticipantReady) string {
	var b strings.Builder
	for _, o := range rd.Ops {
		fmt.Fprintf(&b, "op %s\n", o)
	}
	for _, m := range rd.Msgs {
		fmt.Fprintf(&b, "send %s\n", m)
	}
	return b.String()
}

func TestParticipantScripts(t *testing.T) {
	for _, path := range scriptFiles(t, "participant_*.txt") {
		t.Run(filepath.Base(path), func(t *testing.T) {
			var p *Participant
			now := epoch
			committed := map[string]bool{} // the commit markers a store would hold
			newCore := func() {
				cfg := DefaultParticipantConfig("A")
				cfg.Rand = rand.New(rand.NewPCG(7, 7))
				cfg.Committed = func(gid string) bool { return committed[gid] }
				var err error
				if p, err = NewParticipant(cfg); err != nil {
					t.Fatal(err)
				}
			}
			newCore()
			runScript(t, path, func(sc *scriptCmd) string {
				gid := sc.arg(0)
				switch sc.cmd {
				case "restart":
					newCore()
					return ""
				case "join":
					isNew, err := p.Join(gid, now)
					if err != nil {
						return "error: " + err.Error()
					}
					if isNew {
						return "new local transaction"
					}
					return "joined"
				case "prepare":
					var work []byte
					if w := sc.kv["work"]; w != "" {
						work = []byte(w)
					}
					p.Step(Message{Type: MsgPrepare, GID: gid, From: CoordinatorName, Coordinator: "coord:1", Peers: parsePeers(sc.kv["peers"]), Work: work}, now)
				case "decide":
					p.Step(Message{Type: MsgDecide, GID: gid, From: CoordinatorName, Addr: "coord:1", Commit: sc.arg(1) == "commit"}, now)
				case "decision":
					p.Step(Message{Type: MsgDecision, GID: gid, From: CoordinatorName, Outcome: outcomeArg(t, sc, sc.arg(1))}, now)
				case "outcome":
					p.Step(Message{Type: MsgOutcome, GID: gid, From: sc.kv["from"], Outcome: outcomeArg(t, sc, sc.arg(1))}, now)
				case "query":
					from := sc.kv["from"]
					p.Step(Message{Type: MsgQuery, GID: gid, From: from, Addr: strings.ToLower(from) + ":1"}, now)
				case "unreachable":
					p.Step(Message{Type: MsgUnreachable, GID: gid, From: sc.kv["to"], Failed: msgTypeArg(t, sc, sc.kv["failed"]), Reason: "connection refused"}, now)
				case "done":
					var kind OpKind
					switch sc.arg(0) {
					case "prepare":
						kind = OpPrepare
					case "commit":
						kind = OpCommit
					case "abort":
						kind = OpAbort
					default:
						t.Fatalf("line %d: op %q", sc.line, sc.arg(0))
					}
					gid = sc.arg(1)
					var err error
					if e := sc.kv["err"]; e != "" {
						err = errors.New(e)
					}
					if kind == OpCommit && err == nil {
						committed[gid] = true
					}
					p.OpDone(kind, gid, err, now)
				case "tick":
					now = advance(t, sc, now)
					p.Tick(now)
				case "recover":
					p.Recover([]Recovered{{GID: gid, Coordinator: "coord:1", Peers: parsePeers(sc.kv["peers"])}}, now)
				case "status":
					s := p.describe(now)
					if d := p.InDoubt(); len(d) > 0 {
						s += "in doubt: " + strings.Join(d, ",") + "\n"
					}
					return s
				default:
					t.Fatalf("line %d: unknown command %q", sc.line, sc.cmd)
				}
				return renderParticipantReady(p.Ready())
			})
		})
	}
}

func TestConfigValidate(t *testing.T) {
	cc := CoordinatorConfig{Name: "a.b", VoteTimeout: -1}
	err := cc.Validate()
	for _, want := range []string{`Name: "a.b"`, "ActiveTimeout: 0s", "VoteTimeout: -1ns", "ResendInterval: 0s"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("coordinator Validate: %v, want it to mention %q", err, want)
		}
	}
	pc := ParticipantConfig{Name: "client", DecisionTimeout: time.Second, MaxAskInterval: time.Millisecond}
	err = pc.Validate()
	for _, want := range []string{`Name: "client"`, "ActiveTimeout: 0s", "MaxAskInterval: 1ms is less than DecisionTimeout 1s", "Committed: must be set"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("participant Validate: %v, want it to mention %q", err, want)
		}
	}
}

func TestValidatePeers(t *testing.T) {
	for _, tc := range []struct {
		peers []Peer
		want  string
	}{
		{nil, "no participants"},
		{[]Peer{{Name: "", Address: "x"}}, "participants[0].name"},
		{[]Peer{{Name: "A", Address: "x"}, {Name: "A", Address: "y"}}, `participants[1].name "A" appears twice`},
		{[]Peer{{Name: "A"}}, "participants[0].address is empty"},
		{[]Peer{{Name: CoordinatorName, Address: "x"}}, "reserved"},
	} {
		err := ValidatePeers(tc.peers)
		if !errors.Is(err, ErrInvalidPeers) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ValidatePeers(%v) = %v, want ErrInvalidPeers mentioning %q", tc.peers, err, tc.want)
		}
	}
}

func TestParseGID(t *testing.T) {
	if n, inc, s, ok := ParseGID("coord.3.17"); !ok || n != "coord" || inc != 3 || s != 17 {
		t.Errorf("ParseGID(coord.3.17) = %q %d %d %v", n, inc, s, ok)
	}
	for _, bad := range []string{"", "coord", "coord.x.1", ".1.2", "a.1.2.3"} {
		if _, _, _, ok := ParseGID(bad); ok {
			t.Errorf("ParseGID(%q) ok", bad)
		}
	}
}
