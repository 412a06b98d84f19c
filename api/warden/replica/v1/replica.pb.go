// The replication protocol among the members of a passive (WARM_PASSIVE or COLD_PASSIVE)
// object group, and what the replica SDK tells clients. The protocol core that speaks it is
// the Go package github.com/wardenft/warden/replica; ARCHITECTURE.md "Passive replication
// protocol" gives the contract.
//
// # Roles
//
// The manager makes views (warden.manager.v1.View): members, primary, epoch. The primary
// executes state-changing requests in the order it assigns sequence numbers (seq 1, 2, ...,
// never reused within a group's history), and ships each as an Entry to every other member
// of its view: to a running backup (WARM_PASSIVE), or to the log holder that the warden agent
// at a cold backup's location runs for it (COLD_PASSIVE). It answers a client only once every
// backup of its view acknowledged the entry (the entry is then committed): whichever member
// the manager promotes next holds every answered update.
//
// # Replicate: entries and acknowledgements
//
// The primary keeps one Replicate stream open to each backup. On it it sends Append messages
// (entries and the commit point) and Checkpoint messages (state transfer); the backup answers
// each accepted message with an Ack, and refuses what it cannot accept with an Ack that says
// why. Messages may be lost (a stream breaks) and re-sent on a new stream; the backup
// ignores duplicates and buffers a message that arrives ahead of a gap until the gap fills.
//
// Every message carries the sender's view epoch, the fencing token of the protocol: a member
// refuses any message of an epoch older than its own (Ack.stale with its epoch), and a
// primary that is told of a newer epoch stops serving at once. A message of a newer epoch than
// the receiver's own tells it that a newer view exists, whose primary is the sender: the
// receiver adopts the epoch (the full view reaches it from the manager).
//
// Logs of different members agree by the log matching rule: an Append names the seq and the
// creation epoch of the entry just before its first one (prev_seq, prev_epoch); a backup
// accepts it only if its own log has that entry, and then replaces any entry of its log that
// conflicts with the new ones (same seq, other creation epoch: an entry a deposed primary
// never got committed) by the new ones. A backup whose state already includes a conflicting
// entry rolls back: it restores its own latest checkpoint and replays its log up to the
// conflict. Backups apply entries only up to the commit point the primary sends, so they
// never apply an update that a later primary may not have.
//
// # Transfer: bringing up a new member
//
// A member that is to join a group (started by an agent, not in the view yet) calls Transfer
// at the primary: it gets the primary's latest committed checkpoint, if the primary's log no
// longer reaches back to seq 1, then every committed entry after it, then done. It restores
// the checkpoint (SetState, verifying the SHA-256 digest), applies the entries, and reports
// itself ready to its agent; the manager then adds it to the view, and the primary's Replicate
// stream tops it up with what was committed meanwhile. A COLD_PASSIVE member started to take
// over does not call Transfer: its agent fences the log holder of its location with the new
// epoch and starts it on the holder's files (WARDEN_RESTORE_DIR), from which it restores the
// latest checkpoint and replays the whole log since, committed or not: it becomes the primary
// and its log is the group's. The primary's Replicate streams name their addressee in the
// metadata keys warden-replica-to and warden-replica-group, so one agent address serves every
// member it holds, and a member refuses a stream meant for another.
//
// # Checkpoints
//
// Every CheckpointInterval a member takes a checkpoint of its state (Checkpointable.GetState)
// at the seq it has applied, and truncates its log before it (the recovery file's
// reorganisation). The primary also sends each checkpoint, once committed, to the log holders
// of its cold backups, which then drop the log before it. A checkpoint carries the reply cache
// as of its seq, so at-most-once holds across a state transfer.
//
// # Requests from clients (at-most-once)
//
// Every call of a replicated service carries a RequestContext in the gRPC metadata key
// "warden-request-bin" (FT-CORBA's FTRequestServiceContext plus the group view version). The
// primary keeps a reply cache keyed by (client_id, retention_id): a call whose request id it
// has already executed gets the original reply without executing again; a call whose first
// execution is still in flight waits for it. Cache entries are dropped after their expiration,
// and a call that arrives after its own expiration is refused (FAILED_PRECONDITION, reason
// REQUEST_EXPIRED), since its first execution may have been forgotten. The cache travels
// with the entries and in checkpoints, so the member promoted after a failover answers a
// retry with the original reply too.
//
// # Errors
//
// Errors are gRPC statuses carrying a google.rpc.ErrorInfo with domain "replica.warden.dev"
// and one of these reasons:
//
//   NOT_PRIMARY     (UNAVAILABLE) this member is not the primary of the group's current view
//                   as it knows it. The status details also hold a Redirect with that view:
//                   send to its primary.
//   STALE_VIEW      (UNAVAILABLE) the call was sent under an older view version than this
//                   member's. Details: a Redirect with the current view.
//   VIEW_BEHIND     (UNAVAILABLE) the call was sent under a newer view than this member has
//                   heard of: it may have been deposed. Retry (at the primary of your view).
//   NO_LEASE        (UNAVAILABLE) this member is the primary but does not hold a valid lease
//                   from the manager, so another primary may exist: it does not serve.
//   NOT_READY       (UNAVAILABLE) this member is the primary but still applying its log
//                   (just promoted, or restoring a checkpoint). Retry shortly.
//   REQUEST_EXPIRED (FAILED_PRECONDITION) the call arrived after its expiration.
//   DIGEST_MISMATCH (DATA_LOSS) a checkpoint's state does not have its digest (a value
//                   fault): nothing was restored.
// Malformed requests get INVALID_ARGUMENT with a google.rpc.BadRequest naming the field.

// Code generated by protoc-gen-go. DO NOT EDIT.
// versions:
// 	protoc-gen-go v1.36.12
// 	protoc        v3.21.12
// source: warden/replica/v1/replica.proto

package replicav1

import (
	v1 "github.com/wardenft/warden/api/warden/manager/v1"
	protoreflect "google.golang.org/protobuf/reflect/protoreflect"
	protoimpl "google.golang.org/protobuf/runtime/protoimpl"
	timestamppb "google.golang.org/protobuf/types/known/timestamppb"
	reflect "reflect"
	sync "sync"
	unsafe "unsafe"
)

const (
	// Verify that this generated code is sufficiently up-to-date.
	_ = protoimpl.EnforceVersion(20 - protoimpl.MinVersion)
	// Verify that runtime/protoimpl is sufficiently up-to-date.
	_ = protoimpl.EnforceVersion(protoimpl.MaxVersion - 20)
)

// What an entry's payload is.
type EntryKind int32

const (
	EntryKind_ENTRY_KIND_UNSPECIFIED EntryKind = 0
	// The update the application captured after executing the request (Updateable.GetUpdate);
	// backups apply it with Updateable.SetUpdate.
	EntryKind_ENTRY_KIND_UPDATE EntryKind = 1
	// The request itself (log and replay, for applications that are not Updateable); backups
	// execute it again, so the application must be deterministic.
	EntryKind_ENTRY_KIND_REQUEST EntryKind = 2
)

// Enum value maps for EntryKind.
var (
	EntryKind_name = map[int32]string{
		0: "ENTRY_KIND_UNSPECIFIED",
		1: "ENTRY_KIND_UPDATE",
		2: "ENTRY_KIND_REQUEST",
	}
	EntryKind_value = map[string]int32{
		"ENTRY_KIND_UNSPECIFIED": 0,
		"ENTRY_KIND_UPDATE":      1,
		"ENTRY_KIND_REQUEST":     2,
	}
)

func (x EntryKind) Enum() *EntryKind {
	p := new(EntryKind)
	*p = x
	return p
}

func (x EntryKind) String() string {
	return protoimpl.X.EnumStringOf(x.Descriptor(), protoreflect.EnumNumber(x))
}

func (EntryKind) Descriptor() protoreflect.EnumDescriptor {
	return file_warden_replica_v1_replica_proto_enumTypes[0].Descriptor()
}

func (EntryKind) Type() protoreflect.EnumType {
	return &file_warden_replica_v1_replica_proto_enumTypes[0]
}

func (x EntryKind) Number() protoreflect.EnumNumber {
	return protoreflect.EnumNumber(x)
}

// Deprecated: Use EntryKind.Descriptor instead.
func (EntryKind) EnumDescriptor() ([]byte, []int) {
	return file_warden_replica_v1_replica_proto_rawDescGZIP(), []int{0}
}

// A request id: FT-CORBA's (client_id, retention_id). A client id names one client SDK
// instance for the life of its process (e.g. a random 128-bit hex string); the retention id
// is unique among that client's calls (a counter). Retries of one call reuse its id.
type RequestId struct {
	state         protoimpl.MessageState `protogen:"open.v1"`
	ClientId      string                 `protobuf:"bytes,1,opt,name=client_id,json=clientId,proto3" json:"client_id,omitempty"`
	RetentionId   uint64                 `protobuf:"varint,2,opt,name=retention_id,json=retentionId,proto3" json:"retention_id,omitempty"`
	unknownFields protoimpl.UnknownFields
	sizeCache     protoimpl.SizeCache
}

func (x *RequestId) Reset() {
	*x = RequestId{}
	mi := &file_warden_replica_v1_replica_proto_msgTypes[0]
	ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
	ms.StoreMessageInfo(mi)
}

func (x *RequestId) String() string {
	return protoimpl.X.MessageStringOf(x)
}

func (*RequestId) ProtoMessage() {}

func (x *RequestId) ProtoReflect() protoreflect.Message {
	mi := &file_warden_replica_v1_replica_proto_msgTypes[0]
	if x != nil {
		ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
		if ms.LoadMessageInfo() == nil {
			ms.StoreMessageInfo(mi)
		}
		return ms
	}
	return mi.MessageOf(x)
}

// Deprecated: Use RequestId.ProtoReflect.Descriptor instead.
func (*RequestId) Descriptor() ([]byte, []int) {
	return file_warden_replica_v1_replica_proto_rawDescGZIP(), []int{0}
}

func (x *RequestId) GetClientId() string {
	if x != nil {
		return x.ClientId
	}
	return ""
}

func (x *RequestId) GetRetentionId() uint64 {
	if x != nil {
		return x.RetentionId
	}
	return 0
}

// RequestContext travels with every call of a replicated service, serialized in the gRPC
// metadata key "warden-request-bin".
type RequestContext struct {
	state protoimpl.MessageState `protogen:"open.v1"`
	// Absent for a call that does not need at-most-once (a read): it is never cached.
	RequestId *RequestId `protobuf:"bytes,1,opt,name=request_id,json=requestId,proto3" json:"request_id,omitempty"`
	// After this time the client will not retry the call, so servers may forget its reply.
	// The server's clock decides; a call that arrives after its expiration is refused.
	// Absent: the server's default retention (replica.Config.DefaultRetention).
	Expiration *timestamppb.Timestamp `protobuf:"bytes,2,opt,name=expiration,proto3" json:"expiration,omitempty"`
	// The version of the group view (warden.manager.v1.View.version) the client sent the call
	// under; 0 when it has none yet (no view check).
	ViewVersion   uint64 `protobuf:"varint,3,opt,name=view_version,json=viewVersion,proto3" json:"view_version,omitempty"`
	unknownFields protoimpl.UnknownFields
	sizeCache     protoimpl.SizeCache
}

func (x *RequestContext) Reset() {
	*x = RequestContext{}
	mi := &file_warden_replica_v1_replica_proto_msgTypes[1]
	ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
	ms.StoreMessageInfo(mi)
}

func (x *RequestContext) String() string {
	return protoimpl.X.MessageStringOf(x)
}

func (*RequestContext) ProtoMessage() {}

func (x *RequestContext) ProtoReflect() protoreflect.Message {
	mi := &file_warden_replica_v1_replica_proto_msgTypes[1]
	if x != nil {
		ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
		if ms.LoadMessageInfo() == nil {
			ms.StoreMessageInfo(mi)
		}
		return ms
	}
	return mi.MessageOf(x)
}

// Deprecated: Use RequestContext.ProtoReflect.Descriptor instead.
func (*RequestContext) Descriptor() ([]byte, []int) {
	return file_warden_replica_v1_replica_proto_rawDescGZIP(), []int{1}
}

func (x *RequestContext) GetRequestId() *RequestId {
	if x != nil {
		return x.RequestId
	}
	return nil
}

func (x *RequestContext) GetExpiration() *timestamppb.Timestamp {
	if x != nil {
		return x.Expiration
	}
	return nil
}

func (x *RequestContext) GetViewVersion() uint64 {
	if x != nil {
		return x.ViewVersion
	}
	return 0
}

// Redirect is a status detail of NOT_PRIMARY and STALE_VIEW errors: FT-CORBA's
// LOCATION_FORWARD. The client adopts the view if its version is higher than the one it has,
// and sends to the view's primary.
type Redirect struct {
	state protoimpl.MessageState `protogen:"open.v1"`
	// The newest view this member knows.
	View *v1.View `protobuf:"bytes,1,opt,name=view,proto3" json:"view,omitempty"`
	// The member that answered.
	MemberId      string `protobuf:"bytes,2,opt,name=member_id,json=memberId,proto3" json:"member_id,omitempty"`
	unknownFields protoimpl.UnknownFields
	sizeCache     protoimpl.SizeCache
}

func (x *Redirect) Reset() {
	*x = Redirect{}
	mi := &file_warden_replica_v1_replica_proto_msgTypes[2]
	ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
	ms.StoreMessageInfo(mi)
}

func (x *Redirect) String() string {
	return protoimpl.X.MessageStringOf(x)
}

func (*Redirect) ProtoMessage() {}

func (x *Redirect) ProtoReflect() protoreflect.Message {
	mi := &file_warden_replica_v1_replica_proto_msgTypes[2]
	if x != nil {
		ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
		if ms.LoadMessageInfo() == nil {
			ms.StoreMessageInfo(mi)
		}
		return ms
	}
	return mi.MessageOf(x)
}

// Deprecated: Use Redirect.ProtoReflect.Descriptor instead.
func (*Redirect) Descriptor() ([]byte, []int) {
	return file_warden_replica_v1_replica_proto_rawDescGZIP(), []int{2}
}

func (x *Redirect) GetView() *v1.View {
	if x != nil {
		return x.View
	}
	return nil
}

func (x *Redirect) GetMemberId() string {
	if x != nil {
		return x.MemberId
	}
	return ""
}

// One executed state-changing request, as the primary ships it.
type Entry struct {
	state protoimpl.MessageState `protogen:"open.v1"`
	// The epoch of the view in which the primary that executed it served. With seq, it names
	// the entry across the group's history: two entries with the same seq and epoch are the same.
	Epoch uint64 `protobuf:"varint,1,opt,name=epoch,proto3" json:"epoch,omitempty"`
	// The position of the entry in the group's order of execution: 1, 2, ... without gaps.
	Seq uint64 `protobuf:"varint,2,opt,name=seq,proto3" json:"seq,omitempty"`
	// The client's request id; absent for a call that carried none (then never cached).
	RequestId *RequestId `protobuf:"bytes,3,opt,name=request_id,json=requestId,proto3" json:"request_id,omitempty"`
	// When the reply cache may forget this request (the client's expiration, or the primary's
	// default retention). Absent with request_id.
	Expiration *timestamppb.Timestamp `protobuf:"bytes,4,opt,name=expiration,proto3" json:"expiration,omitempty"`
	Kind       EntryKind              `protobuf:"varint,5,opt,name=kind,proto3,enum=warden.replica.v1.EntryKind" json:"kind,omitempty"`
	// The full gRPC method name ("/counter.v1.Counter/Increment"): which handler replays a
	// REQUEST entry, and for an UPDATE, what produced it.
	Method string `protobuf:"bytes,6,opt,name=method,proto3" json:"method,omitempty"`
	// The update (UPDATE) or the serialized request message (REQUEST).
	Payload []byte `protobuf:"bytes,7,opt,name=payload,proto3" json:"payload,omitempty"`
	// The serialized reply message the primary sent (empty when the call failed).
	Reply []byte `protobuf:"bytes,8,opt,name=reply,proto3" json:"reply,omitempty"`
	// The call's status as a serialized google.rpc.Status; empty for OK. A failed call is
	// cached too: a retry gets the same error.
	Status        []byte `protobuf:"bytes,9,opt,name=status,proto3" json:"status,omitempty"`
	unknownFields protoimpl.UnknownFields
	sizeCache     protoimpl.SizeCache
}

func (x *Entry) Reset() {
	*x = Entry{}
	mi := &file_warden_replica_v1_replica_proto_msgTypes[3]
	ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
	ms.StoreMessageInfo(mi)
}

func (x *Entry) String() string {
	return protoimpl.X.MessageStringOf(x)
}

func (*Entry) ProtoMessage() {}

func (x *Entry) ProtoReflect() protoreflect.Message {
	mi := &file_warden_replica_v1_replica_proto_msgTypes[3]
	if x != nil {
		ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
		if ms.LoadMessageInfo() == nil {
			ms.StoreMessageInfo(mi)
		}
		return ms
	}
	return mi.MessageOf(x)
}

// Deprecated: Use Entry.ProtoReflect.Descriptor instead.
func (*Entry) Descriptor() ([]byte, []int) {
	return file_warden_replica_v1_replica_proto_rawDescGZIP(), []int{3}
}

func (x *Entry) GetEpoch() uint64 {
	if x != nil {
		return x.Epoch
	}
	return 0
}

func (x *Entry) GetSeq() uint64 {
	if x != nil {
		return x.Seq
	}
	return 0
}

func (x *Entry) GetRequestId() *RequestId {
	if x != nil {
		return x.RequestId
	}
	return nil
}

func (x *Entry) GetExpiration() *timestamppb.Timestamp {
	if x != nil {
		return x.Expiration
	}
	return nil
}

func (x *Entry) GetKind() EntryKind {
	if x != nil {
		return x.Kind
	}
	return EntryKind_ENTRY_KIND_UNSPECIFIED
}

func (x *Entry) GetMethod() string {
	if x != nil {
		return x.Method
	}
	return ""
}

func (x *Entry) GetPayload() []byte {
	if x != nil {
		return x.Payload
	}
	return nil
}

func (x *Entry) GetReply() []byte {
	if x != nil {
		return x.Reply
	}
	return nil
}

func (x *Entry) GetStatus() []byte {
	if x != nil {
		return x.Status
	}
	return nil
}

// A cached reply, as checkpoints carry the reply cache.
type CachedReply struct {
	state     protoimpl.MessageState `protogen:"open.v1"`
	RequestId *RequestId             `protobuf:"bytes,1,opt,name=request_id,json=requestId,proto3" json:"request_id,omitempty"`
	// The seq of the entry that produced it.
	Seq        uint64                 `protobuf:"varint,2,opt,name=seq,proto3" json:"seq,omitempty"`
	Expiration *timestamppb.Timestamp `protobuf:"bytes,3,opt,name=expiration,proto3" json:"expiration,omitempty"`
	Reply      []byte                 `protobuf:"bytes,4,opt,name=reply,proto3" json:"reply,omitempty"`
	// As Entry.status.
	Status        []byte `protobuf:"bytes,5,opt,name=status,proto3" json:"status,omitempty"`
	unknownFields protoimpl.UnknownFields
	sizeCache     protoimpl.SizeCache
}

func (x *CachedReply) Reset() {
	*x = CachedReply{}
	mi := &file_warden_replica_v1_replica_proto_msgTypes[4]
	ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
	ms.StoreMessageInfo(mi)
}

func (x *CachedReply) String() string {
	return protoimpl.X.MessageStringOf(x)
}

func (*CachedReply) ProtoMessage() {}

func (x *CachedReply) ProtoReflect() protoreflect.Message {
	mi := &file_warden_replica_v1_replica_proto_msgTypes[4]
	if x != nil {
		ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
		if ms.LoadMessageInfo() == nil {
			ms.StoreMessageInfo(mi)
		}
		return ms
	}
	return mi.MessageOf(x)
}

// Deprecated: Use CachedReply.ProtoReflect.Descriptor instead.
func (*CachedReply) Descriptor() ([]byte, []int) {
	return file_warden_replica_v1_replica_proto_rawDescGZIP(), []int{4}
}

func (x *CachedReply) GetRequestId() *RequestId {
	if x != nil {
		return x.RequestId
	}
	return nil
}

func (x *CachedReply) GetSeq() uint64 {
	if x != nil {
		return x.Seq
	}
	return 0
}

func (x *CachedReply) GetExpiration() *timestamppb.Timestamp {
	if x != nil {
		return x.Expiration
	}
	return nil
}

func (x *CachedReply) GetReply() []byte {
	if x != nil {
		return x.Reply
	}
	return nil
}

func (x *CachedReply) GetStatus() []byte {
	if x != nil {
		return x.Status
	}
	return nil
}

// A member's state at one seq, and the reply cache as of that seq.
type Checkpoint struct {
	state protoimpl.MessageState `protogen:"open.v1"`
	// The last entry the state includes (0: the application's initial state) ...
	Seq uint64 `protobuf:"varint,1,opt,name=seq,proto3" json:"seq,omitempty"`
	// ... and that entry's creation epoch (0 with seq 0), for the log matching rule.
	Epoch uint64 `protobuf:"varint,2,opt,name=epoch,proto3" json:"epoch,omitempty"`
	// SHA-256 of state. The receiver verifies it before Checkpointable.SetState; on a mismatch
	// it restores nothing and reports a ValueFault about the sender.
	Digest []byte `protobuf:"bytes,3,opt,name=digest,proto3" json:"digest,omitempty"`
	// Checkpointable.GetState's bytes. In Transfer and Replicate the state is sent in chunks
	// (CheckpointChunk); here, whole.
	State         []byte         `protobuf:"bytes,4,opt,name=state,proto3" json:"state,omitempty"`
	Replies       []*CachedReply `protobuf:"bytes,5,rep,name=replies,proto3" json:"replies,omitempty"`
	unknownFields protoimpl.UnknownFields
	sizeCache     protoimpl.SizeCache
}

func (x *Checkpoint) Reset() {
	*x = Checkpoint{}
	mi := &file_warden_replica_v1_replica_proto_msgTypes[5]
	ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
	ms.StoreMessageInfo(mi)
}

func (x *Checkpoint) String() string {
	return protoimpl.X.MessageStringOf(x)
}

func (*Checkpoint) ProtoMessage() {}

func (x *Checkpoint) ProtoReflect() protoreflect.Message {
	mi := &file_warden_replica_v1_replica_proto_msgTypes[5]
	if x != nil {
		ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
		if ms.LoadMessageInfo() == nil {
			ms.StoreMessageInfo(mi)
		}
		return ms
	}
	return mi.MessageOf(x)
}

// Deprecated: Use Checkpoint.ProtoReflect.Descriptor instead.
func (*Checkpoint) Descriptor() ([]byte, []int) {
	return file_warden_replica_v1_replica_proto_rawDescGZIP(), []int{5}
}

func (x *Checkpoint) GetSeq() uint64 {
	if x != nil {
		return x.Seq
	}
	return 0
}

func (x *Checkpoint) GetEpoch() uint64 {
	if x != nil {
		return x.Epoch
	}
	return 0
}

func (x *Checkpoint) GetDigest() []byte {
	if x != nil {
		return x.Digest
	}
	return nil
}

func (x *Checkpoint) GetState() []byte {
	if x != nil {
		return x.State
	}
	return nil
}

func (x *Checkpoint) GetReplies() []*CachedReply {
	if x != nil {
		return x.Replies
	}
	return nil
}

// One piece of a checkpoint in transit. The first chunk has offset 0 and the header fields;
// the receiver concatenates the data of chunks with increasing offsets until it has
// total_size bytes, then verifies the digest.
type CheckpointChunk struct {
	state protoimpl.MessageState `protogen:"open.v1"`
	// Header (first chunk only): every field of Checkpoint but state.
	Header *Checkpoint `protobuf:"bytes,1,opt,name=header,proto3" json:"header,omitempty"`
	// The size of the whole state.
	TotalSize uint64 `protobuf:"varint,2,opt,name=total_size,json=totalSize,proto3" json:"total_size,omitempty"`
	// Where data goes in the state.
	Offset        uint64 `protobuf:"varint,3,opt,name=offset,proto3" json:"offset,omitempty"`
	Data          []byte `protobuf:"bytes,4,opt,name=data,proto3" json:"data,omitempty"`
	unknownFields protoimpl.UnknownFields
	sizeCache     protoimpl.SizeCache
}

func (x *CheckpointChunk) Reset() {
	*x = CheckpointChunk{}
	mi := &file_warden_replica_v1_replica_proto_msgTypes[6]
	ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
	ms.StoreMessageInfo(mi)
}

func (x *CheckpointChunk) String() string {
	return protoimpl.X.MessageStringOf(x)
}

func (*CheckpointChunk) ProtoMessage() {}

func (x *CheckpointChunk) ProtoReflect() protoreflect.Message {
	mi := &file_warden_replica_v1_replica_proto_msgTypes[6]
	if x != nil {
		ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
		if ms.LoadMessageInfo() == nil {
			ms.StoreMessageInfo(mi)
		}
		return ms
	}
	return mi.MessageOf(x)
}

// Deprecated: Use CheckpointChunk.ProtoReflect.Descriptor instead.
func (*CheckpointChunk) Descriptor() ([]byte, []int) {
	return file_warden_replica_v1_replica_proto_rawDescGZIP(), []int{6}
}

func (x *CheckpointChunk) GetHeader() *Checkpoint {
	if x != nil {
		return x.Header
	}
	return nil
}

func (x *CheckpointChunk) GetTotalSize() uint64 {
	if x != nil {
		return x.TotalSize
	}
	return 0
}

func (x *CheckpointChunk) GetOffset() uint64 {
	if x != nil {
		return x.Offset
	}
	return 0
}

func (x *CheckpointChunk) GetData() []byte {
	if x != nil {
		return x.Data
	}
	return nil
}

type ReplicateRequest struct {
	state protoimpl.MessageState `protogen:"open.v1"`
	// The sender's member id and view epoch, in every request.
	From  string `protobuf:"bytes,1,opt,name=from,proto3" json:"from,omitempty"`
	Epoch uint64 `protobuf:"varint,2,opt,name=epoch,proto3" json:"epoch,omitempty"`
	// Types that are valid to be assigned to Msg:
	//
	//	*ReplicateRequest_Append
	//	*ReplicateRequest_Checkpoint
	Msg           isReplicateRequest_Msg `protobuf_oneof:"msg"`
	unknownFields protoimpl.UnknownFields
	sizeCache     protoimpl.SizeCache
}

func (x *ReplicateRequest) Reset() {
	*x = ReplicateRequest{}
	mi := &file_warden_replica_v1_replica_proto_msgTypes[7]
	ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
	ms.StoreMessageInfo(mi)
}

func (x *ReplicateRequest) String() string {
	return protoimpl.X.MessageStringOf(x)
}

func (*ReplicateRequest) ProtoMessage() {}

func (x *ReplicateRequest) ProtoReflect() protoreflect.Message {
	mi := &file_warden_replica_v1_replica_proto_msgTypes[7]
	if x != nil {
		ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
		if ms.LoadMessageInfo() == nil {
			ms.StoreMessageInfo(mi)
		}
		return ms
	}
	return mi.MessageOf(x)
}

// Deprecated: Use ReplicateRequest.ProtoReflect.Descriptor instead.
func (*ReplicateRequest) Descriptor() ([]byte, []int) {
	return file_warden_replica_v1_replica_proto_rawDescGZIP(), []int{7}
}

func (x *ReplicateRequest) GetFrom() string {
	if x != nil {
		return x.From
	}
	return ""
}

func (x *ReplicateRequest) GetEpoch() uint64 {
	if x != nil {
		return x.Epoch
	}
	return 0
}

func (x *ReplicateRequest) GetMsg() isReplicateRequest_Msg {
	if x != nil {
		return x.Msg
	}
	return nil
}

func (x *ReplicateRequest) GetAppend() *Append {
	if x != nil {
		if x, ok := x.Msg.(*ReplicateRequest_Append); ok {
			return x.Append
		}
	}
	return nil
}

func (x *ReplicateRequest) GetCheckpoint() *CheckpointChunk {
	if x != nil {
		if x, ok := x.Msg.(*ReplicateRequest_Checkpoint); ok {
			return x.Checkpoint
		}
	}
	return nil
}

type isReplicateRequest_Msg interface {
	isReplicateRequest_Msg()
}

type ReplicateRequest_Append struct {
	Append *Append `protobuf:"bytes,3,opt,name=append,proto3,oneof"`
}

type ReplicateRequest_Checkpoint struct {
	Checkpoint *CheckpointChunk `protobuf:"bytes,4,opt,name=checkpoint,proto3,oneof"`
}

func (*ReplicateRequest_Append) isReplicateRequest_Msg() {}

func (*ReplicateRequest_Checkpoint) isReplicateRequest_Msg() {}

// Entries that follow (prev_seq, prev_epoch) in the primary's log, and its commit point.
// With no entries it is a heartbeat: it brings the commit point, or probes where a backup's
// log ends.
type Append struct {
	state protoimpl.MessageState `protogen:"open.v1"`
	// The seq and creation epoch of the entry just before entries[0] (0 and 0 at the start of
	// the history). A backup whose log lacks that entry refuses the message (Ack.reject).
	PrevSeq   uint64 `protobuf:"varint,1,opt,name=prev_seq,json=prevSeq,proto3" json:"prev_seq,omitempty"`
	PrevEpoch uint64 `protobuf:"varint,2,opt,name=prev_epoch,json=prevEpoch,proto3" json:"prev_epoch,omitempty"`
	// Consecutive entries: entries[i].seq == prev_seq + 1 + i.
	Entries []*Entry `protobuf:"bytes,3,rep,name=entries,proto3" json:"entries,omitempty"`
	// Every entry up to this seq is held by every backup of the primary's view: a backup may
	// apply its log up to here (and not beyond the last entry it matched with this primary).
	Commit        uint64 `protobuf:"varint,4,opt,name=commit,proto3" json:"commit,omitempty"`
	unknownFields protoimpl.UnknownFields
	sizeCache     protoimpl.SizeCache
}

func (x *Append) Reset() {
	*x = Append{}
	mi := &file_warden_replica_v1_replica_proto_msgTypes[8]
	ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
	ms.StoreMessageInfo(mi)
}

func (x *Append) String() string {
	return protoimpl.X.MessageStringOf(x)
}

func (*Append) ProtoMessage() {}

func (x *Append) ProtoReflect() protoreflect.Message {
	mi := &file_warden_replica_v1_replica_proto_msgTypes[8]
	if x != nil {
		ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
		if ms.LoadMessageInfo() == nil {
			ms.StoreMessageInfo(mi)
		}
		return ms
	}
	return mi.MessageOf(x)
}

// Deprecated: Use Append.ProtoReflect.Descriptor instead.
func (*Append) Descriptor() ([]byte, []int) {
	return file_warden_replica_v1_replica_proto_rawDescGZIP(), []int{8}
}

func (x *Append) GetPrevSeq() uint64 {
	if x != nil {
		return x.PrevSeq
	}
	return 0
}

func (x *Append) GetPrevEpoch() uint64 {
	if x != nil {
		return x.PrevEpoch
	}
	return 0
}

func (x *Append) GetEntries() []*Entry {
	if x != nil {
		return x.Entries
	}
	return nil
}

func (x *Append) GetCommit() uint64 {
	if x != nil {
		return x.Commit
	}
	return 0
}

type ReplicateResponse struct {
	state         protoimpl.MessageState `protogen:"open.v1"`
	From          string                 `protobuf:"bytes,1,opt,name=from,proto3" json:"from,omitempty"`
	Ack           *Ack                   `protobuf:"bytes,2,opt,name=ack,proto3" json:"ack,omitempty"`
	unknownFields protoimpl.UnknownFields
	sizeCache     protoimpl.SizeCache
}

func (x *ReplicateResponse) Reset() {
	*x = ReplicateResponse{}
	mi := &file_warden_replica_v1_replica_proto_msgTypes[9]
	ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
	ms.StoreMessageInfo(mi)
}

func (x *ReplicateResponse) String() string {
	return protoimpl.X.MessageStringOf(x)
}

func (*ReplicateResponse) ProtoMessage() {}

func (x *ReplicateResponse) ProtoReflect() protoreflect.Message {
	mi := &file_warden_replica_v1_replica_proto_msgTypes[9]
	if x != nil {
		ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
		if ms.LoadMessageInfo() == nil {
			ms.StoreMessageInfo(mi)
		}
		return ms
	}
	return mi.MessageOf(x)
}

// Deprecated: Use ReplicateResponse.ProtoReflect.Descriptor instead.
func (*ReplicateResponse) Descriptor() ([]byte, []int) {
	return file_warden_replica_v1_replica_proto_rawDescGZIP(), []int{9}
}

func (x *ReplicateResponse) GetFrom() string {
	if x != nil {
		return x.From
	}
	return ""
}

func (x *ReplicateResponse) GetAck() *Ack {
	if x != nil {
		return x.Ack
	}
	return nil
}

// A backup's answer to an Append or a Checkpoint.
type Ack struct {
	state protoimpl.MessageState `protogen:"open.v1"`
	// The backup's view epoch. Higher than the primary's with stale set: the primary is
	// deposed and stops serving.
	Epoch uint64 `protobuf:"varint,1,opt,name=epoch,proto3" json:"epoch,omitempty"`
	// Every entry up to this seq is in the backup's log (or state) and agrees with the
	// primary's log: the primary counts it as held. In a refusal: 0.
	Match uint64 `protobuf:"varint,2,opt,name=match,proto3" json:"match,omitempty"`
	// The message's epoch is older than the backup's: nothing was accepted.
	Stale bool `protobuf:"varint,3,opt,name=stale,proto3" json:"stale,omitempty"`
	// The backup's log does not have the entry named by prev_seq and prev_epoch: nothing was
	// accepted. last_seq says where its log ends, so the primary resends from there (or sends
	// a checkpoint if its log no longer reaches back that far).
	Reject  bool   `protobuf:"varint,4,opt,name=reject,proto3" json:"reject,omitempty"`
	LastSeq uint64 `protobuf:"varint,5,opt,name=last_seq,json=lastSeq,proto3" json:"last_seq,omitempty"`
	// The commit point the backup knows. The primary sends a heartbeat to a backup that has
	// not heard of its current commit point, so that backups apply (and can take over) soon.
	Commit        uint64 `protobuf:"varint,6,opt,name=commit,proto3" json:"commit,omitempty"`
	unknownFields protoimpl.UnknownFields
	sizeCache     protoimpl.SizeCache
}

func (x *Ack) Reset() {
	*x = Ack{}
	mi := &file_warden_replica_v1_replica_proto_msgTypes[10]
	ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
	ms.StoreMessageInfo(mi)
}

func (x *Ack) String() string {
	return protoimpl.X.MessageStringOf(x)
}

func (*Ack) ProtoMessage() {}

func (x *Ack) ProtoReflect() protoreflect.Message {
	mi := &file_warden_replica_v1_replica_proto_msgTypes[10]
	if x != nil {
		ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
		if ms.LoadMessageInfo() == nil {
			ms.StoreMessageInfo(mi)
		}
		return ms
	}
	return mi.MessageOf(x)
}

// Deprecated: Use Ack.ProtoReflect.Descriptor instead.
func (*Ack) Descriptor() ([]byte, []int) {
	return file_warden_replica_v1_replica_proto_rawDescGZIP(), []int{10}
}

func (x *Ack) GetEpoch() uint64 {
	if x != nil {
		return x.Epoch
	}
	return 0
}

func (x *Ack) GetMatch() uint64 {
	if x != nil {
		return x.Match
	}
	return 0
}

func (x *Ack) GetStale() bool {
	if x != nil {
		return x.Stale
	}
	return false
}

func (x *Ack) GetReject() bool {
	if x != nil {
		return x.Reject
	}
	return false
}

func (x *Ack) GetLastSeq() uint64 {
	if x != nil {
		return x.LastSeq
	}
	return 0
}

func (x *Ack) GetCommit() uint64 {
	if x != nil {
		return x.Commit
	}
	return 0
}

type TransferRequest struct {
	state protoimpl.MessageState `protogen:"open.v1"`
	// The joining member's id and the group it is joining.
	MemberId string `protobuf:"bytes,1,opt,name=member_id,json=memberId,proto3" json:"member_id,omitempty"`
	GroupId  string `protobuf:"bytes,2,opt,name=group_id,json=groupId,proto3" json:"group_id,omitempty"`
	// The newest view epoch the member knows (0 if none): a primary of an older epoch refuses
	// with NOT_PRIMARY.
	Epoch         uint64 `protobuf:"varint,3,opt,name=epoch,proto3" json:"epoch,omitempty"`
	unknownFields protoimpl.UnknownFields
	sizeCache     protoimpl.SizeCache
}

func (x *TransferRequest) Reset() {
	*x = TransferRequest{}
	mi := &file_warden_replica_v1_replica_proto_msgTypes[11]
	ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
	ms.StoreMessageInfo(mi)
}

func (x *TransferRequest) String() string {
	return protoimpl.X.MessageStringOf(x)
}

func (*TransferRequest) ProtoMessage() {}

func (x *TransferRequest) ProtoReflect() protoreflect.Message {
	mi := &file_warden_replica_v1_replica_proto_msgTypes[11]
	if x != nil {
		ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
		if ms.LoadMessageInfo() == nil {
			ms.StoreMessageInfo(mi)
		}
		return ms
	}
	return mi.MessageOf(x)
}

// Deprecated: Use TransferRequest.ProtoReflect.Descriptor instead.
func (*TransferRequest) Descriptor() ([]byte, []int) {
	return file_warden_replica_v1_replica_proto_rawDescGZIP(), []int{11}
}

func (x *TransferRequest) GetMemberId() string {
	if x != nil {
		return x.MemberId
	}
	return ""
}

func (x *TransferRequest) GetGroupId() string {
	if x != nil {
		return x.GroupId
	}
	return ""
}

func (x *TransferRequest) GetEpoch() uint64 {
	if x != nil {
		return x.Epoch
	}
	return 0
}

type TransferChunk struct {
	state protoimpl.MessageState `protogen:"open.v1"`
	// The sender's view epoch (for a log holder: the newest epoch it has seen).
	Epoch uint64 `protobuf:"varint,1,opt,name=epoch,proto3" json:"epoch,omitempty"`
	// Types that are valid to be assigned to Msg:
	//
	//	*TransferChunk_Checkpoint
	//	*TransferChunk_Entries
	//	*TransferChunk_Done
	Msg           isTransferChunk_Msg `protobuf_oneof:"msg"`
	unknownFields protoimpl.UnknownFields
	sizeCache     protoimpl.SizeCache
}

func (x *TransferChunk) Reset() {
	*x = TransferChunk{}
	mi := &file_warden_replica_v1_replica_proto_msgTypes[12]
	ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
	ms.StoreMessageInfo(mi)
}

func (x *TransferChunk) String() string {
	return protoimpl.X.MessageStringOf(x)
}

func (*TransferChunk) ProtoMessage() {}

func (x *TransferChunk) ProtoReflect() protoreflect.Message {
	mi := &file_warden_replica_v1_replica_proto_msgTypes[12]
	if x != nil {
		ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
		if ms.LoadMessageInfo() == nil {
			ms.StoreMessageInfo(mi)
		}
		return ms
	}
	return mi.MessageOf(x)
}

// Deprecated: Use TransferChunk.ProtoReflect.Descriptor instead.
func (*TransferChunk) Descriptor() ([]byte, []int) {
	return file_warden_replica_v1_replica_proto_rawDescGZIP(), []int{12}
}

func (x *TransferChunk) GetEpoch() uint64 {
	if x != nil {
		return x.Epoch
	}
	return 0
}

func (x *TransferChunk) GetMsg() isTransferChunk_Msg {
	if x != nil {
		return x.Msg
	}
	return nil
}

func (x *TransferChunk) GetCheckpoint() *CheckpointChunk {
	if x != nil {
		if x, ok := x.Msg.(*TransferChunk_Checkpoint); ok {
			return x.Checkpoint
		}
	}
	return nil
}

func (x *TransferChunk) GetEntries() *Entries {
	if x != nil {
		if x, ok := x.Msg.(*TransferChunk_Entries); ok {
			return x.Entries
		}
	}
	return nil
}

func (x *TransferChunk) GetDone() *TransferDone {
	if x != nil {
		if x, ok := x.Msg.(*TransferChunk_Done); ok {
			return x.Done
		}
	}
	return nil
}

type isTransferChunk_Msg interface {
	isTransferChunk_Msg()
}

type TransferChunk_Checkpoint struct {
	Checkpoint *CheckpointChunk `protobuf:"bytes,2,opt,name=checkpoint,proto3,oneof"`
}

type TransferChunk_Entries struct {
	// Entries in seq order; the first follows the checkpoint (or seq 0), each chunk
	// continues the previous one.
	Entries *Entries `protobuf:"bytes,3,opt,name=entries,proto3,oneof"`
}

type TransferChunk_Done struct {
	// The last chunk: the member has everything the sender holds up to commit.
	Done *TransferDone `protobuf:"bytes,4,opt,name=done,proto3,oneof"`
}

func (*TransferChunk_Checkpoint) isTransferChunk_Msg() {}

func (*TransferChunk_Entries) isTransferChunk_Msg() {}

func (*TransferChunk_Done) isTransferChunk_Msg() {}

type Entries struct {
	state         protoimpl.MessageState `protogen:"open.v1"`
	Entries       []*Entry               `protobuf:"bytes,1,rep,name=entries,proto3" json:"entries,omitempty"`
	unknownFields protoimpl.UnknownFields
	sizeCache     protoimpl.SizeCache
}

func (x *Entries) Reset() {
	*x = Entries{}
	mi := &file_warden_replica_v1_replica_proto_msgTypes[13]
	ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
	ms.StoreMessageInfo(mi)
}

func (x *Entries) String() string {
	return protoimpl.X.MessageStringOf(x)
}

func (*Entries) ProtoMessage() {}

func (x *Entries) ProtoReflect() protoreflect.Message {
	mi := &file_warden_replica_v1_replica_proto_msgTypes[13]
	if x != nil {
		ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
		if ms.LoadMessageInfo() == nil {
			ms.StoreMessageInfo(mi)
		}
		return ms
	}
	return mi.MessageOf(x)
}

// Deprecated: Use Entries.ProtoReflect.Descriptor instead.
func (*Entries) Descriptor() ([]byte, []int) {
	return file_warden_replica_v1_replica_proto_rawDescGZIP(), []int{13}
}

func (x *Entries) GetEntries() []*Entry {
	if x != nil {
		return x.Entries
	}
	return nil
}

type TransferDone struct {
	state protoimpl.MessageState `protogen:"open.v1"`
	// The sender's commit point when it sent the transfer. A joiner is up to date once it
	// applied every entry up to here.
	Commit        uint64 `protobuf:"varint,1,opt,name=commit,proto3" json:"commit,omitempty"`
	unknownFields protoimpl.UnknownFields
	sizeCache     protoimpl.SizeCache
}

func (x *TransferDone) Reset() {
	*x = TransferDone{}
	mi := &file_warden_replica_v1_replica_proto_msgTypes[14]
	ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
	ms.StoreMessageInfo(mi)
}

func (x *TransferDone) String() string {
	return protoimpl.X.MessageStringOf(x)
}

func (*TransferDone) ProtoMessage() {}

func (x *TransferDone) ProtoReflect() protoreflect.Message {
	mi := &file_warden_replica_v1_replica_proto_msgTypes[14]
	if x != nil {
		ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
		if ms.LoadMessageInfo() == nil {
			ms.StoreMessageInfo(mi)
		}
		return ms
	}
	return mi.MessageOf(x)
}

// Deprecated: Use TransferDone.ProtoReflect.Descriptor instead.
func (*TransferDone) Descriptor() ([]byte, []int) {
	return file_warden_replica_v1_replica_proto_rawDescGZIP(), []int{14}
}

func (x *TransferDone) GetCommit() uint64 {
	if x != nil {
		return x.Commit
	}
	return 0
}

var File_warden_replica_v1_replica_proto protoreflect.FileDescriptor

const file_warden_replica_v1_replica_proto_rawDesc = "" +
	"\n" +
	"\x1fwarden/replica/v1/replica.proto\x12\x11warden.replica.v1\x1a\x1fgoogle/protobuf/timestamp.proto\x1a\x1fwarden/manager/v1/manager.proto\"K\n" +
	"\tRequestId\x12\x1b\n" +
	"\tclient_id\x18\x01 \x01(\tR\bclientId\x12!\n" +
	"\fretention_id\x18\x02 \x01(\x04R\vretentionId\"\xac\x01\n" +
	"\x0eRequestContext\x12;\n" +
	"\n" +
	"request_id\x18\x01 \x01(\v2\x1c.warden.replica.v1.RequestIdR\trequestId\x12:\n" +
	"\n" +
	"expiration\x18\x02 \x01(\v2\x1a.google.protobuf.TimestampR\n" +
	"expiration\x12!\n" +
	"\fview_version\x18\x03 \x01(\x04R\vviewVersion\"T\n" +
	"\bRedirect\x12+\n" +
	"\x04view\x18\x01 \x01(\v2\x17.warden.manager.v1.ViewR\x04view\x12\x1b\n" +
	"\tmember_id\x18\x02 \x01(\tR\bmemberId\"\xba\x02\n" +
	"\x05Entry\x12\x14\n" +
	"\x05epoch\x18\x01 \x01(\x04R\x05epoch\x12\x10\n" +
	"\x03seq\x18\x02 \x01(\x04R\x03seq\x12;\n" +
	"\n" +
	"request_id\x18\x03 \x01(\v2\x1c.warden.replica.v1.RequestIdR\trequestId\x12:\n" +
	"\n" +
	"expiration\x18\x04 \x01(\v2\x1a.google.protobuf.TimestampR\n" +
	"expiration\x120\n" +
	"\x04kind\x18\x05 \x01(\x0e2\x1c.warden.replica.v1.EntryKindR\x04kind\x12\x16\n" +
	"\x06method\x18\x06 \x01(\tR\x06method\x12\x18\n" +
	"\apayload\x18\a \x01(\fR\apayload\x12\x14\n" +
	"\x05reply\x18\b \x01(\fR\x05reply\x12\x16\n" +
	"\x06status\x18\t \x01(\fR\x06status\"\xc6\x01\n" +
	"\vCachedReply\x12;\n" +
	"\n" +
	"request_id\x18\x01 \x01(\v2\x1c.warden.replica.v1.RequestIdR\trequestId\x12\x10\n" +
	"\x03seq\x18\x02 \x01(\x04R\x03seq\x12:\n" +
	"\n" +
	"expiration\x18\x03 \x01(\v2\x1a.google.protobuf.TimestampR\n" +
	"expiration\x12\x14\n" +
	"\x05reply\x18\x04 \x01(\fR\x05reply\x12\x16\n" +
	"\x06status\x18\x05 \x01(\fR\x06status\"\x9c\x01\n" +
	"\n" +
	"Checkpoint\x12\x10\n" +
	"\x03seq\x18\x01 \x01(\x04R\x03seq\x12\x14\n" +
	"\x05epoch\x18\x02 \x01(\x04R\x05epoch\x12\x16\n" +
	"\x06digest\x18\x03 \x01(\fR\x06digest\x12\x14\n" +
	"\x05state\x18\x04 \x01(\fR\x05state\x128\n" +
	"\areplies\x18\x05 \x03(\v2\x1e.warden.replica.v1.CachedReplyR\areplies\"\x93\x01\n" +
	"\x0fCheckpointChunk\x125\n" +
	"\x06header\x18\x01 \x01(\v2\x1d.warden.replica.v1.CheckpointR\x06header\x12\x1d\n" +
	"\n" +
	"total_size\x18\x02 \x01(\x04R\ttotalSize\x12\x16\n" +
	"\x06offset\x18\x03 \x01(\x04R\x06offset\x12\x12\n" +
	"\x04data\x18\x04 \x01(\fR\x04data\"\xbe\x01\n" +
	"\x10ReplicateRequest\x12\x12\n" +
	"\x04from\x18\x01 \x01(\tR\x04from\x12\x14\n" +
	"\x05epoch\x18\x02 \x01(\x04R\x05epoch\x123\n" +
	"\x06append\x18\x03 \x01(\v2\x19.warden.replica.v1.AppendH\x00R\x06append\x12D\n" +
	"\n" +
	"checkpoint\x18\x04 \x01(\v2\".warden.replica.v1.CheckpointChunkH\x00R\n" +
	"checkpointB\x05\n" +
	"\x03msg\"\x8e\x01\n" +
	"\x06Append\x12\x19\n" +
	"\bprev_seq\x18\x01 \x01(\x04R\aprevSeq\x12\x1d\n" +
	"\n" +
	"prev_epoch\x18\x02 \x01(\x04R\tprevEpoch\x122\n" +
	"\aentries\x18\x03 \x03(\v2\x18.warden.replica.v1.EntryR\aentries\x12\x16\n" +
	"\x06commit\x18\x04 \x01(\x04R\x06commit\"Q\n" +
	"\x11ReplicateResponse\x12\x12\n" +
	"\x04from\x18\x01 \x01(\tR\x04from\x12(\n" +
	"\x03ack\x18\x02 \x01(\v2\x16.warden.replica.v1.AckR\x03ack\"\x92\x01\n" +
	"\x03Ack\x12\x14\n" +
	"\x05epoch\x18\x01 \x01(\x04R\x05epoch\x12\x14\n" +
	"\x05match\x18\x02 \x01(\x04R\x05match\x12\x14\n" +
	"\x05stale\x18\x03 \x01(\bR\x05stale\x12\x16\n" +
	"\x06reject\x18\x04 \x01(\bR\x06reject\x12\x19\n" +
	"\blast_seq\x18\x05 \x01(\x04R\alastSeq\x12\x16\n" +
	"\x06commit\x18\x06 \x01(\x04R\x06commit\"_\n" +
	"\x0fTransferRequest\x12\x1b\n" +
	"\tmember_id\x18\x01 \x01(\tR\bmemberId\x12\x19\n" +
	"\bgroup_id\x18\x02 \x01(\tR\agroupId\x12\x14\n" +
	"\x05epoch\x18\x03 \x01(\x04R\x05epoch\"\xe1\x01\n" +
	"\rTransferChunk\x12\x14\n" +
	"\x05epoch\x18\x01 \x01(\x04R\x05epoch\x12D\n" +
	"\n" +
	"checkpoint\x18\x02 \x01(\v2\".warden.replica.v1.CheckpointChunkH\x00R\n" +
	"checkpoint\x126\n" +
	"\aentries\x18\x03 \x01(\v2\x1a.warden.replica.v1.EntriesH\x00R\aentries\x125\n" +
	"\x04done\x18\x04 \x01(\v2\x1f.warden.replica.v1.TransferDoneH\x00R\x04doneB\x05\n" +
	"\x03msg\"=\n" +
	"\aEntries\x122\n" +
	"\aentries\x18\x01 \x03(\v2\x18.warden.replica.v1.EntryR\aentries\"&\n" +
	"\fTransferDone\x12\x16\n" +
	"\x06commit\x18\x01 \x01(\x04R\x06commit*V\n" +
	"\tEntryKind\x12\x1a\n" +
	"\x16ENTRY_KIND_UNSPECIFIED\x10\x00\x12\x15\n" +
	"\x11ENTRY_KIND_UPDATE\x10\x01\x12\x16\n" +
	"\x12ENTRY_KIND_REQUEST\x10\x022\xbd\x01\n" +
	"\vReplication\x12Z\n" +
	"\tReplicate\x12#.warden.replica.v1.ReplicateRequest\x1a$.warden.replica.v1.ReplicateResponse(\x010\x01\x12R\n" +
	"\bTransfer\x12\".warden.replica.v1.TransferRequest\x1a .warden.replica.v1.TransferChunk0\x01B<Z:github.com/wardenft/warden/api/warden/replica/v1;replicav1b\x06proto3"

var (
	file_warden_replica_v1_replica_proto_rawDescOnce sync.Once
	file_warden_replica_v1_replica_proto_rawDescData []byte
)

func file_warden_replica_v1_replica_proto_rawDescGZIP() []byte {
	file_warden_replica_v1_replica_proto_rawDescOnce.Do(func() {
		file_warden_replica_v1_replica_proto_rawDescData = protoimpl.X.CompressGZIP(unsafe.Slice(unsafe.StringData(file_warden_replica_v1_replica_proto_rawDesc), len(file_warden_replica_v1_replica_proto_rawDesc)))
	})
	return file_warden_replica_v1_replica_proto_rawDescData
}

var file_warden_replica_v1_replica_proto_enumTypes = make([]protoimpl.EnumInfo, 1)
var file_warden_replica_v1_replica_proto_msgTypes = make([]protoimpl.MessageInfo, 15)
var file_warden_replica_v1_replica_proto_goTypes = []any{
	(EntryKind)(0),                // 0: warden.replica.v1.EntryKind
	(*RequestId)(nil),             // 1: warden.replica.v1.RequestId
	(*RequestContext)(nil),        // 2: warden.replica.v1.RequestContext
	(*Redirect)(nil),              // 3: warden.replica.v1.Redirect
	(*Entry)(nil),                 // 4: warden.replica.v1.Entry
	(*CachedReply)(nil),           // 5: warden.replica.v1.CachedReply
	(*Checkpoint)(nil),            // 6: warden.replica.v1.Checkpoint
	(*CheckpointChunk)(nil),       // 7: warden.replica.v1.CheckpointChunk
	(*ReplicateRequest)(nil),      // 8: warden.replica.v1.ReplicateRequest
	(*Append)(nil),                // 9: warden.replica.v1.Append
	(*ReplicateResponse)(nil),     // 10: warden.replica.v1.ReplicateResponse
	(*Ack)(nil),                   // 11: warden.replica.v1.Ack
	(*TransferRequest)(nil),       // 12: warden.replica.v1.TransferRequest
	(*TransferChunk)(nil),         // 13: warden.replica.v1.TransferChunk
	(*Entries)(nil),               // 14: warden.replica.v1.Entries
	(*TransferDone)(nil),          // 15: warden.replica.v1.TransferDone
	(*timestamppb.Timestamp)(nil), // 16: google.protobuf.Timestamp
	(*v1.View)(nil),               // 17: warden.manager.v1.View
}
var file_warden_replica_v1_replica_proto_depIdxs = []int32{
	1,  // 0: warden.replica.v1.RequestContext.request_id:type_name -> warden.replica.v1.RequestId
	16, // 1: warden.replica.v1.RequestContext.expiration:type_name -> google.protobuf.Timestamp
	17, // 2: warden.replica.v1.Redirect.view:type_name -> warden.manager.v1.View
	1,  // 3: warden.replica.v1.Entry.request_id:type_name -> warden.replica.v1.RequestId
	16, // 4: warden.replica.v1.Entry.expiration:type_name -> google.protobuf.Timestamp
	0,  // 5: warden.replica.v1.Entry.kind:type_name -> warden.replica.v1.EntryKind
	1,  // 6: warden.replica.v1.CachedReply.request_id:type_name -> warden.replica.v1.RequestId
	16, // 7: warden.replica.v1.CachedReply.expiration:type_name -> google.protobuf.Timestamp
	5,  // 8: warden.replica.v1.Checkpoint.replies:type_name -> warden.replica.v1.CachedReply
	6,  // 9: warden.replica.v1.CheckpointChunk.header:type_name -> warden.replica.v1.Checkpoint
	9,  // 10: warden.replica.v1.ReplicateRequest.append:type_name -> warden.replica.v1.Append
	7,  // 11: warden.replica.v1.ReplicateRequest.checkpoint:type_name -> warden.replica.v1.CheckpointChunk
	4,  // 12: warden.replica.v1.Append.entries:type_name -> warden.replica.v1.Entry
	11, // 13: warden.replica.v1.ReplicateResponse.ack:type_name -> warden.replica.v1.Ack
	7,  // 14: warden.replica.v1.TransferChunk.checkpoint:type_name -> warden.replica.v1.CheckpointChunk
	14, // 15: warden.replica.v1.TransferChunk.entries:type_name -> warden.replica.v1.Entries
	15, // 16: warden.replica.v1.TransferChunk.done:type_name -> warden.replica.v1.TransferDone
	4,  // 17: warden.replica.v1.Entries.entries:type_name -> warden.replica.v1.Entry
	8,  // 18: warden.replica.v1.Replication.Replicate:input_type -> warden.replica.v1.ReplicateRequest
	12, // 19: warden.replica.v1.Replication.Transfer:input_type -> warden.replica.v1.TransferRequest
	10, // 20: warden.replica.v1.Replication.Replicate:output_type -> warden.replica.v1.ReplicateResponse
	13, // 21: warden.replica.v1.Replication.Transfer:output_type -> warden.replica.v1.TransferChunk
	20, // [20:22] is the sub-list for method output_type
	18, // [18:20] is the sub-list for method input_type
	18, // [18:18] is the sub-list for extension type_name
	18, // [18:18] is the sub-list for extension extendee
	0,  // [0:18] is the sub-list for field type_name
}

func init() { file_warden_replica_v1_replica_proto_init() }
func file_warden_replica_v1_replica_proto_init() {
	if File_warden_replica_v1_replica_proto != nil {
		return
	}
	file_warden_replica_v1_replica_proto_msgTypes[7].OneofWrappers = []any{
		(*ReplicateRequest_Append)(nil),
		(*ReplicateRequest_Checkpoint)(nil),
	}
	file_warden_replica_v1_replica_proto_msgTypes[12].OneofWrappers = []any{
		(*TransferChunk_Checkpoint)(nil),
		(*TransferChunk_Entries)(nil),
		(*TransferChunk_Done)(nil),
	}
	type x struct{}
	out := protoimpl.TypeBuilder{
		File: protoimpl.DescBuilder{
			GoPackagePath: reflect.TypeOf(x{}).PkgPath(),
			RawDescriptor: unsafe.Slice(unsafe.StringData(file_warden_replica_v1_replica_proto_rawDesc), len(file_warden_replica_v1_replica_proto_rawDesc)),
			NumEnums:      1,
			NumMessages:   15,
			NumExtensions: 0,
			NumServices:   1,
		},
		GoTypes:           file_warden_replica_v1_replica_proto_goTypes,
		DependencyIndexes: file_warden_replica_v1_replica_proto_depIdxs,
		EnumInfos:         file_warden_replica_v1_replica_proto_enumTypes,
		MessageInfos:      file_warden_replica_v1_replica_proto_msgTypes,
	}.Build()
	File_warden_replica_v1_replica_proto = out.File
	file_warden_replica_v1_replica_proto_goTypes = nil
	file_warden_replica_v1_replica_proto_depIdxs = nil
}
