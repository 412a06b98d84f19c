package replica

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

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

// The backups of a view are sent the same entries: their conversion is made once, and a
// different range (or the same seqs of another epoch) gets its own.
func TestToWireSharesEntries(t *testing.T) {
	var s Server
	ents := func(epoch, lo, hi uint64) []Entry {
		var es []Entry
		for q := lo; q <= hi; q++ {
			es = append(es, Entry{Epoch: epoch, Seq: q, Request: RequestID{ClientID: "c", RetentionID: q}, Payload: []byte{byte(q)}})
		}
		return es
	}
	protos := func(m Message) []*replicav1.Entry {
		t.Helper()
		reqs, err := s.toWire(m)
		if err != nil || len(reqs) != 1 {
			t.Fatalf("toWire(%s): %v, %d requests", m, err, len(reqs))
		}
		ps := reqs[0].GetAppend().GetEntries()
		for i, p := range ps {
			if e := m.Entries[i]; p.GetSeq() != e.Seq || p.GetEpoch() != e.Epoch || p.GetRequestId().GetRetentionId() != e.Request.RetentionID {
				t.Fatalf("entry %d on the wire is %v, want %v", i, p, e)
			}
		}
		return ps
	}
	a := protos(Message{Type: MsgAppend, To: "b1", PrevSeq: 4, Entries: ents(1, 5, 9)})
	b := protos(Message{Type: MsgAppend, To: "b2", PrevSeq: 4, Entries: ents(1, 5, 9)})
	if &a[0] != &b[0] {
		t.Error("the same entries for two backups were converted twice")
	}
	if c := protos(Message{Type: MsgAppend, To: "b2", PrevSeq: 4, Entries: ents(2, 5, 9)}); &c[0] == &a[0] {
		t.Error("entries of another epoch got the previous conversion")
	}
	if c := protos(Message{Type: MsgAppend, To: "b2", PrevSeq: 5, Entries: ents(2, 6, 9)}); len(c) != 4 {
		t.Errorf("a shorter range converted to %d entries", len(c))
	}
}

// ParseRequestContext agrees with proto.Unmarshal + RequestFromProto on every input: the same
// request when proto accepts it, an error when proto refuses it.
func FuzzParseRequestContext(f *testing.F) {
	exp := timestamppb.New(time.Date(2026, 11, 23, 1, 2, 3, 456789, time.UTC))
	for _, rc := range []*replicav1.RequestContext{
		{},
		{ViewVersion: 7},
		{RequestId: &replicav1.RequestId{ClientId: "0123456789abcdef0123456789abcdef", RetentionId: 1 << 40}, Expiration: exp, ViewVersion: 12},
		{RequestId: &replicav1.RequestId{}, Expiration: &timestamppb.Timestamp{Seconds: -5, Nanos: -1}},
	} {
		b, err := proto.Marshal(rc)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	// Unknown fields, a repeated (merged) request id, a field with a mismatched wire type,
	// invalid UTF-8, truncations.
	f.Add([]byte{0x0a, 0x03, 0x0a, 0x01, 'a', 0x0a, 0x02, 0x10, 0x05, 0x28, 0x01, 0x18, 0x09})
	f.Add([]byte{0x08, 0x01, 0x12, 0x00})
	f.Add([]byte{0x0a, 0x03, 0x0a, 0x01, 0xff})
	f.Add([]byte{0x0a, 0x05, 0x0a, 0x01})
	f.Add([]byte{0x12, 0x04, 0x08, 0x80, 0x80})
	f.Fuzz(func(t *testing.T, b []byte) {
		got, err := ParseRequestContext(b)
		rc := &replicav1.RequestContext{}
		perr := proto.Unmarshal(b, rc)
		if perr != nil {
			if err == nil {
				t.Fatalf("proto refuses %x (%v); ParseRequestContext gave %+v", b, perr, got)
			}
			return
		}
		if err != nil {
			t.Fatalf("ParseRequestContext refuses %x (%v); proto gave %v", b, err, rc)
		}
		if want := RequestFromProto(rc); !reflect.DeepEqual(got, want) {
			t.Fatalf("ParseRequestContext(%x) = %+v, want %+v", b, got, want)
		}
	})
}

func BenchmarkParseRequestContext(b *testing.B) {
	rc := &replicav1.RequestContext{RequestId: &replicav1.RequestId{ClientId: "0123456789abcdef0123456789abcdef", RetentionId: 123456},
		Expiration: timestamppb.Now(), ViewVersion: 12}
	buf, err := proto.Marshal(rc)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("proto", func(b *testing.B) {
		for b.Loop() {
			m := &replicav1.RequestContext{}
			if err := proto.Unmarshal(buf, m); err != nil {
				b.Fatal(err)
			}
			_ = RequestFromProto(m)
		}
	})
	b.Run("ParseRequestContext", func(b *testing.B) {
		for b.Loop() {
			if _, err := ParseRequestContext(buf); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// A call whose request context does not parse is refused with INVALID_ARGUMENT naming the
// metadata key; the last value of the key counts.
func TestRequestFromContext(t *testing.T) {
	good, err := proto.Marshal(&replicav1.RequestContext{RequestId: &replicav1.RequestId{ClientId: "c", RetentionId: 4}, ViewVersion: 2})
	if err != nil {
		t.Fatal(err)
	}
	ctx := metadata.NewIncomingContext(context.Background(), metadata.Pairs(MetadataKey, "\x0a\x05\x0a", MetadataKey, string(good)))
	rq, err := requestFromContext(ctx)
	if err != nil || rq.ID != (RequestID{ClientID: "c", RetentionID: 4}) || rq.ViewVersion != 2 {
		t.Fatalf("requestFromContext = %+v, %v; want c/4 at view 2", rq, err)
	}
	ctx = metadata.NewIncomingContext(context.Background(), metadata.Pairs(MetadataKey, "\x0a\x05\x0a"))
	_, err = requestFromContext(ctx)
	st := status.Convert(err)
	if st.Code() != codes.InvalidArgument || !strings.Contains(st.Message(), MetadataKey) {
		t.Fatalf("a truncated request context: %v, want INVALID_ARGUMENT naming %s", err, MetadataKey)
	}
	var field string
	for _, d := range st.Details() {
		if br, ok := d.(*errdetails.BadRequest); ok && len(br.FieldViolations) > 0 {
			field = br.FieldViolations[0].Field
		}
	}
	if field != MetadataKey {
		t.Fatalf("details %v: want a BadRequest field violation of %s", st.Details(), MetadataKey)
	}
}
