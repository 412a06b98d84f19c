package replica

import (
	"errors"
	"fmt"
	"time"
	"unicode/utf8"

	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/types/known/timestamppb"

	replicav1 "github.com/wardenft/warden/api/warden/replica/v1"
)

// The conversions between the core's messages and api/warden/replica/v1, for the driver.
// They are pure, so that the wire format is tested without a network.

// MetadataKey is the gRPC metadata key of a call's serialized RequestContext.
const MetadataKey = "warden-request-bin"

// RequestFromProto converts a call's RequestContext (nil: a call without one).
func RequestFromProto(rc *replicav1.RequestContext) Request {
	return Request{ID: requestIDFromProto(rc.GetRequestId()), Expiration: timeFromProto(rc.GetExpiration()), ViewVersion: rc.GetViewVersion()}
}

// RedirectToProto is the Redirect detail of ErrNotPrimary and ErrStaleView: the view as the
// manager sent it (View.Proto), and the member that answers.
func RedirectToProto(e *RedirectError, member string) *replicav1.Redirect {
	return &replicav1.Redirect{View: e.View.Proto, MemberId: member}
}

// ToReplicateRequest converts a MsgAppend, or a MsgCheckpoint (its state in chunks of at most
// chunkSize bytes, at least one chunk), into what a Replicate stream carries.
func ToReplicateRequest(m Message, chunkSize int) ([]*replicav1.ReplicateRequest, error) {
	switch {
	case m.Transfer:
		return nil, fmt.Errorf("%w: %s travels on Transfer, not Replicate", ErrBadMessage, m)
	case m.Type == MsgAppend:
		a := &replicav1.Append{PrevSeq: m.PrevSeq, PrevEpoch: m.PrevEpoch, Commit: m.Commit, Entries: entriesToProto(m.Entries)}
		return []*replicav1.ReplicateRequest{{From: m.From, Epoch: m.Epoch, Msg: &replicav1.ReplicateRequest_Append{Append: a}}}, nil
	case m.Type == MsgCheckpoint && m.Checkpoint != nil:
		var out []*replicav1.ReplicateRequest
		for _, c := range CheckpointChunks(m.Checkpoint, chunkSize) {
			out = append(out, &replicav1.ReplicateRequest{From: m.From, Epoch: m.Epoch, Msg: &replicav1.ReplicateRequest_Checkpoint{Checkpoint: c}})
		}
		return out, nil
	}
	return nil, fmt.Errorf("%w: %s does not travel on Replicate requests", ErrBadMessage, m)
}

// ToReplicateResponse converts a MsgAck.
func ToReplicateResponse(m Message) *replicav1.ReplicateResponse {
	return &replicav1.ReplicateResponse{From: m.From, Ack: &replicav1.Ack{Epoch: m.Epoch, Match: m.Match, Stale: m.Stale, Reject: m.Reject, LastSeq: m.LastSeq, Commit: m.Commit}}
}

// FromReplicateResponse converts an Ack received by member to.
func FromReplicateResponse(r *replicav1.ReplicateResponse, to string) Message {
	a := r.GetAck()
	return Message{Type: MsgAck, From: r.GetFrom(), To: to, Epoch: a.GetEpoch(), Match: a.GetMatch(), Stale: a.GetStale(), Reject: a.GetReject(), LastSeq: a.GetLastSeq(), Commit: a.GetCommit()}
}

// A ReplicateReceiver turns the requests of one Replicate stream, received by member to, back
// into messages: an Append at once, a checkpoint once all its chunks arrived.
type ReplicateReceiver struct {
	To  string
	ckr checkpointAssembler
}

// Add returns the message req completes, if any.
func (r *ReplicateReceiver) Add(req *replicav1.ReplicateRequest) (*Message, error) {
	switch x := req.GetMsg().(type) {
	case *replicav1.ReplicateRequest_Append:
		a := x.Append
		m := Message{Type: MsgAppend, From: req.GetFrom(), To: r.To, Epoch: req.GetEpoch(), PrevSeq: a.GetPrevSeq(), PrevEpoch: a.GetPrevEpoch(), Commit: a.GetCommit()}
		if n := len(a.GetEntries()); n > 0 {
			m.Entries = make([]Entry, 0, n)
		}
		for _, e := range a.GetEntries() {
			m.Entries = append(m.Entries, entryFromProto(e))
		}
		return &m, nil
	case *replicav1.ReplicateRequest_Checkpoint:
		ck, err := r.ckr.add(x.Checkpoint)
		if err != nil || ck == nil {
			return nil, err
		}
		return &Message{Type: MsgCheckpoint, From: req.GetFrom(), To: r.To, Epoch: req.GetEpoch(), Checkpoint: ck}, nil
	}
	return nil, fmt.Errorf("%w: empty Replicate request from %q", ErrBadMessage, req.GetFrom())
}

// ToTransferChunks converts the messages of a transfer (Transfer set) into Transfer chunks.
func ToTransferChunks(m Message, chunkSize int) ([]*replicav1.TransferChunk, error) {
	if !m.Transfer {
		return nil, fmt.Errorf("%w: %s is not part of a transfer", ErrBadMessage, m)
	}
	switch m.Type {
	case MsgCheckpoint:
		var out []*replicav1.TransferChunk
		for _, c := range CheckpointChunks(m.Checkpoint, chunkSize) {
			out = append(out, &replicav1.TransferChunk{Epoch: m.Epoch, Msg: &replicav1.TransferChunk_Checkpoint{Checkpoint: c}})
		}
		return out, nil
	case MsgAppend:
		return []*replicav1.TransferChunk{{Epoch: m.Epoch, Msg: &replicav1.TransferChunk_Entries{Entries: &replicav1.Entries{Entries: entriesToProto(m.Entries)}}}}, nil
	case MsgDone:
		return []*replicav1.TransferChunk{{Epoch: m.Epoch, Msg: &replicav1.TransferChunk_Done{Done: &replicav1.TransferDone{Commit: m.Commit}}}}, nil
	}
	return nil, fmt.Errorf("%w: %s does not travel on Transfer", ErrBadMessage, m)
}

// A TransferReceiver turns the chunks of one Transfer stream from member from to member to
// back into messages for to's Step. Entries chunks carry no previous position: it follows the
// checkpoint or the previous chunk.
type TransferReceiver struct {
	From, To string
	ckr      checkpointAssembler
	prev     Pos
}

// Add returns the message chunk completes, if any.
func (t *TransferReceiver) Add(c *replicav1.TransferChunk) (*Message, error) {
	m := Message{From: t.From, To: t.To, Epoch: c.GetEpoch(), Transfer: true}
	switch x := c.GetMsg().(type) {
	case *replicav1.TransferChunk_Checkpoint:
		ck, err := t.ckr.add(x.Checkpoint)
		if err != nil || ck == nil {
			return nil, err
		}
		t.prev = ck.pos()
		m.Type, m.Checkpoint = MsgCheckpoint, ck
	case *replicav1.TransferChunk_Entries:
		m.Type, m.PrevSeq, m.PrevEpoch = MsgAppend, t.prev.Seq, t.prev.Epoch
		for _, e := range x.Entries.GetEntries() {
			m.Entries = append(m.Entries, entryFromProto(e))
		}
		if n := len(m.Entries); n > 0 {
			t.prev = m.Entries[n-1].pos()
		}
	case *replicav1.TransferChunk_Done:
		m.Type, m.Commit = MsgDone, x.Done.GetCommit()
	default:
		return nil, fmt.Errorf("%w: empty Transfer chunk from %q", ErrBadMessage, t.From)
	}
	return &m, nil
}

// CheckpointChunks splits ck into chunks of at most size state bytes (default 1 MiB): at
// least one chunk, the first with the header. (A MsgCheckpoint's Commit does not travel: the
// receiver needs only the checkpoint.)
func CheckpointChunks(ck *Checkpoint, size int) []*replicav1.CheckpointChunk {
	if size <= 0 {
		size = 1 << 20
	}
	hdr := checkpointToProto(ck)
	hdr.State = nil // the state travels in the chunks' data
	total := uint64(len(ck.State))
	var out []*replicav1.CheckpointChunk
	for off := 0; off == 0 || off < len(ck.State); off += size {
		c := &replicav1.CheckpointChunk{TotalSize: total, Offset: uint64(off), Data: ck.State[off:min(off+size, len(ck.State))]}
		if off == 0 {
			c.Header = hdr
		}
		out = append(out, c)
	}
	return out
}

// checkpointAssembler collects the chunks of one checkpoint.
type checkpointAssembler struct {
	hdr   *replicav1.Checkpoint
	state []byte
	total uint64
}

// maxCheckpointPrealloc bounds what a header's claimed size makes the assembler allocate
// before the bytes arrive.
const maxCheckpointPrealloc = 64 << 20

func (a *checkpointAssembler) add(c *replicav1.CheckpointChunk) (*Checkpoint, error) {
	if c.GetOffset() == 0 {
		if c.GetHeader() == nil {
			return nil, fmt.Errorf("%w: the first checkpoint chunk has no header", ErrBadMessage)
		}
		*a = checkpointAssembler{hdr: c.GetHeader(), total: c.GetTotalSize(), state: make([]byte, 0, min(c.GetTotalSize(), maxCheckpointPrealloc))}
	}
	if a.hdr == nil || c.GetOffset() != uint64(len(a.state)) || c.GetTotalSize() != a.total {
		return nil, fmt.Errorf("%w: checkpoint chunk at offset %d of %d, expected offset %d of %d", ErrBadMessage, c.GetOffset(), c.GetTotalSize(), len(a.state), a.total)
	}
	a.state = append(a.state, c.GetData()...)
	if uint64(len(a.state)) > a.total {
		return nil, fmt.Errorf("%w: checkpoint chunks exceed the total size %d", ErrBadMessage, a.total)
	}
	if uint64(len(a.state)) < a.total {
		return nil, nil
	}
	h := a.hdr
	h.State = a.state
	ck, err := checkpointFromProto(h)
	if err != nil {
		return nil, fmt.Errorf("%w: checkpoint %w", ErrBadMessage, err)
	}
	*a = checkpointAssembler{}
	return ck, nil
}

// entriesToProto converts entries, allocating the messages of each kind together (an Append
// under load holds tens of entries).
func entriesToProto(es []Entry) []*replicav1.Entry {
	out := make([]*replicav1.Entry, len(es))
	ms := make([]replicav1.Entry, len(es))
	ids := make([]replicav1.RequestId, len(es))
	ts := make([]timestamppb.Timestamp, len(es))
	for i, e := range es {
		m := &ms[i]
		m.Epoch, m.Seq, m.Kind, m.Method, m.Payload, m.Reply, m.Status = e.Epoch, e.Seq, replicav1.EntryKind(e.Kind), e.Method, e.Payload, e.Reply, e.Status
		if !e.Request.IsZero() {
			ids[i].ClientId, ids[i].RetentionId = e.Request.ClientID, e.Request.RetentionID
			m.RequestId = &ids[i]
		}
		if !e.Expiration.IsZero() {
			ts[i].Seconds, ts[i].Nanos = e.Expiration.Unix(), int32(e.Expiration.Nanosecond())
			m.Expiration = &ts[i]
		}
		out[i] = m
	}
	return out
}

func entryFromProto(e *replicav1.Entry) Entry {
	return Entry{Epoch: e.GetEpoch(), Seq: e.GetSeq(), Request: requestIDFromProto(e.GetRequestId()), Expiration: timeFromProto(e.GetExpiration()),
		Kind: EntryKind(e.GetKind()), Method: e.GetMethod(), Payload: e.GetPayload(), Reply: e.GetReply(), Status: e.GetStatus()}
}

func requestIDToProto(id RequestID) *replicav1.RequestId {
	if id.IsZero() {
		return nil
	}
	return &replicav1.RequestId{ClientId: id.ClientID, RetentionId: id.RetentionID}
}

func requestIDFromProto(id *replicav1.RequestId) RequestID {
	return RequestID{ClientID: id.GetClientId(), RetentionID: id.GetRetentionId()}
}

func timeToProto(t time.Time) *timestamppb.Timestamp {
	if t.IsZero() {
		return nil
	}
	return timestamppb.New(t)
}

func timeFromProto(t *timestamppb.Timestamp) time.Time {
	if t == nil {
		return time.Time{}
	}
	return t.AsTime()
}

// ParseRequestContext decodes a serialized RequestContext (the value of MetadataKey) as
// proto.Unmarshal followed by RequestFromProto would, without building the messages: it runs
// for every call a member serves. Unknown fields are skipped; malformed input, or a client id
// that is not UTF-8, is an error.
func ParseRequestContext(b []byte) (Request, error) {
	var rq Request
	var sec, nsec int64
	hasExp := false
	err := walkFields(b, func(num protowire.Number, typ protowire.Type, b []byte) (int, error) {
		switch {
		case num == 1 && typ == protowire.BytesType:
			v, n, err := consumeBytes(b)
			if err == nil {
				rq.ID, err = parseRequestID(v, rq.ID)
			}
			return n, err
		case num == 2 && typ == protowire.BytesType:
			v, n, err := consumeBytes(b)
			if err == nil {
				sec, nsec, err = parseTimestamp(v, sec, nsec)
				hasExp = true
			}
			return n, err
		case num == 3 && typ == protowire.VarintType:
			v, n, err := consumeVarint(b)
			rq.ViewVersion = v
			return n, err
		}
		return 0, nil
	})
	if err != nil {
		return Request{}, err
	}
	if hasExp {
		rq.Expiration = time.Unix(sec, nsec).UTC()
	}
	return rq, nil
}

// parseRequestID decodes a RequestId, merged into id (a repeated message field merges).
func parseRequestID(b []byte, id RequestID) (RequestID, error) {
	err := walkFields(b, func(num protowire.Number, typ protowire.Type, b []byte) (int, error) {
		switch {
		case num == 1 && typ == protowire.BytesType:
			v, n, err := consumeBytes(b)
			if err == nil && !utf8.Valid(v) {
				err = errors.New("request_id.client_id: invalid UTF-8")
			}
			id.ClientID = string(v)
			return n, err
		case num == 2 && typ == protowire.VarintType:
			v, n, err := consumeVarint(b)
			id.RetentionID = v
			return n, err
		}
		return 0, nil
	})
	return id, err
}

// parseTimestamp decodes a google.protobuf.Timestamp, merged into (sec, nsec).
func parseTimestamp(b []byte, sec, nsec int64) (int64, int64, error) {
	err := walkFields(b, func(num protowire.Number, typ protowire.Type, b []byte) (int, error) {
		if (num == 1 || num == 2) && typ == protowire.VarintType {
			v, n, err := consumeVarint(b)
			if num == 1 {
				sec = int64(v)
			} else {
				nsec = int64(int32(v))
			}
			return n, err
		}
		return 0, nil
	})
	return sec, nsec, err
}

// walkFields calls field for each field of the message b, with what follows the field's tag;
// field returns the length of the value it consumed, or 0 to have it skipped (a field it does
// not know: every value is at least a byte long).
func walkFields(b []byte, field func(num protowire.Number, typ protowire.Type, b []byte) (int, error)) error {
	for len(b) > 0 {
		num, typ, n := protowire.ConsumeTag(b)
		if n < 0 {
			return protowire.ParseError(n)
		}
		if num > protowire.MaxValidNumber { // ConsumeTag lets these through; proto refuses them
			return fmt.Errorf("field number %d: above the largest valid one", num)
		}
		b = b[n:]
		n, err := field(num, typ, b)
		if err != nil {
			return err
		}
		if n == 0 {
			if n = protowire.ConsumeFieldValue(num, typ, b); n < 0 {
				return protowire.ParseError(n)
			}
		}
		b = b[n:]
	}
	return nil
}

func consumeBytes(b []byte) ([]byte, int, error) {
	v, n := protowire.ConsumeBytes(b)
	if n < 0 {
		return nil, 0, protowire.ParseError(n)
	}
	return v, n, nil
}

func consumeVarint(b []byte) (uint64, int, error) {
	v, n := protowire.ConsumeVarint(b)
	if n < 0 {
		return 0, 0, protowire.ParseError(n)
	}
	return v, n, nil
}
