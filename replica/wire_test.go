package replica

import (
	"errors"
	"reflect"
	"testing"
	"time"

	replicav1 "github.com/wardenft/warden/api/warden/replica/v1"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"
)

func wireEntries() []Entry {
	exp := time.Date(2026, 1, 1, 0, 10, 0, 0, time.UTC)
	return []Entry{
		{Epoch: 2, Seq: 5, Request: RequestID{ClientID: "c1", RetentionID: 7}, Expiration: exp, Kind: EntryUpdate, Method: "/counter.v1.Counter/Increment", Payload: []byte("u"), Reply: []byte("r")},
		{Epoch: 3, Seq: 6, Kind: EntryRequest, Method: "/counter.v1.Counter/Increment", Payload: []byte("req"), Status: []byte("st")},
	}
}

// Every message survives the trip through its proto form (and proto's encoding).
func TestWireRoundTrip(t *testing.T) {
	ck := NewCheckpoint(Pos{Seq: 4, Epoch: 2}, []byte("0123456789"), []CachedReply{
		{Request: RequestID{ClientID: "c1", RetentionID: 3}, Seq: 3, Expiration: time.Date(2026, 1, 1, 0, 5, 0, 0, time.UTC), Reply: []byte("r3")},
	})
	app := Message{Type: MsgAppend, From: "m1", To: "m2", Epoch: 3, PrevSeq: 4, PrevEpoch: 2, Entries: wireEntries(), Commit: 4}
	cmsg := Message{Type: MsgCheckpoint, From: "m1", To: "m2", Epoch: 3, Checkpoint: &ck}
	rx := ReplicateReceiver{To: "m2"}
	for _, m := range []Message{app, cmsg} {
		reqs, err := ToReplicateRequest(m, 3)
		if err != nil {
			t.Fatal(err)
		}
		var got *Message
		for i, req := range reqs {
			req = reencode(t, req)
			g, err := rx.Add(req)
			if err != nil {
				t.Fatal(err)
			}
			if (g != nil) != (i == len(reqs)-1) {
				t.Fatalf("%s: chunk %d of %d completed=%v", m, i, len(reqs), g != nil)
			}
			got = g
		}
		if !reflect.DeepEqual(*got, m) {
			t.Errorf("round trip of %s:\ngot  %#v\nwant %#v", m, *got, m)
		}
	}
	if rx.ckr.hdr != nil {
		t.Error("the assembler keeps a finished checkpoint")
	}

	ack := Message{Type: MsgAck, From: "m2", To: "m1", Epoch: 3, Reject: true, LastSeq: 9, Commit: 4}
	if got := FromReplicateResponse(reencode(t, ToReplicateResponse(ack)), "m1"); !reflect.DeepEqual(got, ack) {
		t.Errorf("ack: got %#v, want %#v", got, ack)
	}

	// A transfer: checkpoint, entries after it (no prev on the wire), done.
	e := wireEntries()
	e[0].Seq, e[1].Seq = 5, 6
	transfer := []Message{
		{Type: MsgCheckpoint, From: "m1", To: "m4", Epoch: 3, Transfer: true, Checkpoint: &ck},
		{Type: MsgAppend, From: "m1", To: "m4", Epoch: 3, Transfer: true, PrevSeq: 4, PrevEpoch: 2, Entries: e[:1]},
		{Type: MsgAppend, From: "m1", To: "m4", Epoch: 3, Transfer: true, PrevSeq: 5, PrevEpoch: 2, Entries: e[1:]},
		{Type: MsgDone, From: "m1", To: "m4", Epoch: 3, Transfer: true, Commit: 6},
	}
	tr := TransferReceiver{From: "m1", To: "m4"}
	var got []Message
	for _, m := range transfer {
		chunks, err := ToTransferChunks(m, 4)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range chunks {
			g, err := tr.Add(reencode(t, c))
			if err != nil {
				t.Fatal(err)
			}
			if g != nil {
				got = append(got, *g)
			}
		}
	}
	if !reflect.DeepEqual(got, transfer) {
		t.Errorf("transfer:\ngot  %v\nwant %v", got, transfer)
	}

	rc := &replicav1.RequestContext{RequestId: &replicav1.RequestId{ClientId: "c", RetentionId: 2}, Expiration: timestamppb.New(time.Date(2026, 1, 1, 0, 1, 0, 0, time.UTC)), ViewVersion: 8}
	if got, want := RequestFromProto(rc), (Request{ID: RequestID{ClientID: "c", RetentionID: 2}, Expiration: time.Date(2026, 1, 1, 0, 1, 0, 0, time.UTC), ViewVersion: 8}); got != want {
		t.Errorf("RequestFromProto: got %+v, want %+v", got, want)
	}
	if got := RequestFromProto(nil); got != (Request{}) {
		t.Errorf("RequestFromProto(nil) = %+v", got)
	}
}

func TestWireRefusesBrokenCheckpointChunks(t *testing.T) {
	ck := NewCheckpoint(Pos{Seq: 1, Epoch: 1}, []byte("abcdef"), nil)
	chunks := CheckpointChunks(&ck, 2)
	var a checkpointAssembler
	if _, err := a.add(chunks[1]); !errors.Is(err, ErrBadMessage) {
		t.Errorf("a chunk before the header: %v", err)
	}
	if _, err := a.add(chunks[0]); err != nil {
		t.Fatal(err)
	}
	if _, err := a.add(chunks[2]); !errors.Is(err, ErrBadMessage) {
		t.Errorf("a chunk past a gap: %v", err)
	}
	if _, err := ToReplicateRequest(Message{Type: MsgAck}, 0); !errors.Is(err, ErrBadMessage) {
		t.Errorf("an ack as a Replicate request: %v", err)
	}
	if _, err := ToTransferChunks(Message{Type: MsgAppend}, 0); !errors.Is(err, ErrBadMessage) {
		t.Errorf("a Replicate append as a transfer: %v", err)
	}
}

func reencode[T proto.Message](t *testing.T, m T) T {
	t.Helper()
	b, err := proto.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	out := m.ProtoReflect().New().Interface().(T)
	if err := proto.Unmarshal(b, out); err != nil {
		t.Fatal(err)
	}
	return out
}
