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

// Code generated by protoc-gen-go. DO NOT EDIT.
// versions:
// 	protoc-gen-go v1.36.12
// 	protoc        v3.21.12
// source: warden/manager/v1/manager.proto

package managerv1

import (
	v1 "github.com/wardenft/warden/api/warden/notify/v1"
	protoreflect "google.golang.org/protobuf/reflect/protoreflect"
	protoimpl "google.golang.org/protobuf/runtime/protoimpl"
	durationpb "google.golang.org/protobuf/types/known/durationpb"
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

// How the members of a group keep their state consistent (FT-CORBA ReplicationStyle).
type ReplicationStyle int32

const (
	// Not set at this level.
	ReplicationStyle_REPLICATION_STYLE_UNSPECIFIED ReplicationStyle = 0
	// Members keep no state between requests; any member serves; there is no primary.
	ReplicationStyle_REPLICATION_STYLE_STATELESS ReplicationStyle = 1
	// Only the primary runs; the agents at the backups' locations keep its checkpoints and log,
	// and a backup is started and rolled forward when the primary fails.
	ReplicationStyle_REPLICATION_STYLE_COLD_PASSIVE ReplicationStyle = 2
	// The primary executes and ships every update to running backups before it replies.
	ReplicationStyle_REPLICATION_STYLE_WARM_PASSIVE ReplicationStyle = 3
	// Every member executes every request in one total order; the client takes the first reply.
	ReplicationStyle_REPLICATION_STYLE_ACTIVE ReplicationStyle = 4
	// As ACTIVE, and the client votes on signed replies (2t+1 members mask t value faults).
	ReplicationStyle_REPLICATION_STYLE_ACTIVE_WITH_VOTING ReplicationStyle = 5
)

// Enum value maps for ReplicationStyle.
var (
	ReplicationStyle_name = map[int32]string{
		0: "REPLICATION_STYLE_UNSPECIFIED",
		1: "REPLICATION_STYLE_STATELESS",
		2: "REPLICATION_STYLE_COLD_PASSIVE",
		3: "REPLICATION_STYLE_WARM_PASSIVE",
		4: "REPLICATION_STYLE_ACTIVE",
		5: "REPLICATION_STYLE_ACTIVE_WITH_VOTING",
	}
	ReplicationStyle_value = map[string]int32{
		"REPLICATION_STYLE_UNSPECIFIED":        0,
		"REPLICATION_STYLE_STATELESS":          1,
		"REPLICATION_STYLE_COLD_PASSIVE":       2,
		"REPLICATION_STYLE_WARM_PASSIVE":       3,
		"REPLICATION_STYLE_ACTIVE":             4,
		"REPLICATION_STYLE_ACTIVE_WITH_VOTING": 5,
	}
)

func (x ReplicationStyle) Enum() *ReplicationStyle {
	p := new(ReplicationStyle)
	*p = x
	return p
}

func (x ReplicationStyle) String() string {
	return protoimpl.X.EnumStringOf(x.Descriptor(), protoreflect.EnumNumber(x))
}

func (ReplicationStyle) Descriptor() protoreflect.EnumDescriptor {
	return file_warden_manager_v1_manager_proto_enumTypes[0].Descriptor()
}

func (ReplicationStyle) Type() protoreflect.EnumType {
	return &file_warden_manager_v1_manager_proto_enumTypes[0]
}

func (x ReplicationStyle) Number() protoreflect.EnumNumber {
	return protoreflect.EnumNumber(x)
}

// Deprecated: Use ReplicationStyle.Descriptor instead.
func (ReplicationStyle) EnumDescriptor() ([]byte, []int) {
	return file_warden_manager_v1_manager_proto_rawDescGZIP(), []int{0}
}

// Who creates and removes members (FT-CORBA MembershipStyle).
type MembershipStyle int32

const (
	MembershipStyle_MEMBERSHIP_STYLE_UNSPECIFIED MembershipStyle = 0
	// The manager creates, adds and removes members and repairs the group.
	MembershipStyle_MEMBERSHIP_STYLE_INFRASTRUCTURE_CONTROLLED MembershipStyle = 1
	// The application calls create/add/remove_member; the manager only reports faults.
	MembershipStyle_MEMBERSHIP_STYLE_APPLICATION_CONTROLLED MembershipStyle = 2
)

// Enum value maps for MembershipStyle.
var (
	MembershipStyle_name = map[int32]string{
		0: "MEMBERSHIP_STYLE_UNSPECIFIED",
		1: "MEMBERSHIP_STYLE_INFRASTRUCTURE_CONTROLLED",
		2: "MEMBERSHIP_STYLE_APPLICATION_CONTROLLED",
	}
	MembershipStyle_value = map[string]int32{
		"MEMBERSHIP_STYLE_UNSPECIFIED":               0,
		"MEMBERSHIP_STYLE_INFRASTRUCTURE_CONTROLLED": 1,
		"MEMBERSHIP_STYLE_APPLICATION_CONTROLLED":    2,
	}
)

func (x MembershipStyle) Enum() *MembershipStyle {
	p := new(MembershipStyle)
	*p = x
	return p
}

func (x MembershipStyle) String() string {
	return protoimpl.X.EnumStringOf(x.Descriptor(), protoreflect.EnumNumber(x))
}

func (MembershipStyle) Descriptor() protoreflect.EnumDescriptor {
	return file_warden_manager_v1_manager_proto_enumTypes[1].Descriptor()
}

func (MembershipStyle) Type() protoreflect.EnumType {
	return &file_warden_manager_v1_manager_proto_enumTypes[1]
}

func (x MembershipStyle) Number() protoreflect.EnumNumber {
	return protoreflect.EnumNumber(x)
}

// Deprecated: Use MembershipStyle.Descriptor instead.
func (MembershipStyle) EnumDescriptor() ([]byte, []int) {
	return file_warden_manager_v1_manager_proto_rawDescGZIP(), []int{1}
}

// Who checkpoints and brings new members up to date (FT-CORBA ConsistencyStyle).
type ConsistencyStyle int32

const (
	ConsistencyStyle_CONSISTENCY_STYLE_UNSPECIFIED ConsistencyStyle = 0
	// The replica SDK checkpoints, logs and transfers state.
	ConsistencyStyle_CONSISTENCY_STYLE_INFRASTRUCTURE_CONTROLLED ConsistencyStyle = 1
	// The application does; not supported with the ACTIVE styles.
	ConsistencyStyle_CONSISTENCY_STYLE_APPLICATION_CONTROLLED ConsistencyStyle = 2
)

// Enum value maps for ConsistencyStyle.
var (
	ConsistencyStyle_name = map[int32]string{
		0: "CONSISTENCY_STYLE_UNSPECIFIED",
		1: "CONSISTENCY_STYLE_INFRASTRUCTURE_CONTROLLED",
		2: "CONSISTENCY_STYLE_APPLICATION_CONTROLLED",
	}
	ConsistencyStyle_value = map[string]int32{
		"CONSISTENCY_STYLE_UNSPECIFIED":               0,
		"CONSISTENCY_STYLE_INFRASTRUCTURE_CONTROLLED": 1,
		"CONSISTENCY_STYLE_APPLICATION_CONTROLLED":    2,
	}
)

func (x ConsistencyStyle) Enum() *ConsistencyStyle {
	p := new(ConsistencyStyle)
	*p = x
	return p
}

func (x ConsistencyStyle) String() string {
	return protoimpl.X.EnumStringOf(x.Descriptor(), protoreflect.EnumNumber(x))
}

func (ConsistencyStyle) Descriptor() protoreflect.EnumDescriptor {
	return file_warden_manager_v1_manager_proto_enumTypes[2].Descriptor()
}

func (ConsistencyStyle) Type() protoreflect.EnumType {
	return &file_warden_manager_v1_manager_proto_enumTypes[2]
}

func (x ConsistencyStyle) Number() protoreflect.EnumNumber {
	return protoreflect.EnumNumber(x)
}

// Deprecated: Use ConsistencyStyle.Descriptor instead.
func (ConsistencyStyle) EnumDescriptor() ([]byte, []int) {
	return file_warden_manager_v1_manager_proto_rawDescGZIP(), []int{2}
}

// How members are watched (FT-CORBA FaultMonitoringStyle). The agent also sees every member
// process exit at once, whatever the style.
type FaultMonitoringStyle int32

const (
	FaultMonitoringStyle_FAULT_MONITORING_STYLE_UNSPECIFIED FaultMonitoringStyle = 0
	// The agent polls grpc.health.v1.Health/Check every FaultMonitoringInterval, each poll
	// failing after FaultMonitoringTimeout.
	FaultMonitoringStyle_FAULT_MONITORING_STYLE_PULL FaultMonitoringStyle = 1
	// The member sends heartbeats every FaultMonitoringInterval; none for
	// FaultMonitoringTimeout is a fault.
	FaultMonitoringStyle_FAULT_MONITORING_STYLE_PUSH          FaultMonitoringStyle = 2
	FaultMonitoringStyle_FAULT_MONITORING_STYLE_NOT_MONITORED FaultMonitoringStyle = 3
)

// Enum value maps for FaultMonitoringStyle.
var (
	FaultMonitoringStyle_name = map[int32]string{
		0: "FAULT_MONITORING_STYLE_UNSPECIFIED",
		1: "FAULT_MONITORING_STYLE_PULL",
		2: "FAULT_MONITORING_STYLE_PUSH",
		3: "FAULT_MONITORING_STYLE_NOT_MONITORED",
	}
	FaultMonitoringStyle_value = map[string]int32{
		"FAULT_MONITORING_STYLE_UNSPECIFIED":   0,
		"FAULT_MONITORING_STYLE_PULL":          1,
		"FAULT_MONITORING_STYLE_PUSH":          2,
		"FAULT_MONITORING_STYLE_NOT_MONITORED": 3,
	}
)

func (x FaultMonitoringStyle) Enum() *FaultMonitoringStyle {
	p := new(FaultMonitoringStyle)
	*p = x
	return p
}

func (x FaultMonitoringStyle) String() string {
	return protoimpl.X.EnumStringOf(x.Descriptor(), protoreflect.EnumNumber(x))
}

func (FaultMonitoringStyle) Descriptor() protoreflect.EnumDescriptor {
	return file_warden_manager_v1_manager_proto_enumTypes[3].Descriptor()
}

func (FaultMonitoringStyle) Type() protoreflect.EnumType {
	return &file_warden_manager_v1_manager_proto_enumTypes[3]
}

func (x FaultMonitoringStyle) Number() protoreflect.EnumNumber {
	return protoreflect.EnumNumber(x)
}

// Deprecated: Use FaultMonitoringStyle.Descriptor instead.
func (FaultMonitoringStyle) EnumDescriptor() ([]byte, []int) {
	return file_warden_manager_v1_manager_proto_rawDescGZIP(), []int{3}
}

// What one fault report covers (FT-CORBA FaultMonitoringGranularity).
type FaultMonitoringGranularity int32

const (
	FaultMonitoringGranularity_FAULT_MONITORING_GRANULARITY_UNSPECIFIED FaultMonitoringGranularity = 0
	// Each member is monitored on its own.
	FaultMonitoringGranularity_FAULT_MONITORING_GRANULARITY_MEMBER FaultMonitoringGranularity = 1
	// One monitor per location stands for every member there.
	FaultMonitoringGranularity_FAULT_MONITORING_GRANULARITY_LOCATION FaultMonitoringGranularity = 2
	// One monitor per location and type stands for the members of that type there.
	FaultMonitoringGranularity_FAULT_MONITORING_GRANULARITY_LOCATION_AND_TYPE FaultMonitoringGranularity = 3
)

// Enum value maps for FaultMonitoringGranularity.
var (
	FaultMonitoringGranularity_name = map[int32]string{
		0: "FAULT_MONITORING_GRANULARITY_UNSPECIFIED",
		1: "FAULT_MONITORING_GRANULARITY_MEMBER",
		2: "FAULT_MONITORING_GRANULARITY_LOCATION",
		3: "FAULT_MONITORING_GRANULARITY_LOCATION_AND_TYPE",
	}
	FaultMonitoringGranularity_value = map[string]int32{
		"FAULT_MONITORING_GRANULARITY_UNSPECIFIED":       0,
		"FAULT_MONITORING_GRANULARITY_MEMBER":            1,
		"FAULT_MONITORING_GRANULARITY_LOCATION":          2,
		"FAULT_MONITORING_GRANULARITY_LOCATION_AND_TYPE": 3,
	}
)

func (x FaultMonitoringGranularity) Enum() *FaultMonitoringGranularity {
	p := new(FaultMonitoringGranularity)
	*p = x
	return p
}

func (x FaultMonitoringGranularity) String() string {
	return protoimpl.X.EnumStringOf(x.Descriptor(), protoreflect.EnumNumber(x))
}

func (FaultMonitoringGranularity) Descriptor() protoreflect.EnumDescriptor {
	return file_warden_manager_v1_manager_proto_enumTypes[4].Descriptor()
}

func (FaultMonitoringGranularity) Type() protoreflect.EnumType {
	return &file_warden_manager_v1_manager_proto_enumTypes[4]
}

func (x FaultMonitoringGranularity) Number() protoreflect.EnumNumber {
	return protoreflect.EnumNumber(x)
}

// Deprecated: Use FaultMonitoringGranularity.Descriptor instead.
func (FaultMonitoringGranularity) EnumDescriptor() ([]byte, []int) {
	return file_warden_manager_v1_manager_proto_rawDescGZIP(), []int{4}
}

// The names of the properties, for Remove*Properties and in errors. The names in errors and
// CLI output are FT-CORBA's, without the prefix: "ReplicationStyle", "Factories", ...
type PropertyName int32

const (
	PropertyName_PROPERTY_NAME_UNSPECIFIED                  PropertyName = 0
	PropertyName_PROPERTY_NAME_REPLICATION_STYLE            PropertyName = 1
	PropertyName_PROPERTY_NAME_MEMBERSHIP_STYLE             PropertyName = 2
	PropertyName_PROPERTY_NAME_CONSISTENCY_STYLE            PropertyName = 3
	PropertyName_PROPERTY_NAME_FAULT_MONITORING_STYLE       PropertyName = 4
	PropertyName_PROPERTY_NAME_FAULT_MONITORING_GRANULARITY PropertyName = 5
	PropertyName_PROPERTY_NAME_INITIAL_NUMBER_MEMBERS       PropertyName = 6
	PropertyName_PROPERTY_NAME_MINIMUM_NUMBER_MEMBERS       PropertyName = 7
	PropertyName_PROPERTY_NAME_FAULT_MONITORING_INTERVAL    PropertyName = 8
	PropertyName_PROPERTY_NAME_FAULT_MONITORING_TIMEOUT     PropertyName = 9
	PropertyName_PROPERTY_NAME_CHECKPOINT_INTERVAL          PropertyName = 10
	PropertyName_PROPERTY_NAME_FACTORIES                    PropertyName = 11
)

// Enum value maps for PropertyName.
var (
	PropertyName_name = map[int32]string{
		0:  "PROPERTY_NAME_UNSPECIFIED",
		1:  "PROPERTY_NAME_REPLICATION_STYLE",
		2:  "PROPERTY_NAME_MEMBERSHIP_STYLE",
		3:  "PROPERTY_NAME_CONSISTENCY_STYLE",
		4:  "PROPERTY_NAME_FAULT_MONITORING_STYLE",
		5:  "PROPERTY_NAME_FAULT_MONITORING_GRANULARITY",
		6:  "PROPERTY_NAME_INITIAL_NUMBER_MEMBERS",
		7:  "PROPERTY_NAME_MINIMUM_NUMBER_MEMBERS",
		8:  "PROPERTY_NAME_FAULT_MONITORING_INTERVAL",
		9:  "PROPERTY_NAME_FAULT_MONITORING_TIMEOUT",
		10: "PROPERTY_NAME_CHECKPOINT_INTERVAL",
		11: "PROPERTY_NAME_FACTORIES",
	}
	PropertyName_value = map[string]int32{
		"PROPERTY_NAME_UNSPECIFIED":                  0,
		"PROPERTY_NAME_REPLICATION_STYLE":            1,
		"PROPERTY_NAME_MEMBERSHIP_STYLE":             2,
		"PROPERTY_NAME_CONSISTENCY_STYLE":            3,
		"PROPERTY_NAME_FAULT_MONITORING_STYLE":       4,
		"PROPERTY_NAME_FAULT_MONITORING_GRANULARITY": 5,
		"PROPERTY_NAME_INITIAL_NUMBER_MEMBERS":       6,
		"PROPERTY_NAME_MINIMUM_NUMBER_MEMBERS":       7,
		"PROPERTY_NAME_FAULT_MONITORING_INTERVAL":    8,
		"PROPERTY_NAME_FAULT_MONITORING_TIMEOUT":     9,
		"PROPERTY_NAME_CHECKPOINT_INTERVAL":          10,
		"PROPERTY_NAME_FACTORIES":                    11,
	}
)

func (x PropertyName) Enum() *PropertyName {
	p := new(PropertyName)
	*p = x
	return p
}

func (x PropertyName) String() string {
	return protoimpl.X.EnumStringOf(x.Descriptor(), protoreflect.EnumNumber(x))
}

func (PropertyName) Descriptor() protoreflect.EnumDescriptor {
	return file_warden_manager_v1_manager_proto_enumTypes[5].Descriptor()
}

func (PropertyName) Type() protoreflect.EnumType {
	return &file_warden_manager_v1_manager_proto_enumTypes[5]
}

func (x PropertyName) Number() protoreflect.EnumNumber {
	return protoreflect.EnumNumber(x)
}

// Deprecated: Use PropertyName.Descriptor instead.
func (PropertyName) EnumDescriptor() ([]byte, []int) {
	return file_warden_manager_v1_manager_proto_rawDescGZIP(), []int{5}
}

// Where the value of a resolved property came from.
type PropertySource int32

const (
	PropertySource_PROPERTY_SOURCE_UNSPECIFIED PropertySource = 0
	PropertySource_PROPERTY_SOURCE_BUILTIN     PropertySource = 1
	PropertySource_PROPERTY_SOURCE_DEFAULT     PropertySource = 2
	PropertySource_PROPERTY_SOURCE_TYPE        PropertySource = 3
	PropertySource_PROPERTY_SOURCE_GROUP       PropertySource = 4
)

// Enum value maps for PropertySource.
var (
	PropertySource_name = map[int32]string{
		0: "PROPERTY_SOURCE_UNSPECIFIED",
		1: "PROPERTY_SOURCE_BUILTIN",
		2: "PROPERTY_SOURCE_DEFAULT",
		3: "PROPERTY_SOURCE_TYPE",
		4: "PROPERTY_SOURCE_GROUP",
	}
	PropertySource_value = map[string]int32{
		"PROPERTY_SOURCE_UNSPECIFIED": 0,
		"PROPERTY_SOURCE_BUILTIN":     1,
		"PROPERTY_SOURCE_DEFAULT":     2,
		"PROPERTY_SOURCE_TYPE":        3,
		"PROPERTY_SOURCE_GROUP":       4,
	}
)

func (x PropertySource) Enum() *PropertySource {
	p := new(PropertySource)
	*p = x
	return p
}

func (x PropertySource) String() string {
	return protoimpl.X.EnumStringOf(x.Descriptor(), protoreflect.EnumNumber(x))
}

func (PropertySource) Descriptor() protoreflect.EnumDescriptor {
	return file_warden_manager_v1_manager_proto_enumTypes[6].Descriptor()
}

func (PropertySource) Type() protoreflect.EnumType {
	return &file_warden_manager_v1_manager_proto_enumTypes[6]
}

func (x PropertySource) Number() protoreflect.EnumNumber {
	return protoreflect.EnumNumber(x)
}

// Deprecated: Use PropertySource.Descriptor instead.
func (PropertySource) EnumDescriptor() ([]byte, []int) {
	return file_warden_manager_v1_manager_proto_rawDescGZIP(), []int{6}
}

type LocationState int32

const (
	LocationState_LOCATION_STATE_UNSPECIFIED LocationState = 0
	// Registered and heartbeating (as last committed): a candidate for placement.
	LocationState_LOCATION_STATE_UP LocationState = 1
	// The host was judged failed; its members were (or are being) replaced. It is up again when
	// its agent registers again.
	LocationState_LOCATION_STATE_DOWN LocationState = 2
)

// Enum value maps for LocationState.
var (
	LocationState_name = map[int32]string{
		0: "LOCATION_STATE_UNSPECIFIED",
		1: "LOCATION_STATE_UP",
		2: "LOCATION_STATE_DOWN",
	}
	LocationState_value = map[string]int32{
		"LOCATION_STATE_UNSPECIFIED": 0,
		"LOCATION_STATE_UP":          1,
		"LOCATION_STATE_DOWN":        2,
	}
)

func (x LocationState) Enum() *LocationState {
	p := new(LocationState)
	*p = x
	return p
}

func (x LocationState) String() string {
	return protoimpl.X.EnumStringOf(x.Descriptor(), protoreflect.EnumNumber(x))
}

func (LocationState) Descriptor() protoreflect.EnumDescriptor {
	return file_warden_manager_v1_manager_proto_enumTypes[7].Descriptor()
}

func (LocationState) Type() protoreflect.EnumType {
	return &file_warden_manager_v1_manager_proto_enumTypes[7]
}

func (x LocationState) Number() protoreflect.EnumNumber {
	return protoreflect.EnumNumber(x)
}

// Deprecated: Use LocationState.Descriptor instead.
func (LocationState) EnumDescriptor() ([]byte, []int) {
	return file_warden_manager_v1_manager_proto_rawDescGZIP(), []int{7}
}

// A member's state in a view.
type MemberState int32

const (
	MemberState_MEMBER_STATE_UNSPECIFIED MemberState = 0
	// Running and serving (or, for a backup, applying updates).
	MemberState_MEMBER_STATE_READY MemberState = 1
	// A COLD_PASSIVE backup: no process runs; the agent there holds the primary's checkpoints
	// and log.
	MemberState_MEMBER_STATE_COLD MemberState = 2
	// A member being started in place: a promoted COLD_PASSIVE backup restoring and rolling
	// forward. It becomes READY when its agent reports it so.
	MemberState_MEMBER_STATE_STARTING MemberState = 3
)

// Enum value maps for MemberState.
var (
	MemberState_name = map[int32]string{
		0: "MEMBER_STATE_UNSPECIFIED",
		1: "MEMBER_STATE_READY",
		2: "MEMBER_STATE_COLD",
		3: "MEMBER_STATE_STARTING",
	}
	MemberState_value = map[string]int32{
		"MEMBER_STATE_UNSPECIFIED": 0,
		"MEMBER_STATE_READY":       1,
		"MEMBER_STATE_COLD":        2,
		"MEMBER_STATE_STARTING":    3,
	}
)

func (x MemberState) Enum() *MemberState {
	p := new(MemberState)
	*p = x
	return p
}

func (x MemberState) String() string {
	return protoimpl.X.EnumStringOf(x.Descriptor(), protoreflect.EnumNumber(x))
}

func (MemberState) Descriptor() protoreflect.EnumDescriptor {
	return file_warden_manager_v1_manager_proto_enumTypes[8].Descriptor()
}

func (MemberState) Type() protoreflect.EnumType {
	return &file_warden_manager_v1_manager_proto_enumTypes[8]
}

func (x MemberState) Number() protoreflect.EnumNumber {
	return protoreflect.EnumNumber(x)
}

// Deprecated: Use MemberState.Descriptor instead.
func (MemberState) EnumDescriptor() ([]byte, []int) {
	return file_warden_manager_v1_manager_proto_rawDescGZIP(), []int{8}
}

// What runs (or is held, for COLD members) at a location.
type ActualState int32

const (
	ActualState_ACTUAL_STATE_UNSPECIFIED ActualState = 0
	// Started; not yet passing its health check (or not yet caught up).
	ActualState_ACTUAL_STATE_STARTING ActualState = 1
	// Running and healthy: may join the view.
	ActualState_ACTUAL_STATE_READY ActualState = 2
	// The agent holds the checkpoints and log of a COLD member; no process.
	ActualState_ACTUAL_STATE_HELD ActualState = 3
	// The process exited; exit_status says how.
	ActualState_ACTUAL_STATE_EXITED ActualState = 4
)

// Enum value maps for ActualState.
var (
	ActualState_name = map[int32]string{
		0: "ACTUAL_STATE_UNSPECIFIED",
		1: "ACTUAL_STATE_STARTING",
		2: "ACTUAL_STATE_READY",
		3: "ACTUAL_STATE_HELD",
		4: "ACTUAL_STATE_EXITED",
	}
	ActualState_value = map[string]int32{
		"ACTUAL_STATE_UNSPECIFIED": 0,
		"ACTUAL_STATE_STARTING":    1,
		"ACTUAL_STATE_READY":       2,
		"ACTUAL_STATE_HELD":        3,
		"ACTUAL_STATE_EXITED":      4,
	}
)

func (x ActualState) Enum() *ActualState {
	p := new(ActualState)
	*p = x
	return p
}

func (x ActualState) String() string {
	return protoimpl.X.EnumStringOf(x.Descriptor(), protoreflect.EnumNumber(x))
}

func (ActualState) Descriptor() protoreflect.EnumDescriptor {
	return file_warden_manager_v1_manager_proto_enumTypes[9].Descriptor()
}

func (ActualState) Type() protoreflect.EnumType {
	return &file_warden_manager_v1_manager_proto_enumTypes[9]
}

func (x ActualState) Number() protoreflect.EnumNumber {
	return protoreflect.EnumNumber(x)
}

// Deprecated: Use ActualState.Descriptor instead.
func (ActualState) EnumDescriptor() ([]byte, []int) {
	return file_warden_manager_v1_manager_proto_rawDescGZIP(), []int{9}
}

// What the manager wants at a location.
type DesiredRole int32

const (
	DesiredRole_DESIRED_ROLE_UNSPECIFIED DesiredRole = 0
	// Run the member's process.
	DesiredRole_DESIRED_ROLE_RUN DesiredRole = 1
	// Hold checkpoints and log for a COLD_PASSIVE backup; run nothing.
	DesiredRole_DESIRED_ROLE_HOLD DesiredRole = 2
)

// Enum value maps for DesiredRole.
var (
	DesiredRole_name = map[int32]string{
		0: "DESIRED_ROLE_UNSPECIFIED",
		1: "DESIRED_ROLE_RUN",
		2: "DESIRED_ROLE_HOLD",
	}
	DesiredRole_value = map[string]int32{
		"DESIRED_ROLE_UNSPECIFIED": 0,
		"DESIRED_ROLE_RUN":         1,
		"DESIRED_ROLE_HOLD":        2,
	}
)

func (x DesiredRole) Enum() *DesiredRole {
	p := new(DesiredRole)
	*p = x
	return p
}

func (x DesiredRole) String() string {
	return protoimpl.X.EnumStringOf(x.Descriptor(), protoreflect.EnumNumber(x))
}

func (DesiredRole) Descriptor() protoreflect.EnumDescriptor {
	return file_warden_manager_v1_manager_proto_enumTypes[10].Descriptor()
}

func (DesiredRole) Type() protoreflect.EnumType {
	return &file_warden_manager_v1_manager_proto_enumTypes[10]
}

func (x DesiredRole) Number() protoreflect.EnumNumber {
	return protoreflect.EnumNumber(x)
}

// Deprecated: Use DesiredRole.Descriptor instead.
func (DesiredRole) EnumDescriptor() ([]byte, []int) {
	return file_warden_manager_v1_manager_proto_rawDescGZIP(), []int{10}
}

// A set of fault tolerance properties. At one level (defaults, type, group) an absent field is
// not set there; resolved properties have every field set.
//
// Rules, checked on resolved properties (INVALID_PROPERTY unless noted):
//
//	1 <= minimum_number_members <= initial_number_members <= 64;
//	fault_monitoring_interval, fault_monitoring_timeout, checkpoint_interval > 0;
//	factories: distinct location names (1 to 128 bytes of letters, digits, '-', '_', '.',
//	  ':'), at least minimum_number_members of them when membership is infrastructure-
//	  controlled (a group has at most one member per location). Factories may name locations
//	  that have not registered yet: they become candidates when their agent registers.
//	ACTIVE_WITH_VOTING needs minimum_number_members >= 3 (UNSUPPORTED_PROPERTY);
//	ACTIVE and ACTIVE_WITH_VOTING need infrastructure-controlled consistency
//	  (UNSUPPORTED_PROPERTY).
type Properties struct {
	state                      protoimpl.MessageState     `protogen:"open.v1"`
	ReplicationStyle           ReplicationStyle           `protobuf:"varint,1,opt,name=replication_style,json=replicationStyle,proto3,enum=warden.manager.v1.ReplicationStyle" json:"replication_style,omitempty"`
	MembershipStyle            MembershipStyle            `protobuf:"varint,2,opt,name=membership_style,json=membershipStyle,proto3,enum=warden.manager.v1.MembershipStyle" json:"membership_style,omitempty"`
	ConsistencyStyle           ConsistencyStyle           `protobuf:"varint,3,opt,name=consistency_style,json=consistencyStyle,proto3,enum=warden.manager.v1.ConsistencyStyle" json:"consistency_style,omitempty"`
	FaultMonitoringStyle       FaultMonitoringStyle       `protobuf:"varint,4,opt,name=fault_monitoring_style,json=faultMonitoringStyle,proto3,enum=warden.manager.v1.FaultMonitoringStyle" json:"fault_monitoring_style,omitempty"`
	FaultMonitoringGranularity FaultMonitoringGranularity `protobuf:"varint,5,opt,name=fault_monitoring_granularity,json=faultMonitoringGranularity,proto3,enum=warden.manager.v1.FaultMonitoringGranularity" json:"fault_monitoring_granularity,omitempty"`
	// Members created with the group. Built-in default 3.
	InitialNumberMembers *uint32 `protobuf:"varint,6,opt,name=initial_number_members,json=initialNumberMembers,proto3,oneof" json:"initial_number_members,omitempty"`
	// Below this many members the manager creates new ones. Built-in default 2.
	MinimumNumberMembers *uint32 `protobuf:"varint,7,opt,name=minimum_number_members,json=minimumNumberMembers,proto3,oneof" json:"minimum_number_members,omitempty"`
	// Built-in default 1s.
	FaultMonitoringInterval *durationpb.Duration `protobuf:"bytes,8,opt,name=fault_monitoring_interval,json=faultMonitoringInterval,proto3" json:"fault_monitoring_interval,omitempty"`
	// Built-in default 500ms.
	FaultMonitoringTimeout *durationpb.Duration `protobuf:"bytes,9,opt,name=fault_monitoring_timeout,json=faultMonitoringTimeout,proto3" json:"fault_monitoring_timeout,omitempty"`
	// Built-in default 10s.
	CheckpointInterval *durationpb.Duration `protobuf:"bytes,10,opt,name=checkpoint_interval,json=checkpointInterval,proto3" json:"checkpoint_interval,omitempty"`
	// Where members may be created. Absent everywhere: at any registered location.
	Factories     *Factories `protobuf:"bytes,11,opt,name=factories,proto3" json:"factories,omitempty"`
	unknownFields protoimpl.UnknownFields
	sizeCache     protoimpl.SizeCache
}

func (x *Properties) Reset() {
	*x = Properties{}
	mi := &file_warden_manager_v1_manager_proto_msgTypes[0]
	ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
	ms.StoreMessageInfo(mi)
}

func (x *Properties) String() string {
	return protoimpl.X.MessageStringOf(x)
}

func (*Properties) ProtoMessage() {}

func (x *Properties) ProtoReflect() protoreflect.Message {
	mi := &file_warden_manager_v1_manager_proto_msgTypes[0]
	if x != nil {
		ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
		if ms.LoadMessageInfo() == nil {
			ms.StoreMessageInfo(mi)
		}
		return ms
	}
	return mi.MessageOf(x)
}

// Deprecated: Use Properties.ProtoReflect.Descriptor instead.
func (*Properties) Descriptor() ([]byte, []int) {
	return file_warden_manager_v1_manager_proto_rawDescGZIP(), []int{0}
}

func (x *Properties) GetReplicationStyle() ReplicationStyle {
	if x != nil {
		return x.ReplicationStyle
	}
	return ReplicationStyle_REPLICATION_STYLE_UNSPECIFIED
}

func (x *Properties) GetMembershipStyle() MembershipStyle {
	if x != nil {
		return x.MembershipStyle
	}
	return MembershipStyle_MEMBERSHIP_STYLE_UNSPECIFIED
}

func (x *Properties) GetConsistencyStyle() ConsistencyStyle {
	if x != nil {
		return x.ConsistencyStyle
	}
	return ConsistencyStyle_CONSISTENCY_STYLE_UNSPECIFIED
}

func (x *Properties) GetFaultMonitoringStyle() FaultMonitoringStyle {
	if x != nil {
		return x.FaultMonitoringStyle
	}
	return FaultMonitoringStyle_FAULT_MONITORING_STYLE_UNSPECIFIED
}

func (x *Properties) GetFaultMonitoringGranularity() FaultMonitoringGranularity {
	if x != nil {
		return x.FaultMonitoringGranularity
	}
	return FaultMonitoringGranularity_FAULT_MONITORING_GRANULARITY_UNSPECIFIED
}

func (x *Properties) GetInitialNumberMembers() uint32 {
	if x != nil && x.InitialNumberMembers != nil {
		return *x.InitialNumberMembers
	}
	return 0
}

func (x *Properties) GetMinimumNumberMembers() uint32 {
	if x != nil && x.MinimumNumberMembers != nil {
		return *x.MinimumNumberMembers
	}
	return 0
}

func (x *Properties) GetFaultMonitoringInterval() *durationpb.Duration {
	if x != nil {
		return x.FaultMonitoringInterval
	}
	return nil
}

func (x *Properties) GetFaultMonitoringTimeout() *durationpb.Duration {
	if x != nil {
		return x.FaultMonitoringTimeout
	}
	return nil
}

func (x *Properties) GetCheckpointInterval() *durationpb.Duration {
	if x != nil {
		return x.CheckpointInterval
	}
	return nil
}

func (x *Properties) GetFactories() *Factories {
	if x != nil {
		return x.Factories
	}
	return nil
}

// The locations where members of a group may be created (FT-CORBA FactoryInfos: here the
// factory at a location is its agent).
type Factories struct {
	state         protoimpl.MessageState `protogen:"open.v1"`
	Locations     []string               `protobuf:"bytes,1,rep,name=locations,proto3" json:"locations,omitempty"`
	unknownFields protoimpl.UnknownFields
	sizeCache     protoimpl.SizeCache
}

func (x *Factories) Reset() {
	*x = Factories{}
	mi := &file_warden_manager_v1_manager_proto_msgTypes[1]
	ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
	ms.StoreMessageInfo(mi)
}

func (x *Factories) String() string {
	return protoimpl.X.MessageStringOf(x)
}

func (*Factories) ProtoMessage() {}

func (x *Factories) ProtoReflect() protoreflect.Message {
	mi := &file_warden_manager_v1_manager_proto_msgTypes[1]
	if x != nil {
		ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
		if ms.LoadMessageInfo() == nil {
			ms.StoreMessageInfo(mi)
		}
		return ms
	}
	return mi.MessageOf(x)
}

// Deprecated: Use Factories.ProtoReflect.Descriptor instead.
func (*Factories) Descriptor() ([]byte, []int) {
	return file_warden_manager_v1_manager_proto_rawDescGZIP(), []int{1}
}

func (x *Factories) GetLocations() []string {
	if x != nil {
		return x.Locations
	}
	return nil
}

type PropertyOrigin struct {
	state         protoimpl.MessageState `protogen:"open.v1"`
	Name          PropertyName           `protobuf:"varint,1,opt,name=name,proto3,enum=warden.manager.v1.PropertyName" json:"name,omitempty"`
	Source        PropertySource         `protobuf:"varint,2,opt,name=source,proto3,enum=warden.manager.v1.PropertySource" json:"source,omitempty"`
	unknownFields protoimpl.UnknownFields
	sizeCache     protoimpl.SizeCache
}

func (x *PropertyOrigin) Reset() {
	*x = PropertyOrigin{}
	mi := &file_warden_manager_v1_manager_proto_msgTypes[2]
	ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
	ms.StoreMessageInfo(mi)
}

func (x *PropertyOrigin) String() string {
	return protoimpl.X.MessageStringOf(x)
}

func (*PropertyOrigin) ProtoMessage() {}

func (x *PropertyOrigin) ProtoReflect() protoreflect.Message {
	mi := &file_warden_manager_v1_manager_proto_msgTypes[2]
	if x != nil {
		ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
		if ms.LoadMessageInfo() == nil {
			ms.StoreMessageInfo(mi)
		}
		return ms
	}
	return mi.MessageOf(x)
}

// Deprecated: Use PropertyOrigin.ProtoReflect.Descriptor instead.
func (*PropertyOrigin) Descriptor() ([]byte, []int) {
	return file_warden_manager_v1_manager_proto_rawDescGZIP(), []int{2}
}

func (x *PropertyOrigin) GetName() PropertyName {
	if x != nil {
		return x.Name
	}
	return PropertyName_PROPERTY_NAME_UNSPECIFIED
}

func (x *PropertyOrigin) GetSource() PropertySource {
	if x != nil {
		return x.Source
	}
	return PropertySource_PROPERTY_SOURCE_UNSPECIFIED
}

// How an agent starts a member. In command, args and env values these placeholders are
// replaced: {{member}} (the member id, e.g. "m3"), {{group}} (the group id), {{type}},
// {{location}}, {{creation_id}}, {{port}} (a free TCP port the agent assigned; the member must
// listen on it, on the agent's host), {{data_dir}} (a directory the agent created for this
// member and keeps until the member is deleted). "{{" not starting a placeholder is an error
// at registration.
type LaunchSpec struct {
	state protoimpl.MessageState `protogen:"open.v1"`
	// The executable: an absolute path, or a name looked up in the agent's PATH.
	Command string   `protobuf:"bytes,1,opt,name=command,proto3" json:"command,omitempty"`
	Args    []string `protobuf:"bytes,2,rep,name=args,proto3" json:"args,omitempty"`
	// Added to the agent's environment, in order (a later entry wins).
	Env []*EnvVar `protobuf:"bytes,3,rep,name=env,proto3" json:"env,omitempty"`
	// On delete the agent sends SIGTERM, then SIGKILL after this long. Absent: 5s.
	StopGracePeriod *durationpb.Duration `protobuf:"bytes,4,opt,name=stop_grace_period,json=stopGracePeriod,proto3" json:"stop_grace_period,omitempty"`
	// The grpc.health.v1 service name to check with PULL monitoring ("" = the server).
	HealthService string `protobuf:"bytes,5,opt,name=health_service,json=healthService,proto3" json:"health_service,omitempty"`
	unknownFields protoimpl.UnknownFields
	sizeCache     protoimpl.SizeCache
}

func (x *LaunchSpec) Reset() {
	*x = LaunchSpec{}
	mi := &file_warden_manager_v1_manager_proto_msgTypes[3]
	ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
	ms.StoreMessageInfo(mi)
}

func (x *LaunchSpec) String() string {
	return protoimpl.X.MessageStringOf(x)
}

func (*LaunchSpec) ProtoMessage() {}

func (x *LaunchSpec) ProtoReflect() protoreflect.Message {
	mi := &file_warden_manager_v1_manager_proto_msgTypes[3]
	if x != nil {
		ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
		if ms.LoadMessageInfo() == nil {
			ms.StoreMessageInfo(mi)
		}
		return ms
	}
	return mi.MessageOf(x)
}

// Deprecated: Use LaunchSpec.ProtoReflect.Descriptor instead.
func (*LaunchSpec) Descriptor() ([]byte, []int) {
	return file_warden_manager_v1_manager_proto_rawDescGZIP(), []int{3}
}

func (x *LaunchSpec) GetCommand() string {
	if x != nil {
		return x.Command
	}
	return ""
}

func (x *LaunchSpec) GetArgs() []string {
	if x != nil {
		return x.Args
	}
	return nil
}

func (x *LaunchSpec) GetEnv() []*EnvVar {
	if x != nil {
		return x.Env
	}
	return nil
}

func (x *LaunchSpec) GetStopGracePeriod() *durationpb.Duration {
	if x != nil {
		return x.StopGracePeriod
	}
	return nil
}

func (x *LaunchSpec) GetHealthService() string {
	if x != nil {
		return x.HealthService
	}
	return ""
}

type EnvVar struct {
	state         protoimpl.MessageState `protogen:"open.v1"`
	Name          string                 `protobuf:"bytes,1,opt,name=name,proto3" json:"name,omitempty"`
	Value         string                 `protobuf:"bytes,2,opt,name=value,proto3" json:"value,omitempty"`
	unknownFields protoimpl.UnknownFields
	sizeCache     protoimpl.SizeCache
}

func (x *EnvVar) Reset() {
	*x = EnvVar{}
	mi := &file_warden_manager_v1_manager_proto_msgTypes[4]
	ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
	ms.StoreMessageInfo(mi)
}

func (x *EnvVar) String() string {
	return protoimpl.X.MessageStringOf(x)
}

func (*EnvVar) ProtoMessage() {}

func (x *EnvVar) ProtoReflect() protoreflect.Message {
	mi := &file_warden_manager_v1_manager_proto_msgTypes[4]
	if x != nil {
		ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
		if ms.LoadMessageInfo() == nil {
			ms.StoreMessageInfo(mi)
		}
		return ms
	}
	return mi.MessageOf(x)
}

// Deprecated: Use EnvVar.ProtoReflect.Descriptor instead.
func (*EnvVar) Descriptor() ([]byte, []int) {
	return file_warden_manager_v1_manager_proto_rawDescGZIP(), []int{4}
}

func (x *EnvVar) GetName() string {
	if x != nil {
		return x.Name
	}
	return ""
}

func (x *EnvVar) GetValue() string {
	if x != nil {
		return x.Value
	}
	return ""
}

// A member type (FT-CORBA TypeId plus what its factory needs).
type MemberType struct {
	state protoimpl.MessageState `protogen:"open.v1"`
	// 1 to 128 bytes: letters, digits, '-', '_', '.', ':', '/'.
	TypeId string      `protobuf:"bytes,1,opt,name=type_id,json=typeId,proto3" json:"type_id,omitempty"`
	Launch *LaunchSpec `protobuf:"bytes,2,opt,name=launch,proto3" json:"launch,omitempty"`
	// Free text for operators.
	Description   string `protobuf:"bytes,3,opt,name=description,proto3" json:"description,omitempty"`
	unknownFields protoimpl.UnknownFields
	sizeCache     protoimpl.SizeCache
}

func (x *MemberType) Reset() {
	*x = MemberType{}
	mi := &file_warden_manager_v1_manager_proto_msgTypes[5]
	ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
	ms.StoreMessageInfo(mi)
}

func (x *MemberType) String() string {
	return protoimpl.X.MessageStringOf(x)
}

func (*MemberType) ProtoMessage() {}

func (x *MemberType) ProtoReflect() protoreflect.Message {
	mi := &file_warden_manager_v1_manager_proto_msgTypes[5]
	if x != nil {
		ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
		if ms.LoadMessageInfo() == nil {
			ms.StoreMessageInfo(mi)
		}
		return ms
	}
	return mi.MessageOf(x)
}

// Deprecated: Use MemberType.ProtoReflect.Descriptor instead.
func (*MemberType) Descriptor() ([]byte, []int) {
	return file_warden_manager_v1_manager_proto_rawDescGZIP(), []int{5}
}

func (x *MemberType) GetTypeId() string {
	if x != nil {
		return x.TypeId
	}
	return ""
}

func (x *MemberType) GetLaunch() *LaunchSpec {
	if x != nil {
		return x.Launch
	}
	return nil
}

func (x *MemberType) GetDescription() string {
	if x != nil {
		return x.Description
	}
	return ""
}

// A location: a host with its agent.
type Location struct {
	state protoimpl.MessageState `protogen:"open.v1"`
	Name  string                 `protobuf:"bytes,1,opt,name=name,proto3" json:"name,omitempty"`
	// The agent's own gRPC address, for operators and diagnostics.
	AgentAddress string `protobuf:"bytes,2,opt,name=agent_address,json=agentAddress,proto3" json:"agent_address,omitempty"`
	// Changes with every start of the agent process (e.g. a random 64-bit value): a registration
	// with a new incarnation is a restart, and the members the old one ran are gone.
	Incarnation uint64        `protobuf:"varint,3,opt,name=incarnation,proto3" json:"incarnation,omitempty"`
	State       LocationState `protobuf:"varint,4,opt,name=state,proto3,enum=warden.manager.v1.LocationState" json:"state,omitempty"`
	// Free key/values for operators (rack, zone).
	Labels       map[string]string      `protobuf:"bytes,5,rep,name=labels,proto3" json:"labels,omitempty" protobuf_key:"bytes,1,opt,name=key" protobuf_val:"bytes,2,opt,name=value"`
	RegisteredAt *timestamppb.Timestamp `protobuf:"bytes,6,opt,name=registered_at,json=registeredAt,proto3" json:"registered_at,omitempty"`
	// When state last changed.
	StateChangedAt *timestamppb.Timestamp `protobuf:"bytes,7,opt,name=state_changed_at,json=stateChangedAt,proto3" json:"state_changed_at,omitempty"`
	unknownFields  protoimpl.UnknownFields
	sizeCache      protoimpl.SizeCache
}

func (x *Location) Reset() {
	*x = Location{}
	mi := &file_warden_manager_v1_manager_proto_msgTypes[6]
	ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
	ms.StoreMessageInfo(mi)
}

func (x *Location) String() string {
	return protoimpl.X.MessageStringOf(x)
}

func (*Location) ProtoMessage() {}

func (x *Location) ProtoReflect() protoreflect.Message {
	mi := &file_warden_manager_v1_manager_proto_msgTypes[6]
	if x != nil {
		ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
		if ms.LoadMessageInfo() == nil {
			ms.StoreMessageInfo(mi)
		}
		return ms
	}
	return mi.MessageOf(x)
}

// Deprecated: Use Location.ProtoReflect.Descriptor instead.
func (*Location) Descriptor() ([]byte, []int) {
	return file_warden_manager_v1_manager_proto_rawDescGZIP(), []int{6}
}

func (x *Location) GetName() string {
	if x != nil {
		return x.Name
	}
	return ""
}

func (x *Location) GetAgentAddress() string {
	if x != nil {
		return x.AgentAddress
	}
	return ""
}

func (x *Location) GetIncarnation() uint64 {
	if x != nil {
		return x.Incarnation
	}
	return 0
}

func (x *Location) GetState() LocationState {
	if x != nil {
		return x.State
	}
	return LocationState_LOCATION_STATE_UNSPECIFIED
}

func (x *Location) GetLabels() map[string]string {
	if x != nil {
		return x.Labels
	}
	return nil
}

func (x *Location) GetRegisteredAt() *timestamppb.Timestamp {
	if x != nil {
		return x.RegisteredAt
	}
	return nil
}

func (x *Location) GetStateChangedAt() *timestamppb.Timestamp {
	if x != nil {
		return x.StateChangedAt
	}
	return nil
}

// A member of a view.
type Member struct {
	state protoimpl.MessageState `protogen:"open.v1"`
	// Unique in the group forever: "m" followed by the creation id.
	MemberId string `protobuf:"bytes,1,opt,name=member_id,json=memberId,proto3" json:"member_id,omitempty"`
	// The location (the member's slot: one member per group and location).
	Location string `protobuf:"bytes,2,opt,name=location,proto3" json:"location,omitempty"`
	// The factory creation id (FT-CORBA FactoryCreationId); increasing in the group.
	CreationId uint64 `protobuf:"varint,3,opt,name=creation_id,json=creationId,proto3" json:"creation_id,omitempty"`
	// host:port where the member serves; empty while COLD or STARTING and not yet known.
	Address string      `protobuf:"bytes,4,opt,name=address,proto3" json:"address,omitempty"`
	State   MemberState `protobuf:"varint,5,opt,name=state,proto3,enum=warden.manager.v1.MemberState" json:"state,omitempty"`
	// Added with add_member as an object started outside the manager: no agent starts, stops or
	// watches it (it is not in any location's desired members); faults about it come from
	// whoever reports them.
	External bool `protobuf:"varint,6,opt,name=external,proto3" json:"external,omitempty"`
	// For passive groups: the member holds every committed update, so it may be promoted. The
	// first member of a group is; a backup added later is once the primary reported it caught
	// up (MemberService.RenewLease). A failed primary is replaced only by a caught-up backup.
	CaughtUp      bool `protobuf:"varint,7,opt,name=caught_up,json=caughtUp,proto3" json:"caught_up,omitempty"`
	unknownFields protoimpl.UnknownFields
	sizeCache     protoimpl.SizeCache
}

func (x *Member) Reset() {
	*x = Member{}
	mi := &file_warden_manager_v1_manager_proto_msgTypes[7]
	ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
	ms.StoreMessageInfo(mi)
}

func (x *Member) String() string {
	return protoimpl.X.MessageStringOf(x)
}

func (*Member) ProtoMessage() {}

func (x *Member) ProtoReflect() protoreflect.Message {
	mi := &file_warden_manager_v1_manager_proto_msgTypes[7]
	if x != nil {
		ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
		if ms.LoadMessageInfo() == nil {
			ms.StoreMessageInfo(mi)
		}
		return ms
	}
	return mi.MessageOf(x)
}

// Deprecated: Use Member.ProtoReflect.Descriptor instead.
func (*Member) Descriptor() ([]byte, []int) {
	return file_warden_manager_v1_manager_proto_rawDescGZIP(), []int{7}
}

func (x *Member) GetMemberId() string {
	if x != nil {
		return x.MemberId
	}
	return ""
}

func (x *Member) GetLocation() string {
	if x != nil {
		return x.Location
	}
	return ""
}

func (x *Member) GetCreationId() uint64 {
	if x != nil {
		return x.CreationId
	}
	return 0
}

func (x *Member) GetAddress() string {
	if x != nil {
		return x.Address
	}
	return ""
}

func (x *Member) GetState() MemberState {
	if x != nil {
		return x.State
	}
	return MemberState_MEMBER_STATE_UNSPECIFIED
}

func (x *Member) GetExternal() bool {
	if x != nil {
		return x.External
	}
	return false
}

func (x *Member) GetCaughtUp() bool {
	if x != nil {
		return x.CaughtUp
	}
	return false
}

// The view of a group: what clients hold as the group reference.
type View struct {
	state   protoimpl.MessageState `protogen:"open.v1"`
	GroupId string                 `protobuf:"bytes,1,opt,name=group_id,json=groupId,proto3" json:"group_id,omitempty"`
	TypeId  string                 `protobuf:"bytes,2,opt,name=type_id,json=typeId,proto3" json:"type_id,omitempty"`
	// Raised by every change of membership or primary. 0 only for a group that never had a
	// member.
	Epoch uint64 `protobuf:"varint,3,opt,name=epoch,proto3" json:"epoch,omitempty"`
	// Raised by every change of this message (so also with every epoch). Versions come from one
	// counter shared by all groups: a group's versions increase but are not consecutive, and a
	// group deleted and created again never repeats one.
	Version uint64 `protobuf:"varint,4,opt,name=version,proto3" json:"version,omitempty"`
	// The primary's member id; empty for STATELESS, ACTIVE, ACTIVE_WITH_VOTING and when a
	// passive group has no member.
	Primary string `protobuf:"bytes,5,opt,name=primary,proto3" json:"primary,omitempty"`
	// In the order they joined.
	Members []*Member `protobuf:"bytes,6,rep,name=members,proto3" json:"members,omitempty"`
	// The group's resolved replication style, so that a client knows whether to send to the
	// primary or to any member.
	ReplicationStyle ReplicationStyle `protobuf:"varint,7,opt,name=replication_style,json=replicationStyle,proto3,enum=warden.manager.v1.ReplicationStyle" json:"replication_style,omitempty"`
	// Why this view was made, for operators (e.g. "m2 removed: ObjectCrashFault").
	Reason string `protobuf:"bytes,8,opt,name=reason,proto3" json:"reason,omitempty"`
	// The time of the command that made this view.
	ChangedAt     *timestamppb.Timestamp `protobuf:"bytes,9,opt,name=changed_at,json=changedAt,proto3" json:"changed_at,omitempty"`
	unknownFields protoimpl.UnknownFields
	sizeCache     protoimpl.SizeCache
}

func (x *View) Reset() {
	*x = View{}
	mi := &file_warden_manager_v1_manager_proto_msgTypes[8]
	ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
	ms.StoreMessageInfo(mi)
}

func (x *View) String() string {
	return protoimpl.X.MessageStringOf(x)
}

func (*View) ProtoMessage() {}

func (x *View) ProtoReflect() protoreflect.Message {
	mi := &file_warden_manager_v1_manager_proto_msgTypes[8]
	if x != nil {
		ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
		if ms.LoadMessageInfo() == nil {
			ms.StoreMessageInfo(mi)
		}
		return ms
	}
	return mi.MessageOf(x)
}

// Deprecated: Use View.ProtoReflect.Descriptor instead.
func (*View) Descriptor() ([]byte, []int) {
	return file_warden_manager_v1_manager_proto_rawDescGZIP(), []int{8}
}

func (x *View) GetGroupId() string {
	if x != nil {
		return x.GroupId
	}
	return ""
}

func (x *View) GetTypeId() string {
	if x != nil {
		return x.TypeId
	}
	return ""
}

func (x *View) GetEpoch() uint64 {
	if x != nil {
		return x.Epoch
	}
	return 0
}

func (x *View) GetVersion() uint64 {
	if x != nil {
		return x.Version
	}
	return 0
}

func (x *View) GetPrimary() string {
	if x != nil {
		return x.Primary
	}
	return ""
}

func (x *View) GetMembers() []*Member {
	if x != nil {
		return x.Members
	}
	return nil
}

func (x *View) GetReplicationStyle() ReplicationStyle {
	if x != nil {
		return x.ReplicationStyle
	}
	return ReplicationStyle_REPLICATION_STYLE_UNSPECIFIED
}

func (x *View) GetReason() string {
	if x != nil {
		return x.Reason
	}
	return ""
}

func (x *View) GetChangedAt() *timestamppb.Timestamp {
	if x != nil {
		return x.ChangedAt
	}
	return nil
}

// A member being created: asked of the agent at its location, not in the view yet.
type PendingMember struct {
	state       protoimpl.MessageState `protogen:"open.v1"`
	MemberId    string                 `protobuf:"bytes,1,opt,name=member_id,json=memberId,proto3" json:"member_id,omitempty"`
	Location    string                 `protobuf:"bytes,2,opt,name=location,proto3" json:"location,omitempty"`
	CreationId  uint64                 `protobuf:"varint,3,opt,name=creation_id,json=creationId,proto3" json:"creation_id,omitempty"`
	RequestedAt *timestamppb.Timestamp `protobuf:"bytes,4,opt,name=requested_at,json=requestedAt,proto3" json:"requested_at,omitempty"`
	// Who asked: "repair" or "operator".
	RequestedBy   string `protobuf:"bytes,5,opt,name=requested_by,json=requestedBy,proto3" json:"requested_by,omitempty"`
	unknownFields protoimpl.UnknownFields
	sizeCache     protoimpl.SizeCache
}

func (x *PendingMember) Reset() {
	*x = PendingMember{}
	mi := &file_warden_manager_v1_manager_proto_msgTypes[9]
	ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
	ms.StoreMessageInfo(mi)
}

func (x *PendingMember) String() string {
	return protoimpl.X.MessageStringOf(x)
}

func (*PendingMember) ProtoMessage() {}

func (x *PendingMember) ProtoReflect() protoreflect.Message {
	mi := &file_warden_manager_v1_manager_proto_msgTypes[9]
	if x != nil {
		ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
		if ms.LoadMessageInfo() == nil {
			ms.StoreMessageInfo(mi)
		}
		return ms
	}
	return mi.MessageOf(x)
}

// Deprecated: Use PendingMember.ProtoReflect.Descriptor instead.
func (*PendingMember) Descriptor() ([]byte, []int) {
	return file_warden_manager_v1_manager_proto_rawDescGZIP(), []int{9}
}

func (x *PendingMember) GetMemberId() string {
	if x != nil {
		return x.MemberId
	}
	return ""
}

func (x *PendingMember) GetLocation() string {
	if x != nil {
		return x.Location
	}
	return ""
}

func (x *PendingMember) GetCreationId() uint64 {
	if x != nil {
		return x.CreationId
	}
	return 0
}

func (x *PendingMember) GetRequestedAt() *timestamppb.Timestamp {
	if x != nil {
		return x.RequestedAt
	}
	return nil
}

func (x *PendingMember) GetRequestedBy() string {
	if x != nil {
		return x.RequestedBy
	}
	return ""
}

// An object group as the manager keeps it.
type ObjectGroup struct {
	state   protoimpl.MessageState `protogen:"open.v1"`
	GroupId string                 `protobuf:"bytes,1,opt,name=group_id,json=groupId,proto3" json:"group_id,omitempty"`
	TypeId  string                 `protobuf:"bytes,2,opt,name=type_id,json=typeId,proto3" json:"type_id,omitempty"`
	// The group's own properties (set at creation and by set_properties_dynamically).
	Properties *Properties      `protobuf:"bytes,3,opt,name=properties,proto3" json:"properties,omitempty"`
	View       *View            `protobuf:"bytes,4,opt,name=view,proto3" json:"view,omitempty"`
	Pending    []*PendingMember `protobuf:"bytes,5,rep,name=pending,proto3" json:"pending,omitempty"`
	// The last creation id handed out.
	LastCreationId uint64 `protobuf:"varint,6,opt,name=last_creation_id,json=lastCreationId,proto3" json:"last_creation_id,omitempty"`
	// Set once the view first held InitialNumberMembers members; from then on the repair target
	// is MinimumNumberMembers.
	Initialised bool                   `protobuf:"varint,7,opt,name=initialised,proto3" json:"initialised,omitempty"`
	CreatedAt   *timestamppb.Timestamp `protobuf:"bytes,8,opt,name=created_at,json=createdAt,proto3" json:"created_at,omitempty"`
	// Set once a passive group's view first had a primary. From then on the group's state lives
	// only in its members: a member added when none of them is left (or none caught up) never
	// becomes the primary on its own, since it would serve a blank state. Only an operator's
	// set_primary_member (accepting what that member lacks) gives the group a primary again.
	HadPrimary    bool `protobuf:"varint,9,opt,name=had_primary,json=hadPrimary,proto3" json:"had_primary,omitempty"`
	unknownFields protoimpl.UnknownFields
	sizeCache     protoimpl.SizeCache
}

func (x *ObjectGroup) Reset() {
	*x = ObjectGroup{}
	mi := &file_warden_manager_v1_manager_proto_msgTypes[10]
	ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
	ms.StoreMessageInfo(mi)
}

func (x *ObjectGroup) String() string {
	return protoimpl.X.MessageStringOf(x)
}

func (*ObjectGroup) ProtoMessage() {}

func (x *ObjectGroup) ProtoReflect() protoreflect.Message {
	mi := &file_warden_manager_v1_manager_proto_msgTypes[10]
	if x != nil {
		ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
		if ms.LoadMessageInfo() == nil {
			ms.StoreMessageInfo(mi)
		}
		return ms
	}
	return mi.MessageOf(x)
}

// Deprecated: Use ObjectGroup.ProtoReflect.Descriptor instead.
func (*ObjectGroup) Descriptor() ([]byte, []int) {
	return file_warden_manager_v1_manager_proto_rawDescGZIP(), []int{10}
}

func (x *ObjectGroup) GetGroupId() string {
	if x != nil {
		return x.GroupId
	}
	return ""
}

func (x *ObjectGroup) GetTypeId() string {
	if x != nil {
		return x.TypeId
	}
	return ""
}

func (x *ObjectGroup) GetProperties() *Properties {
	if x != nil {
		return x.Properties
	}
	return nil
}

func (x *ObjectGroup) GetView() *View {
	if x != nil {
		return x.View
	}
	return nil
}

func (x *ObjectGroup) GetPending() []*PendingMember {
	if x != nil {
		return x.Pending
	}
	return nil
}

func (x *ObjectGroup) GetLastCreationId() uint64 {
	if x != nil {
		return x.LastCreationId
	}
	return 0
}

func (x *ObjectGroup) GetInitialised() bool {
	if x != nil {
		return x.Initialised
	}
	return false
}

func (x *ObjectGroup) GetCreatedAt() *timestamppb.Timestamp {
	if x != nil {
		return x.CreatedAt
	}
	return nil
}

func (x *ObjectGroup) GetHadPrimary() bool {
	if x != nil {
		return x.HadPrimary
	}
	return false
}

// One Raft log entry. at is the proposer's clock when it proposed the command; the state
// machine uses it (never its own clock) for every time it records.
type Command struct {
	state protoimpl.MessageState `protogen:"open.v1"`
	At    *timestamppb.Timestamp `protobuf:"bytes,1,opt,name=at,proto3" json:"at,omitempty"`
	// Types that are valid to be assigned to Op:
	//
	//	*Command_SetDefaultProperties
	//	*Command_RemoveDefaultProperties
	//	*Command_SetTypeProperties
	//	*Command_RemoveTypeProperties
	//	*Command_SetGroupProperties
	//	*Command_RemoveGroupProperties
	//	*Command_RegisterType
	//	*Command_UnregisterType
	//	*Command_RegisterLocation
	//	*Command_SetLocationState
	//	*Command_CreateGroup
	//	*Command_DeleteGroup
	//	*Command_CreateMember
	//	*Command_CancelCreation
	//	*Command_AddMember
	//	*Command_RemoveMember
	//	*Command_SetPrimary
	//	*Command_UpdateMember
	//	*Command_ForgetLocation
	//	*Command_RecordFaults
	//	*Command_CreateFilter
	//	*Command_DestroyFilter
	//	*Command_MarkCaughtUp
	Op            isCommand_Op `protobuf_oneof:"op"`
	unknownFields protoimpl.UnknownFields
	sizeCache     protoimpl.SizeCache
}

func (x *Command) Reset() {
	*x = Command{}
	mi := &file_warden_manager_v1_manager_proto_msgTypes[11]
	ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
	ms.StoreMessageInfo(mi)
}

func (x *Command) String() string {
	return protoimpl.X.MessageStringOf(x)
}

func (*Command) ProtoMessage() {}

func (x *Command) ProtoReflect() protoreflect.Message {
	mi := &file_warden_manager_v1_manager_proto_msgTypes[11]
	if x != nil {
		ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
		if ms.LoadMessageInfo() == nil {
			ms.StoreMessageInfo(mi)
		}
		return ms
	}
	return mi.MessageOf(x)
}

// Deprecated: Use Command.ProtoReflect.Descriptor instead.
func (*Command) Descriptor() ([]byte, []int) {
	return file_warden_manager_v1_manager_proto_rawDescGZIP(), []int{11}
}

func (x *Command) GetAt() *timestamppb.Timestamp {
	if x != nil {
		return x.At
	}
	return nil
}

func (x *Command) GetOp() isCommand_Op {
	if x != nil {
		return x.Op
	}
	return nil
}

func (x *Command) GetSetDefaultProperties() *SetDefaultPropertiesRequest {
	if x != nil {
		if x, ok := x.Op.(*Command_SetDefaultProperties); ok {
			return x.SetDefaultProperties
		}
	}
	return nil
}

func (x *Command) GetRemoveDefaultProperties() *RemoveDefaultPropertiesRequest {
	if x != nil {
		if x, ok := x.Op.(*Command_RemoveDefaultProperties); ok {
			return x.RemoveDefaultProperties
		}
	}
	return nil
}

func (x *Command) GetSetTypeProperties() *SetTypePropertiesRequest {
	if x != nil {
		if x, ok := x.Op.(*Command_SetTypeProperties); ok {
			return x.SetTypeProperties
		}
	}
	return nil
}

func (x *Command) GetRemoveTypeProperties() *RemoveTypePropertiesRequest {
	if x != nil {
		if x, ok := x.Op.(*Command_RemoveTypeProperties); ok {
			return x.RemoveTypeProperties
		}
	}
	return nil
}

func (x *Command) GetSetGroupProperties() *SetPropertiesDynamicallyRequest {
	if x != nil {
		if x, ok := x.Op.(*Command_SetGroupProperties); ok {
			return x.SetGroupProperties
		}
	}
	return nil
}

func (x *Command) GetRemoveGroupProperties() *RemoveGroupPropertiesRequest {
	if x != nil {
		if x, ok := x.Op.(*Command_RemoveGroupProperties); ok {
			return x.RemoveGroupProperties
		}
	}
	return nil
}

func (x *Command) GetRegisterType() *RegisterTypeRequest {
	if x != nil {
		if x, ok := x.Op.(*Command_RegisterType); ok {
			return x.RegisterType
		}
	}
	return nil
}

func (x *Command) GetUnregisterType() *UnregisterTypeRequest {
	if x != nil {
		if x, ok := x.Op.(*Command_UnregisterType); ok {
			return x.UnregisterType
		}
	}
	return nil
}

func (x *Command) GetRegisterLocation() *RegisterRequest {
	if x != nil {
		if x, ok := x.Op.(*Command_RegisterLocation); ok {
			return x.RegisterLocation
		}
	}
	return nil
}

func (x *Command) GetSetLocationState() *SetLocationStateCommand {
	if x != nil {
		if x, ok := x.Op.(*Command_SetLocationState); ok {
			return x.SetLocationState
		}
	}
	return nil
}

func (x *Command) GetCreateGroup() *CreateObjectRequest {
	if x != nil {
		if x, ok := x.Op.(*Command_CreateGroup); ok {
			return x.CreateGroup
		}
	}
	return nil
}

func (x *Command) GetDeleteGroup() *DeleteObjectRequest {
	if x != nil {
		if x, ok := x.Op.(*Command_DeleteGroup); ok {
			return x.DeleteGroup
		}
	}
	return nil
}

func (x *Command) GetCreateMember() *CreateMemberRequest {
	if x != nil {
		if x, ok := x.Op.(*Command_CreateMember); ok {
			return x.CreateMember
		}
	}
	return nil
}

func (x *Command) GetCancelCreation() *CancelCreationCommand {
	if x != nil {
		if x, ok := x.Op.(*Command_CancelCreation); ok {
			return x.CancelCreation
		}
	}
	return nil
}

func (x *Command) GetAddMember() *AddMemberRequest {
	if x != nil {
		if x, ok := x.Op.(*Command_AddMember); ok {
			return x.AddMember
		}
	}
	return nil
}

func (x *Command) GetRemoveMember() *RemoveMemberRequest {
	if x != nil {
		if x, ok := x.Op.(*Command_RemoveMember); ok {
			return x.RemoveMember
		}
	}
	return nil
}

func (x *Command) GetSetPrimary() *SetPrimaryMemberRequest {
	if x != nil {
		if x, ok := x.Op.(*Command_SetPrimary); ok {
			return x.SetPrimary
		}
	}
	return nil
}

func (x *Command) GetUpdateMember() *UpdateMemberCommand {
	if x != nil {
		if x, ok := x.Op.(*Command_UpdateMember); ok {
			return x.UpdateMember
		}
	}
	return nil
}

func (x *Command) GetForgetLocation() *ForgetLocationCommand {
	if x != nil {
		if x, ok := x.Op.(*Command_ForgetLocation); ok {
			return x.ForgetLocation
		}
	}
	return nil
}

func (x *Command) GetRecordFaults() *RecordFaultsCommand {
	if x != nil {
		if x, ok := x.Op.(*Command_RecordFaults); ok {
			return x.RecordFaults
		}
	}
	return nil
}

func (x *Command) GetCreateFilter() *CreateFilterCommand {
	if x != nil {
		if x, ok := x.Op.(*Command_CreateFilter); ok {
			return x.CreateFilter
		}
	}
	return nil
}

func (x *Command) GetDestroyFilter() *DestroyFilterCommand {
	if x != nil {
		if x, ok := x.Op.(*Command_DestroyFilter); ok {
			return x.DestroyFilter
		}
	}
	return nil
}

func (x *Command) GetMarkCaughtUp() *MarkCaughtUpCommand {
	if x != nil {
		if x, ok := x.Op.(*Command_MarkCaughtUp); ok {
			return x.MarkCaughtUp
		}
	}
	return nil
}

type isCommand_Op interface {
	isCommand_Op()
}

type Command_SetDefaultProperties struct {
	SetDefaultProperties *SetDefaultPropertiesRequest `protobuf:"bytes,10,opt,name=set_default_properties,json=setDefaultProperties,proto3,oneof"`
}

type Command_RemoveDefaultProperties struct {
	RemoveDefaultProperties *RemoveDefaultPropertiesRequest `protobuf:"bytes,11,opt,name=remove_default_properties,json=removeDefaultProperties,proto3,oneof"`
}

type Command_SetTypeProperties struct {
	SetTypeProperties *SetTypePropertiesRequest `protobuf:"bytes,12,opt,name=set_type_properties,json=setTypeProperties,proto3,oneof"`
}

type Command_RemoveTypeProperties struct {
	RemoveTypeProperties *RemoveTypePropertiesRequest `protobuf:"bytes,13,opt,name=remove_type_properties,json=removeTypeProperties,proto3,oneof"`
}

type Command_SetGroupProperties struct {
	SetGroupProperties *SetPropertiesDynamicallyRequest `protobuf:"bytes,14,opt,name=set_group_properties,json=setGroupProperties,proto3,oneof"`
}

type Command_RemoveGroupProperties struct {
	RemoveGroupProperties *RemoveGroupPropertiesRequest `protobuf:"bytes,15,opt,name=remove_group_properties,json=removeGroupProperties,proto3,oneof"`
}

type Command_RegisterType struct {
	RegisterType *RegisterTypeRequest `protobuf:"bytes,16,opt,name=register_type,json=registerType,proto3,oneof"`
}

type Command_UnregisterType struct {
	UnregisterType *UnregisterTypeRequest `protobuf:"bytes,17,opt,name=unregister_type,json=unregisterType,proto3,oneof"`
}

type Command_RegisterLocation struct {
	RegisterLocation *RegisterRequest `protobuf:"bytes,18,opt,name=register_location,json=registerLocation,proto3,oneof"`
}

type Command_SetLocationState struct {
	SetLocationState *SetLocationStateCommand `protobuf:"bytes,19,opt,name=set_location_state,json=setLocationState,proto3,oneof"`
}

type Command_CreateGroup struct {
	CreateGroup *CreateObjectRequest `protobuf:"bytes,20,opt,name=create_group,json=createGroup,proto3,oneof"`
}

type Command_DeleteGroup struct {
	DeleteGroup *DeleteObjectRequest `protobuf:"bytes,21,opt,name=delete_group,json=deleteGroup,proto3,oneof"`
}

type Command_CreateMember struct {
	CreateMember *CreateMemberRequest `protobuf:"bytes,22,opt,name=create_member,json=createMember,proto3,oneof"`
}

type Command_CancelCreation struct {
	CancelCreation *CancelCreationCommand `protobuf:"bytes,23,opt,name=cancel_creation,json=cancelCreation,proto3,oneof"`
}

type Command_AddMember struct {
	AddMember *AddMemberRequest `protobuf:"bytes,24,opt,name=add_member,json=addMember,proto3,oneof"`
}

type Command_RemoveMember struct {
	RemoveMember *RemoveMemberRequest `protobuf:"bytes,25,opt,name=remove_member,json=removeMember,proto3,oneof"`
}

type Command_SetPrimary struct {
	SetPrimary *SetPrimaryMemberRequest `protobuf:"bytes,26,opt,name=set_primary,json=setPrimary,proto3,oneof"`
}

type Command_UpdateMember struct {
	UpdateMember *UpdateMemberCommand `protobuf:"bytes,27,opt,name=update_member,json=updateMember,proto3,oneof"`
}

type Command_ForgetLocation struct {
	ForgetLocation *ForgetLocationCommand `protobuf:"bytes,28,opt,name=forget_location,json=forgetLocation,proto3,oneof"`
}

type Command_RecordFaults struct {
	RecordFaults *RecordFaultsCommand `protobuf:"bytes,29,opt,name=record_faults,json=recordFaults,proto3,oneof"`
}

type Command_CreateFilter struct {
	CreateFilter *CreateFilterCommand `protobuf:"bytes,30,opt,name=create_filter,json=createFilter,proto3,oneof"`
}

type Command_DestroyFilter struct {
	DestroyFilter *DestroyFilterCommand `protobuf:"bytes,31,opt,name=destroy_filter,json=destroyFilter,proto3,oneof"`
}

type Command_MarkCaughtUp struct {
	MarkCaughtUp *MarkCaughtUpCommand `protobuf:"bytes,32,opt,name=mark_caught_up,json=markCaughtUp,proto3,oneof"`
}

func (*Command_SetDefaultProperties) isCommand_Op() {}

func (*Command_RemoveDefaultProperties) isCommand_Op() {}

func (*Command_SetTypeProperties) isCommand_Op() {}

func (*Command_RemoveTypeProperties) isCommand_Op() {}

func (*Command_SetGroupProperties) isCommand_Op() {}

func (*Command_RemoveGroupProperties) isCommand_Op() {}

func (*Command_RegisterType) isCommand_Op() {}

func (*Command_UnregisterType) isCommand_Op() {}

func (*Command_RegisterLocation) isCommand_Op() {}

func (*Command_SetLocationState) isCommand_Op() {}

func (*Command_CreateGroup) isCommand_Op() {}

func (*Command_DeleteGroup) isCommand_Op() {}

func (*Command_CreateMember) isCommand_Op() {}

func (*Command_CancelCreation) isCommand_Op() {}

func (*Command_AddMember) isCommand_Op() {}

func (*Command_RemoveMember) isCommand_Op() {}

func (*Command_SetPrimary) isCommand_Op() {}

func (*Command_UpdateMember) isCommand_Op() {}

func (*Command_ForgetLocation) isCommand_Op() {}

func (*Command_RecordFaults) isCommand_Op() {}

func (*Command_CreateFilter) isCommand_Op() {}

func (*Command_DestroyFilter) isCommand_Op() {}

func (*Command_MarkCaughtUp) isCommand_Op() {}

// Marks backups of a passive group caught up, as its primary reported them, while the view
// still has that epoch.
type MarkCaughtUpCommand struct {
	state         protoimpl.MessageState `protogen:"open.v1"`
	GroupId       string                 `protobuf:"bytes,1,opt,name=group_id,json=groupId,proto3" json:"group_id,omitempty"`
	Epoch         uint64                 `protobuf:"varint,2,opt,name=epoch,proto3" json:"epoch,omitempty"`
	MemberIds     []string               `protobuf:"bytes,3,rep,name=member_ids,json=memberIds,proto3" json:"member_ids,omitempty"`
	unknownFields protoimpl.UnknownFields
	sizeCache     protoimpl.SizeCache
}

func (x *MarkCaughtUpCommand) Reset() {
	*x = MarkCaughtUpCommand{}
	mi := &file_warden_manager_v1_manager_proto_msgTypes[12]
	ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
	ms.StoreMessageInfo(mi)
}

func (x *MarkCaughtUpCommand) String() string {
	return protoimpl.X.MessageStringOf(x)
}

func (*MarkCaughtUpCommand) ProtoMessage() {}

func (x *MarkCaughtUpCommand) ProtoReflect() protoreflect.Message {
	mi := &file_warden_manager_v1_manager_proto_msgTypes[12]
	if x != nil {
		ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
		if ms.LoadMessageInfo() == nil {
			ms.StoreMessageInfo(mi)
		}
		return ms
	}
	return mi.MessageOf(x)
}

// Deprecated: Use MarkCaughtUpCommand.ProtoReflect.Descriptor instead.
func (*MarkCaughtUpCommand) Descriptor() ([]byte, []int) {
	return file_warden_manager_v1_manager_proto_rawDescGZIP(), []int{12}
}

func (x *MarkCaughtUpCommand) GetGroupId() string {
	if x != nil {
		return x.GroupId
	}
	return ""
}

func (x *MarkCaughtUpCommand) GetEpoch() uint64 {
	if x != nil {
		return x.Epoch
	}
	return 0
}

func (x *MarkCaughtUpCommand) GetMemberIds() []string {
	if x != nil {
		return x.MemberIds
	}
	return nil
}

// Keeps a subscription filter (the hosted FaultNotifier's CreateSubscriptionFilter) in the
// replicated state, so that a consumer connects with its id to any manager. The state names
// it "f" and a counter.
type CreateFilterCommand struct {
	state protoimpl.MessageState `protogen:"open.v1"`
	// A CEL expression over `event`, compiled (and so checked) by the proposer.
	Expression    string `protobuf:"bytes,1,opt,name=expression,proto3" json:"expression,omitempty"`
	unknownFields protoimpl.UnknownFields
	sizeCache     protoimpl.SizeCache
}

func (x *CreateFilterCommand) Reset() {
	*x = CreateFilterCommand{}
	mi := &file_warden_manager_v1_manager_proto_msgTypes[13]
	ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
	ms.StoreMessageInfo(mi)
}

func (x *CreateFilterCommand) String() string {
	return protoimpl.X.MessageStringOf(x)
}

func (*CreateFilterCommand) ProtoMessage() {}

func (x *CreateFilterCommand) ProtoReflect() protoreflect.Message {
	mi := &file_warden_manager_v1_manager_proto_msgTypes[13]
	if x != nil {
		ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
		if ms.LoadMessageInfo() == nil {
			ms.StoreMessageInfo(mi)
		}
		return ms
	}
	return mi.MessageOf(x)
}

// Deprecated: Use CreateFilterCommand.ProtoReflect.Descriptor instead.
func (*CreateFilterCommand) Descriptor() ([]byte, []int) {
	return file_warden_manager_v1_manager_proto_rawDescGZIP(), []int{13}
}

func (x *CreateFilterCommand) GetExpression() string {
	if x != nil {
		return x.Expression
	}
	return ""
}

type DestroyFilterCommand struct {
	state         protoimpl.MessageState `protogen:"open.v1"`
	FilterId      string                 `protobuf:"bytes,1,opt,name=filter_id,json=filterId,proto3" json:"filter_id,omitempty"`
	unknownFields protoimpl.UnknownFields
	sizeCache     protoimpl.SizeCache
}

func (x *DestroyFilterCommand) Reset() {
	*x = DestroyFilterCommand{}
	mi := &file_warden_manager_v1_manager_proto_msgTypes[14]
	ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
	ms.StoreMessageInfo(mi)
}

func (x *DestroyFilterCommand) String() string {
	return protoimpl.X.MessageStringOf(x)
}

func (*DestroyFilterCommand) ProtoMessage() {}

func (x *DestroyFilterCommand) ProtoReflect() protoreflect.Message {
	mi := &file_warden_manager_v1_manager_proto_msgTypes[14]
	if x != nil {
		ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
		if ms.LoadMessageInfo() == nil {
			ms.StoreMessageInfo(mi)
		}
		return ms
	}
	return mi.MessageOf(x)
}

// Deprecated: Use DestroyFilterCommand.ProtoReflect.Descriptor instead.
func (*DestroyFilterCommand) Descriptor() ([]byte, []int) {
	return file_warden_manager_v1_manager_proto_rawDescGZIP(), []int{14}
}

func (x *DestroyFilterCommand) GetFilterId() string {
	if x != nil {
		return x.FilterId
	}
	return ""
}

// A subscription filter kept in the replicated state.
type SubscriptionFilter struct {
	state         protoimpl.MessageState `protogen:"open.v1"`
	FilterId      string                 `protobuf:"bytes,1,opt,name=filter_id,json=filterId,proto3" json:"filter_id,omitempty"`
	Expression    string                 `protobuf:"bytes,2,opt,name=expression,proto3" json:"expression,omitempty"`
	unknownFields protoimpl.UnknownFields
	sizeCache     protoimpl.SizeCache
}

func (x *SubscriptionFilter) Reset() {
	*x = SubscriptionFilter{}
	mi := &file_warden_manager_v1_manager_proto_msgTypes[15]
	ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
	ms.StoreMessageInfo(mi)
}

func (x *SubscriptionFilter) String() string {
	return protoimpl.X.MessageStringOf(x)
}

func (*SubscriptionFilter) ProtoMessage() {}

func (x *SubscriptionFilter) ProtoReflect() protoreflect.Message {
	mi := &file_warden_manager_v1_manager_proto_msgTypes[15]
	if x != nil {
		ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
		if ms.LoadMessageInfo() == nil {
			ms.StoreMessageInfo(mi)
		}
		return ms
	}
	return mi.MessageOf(x)
}

// Deprecated: Use SubscriptionFilter.ProtoReflect.Descriptor instead.
func (*SubscriptionFilter) Descriptor() ([]byte, []int) {
	return file_warden_manager_v1_manager_proto_rawDescGZIP(), []int{15}
}

func (x *SubscriptionFilter) GetFilterId() string {
	if x != nil {
		return x.FilterId
	}
	return ""
}

func (x *SubscriptionFilter) GetExpression() string {
	if x != nil {
		return x.Expression
	}
	return ""
}

// Commits fault events to the replicated fault history (the hosted FaultNotifier's history):
// pushed with PushStructuredFault, reported by agents, or made by the leader (host faults,
// the analyzer's incidents and classifications). An event whose id the history holds already
// is skipped, so a retried report is recorded once.
type RecordFaultsCommand struct {
	state         protoimpl.MessageState `protogen:"open.v1"`
	Events        []*v1.FaultEvent       `protobuf:"bytes,1,rep,name=events,proto3" json:"events,omitempty"`
	unknownFields protoimpl.UnknownFields
	sizeCache     protoimpl.SizeCache
}

func (x *RecordFaultsCommand) Reset() {
	*x = RecordFaultsCommand{}
	mi := &file_warden_manager_v1_manager_proto_msgTypes[16]
	ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
	ms.StoreMessageInfo(mi)
}

func (x *RecordFaultsCommand) String() string {
	return protoimpl.X.MessageStringOf(x)
}

func (*RecordFaultsCommand) ProtoMessage() {}

func (x *RecordFaultsCommand) ProtoReflect() protoreflect.Message {
	mi := &file_warden_manager_v1_manager_proto_msgTypes[16]
	if x != nil {
		ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
		if ms.LoadMessageInfo() == nil {
			ms.StoreMessageInfo(mi)
		}
		return ms
	}
	return mi.MessageOf(x)
}

// Deprecated: Use RecordFaultsCommand.ProtoReflect.Descriptor instead.
func (*RecordFaultsCommand) Descriptor() ([]byte, []int) {
	return file_warden_manager_v1_manager_proto_rawDescGZIP(), []int{16}
}

func (x *RecordFaultsCommand) GetEvents() []*v1.FaultEvent {
	if x != nil {
		return x.Events
	}
	return nil
}

// Marks a location up or down: a host fault judged by the leader, or an operator.
type SetLocationStateCommand struct {
	state    protoimpl.MessageState `protogen:"open.v1"`
	Location string                 `protobuf:"bytes,1,opt,name=location,proto3" json:"location,omitempty"`
	State    LocationState          `protobuf:"varint,2,opt,name=state,proto3,enum=warden.manager.v1.LocationState" json:"state,omitempty"`
	// Only applies while the location has this incarnation (0: any), so that a stale host fault
	// does not mark a restarted agent down.
	Incarnation   uint64 `protobuf:"varint,3,opt,name=incarnation,proto3" json:"incarnation,omitempty"`
	Reason        string `protobuf:"bytes,4,opt,name=reason,proto3" json:"reason,omitempty"`
	unknownFields protoimpl.UnknownFields
	sizeCache     protoimpl.SizeCache
}

func (x *SetLocationStateCommand) Reset() {
	*x = SetLocationStateCommand{}
	mi := &file_warden_manager_v1_manager_proto_msgTypes[17]
	ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
	ms.StoreMessageInfo(mi)
}

func (x *SetLocationStateCommand) String() string {
	return protoimpl.X.MessageStringOf(x)
}

func (*SetLocationStateCommand) ProtoMessage() {}

func (x *SetLocationStateCommand) ProtoReflect() protoreflect.Message {
	mi := &file_warden_manager_v1_manager_proto_msgTypes[17]
	if x != nil {
		ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
		if ms.LoadMessageInfo() == nil {
			ms.StoreMessageInfo(mi)
		}
		return ms
	}
	return mi.MessageOf(x)
}

// Deprecated: Use SetLocationStateCommand.ProtoReflect.Descriptor instead.
func (*SetLocationStateCommand) Descriptor() ([]byte, []int) {
	return file_warden_manager_v1_manager_proto_rawDescGZIP(), []int{17}
}

func (x *SetLocationStateCommand) GetLocation() string {
	if x != nil {
		return x.Location
	}
	return ""
}

func (x *SetLocationStateCommand) GetState() LocationState {
	if x != nil {
		return x.State
	}
	return LocationState_LOCATION_STATE_UNSPECIFIED
}

func (x *SetLocationStateCommand) GetIncarnation() uint64 {
	if x != nil {
		return x.Incarnation
	}
	return 0
}

func (x *SetLocationStateCommand) GetReason() string {
	if x != nil {
		return x.Reason
	}
	return ""
}

// Withdraws a pending creation (it timed out, or its location failed).
type CancelCreationCommand struct {
	state         protoimpl.MessageState `protogen:"open.v1"`
	GroupId       string                 `protobuf:"bytes,1,opt,name=group_id,json=groupId,proto3" json:"group_id,omitempty"`
	MemberId      string                 `protobuf:"bytes,2,opt,name=member_id,json=memberId,proto3" json:"member_id,omitempty"`
	Reason        string                 `protobuf:"bytes,3,opt,name=reason,proto3" json:"reason,omitempty"`
	unknownFields protoimpl.UnknownFields
	sizeCache     protoimpl.SizeCache
}

func (x *CancelCreationCommand) Reset() {
	*x = CancelCreationCommand{}
	mi := &file_warden_manager_v1_manager_proto_msgTypes[18]
	ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
	ms.StoreMessageInfo(mi)
}

func (x *CancelCreationCommand) String() string {
	return protoimpl.X.MessageStringOf(x)
}

func (*CancelCreationCommand) ProtoMessage() {}

func (x *CancelCreationCommand) ProtoReflect() protoreflect.Message {
	mi := &file_warden_manager_v1_manager_proto_msgTypes[18]
	if x != nil {
		ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
		if ms.LoadMessageInfo() == nil {
			ms.StoreMessageInfo(mi)
		}
		return ms
	}
	return mi.MessageOf(x)
}

// Deprecated: Use CancelCreationCommand.ProtoReflect.Descriptor instead.
func (*CancelCreationCommand) Descriptor() ([]byte, []int) {
	return file_warden_manager_v1_manager_proto_rawDescGZIP(), []int{18}
}

func (x *CancelCreationCommand) GetGroupId() string {
	if x != nil {
		return x.GroupId
	}
	return ""
}

func (x *CancelCreationCommand) GetMemberId() string {
	if x != nil {
		return x.MemberId
	}
	return ""
}

func (x *CancelCreationCommand) GetReason() string {
	if x != nil {
		return x.Reason
	}
	return ""
}

// Changes a member's address or state without changing membership (a new version, the same
// epoch): a promoted COLD_PASSIVE primary becoming READY, a member that moved port.
type UpdateMemberCommand struct {
	state    protoimpl.MessageState `protogen:"open.v1"`
	GroupId  string                 `protobuf:"bytes,1,opt,name=group_id,json=groupId,proto3" json:"group_id,omitempty"`
	MemberId string                 `protobuf:"bytes,2,opt,name=member_id,json=memberId,proto3" json:"member_id,omitempty"`
	// Empty: unchanged.
	Address string `protobuf:"bytes,3,opt,name=address,proto3" json:"address,omitempty"`
	// UNSPECIFIED: unchanged.
	State         MemberState `protobuf:"varint,4,opt,name=state,proto3,enum=warden.manager.v1.MemberState" json:"state,omitempty"`
	unknownFields protoimpl.UnknownFields
	sizeCache     protoimpl.SizeCache
}

func (x *UpdateMemberCommand) Reset() {
	*x = UpdateMemberCommand{}
	mi := &file_warden_manager_v1_manager_proto_msgTypes[19]
	ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
	ms.StoreMessageInfo(mi)
}

func (x *UpdateMemberCommand) String() string {
	return protoimpl.X.MessageStringOf(x)
}

func (*UpdateMemberCommand) ProtoMessage() {}

func (x *UpdateMemberCommand) ProtoReflect() protoreflect.Message {
	mi := &file_warden_manager_v1_manager_proto_msgTypes[19]
	if x != nil {
		ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
		if ms.LoadMessageInfo() == nil {
			ms.StoreMessageInfo(mi)
		}
		return ms
	}
	return mi.MessageOf(x)
}

// Deprecated: Use UpdateMemberCommand.ProtoReflect.Descriptor instead.
func (*UpdateMemberCommand) Descriptor() ([]byte, []int) {
	return file_warden_manager_v1_manager_proto_rawDescGZIP(), []int{19}
}

func (x *UpdateMemberCommand) GetGroupId() string {
	if x != nil {
		return x.GroupId
	}
	return ""
}

func (x *UpdateMemberCommand) GetMemberId() string {
	if x != nil {
		return x.MemberId
	}
	return ""
}

func (x *UpdateMemberCommand) GetAddress() string {
	if x != nil {
		return x.Address
	}
	return ""
}

func (x *UpdateMemberCommand) GetState() MemberState {
	if x != nil {
		return x.State
	}
	return MemberState_MEMBER_STATE_UNSPECIFIED
}

// Removes a location that is down and holds no member or pending creation.
type ForgetLocationCommand struct {
	state         protoimpl.MessageState `protogen:"open.v1"`
	Location      string                 `protobuf:"bytes,1,opt,name=location,proto3" json:"location,omitempty"`
	unknownFields protoimpl.UnknownFields
	sizeCache     protoimpl.SizeCache
}

func (x *ForgetLocationCommand) Reset() {
	*x = ForgetLocationCommand{}
	mi := &file_warden_manager_v1_manager_proto_msgTypes[20]
	ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
	ms.StoreMessageInfo(mi)
}

func (x *ForgetLocationCommand) String() string {
	return protoimpl.X.MessageStringOf(x)
}

func (*ForgetLocationCommand) ProtoMessage() {}

func (x *ForgetLocationCommand) ProtoReflect() protoreflect.Message {
	mi := &file_warden_manager_v1_manager_proto_msgTypes[20]
	if x != nil {
		ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
		if ms.LoadMessageInfo() == nil {
			ms.StoreMessageInfo(mi)
		}
		return ms
	}
	return mi.MessageOf(x)
}

// Deprecated: Use ForgetLocationCommand.ProtoReflect.Descriptor instead.
func (*ForgetLocationCommand) Descriptor() ([]byte, []int) {
	return file_warden_manager_v1_manager_proto_rawDescGZIP(), []int{20}
}

func (x *ForgetLocationCommand) GetLocation() string {
	if x != nil {
		return x.Location
	}
	return ""
}

// The whole state, for Raft snapshots. Lists are sorted by name so that equal states have
// equal bytes (deterministic marshalling).
type StateSnapshot struct {
	state protoimpl.MessageState `protogen:"open.v1"`
	// Snapshot format version; 1.
	Format         uint32            `protobuf:"varint,1,opt,name=format,proto3" json:"format,omitempty"`
	Defaults       *Properties       `protobuf:"bytes,2,opt,name=defaults,proto3" json:"defaults,omitempty"`
	Types          []*MemberType     `protobuf:"bytes,3,rep,name=types,proto3" json:"types,omitempty"`
	TypeProperties []*TypeProperties `protobuf:"bytes,4,rep,name=type_properties,json=typeProperties,proto3" json:"type_properties,omitempty"`
	Locations      []*Location       `protobuf:"bytes,5,rep,name=locations,proto3" json:"locations,omitempty"`
	Groups         []*ObjectGroup    `protobuf:"bytes,6,rep,name=groups,proto3" json:"groups,omitempty"`
	// The last view version handed out: versions come from one counter for all groups, so a
	// group deleted and created again never reuses a version a client may hold.
	LastVersion uint64 `protobuf:"varint,7,opt,name=last_version,json=lastVersion,proto3" json:"last_version,omitempty"`
	// The fault history, oldest first (at most the history's limit), and the last sequence
	// number given to an event.
	Faults       []*v1.FaultEvent `protobuf:"bytes,8,rep,name=faults,proto3" json:"faults,omitempty"`
	LastFaultSeq uint64           `protobuf:"varint,9,opt,name=last_fault_seq,json=lastFaultSeq,proto3" json:"last_fault_seq,omitempty"`
	// The subscription filters, by id, and the last filter number handed out.
	Filters       []*SubscriptionFilter `protobuf:"bytes,10,rep,name=filters,proto3" json:"filters,omitempty"`
	LastFilter    uint64                `protobuf:"varint,11,opt,name=last_filter,json=lastFilter,proto3" json:"last_filter,omitempty"`
	unknownFields protoimpl.UnknownFields
	sizeCache     protoimpl.SizeCache
}

func (x *StateSnapshot) Reset() {
	*x = StateSnapshot{}
	mi := &file_warden_manager_v1_manager_proto_msgTypes[21]
	ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
	ms.StoreMessageInfo(mi)
}

func (x *StateSnapshot) String() string {
	return protoimpl.X.MessageStringOf(x)
}

func (*StateSnapshot) ProtoMessage() {}

func (x *StateSnapshot) ProtoReflect() protoreflect.Message {
	mi := &file_warden_manager_v1_manager_proto_msgTypes[21]
	if x != nil {
		ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
		if ms.LoadMessageInfo() == nil {
			ms.StoreMessageInfo(mi)
		}
		return ms
	}
	return mi.MessageOf(x)
}

// Deprecated: Use StateSnapshot.ProtoReflect.Descriptor instead.
func (*StateSnapshot) Descriptor() ([]byte, []int) {
	return file_warden_manager_v1_manager_proto_rawDescGZIP(), []int{21}
}

func (x *StateSnapshot) GetFormat() uint32 {
	if x != nil {
		return x.Format
	}
	return 0
}

func (x *StateSnapshot) GetDefaults() *Properties {
	if x != nil {
		return x.Defaults
	}
	return nil
}

func (x *StateSnapshot) GetTypes() []*MemberType {
	if x != nil {
		return x.Types
	}
	return nil
}

func (x *StateSnapshot) GetTypeProperties() []*TypeProperties {
	if x != nil {
		return x.TypeProperties
	}
	return nil
}

func (x *StateSnapshot) GetLocations() []*Location {
	if x != nil {
		return x.Locations
	}
	return nil
}

func (x *StateSnapshot) GetGroups() []*ObjectGroup {
	if x != nil {
		return x.Groups
	}
	return nil
}

func (x *StateSnapshot) GetLastVersion() uint64 {
	if x != nil {
		return x.LastVersion
	}
	return 0
}

func (x *StateSnapshot) GetFaults() []*v1.FaultEvent {
	if x != nil {
		return x.Faults
	}
	return nil
}

func (x *StateSnapshot) GetLastFaultSeq() uint64 {
	if x != nil {
		return x.LastFaultSeq
	}
	return 0
}

func (x *StateSnapshot) GetFilters() []*SubscriptionFilter {
	if x != nil {
		return x.Filters
	}
	return nil
}

func (x *StateSnapshot) GetLastFilter() uint64 {
	if x != nil {
		return x.LastFilter
	}
	return 0
}

type TypeProperties struct {
	state         protoimpl.MessageState `protogen:"open.v1"`
	TypeId        string                 `protobuf:"bytes,1,opt,name=type_id,json=typeId,proto3" json:"type_id,omitempty"`
	Properties    *Properties            `protobuf:"bytes,2,opt,name=properties,proto3" json:"properties,omitempty"`
	unknownFields protoimpl.UnknownFields
	sizeCache     protoimpl.SizeCache
}

func (x *TypeProperties) Reset() {
	*x = TypeProperties{}
	mi := &file_warden_manager_v1_manager_proto_msgTypes[22]
	ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
	ms.StoreMessageInfo(mi)
}

func (x *TypeProperties) String() string {
	return protoimpl.X.MessageStringOf(x)
}

func (*TypeProperties) ProtoMessage() {}

func (x *TypeProperties) ProtoReflect() protoreflect.Message {
	mi := &file_warden_manager_v1_manager_proto_msgTypes[22]
	if x != nil {
		ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
		if ms.LoadMessageInfo() == nil {
			ms.StoreMessageInfo(mi)
		}
		return ms
	}
	return mi.MessageOf(x)
}

// Deprecated: Use TypeProperties.ProtoReflect.Descriptor instead.
func (*TypeProperties) Descriptor() ([]byte, []int) {
	return file_warden_manager_v1_manager_proto_rawDescGZIP(), []int{22}
}

func (x *TypeProperties) GetTypeId() string {
	if x != nil {
		return x.TypeId
	}
	return ""
}

func (x *TypeProperties) GetProperties() *Properties {
	if x != nil {
		return x.Properties
	}
	return nil
}

type SetDefaultPropertiesRequest struct {
	state protoimpl.MessageState `protogen:"open.v1"`
	// The fields set here are set; the others are left as they are.
	Properties    *Properties `protobuf:"bytes,1,opt,name=properties,proto3" json:"properties,omitempty"`
	unknownFields protoimpl.UnknownFields
	sizeCache     protoimpl.SizeCache
}

func (x *SetDefaultPropertiesRequest) Reset() {
	*x = SetDefaultPropertiesRequest{}
	mi := &file_warden_manager_v1_manager_proto_msgTypes[23]
	ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
	ms.StoreMessageInfo(mi)
}

func (x *SetDefaultPropertiesRequest) String() string {
	return protoimpl.X.MessageStringOf(x)
}

func (*SetDefaultPropertiesRequest) ProtoMessage() {}

func (x *SetDefaultPropertiesRequest) ProtoReflect() protoreflect.Message {
	mi := &file_warden_manager_v1_manager_proto_msgTypes[23]
	if x != nil {
		ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
		if ms.LoadMessageInfo() == nil {
			ms.StoreMessageInfo(mi)
		}
		return ms
	}
	return mi.MessageOf(x)
}

// Deprecated: Use SetDefaultPropertiesRequest.ProtoReflect.Descriptor instead.
func (*SetDefaultPropertiesRequest) Descriptor() ([]byte, []int) {
	return file_warden_manager_v1_manager_proto_rawDescGZIP(), []int{23}
}

func (x *SetDefaultPropertiesRequest) GetProperties() *Properties {
	if x != nil {
		return x.Properties
	}
	return nil
}

type SetDefaultPropertiesResponse struct {
	state         protoimpl.MessageState `protogen:"open.v1"`
	unknownFields protoimpl.UnknownFields
	sizeCache     protoimpl.SizeCache
}

func (x *SetDefaultPropertiesResponse) Reset() {
	*x = SetDefaultPropertiesResponse{}
	mi := &file_warden_manager_v1_manager_proto_msgTypes[24]
	ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
	ms.StoreMessageInfo(mi)
}

func (x *SetDefaultPropertiesResponse) String() string {
	return protoimpl.X.MessageStringOf(x)
}

func (*SetDefaultPropertiesResponse) ProtoMessage() {}

func (x *SetDefaultPropertiesResponse) ProtoReflect() protoreflect.Message {
	mi := &file_warden_manager_v1_manager_proto_msgTypes[24]
	if x != nil {
		ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
		if ms.LoadMessageInfo() == nil {
			ms.StoreMessageInfo(mi)
		}
		return ms
	}
	return mi.MessageOf(x)
}

// Deprecated: Use SetDefaultPropertiesResponse.ProtoReflect.Descriptor instead.
func (*SetDefaultPropertiesResponse) Descriptor() ([]byte, []int) {
	return file_warden_manager_v1_manager_proto_rawDescGZIP(), []int{24}
}

type GetDefaultPropertiesRequest struct {
	state         protoimpl.MessageState `protogen:"open.v1"`
	unknownFields protoimpl.UnknownFields
	sizeCache     protoimpl.SizeCache
}

func (x *GetDefaultPropertiesRequest) Reset() {
	*x = GetDefaultPropertiesRequest{}
	mi := &file_warden_manager_v1_manager_proto_msgTypes[25]
	ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
	ms.StoreMessageInfo(mi)
}

func (x *GetDefaultPropertiesRequest) String() string {
	return protoimpl.X.MessageStringOf(x)
}

func (*GetDefaultPropertiesRequest) ProtoMessage() {}

func (x *GetDefaultPropertiesRequest) ProtoReflect() protoreflect.Message {
	mi := &file_warden_manager_v1_manager_proto_msgTypes[25]
	if x != nil {
		ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
		if ms.LoadMessageInfo() == nil {
			ms.StoreMessageInfo(mi)
		}
		return ms
	}
	return mi.MessageOf(x)
}

// Deprecated: Use GetDefaultPropertiesRequest.ProtoReflect.Descriptor instead.
func (*GetDefaultPropertiesRequest) Descriptor() ([]byte, []int) {
	return file_warden_manager_v1_manager_proto_rawDescGZIP(), []int{25}
}

type GetDefaultPropertiesResponse struct {
	state         protoimpl.MessageState `protogen:"open.v1"`
	Properties    *Properties            `protobuf:"bytes,1,opt,name=properties,proto3" json:"properties,omitempty"`
	unknownFields protoimpl.UnknownFields
	sizeCache     protoimpl.SizeCache
}

func (x *GetDefaultPropertiesResponse) Reset() {
	*x = GetDefaultPropertiesResponse{}
	mi := &file_warden_manager_v1_manager_proto_msgTypes[26]
	ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
	ms.StoreMessageInfo(mi)
}

func (x *GetDefaultPropertiesResponse) String() string {
	return protoimpl.X.MessageStringOf(x)
}

func (*GetDefaultPropertiesResponse) ProtoMessage() {}

func (x *GetDefaultPropertiesResponse) ProtoReflect() protoreflect.Message {
	mi := &file_warden_manager_v1_manager_proto_msgTypes[26]
	if x != nil {
		ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
		if ms.LoadMessageInfo() == nil {
			ms.StoreMessageInfo(mi)
		}
		return ms
	}
	return mi.MessageOf(x)
}

// Deprecated: Use GetDefaultPropertiesResponse.ProtoReflect.Descriptor instead.
func (*GetDefaultPropertiesResponse) Descriptor() ([]byte, []int) {
	return file_warden_manager_v1_manager_proto_rawDescGZIP(), []int{26}
}

func (x *GetDefaultPropertiesResponse) GetProperties() *Properties {
	if x != nil {
		return x.Properties
	}
	return nil
}

type RemoveDefaultPropertiesRequest struct {
	state         protoimpl.MessageState `protogen:"open.v1"`
	Names         []PropertyName         `protobuf:"varint,1,rep,packed,name=names,proto3,enum=warden.manager.v1.PropertyName" json:"names,omitempty"`
	unknownFields protoimpl.UnknownFields
	sizeCache     protoimpl.SizeCache
}

func (x *RemoveDefaultPropertiesRequest) Reset() {
	*x = RemoveDefaultPropertiesRequest{}
	mi := &file_warden_manager_v1_manager_proto_msgTypes[27]
	ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
	ms.StoreMessageInfo(mi)
}

func (x *RemoveDefaultPropertiesRequest) String() string {
	return protoimpl.X.MessageStringOf(x)
}

func (*RemoveDefaultPropertiesRequest) ProtoMessage() {}

func (x *RemoveDefaultPropertiesRequest) ProtoReflect() protoreflect.Message {
	mi := &file_warden_manager_v1_manager_proto_msgTypes[27]
	if x != nil {
		ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
		if ms.LoadMessageInfo() == nil {
			ms.StoreMessageInfo(mi)
		}
		return ms
	}
	return mi.MessageOf(x)
}

// Deprecated: Use RemoveDefaultPropertiesRequest.ProtoReflect.Descriptor instead.
func (*RemoveDefaultPropertiesRequest) Descriptor() ([]byte, []int) {
	return file_warden_manager_v1_manager_proto_rawDescGZIP(), []int{27}
}

func (x *RemoveDefaultPropertiesRequest) GetNames() []PropertyName {
	if x != nil {
		return x.Names
	}
	return nil
}

type RemoveDefaultPropertiesResponse struct {
	state         protoimpl.MessageState `protogen:"open.v1"`
	unknownFields protoimpl.UnknownFields
	sizeCache     protoimpl.SizeCache
}

func (x *RemoveDefaultPropertiesResponse) Reset() {
	*x = RemoveDefaultPropertiesResponse{}
	mi := &file_warden_manager_v1_manager_proto_msgTypes[28]
	ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
	ms.StoreMessageInfo(mi)
}

func (x *RemoveDefaultPropertiesResponse) String() string {
	return protoimpl.X.MessageStringOf(x)
}

func (*RemoveDefaultPropertiesResponse) ProtoMessage() {}

func (x *RemoveDefaultPropertiesResponse) ProtoReflect() protoreflect.Message {
	mi := &file_warden_manager_v1_manager_proto_msgTypes[28]
	if x != nil {
		ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
		if ms.LoadMessageInfo() == nil {
			ms.StoreMessageInfo(mi)
		}
		return ms
	}
	return mi.MessageOf(x)
}

// Deprecated: Use RemoveDefaultPropertiesResponse.ProtoReflect.Descriptor instead.
func (*RemoveDefaultPropertiesResponse) Descriptor() ([]byte, []int) {
	return file_warden_manager_v1_manager_proto_rawDescGZIP(), []int{28}
}

type SetTypePropertiesRequest struct {
	state         protoimpl.MessageState `protogen:"open.v1"`
	TypeId        string                 `protobuf:"bytes,1,opt,name=type_id,json=typeId,proto3" json:"type_id,omitempty"`
	Properties    *Properties            `protobuf:"bytes,2,opt,name=properties,proto3" json:"properties,omitempty"`
	unknownFields protoimpl.UnknownFields
	sizeCache     protoimpl.SizeCache
}

func (x *SetTypePropertiesRequest) Reset() {
	*x = SetTypePropertiesRequest{}
	mi := &file_warden_manager_v1_manager_proto_msgTypes[29]
	ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
	ms.StoreMessageInfo(mi)
}

func (x *SetTypePropertiesRequest) String() string {
	return protoimpl.X.MessageStringOf(x)
}

func (*SetTypePropertiesRequest) ProtoMessage() {}

func (x *SetTypePropertiesRequest) ProtoReflect() protoreflect.Message {
	mi := &file_warden_manager_v1_manager_proto_msgTypes[29]
	if x != nil {
		ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
		if ms.LoadMessageInfo() == nil {
			ms.StoreMessageInfo(mi)
		}
		return ms
	}
	return mi.MessageOf(x)
}

// Deprecated: Use SetTypePropertiesRequest.ProtoReflect.Descriptor instead.
func (*SetTypePropertiesRequest) Descriptor() ([]byte, []int) {
	return file_warden_manager_v1_manager_proto_rawDescGZIP(), []int{29}
}

func (x *SetTypePropertiesRequest) GetTypeId() string {
	if x != nil {
		return x.TypeId
	}
	return ""
}

func (x *SetTypePropertiesRequest) GetProperties() *Properties {
	if x != nil {
		return x.Properties
	}
	return nil
}

type SetTypePropertiesResponse struct {
	state         protoimpl.MessageState `protogen:"open.v1"`
	unknownFields protoimpl.UnknownFields
	sizeCache     protoimpl.SizeCache
}

func (x *SetTypePropertiesResponse) Reset() {
	*x = SetTypePropertiesResponse{}
	mi := &file_warden_manager_v1_manager_proto_msgTypes[30]
	ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
	ms.StoreMessageInfo(mi)
}

func (x *SetTypePropertiesResponse) String() string {
	return protoimpl.X.MessageStringOf(x)
}

func (*SetTypePropertiesResponse) ProtoMessage() {}

func (x *SetTypePropertiesResponse) ProtoReflect() protoreflect.Message {
	mi := &file_warden_manager_v1_manager_proto_msgTypes[30]
	if x != nil {
		ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
		if ms.LoadMessageInfo() == nil {
			ms.StoreMessageInfo(mi)
		}
		return ms
	}
	return mi.MessageOf(x)
}

// Deprecated: Use SetTypePropertiesResponse.ProtoReflect.Descriptor instead.
func (*SetTypePropertiesResponse) Descriptor() ([]byte, []int) {
	return file_warden_manager_v1_manager_proto_rawDescGZIP(), []int{30}
}

type GetTypePropertiesRequest struct {
	state         protoimpl.MessageState `protogen:"open.v1"`
	TypeId        string                 `protobuf:"bytes,1,opt,name=type_id,json=typeId,proto3" json:"type_id,omitempty"`
	unknownFields protoimpl.UnknownFields
	sizeCache     protoimpl.SizeCache
}

func (x *GetTypePropertiesRequest) Reset() {
	*x = GetTypePropertiesRequest{}
	mi := &file_warden_manager_v1_manager_proto_msgTypes[31]
	ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
	ms.StoreMessageInfo(mi)
}

func (x *GetTypePropertiesRequest) String() string {
	return protoimpl.X.MessageStringOf(x)
}

func (*GetTypePropertiesRequest) ProtoMessage() {}

func (x *GetTypePropertiesRequest) ProtoReflect() protoreflect.Message {
	mi := &file_warden_manager_v1_manager_proto_msgTypes[31]
	if x != nil {
		ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
		if ms.LoadMessageInfo() == nil {
			ms.StoreMessageInfo(mi)
		}
		return ms
	}
	return mi.MessageOf(x)
}

// Deprecated: Use GetTypePropertiesRequest.ProtoReflect.Descriptor instead.
func (*GetTypePropertiesRequest) Descriptor() ([]byte, []int) {
	return file_warden_manager_v1_manager_proto_rawDescGZIP(), []int{31}
}

func (x *GetTypePropertiesRequest) GetTypeId() string {
	if x != nil {
		return x.TypeId
	}
	return ""
}

type GetTypePropertiesResponse struct {
	state         protoimpl.MessageState `protogen:"open.v1"`
	Properties    *Properties            `protobuf:"bytes,1,opt,name=properties,proto3" json:"properties,omitempty"`
	unknownFields protoimpl.UnknownFields
	sizeCache     protoimpl.SizeCache
}

func (x *GetTypePropertiesResponse) Reset() {
	*x = GetTypePropertiesResponse{}
	mi := &file_warden_manager_v1_manager_proto_msgTypes[32]
	ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
	ms.StoreMessageInfo(mi)
}

func (x *GetTypePropertiesResponse) String() string {
	return protoimpl.X.MessageStringOf(x)
}

func (*GetTypePropertiesResponse) ProtoMessage() {}

func (x *GetTypePropertiesResponse) ProtoReflect() protoreflect.Message {
	mi := &file_warden_manager_v1_manager_proto_msgTypes[32]
	if x != nil {
		ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
		if ms.LoadMessageInfo() == nil {
			ms.StoreMessageInfo(mi)
		}
		return ms
	}
	return mi.MessageOf(x)
}

// Deprecated: Use GetTypePropertiesResponse.ProtoReflect.Descriptor instead.
func (*GetTypePropertiesResponse) Descriptor() ([]byte, []int) {
	return file_warden_manager_v1_manager_proto_rawDescGZIP(), []int{32}
}

func (x *GetTypePropertiesResponse) GetProperties() *Properties {
	if x != nil {
		return x.Properties
	}
	return nil
}

type RemoveTypePropertiesRequest struct {
	state         protoimpl.MessageState `protogen:"open.v1"`
	TypeId        string                 `protobuf:"bytes,1,opt,name=type_id,json=typeId,proto3" json:"type_id,omitempty"`
	Names         []PropertyName         `protobuf:"varint,2,rep,packed,name=names,proto3,enum=warden.manager.v1.PropertyName" json:"names,omitempty"`
	unknownFields protoimpl.UnknownFields
	sizeCache     protoimpl.SizeCache
}

func (x *RemoveTypePropertiesRequest) Reset() {
	*x = RemoveTypePropertiesRequest{}
	mi := &file_warden_manager_v1_manager_proto_msgTypes[33]
	ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
	ms.StoreMessageInfo(mi)
}

func (x *RemoveTypePropertiesRequest) String() string {
	return protoimpl.X.MessageStringOf(x)
}

func (*RemoveTypePropertiesRequest) ProtoMessage() {}

func (x *RemoveTypePropertiesRequest) ProtoReflect() protoreflect.Message {
	mi := &file_warden_manager_v1_manager_proto_msgTypes[33]
	if x != nil {
		ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
		if ms.LoadMessageInfo() == nil {
			ms.StoreMessageInfo(mi)
		}
		return ms
	}
	return mi.MessageOf(x)
}

// Deprecated: Use RemoveTypePropertiesRequest.ProtoReflect.Descriptor instead.
func (*RemoveTypePropertiesRequest) Descriptor() ([]byte, []int) {
	return file_warden_manager_v1_manager_proto_rawDescGZIP(), []int{33}
}

func (x *RemoveTypePropertiesRequest) GetTypeId() string {
	if x != nil {
		return x.TypeId
	}
	return ""
}

func (x *RemoveTypePropertiesRequest) GetNames() []PropertyName {
	if x != nil {
		return x.Names
	}
	return nil
}

type RemoveTypePropertiesResponse struct {
	state         protoimpl.MessageState `protogen:"open.v1"`
	unknownFields protoimpl.UnknownFields
	sizeCache     protoimpl.SizeCache
}

func (x *RemoveTypePropertiesResponse) Reset() {
	*x = RemoveTypePropertiesResponse{}
	mi := &file_warden_manager_v1_manager_proto_msgTypes[34]
	ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
	ms.StoreMessageInfo(mi)
}

func (x *RemoveTypePropertiesResponse) String() string {
	return protoimpl.X.MessageStringOf(x)
}

func (*RemoveTypePropertiesResponse) ProtoMessage() {}

func (x *RemoveTypePropertiesResponse) ProtoReflect() protoreflect.Message {
	mi := &file_warden_manager_v1_manager_proto_msgTypes[34]
	if x != nil {
		ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
		if ms.LoadMessageInfo() == nil {
			ms.StoreMessageInfo(mi)
		}
		return ms
	}
	return mi.MessageOf(x)
}

// Deprecated: Use RemoveTypePropertiesResponse.ProtoReflect.Descriptor instead.
func (*RemoveTypePropertiesResponse) Descriptor() ([]byte, []int) {
	return file_warden_manager_v1_manager_proto_rawDescGZIP(), []int{34}
}

type SetPropertiesDynamicallyRequest struct {
	state         protoimpl.MessageState `protogen:"open.v1"`
	GroupId       string                 `protobuf:"bytes,1,opt,name=group_id,json=groupId,proto3" json:"group_id,omitempty"`
	Properties    *Properties            `protobuf:"bytes,2,opt,name=properties,proto3" json:"properties,omitempty"`
	unknownFields protoimpl.UnknownFields
	sizeCache     protoimpl.SizeCache
}

func (x *SetPropertiesDynamicallyRequest) Reset() {
	*x = SetPropertiesDynamicallyRequest{}
	mi := &file_warden_manager_v1_manager_proto_msgTypes[35]
	ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
	ms.StoreMessageInfo(mi)
}

func (x *SetPropertiesDynamicallyRequest) String() string {
	return protoimpl.X.MessageStringOf(x)
}

func (*SetPropertiesDynamicallyRequest) ProtoMessage() {}

func (x *SetPropertiesDynamicallyRequest) ProtoReflect() protoreflect.Message {
	mi := &file_warden_manager_v1_manager_proto_msgTypes[35]
	if x != nil {
		ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
		if ms.LoadMessageInfo() == nil {
			ms.StoreMessageInfo(mi)
		}
		return ms
	}
	return mi.MessageOf(x)
}

// Deprecated: Use SetPropertiesDynamicallyRequest.ProtoReflect.Descriptor instead.
func (*SetPropertiesDynamicallyRequest) Descriptor() ([]byte, []int) {
	return file_warden_manager_v1_manager_proto_rawDescGZIP(), []int{35}
}

func (x *SetPropertiesDynamicallyRequest) GetGroupId() string {
	if x != nil {
		return x.GroupId
	}
	return ""
}

func (x *SetPropertiesDynamicallyRequest) GetProperties() *Properties {
	if x != nil {
		return x.Properties
	}
	return nil
}

type SetPropertiesDynamicallyResponse struct {
	state         protoimpl.MessageState `protogen:"open.v1"`
	unknownFields protoimpl.UnknownFields
	sizeCache     protoimpl.SizeCache
}

func (x *SetPropertiesDynamicallyResponse) Reset() {
	*x = SetPropertiesDynamicallyResponse{}
	mi := &file_warden_manager_v1_manager_proto_msgTypes[36]
	ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
	ms.StoreMessageInfo(mi)
}

func (x *SetPropertiesDynamicallyResponse) String() string {
	return protoimpl.X.MessageStringOf(x)
}

func (*SetPropertiesDynamicallyResponse) ProtoMessage() {}

func (x *SetPropertiesDynamicallyResponse) ProtoReflect() protoreflect.Message {
	mi := &file_warden_manager_v1_manager_proto_msgTypes[36]
	if x != nil {
		ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
		if ms.LoadMessageInfo() == nil {
			ms.StoreMessageInfo(mi)
		}
		return ms
	}
	return mi.MessageOf(x)
}

// Deprecated: Use SetPropertiesDynamicallyResponse.ProtoReflect.Descriptor instead.
func (*SetPropertiesDynamicallyResponse) Descriptor() ([]byte, []int) {
	return file_warden_manager_v1_manager_proto_rawDescGZIP(), []int{36}
}

type GetPropertiesRequest struct {
	state         protoimpl.MessageState `protogen:"open.v1"`
	GroupId       string                 `protobuf:"bytes,1,opt,name=group_id,json=groupId,proto3" json:"group_id,omitempty"`
	unknownFields protoimpl.UnknownFields
	sizeCache     protoimpl.SizeCache
}

func (x *GetPropertiesRequest) Reset() {
	*x = GetPropertiesRequest{}
	mi := &file_warden_manager_v1_manager_proto_msgTypes[37]
	ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
	ms.StoreMessageInfo(mi)
}

func (x *GetPropertiesRequest) String() string {
	return protoimpl.X.MessageStringOf(x)
}

func (*GetPropertiesRequest) ProtoMessage() {}

func (x *GetPropertiesRequest) ProtoReflect() protoreflect.Message {
	mi := &file_warden_manager_v1_manager_proto_msgTypes[37]
	if x != nil {
		ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
		if ms.LoadMessageInfo() == nil {
			ms.StoreMessageInfo(mi)
		}
		return ms
	}
	return mi.MessageOf(x)
}

// Deprecated: Use GetPropertiesRequest.ProtoReflect.Descriptor instead.
func (*GetPropertiesRequest) Descriptor() ([]byte, []int) {
	return file_warden_manager_v1_manager_proto_rawDescGZIP(), []int{37}
}

func (x *GetPropertiesRequest) GetGroupId() string {
	if x != nil {
		return x.GroupId
	}
	return ""
}

type GetPropertiesResponse struct {
	state protoimpl.MessageState `protogen:"open.v1"`
	// Resolved: every field set.
	Properties *Properties `protobuf:"bytes,1,opt,name=properties,proto3" json:"properties,omitempty"`
	// One entry per property, in PropertyName order.
	Origins       []*PropertyOrigin `protobuf:"bytes,2,rep,name=origins,proto3" json:"origins,omitempty"`
	unknownFields protoimpl.UnknownFields
	sizeCache     protoimpl.SizeCache
}

func (x *GetPropertiesResponse) Reset() {
	*x = GetPropertiesResponse{}
	mi := &file_warden_manager_v1_manager_proto_msgTypes[38]
	ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
	ms.StoreMessageInfo(mi)
}

func (x *GetPropertiesResponse) String() string {
	return protoimpl.X.MessageStringOf(x)
}

func (*GetPropertiesResponse) ProtoMessage() {}

func (x *GetPropertiesResponse) ProtoReflect() protoreflect.Message {
	mi := &file_warden_manager_v1_manager_proto_msgTypes[38]
	if x != nil {
		ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
		if ms.LoadMessageInfo() == nil {
			ms.StoreMessageInfo(mi)
		}
		return ms
	}
	return mi.MessageOf(x)
}

// Deprecated: Use GetPropertiesResponse.ProtoReflect.Descriptor instead.
func (*GetPropertiesResponse) Descriptor() ([]byte, []int) {
	return file_warden_manager_v1_manager_proto_rawDescGZIP(), []int{38}
}

func (x *GetPropertiesResponse) GetProperties() *Properties {
	if x != nil {
		return x.Properties
	}
	return nil
}

func (x *GetPropertiesResponse) GetOrigins() []*PropertyOrigin {
	if x != nil {
		return x.Origins
	}
	return nil
}

type RemoveGroupPropertiesRequest struct {
	state         protoimpl.MessageState `protogen:"open.v1"`
	GroupId       string                 `protobuf:"bytes,1,opt,name=group_id,json=groupId,proto3" json:"group_id,omitempty"`
	Names         []PropertyName         `protobuf:"varint,2,rep,packed,name=names,proto3,enum=warden.manager.v1.PropertyName" json:"names,omitempty"`
	unknownFields protoimpl.UnknownFields
	sizeCache     protoimpl.SizeCache
}

func (x *RemoveGroupPropertiesRequest) Reset() {
	*x = RemoveGroupPropertiesRequest{}
	mi := &file_warden_manager_v1_manager_proto_msgTypes[39]
	ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
	ms.StoreMessageInfo(mi)
}

func (x *RemoveGroupPropertiesRequest) String() string {
	return protoimpl.X.MessageStringOf(x)
}

func (*RemoveGroupPropertiesRequest) ProtoMessage() {}

func (x *RemoveGroupPropertiesRequest) ProtoReflect() protoreflect.Message {
	mi := &file_warden_manager_v1_manager_proto_msgTypes[39]
	if x != nil {
		ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
		if ms.LoadMessageInfo() == nil {
			ms.StoreMessageInfo(mi)
		}
		return ms
	}
	return mi.MessageOf(x)
}

// Deprecated: Use RemoveGroupPropertiesRequest.ProtoReflect.Descriptor instead.
func (*RemoveGroupPropertiesRequest) Descriptor() ([]byte, []int) {
	return file_warden_manager_v1_manager_proto_rawDescGZIP(), []int{39}
}

func (x *RemoveGroupPropertiesRequest) GetGroupId() string {
	if x != nil {
		return x.GroupId
	}
	return ""
}

func (x *RemoveGroupPropertiesRequest) GetNames() []PropertyName {
	if x != nil {
		return x.Names
	}
	return nil
}

type RemoveGroupPropertiesResponse struct {
	state         protoimpl.MessageState `protogen:"open.v1"`
	unknownFields protoimpl.UnknownFields
	sizeCache     protoimpl.SizeCache
}

func (x *RemoveGroupPropertiesResponse) Reset() {
	*x = RemoveGroupPropertiesResponse{}
	mi := &file_warden_manager_v1_manager_proto_msgTypes[40]
	ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
	ms.StoreMessageInfo(mi)
}

func (x *RemoveGroupPropertiesResponse) String() string {
	return protoimpl.X.MessageStringOf(x)
}

func (*RemoveGroupPropertiesResponse) ProtoMessage() {}

func (x *RemoveGroupPropertiesResponse) ProtoReflect() protoreflect.Message {
	mi := &file_warden_manager_v1_manager_proto_msgTypes[40]
	if x != nil {
		ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
		if ms.LoadMessageInfo() == nil {
			ms.StoreMessageInfo(mi)
		}
		return ms
	}
	return mi.MessageOf(x)
}

// Deprecated: Use RemoveGroupPropertiesResponse.ProtoReflect.Descriptor instead.
func (*RemoveGroupPropertiesResponse) Descriptor() ([]byte, []int) {
	return file_warden_manager_v1_manager_proto_rawDescGZIP(), []int{40}
}

type RegisterTypeRequest struct {
	state         protoimpl.MessageState `protogen:"open.v1"`
	Type          *MemberType            `protobuf:"bytes,1,opt,name=type,proto3" json:"type,omitempty"`
	unknownFields protoimpl.UnknownFields
	sizeCache     protoimpl.SizeCache
}

func (x *RegisterTypeRequest) Reset() {
	*x = RegisterTypeRequest{}
	mi := &file_warden_manager_v1_manager_proto_msgTypes[41]
	ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
	ms.StoreMessageInfo(mi)
}

func (x *RegisterTypeRequest) String() string {
	return protoimpl.X.MessageStringOf(x)
}

func (*RegisterTypeRequest) ProtoMessage() {}

func (x *RegisterTypeRequest) ProtoReflect() protoreflect.Message {
	mi := &file_warden_manager_v1_manager_proto_msgTypes[41]
	if x != nil {
		ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
		if ms.LoadMessageInfo() == nil {
			ms.StoreMessageInfo(mi)
		}
		return ms
	}
	return mi.MessageOf(x)
}

// Deprecated: Use RegisterTypeRequest.ProtoReflect.Descriptor instead.
func (*RegisterTypeRequest) Descriptor() ([]byte, []int) {
	return file_warden_manager_v1_manager_proto_rawDescGZIP(), []int{41}
}

func (x *RegisterTypeRequest) GetType() *MemberType {
	if x != nil {
		return x.Type
	}
	return nil
}

type RegisterTypeResponse struct {
	state         protoimpl.MessageState `protogen:"open.v1"`
	unknownFields protoimpl.UnknownFields
	sizeCache     protoimpl.SizeCache
}

func (x *RegisterTypeResponse) Reset() {
	*x = RegisterTypeResponse{}
	mi := &file_warden_manager_v1_manager_proto_msgTypes[42]
	ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
	ms.StoreMessageInfo(mi)
}

func (x *RegisterTypeResponse) String() string {
	return protoimpl.X.MessageStringOf(x)
}

func (*RegisterTypeResponse) ProtoMessage() {}

func (x *RegisterTypeResponse) ProtoReflect() protoreflect.Message {
	mi := &file_warden_manager_v1_manager_proto_msgTypes[42]
	if x != nil {
		ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
		if ms.LoadMessageInfo() == nil {
			ms.StoreMessageInfo(mi)
		}
		return ms
	}
	return mi.MessageOf(x)
}

// Deprecated: Use RegisterTypeResponse.ProtoReflect.Descriptor instead.
func (*RegisterTypeResponse) Descriptor() ([]byte, []int) {
	return file_warden_manager_v1_manager_proto_rawDescGZIP(), []int{42}
}

type GetTypeRequest struct {
	state         protoimpl.MessageState `protogen:"open.v1"`
	TypeId        string                 `protobuf:"bytes,1,opt,name=type_id,json=typeId,proto3" json:"type_id,omitempty"`
	unknownFields protoimpl.UnknownFields
	sizeCache     protoimpl.SizeCache
}

func (x *GetTypeRequest) Reset() {
	*x = GetTypeRequest{}
	mi := &file_warden_manager_v1_manager_proto_msgTypes[43]
	ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
	ms.StoreMessageInfo(mi)
}

func (x *GetTypeRequest) String() string {
	return protoimpl.X.MessageStringOf(x)
}

func (*GetTypeRequest) ProtoMessage() {}

func (x *GetTypeRequest) ProtoReflect() protoreflect.Message {
	mi := &file_warden_manager_v1_manager_proto_msgTypes[43]
	if x != nil {
		ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
		if ms.LoadMessageInfo() == nil {
			ms.StoreMessageInfo(mi)
		}
		return ms
	}
	return mi.MessageOf(x)
}

// Deprecated: Use GetTypeRequest.ProtoReflect.Descriptor instead.
func (*GetTypeRequest) Descriptor() ([]byte, []int) {
	return file_warden_manager_v1_manager_proto_rawDescGZIP(), []int{43}
}

func (x *GetTypeRequest) GetTypeId() string {
	if x != nil {
		return x.TypeId
	}
	return ""
}

type GetTypeResponse struct {
	state         protoimpl.MessageState `protogen:"open.v1"`
	Type          *MemberType            `protobuf:"bytes,1,opt,name=type,proto3" json:"type,omitempty"`
	unknownFields protoimpl.UnknownFields
	sizeCache     protoimpl.SizeCache
}

func (x *GetTypeResponse) Reset() {
	*x = GetTypeResponse{}
	mi := &file_warden_manager_v1_manager_proto_msgTypes[44]
	ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
	ms.StoreMessageInfo(mi)
}

func (x *GetTypeResponse) String() string {
	return protoimpl.X.MessageStringOf(x)
}

func (*GetTypeResponse) ProtoMessage() {}

func (x *GetTypeResponse) ProtoReflect() protoreflect.Message {
	mi := &file_warden_manager_v1_manager_proto_msgTypes[44]
	if x != nil {
		ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
		if ms.LoadMessageInfo() == nil {
			ms.StoreMessageInfo(mi)
		}
		return ms
	}
	return mi.MessageOf(x)
}

// Deprecated: Use GetTypeResponse.ProtoReflect.Descriptor instead.
func (*GetTypeResponse) Descriptor() ([]byte, []int) {
	return file_warden_manager_v1_manager_proto_rawDescGZIP(), []int{44}
}

func (x *GetTypeResponse) GetType() *MemberType {
	if x != nil {
		return x.Type
	}
	return nil
}

type ListTypesRequest struct {
	state         protoimpl.MessageState `protogen:"open.v1"`
	unknownFields protoimpl.UnknownFields
	sizeCache     protoimpl.SizeCache
}

func (x *ListTypesRequest) Reset() {
	*x = ListTypesRequest{}
	mi := &file_warden_manager_v1_manager_proto_msgTypes[45]
	ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
	ms.StoreMessageInfo(mi)
}

func (x *ListTypesRequest) String() string {
	return protoimpl.X.MessageStringOf(x)
}

func (*ListTypesRequest) ProtoMessage() {}

func (x *ListTypesRequest) ProtoReflect() protoreflect.Message {
	mi := &file_warden_manager_v1_manager_proto_msgTypes[45]
	if x != nil {
		ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
		if ms.LoadMessageInfo() == nil {
			ms.StoreMessageInfo(mi)
		}
		return ms
	}
	return mi.MessageOf(x)
}

// Deprecated: Use ListTypesRequest.ProtoReflect.Descriptor instead.
func (*ListTypesRequest) Descriptor() ([]byte, []int) {
	return file_warden_manager_v1_manager_proto_rawDescGZIP(), []int{45}
}

type ListTypesResponse struct {
	state protoimpl.MessageState `protogen:"open.v1"`
	// Sorted by type id.
	Types         []*MemberType `protobuf:"bytes,1,rep,name=types,proto3" json:"types,omitempty"`
	unknownFields protoimpl.UnknownFields
	sizeCache     protoimpl.SizeCache
}

func (x *ListTypesResponse) Reset() {
	*x = ListTypesResponse{}
	mi := &file_warden_manager_v1_manager_proto_msgTypes[46]
	ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
	ms.StoreMessageInfo(mi)
}

func (x *ListTypesResponse) String() string {
	return protoimpl.X.MessageStringOf(x)
}

func (*ListTypesResponse) ProtoMessage() {}

func (x *ListTypesResponse) ProtoReflect() protoreflect.Message {
	mi := &file_warden_manager_v1_manager_proto_msgTypes[46]
	if x != nil {
		ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
		if ms.LoadMessageInfo() == nil {
			ms.StoreMessageInfo(mi)
		}
		return ms
	}
	return mi.MessageOf(x)
}

// Deprecated: Use ListTypesResponse.ProtoReflect.Descriptor instead.
func (*ListTypesResponse) Descriptor() ([]byte, []int) {
	return file_warden_manager_v1_manager_proto_rawDescGZIP(), []int{46}
}

func (x *ListTypesResponse) GetTypes() []*MemberType {
	if x != nil {
		return x.Types
	}
	return nil
}

type UnregisterTypeRequest struct {
	state         protoimpl.MessageState `protogen:"open.v1"`
	TypeId        string                 `protobuf:"bytes,1,opt,name=type_id,json=typeId,proto3" json:"type_id,omitempty"`
	unknownFields protoimpl.UnknownFields
	sizeCache     protoimpl.SizeCache
}

func (x *UnregisterTypeRequest) Reset() {
	*x = UnregisterTypeRequest{}
	mi := &file_warden_manager_v1_manager_proto_msgTypes[47]
	ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
	ms.StoreMessageInfo(mi)
}

func (x *UnregisterTypeRequest) String() string {
	return protoimpl.X.MessageStringOf(x)
}

func (*UnregisterTypeRequest) ProtoMessage() {}

func (x *UnregisterTypeRequest) ProtoReflect() protoreflect.Message {
	mi := &file_warden_manager_v1_manager_proto_msgTypes[47]
	if x != nil {
		ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
		if ms.LoadMessageInfo() == nil {
			ms.StoreMessageInfo(mi)
		}
		return ms
	}
	return mi.MessageOf(x)
}

// Deprecated: Use UnregisterTypeRequest.ProtoReflect.Descriptor instead.
func (*UnregisterTypeRequest) Descriptor() ([]byte, []int) {
	return file_warden_manager_v1_manager_proto_rawDescGZIP(), []int{47}
}

func (x *UnregisterTypeRequest) GetTypeId() string {
	if x != nil {
		return x.TypeId
	}
	return ""
}

type UnregisterTypeResponse struct {
	state         protoimpl.MessageState `protogen:"open.v1"`
	unknownFields protoimpl.UnknownFields
	sizeCache     protoimpl.SizeCache
}

func (x *UnregisterTypeResponse) Reset() {
	*x = UnregisterTypeResponse{}
	mi := &file_warden_manager_v1_manager_proto_msgTypes[48]
	ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
	ms.StoreMessageInfo(mi)
}

func (x *UnregisterTypeResponse) String() string {
	return protoimpl.X.MessageStringOf(x)
}

func (*UnregisterTypeResponse) ProtoMessage() {}

func (x *UnregisterTypeResponse) ProtoReflect() protoreflect.Message {
	mi := &file_warden_manager_v1_manager_proto_msgTypes[48]
	if x != nil {
		ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
		if ms.LoadMessageInfo() == nil {
			ms.StoreMessageInfo(mi)
		}
		return ms
	}
	return mi.MessageOf(x)
}

// Deprecated: Use UnregisterTypeResponse.ProtoReflect.Descriptor instead.
func (*UnregisterTypeResponse) Descriptor() ([]byte, []int) {
	return file_warden_manager_v1_manager_proto_rawDescGZIP(), []int{48}
}

type CreateMemberRequest struct {
	state    protoimpl.MessageState `protogen:"open.v1"`
	GroupId  string                 `protobuf:"bytes,1,opt,name=group_id,json=groupId,proto3" json:"group_id,omitempty"`
	Location string                 `protobuf:"bytes,2,opt,name=location,proto3" json:"location,omitempty"`
	// Must be the group's type when set (FT-CORBA passes it); may be empty.
	TypeId string `protobuf:"bytes,3,opt,name=type_id,json=typeId,proto3" json:"type_id,omitempty"`
	// Who asks: "operator" when empty. The repair loop sets "repair".
	RequestedBy   string `protobuf:"bytes,4,opt,name=requested_by,json=requestedBy,proto3" json:"requested_by,omitempty"`
	unknownFields protoimpl.UnknownFields
	sizeCache     protoimpl.SizeCache
}

func (x *CreateMemberRequest) Reset() {
	*x = CreateMemberRequest{}
	mi := &file_warden_manager_v1_manager_proto_msgTypes[49]
	ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
	ms.StoreMessageInfo(mi)
}

func (x *CreateMemberRequest) String() string {
	return protoimpl.X.MessageStringOf(x)
}

func (*CreateMemberRequest) ProtoMessage() {}

func (x *CreateMemberRequest) ProtoReflect() protoreflect.Message {
	mi := &file_warden_manager_v1_manager_proto_msgTypes[49]
	if x != nil {
		ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
		if ms.LoadMessageInfo() == nil {
			ms.StoreMessageInfo(mi)
		}
		return ms
	}
	return mi.MessageOf(x)
}

// Deprecated: Use CreateMemberRequest.ProtoReflect.Descriptor instead.
func (*CreateMemberRequest) Descriptor() ([]byte, []int) {
	return file_warden_manager_v1_manager_proto_rawDescGZIP(), []int{49}
}

func (x *CreateMemberRequest) GetGroupId() string {
	if x != nil {
		return x.GroupId
	}
	return ""
}

func (x *CreateMemberRequest) GetLocation() string {
	if x != nil {
		return x.Location
	}
	return ""
}

func (x *CreateMemberRequest) GetTypeId() string {
	if x != nil {
		return x.TypeId
	}
	return ""
}

func (x *CreateMemberRequest) GetRequestedBy() string {
	if x != nil {
		return x.RequestedBy
	}
	return ""
}

type CreateMemberResponse struct {
	state         protoimpl.MessageState `protogen:"open.v1"`
	Member        *PendingMember         `protobuf:"bytes,1,opt,name=member,proto3" json:"member,omitempty"`
	View          *View                  `protobuf:"bytes,2,opt,name=view,proto3" json:"view,omitempty"`
	unknownFields protoimpl.UnknownFields
	sizeCache     protoimpl.SizeCache
}

func (x *CreateMemberResponse) Reset() {
	*x = CreateMemberResponse{}
	mi := &file_warden_manager_v1_manager_proto_msgTypes[50]
	ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
	ms.StoreMessageInfo(mi)
}

func (x *CreateMemberResponse) String() string {
	return protoimpl.X.MessageStringOf(x)
}

func (*CreateMemberResponse) ProtoMessage() {}

func (x *CreateMemberResponse) ProtoReflect() protoreflect.Message {
	mi := &file_warden_manager_v1_manager_proto_msgTypes[50]
	if x != nil {
		ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
		if ms.LoadMessageInfo() == nil {
			ms.StoreMessageInfo(mi)
		}
		return ms
	}
	return mi.MessageOf(x)
}

// Deprecated: Use CreateMemberResponse.ProtoReflect.Descriptor instead.
func (*CreateMemberResponse) Descriptor() ([]byte, []int) {
	return file_warden_manager_v1_manager_proto_rawDescGZIP(), []int{50}
}

func (x *CreateMemberResponse) GetMember() *PendingMember {
	if x != nil {
		return x.Member
	}
	return nil
}

func (x *CreateMemberResponse) GetView() *View {
	if x != nil {
		return x.View
	}
	return nil
}

type AddMemberRequest struct {
	state   protoimpl.MessageState `protogen:"open.v1"`
	GroupId string                 `protobuf:"bytes,1,opt,name=group_id,json=groupId,proto3" json:"group_id,omitempty"`
	// Types that are valid to be assigned to Member:
	//
	//	*AddMemberRequest_PendingMemberId
	//	*AddMemberRequest_External
	Member isAddMemberRequest_Member `protobuf_oneof:"member"`
	// Where the pending member serves, as its agent reported it.
	Address string `protobuf:"bytes,4,opt,name=address,proto3" json:"address,omitempty"`
	// 0: any; otherwise the request fails with STALE_EPOCH unless the view has this epoch.
	ExpectedEpoch uint64 `protobuf:"varint,5,opt,name=expected_epoch,json=expectedEpoch,proto3" json:"expected_epoch,omitempty"`
	// Why, for the view's reason ("ready", "operator").
	Reason        string `protobuf:"bytes,6,opt,name=reason,proto3" json:"reason,omitempty"`
	unknownFields protoimpl.UnknownFields
	sizeCache     protoimpl.SizeCache
}

func (x *AddMemberRequest) Reset() {
	*x = AddMemberRequest{}
	mi := &file_warden_manager_v1_manager_proto_msgTypes[51]
	ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
	ms.StoreMessageInfo(mi)
}

func (x *AddMemberRequest) String() string {
	return protoimpl.X.MessageStringOf(x)
}

func (*AddMemberRequest) ProtoMessage() {}

func (x *AddMemberRequest) ProtoReflect() protoreflect.Message {
	mi := &file_warden_manager_v1_manager_proto_msgTypes[51]
	if x != nil {
		ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
		if ms.LoadMessageInfo() == nil {
			ms.StoreMessageInfo(mi)
		}
		return ms
	}
	return mi.MessageOf(x)
}

// Deprecated: Use AddMemberRequest.ProtoReflect.Descriptor instead.
func (*AddMemberRequest) Descriptor() ([]byte, []int) {
	return file_warden_manager_v1_manager_proto_rawDescGZIP(), []int{51}
}

func (x *AddMemberRequest) GetGroupId() string {
	if x != nil {
		return x.GroupId
	}
	return ""
}

func (x *AddMemberRequest) GetMember() isAddMemberRequest_Member {
	if x != nil {
		return x.Member
	}
	return nil
}

func (x *AddMemberRequest) GetPendingMemberId() string {
	if x != nil {
		if x, ok := x.Member.(*AddMemberRequest_PendingMemberId); ok {
			return x.PendingMemberId
		}
	}
	return ""
}

func (x *AddMemberRequest) GetExternal() *ExternalMember {
	if x != nil {
		if x, ok := x.Member.(*AddMemberRequest_External); ok {
			return x.External
		}
	}
	return nil
}

func (x *AddMemberRequest) GetAddress() string {
	if x != nil {
		return x.Address
	}
	return ""
}

func (x *AddMemberRequest) GetExpectedEpoch() uint64 {
	if x != nil {
		return x.ExpectedEpoch
	}
	return 0
}

func (x *AddMemberRequest) GetReason() string {
	if x != nil {
		return x.Reason
	}
	return ""
}

type isAddMemberRequest_Member interface {
	isAddMemberRequest_Member()
}

type AddMemberRequest_PendingMemberId struct {
	// A pending creation that its agent reported ready.
	PendingMemberId string `protobuf:"bytes,2,opt,name=pending_member_id,json=pendingMemberId,proto3,oneof"`
}

type AddMemberRequest_External struct {
	// An object started outside the manager.
	External *ExternalMember `protobuf:"bytes,3,opt,name=external,proto3,oneof"`
}

func (*AddMemberRequest_PendingMemberId) isAddMemberRequest_Member() {}

func (*AddMemberRequest_External) isAddMemberRequest_Member() {}

type ExternalMember struct {
	state         protoimpl.MessageState `protogen:"open.v1"`
	Location      string                 `protobuf:"bytes,1,opt,name=location,proto3" json:"location,omitempty"`
	Address       string                 `protobuf:"bytes,2,opt,name=address,proto3" json:"address,omitempty"`
	unknownFields protoimpl.UnknownFields
	sizeCache     protoimpl.SizeCache
}

func (x *ExternalMember) Reset() {
	*x = ExternalMember{}
	mi := &file_warden_manager_v1_manager_proto_msgTypes[52]
	ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
	ms.StoreMessageInfo(mi)
}

func (x *ExternalMember) String() string {
	return protoimpl.X.MessageStringOf(x)
}

func (*ExternalMember) ProtoMessage() {}

func (x *ExternalMember) ProtoReflect() protoreflect.Message {
	mi := &file_warden_manager_v1_manager_proto_msgTypes[52]
	if x != nil {
		ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
		if ms.LoadMessageInfo() == nil {
			ms.StoreMessageInfo(mi)
		}
		return ms
	}
	return mi.MessageOf(x)
}

// Deprecated: Use ExternalMember.ProtoReflect.Descriptor instead.
func (*ExternalMember) Descriptor() ([]byte, []int) {
	return file_warden_manager_v1_manager_proto_rawDescGZIP(), []int{52}
}

func (x *ExternalMember) GetLocation() string {
	if x != nil {
		return x.Location
	}
	return ""
}

func (x *ExternalMember) GetAddress() string {
	if x != nil {
		return x.Address
	}
	return ""
}

type AddMemberResponse struct {
	state         protoimpl.MessageState `protogen:"open.v1"`
	View          *View                  `protobuf:"bytes,1,opt,name=view,proto3" json:"view,omitempty"`
	unknownFields protoimpl.UnknownFields
	sizeCache     protoimpl.SizeCache
}

func (x *AddMemberResponse) Reset() {
	*x = AddMemberResponse{}
	mi := &file_warden_manager_v1_manager_proto_msgTypes[53]
	ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
	ms.StoreMessageInfo(mi)
}

func (x *AddMemberResponse) String() string {
	return protoimpl.X.MessageStringOf(x)
}

func (*AddMemberResponse) ProtoMessage() {}

func (x *AddMemberResponse) ProtoReflect() protoreflect.Message {
	mi := &file_warden_manager_v1_manager_proto_msgTypes[53]
	if x != nil {
		ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
		if ms.LoadMessageInfo() == nil {
			ms.StoreMessageInfo(mi)
		}
		return ms
	}
	return mi.MessageOf(x)
}

// Deprecated: Use AddMemberResponse.ProtoReflect.Descriptor instead.
func (*AddMemberResponse) Descriptor() ([]byte, []int) {
	return file_warden_manager_v1_manager_proto_rawDescGZIP(), []int{53}
}

func (x *AddMemberResponse) GetView() *View {
	if x != nil {
		return x.View
	}
	return nil
}

type RemoveMemberRequest struct {
	state   protoimpl.MessageState `protogen:"open.v1"`
	GroupId string                 `protobuf:"bytes,1,opt,name=group_id,json=groupId,proto3" json:"group_id,omitempty"`
	// The member by location (FT-CORBA) or by member id; one of them.
	Location      string `protobuf:"bytes,2,opt,name=location,proto3" json:"location,omitempty"`
	MemberId      string `protobuf:"bytes,3,opt,name=member_id,json=memberId,proto3" json:"member_id,omitempty"`
	ExpectedEpoch uint64 `protobuf:"varint,4,opt,name=expected_epoch,json=expectedEpoch,proto3" json:"expected_epoch,omitempty"`
	// For passive groups when the removed member is the primary: the member id to promote in
	// the same view. Empty: the caught-up member that joined first (none: no primary).
	NewPrimary    string `protobuf:"bytes,5,opt,name=new_primary,json=newPrimary,proto3" json:"new_primary,omitempty"`
	Reason        string `protobuf:"bytes,6,opt,name=reason,proto3" json:"reason,omitempty"`
	unknownFields protoimpl.UnknownFields
	sizeCache     protoimpl.SizeCache
}

func (x *RemoveMemberRequest) Reset() {
	*x = RemoveMemberRequest{}
	mi := &file_warden_manager_v1_manager_proto_msgTypes[54]
	ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
	ms.StoreMessageInfo(mi)
}

func (x *RemoveMemberRequest) String() string {
	return protoimpl.X.MessageStringOf(x)
}

func (*RemoveMemberRequest) ProtoMessage() {}

func (x *RemoveMemberRequest) ProtoReflect() protoreflect.Message {
	mi := &file_warden_manager_v1_manager_proto_msgTypes[54]
	if x != nil {
		ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
		if ms.LoadMessageInfo() == nil {
			ms.StoreMessageInfo(mi)
		}
		return ms
	}
	return mi.MessageOf(x)
}

// Deprecated: Use RemoveMemberRequest.ProtoReflect.Descriptor instead.
func (*RemoveMemberRequest) Descriptor() ([]byte, []int) {
	return file_warden_manager_v1_manager_proto_rawDescGZIP(), []int{54}
}

func (x *RemoveMemberRequest) GetGroupId() string {
	if x != nil {
		return x.GroupId
	}
	return ""
}

func (x *RemoveMemberRequest) GetLocation() string {
	if x != nil {
		return x.Location
	}
	return ""
}

func (x *RemoveMemberRequest) GetMemberId() string {
	if x != nil {
		return x.MemberId
	}
	return ""
}

func (x *RemoveMemberRequest) GetExpectedEpoch() uint64 {
	if x != nil {
		return x.ExpectedEpoch
	}
	return 0
}

func (x *RemoveMemberRequest) GetNewPrimary() string {
	if x != nil {
		return x.NewPrimary
	}
	return ""
}

func (x *RemoveMemberRequest) GetReason() string {
	if x != nil {
		return x.Reason
	}
	return ""
}

type RemoveMemberResponse struct {
	state         protoimpl.MessageState `protogen:"open.v1"`
	View          *View                  `protobuf:"bytes,1,opt,name=view,proto3" json:"view,omitempty"`
	unknownFields protoimpl.UnknownFields
	sizeCache     protoimpl.SizeCache
}

func (x *RemoveMemberResponse) Reset() {
	*x = RemoveMemberResponse{}
	mi := &file_warden_manager_v1_manager_proto_msgTypes[55]
	ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
	ms.StoreMessageInfo(mi)
}

func (x *RemoveMemberResponse) String() string {
	return protoimpl.X.MessageStringOf(x)
}

func (*RemoveMemberResponse) ProtoMessage() {}

func (x *RemoveMemberResponse) ProtoReflect() protoreflect.Message {
	mi := &file_warden_manager_v1_manager_proto_msgTypes[55]
	if x != nil {
		ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
		if ms.LoadMessageInfo() == nil {
			ms.StoreMessageInfo(mi)
		}
		return ms
	}
	return mi.MessageOf(x)
}

// Deprecated: Use RemoveMemberResponse.ProtoReflect.Descriptor instead.
func (*RemoveMemberResponse) Descriptor() ([]byte, []int) {
	return file_warden_manager_v1_manager_proto_rawDescGZIP(), []int{55}
}

func (x *RemoveMemberResponse) GetView() *View {
	if x != nil {
		return x.View
	}
	return nil
}

type SetPrimaryMemberRequest struct {
	state         protoimpl.MessageState `protogen:"open.v1"`
	GroupId       string                 `protobuf:"bytes,1,opt,name=group_id,json=groupId,proto3" json:"group_id,omitempty"`
	Location      string                 `protobuf:"bytes,2,opt,name=location,proto3" json:"location,omitempty"`
	MemberId      string                 `protobuf:"bytes,3,opt,name=member_id,json=memberId,proto3" json:"member_id,omitempty"`
	ExpectedEpoch uint64                 `protobuf:"varint,4,opt,name=expected_epoch,json=expectedEpoch,proto3" json:"expected_epoch,omitempty"`
	Reason        string                 `protobuf:"bytes,5,opt,name=reason,proto3" json:"reason,omitempty"`
	unknownFields protoimpl.UnknownFields
	sizeCache     protoimpl.SizeCache
}

func (x *SetPrimaryMemberRequest) Reset() {
	*x = SetPrimaryMemberRequest{}
	mi := &file_warden_manager_v1_manager_proto_msgTypes[56]
	ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
	ms.StoreMessageInfo(mi)
}

func (x *SetPrimaryMemberRequest) String() string {
	return protoimpl.X.MessageStringOf(x)
}

func (*SetPrimaryMemberRequest) ProtoMessage() {}

func (x *SetPrimaryMemberRequest) ProtoReflect() protoreflect.Message {
	mi := &file_warden_manager_v1_manager_proto_msgTypes[56]
	if x != nil {
		ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
		if ms.LoadMessageInfo() == nil {
			ms.StoreMessageInfo(mi)
		}
		return ms
	}
	return mi.MessageOf(x)
}

// Deprecated: Use SetPrimaryMemberRequest.ProtoReflect.Descriptor instead.
func (*SetPrimaryMemberRequest) Descriptor() ([]byte, []int) {
	return file_warden_manager_v1_manager_proto_rawDescGZIP(), []int{56}
}

func (x *SetPrimaryMemberRequest) GetGroupId() string {
	if x != nil {
		return x.GroupId
	}
	return ""
}

func (x *SetPrimaryMemberRequest) GetLocation() string {
	if x != nil {
		return x.Location
	}
	return ""
}

func (x *SetPrimaryMemberRequest) GetMemberId() string {
	if x != nil {
		return x.MemberId
	}
	return ""
}

func (x *SetPrimaryMemberRequest) GetExpectedEpoch() uint64 {
	if x != nil {
		return x.ExpectedEpoch
	}
	return 0
}

func (x *SetPrimaryMemberRequest) GetReason() string {
	if x != nil {
		return x.Reason
	}
	return ""
}

type SetPrimaryMemberResponse struct {
	state         protoimpl.MessageState `protogen:"open.v1"`
	View          *View                  `protobuf:"bytes,1,opt,name=view,proto3" json:"view,omitempty"`
	unknownFields protoimpl.UnknownFields
	sizeCache     protoimpl.SizeCache
}

func (x *SetPrimaryMemberResponse) Reset() {
	*x = SetPrimaryMemberResponse{}
	mi := &file_warden_manager_v1_manager_proto_msgTypes[57]
	ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
	ms.StoreMessageInfo(mi)
}

func (x *SetPrimaryMemberResponse) String() string {
	return protoimpl.X.MessageStringOf(x)
}

func (*SetPrimaryMemberResponse) ProtoMessage() {}

func (x *SetPrimaryMemberResponse) ProtoReflect() protoreflect.Message {
	mi := &file_warden_manager_v1_manager_proto_msgTypes[57]
	if x != nil {
		ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
		if ms.LoadMessageInfo() == nil {
			ms.StoreMessageInfo(mi)
		}
		return ms
	}
	return mi.MessageOf(x)
}

// Deprecated: Use SetPrimaryMemberResponse.ProtoReflect.Descriptor instead.
func (*SetPrimaryMemberResponse) Descriptor() ([]byte, []int) {
	return file_warden_manager_v1_manager_proto_rawDescGZIP(), []int{57}
}

func (x *SetPrimaryMemberResponse) GetView() *View {
	if x != nil {
		return x.View
	}
	return nil
}

type LocationsOfMembersRequest struct {
	state         protoimpl.MessageState `protogen:"open.v1"`
	GroupId       string                 `protobuf:"bytes,1,opt,name=group_id,json=groupId,proto3" json:"group_id,omitempty"`
	unknownFields protoimpl.UnknownFields
	sizeCache     protoimpl.SizeCache
}

func (x *LocationsOfMembersRequest) Reset() {
	*x = LocationsOfMembersRequest{}
	mi := &file_warden_manager_v1_manager_proto_msgTypes[58]
	ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
	ms.StoreMessageInfo(mi)
}

func (x *LocationsOfMembersRequest) String() string {
	return protoimpl.X.MessageStringOf(x)
}

func (*LocationsOfMembersRequest) ProtoMessage() {}

func (x *LocationsOfMembersRequest) ProtoReflect() protoreflect.Message {
	mi := &file_warden_manager_v1_manager_proto_msgTypes[58]
	if x != nil {
		ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
		if ms.LoadMessageInfo() == nil {
			ms.StoreMessageInfo(mi)
		}
		return ms
	}
	return mi.MessageOf(x)
}

// Deprecated: Use LocationsOfMembersRequest.ProtoReflect.Descriptor instead.
func (*LocationsOfMembersRequest) Descriptor() ([]byte, []int) {
	return file_warden_manager_v1_manager_proto_rawDescGZIP(), []int{58}
}

func (x *LocationsOfMembersRequest) GetGroupId() string {
	if x != nil {
		return x.GroupId
	}
	return ""
}

type LocationsOfMembersResponse struct {
	state protoimpl.MessageState `protogen:"open.v1"`
	// In view order.
	Locations     []string `protobuf:"bytes,1,rep,name=locations,proto3" json:"locations,omitempty"`
	unknownFields protoimpl.UnknownFields
	sizeCache     protoimpl.SizeCache
}

func (x *LocationsOfMembersResponse) Reset() {
	*x = LocationsOfMembersResponse{}
	mi := &file_warden_manager_v1_manager_proto_msgTypes[59]
	ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
	ms.StoreMessageInfo(mi)
}

func (x *LocationsOfMembersResponse) String() string {
	return protoimpl.X.MessageStringOf(x)
}

func (*LocationsOfMembersResponse) ProtoMessage() {}

func (x *LocationsOfMembersResponse) ProtoReflect() protoreflect.Message {
	mi := &file_warden_manager_v1_manager_proto_msgTypes[59]
	if x != nil {
		ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
		if ms.LoadMessageInfo() == nil {
			ms.StoreMessageInfo(mi)
		}
		return ms
	}
	return mi.MessageOf(x)
}

// Deprecated: Use LocationsOfMembersResponse.ProtoReflect.Descriptor instead.
func (*LocationsOfMembersResponse) Descriptor() ([]byte, []int) {
	return file_warden_manager_v1_manager_proto_rawDescGZIP(), []int{59}
}

func (x *LocationsOfMembersResponse) GetLocations() []string {
	if x != nil {
		return x.Locations
	}
	return nil
}

type GetObjectGroupRefRequest struct {
	state         protoimpl.MessageState `protogen:"open.v1"`
	GroupId       string                 `protobuf:"bytes,1,opt,name=group_id,json=groupId,proto3" json:"group_id,omitempty"`
	unknownFields protoimpl.UnknownFields
	sizeCache     protoimpl.SizeCache
}

func (x *GetObjectGroupRefRequest) Reset() {
	*x = GetObjectGroupRefRequest{}
	mi := &file_warden_manager_v1_manager_proto_msgTypes[60]
	ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
	ms.StoreMessageInfo(mi)
}

func (x *GetObjectGroupRefRequest) String() string {
	return protoimpl.X.MessageStringOf(x)
}

func (*GetObjectGroupRefRequest) ProtoMessage() {}

func (x *GetObjectGroupRefRequest) ProtoReflect() protoreflect.Message {
	mi := &file_warden_manager_v1_manager_proto_msgTypes[60]
	if x != nil {
		ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
		if ms.LoadMessageInfo() == nil {
			ms.StoreMessageInfo(mi)
		}
		return ms
	}
	return mi.MessageOf(x)
}

// Deprecated: Use GetObjectGroupRefRequest.ProtoReflect.Descriptor instead.
func (*GetObjectGroupRefRequest) Descriptor() ([]byte, []int) {
	return file_warden_manager_v1_manager_proto_rawDescGZIP(), []int{60}
}

func (x *GetObjectGroupRefRequest) GetGroupId() string {
	if x != nil {
		return x.GroupId
	}
	return ""
}

type GetObjectGroupRefResponse struct {
	state         protoimpl.MessageState `protogen:"open.v1"`
	View          *View                  `protobuf:"bytes,1,opt,name=view,proto3" json:"view,omitempty"`
	unknownFields protoimpl.UnknownFields
	sizeCache     protoimpl.SizeCache
}

func (x *GetObjectGroupRefResponse) Reset() {
	*x = GetObjectGroupRefResponse{}
	mi := &file_warden_manager_v1_manager_proto_msgTypes[61]
	ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
	ms.StoreMessageInfo(mi)
}

func (x *GetObjectGroupRefResponse) String() string {
	return protoimpl.X.MessageStringOf(x)
}

func (*GetObjectGroupRefResponse) ProtoMessage() {}

func (x *GetObjectGroupRefResponse) ProtoReflect() protoreflect.Message {
	mi := &file_warden_manager_v1_manager_proto_msgTypes[61]
	if x != nil {
		ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
		if ms.LoadMessageInfo() == nil {
			ms.StoreMessageInfo(mi)
		}
		return ms
	}
	return mi.MessageOf(x)
}

// Deprecated: Use GetObjectGroupRefResponse.ProtoReflect.Descriptor instead.
func (*GetObjectGroupRefResponse) Descriptor() ([]byte, []int) {
	return file_warden_manager_v1_manager_proto_rawDescGZIP(), []int{61}
}

func (x *GetObjectGroupRefResponse) GetView() *View {
	if x != nil {
		return x.View
	}
	return nil
}

type GetObjectGroupIdRequest struct {
	state         protoimpl.MessageState `protogen:"open.v1"`
	Ref           *View                  `protobuf:"bytes,1,opt,name=ref,proto3" json:"ref,omitempty"`
	unknownFields protoimpl.UnknownFields
	sizeCache     protoimpl.SizeCache
}

func (x *GetObjectGroupIdRequest) Reset() {
	*x = GetObjectGroupIdRequest{}
	mi := &file_warden_manager_v1_manager_proto_msgTypes[62]
	ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
	ms.StoreMessageInfo(mi)
}

func (x *GetObjectGroupIdRequest) String() string {
	return protoimpl.X.MessageStringOf(x)
}

func (*GetObjectGroupIdRequest) ProtoMessage() {}

func (x *GetObjectGroupIdRequest) ProtoReflect() protoreflect.Message {
	mi := &file_warden_manager_v1_manager_proto_msgTypes[62]
	if x != nil {
		ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
		if ms.LoadMessageInfo() == nil {
			ms.StoreMessageInfo(mi)
		}
		return ms
	}
	return mi.MessageOf(x)
}

// Deprecated: Use GetObjectGroupIdRequest.ProtoReflect.Descriptor instead.
func (*GetObjectGroupIdRequest) Descriptor() ([]byte, []int) {
	return file_warden_manager_v1_manager_proto_rawDescGZIP(), []int{62}
}

func (x *GetObjectGroupIdRequest) GetRef() *View {
	if x != nil {
		return x.Ref
	}
	return nil
}

type GetObjectGroupIdResponse struct {
	state         protoimpl.MessageState `protogen:"open.v1"`
	GroupId       string                 `protobuf:"bytes,1,opt,name=group_id,json=groupId,proto3" json:"group_id,omitempty"`
	unknownFields protoimpl.UnknownFields
	sizeCache     protoimpl.SizeCache
}

func (x *GetObjectGroupIdResponse) Reset() {
	*x = GetObjectGroupIdResponse{}
	mi := &file_warden_manager_v1_manager_proto_msgTypes[63]
	ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
	ms.StoreMessageInfo(mi)
}

func (x *GetObjectGroupIdResponse) String() string {
	return protoimpl.X.MessageStringOf(x)
}

func (*GetObjectGroupIdResponse) ProtoMessage() {}

func (x *GetObjectGroupIdResponse) ProtoReflect() protoreflect.Message {
	mi := &file_warden_manager_v1_manager_proto_msgTypes[63]
	if x != nil {
		ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
		if ms.LoadMessageInfo() == nil {
			ms.StoreMessageInfo(mi)
		}
		return ms
	}
	return mi.MessageOf(x)
}

// Deprecated: Use GetObjectGroupIdResponse.ProtoReflect.Descriptor instead.
func (*GetObjectGroupIdResponse) Descriptor() ([]byte, []int) {
	return file_warden_manager_v1_manager_proto_rawDescGZIP(), []int{63}
}

func (x *GetObjectGroupIdResponse) GetGroupId() string {
	if x != nil {
		return x.GroupId
	}
	return ""
}

type WatchViewRequest struct {
	state   protoimpl.MessageState `protogen:"open.v1"`
	GroupId string                 `protobuf:"bytes,1,opt,name=group_id,json=groupId,proto3" json:"group_id,omitempty"`
	// The version the client holds; 0: none.
	KnownVersion  uint64 `protobuf:"varint,2,opt,name=known_version,json=knownVersion,proto3" json:"known_version,omitempty"`
	unknownFields protoimpl.UnknownFields
	sizeCache     protoimpl.SizeCache
}

func (x *WatchViewRequest) Reset() {
	*x = WatchViewRequest{}
	mi := &file_warden_manager_v1_manager_proto_msgTypes[64]
	ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
	ms.StoreMessageInfo(mi)
}

func (x *WatchViewRequest) String() string {
	return protoimpl.X.MessageStringOf(x)
}

func (*WatchViewRequest) ProtoMessage() {}

func (x *WatchViewRequest) ProtoReflect() protoreflect.Message {
	mi := &file_warden_manager_v1_manager_proto_msgTypes[64]
	if x != nil {
		ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
		if ms.LoadMessageInfo() == nil {
			ms.StoreMessageInfo(mi)
		}
		return ms
	}
	return mi.MessageOf(x)
}

// Deprecated: Use WatchViewRequest.ProtoReflect.Descriptor instead.
func (*WatchViewRequest) Descriptor() ([]byte, []int) {
	return file_warden_manager_v1_manager_proto_rawDescGZIP(), []int{64}
}

func (x *WatchViewRequest) GetGroupId() string {
	if x != nil {
		return x.GroupId
	}
	return ""
}

func (x *WatchViewRequest) GetKnownVersion() uint64 {
	if x != nil {
		return x.KnownVersion
	}
	return 0
}

type ListObjectGroupsRequest struct {
	state         protoimpl.MessageState `protogen:"open.v1"`
	unknownFields protoimpl.UnknownFields
	sizeCache     protoimpl.SizeCache
}

func (x *ListObjectGroupsRequest) Reset() {
	*x = ListObjectGroupsRequest{}
	mi := &file_warden_manager_v1_manager_proto_msgTypes[65]
	ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
	ms.StoreMessageInfo(mi)
}

func (x *ListObjectGroupsRequest) String() string {
	return protoimpl.X.MessageStringOf(x)
}

func (*ListObjectGroupsRequest) ProtoMessage() {}

func (x *ListObjectGroupsRequest) ProtoReflect() protoreflect.Message {
	mi := &file_warden_manager_v1_manager_proto_msgTypes[65]
	if x != nil {
		ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
		if ms.LoadMessageInfo() == nil {
			ms.StoreMessageInfo(mi)
		}
		return ms
	}
	return mi.MessageOf(x)
}

// Deprecated: Use ListObjectGroupsRequest.ProtoReflect.Descriptor instead.
func (*ListObjectGroupsRequest) Descriptor() ([]byte, []int) {
	return file_warden_manager_v1_manager_proto_rawDescGZIP(), []int{65}
}

type ListObjectGroupsResponse struct {
	state         protoimpl.MessageState `protogen:"open.v1"`
	Groups        []*ObjectGroup         `protobuf:"bytes,1,rep,name=groups,proto3" json:"groups,omitempty"`
	unknownFields protoimpl.UnknownFields
	sizeCache     protoimpl.SizeCache
}

func (x *ListObjectGroupsResponse) Reset() {
	*x = ListObjectGroupsResponse{}
	mi := &file_warden_manager_v1_manager_proto_msgTypes[66]
	ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
	ms.StoreMessageInfo(mi)
}

func (x *ListObjectGroupsResponse) String() string {
	return protoimpl.X.MessageStringOf(x)
}

func (*ListObjectGroupsResponse) ProtoMessage() {}

func (x *ListObjectGroupsResponse) ProtoReflect() protoreflect.Message {
	mi := &file_warden_manager_v1_manager_proto_msgTypes[66]
	if x != nil {
		ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
		if ms.LoadMessageInfo() == nil {
			ms.StoreMessageInfo(mi)
		}
		return ms
	}
	return mi.MessageOf(x)
}

// Deprecated: Use ListObjectGroupsResponse.ProtoReflect.Descriptor instead.
func (*ListObjectGroupsResponse) Descriptor() ([]byte, []int) {
	return file_warden_manager_v1_manager_proto_rawDescGZIP(), []int{66}
}

func (x *ListObjectGroupsResponse) GetGroups() []*ObjectGroup {
	if x != nil {
		return x.Groups
	}
	return nil
}

type ListLocationsRequest struct {
	state         protoimpl.MessageState `protogen:"open.v1"`
	unknownFields protoimpl.UnknownFields
	sizeCache     protoimpl.SizeCache
}

func (x *ListLocationsRequest) Reset() {
	*x = ListLocationsRequest{}
	mi := &file_warden_manager_v1_manager_proto_msgTypes[67]
	ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
	ms.StoreMessageInfo(mi)
}

func (x *ListLocationsRequest) String() string {
	return protoimpl.X.MessageStringOf(x)
}

func (*ListLocationsRequest) ProtoMessage() {}

func (x *ListLocationsRequest) ProtoReflect() protoreflect.Message {
	mi := &file_warden_manager_v1_manager_proto_msgTypes[67]
	if x != nil {
		ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
		if ms.LoadMessageInfo() == nil {
			ms.StoreMessageInfo(mi)
		}
		return ms
	}
	return mi.MessageOf(x)
}

// Deprecated: Use ListLocationsRequest.ProtoReflect.Descriptor instead.
func (*ListLocationsRequest) Descriptor() ([]byte, []int) {
	return file_warden_manager_v1_manager_proto_rawDescGZIP(), []int{67}
}

type ListLocationsResponse struct {
	state         protoimpl.MessageState `protogen:"open.v1"`
	Locations     []*Location            `protobuf:"bytes,1,rep,name=locations,proto3" json:"locations,omitempty"`
	unknownFields protoimpl.UnknownFields
	sizeCache     protoimpl.SizeCache
}

func (x *ListLocationsResponse) Reset() {
	*x = ListLocationsResponse{}
	mi := &file_warden_manager_v1_manager_proto_msgTypes[68]
	ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
	ms.StoreMessageInfo(mi)
}

func (x *ListLocationsResponse) String() string {
	return protoimpl.X.MessageStringOf(x)
}

func (*ListLocationsResponse) ProtoMessage() {}

func (x *ListLocationsResponse) ProtoReflect() protoreflect.Message {
	mi := &file_warden_manager_v1_manager_proto_msgTypes[68]
	if x != nil {
		ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
		if ms.LoadMessageInfo() == nil {
			ms.StoreMessageInfo(mi)
		}
		return ms
	}
	return mi.MessageOf(x)
}

// Deprecated: Use ListLocationsResponse.ProtoReflect.Descriptor instead.
func (*ListLocationsResponse) Descriptor() ([]byte, []int) {
	return file_warden_manager_v1_manager_proto_rawDescGZIP(), []int{68}
}

func (x *ListLocationsResponse) GetLocations() []*Location {
	if x != nil {
		return x.Locations
	}
	return nil
}

type CreateObjectRequest struct {
	state  protoimpl.MessageState `protogen:"open.v1"`
	TypeId string                 `protobuf:"bytes,1,opt,name=type_id,json=typeId,proto3" json:"type_id,omitempty"`
	// 1 to 128 bytes: letters, digits, '-', '_', '.', ':'. Location names follow the same rule.
	GroupId       string      `protobuf:"bytes,2,opt,name=group_id,json=groupId,proto3" json:"group_id,omitempty"`
	Criteria      *Properties `protobuf:"bytes,3,opt,name=criteria,proto3" json:"criteria,omitempty"`
	unknownFields protoimpl.UnknownFields
	sizeCache     protoimpl.SizeCache
}

func (x *CreateObjectRequest) Reset() {
	*x = CreateObjectRequest{}
	mi := &file_warden_manager_v1_manager_proto_msgTypes[69]
	ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
	ms.StoreMessageInfo(mi)
}

func (x *CreateObjectRequest) String() string {
	return protoimpl.X.MessageStringOf(x)
}

func (*CreateObjectRequest) ProtoMessage() {}

func (x *CreateObjectRequest) ProtoReflect() protoreflect.Message {
	mi := &file_warden_manager_v1_manager_proto_msgTypes[69]
	if x != nil {
		ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
		if ms.LoadMessageInfo() == nil {
			ms.StoreMessageInfo(mi)
		}
		return ms
	}
	return mi.MessageOf(x)
}

// Deprecated: Use CreateObjectRequest.ProtoReflect.Descriptor instead.
func (*CreateObjectRequest) Descriptor() ([]byte, []int) {
	return file_warden_manager_v1_manager_proto_rawDescGZIP(), []int{69}
}

func (x *CreateObjectRequest) GetTypeId() string {
	if x != nil {
		return x.TypeId
	}
	return ""
}

func (x *CreateObjectRequest) GetGroupId() string {
	if x != nil {
		return x.GroupId
	}
	return ""
}

func (x *CreateObjectRequest) GetCriteria() *Properties {
	if x != nil {
		return x.Criteria
	}
	return nil
}

type CreateObjectResponse struct {
	state             protoimpl.MessageState `protogen:"open.v1"`
	View              *View                  `protobuf:"bytes,1,opt,name=view,proto3" json:"view,omitempty"`
	FactoryCreationId string                 `protobuf:"bytes,2,opt,name=factory_creation_id,json=factoryCreationId,proto3" json:"factory_creation_id,omitempty"`
	unknownFields     protoimpl.UnknownFields
	sizeCache         protoimpl.SizeCache
}

func (x *CreateObjectResponse) Reset() {
	*x = CreateObjectResponse{}
	mi := &file_warden_manager_v1_manager_proto_msgTypes[70]
	ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
	ms.StoreMessageInfo(mi)
}

func (x *CreateObjectResponse) String() string {
	return protoimpl.X.MessageStringOf(x)
}

func (*CreateObjectResponse) ProtoMessage() {}

func (x *CreateObjectResponse) ProtoReflect() protoreflect.Message {
	mi := &file_warden_manager_v1_manager_proto_msgTypes[70]
	if x != nil {
		ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
		if ms.LoadMessageInfo() == nil {
			ms.StoreMessageInfo(mi)
		}
		return ms
	}
	return mi.MessageOf(x)
}

// Deprecated: Use CreateObjectResponse.ProtoReflect.Descriptor instead.
func (*CreateObjectResponse) Descriptor() ([]byte, []int) {
	return file_warden_manager_v1_manager_proto_rawDescGZIP(), []int{70}
}

func (x *CreateObjectResponse) GetView() *View {
	if x != nil {
		return x.View
	}
	return nil
}

func (x *CreateObjectResponse) GetFactoryCreationId() string {
	if x != nil {
		return x.FactoryCreationId
	}
	return ""
}

type DeleteObjectRequest struct {
	state             protoimpl.MessageState `protogen:"open.v1"`
	FactoryCreationId string                 `protobuf:"bytes,1,opt,name=factory_creation_id,json=factoryCreationId,proto3" json:"factory_creation_id,omitempty"`
	unknownFields     protoimpl.UnknownFields
	sizeCache         protoimpl.SizeCache
}

func (x *DeleteObjectRequest) Reset() {
	*x = DeleteObjectRequest{}
	mi := &file_warden_manager_v1_manager_proto_msgTypes[71]
	ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
	ms.StoreMessageInfo(mi)
}

func (x *DeleteObjectRequest) String() string {
	return protoimpl.X.MessageStringOf(x)
}

func (*DeleteObjectRequest) ProtoMessage() {}

func (x *DeleteObjectRequest) ProtoReflect() protoreflect.Message {
	mi := &file_warden_manager_v1_manager_proto_msgTypes[71]
	if x != nil {
		ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
		if ms.LoadMessageInfo() == nil {
			ms.StoreMessageInfo(mi)
		}
		return ms
	}
	return mi.MessageOf(x)
}

// Deprecated: Use DeleteObjectRequest.ProtoReflect.Descriptor instead.
func (*DeleteObjectRequest) Descriptor() ([]byte, []int) {
	return file_warden_manager_v1_manager_proto_rawDescGZIP(), []int{71}
}

func (x *DeleteObjectRequest) GetFactoryCreationId() string {
	if x != nil {
		return x.FactoryCreationId
	}
	return ""
}

type DeleteObjectResponse struct {
	state         protoimpl.MessageState `protogen:"open.v1"`
	unknownFields protoimpl.UnknownFields
	sizeCache     protoimpl.SizeCache
}

func (x *DeleteObjectResponse) Reset() {
	*x = DeleteObjectResponse{}
	mi := &file_warden_manager_v1_manager_proto_msgTypes[72]
	ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
	ms.StoreMessageInfo(mi)
}

func (x *DeleteObjectResponse) String() string {
	return protoimpl.X.MessageStringOf(x)
}

func (*DeleteObjectResponse) ProtoMessage() {}

func (x *DeleteObjectResponse) ProtoReflect() protoreflect.Message {
	mi := &file_warden_manager_v1_manager_proto_msgTypes[72]
	if x != nil {
		ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
		if ms.LoadMessageInfo() == nil {
			ms.StoreMessageInfo(mi)
		}
		return ms
	}
	return mi.MessageOf(x)
}

// Deprecated: Use DeleteObjectResponse.ProtoReflect.Descriptor instead.
func (*DeleteObjectResponse) Descriptor() ([]byte, []int) {
	return file_warden_manager_v1_manager_proto_rawDescGZIP(), []int{72}
}

type RenewLeaseRequest struct {
	state    protoimpl.MessageState `protogen:"open.v1"`
	GroupId  string                 `protobuf:"bytes,1,opt,name=group_id,json=groupId,proto3" json:"group_id,omitempty"`
	MemberId string                 `protobuf:"bytes,2,opt,name=member_id,json=memberId,proto3" json:"member_id,omitempty"`
	// The epoch of the view the member serves as primary.
	Epoch uint64 `protobuf:"varint,3,opt,name=epoch,proto3" json:"epoch,omitempty"`
	// Backups of that view that acknowledged everything the primary had logged when they
	// joined.
	CaughtUp      []string `protobuf:"bytes,4,rep,name=caught_up,json=caughtUp,proto3" json:"caught_up,omitempty"`
	unknownFields protoimpl.UnknownFields
	sizeCache     protoimpl.SizeCache
}

func (x *RenewLeaseRequest) Reset() {
	*x = RenewLeaseRequest{}
	mi := &file_warden_manager_v1_manager_proto_msgTypes[73]
	ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
	ms.StoreMessageInfo(mi)
}

func (x *RenewLeaseRequest) String() string {
	return protoimpl.X.MessageStringOf(x)
}

func (*RenewLeaseRequest) ProtoMessage() {}

func (x *RenewLeaseRequest) ProtoReflect() protoreflect.Message {
	mi := &file_warden_manager_v1_manager_proto_msgTypes[73]
	if x != nil {
		ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
		if ms.LoadMessageInfo() == nil {
			ms.StoreMessageInfo(mi)
		}
		return ms
	}
	return mi.MessageOf(x)
}

// Deprecated: Use RenewLeaseRequest.ProtoReflect.Descriptor instead.
func (*RenewLeaseRequest) Descriptor() ([]byte, []int) {
	return file_warden_manager_v1_manager_proto_rawDescGZIP(), []int{73}
}

func (x *RenewLeaseRequest) GetGroupId() string {
	if x != nil {
		return x.GroupId
	}
	return ""
}

func (x *RenewLeaseRequest) GetMemberId() string {
	if x != nil {
		return x.MemberId
	}
	return ""
}

func (x *RenewLeaseRequest) GetEpoch() uint64 {
	if x != nil {
		return x.Epoch
	}
	return 0
}

func (x *RenewLeaseRequest) GetCaughtUp() []string {
	if x != nil {
		return x.CaughtUp
	}
	return nil
}

type RenewLeaseResponse struct {
	state protoimpl.MessageState `protogen:"open.v1"`
	// How long the lease lasts from when the member sent the request (on its clock).
	Lease *durationpb.Duration `protobuf:"bytes,1,opt,name=lease,proto3" json:"lease,omitempty"`
	// The group's current view.
	View          *View `protobuf:"bytes,2,opt,name=view,proto3" json:"view,omitempty"`
	unknownFields protoimpl.UnknownFields
	sizeCache     protoimpl.SizeCache
}

func (x *RenewLeaseResponse) Reset() {
	*x = RenewLeaseResponse{}
	mi := &file_warden_manager_v1_manager_proto_msgTypes[74]
	ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
	ms.StoreMessageInfo(mi)
}

func (x *RenewLeaseResponse) String() string {
	return protoimpl.X.MessageStringOf(x)
}

func (*RenewLeaseResponse) ProtoMessage() {}

func (x *RenewLeaseResponse) ProtoReflect() protoreflect.Message {
	mi := &file_warden_manager_v1_manager_proto_msgTypes[74]
	if x != nil {
		ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
		if ms.LoadMessageInfo() == nil {
			ms.StoreMessageInfo(mi)
		}
		return ms
	}
	return mi.MessageOf(x)
}

// Deprecated: Use RenewLeaseResponse.ProtoReflect.Descriptor instead.
func (*RenewLeaseResponse) Descriptor() ([]byte, []int) {
	return file_warden_manager_v1_manager_proto_rawDescGZIP(), []int{74}
}

func (x *RenewLeaseResponse) GetLease() *durationpb.Duration {
	if x != nil {
		return x.Lease
	}
	return nil
}

func (x *RenewLeaseResponse) GetView() *View {
	if x != nil {
		return x.View
	}
	return nil
}

type RegisterRequest struct {
	state         protoimpl.MessageState `protogen:"open.v1"`
	Location      string                 `protobuf:"bytes,1,opt,name=location,proto3" json:"location,omitempty"`
	AgentAddress  string                 `protobuf:"bytes,2,opt,name=agent_address,json=agentAddress,proto3" json:"agent_address,omitempty"`
	Incarnation   uint64                 `protobuf:"varint,3,opt,name=incarnation,proto3" json:"incarnation,omitempty"`
	Labels        map[string]string      `protobuf:"bytes,4,rep,name=labels,proto3" json:"labels,omitempty" protobuf_key:"bytes,1,opt,name=key" protobuf_val:"bytes,2,opt,name=value"`
	unknownFields protoimpl.UnknownFields
	sizeCache     protoimpl.SizeCache
}

func (x *RegisterRequest) Reset() {
	*x = RegisterRequest{}
	mi := &file_warden_manager_v1_manager_proto_msgTypes[75]
	ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
	ms.StoreMessageInfo(mi)
}

func (x *RegisterRequest) String() string {
	return protoimpl.X.MessageStringOf(x)
}

func (*RegisterRequest) ProtoMessage() {}

func (x *RegisterRequest) ProtoReflect() protoreflect.Message {
	mi := &file_warden_manager_v1_manager_proto_msgTypes[75]
	if x != nil {
		ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
		if ms.LoadMessageInfo() == nil {
			ms.StoreMessageInfo(mi)
		}
		return ms
	}
	return mi.MessageOf(x)
}

// Deprecated: Use RegisterRequest.ProtoReflect.Descriptor instead.
func (*RegisterRequest) Descriptor() ([]byte, []int) {
	return file_warden_manager_v1_manager_proto_rawDescGZIP(), []int{75}
}

func (x *RegisterRequest) GetLocation() string {
	if x != nil {
		return x.Location
	}
	return ""
}

func (x *RegisterRequest) GetAgentAddress() string {
	if x != nil {
		return x.AgentAddress
	}
	return ""
}

func (x *RegisterRequest) GetIncarnation() uint64 {
	if x != nil {
		return x.Incarnation
	}
	return 0
}

func (x *RegisterRequest) GetLabels() map[string]string {
	if x != nil {
		return x.Labels
	}
	return nil
}

type RegisterResponse struct {
	state             protoimpl.MessageState `protogen:"open.v1"`
	HeartbeatInterval *durationpb.Duration   `protobuf:"bytes,1,opt,name=heartbeat_interval,json=heartbeatInterval,proto3" json:"heartbeat_interval,omitempty"`
	// The desired members at the location: as in ReconcileResponse.
	DesiredVersion uint64 `protobuf:"varint,2,opt,name=desired_version,json=desiredVersion,proto3" json:"desired_version,omitempty"`
	unknownFields  protoimpl.UnknownFields
	sizeCache      protoimpl.SizeCache
}

func (x *RegisterResponse) Reset() {
	*x = RegisterResponse{}
	mi := &file_warden_manager_v1_manager_proto_msgTypes[76]
	ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
	ms.StoreMessageInfo(mi)
}

func (x *RegisterResponse) String() string {
	return protoimpl.X.MessageStringOf(x)
}

func (*RegisterResponse) ProtoMessage() {}

func (x *RegisterResponse) ProtoReflect() protoreflect.Message {
	mi := &file_warden_manager_v1_manager_proto_msgTypes[76]
	if x != nil {
		ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
		if ms.LoadMessageInfo() == nil {
			ms.StoreMessageInfo(mi)
		}
		return ms
	}
	return mi.MessageOf(x)
}

// Deprecated: Use RegisterResponse.ProtoReflect.Descriptor instead.
func (*RegisterResponse) Descriptor() ([]byte, []int) {
	return file_warden_manager_v1_manager_proto_rawDescGZIP(), []int{76}
}

func (x *RegisterResponse) GetHeartbeatInterval() *durationpb.Duration {
	if x != nil {
		return x.HeartbeatInterval
	}
	return nil
}

func (x *RegisterResponse) GetDesiredVersion() uint64 {
	if x != nil {
		return x.DesiredVersion
	}
	return 0
}

type HeartbeatRequest struct {
	state       protoimpl.MessageState `protogen:"open.v1"`
	Location    string                 `protobuf:"bytes,1,opt,name=location,proto3" json:"location,omitempty"`
	Incarnation uint64                 `protobuf:"varint,2,opt,name=incarnation,proto3" json:"incarnation,omitempty"`
	// Increases by one per heartbeat of this incarnation.
	Seq           uint64                 `protobuf:"varint,3,opt,name=seq,proto3" json:"seq,omitempty"`
	SentAt        *timestamppb.Timestamp `protobuf:"bytes,4,opt,name=sent_at,json=sentAt,proto3" json:"sent_at,omitempty"`
	unknownFields protoimpl.UnknownFields
	sizeCache     protoimpl.SizeCache
}

func (x *HeartbeatRequest) Reset() {
	*x = HeartbeatRequest{}
	mi := &file_warden_manager_v1_manager_proto_msgTypes[77]
	ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
	ms.StoreMessageInfo(mi)
}

func (x *HeartbeatRequest) String() string {
	return protoimpl.X.MessageStringOf(x)
}

func (*HeartbeatRequest) ProtoMessage() {}

func (x *HeartbeatRequest) ProtoReflect() protoreflect.Message {
	mi := &file_warden_manager_v1_manager_proto_msgTypes[77]
	if x != nil {
		ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
		if ms.LoadMessageInfo() == nil {
			ms.StoreMessageInfo(mi)
		}
		return ms
	}
	return mi.MessageOf(x)
}

// Deprecated: Use HeartbeatRequest.ProtoReflect.Descriptor instead.
func (*HeartbeatRequest) Descriptor() ([]byte, []int) {
	return file_warden_manager_v1_manager_proto_rawDescGZIP(), []int{77}
}

func (x *HeartbeatRequest) GetLocation() string {
	if x != nil {
		return x.Location
	}
	return ""
}

func (x *HeartbeatRequest) GetIncarnation() uint64 {
	if x != nil {
		return x.Incarnation
	}
	return 0
}

func (x *HeartbeatRequest) GetSeq() uint64 {
	if x != nil {
		return x.Seq
	}
	return 0
}

func (x *HeartbeatRequest) GetSentAt() *timestamppb.Timestamp {
	if x != nil {
		return x.SentAt
	}
	return nil
}

type HeartbeatResponse struct {
	state protoimpl.MessageState `protogen:"open.v1"`
	Seq   uint64                 `protobuf:"varint,1,opt,name=seq,proto3" json:"seq,omitempty"`
	// Changes whenever the desired set at the location changes: call Reconcile.
	DesiredVersion uint64 `protobuf:"varint,2,opt,name=desired_version,json=desiredVersion,proto3" json:"desired_version,omitempty"`
	// The agent's incarnation is unknown (e.g. it was forgotten): Register again.
	Reregister    bool `protobuf:"varint,3,opt,name=reregister,proto3" json:"reregister,omitempty"`
	unknownFields protoimpl.UnknownFields
	sizeCache     protoimpl.SizeCache
}

func (x *HeartbeatResponse) Reset() {
	*x = HeartbeatResponse{}
	mi := &file_warden_manager_v1_manager_proto_msgTypes[78]
	ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
	ms.StoreMessageInfo(mi)
}

func (x *HeartbeatResponse) String() string {
	return protoimpl.X.MessageStringOf(x)
}

func (*HeartbeatResponse) ProtoMessage() {}

func (x *HeartbeatResponse) ProtoReflect() protoreflect.Message {
	mi := &file_warden_manager_v1_manager_proto_msgTypes[78]
	if x != nil {
		ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
		if ms.LoadMessageInfo() == nil {
			ms.StoreMessageInfo(mi)
		}
		return ms
	}
	return mi.MessageOf(x)
}

// Deprecated: Use HeartbeatResponse.ProtoReflect.Descriptor instead.
func (*HeartbeatResponse) Descriptor() ([]byte, []int) {
	return file_warden_manager_v1_manager_proto_rawDescGZIP(), []int{78}
}

func (x *HeartbeatResponse) GetSeq() uint64 {
	if x != nil {
		return x.Seq
	}
	return 0
}

func (x *HeartbeatResponse) GetDesiredVersion() uint64 {
	if x != nil {
		return x.DesiredVersion
	}
	return 0
}

func (x *HeartbeatResponse) GetReregister() bool {
	if x != nil {
		return x.Reregister
	}
	return false
}

type ReportFaultRequest struct {
	state         protoimpl.MessageState `protogen:"open.v1"`
	Location      string                 `protobuf:"bytes,1,opt,name=location,proto3" json:"location,omitempty"`
	Incarnation   uint64                 `protobuf:"varint,2,opt,name=incarnation,proto3" json:"incarnation,omitempty"`
	Events        []*v1.FaultEvent       `protobuf:"bytes,3,rep,name=events,proto3" json:"events,omitempty"`
	unknownFields protoimpl.UnknownFields
	sizeCache     protoimpl.SizeCache
}

func (x *ReportFaultRequest) Reset() {
	*x = ReportFaultRequest{}
	mi := &file_warden_manager_v1_manager_proto_msgTypes[79]
	ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
	ms.StoreMessageInfo(mi)
}

func (x *ReportFaultRequest) String() string {
	return protoimpl.X.MessageStringOf(x)
}

func (*ReportFaultRequest) ProtoMessage() {}

func (x *ReportFaultRequest) ProtoReflect() protoreflect.Message {
	mi := &file_warden_manager_v1_manager_proto_msgTypes[79]
	if x != nil {
		ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
		if ms.LoadMessageInfo() == nil {
			ms.StoreMessageInfo(mi)
		}
		return ms
	}
	return mi.MessageOf(x)
}

// Deprecated: Use ReportFaultRequest.ProtoReflect.Descriptor instead.
func (*ReportFaultRequest) Descriptor() ([]byte, []int) {
	return file_warden_manager_v1_manager_proto_rawDescGZIP(), []int{79}
}

func (x *ReportFaultRequest) GetLocation() string {
	if x != nil {
		return x.Location
	}
	return ""
}

func (x *ReportFaultRequest) GetIncarnation() uint64 {
	if x != nil {
		return x.Incarnation
	}
	return 0
}

func (x *ReportFaultRequest) GetEvents() []*v1.FaultEvent {
	if x != nil {
		return x.Events
	}
	return nil
}

type ReportFaultResponse struct {
	state         protoimpl.MessageState `protogen:"open.v1"`
	Ids           []string               `protobuf:"bytes,1,rep,name=ids,proto3" json:"ids,omitempty"`
	unknownFields protoimpl.UnknownFields
	sizeCache     protoimpl.SizeCache
}

func (x *ReportFaultResponse) Reset() {
	*x = ReportFaultResponse{}
	mi := &file_warden_manager_v1_manager_proto_msgTypes[80]
	ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
	ms.StoreMessageInfo(mi)
}

func (x *ReportFaultResponse) String() string {
	return protoimpl.X.MessageStringOf(x)
}

func (*ReportFaultResponse) ProtoMessage() {}

func (x *ReportFaultResponse) ProtoReflect() protoreflect.Message {
	mi := &file_warden_manager_v1_manager_proto_msgTypes[80]
	if x != nil {
		ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
		if ms.LoadMessageInfo() == nil {
			ms.StoreMessageInfo(mi)
		}
		return ms
	}
	return mi.MessageOf(x)
}

// Deprecated: Use ReportFaultResponse.ProtoReflect.Descriptor instead.
func (*ReportFaultResponse) Descriptor() ([]byte, []int) {
	return file_warden_manager_v1_manager_proto_rawDescGZIP(), []int{80}
}

func (x *ReportFaultResponse) GetIds() []string {
	if x != nil {
		return x.Ids
	}
	return nil
}

type ActualMember struct {
	state      protoimpl.MessageState `protogen:"open.v1"`
	GroupId    string                 `protobuf:"bytes,1,opt,name=group_id,json=groupId,proto3" json:"group_id,omitempty"`
	MemberId   string                 `protobuf:"bytes,2,opt,name=member_id,json=memberId,proto3" json:"member_id,omitempty"`
	CreationId uint64                 `protobuf:"varint,3,opt,name=creation_id,json=creationId,proto3" json:"creation_id,omitempty"`
	State      ActualState            `protobuf:"varint,4,opt,name=state,proto3,enum=warden.manager.v1.ActualState" json:"state,omitempty"`
	Address    string                 `protobuf:"bytes,5,opt,name=address,proto3" json:"address,omitempty"`
	// e.g. "exit 1", "signal SIGKILL".
	ExitStatus    string `protobuf:"bytes,6,opt,name=exit_status,json=exitStatus,proto3" json:"exit_status,omitempty"`
	unknownFields protoimpl.UnknownFields
	sizeCache     protoimpl.SizeCache
}

func (x *ActualMember) Reset() {
	*x = ActualMember{}
	mi := &file_warden_manager_v1_manager_proto_msgTypes[81]
	ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
	ms.StoreMessageInfo(mi)
}

func (x *ActualMember) String() string {
	return protoimpl.X.MessageStringOf(x)
}

func (*ActualMember) ProtoMessage() {}

func (x *ActualMember) ProtoReflect() protoreflect.Message {
	mi := &file_warden_manager_v1_manager_proto_msgTypes[81]
	if x != nil {
		ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
		if ms.LoadMessageInfo() == nil {
			ms.StoreMessageInfo(mi)
		}
		return ms
	}
	return mi.MessageOf(x)
}

// Deprecated: Use ActualMember.ProtoReflect.Descriptor instead.
func (*ActualMember) Descriptor() ([]byte, []int) {
	return file_warden_manager_v1_manager_proto_rawDescGZIP(), []int{81}
}

func (x *ActualMember) GetGroupId() string {
	if x != nil {
		return x.GroupId
	}
	return ""
}

func (x *ActualMember) GetMemberId() string {
	if x != nil {
		return x.MemberId
	}
	return ""
}

func (x *ActualMember) GetCreationId() uint64 {
	if x != nil {
		return x.CreationId
	}
	return 0
}

func (x *ActualMember) GetState() ActualState {
	if x != nil {
		return x.State
	}
	return ActualState_ACTUAL_STATE_UNSPECIFIED
}

func (x *ActualMember) GetAddress() string {
	if x != nil {
		return x.Address
	}
	return ""
}

func (x *ActualMember) GetExitStatus() string {
	if x != nil {
		return x.ExitStatus
	}
	return ""
}

type DesiredMember struct {
	state      protoimpl.MessageState `protogen:"open.v1"`
	GroupId    string                 `protobuf:"bytes,1,opt,name=group_id,json=groupId,proto3" json:"group_id,omitempty"`
	MemberId   string                 `protobuf:"bytes,2,opt,name=member_id,json=memberId,proto3" json:"member_id,omitempty"`
	CreationId uint64                 `protobuf:"varint,3,opt,name=creation_id,json=creationId,proto3" json:"creation_id,omitempty"`
	TypeId     string                 `protobuf:"bytes,4,opt,name=type_id,json=typeId,proto3" json:"type_id,omitempty"`
	Role       DesiredRole            `protobuf:"varint,5,opt,name=role,proto3,enum=warden.manager.v1.DesiredRole" json:"role,omitempty"`
	// The type's launch spec, placeholders not yet substituted.
	Launch *LaunchSpec `protobuf:"bytes,6,opt,name=launch,proto3" json:"launch,omitempty"`
	// The group's resolved properties (monitoring style, interval, timeout, ...).
	Properties *Properties `protobuf:"bytes,7,opt,name=properties,proto3" json:"properties,omitempty"`
	// The group's current view.
	View          *View `protobuf:"bytes,8,opt,name=view,proto3" json:"view,omitempty"`
	unknownFields protoimpl.UnknownFields
	sizeCache     protoimpl.SizeCache
}

func (x *DesiredMember) Reset() {
	*x = DesiredMember{}
	mi := &file_warden_manager_v1_manager_proto_msgTypes[82]
	ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
	ms.StoreMessageInfo(mi)
}

func (x *DesiredMember) String() string {
	return protoimpl.X.MessageStringOf(x)
}

func (*DesiredMember) ProtoMessage() {}

func (x *DesiredMember) ProtoReflect() protoreflect.Message {
	mi := &file_warden_manager_v1_manager_proto_msgTypes[82]
	if x != nil {
		ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
		if ms.LoadMessageInfo() == nil {
			ms.StoreMessageInfo(mi)
		}
		return ms
	}
	return mi.MessageOf(x)
}

// Deprecated: Use DesiredMember.ProtoReflect.Descriptor instead.
func (*DesiredMember) Descriptor() ([]byte, []int) {
	return file_warden_manager_v1_manager_proto_rawDescGZIP(), []int{82}
}

func (x *DesiredMember) GetGroupId() string {
	if x != nil {
		return x.GroupId
	}
	return ""
}

func (x *DesiredMember) GetMemberId() string {
	if x != nil {
		return x.MemberId
	}
	return ""
}

func (x *DesiredMember) GetCreationId() uint64 {
	if x != nil {
		return x.CreationId
	}
	return 0
}

func (x *DesiredMember) GetTypeId() string {
	if x != nil {
		return x.TypeId
	}
	return ""
}

func (x *DesiredMember) GetRole() DesiredRole {
	if x != nil {
		return x.Role
	}
	return DesiredRole_DESIRED_ROLE_UNSPECIFIED
}

func (x *DesiredMember) GetLaunch() *LaunchSpec {
	if x != nil {
		return x.Launch
	}
	return nil
}

func (x *DesiredMember) GetProperties() *Properties {
	if x != nil {
		return x.Properties
	}
	return nil
}

func (x *DesiredMember) GetView() *View {
	if x != nil {
		return x.View
	}
	return nil
}

type ReconcileRequest struct {
	state         protoimpl.MessageState `protogen:"open.v1"`
	Location      string                 `protobuf:"bytes,1,opt,name=location,proto3" json:"location,omitempty"`
	Incarnation   uint64                 `protobuf:"varint,2,opt,name=incarnation,proto3" json:"incarnation,omitempty"`
	Actual        []*ActualMember        `protobuf:"bytes,3,rep,name=actual,proto3" json:"actual,omitempty"`
	unknownFields protoimpl.UnknownFields
	sizeCache     protoimpl.SizeCache
}

func (x *ReconcileRequest) Reset() {
	*x = ReconcileRequest{}
	mi := &file_warden_manager_v1_manager_proto_msgTypes[83]
	ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
	ms.StoreMessageInfo(mi)
}

func (x *ReconcileRequest) String() string {
	return protoimpl.X.MessageStringOf(x)
}

func (*ReconcileRequest) ProtoMessage() {}

func (x *ReconcileRequest) ProtoReflect() protoreflect.Message {
	mi := &file_warden_manager_v1_manager_proto_msgTypes[83]
	if x != nil {
		ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
		if ms.LoadMessageInfo() == nil {
			ms.StoreMessageInfo(mi)
		}
		return ms
	}
	return mi.MessageOf(x)
}

// Deprecated: Use ReconcileRequest.ProtoReflect.Descriptor instead.
func (*ReconcileRequest) Descriptor() ([]byte, []int) {
	return file_warden_manager_v1_manager_proto_rawDescGZIP(), []int{83}
}

func (x *ReconcileRequest) GetLocation() string {
	if x != nil {
		return x.Location
	}
	return ""
}

func (x *ReconcileRequest) GetIncarnation() uint64 {
	if x != nil {
		return x.Incarnation
	}
	return 0
}

func (x *ReconcileRequest) GetActual() []*ActualMember {
	if x != nil {
		return x.Actual
	}
	return nil
}

type ReconcileResponse struct {
	state protoimpl.MessageState `protogen:"open.v1"`
	// Sorted by (group_id, creation_id).
	Desired        []*DesiredMember `protobuf:"bytes,1,rep,name=desired,proto3" json:"desired,omitempty"`
	DesiredVersion uint64           `protobuf:"varint,2,opt,name=desired_version,json=desiredVersion,proto3" json:"desired_version,omitempty"`
	unknownFields  protoimpl.UnknownFields
	sizeCache      protoimpl.SizeCache
}

func (x *ReconcileResponse) Reset() {
	*x = ReconcileResponse{}
	mi := &file_warden_manager_v1_manager_proto_msgTypes[84]
	ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
	ms.StoreMessageInfo(mi)
}

func (x *ReconcileResponse) String() string {
	return protoimpl.X.MessageStringOf(x)
}

func (*ReconcileResponse) ProtoMessage() {}

func (x *ReconcileResponse) ProtoReflect() protoreflect.Message {
	mi := &file_warden_manager_v1_manager_proto_msgTypes[84]
	if x != nil {
		ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
		if ms.LoadMessageInfo() == nil {
			ms.StoreMessageInfo(mi)
		}
		return ms
	}
	return mi.MessageOf(x)
}

// Deprecated: Use ReconcileResponse.ProtoReflect.Descriptor instead.
func (*ReconcileResponse) Descriptor() ([]byte, []int) {
	return file_warden_manager_v1_manager_proto_rawDescGZIP(), []int{84}
}

func (x *ReconcileResponse) GetDesired() []*DesiredMember {
	if x != nil {
		return x.Desired
	}
	return nil
}

func (x *ReconcileResponse) GetDesiredVersion() uint64 {
	if x != nil {
		return x.DesiredVersion
	}
	return 0
}

var File_warden_manager_v1_manager_proto protoreflect.FileDescriptor

const file_warden_manager_v1_manager_proto_rawDesc = "" +
	"\n" +
	"\x1fwarden/manager/v1/manager.proto\x12\x11warden.manager.v1\x1a\x1egoogle/protobuf/duration.proto\x1a\x1fgoogle/protobuf/timestamp.proto\x1a\x1dwarden/notify/v1/notify.proto\"\xaf\a\n" +
	"\n" +
	"Properties\x12P\n" +
	"\x11replication_style\x18\x01 \x01(\x0e2#.warden.manager.v1.ReplicationStyleR\x10replicationStyle\x12M\n" +
	"\x10membership_style\x18\x02 \x01(\x0e2\".warden.manager.v1.MembershipStyleR\x0fmembershipStyle\x12P\n" +
	"\x11consistency_style\x18\x03 \x01(\x0e2#.warden.manager.v1.ConsistencyStyleR\x10consistencyStyle\x12]\n" +
	"\x16fault_monitoring_style\x18\x04 \x01(\x0e2'.warden.manager.v1.FaultMonitoringStyleR\x14faultMonitoringStyle\x12o\n" +
	"\x1cfault_monitoring_granularity\x18\x05 \x01(\x0e2-.warden.manager.v1.FaultMonitoringGranularityR\x1afaultMonitoringGranularity\x129\n" +
	"\x16initial_number_members\x18\x06 \x01(\rH\x00R\x14initialNumberMembers\x88\x01\x01\x129\n" +
	"\x16minimum_number_members\x18\a \x01(\rH\x01R\x14minimumNumberMembers\x88\x01\x01\x12U\n" +
	"\x19fault_monitoring_interval\x18\b \x01(\v2\x19.google.protobuf.DurationR\x17faultMonitoringInterval\x12S\n" +
	"\x18fault_monitoring_timeout\x18\t \x01(\v2\x19.google.protobuf.DurationR\x16faultMonitoringTimeout\x12J\n" +
	"\x13checkpoint_interval\x18\n" +
	" \x01(\v2\x19.google.protobuf.DurationR\x12checkpointInterval\x12:\n" +
	"\tfactories\x18\v \x01(\v2\x1c.warden.manager.v1.FactoriesR\tfactoriesB\x19\n" +
	"\x17_initial_number_membersB\x19\n" +
	"\x17_minimum_number_members\")\n" +
	"\tFactories\x12\x1c\n" +
	"\tlocations\x18\x01 \x03(\tR\tlocations\"\x80\x01\n" +
	"\x0ePropertyOrigin\x123\n" +
	"\x04name\x18\x01 \x01(\x0e2\x1f.warden.manager.v1.PropertyNameR\x04name\x129\n" +
	"\x06source\x18\x02 \x01(\x0e2!.warden.manager.v1.PropertySourceR\x06source\"\xd5\x01\n" +
	"\n" +
	"LaunchSpec\x12\x18\n" +
	"\acommand\x18\x01 \x01(\tR\acommand\x12\x12\n" +
	"\x04args\x18\x02 \x03(\tR\x04args\x12+\n" +
	"\x03env\x18\x03 \x03(\v2\x19.warden.manager.v1.EnvVarR\x03env\x12E\n" +
	"\x11stop_grace_period\x18\x04 \x01(\v2\x19.google.protobuf.DurationR\x0fstopGracePeriod\x12%\n" +
	"\x0ehealth_service\x18\x05 \x01(\tR\rhealthService\"2\n" +
	"\x06EnvVar\x12\x12\n" +
	"\x04name\x18\x01 \x01(\tR\x04name\x12\x14\n" +
	"\x05value\x18\x02 \x01(\tR\x05value\"~\n" +
	"\n" +
	"MemberType\x12\x17\n" +
	"\atype_id\x18\x01 \x01(\tR\x06typeId\x125\n" +
	"\x06launch\x18\x02 \x01(\v2\x1d.warden.manager.v1.LaunchSpecR\x06launch\x12 \n" +
	"\vdescription\x18\x03 \x01(\tR\vdescription\"\xa0\x03\n" +
	"\bLocation\x12\x12\n" +
	"\x04name\x18\x01 \x01(\tR\x04name\x12#\n" +
	"\ragent_address\x18\x02 \x01(\tR\fagentAddress\x12 \n" +
	"\vincarnation\x18\x03 \x01(\x04R\vincarnation\x126\n" +
	"\x05state\x18\x04 \x01(\x0e2 .warden.manager.v1.LocationStateR\x05state\x12?\n" +
	"\x06labels\x18\x05 \x03(\v2'.warden.manager.v1.Location.LabelsEntryR\x06labels\x12?\n" +
	"\rregistered_at\x18\x06 \x01(\v2\x1a.google.protobuf.TimestampR\fregisteredAt\x12D\n" +
	"\x10state_changed_at\x18\a \x01(\v2\x1a.google.protobuf.TimestampR\x0estateChangedAt\x1a9\n" +
	"\vLabelsEntry\x12\x10\n" +
	"\x03key\x18\x01 \x01(\tR\x03key\x12\x14\n" +
	"\x05value\x18\x02 \x01(\tR\x05value:\x028\x01\"\xeb\x01\n" +
	"\x06Member\x12\x1b\n" +
	"\tmember_id\x18\x01 \x01(\tR\bmemberId\x12\x1a\n" +
	"\blocation\x18\x02 \x01(\tR\blocation\x12\x1f\n" +
	"\vcreation_id\x18\x03 \x01(\x04R\n" +
	"creationId\x12\x18\n" +
	"\aaddress\x18\x04 \x01(\tR\aaddress\x124\n" +
	"\x05state\x18\x05 \x01(\x0e2\x1e.warden.manager.v1.MemberStateR\x05state\x12\x1a\n" +
	"\bexternal\x18\x06 \x01(\bR\bexternal\x12\x1b\n" +
	"\tcaught_up\x18\a \x01(\bR\bcaughtUp\"\xde\x02\n" +
	"\x04View\x12\x19\n" +
	"\bgroup_id\x18\x01 \x01(\tR\agroupId\x12\x17\n" +
	"\atype_id\x18\x02 \x01(\tR\x06typeId\x12\x14\n" +
	"\x05epoch\x18\x03 \x01(\x04R\x05epoch\x12\x18\n" +
	"\aversion\x18\x04 \x01(\x04R\aversion\x12\x18\n" +
	"\aprimary\x18\x05 \x01(\tR\aprimary\x123\n" +
	"\amembers\x18\x06 \x03(\v2\x19.warden.manager.v1.MemberR\amembers\x12P\n" +
	"\x11replication_style\x18\a \x01(\x0e2#.warden.manager.v1.ReplicationStyleR\x10replicationStyle\x12\x16\n" +
	"\x06reason\x18\b \x01(\tR\x06reason\x129\n" +
	"\n" +
	"changed_at\x18\t \x01(\v2\x1a.google.protobuf.TimestampR\tchangedAt\"\xcb\x01\n" +
	"\rPendingMember\x12\x1b\n" +
	"\tmember_id\x18\x01 \x01(\tR\bmemberId\x12\x1a\n" +
	"\blocation\x18\x02 \x01(\tR\blocation\x12\x1f\n" +
	"\vcreation_id\x18\x03 \x01(\x04R\n" +
	"creationId\x12=\n" +
	"\frequested_at\x18\x04 \x01(\v2\x1a.google.protobuf.TimestampR\vrequestedAt\x12!\n" +
	"\frequested_by\x18\x05 \x01(\tR\vrequestedBy\"\x91\x03\n" +
	"\vObjectGroup\x12\x19\n" +
	"\bgroup_id\x18\x01 \x01(\tR\agroupId\x12\x17\n" +
	"\atype_id\x18\x02 \x01(\tR\x06typeId\x12=\n" +
	"\n" +
	"properties\x18\x03 \x01(\v2\x1d.warden.manager.v1.PropertiesR\n" +
	"properties\x12+\n" +
	"\x04view\x18\x04 \x01(\v2\x17.warden.manager.v1.ViewR\x04view\x12:\n" +
	"\apending\x18\x05 \x03(\v2 .warden.manager.v1.PendingMemberR\apending\x12(\n" +
	"\x10last_creation_id\x18\x06 \x01(\x04R\x0elastCreationId\x12 \n" +
	"\vinitialised\x18\a \x01(\bR\vinitialised\x129\n" +
	"\n" +
	"created_at\x18\b \x01(\v2\x1a.google.protobuf.TimestampR\tcreatedAt\x12\x1f\n" +
	"\vhad_primary\x18\t \x01(\bR\n" +
	"hadPrimary\"\x87\x10\n" +
	"\aCommand\x12*\n" +
	"\x02at\x18\x01 \x01(\v2\x1a.google.protobuf.TimestampR\x02at\x12f\n" +
	"\x16set_default_properties\x18\n" +
	" \x01(\v2..warden.manager.v1.SetDefaultPropertiesRequestH\x00R\x14setDefaultProperties\x12o\n" +
	"\x19remove_default_properties\x18\v \x01(\v21.warden.manager.v1.RemoveDefaultPropertiesRequestH\x00R\x17removeDefaultProperties\x12]\n" +
	"\x13set_type_properties\x18\f \x01(\v2+.warden.manager.v1.SetTypePropertiesRequestH\x00R\x11setTypeProperties\x12f\n" +
	"\x16remove_type_properties\x18\r \x01(\v2..warden.manager.v1.RemoveTypePropertiesRequestH\x00R\x14removeTypeProperties\x12f\n" +
	"\x14set_group_properties\x18\x0e \x01(\v22.warden.manager.v1.SetPropertiesDynamicallyRequestH\x00R\x12setGroupProperties\x12i\n" +
	"\x17remove_group_properties\x18\x0f \x01(\v2/.warden.manager.v1.RemoveGroupPropertiesRequestH\x00R\x15removeGroupProperties\x12M\n" +
	"\rregister_type\x18\x10 \x01(\v2&.warden.manager.v1.RegisterTypeRequestH\x00R\fregisterType\x12S\n" +
	"\x0funregister_type\x18\x11 \x01(\v2(.warden.manager.v1.UnregisterTypeRequestH\x00R\x0eunregisterType\x12Q\n" +
	"\x11register_location\x18\x12 \x01(\v2\".warden.manager.v1.RegisterRequestH\x00R\x10registerLocation\x12Z\n" +
	"\x12set_location_state\x18\x13 \x01(\v2*.warden.manager.v1.SetLocationStateCommandH\x00R\x10setLocationState\x12K\n" +
	"\fcreate_group\x18\x14 \x01(\v2&.warden.manager.v1.CreateObjectRequestH\x00R\vcreateGroup\x12K\n" +
	"\fdelete_group\x18\x15 \x01(\v2&.warden.manager.v1.DeleteObjectRequestH\x00R\vdeleteGroup\x12M\n" +
	"\rcreate_member\x18\x16 \x01(\v2&.warden.manager.v1.CreateMemberRequestH\x00R\fcreateMember\x12S\n" +
	"\x0fcancel_creation\x18\x17 \x01(\v2(.warden.manager.v1.CancelCreationCommandH\x00R\x0ecancelCreation\x12D\n" +
	"\n" +
	"add_member\x18\x18 \x01(\v2#.warden.manager.v1.AddMemberRequestH\x00R\taddMember\x12M\n" +
	"\rremove_member\x18\x19 \x01(\v2&.warden.manager.v1.RemoveMemberRequestH\x00R\fremoveMember\x12M\n" +
	"\vset_primary\x18\x1a \x01(\v2*.warden.manager.v1.SetPrimaryMemberRequestH\x00R\n" +
	"setPrimary\x12M\n" +
	"\rupdate_member\x18\x1b \x01(\v2&.warden.manager.v1.UpdateMemberCommandH\x00R\fupdateMember\x12S\n" +
	"\x0fforget_location\x18\x1c \x01(\v2(.warden.manager.v1.ForgetLocationCommandH\x00R\x0eforgetLocation\x12M\n" +
	"\rrecord_faults\x18\x1d \x01(\v2&.warden.manager.v1.RecordFaultsCommandH\x00R\frecordFaults\x12M\n" +
	"\rcreate_filter\x18\x1e \x01(\v2&.warden.manager.v1.CreateFilterCommandH\x00R\fcreateFilter\x12P\n" +
	"\x0edestroy_filter\x18\x1f \x01(\v2'.warden.manager.v1.DestroyFilterCommandH\x00R\rdestroyFilter\x12N\n" +
	"\x0emark_caught_up\x18  \x01(\v2&.warden.manager.v1.MarkCaughtUpCommandH\x00R\fmarkCaughtUpB\x04\n" +
	"\x02op\"e\n" +
	"\x13MarkCaughtUpCommand\x12\x19\n" +
	"\bgroup_id\x18\x01 \x01(\tR\agroupId\x12\x14\n" +
	"\x05epoch\x18\x02 \x01(\x04R\x05epoch\x12\x1d\n" +
	"\n" +
	"member_ids\x18\x03 \x03(\tR\tmemberIds\"5\n" +
	"\x13CreateFilterCommand\x12\x1e\n" +
	"\n" +
	"expression\x18\x01 \x01(\tR\n" +
	"expression\"3\n" +
	"\x14DestroyFilterCommand\x12\x1b\n" +
	"\tfilter_id\x18\x01 \x01(\tR\bfilterId\"Q\n" +
	"\x12SubscriptionFilter\x12\x1b\n" +
	"\tfilter_id\x18\x01 \x01(\tR\bfilterId\x12\x1e\n" +
	"\n" +
	"expression\x18\x02 \x01(\tR\n" +
	"expression\"K\n" +
	"\x13RecordFaultsCommand\x124\n" +
	"\x06events\x18\x01 \x03(\v2\x1c.warden.notify.v1.FaultEventR\x06events\"\xa7\x01\n" +
	"\x17SetLocationStateCommand\x12\x1a\n" +
	"\blocation\x18\x01 \x01(\tR\blocation\x126\n" +
	"\x05state\x18\x02 \x01(\x0e2 .warden.manager.v1.LocationStateR\x05state\x12 \n" +
	"\vincarnation\x18\x03 \x01(\x04R\vincarnation\x12\x16\n" +
	"\x06reason\x18\x04 \x01(\tR\x06reason\"g\n" +
	"\x15CancelCreationCommand\x12\x19\n" +
	"\bgroup_id\x18\x01 \x01(\tR\agroupId\x12\x1b\n" +
	"\tmember_id\x18\x02 \x01(\tR\bmemberId\x12\x16\n" +
	"\x06reason\x18\x03 \x01(\tR\x06reason\"\x9d\x01\n" +
	"\x13UpdateMemberCommand\x12\x19\n" +
	"\bgroup_id\x18\x01 \x01(\tR\agroupId\x12\x1b\n" +
	"\tmember_id\x18\x02 \x01(\tR\bmemberId\x12\x18\n" +
	"\aaddress\x18\x03 \x01(\tR\aaddress\x124\n" +
	"\x05state\x18\x04 \x01(\x0e2\x1e.warden.manager.v1.MemberStateR\x05state\"3\n" +
	"\x15ForgetLocationCommand\x12\x1a\n" +
	"\blocation\x18\x01 \x01(\tR\blocation\"\xb7\x04\n" +
	"\rStateSnapshot\x12\x16\n" +
	"\x06format\x18\x01 \x01(\rR\x06format\x129\n" +
	"\bdefaults\x18\x02 \x01(\v2\x1d.warden.manager.v1.PropertiesR\bdefaults\x123\n" +
	"\x05types\x18\x03 \x03(\v2\x1d.warden.manager.v1.MemberTypeR\x05types\x12J\n" +
	"\x0ftype_properties\x18\x04 \x03(\v2!.warden.manager.v1.TypePropertiesR\x0etypeProperties\x129\n" +
	"\tlocations\x18\x05 \x03(\v2\x1b.warden.manager.v1.LocationR\tlocations\x126\n" +
	"\x06groups\x18\x06 \x03(\v2\x1e.warden.manager.v1.ObjectGroupR\x06groups\x12!\n" +
	"\flast_version\x18\a \x01(\x04R\vlastVersion\x124\n" +
	"\x06faults\x18\b \x03(\v2\x1c.warden.notify.v1.FaultEventR\x06faults\x12$\n" +
	"\x0elast_fault_seq\x18\t \x01(\x04R\flastFaultSeq\x12?\n" +
	"\afilters\x18\n" +
	" \x03(\v2%.warden.manager.v1.SubscriptionFilterR\afilters\x12\x1f\n" +
	"\vlast_filter\x18\v \x01(\x04R\n" +
	"lastFilter\"h\n" +
	"\x0eTypeProperties\x12\x17\n" +
	"\atype_id\x18\x01 \x01(\tR\x06typeId\x12=\n" +
	"\n" +
	"properties\x18\x02 \x01(\v2\x1d.warden.manager.v1.PropertiesR\n" +
	"properties\"\\\n" +
	"\x1bSetDefaultPropertiesRequest\x12=\n" +
	"\n" +
	"properties\x18\x01 \x01(\v2\x1d.warden.manager.v1.PropertiesR\n" +
	"properties\"\x1e\n" +
	"\x1cSetDefaultPropertiesResponse\"\x1d\n" +
	"\x1bGetDefaultPropertiesRequest\"]\n" +
	"\x1cGetDefaultPropertiesResponse\x12=\n" +
	"\n" +
	"properties\x18\x01 \x01(\v2\x1d.warden.manager.v1.PropertiesR\n" +
	"properties\"W\n" +
	"\x1eRemoveDefaultPropertiesRequest\x125\n" +
	"\x05names\x18\x01 \x03(\x0e2\x1f.warden.manager.v1.PropertyNameR\x05names\"!\n" +
	"\x1fRemoveDefaultPropertiesResponse\"r\n" +
	"\x18SetTypePropertiesRequest\x12\x17\n" +
	"\atype_id\x18\x01 \x01(\tR\x06typeId\x12=\n" +
	"\n" +
	"properties\x18\x02 \x01(\v2\x1d.warden.manager.v1.PropertiesR\n" +
	"properties\"\x1b\n" +
	"\x19SetTypePropertiesResponse\"3\n" +
	"\x18GetTypePropertiesRequest\x12\x17\n" +
	"\atype_id\x18\x01 \x01(\tR\x06typeId\"Z\n" +
	"\x19GetTypePropertiesResponse\x12=\n" +
	"\n" +
	"properties\x18\x01 \x01(\v2\x1d.warden.manager.v1.PropertiesR\n" +
	"properties\"m\n" +
	"\x1bRemoveTypePropertiesRequest\x12\x17\n" +
	"\atype_id\x18\x01 \x01(\tR\x06typeId\x125\n" +
	"\x05names\x18\x02 \x03(\x0e2\x1f.warden.manager.v1.PropertyNameR\x05names\"\x1e\n" +
	"\x1cRemoveTypePropertiesResponse\"{\n" +
	"\x1fSetPropertiesDynamicallyRequest\x12\x19\n" +
	"\bgroup_id\x18\x01 \x01(\tR\agroupId\x12=\n" +
	"\n" +
	"properties\x18\x02 \x01(\v2\x1d.warden.manager.v1.PropertiesR\n" +
	"properties\"\"\n" +
	" SetPropertiesDynamicallyResponse\"1\n" +
	"\x14GetPropertiesRequest\x12\x19\n" +
	"\bgroup_id\x18\x01 \x01(\tR\agroupId\"\x93\x01\n" +
	"\x15GetPropertiesResponse\x12=\n" +
	"\n" +
	"properties\x18\x01 \x01(\v2\x1d.warden.manager.v1.PropertiesR\n" +
	"properties\x12;\n" +
	"\aorigins\x18\x02 \x03(\v2!.warden.manager.v1.PropertyOriginR\aorigins\"p\n" +
	"\x1cRemoveGroupPropertiesRequest\x12\x19\n" +
	"\bgroup_id\x18\x01 \x01(\tR\agroupId\x125\n" +
	"\x05names\x18\x02 \x03(\x0e2\x1f.warden.manager.v1.PropertyNameR\x05names\"\x1f\n" +
	"\x1dRemoveGroupPropertiesResponse\"H\n" +
	"\x13RegisterTypeRequest\x121\n" +
	"\x04type\x18\x01 \x01(\v2\x1d.warden.manager.v1.MemberTypeR\x04type\"\x16\n" +
	"\x14RegisterTypeResponse\")\n" +
	"\x0eGetTypeRequest\x12\x17\n" +
	"\atype_id\x18\x01 \x01(\tR\x06typeId\"D\n" +
	"\x0fGetTypeResponse\x121\n" +
	"\x04type\x18\x01 \x01(\v2\x1d.warden.manager.v1.MemberTypeR\x04type\"\x12\n" +
	"\x10ListTypesRequest\"H\n" +
	"\x11ListTypesResponse\x123\n" +
	"\x05types\x18\x01 \x03(\v2\x1d.warden.manager.v1.MemberTypeR\x05types\"0\n" +
	"\x15UnregisterTypeRequest\x12\x17\n" +
	"\atype_id\x18\x01 \x01(\tR\x06typeId\"\x18\n" +
	"\x16UnregisterTypeResponse\"\x88\x01\n" +
	"\x13CreateMemberRequest\x12\x19\n" +
	"\bgroup_id\x18\x01 \x01(\tR\agroupId\x12\x1a\n" +
	"\blocation\x18\x02 \x01(\tR\blocation\x12\x17\n" +
	"\atype_id\x18\x03 \x01(\tR\x06typeId\x12!\n" +
	"\frequested_by\x18\x04 \x01(\tR\vrequestedBy\"}\n" +
	"\x14CreateMemberResponse\x128\n" +
	"\x06member\x18\x01 \x01(\v2 .warden.manager.v1.PendingMemberR\x06member\x12+\n" +
	"\x04view\x18\x02 \x01(\v2\x17.warden.manager.v1.ViewR\x04view\"\xff\x01\n" +
	"\x10AddMemberRequest\x12\x19\n" +
	"\bgroup_id\x18\x01 \x01(\tR\agroupId\x12,\n" +
	"\x11pending_member_id\x18\x02 \x01(\tH\x00R\x0fpendingMemberId\x12?\n" +
	"\bexternal\x18\x03 \x01(\v2!.warden.manager.v1.ExternalMemberH\x00R\bexternal\x12\x18\n" +
	"\aaddress\x18\x04 \x01(\tR\aaddress\x12%\n" +
	"\x0eexpected_epoch\x18\x05 \x01(\x04R\rexpectedEpoch\x12\x16\n" +
	"\x06reason\x18\x06 \x01(\tR\x06reasonB\b\n" +
	"\x06member\"F\n" +
	"\x0eExternalMember\x12\x1a\n" +
	"\blocation\x18\x01 \x01(\tR\blocation\x12\x18\n" +
	"\aaddress\x18\x02 \x01(\tR\aaddress\"@\n" +
	"\x11AddMemberResponse\x12+\n" +
	"\x04view\x18\x01 \x01(\v2\x17.warden.manager.v1.ViewR\x04view\"\xc9\x01\n" +
	"\x13RemoveMemberRequest\x12\x19\n" +
	"\bgroup_id\x18\x01 \x01(\tR\agroupId\x12\x1a\n" +
	"\blocation\x18\x02 \x01(\tR\blocation\x12\x1b\n" +
	"\tmember_id\x18\x03 \x01(\tR\bmemberId\x12%\n" +
	"\x0eexpected_epoch\x18\x04 \x01(\x04R\rexpectedEpoch\x12\x1f\n" +
	"\vnew_primary\x18\x05 \x01(\tR\n" +
	"newPrimary\x12\x16\n" +
	"\x06reason\x18\x06 \x01(\tR\x06reason\"C\n" +
	"\x14RemoveMemberResponse\x12+\n" +
	"\x04view\x18\x01 \x01(\v2\x17.warden.manager.v1.ViewR\x04view\"\xac\x01\n" +
	"\x17SetPrimaryMemberRequest\x12\x19\n" +
	"\bgroup_id\x18\x01 \x01(\tR\agroupId\x12\x1a\n" +
	"\blocation\x18\x02 \x01(\tR\blocation\x12\x1b\n" +
	"\tmember_id\x18\x03 \x01(\tR\bmemberId\x12%\n" +
	"\x0eexpected_epoch\x18\x04 \x01(\x04R\rexpectedEpoch\x12\x16\n" +
	"\x06reason\x18\x05 \x01(\tR\x06reason\"G\n" +
	"\x18SetPrimaryMemberResponse\x12+\n" +
	"\x04view\x18\x01 \x01(\v2\x17.warden.manager.v1.ViewR\x04view\"6\n" +
	"\x19LocationsOfMembersRequest\x12\x19\n" +
	"\bgroup_id\x18\x01 \x01(\tR\agroupId\":\n" +
	"\x1aLocationsOfMembersResponse\x12\x1c\n" +
	"\tlocations\x18\x01 \x03(\tR\tlocations\"5\n" +
	"\x18GetObjectGroupRefRequest\x12\x19\n" +
	"\bgroup_id\x18\x01 \x01(\tR\agroupId\"H\n" +
	"\x19GetObjectGroupRefResponse\x12+\n" +
	"\x04view\x18\x01 \x01(\v2\x17.warden.manager.v1.ViewR\x04view\"D\n" +
	"\x17GetObjectGroupIdRequest\x12)\n" +
	"\x03ref\x18\x01 \x01(\v2\x17.warden.manager.v1.ViewR\x03ref\"5\n" +
	"\x18GetObjectGroupIdResponse\x12\x19\n" +
	"\bgroup_id\x18\x01 \x01(\tR\agroupId\"R\n" +
	"\x10WatchViewRequest\x12\x19\n" +
	"\bgroup_id\x18\x01 \x01(\tR\agroupId\x12#\n" +
	"\rknown_version\x18\x02 \x01(\x04R\fknownVersion\"\x19\n" +
	"\x17ListObjectGroupsRequest\"R\n" +
	"\x18ListObjectGroupsResponse\x126\n" +
	"\x06groups\x18\x01 \x03(\v2\x1e.warden.manager.v1.ObjectGroupR\x06groups\"\x16\n" +
	"\x14ListLocationsRequest\"R\n" +
	"\x15ListLocationsResponse\x129\n" +
	"\tlocations\x18\x01 \x03(\v2\x1b.warden.manager.v1.LocationR\tlocations\"\x84\x01\n" +
	"\x13CreateObjectRequest\x12\x17\n" +
	"\atype_id\x18\x01 \x01(\tR\x06typeId\x12\x19\n" +
	"\bgroup_id\x18\x02 \x01(\tR\agroupId\x129\n" +
	"\bcriteria\x18\x03 \x01(\v2\x1d.warden.manager.v1.PropertiesR\bcriteria\"s\n" +
	"\x14CreateObjectResponse\x12+\n" +
	"\x04view\x18\x01 \x01(\v2\x17.warden.manager.v1.ViewR\x04view\x12.\n" +
	"\x13factory_creation_id\x18\x02 \x01(\tR\x11factoryCreationId\"E\n" +
	"\x13DeleteObjectRequest\x12.\n" +
	"\x13factory_creation_id\x18\x01 \x01(\tR\x11factoryCreationId\"\x16\n" +
	"\x14DeleteObjectResponse\"~\n" +
	"\x11RenewLeaseRequest\x12\x19\n" +
	"\bgroup_id\x18\x01 \x01(\tR\agroupId\x12\x1b\n" +
	"\tmember_id\x18\x02 \x01(\tR\bmemberId\x12\x14\n" +
	"\x05epoch\x18\x03 \x01(\x04R\x05epoch\x12\x1b\n" +
	"\tcaught_up\x18\x04 \x03(\tR\bcaughtUp\"r\n" +
	"\x12RenewLeaseResponse\x12/\n" +
	"\x05lease\x18\x01 \x01(\v2\x19.google.protobuf.DurationR\x05lease\x12+\n" +
	"\x04view\x18\x02 \x01(\v2\x17.warden.manager.v1.ViewR\x04view\"\xf7\x01\n" +
	"\x0fRegisterRequest\x12\x1a\n" +
	"\blocation\x18\x01 \x01(\tR\blocation\x12#\n" +
	"\ragent_address\x18\x02 \x01(\tR\fagentAddress\x12 \n" +
	"\vincarnation\x18\x03 \x01(\x04R\vincarnation\x12F\n" +
	"\x06labels\x18\x04 \x03(\v2..warden.manager.v1.RegisterRequest.LabelsEntryR\x06labels\x1a9\n" +
	"\vLabelsEntry\x12\x10\n" +
	"\x03key\x18\x01 \x01(\tR\x03key\x12\x14\n" +
	"\x05value\x18\x02 \x01(\tR\x05value:\x028\x01\"\x85\x01\n" +
	"\x10RegisterResponse\x12H\n" +
	"\x12heartbeat_interval\x18\x01 \x01(\v2\x19.google.protobuf.DurationR\x11heartbeatInterval\x12'\n" +
	"\x0fdesired_version\x18\x02 \x01(\x04R\x0edesiredVersion\"\x97\x01\n" +
	"\x10HeartbeatRequest\x12\x1a\n" +
	"\blocation\x18\x01 \x01(\tR\blocation\x12 \n" +
	"\vincarnation\x18\x02 \x01(\x04R\vincarnation\x12\x10\n" +
	"\x03seq\x18\x03 \x01(\x04R\x03seq\x123\n" +
	"\asent_at\x18\x04 \x01(\v2\x1a.google.protobuf.TimestampR\x06sentAt\"n\n" +
	"\x11HeartbeatResponse\x12\x10\n" +
	"\x03seq\x18\x01 \x01(\x04R\x03seq\x12'\n" +
	"\x0fdesired_version\x18\x02 \x01(\x04R\x0edesiredVersion\x12\x1e\n" +
	"\n" +
	"reregister\x18\x03 \x01(\bR\n" +
	"reregister\"\x88\x01\n" +
	"\x12ReportFaultRequest\x12\x1a\n" +
	"\blocation\x18\x01 \x01(\tR\blocation\x12 \n" +
	"\vincarnation\x18\x02 \x01(\x04R\vincarnation\x124\n" +
	"\x06events\x18\x03 \x03(\v2\x1c.warden.notify.v1.FaultEventR\x06events\"'\n" +
	"\x13ReportFaultResponse\x12\x10\n" +
	"\x03ids\x18\x01 \x03(\tR\x03ids\"\xd8\x01\n" +
	"\fActualMember\x12\x19\n" +
	"\bgroup_id\x18\x01 \x01(\tR\agroupId\x12\x1b\n" +
	"\tmember_id\x18\x02 \x01(\tR\bmemberId\x12\x1f\n" +
	"\vcreation_id\x18\x03 \x01(\x04R\n" +
	"creationId\x124\n" +
	"\x05state\x18\x04 \x01(\x0e2\x1e.warden.manager.v1.ActualStateR\x05state\x12\x18\n" +
	"\aaddress\x18\x05 \x01(\tR\aaddress\x12\x1f\n" +
	"\vexit_status\x18\x06 \x01(\tR\n" +
	"exitStatus\"\xd8\x02\n" +
	"\rDesiredMember\x12\x19\n" +
	"\bgroup_id\x18\x01 \x01(\tR\agroupId\x12\x1b\n" +
	"\tmember_id\x18\x02 \x01(\tR\bmemberId\x12\x1f\n" +
	"\vcreation_id\x18\x03 \x01(\x04R\n" +
	"creationId\x12\x17\n" +
	"\atype_id\x18\x04 \x01(\tR\x06typeId\x122\n" +
	"\x04role\x18\x05 \x01(\x0e2\x1e.warden.manager.v1.DesiredRoleR\x04role\x125\n" +
	"\x06launch\x18\x06 \x01(\v2\x1d.warden.manager.v1.LaunchSpecR\x06launch\x12=\n" +
	"\n" +
	"properties\x18\a \x01(\v2\x1d.warden.manager.v1.PropertiesR\n" +
	"properties\x12+\n" +
	"\x04view\x18\b \x01(\v2\x17.warden.manager.v1.ViewR\x04view\"\x89\x01\n" +
	"\x10ReconcileRequest\x12\x1a\n" +
	"\blocation\x18\x01 \x01(\tR\blocation\x12 \n" +
	"\vincarnation\x18\x02 \x01(\x04R\vincarnation\x127\n" +
	"\x06actual\x18\x03 \x03(\v2\x1f.warden.manager.v1.ActualMemberR\x06actual\"x\n" +
	"\x11ReconcileResponse\x12:\n" +
	"\adesired\x18\x01 \x03(\v2 .warden.manager.v1.DesiredMemberR\adesired\x12'\n" +
	"\x0fdesired_version\x18\x02 \x01(\x04R\x0edesiredVersion*\xe6\x01\n" +
	"\x10ReplicationStyle\x12!\n" +
	"\x1dREPLICATION_STYLE_UNSPECIFIED\x10\x00\x12\x1f\n" +
	"\x1bREPLICATION_STYLE_STATELESS\x10\x01\x12\"\n" +
	"\x1eREPLICATION_STYLE_COLD_PASSIVE\x10\x02\x12\"\n" +
	"\x1eREPLICATION_STYLE_WARM_PASSIVE\x10\x03\x12\x1c\n" +
	"\x18REPLICATION_STYLE_ACTIVE\x10\x04\x12(\n" +
	"$REPLICATION_STYLE_ACTIVE_WITH_VOTING\x10\x05*\x90\x01\n" +
	"\x0fMembershipStyle\x12 \n" +
	"\x1cMEMBERSHIP_STYLE_UNSPECIFIED\x10\x00\x12.\n" +
	"*MEMBERSHIP_STYLE_INFRASTRUCTURE_CONTROLLED\x10\x01\x12+\n" +
	"'MEMBERSHIP_STYLE_APPLICATION_CONTROLLED\x10\x02*\x94\x01\n" +
	"\x10ConsistencyStyle\x12!\n" +
	"\x1dCONSISTENCY_STYLE_UNSPECIFIED\x10\x00\x12/\n" +
	"+CONSISTENCY_STYLE_INFRASTRUCTURE_CONTROLLED\x10\x01\x12,\n" +
	"(CONSISTENCY_STYLE_APPLICATION_CONTROLLED\x10\x02*\xaa\x01\n" +
	"\x14FaultMonitoringStyle\x12&\n" +
	"\"FAULT_MONITORING_STYLE_UNSPECIFIED\x10\x00\x12\x1f\n" +
	"\x1bFAULT_MONITORING_STYLE_PULL\x10\x01\x12\x1f\n" +
	"\x1bFAULT_MONITORING_STYLE_PUSH\x10\x02\x12(\n" +
	"$FAULT_MONITORING_STYLE_NOT_MONITORED\x10\x03*\xd2\x01\n" +
	"\x1aFaultMonitoringGranularity\x12,\n" +
	"(FAULT_MONITORING_GRANULARITY_UNSPECIFIED\x10\x00\x12'\n" +
	"#FAULT_MONITORING_GRANULARITY_MEMBER\x10\x01\x12)\n" +
	"%FAULT_MONITORING_GRANULARITY_LOCATION\x10\x02\x122\n" +
	".FAULT_MONITORING_GRANULARITY_LOCATION_AND_TYPE\x10\x03*\xe6\x03\n" +
	"\fPropertyName\x12\x1d\n" +
	"\x19PROPERTY_NAME_UNSPECIFIED\x10\x00\x12#\n" +
	"\x1fPROPERTY_NAME_REPLICATION_STYLE\x10\x01\x12\"\n" +
	"\x1ePROPERTY_NAME_MEMBERSHIP_STYLE\x10\x02\x12#\n" +
	"\x1fPROPERTY_NAME_CONSISTENCY_STYLE\x10\x03\x12(\n" +
	"$PROPERTY_NAME_FAULT_MONITORING_STYLE\x10\x04\x12.\n" +
	"*PROPERTY_NAME_FAULT_MONITORING_GRANULARITY\x10\x05\x12(\n" +
	"$PROPERTY_NAME_INITIAL_NUMBER_MEMBERS\x10\x06\x12(\n" +
	"$PROPERTY_NAME_MINIMUM_NUMBER_MEMBERS\x10\a\x12+\n" +
	"'PROPERTY_NAME_FAULT_MONITORING_INTERVAL\x10\b\x12*\n" +
	"&PROPERTY_NAME_FAULT_MONITORING_TIMEOUT\x10\t\x12%\n" +
	"!PROPERTY_NAME_CHECKPOINT_INTERVAL\x10\n" +
	"\x12\x1b\n" +
	"\x17PROPERTY_NAME_FACTORIES\x10\v*\xa0\x01\n" +
	"\x0ePropertySource\x12\x1f\n" +
	"\x1bPROPERTY_SOURCE_UNSPECIFIED\x10\x00\x12\x1b\n" +
	"\x17PROPERTY_SOURCE_BUILTIN\x10\x01\x12\x1b\n" +
	"\x17PROPERTY_SOURCE_DEFAULT\x10\x02\x12\x18\n" +
	"\x14PROPERTY_SOURCE_TYPE\x10\x03\x12\x19\n" +
	"\x15PROPERTY_SOURCE_GROUP\x10\x04*_\n" +
	"\rLocationState\x12\x1e\n" +
	"\x1aLOCATION_STATE_UNSPECIFIED\x10\x00\x12\x15\n" +
	"\x11LOCATION_STATE_UP\x10\x01\x12\x17\n" +
	"\x13LOCATION_STATE_DOWN\x10\x02*u\n" +
	"\vMemberState\x12\x1c\n" +
	"\x18MEMBER_STATE_UNSPECIFIED\x10\x00\x12\x16\n" +
	"\x12MEMBER_STATE_READY\x10\x01\x12\x15\n" +
	"\x11MEMBER_STATE_COLD\x10\x02\x12\x19\n" +
	"\x15MEMBER_STATE_STARTING\x10\x03*\x8e\x01\n" +
	"\vActualState\x12\x1c\n" +
	"\x18ACTUAL_STATE_UNSPECIFIED\x10\x00\x12\x19\n" +
	"\x15ACTUAL_STATE_STARTING\x10\x01\x12\x16\n" +
	"\x12ACTUAL_STATE_READY\x10\x02\x12\x15\n" +
	"\x11ACTUAL_STATE_HELD\x10\x03\x12\x17\n" +
	"\x13ACTUAL_STATE_EXITED\x10\x04*X\n" +
	"\vDesiredRole\x12\x1c\n" +
	"\x18DESIRED_ROLE_UNSPECIFIED\x10\x00\x12\x14\n" +
	"\x10DESIRED_ROLE_RUN\x10\x01\x12\x15\n" +
	"\x11DESIRED_ROLE_HOLD\x10\x022\xc5\b\n" +
	"\x0fPropertyManager\x12w\n" +
	"\x14SetDefaultProperties\x12..warden.manager.v1.SetDefaultPropertiesRequest\x1a/.warden.manager.v1.SetDefaultPropertiesResponse\x12w\n" +
	"\x14GetDefaultProperties\x12..warden.manager.v1.GetDefaultPropertiesRequest\x1a/.warden.manager.v1.GetDefaultPropertiesResponse\x12\x80\x01\n" +
	"\x17RemoveDefaultProperties\x121.warden.manager.v1.RemoveDefaultPropertiesRequest\x1a2.warden.manager.v1.RemoveDefaultPropertiesResponse\x12n\n" +
	"\x11SetTypeProperties\x12+.warden.manager.v1.SetTypePropertiesRequest\x1a,.warden.manager.v1.SetTypePropertiesResponse\x12n\n" +
	"\x11GetTypeProperties\x12+.warden.manager.v1.GetTypePropertiesRequest\x1a,.warden.manager.v1.GetTypePropertiesResponse\x12w\n" +
	"\x14RemoveTypeProperties\x12..warden.manager.v1.RemoveTypePropertiesRequest\x1a/.warden.manager.v1.RemoveTypePropertiesResponse\x12\x83\x01\n" +
	"\x18SetPropertiesDynamically\x122.warden.manager.v1.SetPropertiesDynamicallyRequest\x1a3.warden.manager.v1.SetPropertiesDynamicallyResponse\x12b\n" +
	"\rGetProperties\x12'.warden.manager.v1.GetPropertiesRequest\x1a(.warden.manager.v1.GetPropertiesResponse\x12z\n" +
	"\x15RemoveGroupProperties\x12/.warden.manager.v1.RemoveGroupPropertiesRequest\x1a0.warden.manager.v1.RemoveGroupPropertiesResponse2\x80\x03\n" +
	"\fTypeRegistry\x12_\n" +
	"\fRegisterType\x12&.warden.manager.v1.RegisterTypeRequest\x1a'.warden.manager.v1.RegisterTypeResponse\x12P\n" +
	"\aGetType\x12!.warden.manager.v1.GetTypeRequest\x1a\".warden.manager.v1.GetTypeResponse\x12V\n" +
	"\tListTypes\x12#.warden.manager.v1.ListTypesRequest\x1a$.warden.manager.v1.ListTypesResponse\x12e\n" +
	"\x0eUnregisterType\x12(.warden.manager.v1.UnregisterTypeRequest\x1a).warden.manager.v1.UnregisterTypeResponse2\x89\b\n" +
	"\x12ObjectGroupManager\x12_\n" +
	"\fCreateMember\x12&.warden.manager.v1.CreateMemberRequest\x1a'.warden.manager.v1.CreateMemberResponse\x12V\n" +
	"\tAddMember\x12#.warden.manager.v1.AddMemberRequest\x1a$.warden.manager.v1.AddMemberResponse\x12_\n" +
	"\fRemoveMember\x12&.warden.manager.v1.RemoveMemberRequest\x1a'.warden.manager.v1.RemoveMemberResponse\x12k\n" +
	"\x10SetPrimaryMember\x12*.warden.manager.v1.SetPrimaryMemberRequest\x1a+.warden.manager.v1.SetPrimaryMemberResponse\x12q\n" +
	"\x12LocationsOfMembers\x12,.warden.manager.v1.LocationsOfMembersRequest\x1a-.warden.manager.v1.LocationsOfMembersResponse\x12n\n" +
	"\x11GetObjectGroupRef\x12+.warden.manager.v1.GetObjectGroupRefRequest\x1a,.warden.manager.v1.GetObjectGroupRefResponse\x12k\n" +
	"\x10GetObjectGroupId\x12*.warden.manager.v1.GetObjectGroupIdRequest\x1a+.warden.manager.v1.GetObjectGroupIdResponse\x12K\n" +
	"\tWatchView\x12#.warden.manager.v1.WatchViewRequest\x1a\x17.warden.manager.v1.View0\x01\x12k\n" +
	"\x10ListObjectGroups\x12*.warden.manager.v1.ListObjectGroupsRequest\x1a+.warden.manager.v1.ListObjectGroupsResponse\x12b\n" +
	"\rListLocations\x12'.warden.manager.v1.ListLocationsRequest\x1a(.warden.manager.v1.ListLocationsResponse2\xd2\x01\n" +
	"\x0eGenericFactory\x12_\n" +
	"\fCreateObject\x12&.warden.manager.v1.CreateObjectRequest\x1a'.warden.manager.v1.CreateObjectResponse\x12_\n" +
	"\fDeleteObject\x12&.warden.manager.v1.DeleteObjectRequest\x1a'.warden.manager.v1.DeleteObjectResponse2j\n" +
	"\rMemberService\x12Y\n" +
	"\n" +
	"RenewLease\x12$.warden.manager.v1.RenewLeaseRequest\x1a%.warden.manager.v1.RenewLeaseResponse2\xf5\x02\n" +
	"\fAgentService\x12S\n" +
	"\bRegister\x12\".warden.manager.v1.RegisterRequest\x1a#.warden.manager.v1.RegisterResponse\x12Z\n" +
	"\tHeartbeat\x12#.warden.manager.v1.HeartbeatRequest\x1a$.warden.manager.v1.HeartbeatResponse(\x010\x01\x12\\\n" +
	"\vReportFault\x12%.warden.manager.v1.ReportFaultRequest\x1a&.warden.manager.v1.ReportFaultResponse\x12V\n" +
	"\tReconcile\x12#.warden.manager.v1.ReconcileRequest\x1a$.warden.manager.v1.ReconcileResponseB<Z:github.com/wardenft/warden/api/warden/manager/v1;managerv1b\x06proto3"

var (
	file_warden_manager_v1_manager_proto_rawDescOnce sync.Once
	file_warden_manager_v1_manager_proto_rawDescData []byte
)

func file_warden_manager_v1_manager_proto_rawDescGZIP() []byte {
	file_warden_manager_v1_manager_proto_rawDescOnce.Do(func() {
		file_warden_manager_v1_manager_proto_rawDescData = protoimpl.X.CompressGZIP(unsafe.Slice(unsafe.StringData(file_warden_manager_v1_manager_proto_rawDesc), len(file_warden_manager_v1_manager_proto_rawDesc)))
	})
	return file_warden_manager_v1_manager_proto_rawDescData
}

var file_warden_manager_v1_manager_proto_enumTypes = make([]protoimpl.EnumInfo, 11)
var file_warden_manager_v1_manager_proto_msgTypes = make([]protoimpl.MessageInfo, 87)
var file_warden_manager_v1_manager_proto_goTypes = []any{
	(ReplicationStyle)(0),                    // 0: warden.manager.v1.ReplicationStyle
	(MembershipStyle)(0),                     // 1: warden.manager.v1.MembershipStyle
	(ConsistencyStyle)(0),                    // 2: warden.manager.v1.ConsistencyStyle
	(FaultMonitoringStyle)(0),                // 3: warden.manager.v1.FaultMonitoringStyle
	(FaultMonitoringGranularity)(0),          // 4: warden.manager.v1.FaultMonitoringGranularity
	(PropertyName)(0),                        // 5: warden.manager.v1.PropertyName
	(PropertySource)(0),                      // 6: warden.manager.v1.PropertySource
	(LocationState)(0),                       // 7: warden.manager.v1.LocationState
	(MemberState)(0),                         // 8: warden.manager.v1.MemberState
	(ActualState)(0),                         // 9: warden.manager.v1.ActualState
	(DesiredRole)(0),                         // 10: warden.manager.v1.DesiredRole
	(*Properties)(nil),                       // 11: warden.manager.v1.Properties
	(*Factories)(nil),                        // 12: warden.manager.v1.Factories
	(*PropertyOrigin)(nil),                   // 13: warden.manager.v1.PropertyOrigin
	(*LaunchSpec)(nil),                       // 14: warden.manager.v1.LaunchSpec
	(*EnvVar)(nil),                           // 15: warden.manager.v1.EnvVar
	(*MemberType)(nil),                       // 16: warden.manager.v1.MemberType
	(*Location)(nil),                         // 17: warden.manager.v1.Location
	(*Member)(nil),                           // 18: warden.manager.v1.Member
	(*View)(nil),                             // 19: warden.manager.v1.View
	(*PendingMember)(nil),                    // 20: warden.manager.v1.PendingMember
	(*ObjectGroup)(nil),                      // 21: warden.manager.v1.ObjectGroup
	(*Command)(nil),                          // 22: warden.manager.v1.Command
	(*MarkCaughtUpCommand)(nil),              // 23: warden.manager.v1.MarkCaughtUpCommand
	(*CreateFilterCommand)(nil),              // 24: warden.manager.v1.CreateFilterCommand
	(*DestroyFilterCommand)(nil),             // 25: warden.manager.v1.DestroyFilterCommand
	(*SubscriptionFilter)(nil),               // 26: warden.manager.v1.SubscriptionFilter
	(*RecordFaultsCommand)(nil),              // 27: warden.manager.v1.RecordFaultsCommand
	(*SetLocationStateCommand)(nil),          // 28: warden.manager.v1.SetLocationStateCommand
	(*CancelCreationCommand)(nil),            // 29: warden.manager.v1.CancelCreationCommand
	(*UpdateMemberCommand)(nil),              // 30: warden.manager.v1.UpdateMemberCommand
	(*ForgetLocationCommand)(nil),            // 31: warden.manager.v1.ForgetLocationCommand
	(*StateSnapshot)(nil),                    // 32: warden.manager.v1.StateSnapshot
	(*TypeProperties)(nil),                   // 33: warden.manager.v1.TypeProperties
	(*SetDefaultPropertiesRequest)(nil),      // 34: warden.manager.v1.SetDefaultPropertiesRequest
	(*SetDefaultPropertiesResponse)(nil),     // 35: warden.manager.v1.SetDefaultPropertiesResponse
	(*GetDefaultPropertiesRequest)(nil),      // 36: warden.manager.v1.GetDefaultPropertiesRequest
	(*GetDefaultPropertiesResponse)(nil),     // 37: warden.manager.v1.GetDefaultPropertiesResponse
	(*RemoveDefaultPropertiesRequest)(nil),   // 38: warden.manager.v1.RemoveDefaultPropertiesRequest
	(*RemoveDefaultPropertiesResponse)(nil),  // 39: warden.manager.v1.RemoveDefaultPropertiesResponse
	(*SetTypePropertiesRequest)(nil),         // 40: warden.manager.v1.SetTypePropertiesRequest
	(*SetTypePropertiesResponse)(nil),        // 41: warden.manager.v1.SetTypePropertiesResponse
	(*GetTypePropertiesRequest)(nil),         // 42: warden.manager.v1.GetTypePropertiesRequest
	(*GetTypePropertiesResponse)(nil),        // 43: warden.manager.v1.GetTypePropertiesResponse
	(*RemoveTypePropertiesRequest)(nil),      // 44: warden.manager.v1.RemoveTypePropertiesRequest
	(*RemoveTypePropertiesResponse)(nil),     // 45: warden.manager.v1.RemoveTypePropertiesResponse
	(*SetPropertiesDynamicallyRequest)(nil),  // 46: warden.manager.v1.SetPropertiesDynamicallyRequest
	(*SetPropertiesDynamicallyResponse)(nil), // 47: warden.manager.v1.SetPropertiesDynamicallyResponse
	(*GetPropertiesRequest)(nil),             // 48: warden.manager.v1.GetPropertiesRequest
	(*GetPropertiesResponse)(nil),            // 49: warden.manager.v1.GetPropertiesResponse
	(*RemoveGroupPropertiesRequest)(nil),     // 50: warden.manager.v1.RemoveGroupPropertiesRequest
	(*RemoveGroupPropertiesResponse)(nil),    // 51: warden.manager.v1.RemoveGroupPropertiesResponse
	(*RegisterTypeRequest)(nil),              // 52: warden.manager.v1.RegisterTypeRequest
	(*RegisterTypeResponse)(nil),             // 53: warden.manager.v1.RegisterTypeResponse
	(*GetTypeRequest)(nil),                   // 54: warden.manager.v1.GetTypeRequest
	(*GetTypeResponse)(nil),                  // 55: warden.manager.v1.GetTypeResponse
	(*ListTypesRequest)(nil),                 // 56: warden.manager.v1.ListTypesRequest
	(*ListTypesResponse)(nil),                // 57: warden.manager.v1.ListTypesResponse
	(*UnregisterTypeRequest)(nil),            // 58: warden.manager.v1.UnregisterTypeRequest
	(*UnregisterTypeResponse)(nil),           // 59: warden.manager.v1.UnregisterTypeResponse
	(*CreateMemberRequest)(nil),              // 60: warden.manager.v1.CreateMemberRequest
	(*CreateMemberResponse)(nil),             // 61: warden.manager.v1.CreateMemberResponse
	(*AddMemberRequest)(nil),                 // 62: warden.manager.v1.AddMemberRequest
	(*ExternalMember)(nil),                   // 63: warden.manager.v1.ExternalMember
	(*AddMemberResponse)(nil),                // 64: warden.manager.v1.AddMemberResponse
	(*RemoveMemberRequest)(nil),              // 65: warden.manager.v1.RemoveMemberRequest
	(*RemoveMemberResponse)(nil),             // 66: warden.manager.v1.RemoveMemberResponse
	(*SetPrimaryMemberRequest)(nil),          // 67: warden.manager.v1.SetPrimaryMemberRequest
	(*SetPrimaryMemberResponse)(nil),         // 68: warden.manager.v1.SetPrimaryMemberResponse
	(*LocationsOfMembersRequest)(nil),        // 69: warden.manager.v1.LocationsOfMembersRequest
	(*LocationsOfMembersResponse)(nil),       // 70: warden.manager.v1.LocationsOfMembersResponse
	(*GetObjectGroupRefRequest)(nil),         // 71: warden.manager.v1.GetObjectGroupRefRequest
	(*GetObjectGroupRefResponse)(nil),        // 72: warden.manager.v1.GetObjectGroupRefResponse
	(*GetObjectGroupIdRequest)(nil),          // 73: warden.manager.v1.GetObjectGroupIdRequest
	(*GetObjectGroupIdResponse)(nil),         // 74: warden.manager.v1.GetObjectGroupIdResponse
	(*WatchViewRequest)(nil),                 // 75: warden.manager.v1.WatchViewRequest
	(*ListObjectGroupsRequest)(nil),          // 76: warden.manager.v1.ListObjectGroupsRequest
	(*ListObjectGroupsResponse)(nil),         // 77: warden.manager.v1.ListObjectGroupsResponse
	(*ListLocationsRequest)(nil),             // 78: warden.manager.v1.ListLocationsRequest
	(*ListLocationsResponse)(nil),            // 79: warden.manager.v1.ListLocationsResponse
	(*CreateObjectRequest)(nil),              // 80: warden.manager.v1.CreateObjectRequest
	(*CreateObjectResponse)(nil),             // 81: warden.manager.v1.CreateObjectResponse
	(*DeleteObjectRequest)(nil),              // 82: warden.manager.v1.DeleteObjectRequest
	(*DeleteObjectResponse)(nil),             // 83: warden.manager.v1.DeleteObjectResponse
	(*RenewLeaseRequest)(nil),                // 84: warden.manager.v1.RenewLeaseRequest
	(*RenewLeaseResponse)(nil),               // 85: warden.manager.v1.RenewLeaseResponse
	(*RegisterRequest)(nil),                  // 86: warden.manager.v1.RegisterRequest
	(*RegisterResponse)(nil),                 // 87: warden.manager.v1.RegisterResponse
	(*HeartbeatRequest)(nil),                 // 88: warden.manager.v1.HeartbeatRequest
	(*HeartbeatResponse)(nil),                // 89: warden.manager.v1.HeartbeatResponse
	(*ReportFaultRequest)(nil),               // 90: warden.manager.v1.ReportFaultRequest
	(*ReportFaultResponse)(nil),              // 91: warden.manager.v1.ReportFaultResponse
	(*ActualMember)(nil),                     // 92: warden.manager.v1.ActualMember
	(*DesiredMember)(nil),                    // 93: warden.manager.v1.DesiredMember
	(*ReconcileRequest)(nil),                 // 94: warden.manager.v1.ReconcileRequest
	(*ReconcileResponse)(nil),                // 95: warden.manager.v1.ReconcileResponse
	nil,                                      // 96: warden.manager.v1.Location.LabelsEntry
	nil,                                      // 97: warden.manager.v1.RegisterRequest.LabelsEntry
	(*durationpb.Duration)(nil),              // 98: google.protobuf.Duration
	(*timestamppb.Timestamp)(nil),            // 99: google.protobuf.Timestamp
	(*v1.FaultEvent)(nil),                    // 100: warden.notify.v1.FaultEvent
}
var file_warden_manager_v1_manager_proto_depIdxs = []int32{
	0,   // 0: warden.manager.v1.Properties.replication_style:type_name -> warden.manager.v1.ReplicationStyle
	1,   // 1: warden.manager.v1.Properties.membership_style:type_name -> warden.manager.v1.MembershipStyle
	2,   // 2: warden.manager.v1.Properties.consistency_style:type_name -> warden.manager.v1.ConsistencyStyle
	3,   // 3: warden.manager.v1.Properties.fault_monitoring_style:type_name -> warden.manager.v1.FaultMonitoringStyle
	4,   // 4: warden.manager.v1.Properties.fault_monitoring_granularity:type_name -> warden.manager.v1.FaultMonitoringGranularity
	98,  // 5: warden.manager.v1.Properties.fault_monitoring_interval:type_name -> google.protobuf.Duration
	98,  // 6: warden.manager.v1.Properties.fault_monitoring_timeout:type_name -> google.protobuf.Duration
	98,  // 7: warden.manager.v1.Properties.checkpoint_interval:type_name -> google.protobuf.Duration
	12,  // 8: warden.manager.v1.Properties.factories:type_name -> warden.manager.v1.Factories
	5,   // 9: warden.manager.v1.PropertyOrigin.name:type_name -> warden.manager.v1.PropertyName
	6,   // 10: warden.manager.v1.PropertyOrigin.source:type_name -> warden.manager.v1.PropertySource
	15,  // 11: warden.manager.v1.LaunchSpec.env:type_name -> warden.manager.v1.EnvVar
	98,  // 12: warden.manager.v1.LaunchSpec.stop_grace_period:type_name -> google.protobuf.Duration
	14,  // 13: warden.manager.v1.MemberType.launch:type_name -> warden.manager.v1.LaunchSpec
	7,   // 14: warden.manager.v1.Location.state:type_name -> warden.manager.v1.LocationState
	96,  // 15: warden.manager.v1.Location.labels:type_name -> warden.manager.v1.Location.LabelsEntry
	99,  // 16: warden.manager.v1.Location.registered_at:type_name -> google.protobuf.Timestamp
	99,  // 17: warden.manager.v1.Location.state_changed_at:type_name -> google.protobuf.Timestamp
	8,   // 18: warden.manager.v1.Member.state:type_name -> warden.manager.v1.MemberState
	18,  // 19: warden.manager.v1.View.members:type_name -> warden.manager.v1.Member
	0,   // 20: warden.manager.v1.View.replication_style:type_name -> warden.manager.v1.ReplicationStyle
	99,  // 21: warden.manager.v1.View.changed_at:type_name -> google.protobuf.Timestamp
	99,  // 22: warden.manager.v1.PendingMember.requested_at:type_name -> google.protobuf.Timestamp
	11,  // 23: warden.manager.v1.ObjectGroup.properties:type_name -> warden.manager.v1.Properties
	19,  // 24: warden.manager.v1.ObjectGroup.view:type_name -> warden.manager.v1.View
	20,  // 25: warden.manager.v1.ObjectGroup.pending:type_name -> warden.manager.v1.PendingMember
	99,  // 26: warden.manager.v1.ObjectGroup.created_at:type_name -> google.protobuf.Timestamp
	99,  // 27: warden.manager.v1.Command.at:type_name -> google.protobuf.Timestamp
	34,  // 28: warden.manager.v1.Command.set_default_properties:type_name -> warden.manager.v1.SetDefaultPropertiesRequest
	38,  // 29: warden.manager.v1.Command.remove_default_properties:type_name -> warden.manager.v1.RemoveDefaultPropertiesRequest
	40,  // 30: warden.manager.v1.Command.set_type_properties:type_name -> warden.manager.v1.SetTypePropertiesRequest
	44,  // 31: warden.manager.v1.Command.remove_type_properties:type_name -> warden.manager.v1.RemoveTypePropertiesRequest
	46,  // 32: warden.manager.v1.Command.set_group_properties:type_name -> warden.manager.v1.SetPropertiesDynamicallyRequest
	50,  // 33: warden.manager.v1.Command.remove_group_properties:type_name -> warden.manager.v1.RemoveGroupPropertiesRequest
	52,  // 34: warden.manager.v1.Command.register_type:type_name -> warden.manager.v1.RegisterTypeRequest
	58,  // 35: warden.manager.v1.Command.unregister_type:type_name -> warden.manager.v1.UnregisterTypeRequest
	86,  // 36: warden.manager.v1.Command.register_location:type_name -> warden.manager.v1.RegisterRequest
	28,  // 37: warden.manager.v1.Command.set_location_state:type_name -> warden.manager.v1.SetLocationStateCommand
	80,  // 38: warden.manager.v1.Command.create_group:type_name -> warden.manager.v1.CreateObjectRequest
	82,  // 39: warden.manager.v1.Command.delete_group:type_name -> warden.manager.v1.DeleteObjectRequest
	60,  // 40: warden.manager.v1.Command.create_member:type_name -> warden.manager.v1.CreateMemberRequest
	29,  // 41: warden.manager.v1.Command.cancel_creation:type_name -> warden.manager.v1.CancelCreationCommand
	62,  // 42: warden.manager.v1.Command.add_member:type_name -> warden.manager.v1.AddMemberRequest
	65,  // 43: warden.manager.v1.Command.remove_member:type_name -> warden.manager.v1.RemoveMemberRequest
	67,  // 44: warden.manager.v1.Command.set_primary:type_name -> warden.manager.v1.SetPrimaryMemberRequest
	30,  // 45: warden.manager.v1.Command.update_member:type_name -> warden.manager.v1.UpdateMemberCommand
	31,  // 46: warden.manager.v1.Command.forget_location:type_name -> warden.manager.v1.ForgetLocationCommand
	27,  // 47: warden.manager.v1.Command.record_faults:type_name -> warden.manager.v1.RecordFaultsCommand
	24,  // 48: warden.manager.v1.Command.create_filter:type_name -> warden.manager.v1.CreateFilterCommand
	25,  // 49: warden.manager.v1.Command.destroy_filter:type_name -> warden.manager.v1.DestroyFilterCommand
	23,  // 50: warden.manager.v1.Command.mark_caught_up:type_name -> warden.manager.v1.MarkCaughtUpCommand
	100, // 51: warden.manager.v1.RecordFaultsCommand.events:type_name -> warden.notify.v1.FaultEvent
	7,   // 52: warden.manager.v1.SetLocationStateCommand.state:type_name -> warden.manager.v1.LocationState
	8,   // 53: warden.manager.v1.UpdateMemberCommand.state:type_name -> warden.manager.v1.MemberState
	11,  // 54: warden.manager.v1.StateSnapshot.defaults:type_name -> warden.manager.v1.Properties
	16,  // 55: warden.manager.v1.StateSnapshot.types:type_name -> warden.manager.v1.MemberType
	33,  // 56: warden.manager.v1.StateSnapshot.type_properties:type_name -> warden.manager.v1.TypeProperties
	17,  // 57: warden.manager.v1.StateSnapshot.locations:type_name -> warden.manager.v1.Location
	21,  // 58: warden.manager.v1.StateSnapshot.groups:type_name -> warden.manager.v1.ObjectGroup
	100, // 59: warden.manager.v1.StateSnapshot.faults:type_name -> warden.notify.v1.FaultEvent
	26,  // 60: warden.manager.v1.StateSnapshot.filters:type_name -> warden.manager.v1.SubscriptionFilter
	11,  // 61: warden.manager.v1.TypeProperties.properties:type_name -> warden.manager.v1.Properties
	11,  // 62: warden.manager.v1.SetDefaultPropertiesRequest.properties:type_name -> warden.manager.v1.Properties
	11,  // 63: warden.manager.v1.GetDefaultPropertiesResponse.properties:type_name -> warden.manager.v1.Properties
	5,   // 64: warden.manager.v1.RemoveDefaultPropertiesRequest.names:type_name -> warden.manager.v1.PropertyName
	11,  // 65: warden.manager.v1.SetTypePropertiesRequest.properties:type_name -> warden.manager.v1.Properties
	11,  // 66: warden.manager.v1.GetTypePropertiesResponse.properties:type_name -> warden.manager.v1.Properties
	5,   // 67: warden.manager.v1.RemoveTypePropertiesRequest.names:type_name -> warden.manager.v1.PropertyName
	11,  // 68: warden.manager.v1.SetPropertiesDynamicallyRequest.properties:type_name -> warden.manager.v1.Properties
	11,  // 69: warden.manager.v1.GetPropertiesResponse.properties:type_name -> warden.manager.v1.Properties
	13,  // 70: warden.manager.v1.GetPropertiesResponse.origins:type_name -> warden.manager.v1.PropertyOrigin
	5,   // 71: warden.manager.v1.RemoveGroupPropertiesRequest.names:type_name -> warden.manager.v1.PropertyName
	16,  // 72: warden.manager.v1.RegisterTypeRequest.type:type_name -> warden.manager.v1.MemberType
	16,  // 73: warden.manager.v1.GetTypeResponse.type:type_name -> warden.manager.v1.MemberType
	16,  // 74: warden.manager.v1.ListTypesResponse.types:type_name -> warden.manager.v1.MemberType
	20,  // 75: warden.manager.v1.CreateMemberResponse.member:type_name -> warden.manager.v1.PendingMember
	19,  // 76: warden.manager.v1.CreateMemberResponse.view:type_name -> warden.manager.v1.View
	63,  // 77: warden.manager.v1.AddMemberRequest.external:type_name -> warden.manager.v1.ExternalMember
	19,  // 78: warden.manager.v1.AddMemberResponse.view:type_name -> warden.manager.v1.View
	19,  // 79: warden.manager.v1.RemoveMemberResponse.view:type_name -> warden.manager.v1.View
	19,  // 80: warden.manager.v1.SetPrimaryMemberResponse.view:type_name -> warden.manager.v1.View
	19,  // 81: warden.manager.v1.GetObjectGroupRefResponse.view:type_name -> warden.manager.v1.View
	19,  // 82: warden.manager.v1.GetObjectGroupIdRequest.ref:type_name -> warden.manager.v1.View
	21,  // 83: warden.manager.v1.ListObjectGroupsResponse.groups:type_name -> warden.manager.v1.ObjectGroup
	17,  // 84: warden.manager.v1.ListLocationsResponse.locations:type_name -> warden.manager.v1.Location
	11,  // 85: warden.manager.v1.CreateObjectRequest.criteria:type_name -> warden.manager.v1.Properties
	19,  // 86: warden.manager.v1.CreateObjectResponse.view:type_name -> warden.manager.v1.View
	98,  // 87: warden.manager.v1.RenewLeaseResponse.lease:type_name -> google.protobuf.Duration
	19,  // 88: warden.manager.v1.RenewLeaseResponse.view:type_name -> warden.manager.v1.View
	97,  // 89: warden.manager.v1.RegisterRequest.labels:type_name -> warden.manager.v1.RegisterRequest.LabelsEntry
	98,  // 90: warden.manager.v1.RegisterResponse.heartbeat_interval:type_name -> google.protobuf.Duration
	99,  // 91: warden.manager.v1.HeartbeatRequest.sent_at:type_name -> google.protobuf.Timestamp
	100, // 92: warden.manager.v1.ReportFaultRequest.events:type_name -> warden.notify.v1.FaultEvent
	9,   // 93: warden.manager.v1.ActualMember.state:type_name -> warden.manager.v1.ActualState
	10,  // 94: warden.manager.v1.DesiredMember.role:type_name -> warden.manager.v1.DesiredRole
	14,  // 95: warden.manager.v1.DesiredMember.launch:type_name -> warden.manager.v1.LaunchSpec
	11,  // 96: warden.manager.v1.DesiredMember.properties:type_name -> warden.manager.v1.Properties
	19,  // 97: warden.manager.v1.DesiredMember.view:type_name -> warden.manager.v1.View
	92,  // 98: warden.manager.v1.ReconcileRequest.actual:type_name -> warden.manager.v1.ActualMember
	93,  // 99: warden.manager.v1.ReconcileResponse.desired:type_name -> warden.manager.v1.DesiredMember
	34,  // 100: warden.manager.v1.PropertyManager.SetDefaultProperties:input_type -> warden.manager.v1.SetDefaultPropertiesRequest
	36,  // 101: warden.manager.v1.PropertyManager.GetDefaultProperties:input_type -> warden.manager.v1.GetDefaultPropertiesRequest
	38,  // 102: warden.manager.v1.PropertyManager.RemoveDefaultProperties:input_type -> warden.manager.v1.RemoveDefaultPropertiesRequest
	40,  // 103: warden.manager.v1.PropertyManager.SetTypeProperties:input_type -> warden.manager.v1.SetTypePropertiesRequest
	42,  // 104: warden.manager.v1.PropertyManager.GetTypeProperties:input_type -> warden.manager.v1.GetTypePropertiesRequest
	44,  // 105: warden.manager.v1.PropertyManager.RemoveTypeProperties:input_type -> warden.manager.v1.RemoveTypePropertiesRequest
	46,  // 106: warden.manager.v1.PropertyManager.SetPropertiesDynamically:input_type -> warden.manager.v1.SetPropertiesDynamicallyRequest
	48,  // 107: warden.manager.v1.PropertyManager.GetProperties:input_type -> warden.manager.v1.GetPropertiesRequest
	50,  // 108: warden.manager.v1.PropertyManager.RemoveGroupProperties:input_type -> warden.manager.v1.RemoveGroupPropertiesRequest
	52,  // 109: warden.manager.v1.TypeRegistry.RegisterType:input_type -> warden.manager.v1.RegisterTypeRequest
	54,  // 110: warden.manager.v1.TypeRegistry.GetType:input_type -> warden.manager.v1.GetTypeRequest
	56,  // 111: warden.manager.v1.TypeRegistry.ListTypes:input_type -> warden.manager.v1.ListTypesRequest
	58,  // 112: warden.manager.v1.TypeRegistry.UnregisterType:input_type -> warden.manager.v1.UnregisterTypeRequest
	60,  // 113: warden.manager.v1.ObjectGroupManager.CreateMember:input_type -> warden.manager.v1.CreateMemberRequest
	62,  // 114: warden.manager.v1.ObjectGroupManager.AddMember:input_type -> warden.manager.v1.AddMemberRequest
	65,  // 115: warden.manager.v1.ObjectGroupManager.RemoveMember:input_type -> warden.manager.v1.RemoveMemberRequest
	67,  // 116: warden.manager.v1.ObjectGroupManager.SetPrimaryMember:input_type -> warden.manager.v1.SetPrimaryMemberRequest
	69,  // 117: warden.manager.v1.ObjectGroupManager.LocationsOfMembers:input_type -> warden.manager.v1.LocationsOfMembersRequest
	71,  // 118: warden.manager.v1.ObjectGroupManager.GetObjectGroupRef:input_type -> warden.manager.v1.GetObjectGroupRefRequest
	73,  // 119: warden.manager.v1.ObjectGroupManager.GetObjectGroupId:input_type -> warden.manager.v1.GetObjectGroupIdRequest
	75,  // 120: warden.manager.v1.ObjectGroupManager.WatchView:input_type -> warden.manager.v1.WatchViewRequest
	76,  // 121: warden.manager.v1.ObjectGroupManager.ListObjectGroups:input_type -> warden.manager.v1.ListObjectGroupsRequest
	78,  // 122: warden.manager.v1.ObjectGroupManager.ListLocations:input_type -> warden.manager.v1.ListLocationsRequest
	80,  // 123: warden.manager.v1.GenericFactory.CreateObject:input_type -> warden.manager.v1.CreateObjectRequest
	82,  // 124: warden.manager.v1.GenericFactory.DeleteObject:input_type -> warden.manager.v1.DeleteObjectRequest
	84,  // 125: warden.manager.v1.MemberService.RenewLease:input_type -> warden.manager.v1.RenewLeaseRequest
	86,  // 126: warden.manager.v1.AgentService.Register:input_type -> warden.manager.v1.RegisterRequest
	88,  // 127: warden.manager.v1.AgentService.Heartbeat:input_type -> warden.manager.v1.HeartbeatRequest
	90,  // 128: warden.manager.v1.AgentService.ReportFault:input_type -> warden.manager.v1.ReportFaultRequest
	94,  // 129: warden.manager.v1.AgentService.Reconcile:input_type -> warden.manager.v1.ReconcileRequest
	35,  // 130: warden.manager.v1.PropertyManager.SetDefaultProperties:output_type -> warden.manager.v1.SetDefaultPropertiesResponse
	37,  // 131: warden.manager.v1.PropertyManager.GetDefaultProperties:output_type -> warden.manager.v1.GetDefaultPropertiesResponse
	39,  // 132: warden.manager.v1.PropertyManager.RemoveDefaultProperties:output_type -> warden.manager.v1.RemoveDefaultPropertiesResponse
	41,  // 133: warden.manager.v1.PropertyManager.SetTypeProperties:output_type -> warden.manager.v1.SetTypePropertiesResponse
	43,  // 134: warden.manager.v1.PropertyManager.GetTypeProperties:output_type -> warden.manager.v1.GetTypePropertiesResponse
	45,  // 135: warden.manager.v1.PropertyManager.RemoveTypeProperties:output_type -> warden.manager.v1.RemoveTypePropertiesResponse
	47,  // 136: warden.manager.v1.PropertyManager.SetPropertiesDynamically:output_type -> warden.manager.v1.SetPropertiesDynamicallyResponse
	49,  // 137: warden.manager.v1.PropertyManager.GetProperties:output_type -> warden.manager.v1.GetPropertiesResponse
	51,  // 138: warden.manager.v1.PropertyManager.RemoveGroupProperties:output_type -> warden.manager.v1.RemoveGroupPropertiesResponse
	53,  // 139: warden.manager.v1.TypeRegistry.RegisterType:output_type -> warden.manager.v1.RegisterTypeResponse
	55,  // 140: warden.manager.v1.TypeRegistry.GetType:output_type -> warden.manager.v1.GetTypeResponse
	57,  // 141: warden.manager.v1.TypeRegistry.ListTypes:output_type -> warden.manager.v1.ListTypesResponse
	59,  // 142: warden.manager.v1.TypeRegistry.UnregisterType:output_type -> warden.manager.v1.UnregisterTypeResponse
	61,  // 143: warden.manager.v1.ObjectGroupManager.CreateMember:output_type -> warden.manager.v1.CreateMemberResponse
	64,  // 144: warden.manager.v1.ObjectGroupManager.AddMember:output_type -> warden.manager.v1.AddMemberResponse
	66,  // 145: warden.manager.v1.ObjectGroupManager.RemoveMember:output_type -> warden.manager.v1.RemoveMemberResponse
	68,  // 146: warden.manager.v1.ObjectGroupManager.SetPrimaryMember:output_type -> warden.manager.v1.SetPrimaryMemberResponse
	70,  // 147: warden.manager.v1.ObjectGroupManager.LocationsOfMembers:output_type -> warden.manager.v1.LocationsOfMembersResponse
	72,  // 148: warden.manager.v1.ObjectGroupManager.GetObjectGroupRef:output_type -> warden.manager.v1.GetObjectGroupRefResponse
	74,  // 149: warden.manager.v1.ObjectGroupManager.GetObjectGroupId:output_type -> warden.manager.v1.GetObjectGroupIdResponse
	19,  // 150: warden.manager.v1.ObjectGroupManager.WatchView:output_type -> warden.manager.v1.View
	77,  // 151: warden.manager.v1.ObjectGroupManager.ListObjectGroups:output_type -> warden.manager.v1.ListObjectGroupsResponse
	79,  // 152: warden.manager.v1.ObjectGroupManager.ListLocations:output_type -> warden.manager.v1.ListLocationsResponse
	81,  // 153: warden.manager.v1.GenericFactory.CreateObject:output_type -> warden.manager.v1.CreateObjectResponse
	83,  // 154: warden.manager.v1.GenericFactory.DeleteObject:output_type -> warden.manager.v1.DeleteObjectResponse
	85,  // 155: warden.manager.v1.MemberService.RenewLease:output_type -> warden.manager.v1.RenewLeaseResponse
	87,  // 156: warden.manager.v1.AgentService.Register:output_type -> warden.manager.v1.RegisterResponse
	89,  // 157: warden.manager.v1.AgentService.Heartbeat:output_type -> warden.manager.v1.HeartbeatResponse
	91,  // 158: warden.manager.v1.AgentService.ReportFault:output_type -> warden.manager.v1.ReportFaultResponse
	95,  // 159: warden.manager.v1.AgentService.Reconcile:output_type -> warden.manager.v1.ReconcileResponse
	130, // [130:160] is the sub-list for method output_type
	100, // [100:130] is the sub-list for method input_type
	100, // [100:100] is the sub-list for extension type_name
	100, // [100:100] is the sub-list for extension extendee
	0,   // [0:100] is the sub-list for field type_name
}

func init() { file_warden_manager_v1_manager_proto_init() }
func file_warden_manager_v1_manager_proto_init() {
	if File_warden_manager_v1_manager_proto != nil {
		return
	}
	file_warden_manager_v1_manager_proto_msgTypes[0].OneofWrappers = []any{}
	file_warden_manager_v1_manager_proto_msgTypes[11].OneofWrappers = []any{
		(*Command_SetDefaultProperties)(nil),
		(*Command_RemoveDefaultProperties)(nil),
		(*Command_SetTypeProperties)(nil),
		(*Command_RemoveTypeProperties)(nil),
		(*Command_SetGroupProperties)(nil),
		(*Command_RemoveGroupProperties)(nil),
		(*Command_RegisterType)(nil),
		(*Command_UnregisterType)(nil),
		(*Command_RegisterLocation)(nil),
		(*Command_SetLocationState)(nil),
		(*Command_CreateGroup)(nil),
		(*Command_DeleteGroup)(nil),
		(*Command_CreateMember)(nil),
		(*Command_CancelCreation)(nil),
		(*Command_AddMember)(nil),
		(*Command_RemoveMember)(nil),
		(*Command_SetPrimary)(nil),
		(*Command_UpdateMember)(nil),
		(*Command_ForgetLocation)(nil),
		(*Command_RecordFaults)(nil),
		(*Command_CreateFilter)(nil),
		(*Command_DestroyFilter)(nil),
		(*Command_MarkCaughtUp)(nil),
	}
	file_warden_manager_v1_manager_proto_msgTypes[51].OneofWrappers = []any{
		(*AddMemberRequest_PendingMemberId)(nil),
		(*AddMemberRequest_External)(nil),
	}
	type x struct{}
	out := protoimpl.TypeBuilder{
		File: protoimpl.DescBuilder{
			GoPackagePath: reflect.TypeOf(x{}).PkgPath(),
			RawDescriptor: unsafe.Slice(unsafe.StringData(file_warden_manager_v1_manager_proto_rawDesc), len(file_warden_manager_v1_manager_proto_rawDesc)),
			NumEnums:      11,
			NumMessages:   87,
			NumExtensions: 0,
			NumServices:   6,
		},
		GoTypes:           file_warden_manager_v1_manager_proto_goTypes,
		DependencyIndexes: file_warden_manager_v1_manager_proto_depIdxs,
		EnumInfos:         file_warden_manager_v1_manager_proto_enumTypes,
		MessageInfos:      file_warden_manager_v1_manager_proto_msgTypes,
	}.Build()
	File_warden_manager_v1_manager_proto = out.File
	file_warden_manager_v1_manager_proto_goTypes = nil
	file_warden_manager_v1_manager_proto_depIdxs = nil
}
