package replica

import (
	"errors"
	"strings"
	"testing"
	"time"

	managerv1 "github.com/wardenft/warden/api/warden/manager/v1"
)

func TestConfigValidate(t *testing.T) {
	if err := DefaultConfig("g", "m1").Validate(); err != nil {
		t.Fatalf("DefaultConfig: %v", err)
	}
	c := DefaultConfig("g", "")
	c.AckTimeout = 0
	c.CatchUpTimeout = -time.Second
	c.ClockDriftRate = 1
	c.MaxAppendEntries = 0
	err := c.Validate()
	if err == nil {
		t.Fatal("a config with five bad fields is valid")
	}
	for _, want := range []string{"ID: must be set", "AckTimeout: 0s", "CatchUpTimeout: -1s", "ClockDriftRate: 1", "MaxAppendEntries: 0"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
	if _, err := New(c); err == nil {
		t.Error("New accepts an invalid config")
	}
}

func TestCheckpointVerify(t *testing.T) {
	ck := NewCheckpoint(Pos{Seq: 3, Epoch: 1}, []byte("a,b,c"), nil)
	if err := ck.Verify(); err != nil {
		t.Fatal(err)
	}
	ck.State = []byte("a,b,C")
	if err := ck.Verify(); !errors.Is(err, ErrDigestMismatch) {
		t.Fatalf("Verify of a changed state: %v, want ErrDigestMismatch", err)
	}
}

func TestViewFromProto(t *testing.T) {
	v := ViewFromProto(&managerv1.View{Epoch: 4, Version: 9, Primary: "m2", Members: []*managerv1.Member{
		{MemberId: "m1", State: managerv1.MemberState_MEMBER_STATE_READY},
		{MemberId: "m2", State: managerv1.MemberState_MEMBER_STATE_STARTING},
		{MemberId: "m3", State: managerv1.MemberState_MEMBER_STATE_COLD},
	}})
	if got, want := v.String(), "epoch=4 version=9 primary=m2 [m1 m2 m3(cold)]"; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
	if v.Proto == nil {
		t.Error("the proto is not kept for redirects")
	}
}

// A log holder reopened from what it stored answers as before, and refuses to restore for an
// older epoch than it has seen.
func TestLogHolderReopenAndFence(t *testing.T) {
	ck := NewCheckpoint(Pos{Seq: 2, Epoch: 1}, []byte("a,b"), []CachedReply{{Request: RequestID{ClientID: "c", RetentionID: 2}, Seq: 2}})
	stored := HolderState{Epoch: 3, Checkpoint: &ck, Entries: []Entry{{Epoch: 1, Seq: 3, Payload: []byte("c")}, {Epoch: 3, Seq: 4, Payload: []byte("d")}}}
	h, err := NewLogHolder(DefaultHolderConfig("g", "m2"), stored)
	if err != nil {
		t.Fatal(err)
	}
	now := scriptEpoch
	if _, err := h.Restore(2, now); !errors.Is(err, ErrStaleEpoch) {
		t.Fatalf("Restore for epoch 2 at a holder of epoch 3: %v, want ErrStaleEpoch", err)
	}
	st, err := h.Restore(4, now)
	if err != nil {
		t.Fatal(err)
	}
	if got := holderApp(st); strings.Join(got, ",") != "a,b,c,d" {
		t.Errorf("restored state %v, want a,b,c,d", got)
	}
	rd := h.Ready()
	if len(rd.Persist) != 1 || rd.Persist[0].Kind != OpSetEpoch || rd.Persist[0].Epoch != 4 {
		t.Errorf("Restore(4) must persist the new epoch first: %v", rd.Persist)
	}
	// The old primary's entries are refused now.
	err = h.Step(Message{Type: MsgAppend, From: "m1", To: "m2", Epoch: 3, PrevSeq: 4, PrevEpoch: 3, Entries: []Entry{{Epoch: 3, Seq: 5}}}, now)
	if !errors.Is(err, ErrStaleEpoch) {
		t.Fatalf("append of epoch 3 after fencing at 4: %v", err)
	}
	if rd := h.Ready(); len(rd.Msgs) != 1 || !rd.Msgs[0].Stale || rd.Msgs[0].Epoch != 4 {
		t.Errorf("want one stale ack at epoch 4, got %v", rd.Msgs)
	}

	bad := ck
	bad.State = []byte("x")
	if _, err := NewLogHolder(DefaultHolderConfig("g", "m2"), HolderState{Checkpoint: &bad}); !errors.Is(err, ErrDigestMismatch) {
		t.Errorf("a stored checkpoint with a wrong digest: %v", err)
	}
	if _, err := NewLogHolder(DefaultHolderConfig("g", "m2"), HolderState{Entries: []Entry{{Seq: 2}}}); err == nil {
		t.Error("a stored log with a gap is accepted")
	}
}

// The COLD_PASSIVE takeover through messages (a Transfer call to the holder) gives the same
// member as Restore.
func TestRestoreThroughFetch(t *testing.T) {
	now := scriptEpoch
	ck := NewCheckpoint(Pos{Seq: 1, Epoch: 1}, []byte("a"), nil)
	h, err := NewLogHolder(DefaultHolderConfig("g", "m2"), HolderState{Epoch: 1, Checkpoint: &ck, Entries: []Entry{{Epoch: 1, Seq: 2, Payload: []byte("b")}}})
	if err != nil {
		t.Fatal(err)
	}
	cfg := testConfig("m2")
	cfg.LeaseRequired = false
	r, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	var app []string
	handle := func() {
		for r.HasReady() {
			rd := r.Ready()
			if rd.Install != nil {
				app = splitState(rd.Install.State)
			}
			for _, e := range rd.Apply {
				app = append(app, string(e.Payload))
			}
			r.Advance(rd)
			if p := rd.TakeCheckpoint; p != nil {
				if err := r.CheckpointTaken(p.Seq, []byte(strings.Join(app, ",")), now); err != nil {
					t.Fatal(err)
				}
			}
			for _, m := range rd.Msgs {
				if m.Type != MsgFetch {
					continue
				}
				if err := h.Step(m, now); err != nil {
					t.Fatal(err)
				}
				for _, tm := range h.Ready().Msgs {
					if err := r.Step(tm, now); err != nil {
						t.Fatalf("%s: %v", tm, err)
					}
				}
			}
		}
	}
	handle()
	r.SetView(View{Epoch: 2, Version: 2, Primary: "m2", Members: []Member{{ID: "m2"}}}, now)
	r.Fetch("m2", now)
	handle()
	if s := r.Status(); !s.Serving || !s.CaughtUp || s.Applied != 2 || strings.Join(app, ",") != "a,b" {
		t.Fatalf("after the transfer: %v, state %v", s, app)
	}
	// A duplicate of the transfer, once done, is refused and changes nothing.
	if err := r.Step(Message{Type: MsgCheckpoint, From: "m2", To: "m2", Epoch: 2, Transfer: true, Checkpoint: &ck}, now); !errors.Is(err, ErrBadMessage) {
		t.Errorf("an unsolicited transfer: %v", err)
	}
	if s := r.Status(); s.Applied != 2 {
		t.Errorf("after an unsolicited transfer: %v", s)
	}
}
