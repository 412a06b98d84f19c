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

// Code generated by protoc-gen-go-grpc. DO NOT EDIT.
// versions:
// - protoc-gen-go-grpc v1.6.2
// - protoc             v3.21.12
// source: warden/replica/v1/replica.proto

package replicav1

import (
	context "context"
	grpc "google.golang.org/grpc"
	codes "google.golang.org/grpc/codes"
	status "google.golang.org/grpc/status"
)

// This is a compile-time assertion to ensure that this generated file
// is compatible with the grpc package it is being compiled against.
// Requires gRPC-Go v1.64.0 or later.
const _ = grpc.SupportPackageIsVersion9

const (
	Replication_Replicate_FullMethodName = "/warden.replica.v1.Replication/Replicate"
	Replication_Transfer_FullMethodName  = "/warden.replica.v1.Replication/Transfer"
)

// ReplicationClient is the client API for Replication service.
//
// For semantics around ctx use and closing/ending streaming RPCs, please refer to https://pkg.go.dev/google.golang.org/grpc/?tab=doc#ClientConn.NewStream.
//
// Replication is served by every member of a passive group (and Replicate, for the members it
// holds, by the warden agent's log holder).
type ReplicationClient interface {
	// Replicate is the primary's channel to one backup or log holder: the primary sends
	// Append and Checkpoint messages as they come, several per request when they queued up;
	// the backup answers with Acks as it processes them. One stream per (primary, backup,
	// epoch): a primary opens a new stream when its epoch changes. A stream ends when either
	// side fails, or when the receiver refuses the sender's epoch (after sending that Ack).
	Replicate(ctx context.Context, opts ...grpc.CallOption) (grpc.BidiStreamingClient[ReplicateRequest, ReplicateResponse], error)
	// Transfer sends a joining member the state it needs: an optional checkpoint (in chunks),
	// then entries in seq order, then a final chunk with done set. Only the primary serves it,
	// with committed entries only.
	Transfer(ctx context.Context, in *TransferRequest, opts ...grpc.CallOption) (grpc.ServerStreamingClient[TransferChunk], error)
}

type replicationClient struct {
	cc grpc.ClientConnInterface
}

func NewReplicationClient(cc grpc.ClientConnInterface) ReplicationClient {
	return &replicationClient{cc}
}

func (c *replicationClient) Replicate(ctx context.Context, opts ...grpc.CallOption) (grpc.BidiStreamingClient[ReplicateRequest, ReplicateResponse], error) {
	cOpts := append([]grpc.CallOption{grpc.StaticMethod()}, opts...)
	stream, err := c.cc.NewStream(ctx, &Replication_ServiceDesc.Streams[0], Replication_Replicate_FullMethodName, cOpts...)
	if err != nil {
		return nil, err
	}
	x := &grpc.GenericClientStream[ReplicateRequest, ReplicateResponse]{ClientStream: stream}
	return x, nil
}

// This type alias is provided for backwards compatibility with existing code that references the prior non-generic stream type by name.
type Replication_ReplicateClient = grpc.BidiStreamingClient[ReplicateRequest, ReplicateResponse]

func (c *replicationClient) Transfer(ctx context.Context, in *TransferRequest, opts ...grpc.CallOption) (grpc.ServerStreamingClient[TransferChunk], error) {
	cOpts := append([]grpc.CallOption{grpc.StaticMethod()}, opts...)
	stream, err := c.cc.NewStream(ctx, &Replication_ServiceDesc.Streams[1], Replication_Transfer_FullMethodName, cOpts...)
	if err != nil {
		return nil, err
	}
	x := &grpc.GenericClientStream[TransferRequest, TransferChunk]{ClientStream: stream}
	if err := x.ClientStream.SendMsg(in); err != nil {
		return nil, err
	}
	if err := x.ClientStream.CloseSend(); err != nil {
		return nil, err
	}
	return x, nil
}

// This type alias is provided for backwards compatibility with existing code that references the prior non-generic stream type by name.
type Replication_TransferClient = grpc.ServerStreamingClient[TransferChunk]

// ReplicationServer is the server API for Replication service.
// All implementations must embed UnimplementedReplicationServer
// for forward compatibility.
//
// Replication is served by every member of a passive group (and Replicate, for the members it
// holds, by the warden agent's log holder).
type ReplicationServer interface {
	// Replicate is the primary's channel to one backup or log holder: the primary sends
	// Append and Checkpoint messages as they come, several per request when they queued up;
	// the backup answers with Acks as it processes them. One stream per (primary, backup,
	// epoch): a primary opens a new stream when its epoch changes. A stream ends when either
	// side fails, or when the receiver refuses the sender's epoch (after sending that Ack).
	Replicate(grpc.BidiStreamingServer[ReplicateRequest, ReplicateResponse]) error
	// Transfer sends a joining member the state it needs: an optional checkpoint (in chunks),
	// then entries in seq order, then a final chunk with done set. Only the primary serves it,
	// with committed entries only.
	Transfer(*TransferRequest, grpc.ServerStreamingServer[TransferChunk]) error
	mustEmbedUnimplementedReplicationServer()
}

// UnimplementedReplicationServer must be embedded to have
// forward compatible implementations.
//
// NOTE: this should be embedded by value instead of pointer to avoid a nil
// pointer dereference when methods are called.
type UnimplementedReplicationServer struct{}

func (UnimplementedReplicationServer) Replicate(grpc.BidiStreamingServer[ReplicateRequest, ReplicateResponse]) error {
	return status.Error(codes.Unimplemented, "method Replicate not implemented")
}
func (UnimplementedReplicationServer) Transfer(*TransferRequest, grpc.ServerStreamingServer[TransferChunk]) error {
	return status.Error(codes.Unimplemented, "method Transfer not implemented")
}
func (UnimplementedReplicationServer) mustEmbedUnimplementedReplicationServer() {}
func (UnimplementedReplicationServer) testEmbeddedByValue()                     {}

// UnsafeReplicationServer may be embedded to opt out of forward compatibility for this service.
// Use of this interface is not recommended, as added methods to ReplicationServer will
// result in compilation errors.
type UnsafeReplicationServer interface {
	mustEmbedUnimplementedReplicationServer()
}

func RegisterReplicationServer(s grpc.ServiceRegistrar, srv ReplicationServer) {
	// If the following call panics, it indicates UnimplementedReplicationServer was
	// embedded by pointer and is nil.  This will cause panics if an
	// unimplemented method is ever invoked, so we test this at initialization
	// time to prevent it from happening at runtime later due to I/O.
	if t, ok := srv.(interface{ testEmbeddedByValue() }); ok {
		t.testEmbeddedByValue()
	}
	s.RegisterService(&Replication_ServiceDesc, srv)
}

func _Replication_Replicate_Handler(srv interface{}, stream grpc.ServerStream) error {
	return srv.(ReplicationServer).Replicate(&grpc.GenericServerStream[ReplicateRequest, ReplicateResponse]{ServerStream: stream})
}

// This type alias is provided for backwards compatibility with existing code that references the prior non-generic stream type by name.
type Replication_ReplicateServer = grpc.BidiStreamingServer[ReplicateRequest, ReplicateResponse]

func _Replication_Transfer_Handler(srv interface{}, stream grpc.ServerStream) error {
	m := new(TransferRequest)
	if err := stream.RecvMsg(m); err != nil {
		return err
	}
	return srv.(ReplicationServer).Transfer(m, &grpc.GenericServerStream[TransferRequest, TransferChunk]{ServerStream: stream})
}

// This type alias is provided for backwards compatibility with existing code that references the prior non-generic stream type by name.
type Replication_TransferServer = grpc.ServerStreamingServer[TransferChunk]

// Replication_ServiceDesc is the grpc.ServiceDesc for Replication service.
// It's only intended for direct use with grpc.RegisterService,
// and not to be introspected or modified (even as a copy)
var Replication_ServiceDesc = grpc.ServiceDesc{
	ServiceName: "warden.replica.v1.Replication",
	HandlerType: (*ReplicationServer)(nil),
	Methods:     []grpc.MethodDesc{},
	Streams: []grpc.StreamDesc{
		{
			StreamName:    "Replicate",
			Handler:       _Replication_Replicate_Handler,
			ServerStreams: true,
			ClientStreams: true,
		},
		{
			StreamName:    "Transfer",
			Handler:       _Replication_Transfer_Handler,
			ServerStreams: true,
		},
	},
	Metadata: "warden/replica/v1/replica.proto",
}
