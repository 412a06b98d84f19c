// The replication manager: FT-CORBA's ReplicationManager (PropertyManager + ObjectGroupManager
// + GenericFactory) over gRPC, and the service its agents (one per host, a "location") use.
//
// The FT-CORBA operations map one to one:
//
//   PropertyManager::set_default_properties     -> PropertyManager.SetDefaultProperties
//   PropertyManager::get_default_properties     -> PropertyManager.GetDefaultProperties
//   PropertyManager::remove_default_properties  -> PropertyManager.RemoveDefaultProperties
//   PropertyManager::set_type_properties        -> PropertyManager.SetTypeProperties
//   PropertyManager::get_type_properties        -> PropertyManager.GetTypeProperties
//   PropertyManager::remove_type_properties     -> PropertyManager.RemoveTypeProperties
//   PropertyManager::set_properties_dynamically -> PropertyManager.SetPropertiesDynamically
//   PropertyManager::get_properties             -> PropertyManager.GetProperties
//   ObjectGroupManager::create_member           -> ObjectGroupManager.CreateMember
//   ObjectGroupManager::add_member              -> ObjectGroupManager.AddMember
//   ObjectGroupManager::remove_member           -> ObjectGroupManager.RemoveMember
//   ObjectGroupManager::set_primary_member      -> ObjectGroupManager.SetPrimaryMember
//   ObjectGroupManager::locations_of_members    -> ObjectGroupManager.LocationsOfMembers
//   ObjectGroupManager::get_object_group_ref    -> ObjectGroupManager.GetObjectGroupRef
//   ObjectGroupManager::get_object_group_id     -> ObjectGroupManager.GetObjectGroupId
//   GenericFactory::create_object               -> GenericFactory.CreateObject (a new group)
//   GenericFactory::delete_object               -> GenericFactory.DeleteObject (the group)
//   ReplicationManager::get_fault_notifier      -> the warden.notify.v1.FaultNotifier service,
//                                                  served by every manager
//
// plus what FT-CORBA leaves to the ORB: member types and their launch specs (TypeRegistry),
// the list of locations, a stream of views for clients (WatchView), and the agents' service
// (AgentService).
//
// # Concepts
//
// A location is a host running one warden agent; it is named by the agent (e.g. "host-a").
// A member type (type id, e.g. "counter.Counter") says how an agent starts a member: its
// LaunchSpec. An object group is a set of members of one type; as in FT-CORBA a group has at
// most one member per location, so (group, location) is a member's slot and a member is
// named by its location in the FT-CORBA operations. Every member also has a member id unique
// in its group forever ("m1", "m2", ...: a replacement at the same location is a new member
// id) and a factory creation id (unique in the group, increasing) that tells one incarnation
// from the next.
//
// The view of a group is its reference as clients hold it: members, primary, epoch, version.
// Every change of membership or of the primary makes a new view with a higher epoch (the
// fencing token of the passive replication protocol: a backup refuses entries of an older
// epoch). Every change of the view at all (also a member's address or state) raises its
// version; clients keep the view with the highest version and send it with every call.
//
// # Properties
//
// Properties are resolved per group: the built-in defaults, overridden by the default
// properties (set_default_properties), by the type's properties (set_type_properties), by the
// group's own (set at create_object or set_properties_dynamically). In a Properties message
// an absent field (UNSPECIFIED enum, unset optional, absent message) means "not set at this
// level". Setting validates the resolved properties of the level it changes and of everything
// resolved through it (every type and group), and a refused change changes nothing.
//
// # Membership and repair
//
// With MEMBERSHIP_STYLE_INFRASTRUCTURE_CONTROLLED the manager's leader repairs every group:
// a faulty member is removed (a new view); if it was the primary of a passive group a backup
// is promoted in the same view; while the group has fewer members than its target (
// InitialNumberMembers until the group first reached it, then MinimumNumberMembers) new
// members are created at allowed locations (the Factories property), one per location,
// never where the fault analyzer refuses placement, and added to the view once their agent
// reports them ready. With MEMBERSHIP_STYLE_APPLICATION_CONTROLLED the manager only reports.
//
// Agents are told what to run declaratively: the manager holds, per location, the desired set
// of members (those in views and those being created there); an agent reconciles what it runs
// with it (Reconcile) whenever the desired version in a heartbeat acknowledgement changes, and
// after every (re)connection. So a creation survives the loss of a message or of the leader,
// and an agent that comes back after its members were replaced elsewhere stops its orphans.
//
// # Errors
//
// Errors are gRPC statuses carrying a google.rpc.ErrorInfo with domain
// "manager.warden.dev" and one of these reasons:
//
//   INVALID_PROPERTY      (INVALID_ARGUMENT) metadata "property", "value", "scope"
//                         (e.g. "defaults", "type counter", "group g1") and "reason".
//   UNSUPPORTED_PROPERTY  (INVALID_ARGUMENT) as INVALID_PROPERTY: a valid value this
//                         combination does not support (e.g. ACTIVE_WITH_VOTING with fewer
//                         than 3 members).
//   OBJECT_GROUP_NOT_FOUND (NOT_FOUND) metadata "group".
//   TYPE_NOT_FOUND        (NOT_FOUND) metadata "type".
//   LOCATION_NOT_FOUND    (NOT_FOUND) metadata "location".
//   MEMBER_NOT_FOUND      (NOT_FOUND) metadata "group", "member" or "location".
//   ALREADY_EXISTS        (ALREADY_EXISTS) a group or type of that name exists.
//   MEMBER_ALREADY_PRESENT (ALREADY_EXISTS) the group already has a member (or one being
//                         created) at that location.
//   TYPE_IN_USE           (FAILED_PRECONDITION) a type that groups still use.
//   BAD_REPLICATION_STYLE (FAILED_PRECONDITION) e.g. set_primary_member on a STATELESS group.
//   STALE_EPOCH           (ABORTED) the request named an expected epoch and the view has moved
//                         on; metadata "epoch" is the current one. Re-read and retry.
//   LOCATION_BUSY         (FAILED_PRECONDITION) a location that still holds members cannot
//                         be forgotten; metadata "location".
//   FILTER_NOT_FOUND      (NOT_FOUND) the hosted FaultNotifier has no subscription filter of
//                         that id; metadata "filter".
//   RESOURCE_EXHAUSTED    (RESOURCE_EXHAUSTED) the subscription filters are at their limit.
//   LEASE_REFUSED         (FAILED_PRECONDITION) RenewLease by a member that is not the primary
//                         of the current view, or that the leader judged failed; metadata
//                         "group", "member".
//   NOT_LEADER            (UNAVAILABLE) a write reached a manager that could not forward it,
//                         or an agent's Heartbeat or Reconcile reached a follower (only the
//                         leader judges heartbeats and consumes reconciliations); metadata
//                         "leader" is the leader's API address when known: call it there.
//   OUTCOME_UNKNOWN       (UNKNOWN) the leader lost its leadership with the write in flight
//                         (it may still be committed), or a follower forwarded the write,
//                         the leader applied it, and the call ended before the follower
//                         applied it too. Read before writing again.
// Malformed requests get INVALID_ARGUMENT with a google.rpc.BadRequest naming the field.

// Code generated by protoc-gen-go-grpc. DO NOT EDIT.
// versions:
// - protoc-gen-go-grpc v1.6.2
// - protoc             v3.21.12
// source: warden/manager/v1/manager.proto

package managerv1

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
	PropertyManager_SetDefaultProperties_FullMethodName     = "/warden.manager.v1.PropertyManager/SetDefaultProperties"
	PropertyManager_GetDefaultProperties_FullMethodName     = "/warden.manager.v1.PropertyManager/GetDefaultProperties"
	PropertyManager_RemoveDefaultProperties_FullMethodName  = "/warden.manager.v1.PropertyManager/RemoveDefaultProperties"
	PropertyManager_SetTypeProperties_FullMethodName        = "/warden.manager.v1.PropertyManager/SetTypeProperties"
	PropertyManager_GetTypeProperties_FullMethodName        = "/warden.manager.v1.PropertyManager/GetTypeProperties"
	PropertyManager_RemoveTypeProperties_FullMethodName     = "/warden.manager.v1.PropertyManager/RemoveTypeProperties"
	PropertyManager_SetPropertiesDynamically_FullMethodName = "/warden.manager.v1.PropertyManager/SetPropertiesDynamically"
	PropertyManager_GetProperties_FullMethodName            = "/warden.manager.v1.PropertyManager/GetProperties"
	PropertyManager_RemoveGroupProperties_FullMethodName    = "/warden.manager.v1.PropertyManager/RemoveGroupProperties"
)

// PropertyManagerClient is the client API for PropertyManager service.
//
// For semantics around ctx use and closing/ending streaming RPCs, please refer to https://pkg.go.dev/google.golang.org/grpc/?tab=doc#ClientConn.NewStream.
type PropertyManagerClient interface {
	SetDefaultProperties(ctx context.Context, in *SetDefaultPropertiesRequest, opts ...grpc.CallOption) (*SetDefaultPropertiesResponse, error)
	// The default level merged over the built-in defaults: every field set.
	GetDefaultProperties(ctx context.Context, in *GetDefaultPropertiesRequest, opts ...grpc.CallOption) (*GetDefaultPropertiesResponse, error)
	RemoveDefaultProperties(ctx context.Context, in *RemoveDefaultPropertiesRequest, opts ...grpc.CallOption) (*RemoveDefaultPropertiesResponse, error)
	// Sets properties of a type; the type need not be registered yet (its groups cannot be
	// created before it is).
	SetTypeProperties(ctx context.Context, in *SetTypePropertiesRequest, opts ...grpc.CallOption) (*SetTypePropertiesResponse, error)
	// The type's own level only (absent fields are not set for the type).
	GetTypeProperties(ctx context.Context, in *GetTypePropertiesRequest, opts ...grpc.CallOption) (*GetTypePropertiesResponse, error)
	RemoveTypeProperties(ctx context.Context, in *RemoveTypePropertiesRequest, opts ...grpc.CallOption) (*RemoveTypePropertiesResponse, error)
	// Changes a group's own properties. Takes effect at the next repair (a larger minimum
	// creates members; a smaller one removes none).
	SetPropertiesDynamically(ctx context.Context, in *SetPropertiesDynamicallyRequest, opts ...grpc.CallOption) (*SetPropertiesDynamicallyResponse, error)
	// The group's resolved properties and where each came from.
	GetProperties(ctx context.Context, in *GetPropertiesRequest, opts ...grpc.CallOption) (*GetPropertiesResponse, error)
	// Not in FT-CORBA: removes properties from a group's own level.
	RemoveGroupProperties(ctx context.Context, in *RemoveGroupPropertiesRequest, opts ...grpc.CallOption) (*RemoveGroupPropertiesResponse, error)
}

type propertyManagerClient struct {
	cc grpc.ClientConnInterface
}

func NewPropertyManagerClient(cc grpc.ClientConnInterface) PropertyManagerClient {
	return &propertyManagerClient{cc}
}

func (c *propertyManagerClient) SetDefaultProperties(ctx context.Context, in *SetDefaultPropertiesRequest, opts ...grpc.CallOption) (*SetDefaultPropertiesResponse, error) {
	cOpts := append([]grpc.CallOption{grpc.StaticMethod()}, opts...)
	out := new(SetDefaultPropertiesResponse)
	err := c.cc.Invoke(ctx, PropertyManager_SetDefaultProperties_FullMethodName, in, out, cOpts...)
	if err != nil {
		return nil, err
	}
	return out, nil
}

func (c *propertyManagerClient) GetDefaultProperties(ctx context.Context, in *GetDefaultPropertiesRequest, opts ...grpc.CallOption) (*GetDefaultPropertiesResponse, error) {
	cOpts := append([]grpc.CallOption{grpc.StaticMethod()}, opts...)
	out := new(GetDefaultPropertiesResponse)
	err := c.cc.Invoke(ctx, PropertyManager_GetDefaultProperties_FullMethodName, in, out, cOpts...)
	if err != nil {
		return nil, err
	}
	return out, nil
}

func (c *propertyManagerClient) RemoveDefaultProperties(ctx context.Context, in *RemoveDefaultPropertiesRequest, opts ...grpc.CallOption) (*RemoveDefaultPropertiesResponse, error) {
	cOpts := append([]grpc.CallOption{grpc.StaticMethod()}, opts...)
	out := new(RemoveDefaultPropertiesResponse)
	err := c.cc.Invoke(ctx, PropertyManager_RemoveDefaultProperties_FullMethodName, in, out, cOpts...)
	if err != nil {
		return nil, err
	}
	return out, nil
}

func (c *propertyManagerClient) SetTypeProperties(ctx context.Context, in *SetTypePropertiesRequest, opts ...grpc.CallOption) (*SetTypePropertiesResponse, error) {
	cOpts := append([]grpc.CallOption{grpc.StaticMethod()}, opts...)
	out := new(SetTypePropertiesResponse)
	err := c.cc.Invoke(ctx, PropertyManager_SetTypeProperties_FullMethodName, in, out, cOpts...)
	if err != nil {
		return nil, err
	}
	return out, nil
}

func (c *propertyManagerClient) GetTypeProperties(ctx context.Context, in *GetTypePropertiesRequest, opts ...grpc.CallOption) (*GetTypePropertiesResponse, error) {
	cOpts := append([]grpc.CallOption{grpc.StaticMethod()}, opts...)
	out := new(GetTypePropertiesResponse)
	err := c.cc.Invoke(ctx, PropertyManager_GetTypeProperties_FullMethodName, in, out, cOpts...)
	if err != nil {
		return nil, err
	}
	return out, nil
}

func (c *propertyManagerClient) RemoveTypeProperties(ctx context.Context, in *RemoveTypePropertiesRequest, opts ...grpc.CallOption) (*RemoveTypePropertiesResponse, error) {
	cOpts := append([]grpc.CallOption{grpc.StaticMethod()}, opts...)
	out := new(RemoveTypePropertiesResponse)
	err := c.cc.Invoke(ctx, PropertyManager_RemoveTypeProperties_FullMethodName, in, out, cOpts...)
	if err != nil {
		return nil, err
	}
	return out, nil
}

func (c *propertyManagerClient) SetPropertiesDynamically(ctx context.Context, in *SetPropertiesDynamicallyRequest, opts ...grpc.CallOption) (*SetPropertiesDynamicallyResponse, error) {
	cOpts := append([]grpc.CallOption{grpc.StaticMethod()}, opts...)
	out := new(SetPropertiesDynamicallyResponse)
	err := c.cc.Invoke(ctx, PropertyManager_SetPropertiesDynamically_FullMethodName, in, out, cOpts...)
	if err != nil {
		return nil, err
	}
	return out, nil
}

func (c *propertyManagerClient) GetProperties(ctx context.Context, in *GetPropertiesRequest, opts ...grpc.CallOption) (*GetPropertiesResponse, error) {
	cOpts := append([]grpc.CallOption{grpc.StaticMethod()}, opts...)
	out := new(GetPropertiesResponse)
	err := c.cc.Invoke(ctx, PropertyManager_GetProperties_FullMethodName, in, out, cOpts...)
	if err != nil {
		return nil, err
	}
	return out, nil
}

func (c *propertyManagerClient) RemoveGroupProperties(ctx context.Context, in *RemoveGroupPropertiesRequest, opts ...grpc.CallOption) (*RemoveGroupPropertiesResponse, error) {
	cOpts := append([]grpc.CallOption{grpc.StaticMethod()}, opts...)
	out := new(RemoveGroupPropertiesResponse)
	err := c.cc.Invoke(ctx, PropertyManager_RemoveGroupProperties_FullMethodName, in, out, cOpts...)
	if err != nil {
		return nil, err
	}
	return out, nil
}

// PropertyManagerServer is the server API for PropertyManager service.
// All implementations must embed UnimplementedPropertyManagerServer
// for forward compatibility.
type PropertyManagerServer interface {
	SetDefaultProperties(context.Context, *SetDefaultPropertiesRequest) (*SetDefaultPropertiesResponse, error)
	// The default level merged over the built-in defaults: every field set.
	GetDefaultProperties(context.Context, *GetDefaultPropertiesRequest) (*GetDefaultPropertiesResponse, error)
	RemoveDefaultProperties(context.Context, *RemoveDefaultPropertiesRequest) (*RemoveDefaultPropertiesResponse, error)
	// Sets properties of a type; the type need not be registered yet (its groups cannot be
	// created before it is).
	SetTypeProperties(context.Context, *SetTypePropertiesRequest) (*SetTypePropertiesResponse, error)
	// The type's own level only (absent fields are not set for the type).
	GetTypeProperties(context.Context, *GetTypePropertiesRequest) (*GetTypePropertiesResponse, error)
	RemoveTypeProperties(context.Context, *RemoveTypePropertiesRequest) (*RemoveTypePropertiesResponse, error)
	// Changes a group's own properties. Takes effect at the next repair (a larger minimum
	// creates members; a smaller one removes none).
	SetPropertiesDynamically(context.Context, *SetPropertiesDynamicallyRequest) (*SetPropertiesDynamicallyResponse, error)
	// The group's resolved properties and where each came from.
	GetProperties(context.Context, *GetPropertiesRequest) (*GetPropertiesResponse, error)
	// Not in FT-CORBA: removes properties from a group's own level.
	RemoveGroupProperties(context.Context, *RemoveGroupPropertiesRequest) (*RemoveGroupPropertiesResponse, error)
	mustEmbedUnimplementedPropertyManagerServer()
}

// UnimplementedPropertyManagerServer must be embedded to have
// forward compatible implementations.
//
// NOTE: this should be embedded by value instead of pointer to avoid a nil
// pointer dereference when methods are called.
type UnimplementedPropertyManagerServer struct{}

func (UnimplementedPropertyManagerServer) SetDefaultProperties(context.Context, *SetDefaultPropertiesRequest) (*SetDefaultPropertiesResponse, error) {
	return nil, status.Error(codes.Unimplemented, "method SetDefaultProperties not implemented")
}
func (UnimplementedPropertyManagerServer) GetDefaultProperties(context.Context, *GetDefaultPropertiesRequest) (*GetDefaultPropertiesResponse, error) {
	return nil, status.Error(codes.Unimplemented, "method GetDefaultProperties not implemented")
}
func (UnimplementedPropertyManagerServer) RemoveDefaultProperties(context.Context, *RemoveDefaultPropertiesRequest) (*RemoveDefaultPropertiesResponse, error) {
	return nil, status.Error(codes.Unimplemented, "method RemoveDefaultProperties not implemented")
}
func (UnimplementedPropertyManagerServer) SetTypeProperties(context.Context, *SetTypePropertiesRequest) (*SetTypePropertiesResponse, error) {
	return nil, status.Error(codes.Unimplemented, "method SetTypeProperties not implemented")
}
func (UnimplementedPropertyManagerServer) GetTypeProperties(context.Context, *GetTypePropertiesRequest) (*GetTypePropertiesResponse, error) {
	return nil, status.Error(codes.Unimplemented, "method GetTypeProperties not implemented")
}
func (UnimplementedPropertyManagerServer) RemoveTypeProperties(context.Context, *RemoveTypePropertiesRequest) (*RemoveTypePropertiesResponse, error) {
	return nil, status.Error(codes.Unimplemented, "method RemoveTypeProperties not implemented")
}
func (UnimplementedPropertyManagerServer) SetPropertiesDynamically(context.Context, *SetPropertiesDynamicallyRequest) (*SetPropertiesDynamicallyResponse, error) {
	return nil, status.Error(codes.Unimplemented, "method SetPropertiesDynamically not implemented")
}
func (UnimplementedPropertyManagerServer) GetProperties(context.Context, *GetPropertiesRequest) (*GetPropertiesResponse, error) {
	return nil, status.Error(codes.Unimplemented, "method GetProperties not implemented")
}
func (UnimplementedPropertyManagerServer) RemoveGroupProperties(context.Context, *RemoveGroupPropertiesRequest) (*RemoveGroupPropertiesResponse, error) {
	return nil, status.Error(codes.Unimplemented, "method RemoveGroupProperties not implemented")
}
func (UnimplementedPropertyManagerServer) mustEmbedUnimplementedPropertyManagerServer() {}
func (UnimplementedPropertyManagerServer) testEmbeddedByValue()                         {}

// UnsafePropertyManagerServer may be embedded to opt out of forward compatibility for this service.
// Use of this interface is not recommended, as added methods to PropertyManagerServer will
// result in compilation errors.
type UnsafePropertyManagerServer interface {
	mustEmbedUnimplementedPropertyManagerServer()
}

func RegisterPropertyManagerServer(s grpc.ServiceRegistrar, srv PropertyManagerServer) {
	// If the following call panics, it indicates UnimplementedPropertyManagerServer was
	// embedded by pointer and is nil.  This will cause panics if an
	// unimplemented method is ever invoked, so we test this at initialization
	// time to prevent it from happening at runtime later due to I/O.
	if t, ok := srv.(interface{ testEmbeddedByValue() }); ok {
		t.testEmbeddedByValue()
	}
	s.RegisterService(&PropertyManager_ServiceDesc, srv)
}

func _PropertyManager_SetDefaultProperties_Handler(srv interface{}, ctx context.Context, dec func(interface{}) error, interceptor grpc.UnaryServerInterceptor) (interface{}, error) {
	in := new(SetDefaultPropertiesRequest)
	if err := dec(in); err != nil {
		return nil, err
	}
	if interceptor == nil {
		return srv.(PropertyManagerServer).SetDefaultProperties(ctx, in)
	}
	info := &grpc.UnaryServerInfo{
		Server:     srv,
		FullMethod: PropertyManager_SetDefaultProperties_FullMethodName,
	}
	handler := func(ctx context.Context, req interface{}) (interface{}, error) {
		return srv.(PropertyManagerServer).SetDefaultProperties(ctx, req.(*SetDefaultPropertiesRequest))
	}
	return interceptor(ctx, in, info, handler)
}

func _PropertyManager_GetDefaultProperties_Handler(srv interface{}, ctx context.Context, dec func(interface{}) error, interceptor grpc.UnaryServerInterceptor) (interface{}, error) {
	in := new(GetDefaultPropertiesRequest)
	if err := dec(in); err != nil {
		return nil, err
	}
	if interceptor == nil {
		return srv.(PropertyManagerServer).GetDefaultProperties(ctx, in)
	}
	info := &grpc.UnaryServerInfo{
		Server:     srv,
		FullMethod: PropertyManager_GetDefaultProperties_FullMethodName,
	}
	handler := func(ctx context.Context, req interface{}) (interface{}, error) {
		return srv.(PropertyManagerServer).GetDefaultProperties(ctx, req.(*GetDefaultPropertiesRequest))
	}
	return interceptor(ctx, in, info, handler)
}

func _PropertyManager_RemoveDefaultProperties_Handler(srv interface{}, ctx context.Context, dec func(interface{}) error, interceptor grpc.UnaryServerInterceptor) (interface{}, error) {
	in := new(RemoveDefaultPropertiesRequest)
	if err := dec(in); err != nil {
		return nil, err
	}
	if interceptor == nil {
		return srv.(PropertyManagerServer).RemoveDefaultProperties(ctx, in)
	}
	info := &grpc.UnaryServerInfo{
		Server:     srv,
		FullMethod: PropertyManager_RemoveDefaultProperties_FullMethodName,
	}
	handler := func(ctx context.Context, req interface{}) (interface{}, error) {
		return srv.(PropertyManagerServer).RemoveDefaultProperties(ctx, req.(*RemoveDefaultPropertiesRequest))
	}
	return interceptor(ctx, in, info, handler)
}

func _PropertyManager_SetTypeProperties_Handler(srv interface{}, ctx context.Context, dec func(interface{}) error, interceptor grpc.UnaryServerInterceptor) (interface{}, error) {
	in := new(SetTypePropertiesRequest)
	if err := dec(in); err != nil {
		return nil, err
	}
	if interceptor == nil {
		return srv.(PropertyManagerServer).SetTypeProperties(ctx, in)
	}
	info := &grpc.UnaryServerInfo{
		Server:     srv,
		FullMethod: PropertyManager_SetTypeProperties_FullMethodName,
	}
	handler := func(ctx context.Context, req interface{}) (interface{}, error) {
		return srv.(PropertyManagerServer).SetTypeProperties(ctx, req.(*SetTypePropertiesRequest))
	}
	return interceptor(ctx, in, info, handler)
}

func _PropertyManager_GetTypeProperties_Handler(srv interface{}, ctx context.Context, dec func(interface{}) error, interceptor grpc.UnaryServerInterceptor) (interface{}, error) {
	in := new(GetTypePropertiesRequest)
	if err := dec(in); err != nil {
		return nil, err
	}
	if interceptor == nil {
		return srv.(PropertyManagerServer).GetTypeProperties(ctx, in)
	}
	info := &grpc.UnaryServerInfo{
		Server:     srv,
		FullMethod: PropertyManager_GetTypeProperties_FullMethodName,
	}
	handler := func(ctx context.Context, req interface{}) (interface{}, error) {
		return srv.(PropertyManagerServer).GetTypeProperties(ctx, req.(*GetTypePropertiesRequest))
	}
	return interceptor(ctx, in, info, handler)
}

func _PropertyManager_RemoveTypeProperties_Handler(srv interface{}, ctx context.Context, dec func(interface{}) error, interceptor grpc.UnaryServerInterceptor) (interface{}, error) {
	in := new(RemoveTypePropertiesRequest)
	if err := dec(in); err != nil {
		return nil, err
	}
	if interceptor == nil {
		return srv.(PropertyManagerServer).RemoveTypeProperties(ctx, in)
	}
	info := &grpc.UnaryServerInfo{
		Server:     srv,
		FullMethod: PropertyManager_RemoveTypeProperties_FullMethodName,
	}
	handler := func(ctx context.Context, req interface{}) (interface{}, error) {
		return srv.(PropertyManagerServer).RemoveTypeProperties(ctx, req.(*RemoveTypePropertiesRequest))
	}
	return interceptor(ctx, in, info, handler)
}

func _PropertyManager_SetPropertiesDynamically_Handler(srv interface{}, ctx context.Context, dec func(interface{}) error, interceptor grpc.UnaryServerInterceptor) (interface{}, error) {
	in := new(SetPropertiesDynamicallyRequest)
	if err := dec(in); err != nil {
		return nil, err
	}
	if interceptor == nil {
		return srv.(PropertyManagerServer).SetPropertiesDynamically(ctx, in)
	}
	info := &grpc.UnaryServerInfo{
		Server:     srv,
		FullMethod: PropertyManager_SetPropertiesDynamically_FullMethodName,
	}
	handler := func(ctx context.Context, req interface{}) (interface{}, error) {
		return srv.(PropertyManagerServer).SetPropertiesDynamically(ctx, req.(*SetPropertiesDynamicallyRequest))
	}
	return interceptor(ctx, in, info, handler)
}

func _PropertyManager_GetProperties_Handler(srv interface{}, ctx context.Context, dec func(interface{}) error, interceptor grpc.UnaryServerInterceptor) (interface{}, error) {
	in := new(GetPropertiesRequest)
	if err := dec(in); err != nil {
		return nil, err
	}
	if interceptor == nil {
		return srv.(PropertyManagerServer).GetProperties(ctx, in)
	}
	info := &grpc.UnaryServerInfo{
		Server:     srv,
		FullMethod: PropertyManager_GetProperties_FullMethodName,
	}
	handler := func(ctx context.Context, req interface{}) (interface{}, error) {
		return srv.(PropertyManagerServer).GetProperties(ctx, req.(*GetPropertiesRequest))
	}
	return interceptor(ctx, in, info, handler)
}

func _PropertyManager_RemoveGroupProperties_Handler(srv interface{}, ctx context.Context, dec func(interface{}) error, interceptor grpc.UnaryServerInterceptor) (interface{}, error) {
	in := new(RemoveGroupPropertiesRequest)
	if err := dec(in); err != nil {
		return nil, err
	}
	if interceptor == nil {
		return srv.(PropertyManagerServer).RemoveGroupProperties(ctx, in)
	}
	info := &grpc.UnaryServerInfo{
		Server:     srv,
		FullMethod: PropertyManager_RemoveGroupProperties_FullMethodName,
	}
	handler := func(ctx context.Context, req interface{}) (interface{}, error) {
		return srv.(PropertyManagerServer).RemoveGroupProperties(ctx, req.(*RemoveGroupPropertiesRequest))
	}
	return interceptor(ctx, in, info, handler)
}

// PropertyManager_ServiceDesc is the grpc.ServiceDesc for PropertyManager service.
// It's only intended for direct use with grpc.RegisterService,
// and not to be introspected or modified (even as a copy)
var PropertyManager_ServiceDesc = grpc.ServiceDesc{
	ServiceName: "warden.manager.v1.PropertyManager",
	HandlerType: (*PropertyManagerServer)(nil),
	Methods: []grpc.MethodDesc{
		{
			MethodName: "SetDefaultProperties",
			Handler:    _PropertyManager_SetDefaultProperties_Handler,
		},
		{
			MethodName: "GetDefaultProperties",
			Handler:    _PropertyManager_GetDefaultProperties_Handler,
		},
		{
			MethodName: "RemoveDefaultProperties",
			Handler:    _PropertyManager_RemoveDefaultProperties_Handler,
		},
		{
			MethodName: "SetTypeProperties",
			Handler:    _PropertyManager_SetTypeProperties_Handler,
		},
		{
			MethodName: "GetTypeProperties",
			Handler:    _PropertyManager_GetTypeProperties_Handler,
		},
		{
			MethodName: "RemoveTypeProperties",
			Handler:    _PropertyManager_RemoveTypeProperties_Handler,
		},
		{
			MethodName: "SetPropertiesDynamically",
			Handler:    _PropertyManager_SetPropertiesDynamically_Handler,
		},
		{
			MethodName: "GetProperties",
			Handler:    _PropertyManager_GetProperties_Handler,
		},
		{
			MethodName: "RemoveGroupProperties",
			Handler:    _PropertyManager_RemoveGroupProperties_Handler,
		},
	},
	Streams:  []grpc.StreamDesc{},
	Metadata: "warden/manager/v1/manager.proto",
}

const (
	TypeRegistry_RegisterType_FullMethodName   = "/warden.manager.v1.TypeRegistry/RegisterType"
	TypeRegistry_GetType_FullMethodName        = "/warden.manager.v1.TypeRegistry/GetType"
	TypeRegistry_ListTypes_FullMethodName      = "/warden.manager.v1.TypeRegistry/ListTypes"
	TypeRegistry_UnregisterType_FullMethodName = "/warden.manager.v1.TypeRegistry/UnregisterType"
)

// TypeRegistryClient is the client API for TypeRegistry service.
//
// For semantics around ctx use and closing/ending streaming RPCs, please refer to https://pkg.go.dev/google.golang.org/grpc/?tab=doc#ClientConn.NewStream.
type TypeRegistryClient interface {
	// Registers a type or replaces its launch spec (members already running keep theirs).
	RegisterType(ctx context.Context, in *RegisterTypeRequest, opts ...grpc.CallOption) (*RegisterTypeResponse, error)
	GetType(ctx context.Context, in *GetTypeRequest, opts ...grpc.CallOption) (*GetTypeResponse, error)
	ListTypes(ctx context.Context, in *ListTypesRequest, opts ...grpc.CallOption) (*ListTypesResponse, error)
	// TYPE_IN_USE while a group of the type exists. Its type properties are kept.
	UnregisterType(ctx context.Context, in *UnregisterTypeRequest, opts ...grpc.CallOption) (*UnregisterTypeResponse, error)
}

type typeRegistryClient struct {
	cc grpc.ClientConnInterface
}

func NewTypeRegistryClient(cc grpc.ClientConnInterface) TypeRegistryClient {
	return &typeRegistryClient{cc}
}

func (c *typeRegistryClient) RegisterType(ctx context.Context, in *RegisterTypeRequest, opts ...grpc.CallOption) (*RegisterTypeResponse, error) {
	cOpts := append([]grpc.CallOption{grpc.StaticMethod()}, opts...)
	out := new(RegisterTypeResponse)
	err := c.cc.Invoke(ctx, TypeRegistry_RegisterType_FullMethodName, in, out, cOpts...)
	if err != nil {
		return nil, err
	}
	return out, nil
}

func (c *typeRegistryClient) GetType(ctx context.Context, in *GetTypeRequest, opts ...grpc.CallOption) (*GetTypeResponse, error) {
	cOpts := append([]grpc.CallOption{grpc.StaticMethod()}, opts...)
	out := new(GetTypeResponse)
	err := c.cc.Invoke(ctx, TypeRegistry_GetType_FullMethodName, in, out, cOpts...)
	if err != nil {
		return nil, err
	}
	return out, nil
}

func (c *typeRegistryClient) ListTypes(ctx context.Context, in *ListTypesRequest, opts ...grpc.CallOption) (*ListTypesResponse, error) {
	cOpts := append([]grpc.CallOption{grpc.StaticMethod()}, opts...)
	out := new(ListTypesResponse)
	err := c.cc.Invoke(ctx, TypeRegistry_ListTypes_FullMethodName, in, out, cOpts...)
	if err != nil {
		return nil, err
	}
	return out, nil
}

func (c *typeRegistryClient) UnregisterType(ctx context.Context, in *UnregisterTypeRequest, opts ...grpc.CallOption) (*UnregisterTypeResponse, error) {
	cOpts := append([]grpc.CallOption{grpc.StaticMethod()}, opts...)
	out := new(UnregisterTypeResponse)
	err := c.cc.Invoke(ctx, TypeRegistry_UnregisterType_FullMethodName, in, out, cOpts...)
	if err != nil {
		return nil, err
	}
	return out, nil
}

// TypeRegistryServer is the server API for TypeRegistry service.
// All implementations must embed UnimplementedTypeRegistryServer
// for forward compatibility.
type TypeRegistryServer interface {
	// Registers a type or replaces its launch spec (members already running keep theirs).
	RegisterType(context.Context, *RegisterTypeRequest) (*RegisterTypeResponse, error)
	GetType(context.Context, *GetTypeRequest) (*GetTypeResponse, error)
	ListTypes(context.Context, *ListTypesRequest) (*ListTypesResponse, error)
	// TYPE_IN_USE while a group of the type exists. Its type properties are kept.
	UnregisterType(context.Context, *UnregisterTypeRequest) (*UnregisterTypeResponse, error)
	mustEmbedUnimplementedTypeRegistryServer()
}

// UnimplementedTypeRegistryServer must be embedded to have
// forward compatible implementations.
//
// NOTE: this should be embedded by value instead of pointer to avoid a nil
// pointer dereference when methods are called.
type UnimplementedTypeRegistryServer struct{}

func (UnimplementedTypeRegistryServer) RegisterType(context.Context, *RegisterTypeRequest) (*RegisterTypeResponse, error) {
	return nil, status.Error(codes.Unimplemented, "method RegisterType not implemented")
}
func (UnimplementedTypeRegistryServer) GetType(context.Context, *GetTypeRequest) (*GetTypeResponse, error) {
	return nil, status.Error(codes.Unimplemented, "method GetType not implemented")
}
func (UnimplementedTypeRegistryServer) ListTypes(context.Context, *ListTypesRequest) (*ListTypesResponse, error) {
	return nil, status.Error(codes.Unimplemented, "method ListTypes not implemented")
}
func (UnimplementedTypeRegistryServer) UnregisterType(context.Context, *UnregisterTypeRequest) (*UnregisterTypeResponse, error) {
	return nil, status.Error(codes.Unimplemented, "method UnregisterType not implemented")
}
func (UnimplementedTypeRegistryServer) mustEmbedUnimplementedTypeRegistryServer() {}
func (UnimplementedTypeRegistryServer) testEmbeddedByValue()                      {}

// UnsafeTypeRegistryServer may be embedded to opt out of forward compatibility for this service.
// Use of this interface is not recommended, as added methods to TypeRegistryServer will
// result in compilation errors.
type UnsafeTypeRegistryServer interface {
	mustEmbedUnimplementedTypeRegistryServer()
}

func RegisterTypeRegistryServer(s grpc.ServiceRegistrar, srv TypeRegistryServer) {
	// If the following call panics, it indicates UnimplementedTypeRegistryServer was
	// embedded by pointer and is nil.  This will cause panics if an
	// unimplemented method is ever invoked, so we test this at initialization
	// time to prevent it from happening at runtime later due to I/O.
	if t, ok := srv.(interface{ testEmbeddedByValue() }); ok {
		t.testEmbeddedByValue()
	}
	s.RegisterService(&TypeRegistry_ServiceDesc, srv)
}

func _TypeRegistry_RegisterType_Handler(srv interface{}, ctx context.Context, dec func(interface{}) error, interceptor grpc.UnaryServerInterceptor) (interface{}, error) {
	in := new(RegisterTypeRequest)
	if err := dec(in); err != nil {
		return nil, err
	}
	if interceptor == nil {
		return srv.(TypeRegistryServer).RegisterType(ctx, in)
	}
	info := &grpc.UnaryServerInfo{
		Server:     srv,
		FullMethod: TypeRegistry_RegisterType_FullMethodName,
	}
	handler := func(ctx context.Context, req interface{}) (interface{}, error) {
		return srv.(TypeRegistryServer).RegisterType(ctx, req.(*RegisterTypeRequest))
	}
	return interceptor(ctx, in, info, handler)
}

func _TypeRegistry_GetType_Handler(srv interface{}, ctx context.Context, dec func(interface{}) error, interceptor grpc.UnaryServerInterceptor) (interface{}, error) {
	in := new(GetTypeRequest)
	if err := dec(in); err != nil {
		return nil, err
	}
	if interceptor == nil {
		return srv.(TypeRegistryServer).GetType(ctx, in)
	}
	info := &grpc.UnaryServerInfo{
		Server:     srv,
		FullMethod: TypeRegistry_GetType_FullMethodName,
	}
	handler := func(ctx context.Context, req interface{}) (interface{}, error) {
		return srv.(TypeRegistryServer).GetType(ctx, req.(*GetTypeRequest))
	}
	return interceptor(ctx, in, info, handler)
}

func _TypeRegistry_ListTypes_Handler(srv interface{}, ctx context.Context, dec func(interface{}) error, interceptor grpc.UnaryServerInterceptor) (interface{}, error) {
	in := new(ListTypesRequest)
	if err := dec(in); err != nil {
		return nil, err
	}
	if interceptor == nil {
		return srv.(TypeRegistryServer).ListTypes(ctx, in)
	}
	info := &grpc.UnaryServerInfo{
		Server:     srv,
		FullMethod: TypeRegistry_ListTypes_FullMethodName,
	}
	handler := func(ctx context.Context, req interface{}) (interface{}, error) {
		return srv.(TypeRegistryServer).ListTypes(ctx, req.(*ListTypesRequest))
	}
	return interceptor(ctx, in, info, handler)
}

func _TypeRegistry_UnregisterType_Handler(srv interface{}, ctx context.Context, dec func(interface{}) error, interceptor grpc.UnaryServerInterceptor) (interface{}, error) {
	in := new(UnregisterTypeRequest)
	if err := dec(in); err != nil {
		return nil, err
	}
	if interceptor == nil {
		return srv.(TypeRegistryServer).UnregisterType(ctx, in)
	}
	info := &grpc.UnaryServerInfo{
		Server:     srv,
		FullMethod: TypeRegistry_UnregisterType_FullMethodName,
	}
	handler := func(ctx context.Context, req interface{}) (interface{}, error) {
		return srv.(TypeRegistryServer).UnregisterType(ctx, req.(*UnregisterTypeRequest))
	}
	return interceptor(ctx, in, info, handler)
}

// TypeRegistry_ServiceDesc is the grpc.ServiceDesc for TypeRegistry service.
// It's only intended for direct use with grpc.RegisterService,
// and not to be introspected or modified (even as a copy)
var TypeRegistry_ServiceDesc = grpc.ServiceDesc{
	ServiceName: "warden.manager.v1.TypeRegistry",
	HandlerType: (*TypeRegistryServer)(nil),
	Methods: []grpc.MethodDesc{
		{
			MethodName: "RegisterType",
			Handler:    _TypeRegistry_RegisterType_Handler,
		},
		{
			MethodName: "GetType",
			Handler:    _TypeRegistry_GetType_Handler,
		},
		{
			MethodName: "ListTypes",
			Handler:    _TypeRegistry_ListTypes_Handler,
		},
		{
			MethodName: "UnregisterType",
			Handler:    _TypeRegistry_UnregisterType_Handler,
		},
	},
	Streams:  []grpc.StreamDesc{},
	Metadata: "warden/manager/v1/manager.proto",
}

const (
	ObjectGroupManager_CreateMember_FullMethodName       = "/warden.manager.v1.ObjectGroupManager/CreateMember"
	ObjectGroupManager_AddMember_FullMethodName          = "/warden.manager.v1.ObjectGroupManager/AddMember"
	ObjectGroupManager_RemoveMember_FullMethodName       = "/warden.manager.v1.ObjectGroupManager/RemoveMember"
	ObjectGroupManager_SetPrimaryMember_FullMethodName   = "/warden.manager.v1.ObjectGroupManager/SetPrimaryMember"
	ObjectGroupManager_LocationsOfMembers_FullMethodName = "/warden.manager.v1.ObjectGroupManager/LocationsOfMembers"
	ObjectGroupManager_GetObjectGroupRef_FullMethodName  = "/warden.manager.v1.ObjectGroupManager/GetObjectGroupRef"
	ObjectGroupManager_GetObjectGroupId_FullMethodName   = "/warden.manager.v1.ObjectGroupManager/GetObjectGroupId"
	ObjectGroupManager_WatchView_FullMethodName          = "/warden.manager.v1.ObjectGroupManager/WatchView"
	ObjectGroupManager_ListObjectGroups_FullMethodName   = "/warden.manager.v1.ObjectGroupManager/ListObjectGroups"
	ObjectGroupManager_ListLocations_FullMethodName      = "/warden.manager.v1.ObjectGroupManager/ListLocations"
)

// ObjectGroupManagerClient is the client API for ObjectGroupManager service.
//
// For semantics around ctx use and closing/ending streaming RPCs, please refer to https://pkg.go.dev/google.golang.org/grpc/?tab=doc#ClientConn.NewStream.
type ObjectGroupManagerClient interface {
	// Asks the agent at the location to create a member (create_member). The member joins the
	// view when its agent reports it ready (with infrastructure-controlled membership; with
	// application-controlled membership the application then calls AddMember). Returns the
	// pending member and the current view.
	CreateMember(ctx context.Context, in *CreateMemberRequest, opts ...grpc.CallOption) (*CreateMemberResponse, error)
	// Adds a member to the view (add_member): a pending creation that is ready, or an object
	// the application started itself at a location (with its address). A new view.
	AddMember(ctx context.Context, in *AddMemberRequest, opts ...grpc.CallOption) (*AddMemberResponse, error)
	// Removes the member at a location (remove_member), or a pending creation there. A new view
	// when it was in the view; its agent stops it. Removing the primary of a passive group
	// promotes the next member.
	RemoveMember(ctx context.Context, in *RemoveMemberRequest, opts ...grpc.CallOption) (*RemoveMemberResponse, error)
	// Makes the member at a location the primary (set_primary_member). Passive styles only
	// (BAD_REPLICATION_STYLE otherwise). A new view.
	SetPrimaryMember(ctx context.Context, in *SetPrimaryMemberRequest, opts ...grpc.CallOption) (*SetPrimaryMemberResponse, error)
	LocationsOfMembers(ctx context.Context, in *LocationsOfMembersRequest, opts ...grpc.CallOption) (*LocationsOfMembersResponse, error)
	// The current view (get_object_group_ref).
	GetObjectGroupRef(ctx context.Context, in *GetObjectGroupRefRequest, opts ...grpc.CallOption) (*GetObjectGroupRefResponse, error)
	// The group id of a reference (get_object_group_id).
	GetObjectGroupId(ctx context.Context, in *GetObjectGroupIdRequest, opts ...grpc.CallOption) (*GetObjectGroupIdResponse, error)
	// Streams the group's views: first the current one (unless known_version is already
	// current), then every new one, in version order. A client that falls behind receives the
	// latest view, never an older one than it was sent. Ends with NOT_FOUND if the group is
	// deleted.
	WatchView(ctx context.Context, in *WatchViewRequest, opts ...grpc.CallOption) (grpc.ServerStreamingClient[View], error)
	// Every group with its view and pending creations, sorted by group id.
	ListObjectGroups(ctx context.Context, in *ListObjectGroupsRequest, opts ...grpc.CallOption) (*ListObjectGroupsResponse, error)
	// Registered locations, sorted by name.
	ListLocations(ctx context.Context, in *ListLocationsRequest, opts ...grpc.CallOption) (*ListLocationsResponse, error)
}

type objectGroupManagerClient struct {
	cc grpc.ClientConnInterface
}

func NewObjectGroupManagerClient(cc grpc.ClientConnInterface) ObjectGroupManagerClient {
	return &objectGroupManagerClient{cc}
}

func (c *objectGroupManagerClient) CreateMember(ctx context.Context, in *CreateMemberRequest, opts ...grpc.CallOption) (*CreateMemberResponse, error) {
	cOpts := append([]grpc.CallOption{grpc.StaticMethod()}, opts...)
	out := new(CreateMemberResponse)
	err := c.cc.Invoke(ctx, ObjectGroupManager_CreateMember_FullMethodName, in, out, cOpts...)
	if err != nil {
		return nil, err
	}
	return out, nil
}

func (c *objectGroupManagerClient) AddMember(ctx context.Context, in *AddMemberRequest, opts ...grpc.CallOption) (*AddMemberResponse, error) {
	cOpts := append([]grpc.CallOption{grpc.StaticMethod()}, opts...)
	out := new(AddMemberResponse)
	err := c.cc.Invoke(ctx, ObjectGroupManager_AddMember_FullMethodName, in, out, cOpts...)
	if err != nil {
		return nil, err
	}
	return out, nil
}

func (c *objectGroupManagerClient) RemoveMember(ctx context.Context, in *RemoveMemberRequest, opts ...grpc.CallOption) (*RemoveMemberResponse, error) {
	cOpts := append([]grpc.CallOption{grpc.StaticMethod()}, opts...)
	out := new(RemoveMemberResponse)
	err := c.cc.Invoke(ctx, ObjectGroupManager_RemoveMember_FullMethodName, in, out, cOpts...)
	if err != nil {
		return nil, err
	}
	return out, nil
}

func (c *objectGroupManagerClient) SetPrimaryMember(ctx context.Context, in *SetPrimaryMemberRequest, opts ...grpc.CallOption) (*SetPrimaryMemberResponse, error) {
	cOpts := append([]grpc.CallOption{grpc.StaticMethod()}, opts...)
	out := new(SetPrimaryMemberResponse)
	err := c.cc.Invoke(ctx, ObjectGroupManager_SetPrimaryMember_FullMethodName, in, out, cOpts...)
	if err != nil {
		return nil, err
	}
	return out, nil
}

func (c *objectGroupManagerClient) LocationsOfMembers(ctx context.Context, in *LocationsOfMembersRequest, opts ...grpc.CallOption) (*LocationsOfMembersResponse, error) {
	cOpts := append([]grpc.CallOption{grpc.StaticMethod()}, opts...)
	out := new(LocationsOfMembersResponse)
	err := c.cc.Invoke(ctx, ObjectGroupManager_LocationsOfMembers_FullMethodName, in, out, cOpts...)
	if err != nil {
		return nil, err
	}
	return out, nil
}

func (c *objectGroupManagerClient) GetObjectGroupRef(ctx context.Context, in *GetObjectGroupRefRequest, opts ...grpc.CallOption) (*GetObjectGroupRefResponse, error) {
	cOpts := append([]grpc.CallOption{grpc.StaticMethod()}, opts...)
	out := new(GetObjectGroupRefResponse)
	err := c.cc.Invoke(ctx, ObjectGroupManager_GetObjectGroupRef_FullMethodName, in, out, cOpts...)
	if err != nil {
		return nil, err
	}
	return out, nil
}

func (c *objectGroupManagerClient) GetObjectGroupId(ctx context.Context, in *GetObjectGroupIdRequest, opts ...grpc.CallOption) (*GetObjectGroupIdResponse, error) {
	cOpts := append([]grpc.CallOption{grpc.StaticMethod()}, opts...)
	out := new(GetObjectGroupIdResponse)
	err := c.cc.Invoke(ctx, ObjectGroupManager_GetObjectGroupId_FullMethodName, in, out, cOpts...)
	if err != nil {
		return nil, err
	}
	return out, nil
}

func (c *objectGroupManagerClient) WatchView(ctx context.Context, in *WatchViewRequest, opts ...grpc.CallOption) (grpc.ServerStreamingClient[View], error) {
	cOpts := append([]grpc.CallOption{grpc.StaticMethod()}, opts...)
	stream, err := c.cc.NewStream(ctx, &ObjectGroupManager_ServiceDesc.Streams[0], ObjectGroupManager_WatchView_FullMethodName, cOpts...)
	if err != nil {
		return nil, err
	}
	x := &grpc.GenericClientStream[WatchViewRequest, View]{ClientStream: stream}
	if err := x.ClientStream.SendMsg(in); err != nil {
		return nil, err
	}
	if err := x.ClientStream.CloseSend(); err != nil {
		return nil, err
	}
	return x, nil
}

// This type alias is provided for backwards compatibility with existing code that references the prior non-generic stream type by name.
type ObjectGroupManager_WatchViewClient = grpc.ServerStreamingClient[View]

func (c *objectGroupManagerClient) ListObjectGroups(ctx context.Context, in *ListObjectGroupsRequest, opts ...grpc.CallOption) (*ListObjectGroupsResponse, error) {
	cOpts := append([]grpc.CallOption{grpc.StaticMethod()}, opts...)
	out := new(ListObjectGroupsResponse)
	err := c.cc.Invoke(ctx, ObjectGroupManager_ListObjectGroups_FullMethodName, in, out, cOpts...)
	if err != nil {
		return nil, err
	}
	return out, nil
}

func (c *objectGroupManagerClient) ListLocations(ctx context.Context, in *ListLocationsRequest, opts ...grpc.CallOption) (*ListLocationsResponse, error) {
	cOpts := append([]grpc.CallOption{grpc.StaticMethod()}, opts...)
	out := new(ListLocationsResponse)
	err := c.cc.Invoke(ctx, ObjectGroupManager_ListLocations_FullMethodName, in, out, cOpts...)
	if err != nil {
		return nil, err
	}
	return out, nil
}

// ObjectGroupManagerServer is the server API for ObjectGroupManager service.
// All implementations must embed UnimplementedObjectGroupManagerServer
// for forward compatibility.
type ObjectGroupManagerServer interface {
	// Asks the agent at the location to create a member (create_member). The member joins the
	// view when its agent reports it ready (with infrastructure-controlled membership; with
	// application-controlled membership the application then calls AddMember). Returns the
	// pending member and the current view.
	CreateMember(context.Context, *CreateMemberRequest) (*CreateMemberResponse, error)
	// Adds a member to the view (add_member): a pending creation that is ready, or an object
	// the application started itself at a location (with its address). A new view.
	AddMember(context.Context, *AddMemberRequest) (*AddMemberResponse, error)
	// Removes the member at a location (remove_member), or a pending creation there. A new view
	// when it was in the view; its agent stops it. Removing the primary of a passive group
	// promotes the next member.
	RemoveMember(context.Context, *RemoveMemberRequest) (*RemoveMemberResponse, error)
	// Makes the member at a location the primary (set_primary_member). Passive styles only
	// (BAD_REPLICATION_STYLE otherwise). A new view.
	SetPrimaryMember(context.Context, *SetPrimaryMemberRequest) (*SetPrimaryMemberResponse, error)
	LocationsOfMembers(context.Context, *LocationsOfMembersRequest) (*LocationsOfMembersResponse, error)
	// The current view (get_object_group_ref).
	GetObjectGroupRef(context.Context, *GetObjectGroupRefRequest) (*GetObjectGroupRefResponse, error)
	// The group id of a reference (get_object_group_id).
	GetObjectGroupId(context.Context, *GetObjectGroupIdRequest) (*GetObjectGroupIdResponse, error)
	// Streams the group's views: first the current one (unless known_version is already
	// current), then every new one, in version order. A client that falls behind receives the
	// latest view, never an older one than it was sent. Ends with NOT_FOUND if the group is
	// deleted.
	WatchView(*WatchViewRequest, grpc.ServerStreamingServer[View]) error
	// Every group with its view and pending creations, sorted by group id.
	ListObjectGroups(context.Context, *ListObjectGroupsRequest) (*ListObjectGroupsResponse, error)
	// Registered locations, sorted by name.
	ListLocations(context.Context, *ListLocationsRequest) (*ListLocationsResponse, error)
	mustEmbedUnimplementedObjectGroupManagerServer()
}

// UnimplementedObjectGroupManagerServer must be embedded to have
// forward compatible implementations.
//
// NOTE: this should be embedded by value instead of pointer to avoid a nil
// pointer dereference when methods are called.
type UnimplementedObjectGroupManagerServer struct{}

func (UnimplementedObjectGroupManagerServer) CreateMember(context.Context, *CreateMemberRequest) (*CreateMemberResponse, error) {
	return nil, status.Error(codes.Unimplemented, "method CreateMember not implemented")
}
func (UnimplementedObjectGroupManagerServer) AddMember(context.Context, *AddMemberRequest) (*AddMemberResponse, error) {
	return nil, status.Error(codes.Unimplemented, "method AddMember not implemented")
}
func (UnimplementedObjectGroupManagerServer) RemoveMember(context.Context, *RemoveMemberRequest) (*RemoveMemberResponse, error) {
	return nil, status.Error(codes.Unimplemented, "method RemoveMember not implemented")
}
func (UnimplementedObjectGroupManagerServer) SetPrimaryMember(context.Context, *SetPrimaryMemberRequest) (*SetPrimaryMemberResponse, error) {
	return nil, status.Error(codes.Unimplemented, "method SetPrimaryMember not implemented")
}
func (UnimplementedObjectGroupManagerServer) LocationsOfMembers(context.Context, *LocationsOfMembersRequest) (*LocationsOfMembersResponse, error) {
	return nil, status.Error(codes.Unimplemented, "method LocationsOfMembers not implemented")
}
func (UnimplementedObjectGroupManagerServer) GetObjectGroupRef(context.Context, *GetObjectGroupRefRequest) (*GetObjectGroupRefResponse, error) {
	return nil, status.Error(codes.Unimplemented, "method GetObjectGroupRef not implemented")
}
func (UnimplementedObjectGroupManagerServer) GetObjectGroupId(context.Context, *GetObjectGroupIdRequest) (*GetObjectGroupIdResponse, error) {
	return nil, status.Error(codes.Unimplemented, "method GetObjectGroupId not implemented")
}
func (UnimplementedObjectGroupManagerServer) WatchView(*WatchViewRequest, grpc.ServerStreamingServer[View]) error {
	return status.Error(codes.Unimplemented, "method WatchView not implemented")
}
func (UnimplementedObjectGroupManagerServer) ListObjectGroups(context.Context, *ListObjectGroupsRequest) (*ListObjectGroupsResponse, error) {
	return nil, status.Error(codes.Unimplemented, "method ListObjectGroups not implemented")
}
func (UnimplementedObjectGroupManagerServer) ListLocations(context.Context, *ListLocationsRequest) (*ListLocationsResponse, error) {
	return nil, status.Error(codes.Unimplemented, "method ListLocations not implemented")
}
func (UnimplementedObjectGroupManagerServer) mustEmbedUnimplementedObjectGroupManagerServer() {}
func (UnimplementedObjectGroupManagerServer) testEmbeddedByValue()                            {}

// UnsafeObjectGroupManagerServer may be embedded to opt out of forward compatibility for this service.
// Use of this interface is not recommended, as added methods to ObjectGroupManagerServer will
// result in compilation errors.
type UnsafeObjectGroupManagerServer interface {
	mustEmbedUnimplementedObjectGroupManagerServer()
}

func RegisterObjectGroupManagerServer(s grpc.ServiceRegistrar, srv ObjectGroupManagerServer) {
	// If the following call panics, it indicates UnimplementedObjectGroupManagerServer was
	// embedded by pointer and is nil.  This will cause panics if an
	// unimplemented method is ever invoked, so we test this at initialization
	// time to prevent it from happening at runtime later due to I/O.
	if t, ok := srv.(interface{ testEmbeddedByValue() }); ok {
		t.testEmbeddedByValue()
	}
	s.RegisterService(&ObjectGroupManager_ServiceDesc, srv)
}

func _ObjectGroupManager_CreateMember_Handler(srv interface{}, ctx context.Context, dec func(interface{}) error, interceptor grpc.UnaryServerInterceptor) (interface{}, error) {
	in := new(CreateMemberRequest)
	if err := dec(in); err != nil {
		return nil, err
	}
	if interceptor == nil {
		return srv.(ObjectGroupManagerServer).CreateMember(ctx, in)
	}
	info := &grpc.UnaryServerInfo{
		Server:     srv,
		FullMethod: ObjectGroupManager_CreateMember_FullMethodName,
	}
	handler := func(ctx context.Context, req interface{}) (interface{}, error) {
		return srv.(ObjectGroupManagerServer).CreateMember(ctx, req.(*CreateMemberRequest))
	}
	return interceptor(ctx, in, info, handler)
}

func _ObjectGroupManager_AddMember_Handler(srv interface{}, ctx context.Context, dec func(interface{}) error, interceptor grpc.UnaryServerInterceptor) (interface{}, error) {
	in := new(AddMemberRequest)
	if err := dec(in); err != nil {
		return nil, err
	}
	if interceptor == nil {
		return srv.(ObjectGroupManagerServer).AddMember(ctx, in)
	}
	info := &grpc.UnaryServerInfo{
		Server:     srv,
		FullMethod: ObjectGroupManager_AddMember_FullMethodName,
	}
	handler := func(ctx context.Context, req interface{}) (interface{}, error) {
		return srv.(ObjectGroupManagerServer).AddMember(ctx, req.(*AddMemberRequest))
	}
	return interceptor(ctx, in, info, handler)
}

func _ObjectGroupManager_RemoveMember_Handler(srv interface{}, ctx context.Context, dec func(interface{}) error, interceptor grpc.UnaryServerInterceptor) (interface{}, error) {
	in := new(RemoveMemberRequest)
	if err := dec(in); err != nil {
		return nil, err
	}
	if interceptor == nil {
		return srv.(ObjectGroupManagerServer).RemoveMember(ctx, in)
	}
	info := &grpc.UnaryServerInfo{
		Server:     srv,
		FullMethod: ObjectGroupManager_RemoveMember_FullMethodName,
	}
	handler := func(ctx context.Context, req interface{}) (interface{}, error) {
		return srv.(ObjectGroupManagerServer).RemoveMember(ctx, req.(*RemoveMemberRequest))
	}
	return interceptor(ctx, in, info, handler)
}

func _ObjectGroupManager_SetPrimaryMember_Handler(srv interface{}, ctx context.Context, dec func(interface{}) error, interceptor grpc.UnaryServerInterceptor) (interface{}, error) {
	in := new(SetPrimaryMemberRequest)
	if err := dec(in); err != nil {
		return nil, err
	}
	if interceptor == nil {
		return srv.(ObjectGroupManagerServer).SetPrimaryMember(ctx, in)
	}
	info := &grpc.UnaryServerInfo{
		Server:     srv,
		FullMethod: ObjectGroupManager_SetPrimaryMember_FullMethodName,
	}
	handler := func(ctx context.Context, req interface{}) (interface{}, error) {
		return srv.(ObjectGroupManagerServer).SetPrimaryMember(ctx, req.(*SetPrimaryMemberRequest))
	}
	return interceptor(ctx, in, info, handler)
}

func _ObjectGroupManager_LocationsOfMembers_Handler(srv interface{}, ctx context.Context, dec func(interface{}) error, interceptor grpc.UnaryServerInterceptor) (interface{}, error) {
	in := new(LocationsOfMembersRequest)
	if err := dec(in); err != nil {
		return nil, err
	}
	if interceptor == nil {
		return srv.(ObjectGroupManagerServer).LocationsOfMembers(ctx, in)
	}
	info := &grpc.UnaryServerInfo{
		Server:     srv,
		FullMethod: ObjectGroupManager_LocationsOfMembers_FullMethodName,
	}
	handler := func(ctx context.Context, req interface{}) (interface{}, error) {
		return srv.(ObjectGroupManagerServer).LocationsOfMembers(ctx, req.(*LocationsOfMembersRequest))
	}
	return interceptor(ctx, in, info, handler)
}

func _ObjectGroupManager_GetObjectGroupRef_Handler(srv interface{}, ctx context.Context, dec func(interface{}) error, interceptor grpc.UnaryServerInterceptor) (interface{}, error) {
	in := new(GetObjectGroupRefRequest)
	if err := dec(in); err != nil {
		return nil, err
	}
	if interceptor == nil {
		return srv.(ObjectGroupManagerServer).GetObjectGroupRef(ctx, in)
	}
	info := &grpc.UnaryServerInfo{
		Server:     srv,
		FullMethod: ObjectGroupManager_GetObjectGroupRef_FullMethodName,
	}
	handler := func(ctx context.Context, req interface{}) (interface{}, error) {
		return srv.(ObjectGroupManagerServer).GetObjectGroupRef(ctx, req.(*GetObjectGroupRefRequest))
	}
	return interceptor(ctx, in, info, handler)
}

func _ObjectGroupManager_GetObjectGroupId_Handler(srv interface{}, ctx context.Context, dec func(interface{}) error, interceptor grpc.UnaryServerInterceptor) (interface{}, error) {
	in := new(GetObjectGroupIdRequest)
	if err := dec(in); err != nil {
		return nil, err
	}
	if interceptor == nil {
		return srv.(ObjectGroupManagerServer).GetObjectGroupId(ctx, in)
	}
	info := &grpc.UnaryServerInfo{
		Server:     srv,
		FullMethod: ObjectGroupManager_GetObjectGroupId_FullMethodName,
	}
	handler := func(ctx context.Context, req interface{}) (interface{}, error) {
		return srv.(ObjectGroupManagerServer).GetObjectGroupId(ctx, req.(*GetObjectGroupIdRequest))
	}
	return interceptor(ctx, in, info, handler)
}

func _ObjectGroupManager_WatchView_Handler(srv interface{}, stream grpc.ServerStream) error {
	m := new(WatchViewRequest)
	if err := stream.RecvMsg(m); err != nil {
		return err
	}
	return srv.(ObjectGroupManagerServer).WatchView(m, &grpc.GenericServerStream[WatchViewRequest, View]{ServerStream: stream})
}

// This type alias is provided for backwards compatibility with existing code that references the prior non-generic stream type by name.
type ObjectGroupManager_WatchViewServer = grpc.ServerStreamingServer[View]

func _ObjectGroupManager_ListObjectGroups_Handler(srv interface{}, ctx context.Context, dec func(interface{}) error, interceptor grpc.UnaryServerInterceptor) (interface{}, error) {
	in := new(ListObjectGroupsRequest)
	if err := dec(in); err != nil {
		return nil, err
	}
	if interceptor == nil {
		return srv.(ObjectGroupManagerServer).ListObjectGroups(ctx, in)
	}
	info := &grpc.UnaryServerInfo{
		Server:     srv,
		FullMethod: ObjectGroupManager_ListObjectGroups_FullMethodName,
	}
	handler := func(ctx context.Context, req interface{}) (interface{}, error) {
		return srv.(ObjectGroupManagerServer).ListObjectGroups(ctx, req.(*ListObjectGroupsRequest))
	}
	return interceptor(ctx, in, info, handler)
}

func _ObjectGroupManager_ListLocations_Handler(srv interface{}, ctx context.Context, dec func(interface{}) error, interceptor grpc.UnaryServerInterceptor) (interface{}, error) {
	in := new(ListLocationsRequest)
	if err := dec(in); err != nil {
		return nil, err
	}
	if interceptor == nil {
		return srv.(ObjectGroupManagerServer).ListLocations(ctx, in)
	}
	info := &grpc.UnaryServerInfo{
		Server:     srv,
		FullMethod: ObjectGroupManager_ListLocations_FullMethodName,
	}
	handler := func(ctx context.Context, req interface{}) (interface{}, error) {
		return srv.(ObjectGroupManagerServer).ListLocations(ctx, req.(*ListLocationsRequest))
	}
	return interceptor(ctx, in, info, handler)
}

// ObjectGroupManager_ServiceDesc is the grpc.ServiceDesc for ObjectGroupManager service.
// It's only intended for direct use with grpc.RegisterService,
// and not to be introspected or modified (even as a copy)
var ObjectGroupManager_ServiceDesc = grpc.ServiceDesc{
	ServiceName: "warden.manager.v1.ObjectGroupManager",
	HandlerType: (*ObjectGroupManagerServer)(nil),
	Methods: []grpc.MethodDesc{
		{
			MethodName: "CreateMember",
			Handler:    _ObjectGroupManager_CreateMember_Handler,
		},
		{
			MethodName: "AddMember",
			Handler:    _ObjectGroupManager_AddMember_Handler,
		},
		{
			MethodName: "RemoveMember",
			Handler:    _ObjectGroupManager_RemoveMember_Handler,
		},
		{
			MethodName: "SetPrimaryMember",
			Handler:    _ObjectGroupManager_SetPrimaryMember_Handler,
		},
		{
			MethodName: "LocationsOfMembers",
			Handler:    _ObjectGroupManager_LocationsOfMembers_Handler,
		},
		{
			MethodName: "GetObjectGroupRef",
			Handler:    _ObjectGroupManager_GetObjectGroupRef_Handler,
		},
		{
			MethodName: "GetObjectGroupId",
			Handler:    _ObjectGroupManager_GetObjectGroupId_Handler,
		},
		{
			MethodName: "ListObjectGroups",
			Handler:    _ObjectGroupManager_ListObjectGroups_Handler,
		},
		{
			MethodName: "ListLocations",
			Handler:    _ObjectGroupManager_ListLocations_Handler,
		},
	},
	Streams: []grpc.StreamDesc{
		{
			StreamName:    "WatchView",
			Handler:       _ObjectGroupManager_WatchView_Handler,
			ServerStreams: true,
		},
	},
	Metadata: "warden/manager/v1/manager.proto",
}

const (
	GenericFactory_CreateObject_FullMethodName = "/warden.manager.v1.GenericFactory/CreateObject"
	GenericFactory_DeleteObject_FullMethodName = "/warden.manager.v1.GenericFactory/DeleteObject"
)

// GenericFactoryClient is the client API for GenericFactory service.
//
// For semantics around ctx use and closing/ending streaming RPCs, please refer to https://pkg.go.dev/google.golang.org/grpc/?tab=doc#ClientConn.NewStream.
type GenericFactoryClient interface {
	// Creates an object group of a registered type (create_object): the criteria are the
	// group's own properties. With infrastructure-controlled membership the manager then creates
	// InitialNumberMembers members. The factory creation id is the group id.
	CreateObject(ctx context.Context, in *CreateObjectRequest, opts ...grpc.CallOption) (*CreateObjectResponse, error)
	// Deletes the group (delete_object): every member is stopped by its agent.
	DeleteObject(ctx context.Context, in *DeleteObjectRequest, opts ...grpc.CallOption) (*DeleteObjectResponse, error)
}

type genericFactoryClient struct {
	cc grpc.ClientConnInterface
}

func NewGenericFactoryClient(cc grpc.ClientConnInterface) GenericFactoryClient {
	return &genericFactoryClient{cc}
}

func (c *genericFactoryClient) CreateObject(ctx context.Context, in *CreateObjectRequest, opts ...grpc.CallOption) (*CreateObjectResponse, error) {
	cOpts := append([]grpc.CallOption{grpc.StaticMethod()}, opts...)
	out := new(CreateObjectResponse)
	err := c.cc.Invoke(ctx, GenericFactory_CreateObject_FullMethodName, in, out, cOpts...)
	if err != nil {
		return nil, err
	}
	return out, nil
}

func (c *genericFactoryClient) DeleteObject(ctx context.Context, in *DeleteObjectRequest, opts ...grpc.CallOption) (*DeleteObjectResponse, error) {
	cOpts := append([]grpc.CallOption{grpc.StaticMethod()}, opts...)
	out := new(DeleteObjectResponse)
	err := c.cc.Invoke(ctx, GenericFactory_DeleteObject_FullMethodName, in, out, cOpts...)
	if err != nil {
		return nil, err
	}
	return out, nil
}

// GenericFactoryServer is the server API for GenericFactory service.
// All implementations must embed UnimplementedGenericFactoryServer
// for forward compatibility.
type GenericFactoryServer interface {
	// Creates an object group of a registered type (create_object): the criteria are the
	// group's own properties. With infrastructure-controlled membership the manager then creates
	// InitialNumberMembers members. The factory creation id is the group id.
	CreateObject(context.Context, *CreateObjectRequest) (*CreateObjectResponse, error)
	// Deletes the group (delete_object): every member is stopped by its agent.
	DeleteObject(context.Context, *DeleteObjectRequest) (*DeleteObjectResponse, error)
	mustEmbedUnimplementedGenericFactoryServer()
}

// UnimplementedGenericFactoryServer must be embedded to have
// forward compatible implementations.
//
// NOTE: this should be embedded by value instead of pointer to avoid a nil
// pointer dereference when methods are called.
type UnimplementedGenericFactoryServer struct{}

func (UnimplementedGenericFactoryServer) CreateObject(context.Context, *CreateObjectRequest) (*CreateObjectResponse, error) {
	return nil, status.Error(codes.Unimplemented, "method CreateObject not implemented")
}
func (UnimplementedGenericFactoryServer) DeleteObject(context.Context, *DeleteObjectRequest) (*DeleteObjectResponse, error) {
	return nil, status.Error(codes.Unimplemented, "method DeleteObject not implemented")
}
func (UnimplementedGenericFactoryServer) mustEmbedUnimplementedGenericFactoryServer() {}
func (UnimplementedGenericFactoryServer) testEmbeddedByValue()                        {}

// UnsafeGenericFactoryServer may be embedded to opt out of forward compatibility for this service.
// Use of this interface is not recommended, as added methods to GenericFactoryServer will
// result in compilation errors.
type UnsafeGenericFactoryServer interface {
	mustEmbedUnimplementedGenericFactoryServer()
}

func RegisterGenericFactoryServer(s grpc.ServiceRegistrar, srv GenericFactoryServer) {
	// If the following call panics, it indicates UnimplementedGenericFactoryServer was
	// embedded by pointer and is nil.  This will cause panics if an
	// unimplemented method is ever invoked, so we test this at initialization
	// time to prevent it from happening at runtime later due to I/O.
	if t, ok := srv.(interface{ testEmbeddedByValue() }); ok {
		t.testEmbeddedByValue()
	}
	s.RegisterService(&GenericFactory_ServiceDesc, srv)
}

func _GenericFactory_CreateObject_Handler(srv interface{}, ctx context.Context, dec func(interface{}) error, interceptor grpc.UnaryServerInterceptor) (interface{}, error) {
	in := new(CreateObjectRequest)
	if err := dec(in); err != nil {
		return nil, err
	}
	if interceptor == nil {
		return srv.(GenericFactoryServer).CreateObject(ctx, in)
	}
	info := &grpc.UnaryServerInfo{
		Server:     srv,
		FullMethod: GenericFactory_CreateObject_FullMethodName,
	}
	handler := func(ctx context.Context, req interface{}) (interface{}, error) {
		return srv.(GenericFactoryServer).CreateObject(ctx, req.(*CreateObjectRequest))
	}
	return interceptor(ctx, in, info, handler)
}

func _GenericFactory_DeleteObject_Handler(srv interface{}, ctx context.Context, dec func(interface{}) error, interceptor grpc.UnaryServerInterceptor) (interface{}, error) {
	in := new(DeleteObjectRequest)
	if err := dec(in); err != nil {
		return nil, err
	}
	if interceptor == nil {
		return srv.(GenericFactoryServer).DeleteObject(ctx, in)
	}
	info := &grpc.UnaryServerInfo{
		Server:     srv,
		FullMethod: GenericFactory_DeleteObject_FullMethodName,
	}
	handler := func(ctx context.Context, req interface{}) (interface{}, error) {
		return srv.(GenericFactoryServer).DeleteObject(ctx, req.(*DeleteObjectRequest))
	}
	return interceptor(ctx, in, info, handler)
}

// GenericFactory_ServiceDesc is the grpc.ServiceDesc for GenericFactory service.
// It's only intended for direct use with grpc.RegisterService,
// and not to be introspected or modified (even as a copy)
var GenericFactory_ServiceDesc = grpc.ServiceDesc{
	ServiceName: "warden.manager.v1.GenericFactory",
	HandlerType: (*GenericFactoryServer)(nil),
	Methods: []grpc.MethodDesc{
		{
			MethodName: "CreateObject",
			Handler:    _GenericFactory_CreateObject_Handler,
		},
		{
			MethodName: "DeleteObject",
			Handler:    _GenericFactory_DeleteObject_Handler,
		},
	},
	Streams:  []grpc.StreamDesc{},
	Metadata: "warden/manager/v1/manager.proto",
}

const (
	MemberService_RenewLease_FullMethodName = "/warden.manager.v1.MemberService/RenewLease"
)

// MemberServiceClient is the client API for MemberService service.
//
// For semantics around ctx use and closing/ending streaming RPCs, please refer to https://pkg.go.dev/google.golang.org/grpc/?tab=doc#ClientConn.NewStream.
type MemberServiceClient interface {
	// RenewLease grants the primary of a passive group's current view a lease: it serves only
	// while it holds one, counted on its own clock from when it sent the request, shortened by
	// the clock drift bound. The leader grants it only to the primary of the view of that
	// epoch, and stops granting once it judged the primary failed, so a backup is promoted only
	// after the last lease surely expired (or at once when the primary is certainly dead).
	// The request also reports the backups that caught up (they may then be promoted).
	// Followers answer NOT_LEADER; a member that is not the primary of that epoch gets
	// STALE_EPOCH (the view moved on) or LEASE_REFUSED (FAILED_PRECONDITION: not the primary,
	// or judged failed).
	RenewLease(ctx context.Context, in *RenewLeaseRequest, opts ...grpc.CallOption) (*RenewLeaseResponse, error)
}

type memberServiceClient struct {
	cc grpc.ClientConnInterface
}

func NewMemberServiceClient(cc grpc.ClientConnInterface) MemberServiceClient {
	return &memberServiceClient{cc}
}

func (c *memberServiceClient) RenewLease(ctx context.Context, in *RenewLeaseRequest, opts ...grpc.CallOption) (*RenewLeaseResponse, error) {
	cOpts := append([]grpc.CallOption{grpc.StaticMethod()}, opts...)
	out := new(RenewLeaseResponse)
	err := c.cc.Invoke(ctx, MemberService_RenewLease_FullMethodName, in, out, cOpts...)
	if err != nil {
		return nil, err
	}
	return out, nil
}

// MemberServiceServer is the server API for MemberService service.
// All implementations must embed UnimplementedMemberServiceServer
// for forward compatibility.
type MemberServiceServer interface {
	// RenewLease grants the primary of a passive group's current view a lease: it serves only
	// while it holds one, counted on its own clock from when it sent the request, shortened by
	// the clock drift bound. The leader grants it only to the primary of the view of that
	// epoch, and stops granting once it judged the primary failed, so a backup is promoted only
	// after the last lease surely expired (or at once when the primary is certainly dead).
	// The request also reports the backups that caught up (they may then be promoted).
	// Followers answer NOT_LEADER; a member that is not the primary of that epoch gets
	// STALE_EPOCH (the view moved on) or LEASE_REFUSED (FAILED_PRECONDITION: not the primary,
	// or judged failed).
	RenewLease(context.Context, *RenewLeaseRequest) (*RenewLeaseResponse, error)
	mustEmbedUnimplementedMemberServiceServer()
}

// UnimplementedMemberServiceServer must be embedded to have
// forward compatible implementations.
//
// NOTE: this should be embedded by value instead of pointer to avoid a nil
// pointer dereference when methods are called.
type UnimplementedMemberServiceServer struct{}

func (UnimplementedMemberServiceServer) RenewLease(context.Context, *RenewLeaseRequest) (*RenewLeaseResponse, error) {
	return nil, status.Error(codes.Unimplemented, "method RenewLease not implemented")
}
func (UnimplementedMemberServiceServer) mustEmbedUnimplementedMemberServiceServer() {}
func (UnimplementedMemberServiceServer) testEmbeddedByValue()                       {}

// UnsafeMemberServiceServer may be embedded to opt out of forward compatibility for this service.
// Use of this interface is not recommended, as added methods to MemberServiceServer will
// result in compilation errors.
type UnsafeMemberServiceServer interface {
	mustEmbedUnimplementedMemberServiceServer()
}

func RegisterMemberServiceServer(s grpc.ServiceRegistrar, srv MemberServiceServer) {
	// If the following call panics, it indicates UnimplementedMemberServiceServer was
	// embedded by pointer and is nil.  This will cause panics if an
	// unimplemented method is ever invoked, so we test this at initialization
	// time to prevent it from happening at runtime later due to I/O.
	if t, ok := srv.(interface{ testEmbeddedByValue() }); ok {
		t.testEmbeddedByValue()
	}
	s.RegisterService(&MemberService_ServiceDesc, srv)
}

func _MemberService_RenewLease_Handler(srv interface{}, ctx context.Context, dec func(interface{}) error, interceptor grpc.UnaryServerInterceptor) (interface{}, error) {
	in := new(RenewLeaseRequest)
	if err := dec(in); err != nil {
		return nil, err
	}
	if interceptor == nil {
		return srv.(MemberServiceServer).RenewLease(ctx, in)
	}
	info := &grpc.UnaryServerInfo{
		Server:     srv,
		FullMethod: MemberService_RenewLease_FullMethodName,
	}
	handler := func(ctx context.Context, req interface{}) (interface{}, error) {
		return srv.(MemberServiceServer).RenewLease(ctx, req.(*RenewLeaseRequest))
	}
	return interceptor(ctx, in, info, handler)
}

// MemberService_ServiceDesc is the grpc.ServiceDesc for MemberService service.
// It's only intended for direct use with grpc.RegisterService,
// and not to be introspected or modified (even as a copy)
var MemberService_ServiceDesc = grpc.ServiceDesc{
	ServiceName: "warden.manager.v1.MemberService",
	HandlerType: (*MemberServiceServer)(nil),
	Methods: []grpc.MethodDesc{
		{
			MethodName: "RenewLease",
			Handler:    _MemberService_RenewLease_Handler,
		},
	},
	Streams:  []grpc.StreamDesc{},
	Metadata: "warden/manager/v1/manager.proto",
}

const (
	AgentService_Register_FullMethodName    = "/warden.manager.v1.AgentService/Register"
	AgentService_Heartbeat_FullMethodName   = "/warden.manager.v1.AgentService/Heartbeat"
	AgentService_ReportFault_FullMethodName = "/warden.manager.v1.AgentService/ReportFault"
	AgentService_Reconcile_FullMethodName   = "/warden.manager.v1.AgentService/Reconcile"
)

// AgentServiceClient is the client API for AgentService service.
//
// For semantics around ctx use and closing/ending streaming RPCs, please refer to https://pkg.go.dev/google.golang.org/grpc/?tab=doc#ClientConn.NewStream.
type AgentServiceClient interface {
	// Registers (or re-registers) the agent's location. A new incarnation means the agent
	// restarted: it runs nothing, and its location is up again.
	Register(ctx context.Context, in *RegisterRequest, opts ...grpc.CallOption) (*RegisterResponse, error)
	// The agent sends a heartbeat every heartbeat_interval; the manager acknowledges each with
	// the desired version of the location. The leader judges the stream's arrival times
	// (phi accrual); a host fault replaces every member at the location.
	Heartbeat(ctx context.Context, opts ...grpc.CallOption) (grpc.BidiStreamingClient[HeartbeatRequest, HeartbeatResponse], error)
	// Reports faults the agent's detectors saw (process exit, health, heartbeats). They go to
	// the FaultNotifier and the analyzer, and the repair loop acts on them.
	ReportFault(ctx context.Context, in *ReportFaultRequest, opts ...grpc.CallOption) (*ReportFaultResponse, error)
	// The agent reports what runs at its location and receives what should: it starts what is
	// desired and not running, and stops what runs and is not desired (orphans of members that
	// were replaced while it was away).
	Reconcile(ctx context.Context, in *ReconcileRequest, opts ...grpc.CallOption) (*ReconcileResponse, error)
}

type agentServiceClient struct {
	cc grpc.ClientConnInterface
}

func NewAgentServiceClient(cc grpc.ClientConnInterface) AgentServiceClient {
	return &agentServiceClient{cc}
}

func (c *agentServiceClient) Register(ctx context.Context, in *RegisterRequest, opts ...grpc.CallOption) (*RegisterResponse, error) {
	cOpts := append([]grpc.CallOption{grpc.StaticMethod()}, opts...)
	out := new(RegisterResponse)
	err := c.cc.Invoke(ctx, AgentService_Register_FullMethodName, in, out, cOpts...)
	if err != nil {
		return nil, err
	}
	return out, nil
}

func (c *agentServiceClient) Heartbeat(ctx context.Context, opts ...grpc.CallOption) (grpc.BidiStreamingClient[HeartbeatRequest, HeartbeatResponse], error) {
	cOpts := append([]grpc.CallOption{grpc.StaticMethod()}, opts...)
	stream, err := c.cc.NewStream(ctx, &AgentService_ServiceDesc.Streams[0], AgentService_Heartbeat_FullMethodName, cOpts...)
	if err != nil {
		return nil, err
	}
	x := &grpc.GenericClientStream[HeartbeatRequest, HeartbeatResponse]{ClientStream: stream}
	return x, nil
}

// This type alias is provided for backwards compatibility with existing code that references the prior non-generic stream type by name.
type AgentService_HeartbeatClient = grpc.BidiStreamingClient[HeartbeatRequest, HeartbeatResponse]

func (c *agentServiceClient) ReportFault(ctx context.Context, in *ReportFaultRequest, opts ...grpc.CallOption) (*ReportFaultResponse, error) {
	cOpts := append([]grpc.CallOption{grpc.StaticMethod()}, opts...)
	out := new(ReportFaultResponse)
	err := c.cc.Invoke(ctx, AgentService_ReportFault_FullMethodName, in, out, cOpts...)
	if err != nil {
		return nil, err
	}
	return out, nil
}

func (c *agentServiceClient) Reconcile(ctx context.Context, in *ReconcileRequest, opts ...grpc.CallOption) (*ReconcileResponse, error) {
	cOpts := append([]grpc.CallOption{grpc.StaticMethod()}, opts...)
	out := new(ReconcileResponse)
	err := c.cc.Invoke(ctx, AgentService_Reconcile_FullMethodName, in, out, cOpts...)
	if err != nil {
		return nil, err
	}
	return out, nil
}

// AgentServiceServer is the server API for AgentService service.
// All implementations must embed UnimplementedAgentServiceServer
// for forward compatibility.
type AgentServiceServer interface {
	// Registers (or re-registers) the agent's location. A new incarnation means the agent
	// restarted: it runs nothing, and its location is up again.
	Register(context.Context, *RegisterRequest) (*RegisterResponse, error)
	// The agent sends a heartbeat every heartbeat_interval; the manager acknowledges each with
	// the desired version of the location. The leader judges the stream's arrival times
	// (phi accrual); a host fault replaces every member at the location.
	Heartbeat(grpc.BidiStreamingServer[HeartbeatRequest, HeartbeatResponse]) error
	// Reports faults the agent's detectors saw (process exit, health, heartbeats). They go to
	// the FaultNotifier and the analyzer, and the repair loop acts on them.
	ReportFault(context.Context, *ReportFaultRequest) (*ReportFaultResponse, error)
	// The agent reports what runs at its location and receives what should: it starts what is
	// desired and not running, and stops what runs and is not desired (orphans of members that
	// were replaced while it was away).
	Reconcile(context.Context, *ReconcileRequest) (*ReconcileResponse, error)
	mustEmbedUnimplementedAgentServiceServer()
}

// UnimplementedAgentServiceServer must be embedded to have
// forward compatible implementations.
//
// NOTE: this should be embedded by value instead of pointer to avoid a nil
// pointer dereference when methods are called.
type UnimplementedAgentServiceServer struct{}

func (UnimplementedAgentServiceServer) Register(context.Context, *RegisterRequest) (*RegisterResponse, error) {
	return nil, status.Error(codes.Unimplemented, "method Register not implemented")
}
func (UnimplementedAgentServiceServer) Heartbeat(grpc.BidiStreamingServer[HeartbeatRequest, HeartbeatResponse]) error {
	return status.Error(codes.Unimplemented, "method Heartbeat not implemented")
}
func (UnimplementedAgentServiceServer) ReportFault(context.Context, *ReportFaultRequest) (*ReportFaultResponse, error) {
	return nil, status.Error(codes.Unimplemented, "method ReportFault not implemented")
}
func (UnimplementedAgentServiceServer) Reconcile(context.Context, *ReconcileRequest) (*ReconcileResponse, error) {
	return nil, status.Error(codes.Unimplemented, "method Reconcile not implemented")
}
func (UnimplementedAgentServiceServer) mustEmbedUnimplementedAgentServiceServer() {}
func (UnimplementedAgentServiceServer) testEmbeddedByValue()                      {}

// UnsafeAgentServiceServer may be embedded to opt out of forward compatibility for this service.
// Use of this interface is not recommended, as added methods to AgentServiceServer will
// result in compilation errors.
type UnsafeAgentServiceServer interface {
	mustEmbedUnimplementedAgentServiceServer()
}

func RegisterAgentServiceServer(s grpc.ServiceRegistrar, srv AgentServiceServer) {
	// If the following call panics, it indicates UnimplementedAgentServiceServer was
	// embedded by pointer and is nil.  This will cause panics if an
	// unimplemented method is ever invoked, so we test this at initialization
	// time to prevent it from happening at runtime later due to I/O.
	if t, ok := srv.(interface{ testEmbeddedByValue() }); ok {
		t.testEmbeddedByValue()
	}
	s.RegisterService(&AgentService_ServiceDesc, srv)
}

func _AgentService_Register_Handler(srv interface{}, ctx context.Context, dec func(interface{}) error, interceptor grpc.UnaryServerInterceptor) (interface{}, error) {
	in := new(RegisterRequest)
	if err := dec(in); err != nil {
		return nil, err
	}
	if interceptor == nil {
		return srv.(AgentServiceServer).Register(ctx, in)
	}
	info := &grpc.UnaryServerInfo{
		Server:     srv,
		FullMethod: AgentService_Register_FullMethodName,
	}
	handler := func(ctx context.Context, req interface{}) (interface{}, error) {
		return srv.(AgentServiceServer).Register(ctx, req.(*RegisterRequest))
	}
	return interceptor(ctx, in, info, handler)
}

func _AgentService_Heartbeat_Handler(srv interface{}, stream grpc.ServerStream) error {
	return srv.(AgentServiceServer).Heartbeat(&grpc.GenericServerStream[HeartbeatRequest, HeartbeatResponse]{ServerStream: stream})
}

// This type alias is provided for backwards compatibility with existing code that references the prior non-generic stream type by name.
type AgentService_HeartbeatServer = grpc.BidiStreamingServer[HeartbeatRequest, HeartbeatResponse]

func _AgentService_ReportFault_Handler(srv interface{}, ctx context.Context, dec func(interface{}) error, interceptor grpc.UnaryServerInterceptor) (interface{}, error) {
	in := new(ReportFaultRequest)
	if err := dec(in); err != nil {
		return nil, err
	}
	if interceptor == nil {
		return srv.(AgentServiceServer).ReportFault(ctx, in)
	}
	info := &grpc.UnaryServerInfo{
		Server:     srv,
		FullMethod: AgentService_ReportFault_FullMethodName,
	}
	handler := func(ctx context.Context, req interface{}) (interface{}, error) {
		return srv.(AgentServiceServer).ReportFault(ctx, req.(*ReportFaultRequest))
	}
	return interceptor(ctx, in, info, handler)
}

func _AgentService_Reconcile_Handler(srv interface{}, ctx context.Context, dec func(interface{}) error, interceptor grpc.UnaryServerInterceptor) (interface{}, error) {
	in := new(ReconcileRequest)
	if err := dec(in); err != nil {
		return nil, err
	}
	if interceptor == nil {
		return srv.(AgentServiceServer).Reconcile(ctx, in)
	}
	info := &grpc.UnaryServerInfo{
		Server:     srv,
		FullMethod: AgentService_Reconcile_FullMethodName,
	}
	handler := func(ctx context.Context, req interface{}) (interface{}, error) {
		return srv.(AgentServiceServer).Reconcile(ctx, req.(*ReconcileRequest))
	}
	return interceptor(ctx, in, info, handler)
}

// AgentService_ServiceDesc is the grpc.ServiceDesc for AgentService service.
// It's only intended for direct use with grpc.RegisterService,
// and not to be introspected or modified (even as a copy)
var AgentService_ServiceDesc = grpc.ServiceDesc{
	ServiceName: "warden.manager.v1.AgentService",
	HandlerType: (*AgentServiceServer)(nil),
	Methods: []grpc.MethodDesc{
		{
			MethodName: "Register",
			Handler:    _AgentService_Register_Handler,
		},
		{
			MethodName: "ReportFault",
			Handler:    _AgentService_ReportFault_Handler,
		},
		{
			MethodName: "Reconcile",
			Handler:    _AgentService_Reconcile_Handler,
		},
	},
	Streams: []grpc.StreamDesc{
		{
			StreamName:    "Heartbeat",
			Handler:       _AgentService_Heartbeat_Handler,
			ServerStreams: true,
			ClientStreams: true,
		},
	},
	Metadata: "warden/manager/v1/manager.proto",
}
