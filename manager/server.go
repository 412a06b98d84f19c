package manager

import (
	"context"
	"errors"
	"regexp"
	"strconv"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/structpb"
	"google.golang.org/protobuf/types/known/wrapperspb"

	pb "github.com/wardenft/warden/api/warden/manager/v1"
	notifyv1 "github.com/wardenft/warden/api/warden/notify/v1"
	"github.com/wardenft/warden/notify"
)

// ErrorDomain is the domain of the ErrorInfo in every error status of the manager's API.
const ErrorDomain = "manager.warden.dev"

// The internal service between managers: a follower forwards a write (an encoded Command) to
// the leader's Apply, which answers with the result (CreateMemberResponse carries the view and
// the pending member; the "warden-filter-id" header a new filter's id) and the entry's Raft
// index in the "warden-raft-index" header, so the
// follower returns only once it applied the entry itself (read-your-writes through one
// manager). Join adds a voter ({"id", "raft", "api"}). It is hand-registered with well-known
// message types rather than declared in manager.proto because it is not an API for clients:
// only managers of the same version call it.
const (
	clusterService     = "warden.manager.internal.v1.Cluster"
	clusterApplyMethod = "/" + clusterService + "/Apply"
	clusterJoinMethod  = "/" + clusterService + "/Join"
	indexHeader        = "warden-raft-index"
	filterHeader       = "warden-filter-id" // the id a forwarded CreateFilter got
)

// RegisterServices registers the manager's gRPC services over n on s: PropertyManager,
// TypeRegistry, ObjectGroupManager, GenericFactory, AgentService (without ReportFault yet, and
// not yet feeding the repair loop: see agentServer), and the internal service managers use
// among themselves (write forwarding, join).
//
// Reads answer from the local State: on a follower they may lag the leader by the replication
// delay (milliseconds on a LAN), never by a write the same client made through this manager.
// Writes go through Raft: on a follower they are forwarded to the leader; when no leader can
// be reached within the node's ApplyTimeout the call fails with UNAVAILABLE and a NOT_LEADER
// ErrorInfo whose "leader" metadata is the leader's API address when known.
func RegisterServices(s *grpc.Server, n *Node) {
	srv := &server{n: n}
	pb.RegisterPropertyManagerServer(s, propertyServer{server: srv})
	pb.RegisterTypeRegistryServer(s, typeServer{server: srv})
	pb.RegisterObjectGroupManagerServer(s, groupServer{server: srv})
	pb.RegisterGenericFactoryServer(s, factoryServer{server: srv})
	pb.RegisterAgentServiceServer(s, agentServer{server: srv})
	pb.RegisterMemberServiceServer(s, memberServer{server: srv})
	notifyv1.RegisterFaultNotifierServer(s, notifierServer{Server: notify.NewServer(n.notifier), s: srv})
	s.RegisterService(&clusterServiceDesc, srv)
}

type server struct{ n *Node }

// propose runs one write and maps its error to a status naming what the request named.
func (s *server) propose(ctx context.Context, cmd *pb.Command, names map[string]string) (*Result, error) {
	res, err := s.n.Propose(ctx, cmd)
	if err != nil {
		return nil, s.status(err, names)
	}
	return res, nil
}

// status maps an error to a gRPC status with the ErrorInfo of manager.proto's header. names are
// the request's identifiers ("group", "type", "location", "member") for the metadata.
func (s *server) status(err error, names map[string]string) error {
	if _, ok := status.FromError(err); ok {
		return err // already a status (e.g. from the leader)
	}
	md := map[string]string{}
	var code codes.Code
	var reason string
	var pe *PropertyError
	var nl *NotLeaderError
	switch {
	case errors.As(err, &pe):
		code, reason = codes.InvalidArgument, "INVALID_PROPERTY"
		if pe.Unsupported {
			reason = "UNSUPPORTED_PROPERTY"
		}
		md["property"], md["value"], md["scope"], md["reason"] = pe.Name, pe.Value, pe.Scope, pe.Reason
	case errors.As(err, &nl):
		code, reason = codes.Unavailable, "NOT_LEADER"
		md["leader"] = nl.Leader
	case errors.Is(err, ErrInvalidArgument):
		return badRequest(invalidField(err, names), err.Error())
	case errors.Is(err, context.DeadlineExceeded):
		return status.Error(codes.DeadlineExceeded, err.Error())
	case errors.Is(err, context.Canceled):
		return status.Error(codes.Canceled, err.Error())
	default:
		e, ok := sentinelFor(err)
		if !ok {
			return status.Error(codes.Internal, err.Error())
		}
		code, reason = e.code, e.reason
		for _, k := range e.keys {
			if v := names[k]; v != "" {
				md[k] = v
			}
		}
		if e.sentinel == ErrStaleEpoch {
			if g := names["group"]; g != "" {
				s.n.Read(func(st *State) {
					if v, err := st.View(g); err == nil {
						md["epoch"] = strconv.FormatUint(v.Epoch, 10)
					}
				})
			}
		}
	}
	st := status.New(code, err.Error())
	if d, derr := st.WithDetails(&errdetails.ErrorInfo{Domain: ErrorDomain, Reason: reason, Metadata: md}); derr == nil {
		st = d
	}
	return st.Err()
}

type sentinelCode struct {
	sentinel error
	code     codes.Code
	reason   string
	keys     []string // metadata keys taken from the request's names
}

var sentinelCodes = []sentinelCode{
	{ErrGroupNotFound, codes.NotFound, "OBJECT_GROUP_NOT_FOUND", []string{"group"}},
	{ErrTypeNotFound, codes.NotFound, "TYPE_NOT_FOUND", []string{"type"}},
	{ErrLocationNotFound, codes.NotFound, "LOCATION_NOT_FOUND", []string{"location"}},
	{ErrMemberNotFound, codes.NotFound, "MEMBER_NOT_FOUND", []string{"group", "member", "location"}},
	{ErrAlreadyExists, codes.AlreadyExists, "ALREADY_EXISTS", []string{"group", "type"}},
	{ErrMemberAlreadyPresent, codes.AlreadyExists, "MEMBER_ALREADY_PRESENT", []string{"group", "location"}},
	{ErrTypeInUse, codes.FailedPrecondition, "TYPE_IN_USE", []string{"type"}},
	{ErrBadReplicationStyle, codes.FailedPrecondition, "BAD_REPLICATION_STYLE", []string{"group"}},
	{ErrStaleEpoch, codes.Aborted, "STALE_EPOCH", []string{"group"}},
	{ErrLocationBusy, codes.FailedPrecondition, "LOCATION_BUSY", []string{"location"}},
	{ErrFilterNotFound, codes.NotFound, "FILTER_NOT_FOUND", []string{"filter"}},
	{ErrLeaseRefused, codes.FailedPrecondition, "LEASE_REFUSED", []string{"group", "member"}},
	{ErrResourceExhausted, codes.ResourceExhausted, "RESOURCE_EXHAUSTED", nil},
	// UNKNOWN, as gRPC says for a call that may have run.
	{ErrOutcomeUnknown, codes.Unknown, "OUTCOME_UNKNOWN", nil},
}

func sentinelFor(err error) (sentinelCode, bool) {
	for _, e := range sentinelCodes {
		if errors.Is(err, e.sentinel) {
			return e, true
		}
	}
	return sentinelCode{}, false
}

var fieldRE = regexp.MustCompile(`^invalid argument: ([a-z_]+(?:\.[a-z_]+|\[\d+\])*)[ :]`)

// invalidField guesses the request field an ErrInvalidArgument is about: Apply's messages
// start with the field's name ("type_id \"x\": ..."); otherwise the request's main id.
func invalidField(err error, names map[string]string) string {
	if m := fieldRE.FindStringSubmatch(err.Error()); m != nil {
		return m[1]
	}
	if f := names["field"]; f != "" {
		return f
	}
	return "request"
}

func badRequest(field, desc string) error {
	st := status.New(codes.InvalidArgument, desc)
	if d, err := st.WithDetails(&errdetails.BadRequest{FieldViolations: []*errdetails.BadRequest_FieldViolation{{Field: field, Description: desc}}}); err == nil {
		st = d
	}
	return st.Err()
}

// required checks that fields are set: INVALID_ARGUMENT with a BadRequest naming the first
// that is not.
func required(fields ...string) error {
	for i := 0; i+1 < len(fields); i += 2 {
		if fields[i+1] == "" {
			return badRequest(fields[i], fields[i]+" is required")
		}
	}
	return nil
}

// fromStatus turns a status from another manager back into this package's errors, so that
// Propose on a follower returns the sentinels Propose on the leader would (errors.Is works
// alike). The status itself is kept in the chain for the servers to pass on unchanged.
func fromStatus(err error, peer string) error {
	st, ok := status.FromError(err)
	if !ok {
		return &NotLeaderError{Leader: peer, Cause: err}
	}
	var info *errdetails.ErrorInfo
	for _, d := range st.Details() {
		if i, ok := d.(*errdetails.ErrorInfo); ok && i.Domain == ErrorDomain {
			info = i
		}
	}
	if info == nil {
		switch st.Code() {
		case codes.InvalidArgument:
			return &statusError{st: st, sentinel: ErrInvalidArgument}
		case codes.Unavailable, codes.Canceled, codes.DeadlineExceeded:
			return &NotLeaderError{Leader: peer, Cause: err}
		}
		return &statusError{st: st}
	}
	md := info.Metadata
	switch info.Reason {
	case "NOT_LEADER":
		return &NotLeaderError{Leader: md["leader"], Cause: err}
	case "INVALID_PROPERTY", "UNSUPPORTED_PROPERTY":
		return &statusError{st: st, sentinel: &PropertyError{Name: md["property"], Value: md["value"], Scope: md["scope"], Reason: md["reason"], Unsupported: info.Reason == "UNSUPPORTED_PROPERTY"}}
	}
	for _, e := range sentinelCodes {
		if e.reason == info.Reason {
			return &statusError{st: st, sentinel: e.sentinel}
		}
	}
	return &statusError{st: st}
}

// statusError is a status from the leader that also unwraps to this package's error.
type statusError struct {
	st       *status.Status
	sentinel error
}

func (e *statusError) Error() string              { return e.st.Message() }
func (e *statusError) GRPCStatus() *status.Status { return e.st }
func (e *statusError) Unwrap() error              { return e.sentinel }

// ---------------------------------------------------------------------------------------------
// The internal Cluster service.

var clusterServiceDesc = grpc.ServiceDesc{
	ServiceName: clusterService,
	HandlerType: (*any)(nil),
	Methods: []grpc.MethodDesc{
		{MethodName: "Apply", Handler: func(srv any, ctx context.Context, dec func(any) error, _ grpc.UnaryServerInterceptor) (any, error) {
			in := new(wrapperspb.BytesValue)
			if err := dec(in); err != nil {
				return nil, err
			}
			return srv.(*server).clusterApply(ctx, in)
		}},
		{MethodName: "Join", Handler: func(srv any, ctx context.Context, dec func(any) error, _ grpc.UnaryServerInterceptor) (any, error) {
			in := new(structpb.Struct)
			if err := dec(in); err != nil {
				return nil, err
			}
			return srv.(*server).clusterJoin(ctx, in)
		}},
	},
	Metadata: "internal",
}

func (s *server) clusterApply(ctx context.Context, in *wrapperspb.BytesValue) (*pb.CreateMemberResponse, error) {
	cmd, err := DecodeCommand(in.Value)
	if err != nil {
		return nil, s.status(err, nil)
	}
	if !s.n.IsLeader() {
		// Never forward a forwarded write: the caller retries with the leader it learns.
		_, api := s.n.Leader()
		return nil, s.status(&NotLeaderError{Leader: api}, nil)
	}
	res, index, err := s.n.applyLocal(ctx, cmd)
	if err != nil {
		return nil, s.status(err, commandNames(cmd))
	}
	md := metadata.Pairs(indexHeader, strconv.FormatUint(index, 10))
	if res.FilterID != "" {
		md.Set(filterHeader, res.FilterID)
	}
	grpc.SetHeader(ctx, md)
	return &pb.CreateMemberResponse{View: res.View, Member: res.Pending}, nil
}

func (s *server) clusterJoin(ctx context.Context, in *structpb.Struct) (*structpb.Struct, error) {
	f := in.GetFields()
	id, raftAddr, api := f["id"].GetStringValue(), f["raft"].GetStringValue(), f["api"].GetStringValue()
	if err := required("id", id, "raft", raftAddr, "api", api); err != nil {
		return nil, err
	}
	if err := s.n.Join(ctx, id, raftAddr, api); err != nil {
		return nil, s.status(err, nil)
	}
	return &structpb.Struct{}, nil
}

// commandNames extracts the identifiers of a forwarded command for error metadata.
func commandNames(c *pb.Command) map[string]string {
	m := map[string]string{}
	type grouped interface{ GetGroupId() string }
	type typed interface{ GetTypeId() string }
	type located interface{ GetLocation() string }
	type membered interface{ GetMemberId() string }
	var op any
	switch o := c.GetOp().(type) {
	case *pb.Command_SetTypeProperties:
		op = o.SetTypeProperties
	case *pb.Command_RemoveTypeProperties:
		op = o.RemoveTypeProperties
	case *pb.Command_SetGroupProperties:
		op = o.SetGroupProperties
	case *pb.Command_RemoveGroupProperties:
		op = o.RemoveGroupProperties
	case *pb.Command_RegisterType:
		m["type"] = o.RegisterType.GetType().GetTypeId()
	case *pb.Command_UnregisterType:
		op = o.UnregisterType
	case *pb.Command_CreateGroup:
		op = o.CreateGroup
	case *pb.Command_DeleteGroup:
		m["group"] = o.DeleteGroup.GetFactoryCreationId()
	case *pb.Command_CreateMember:
		op = o.CreateMember
	case *pb.Command_AddMember:
		op = o.AddMember
		m["location"] = o.AddMember.GetExternal().GetLocation()
	case *pb.Command_RemoveMember:
		op = o.RemoveMember
	case *pb.Command_SetPrimary:
		op = o.SetPrimary
	}
	if x, ok := op.(grouped); ok {
		m["group"] = x.GetGroupId()
	}
	if x, ok := op.(typed); ok {
		m["type"] = x.GetTypeId()
	}
	if x, ok := op.(located); ok {
		m["location"] = x.GetLocation()
	}
	if x, ok := op.(membered); ok {
		m["member"] = x.GetMemberId()
	}
	return m
}

// ---------------------------------------------------------------------------------------------
// PropertyManager.

type propertyServer struct {
	pb.UnimplementedPropertyManagerServer
	*server
}

func (s propertyServer) SetDefaultProperties(ctx context.Context, r *pb.SetDefaultPropertiesRequest) (*pb.SetDefaultPropertiesResponse, error) {
	_, err := s.propose(ctx, &pb.Command{Op: &pb.Command_SetDefaultProperties{SetDefaultProperties: r}}, nil)
	if err != nil {
		return nil, err
	}
	return &pb.SetDefaultPropertiesResponse{}, nil
}

func (s propertyServer) GetDefaultProperties(context.Context, *pb.GetDefaultPropertiesRequest) (*pb.GetDefaultPropertiesResponse, error) {
	var p *pb.Properties
	s.n.Read(func(st *State) { p = st.DefaultProperties() })
	return &pb.GetDefaultPropertiesResponse{Properties: p}, nil
}

func (s propertyServer) RemoveDefaultProperties(ctx context.Context, r *pb.RemoveDefaultPropertiesRequest) (*pb.RemoveDefaultPropertiesResponse, error) {
	_, err := s.propose(ctx, &pb.Command{Op: &pb.Command_RemoveDefaultProperties{RemoveDefaultProperties: r}}, nil)
	if err != nil {
		return nil, err
	}
	return &pb.RemoveDefaultPropertiesResponse{}, nil
}

func (s propertyServer) SetTypeProperties(ctx context.Context, r *pb.SetTypePropertiesRequest) (*pb.SetTypePropertiesResponse, error) {
	if err := required("type_id", r.GetTypeId()); err != nil {
		return nil, err
	}
	_, err := s.propose(ctx, &pb.Command{Op: &pb.Command_SetTypeProperties{SetTypeProperties: r}}, map[string]string{"type": r.GetTypeId(), "field": "type_id"})
	if err != nil {
		return nil, err
	}
	return &pb.SetTypePropertiesResponse{}, nil
}

func (s propertyServer) GetTypeProperties(_ context.Context, r *pb.GetTypePropertiesRequest) (*pb.GetTypePropertiesResponse, error) {
	if err := required("type_id", r.GetTypeId()); err != nil {
		return nil, err
	}
	var p *pb.Properties
	s.n.Read(func(st *State) { p = st.TypeProperties(r.GetTypeId()) })
	return &pb.GetTypePropertiesResponse{Properties: p}, nil
}

func (s propertyServer) RemoveTypeProperties(ctx context.Context, r *pb.RemoveTypePropertiesRequest) (*pb.RemoveTypePropertiesResponse, error) {
	if err := required("type_id", r.GetTypeId()); err != nil {
		return nil, err
	}
	_, err := s.propose(ctx, &pb.Command{Op: &pb.Command_RemoveTypeProperties{RemoveTypeProperties: r}}, map[string]string{"type": r.GetTypeId(), "field": "type_id"})
	if err != nil {
		return nil, err
	}
	return &pb.RemoveTypePropertiesResponse{}, nil
}

func (s propertyServer) SetPropertiesDynamically(ctx context.Context, r *pb.SetPropertiesDynamicallyRequest) (*pb.SetPropertiesDynamicallyResponse, error) {
	if err := required("group_id", r.GetGroupId()); err != nil {
		return nil, err
	}
	_, err := s.propose(ctx, &pb.Command{Op: &pb.Command_SetGroupProperties{SetGroupProperties: r}}, map[string]string{"group": r.GetGroupId(), "field": "group_id"})
	if err != nil {
		return nil, err
	}
	return &pb.SetPropertiesDynamicallyResponse{}, nil
}

func (s propertyServer) GetProperties(_ context.Context, r *pb.GetPropertiesRequest) (*pb.GetPropertiesResponse, error) {
	if err := required("group_id", r.GetGroupId()); err != nil {
		return nil, err
	}
	var res Resolved
	var err error
	s.n.Read(func(st *State) { res, err = st.GroupProperties(r.GetGroupId()) })
	if err != nil {
		return nil, s.status(err, map[string]string{"group": r.GetGroupId()})
	}
	return &pb.GetPropertiesResponse{Properties: res.Proto(), Origins: res.OriginsProto()}, nil
}

func (s propertyServer) RemoveGroupProperties(ctx context.Context, r *pb.RemoveGroupPropertiesRequest) (*pb.RemoveGroupPropertiesResponse, error) {
	if err := required("group_id", r.GetGroupId()); err != nil {
		return nil, err
	}
	_, err := s.propose(ctx, &pb.Command{Op: &pb.Command_RemoveGroupProperties{RemoveGroupProperties: r}}, map[string]string{"group": r.GetGroupId(), "field": "group_id"})
	if err != nil {
		return nil, err
	}
	return &pb.RemoveGroupPropertiesResponse{}, nil
}

// ---------------------------------------------------------------------------------------------
// TypeRegistry.

type typeServer struct {
	pb.UnimplementedTypeRegistryServer
	*server
}

func (s typeServer) RegisterType(ctx context.Context, r *pb.RegisterTypeRequest) (*pb.RegisterTypeResponse, error) {
	if err := required("type.type_id", r.GetType().GetTypeId()); err != nil {
		return nil, err
	}
	_, err := s.propose(ctx, &pb.Command{Op: &pb.Command_RegisterType{RegisterType: r}}, map[string]string{"type": r.GetType().GetTypeId(), "field": "type"})
	if err != nil {
		return nil, err
	}
	return &pb.RegisterTypeResponse{}, nil
}

func (s typeServer) GetType(_ context.Context, r *pb.GetTypeRequest) (*pb.GetTypeResponse, error) {
	if err := required("type_id", r.GetTypeId()); err != nil {
		return nil, err
	}
	var t *pb.MemberType
	var err error
	s.n.Read(func(st *State) { t, err = st.Type(r.GetTypeId()) })
	if err != nil {
		return nil, s.status(err, map[string]string{"type": r.GetTypeId()})
	}
	return &pb.GetTypeResponse{Type: t}, nil
}

func (s typeServer) ListTypes(context.Context, *pb.ListTypesRequest) (*pb.ListTypesResponse, error) {
	var ts []*pb.MemberType
	s.n.Read(func(st *State) { ts = st.Types() })
	return &pb.ListTypesResponse{Types: ts}, nil
}

func (s typeServer) UnregisterType(ctx context.Context, r *pb.UnregisterTypeRequest) (*pb.UnregisterTypeResponse, error) {
	if err := required("type_id", r.GetTypeId()); err != nil {
		return nil, err
	}
	_, err := s.propose(ctx, &pb.Command{Op: &pb.Command_UnregisterType{UnregisterType: r}}, map[string]string{"type": r.GetTypeId(), "field": "type_id"})
	if err != nil {
		return nil, err
	}
	return &pb.UnregisterTypeResponse{}, nil
}

// ---------------------------------------------------------------------------------------------
// ObjectGroupManager.

type groupServer struct {
	pb.UnimplementedObjectGroupManagerServer
	*server
}

func memberNames(group, location, member string) map[string]string {
	return map[string]string{"group": group, "location": location, "member": member, "field": "group_id"}
}

func (s groupServer) CreateMember(ctx context.Context, r *pb.CreateMemberRequest) (*pb.CreateMemberResponse, error) {
	if err := required("group_id", r.GetGroupId(), "location", r.GetLocation()); err != nil {
		return nil, err
	}
	res, err := s.propose(ctx, &pb.Command{Op: &pb.Command_CreateMember{CreateMember: r}}, memberNames(r.GetGroupId(), r.GetLocation(), ""))
	if err != nil {
		return nil, err
	}
	return &pb.CreateMemberResponse{Member: res.Pending, View: res.View}, nil
}

func (s groupServer) AddMember(ctx context.Context, r *pb.AddMemberRequest) (*pb.AddMemberResponse, error) {
	if err := required("group_id", r.GetGroupId()); err != nil {
		return nil, err
	}
	res, err := s.propose(ctx, &pb.Command{Op: &pb.Command_AddMember{AddMember: r}}, memberNames(r.GetGroupId(), r.GetExternal().GetLocation(), r.GetPendingMemberId()))
	if err != nil {
		return nil, err
	}
	return &pb.AddMemberResponse{View: res.View}, nil
}

func (s groupServer) RemoveMember(ctx context.Context, r *pb.RemoveMemberRequest) (*pb.RemoveMemberResponse, error) {
	if err := required("group_id", r.GetGroupId()); err != nil {
		return nil, err
	}
	if r.GetLocation() == "" && r.GetMemberId() == "" {
		return nil, badRequest("location", "location or member_id is required")
	}
	res, err := s.propose(ctx, &pb.Command{Op: &pb.Command_RemoveMember{RemoveMember: r}}, memberNames(r.GetGroupId(), r.GetLocation(), r.GetMemberId()))
	if err != nil {
		return nil, err
	}
	return &pb.RemoveMemberResponse{View: res.View}, nil
}

func (s groupServer) SetPrimaryMember(ctx context.Context, r *pb.SetPrimaryMemberRequest) (*pb.SetPrimaryMemberResponse, error) {
	if err := required("group_id", r.GetGroupId()); err != nil {
		return nil, err
	}
	if r.GetLocation() == "" && r.GetMemberId() == "" {
		return nil, badRequest("location", "location or member_id is required")
	}
	res, err := s.propose(ctx, &pb.Command{Op: &pb.Command_SetPrimary{SetPrimary: r}}, memberNames(r.GetGroupId(), r.GetLocation(), r.GetMemberId()))
	if err != nil {
		return nil, err
	}
	return &pb.SetPrimaryMemberResponse{View: res.View}, nil
}

func (s groupServer) LocationsOfMembers(_ context.Context, r *pb.LocationsOfMembersRequest) (*pb.LocationsOfMembersResponse, error) {
	if err := required("group_id", r.GetGroupId()); err != nil {
		return nil, err
	}
	var locs []string
	var err error
	s.n.Read(func(st *State) { locs, err = st.LocationsOfMembers(r.GetGroupId()) })
	if err != nil {
		return nil, s.status(err, map[string]string{"group": r.GetGroupId()})
	}
	return &pb.LocationsOfMembersResponse{Locations: locs}, nil
}

func (s groupServer) GetObjectGroupRef(_ context.Context, r *pb.GetObjectGroupRefRequest) (*pb.GetObjectGroupRefResponse, error) {
	if err := required("group_id", r.GetGroupId()); err != nil {
		return nil, err
	}
	var v *pb.View
	var err error
	s.n.Read(func(st *State) { v, err = st.View(r.GetGroupId()) })
	if err != nil {
		return nil, s.status(err, map[string]string{"group": r.GetGroupId()})
	}
	return &pb.GetObjectGroupRefResponse{View: v}, nil
}

// GetObjectGroupId answers the group id a reference names, once it names a group that exists.
func (s groupServer) GetObjectGroupId(_ context.Context, r *pb.GetObjectGroupIdRequest) (*pb.GetObjectGroupIdResponse, error) {
	if err := required("ref.group_id", r.GetRef().GetGroupId()); err != nil {
		return nil, err
	}
	var err error
	s.n.Read(func(st *State) { _, err = st.View(r.GetRef().GetGroupId()) })
	if err != nil {
		return nil, s.status(err, map[string]string{"group": r.GetRef().GetGroupId()})
	}
	return &pb.GetObjectGroupIdResponse{GroupId: r.GetRef().GetGroupId()}, nil
}

// WatchView streams the group's views from the local State: on a follower a view arrives when
// this manager applies it. A slow client skips to the latest view (it never gets an older one
// than it was sent).
func (s groupServer) WatchView(r *pb.WatchViewRequest, stream grpc.ServerStreamingServer[pb.View]) error {
	g := r.GetGroupId()
	if err := required("group_id", g); err != nil {
		return err
	}
	known := r.GetKnownVersion()
	ctx := stream.Context()
	for {
		changed := s.n.fsm.groupChanged(g)
		var v *pb.View
		var err error
		s.n.Read(func(st *State) { v, err = st.View(g) })
		if err != nil {
			return s.status(err, map[string]string{"group": g})
		}
		if v.GetVersion() > known {
			if err := stream.Send(v); err != nil {
				return err
			}
			known = v.GetVersion()
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return status.FromContextError(ctx.Err()).Err()
		case <-s.n.done:
			return status.Error(codes.Unavailable, "manager shutting down")
		}
	}
}

func (s groupServer) ListObjectGroups(context.Context, *pb.ListObjectGroupsRequest) (*pb.ListObjectGroupsResponse, error) {
	var gs []*pb.ObjectGroup
	s.n.Read(func(st *State) { gs = st.Groups() })
	return &pb.ListObjectGroupsResponse{Groups: gs}, nil
}

func (s groupServer) ListLocations(context.Context, *pb.ListLocationsRequest) (*pb.ListLocationsResponse, error) {
	var ls []*pb.Location
	s.n.Read(func(st *State) { ls = st.Locations() })
	return &pb.ListLocationsResponse{Locations: ls}, nil
}

// ---------------------------------------------------------------------------------------------
// GenericFactory.

type factoryServer struct {
	pb.UnimplementedGenericFactoryServer
	*server
}

func (s factoryServer) CreateObject(ctx context.Context, r *pb.CreateObjectRequest) (*pb.CreateObjectResponse, error) {
	if err := required("type_id", r.GetTypeId(), "group_id", r.GetGroupId()); err != nil {
		return nil, err
	}
	res, err := s.propose(ctx, &pb.Command{Op: &pb.Command_CreateGroup{CreateGroup: r}}, map[string]string{"group": r.GetGroupId(), "type": r.GetTypeId(), "field": "group_id"})
	if err != nil {
		return nil, err
	}
	return &pb.CreateObjectResponse{View: res.View, FactoryCreationId: r.GetGroupId()}, nil
}

func (s factoryServer) DeleteObject(ctx context.Context, r *pb.DeleteObjectRequest) (*pb.DeleteObjectResponse, error) {
	if err := required("factory_creation_id", r.GetFactoryCreationId()); err != nil {
		return nil, err
	}
	_, err := s.propose(ctx, &pb.Command{Op: &pb.Command_DeleteGroup{DeleteGroup: r}}, map[string]string{"group": r.GetFactoryCreationId(), "field": "factory_creation_id"})
	if err != nil {
		return nil, err
	}
	return &pb.DeleteObjectResponse{}, nil
}
