package manager

import (
	"errors"
	"testing"
	"time"

	"github.com/wardenft/warden/analyze"
	pb "github.com/wardenft/warden/api/warden/manager/v1"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/durationpb"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// Placers must accept the analyzer as it is.
var (
	_ Placer    = (*analyze.Analyzer)(nil)
	_ Restarter = (*analyze.Analyzer)(nil)
)

func mustApply(t *testing.T, s *State, op func(*pb.Command)) *Result {
	t.Helper()
	c := &pb.Command{At: timestamppb.New(scriptEpoch)}
	op(c)
	r, err := s.Apply(c)
	if err != nil {
		t.Fatalf("%v: %v", c, err)
	}
	return r
}

func TestPropertyPrecedence(t *testing.T) {
	u := proto.Uint32
	for _, tc := range []struct {
		name                 string
		defaults, typ, group *pb.Properties
		wantInitial          int
		wantSource           pb.PropertySource
	}{
		{"builtin", nil, nil, nil, 3, pb.PropertySource_PROPERTY_SOURCE_BUILTIN},
		{"default over builtin", &pb.Properties{InitialNumberMembers: u(4)}, nil, nil, 4, pb.PropertySource_PROPERTY_SOURCE_DEFAULT},
		{"type over default", &pb.Properties{InitialNumberMembers: u(4)}, &pb.Properties{InitialNumberMembers: u(5)}, nil, 5, pb.PropertySource_PROPERTY_SOURCE_TYPE},
		{"group over type", &pb.Properties{InitialNumberMembers: u(4)}, &pb.Properties{InitialNumberMembers: u(5)}, &pb.Properties{InitialNumberMembers: u(6)}, 6, pb.PropertySource_PROPERTY_SOURCE_GROUP},
		{"group over default", &pb.Properties{InitialNumberMembers: u(4)}, nil, &pb.Properties{InitialNumberMembers: u(2)}, 2, pb.PropertySource_PROPERTY_SOURCE_GROUP},
		{"unset level skipped", nil, &pb.Properties{MinimumNumberMembers: u(1)}, nil, 3, pb.PropertySource_PROPERTY_SOURCE_BUILTIN},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := New()
			mustApply(t, s, func(c *pb.Command) {
				c.Op = &pb.Command_RegisterType{RegisterType: &pb.RegisterTypeRequest{Type: &pb.MemberType{TypeId: "t", Launch: &pb.LaunchSpec{Command: "x"}}}}
			})
			if tc.defaults != nil {
				mustApply(t, s, func(c *pb.Command) {
					c.Op = &pb.Command_SetDefaultProperties{SetDefaultProperties: &pb.SetDefaultPropertiesRequest{Properties: tc.defaults}}
				})
			}
			if tc.typ != nil {
				mustApply(t, s, func(c *pb.Command) {
					c.Op = &pb.Command_SetTypeProperties{SetTypeProperties: &pb.SetTypePropertiesRequest{TypeId: "t", Properties: tc.typ}}
				})
			}
			mustApply(t, s, func(c *pb.Command) {
				c.Op = &pb.Command_CreateGroup{CreateGroup: &pb.CreateObjectRequest{GroupId: "g", TypeId: "t", Criteria: tc.group}}
			})
			r, err := s.GroupProperties("g")
			if err != nil {
				t.Fatal(err)
			}
			if r.InitialNumberMembers != tc.wantInitial || r.Origins[pb.PropertyName_PROPERTY_NAME_INITIAL_NUMBER_MEMBERS] != tc.wantSource {
				t.Errorf("InitialNumberMembers=%d from %v, want %d from %v", r.InitialNumberMembers,
					r.Origins[pb.PropertyName_PROPERTY_NAME_INITIAL_NUMBER_MEMBERS], tc.wantInitial, tc.wantSource)
			}
		})
	}
}

func TestPropertyErrors(t *testing.T) {
	u := proto.Uint32
	d := durationpb.New
	for _, tc := range []struct {
		name  string
		p     *pb.Properties
		want  error
		field string
	}{
		{"zero members", &pb.Properties{InitialNumberMembers: u(0)}, ErrInvalidProperty, "InitialNumberMembers"},
		{"too many members", &pb.Properties{InitialNumberMembers: u(MaxMembers + 1)}, ErrInvalidProperty, "InitialNumberMembers"},
		{"min above initial", &pb.Properties{InitialNumberMembers: u(2), MinimumNumberMembers: u(3)}, ErrInvalidProperty, "MinimumNumberMembers"},
		{"zero interval", &pb.Properties{FaultMonitoringInterval: d(0)}, ErrInvalidProperty, "FaultMonitoringInterval"},
		{"negative timeout", &pb.Properties{FaultMonitoringTimeout: d(-time.Second)}, ErrInvalidProperty, "FaultMonitoringTimeout"},
		{"zero checkpoint", &pb.Properties{CheckpointInterval: d(0)}, ErrInvalidProperty, "CheckpointInterval"},
		{"bad duration", &pb.Properties{CheckpointInterval: &durationpb.Duration{Seconds: 1, Nanos: -1}}, ErrInvalidProperty, "CheckpointInterval"},
		{"unknown style", &pb.Properties{ReplicationStyle: 99}, ErrInvalidProperty, "ReplicationStyle"},
		{"unknown membership", &pb.Properties{MembershipStyle: 99}, ErrInvalidProperty, "MembershipStyle"},
		{"unknown consistency", &pb.Properties{ConsistencyStyle: 99}, ErrInvalidProperty, "ConsistencyStyle"},
		{"unknown monitoring", &pb.Properties{FaultMonitoringStyle: 99}, ErrInvalidProperty, "FaultMonitoringStyle"},
		{"unknown granularity", &pb.Properties{FaultMonitoringGranularity: 99}, ErrInvalidProperty, "FaultMonitoringGranularity"},
		{"duplicate factory", &pb.Properties{Factories: &pb.Factories{Locations: []string{"a", "b", "a"}}}, ErrInvalidProperty, "Factories"},
		{"bad factory name", &pb.Properties{Factories: &pb.Factories{Locations: []string{"a b", "c"}}}, ErrInvalidProperty, "Factories"},
		{"too few factories", &pb.Properties{Factories: &pb.Factories{Locations: []string{"a"}}}, ErrInvalidProperty, "Factories"},
		{"empty factories", &pb.Properties{Factories: &pb.Factories{}}, ErrInvalidProperty, "Factories"},
		{"voting with 2", &pb.Properties{ReplicationStyle: pb.ReplicationStyle_REPLICATION_STYLE_ACTIVE_WITH_VOTING}, ErrUnsupportedProperty, "ReplicationStyle"},
		{"active app consistency", &pb.Properties{ReplicationStyle: pb.ReplicationStyle_REPLICATION_STYLE_ACTIVE,
			ConsistencyStyle: pb.ConsistencyStyle_CONSISTENCY_STYLE_APPLICATION_CONTROLLED}, ErrUnsupportedProperty, "ConsistencyStyle"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, level := range []string{"defaults", "type", "group"} {
				s := New()
				mustApply(t, s, func(c *pb.Command) {
					c.Op = &pb.Command_RegisterType{RegisterType: &pb.RegisterTypeRequest{Type: &pb.MemberType{TypeId: "t", Launch: &pb.LaunchSpec{Command: "x"}}}}
				})
				before, _ := s.Snapshot()
				c := &pb.Command{At: timestamppb.New(scriptEpoch)}
				switch level {
				case "defaults":
					c.Op = &pb.Command_SetDefaultProperties{SetDefaultProperties: &pb.SetDefaultPropertiesRequest{Properties: tc.p}}
				case "type":
					c.Op = &pb.Command_SetTypeProperties{SetTypeProperties: &pb.SetTypePropertiesRequest{TypeId: "t", Properties: tc.p}}
				default:
					c.Op = &pb.Command_CreateGroup{CreateGroup: &pb.CreateObjectRequest{GroupId: "g", TypeId: "t", Criteria: tc.p}}
				}
				_, err := s.Apply(c)
				if !errors.Is(err, tc.want) {
					t.Fatalf("%s: got %v, want %v", level, err, tc.want)
				}
				var pe *PropertyError
				if !errors.As(err, &pe) || pe.Name != tc.field || pe.Scope == "" || pe.Reason == "" {
					t.Fatalf("%s: %v: want a PropertyError naming %s with scope and reason", level, err, tc.field)
				}
				if after, _ := s.Snapshot(); string(after) != string(before) {
					t.Fatalf("%s: refused change changed the state", level)
				}
			}
		})
	}
}

func TestSetPropertyParsing(t *testing.T) {
	for _, tc := range []struct{ name, value string }{
		{"ReplicationStyle", "nope"}, {"InitialNumberMembers", "-1"}, {"FaultMonitoringInterval", "soon"}, {"Nope", "1"},
	} {
		if err := SetProperty(&pb.Properties{}, tc.name, tc.value); err == nil {
			t.Errorf("SetProperty(%s=%s) = nil, want an error", tc.name, tc.value)
		}
	}
	p := &pb.Properties{}
	for k, v := range map[string]string{"replicationstyle": "warm_passive", "Factories": "a,b", "CheckpointInterval": "2s", "MinimumNumberMembers": "2"} {
		if err := SetProperty(p, k, v); err != nil {
			t.Fatal(err)
		}
	}
	if got, want := FormatProperties(p), "ReplicationStyle=WARM_PASSIVE MinimumNumberMembers=2 CheckpointInterval=2s Factories=a,b"; got != want {
		t.Errorf("FormatProperties = %q, want %q", got, want)
	}
}

func TestCommandErrors(t *testing.T) {
	s := New()
	for _, tc := range []struct {
		c    *pb.Command
		want error
	}{
		{nil, ErrInvalidArgument},
		{&pb.Command{}, ErrInvalidArgument},
		{&pb.Command{At: &timestamppb.Timestamp{Nanos: -1}, Op: &pb.Command_ForgetLocation{ForgetLocation: &pb.ForgetLocationCommand{Location: "a"}}}, ErrInvalidArgument},
		{&pb.Command{Op: &pb.Command_ForgetLocation{ForgetLocation: &pb.ForgetLocationCommand{Location: "a"}}}, ErrLocationNotFound},
		{&pb.Command{Op: &pb.Command_RegisterType{RegisterType: &pb.RegisterTypeRequest{}}}, ErrInvalidArgument},
		{&pb.Command{Op: &pb.Command_RegisterType{RegisterType: &pb.RegisterTypeRequest{Type: &pb.MemberType{TypeId: "t"}}}}, ErrInvalidArgument},
		{&pb.Command{Op: &pb.Command_RegisterType{RegisterType: &pb.RegisterTypeRequest{Type: &pb.MemberType{TypeId: "t",
			Launch: &pb.LaunchSpec{Command: "x", Env: []*pb.EnvVar{{Name: "A=B"}}}}}}}, ErrInvalidArgument},
		{&pb.Command{Op: &pb.Command_UnregisterType{UnregisterType: &pb.UnregisterTypeRequest{TypeId: "t"}}}, ErrTypeNotFound},
		{&pb.Command{Op: &pb.Command_RegisterLocation{RegisterLocation: &pb.RegisterRequest{Location: ""}}}, ErrInvalidArgument},
		{&pb.Command{Op: &pb.Command_SetLocationState{SetLocationState: &pb.SetLocationStateCommand{Location: "a"}}}, ErrLocationNotFound},
		{&pb.Command{Op: &pb.Command_UpdateMember{UpdateMember: &pb.UpdateMemberCommand{GroupId: "g"}}}, ErrGroupNotFound},
		{&pb.Command{Op: &pb.Command_CancelCreation{CancelCreation: &pb.CancelCreationCommand{GroupId: "g"}}}, ErrGroupNotFound},
		{&pb.Command{Op: &pb.Command_RemoveGroupProperties{RemoveGroupProperties: &pb.RemoveGroupPropertiesRequest{GroupId: "g"}}}, ErrGroupNotFound},
		{&pb.Command{Op: &pb.Command_RemoveDefaultProperties{RemoveDefaultProperties: &pb.RemoveDefaultPropertiesRequest{Names: []pb.PropertyName{99}}}}, ErrInvalidProperty},
	} {
		if tc.c != nil && tc.c.At == nil {
			tc.c.At = timestamppb.New(scriptEpoch)
		}
		if _, err := s.Apply(tc.c); !errors.Is(err, tc.want) {
			t.Errorf("Apply(%v) = %v, want %v", tc.c, err, tc.want)
		}
	}
	if err := s.Restore([]byte("garbage")); !errors.Is(err, ErrInvalidArgument) {
		t.Errorf("Restore(garbage) = %v", err)
	}
	if _, err := DecodeCommand([]byte{0xff}); !errors.Is(err, ErrInvalidArgument) {
		t.Errorf("DecodeCommand(garbage) = %v", err)
	}
	if err := (RepairConfig{CreateTimeout: 0, PrimaryLease: -1, ClockDriftRate: 2}).Validate(); err == nil {
		t.Error("RepairConfig.Validate accepted a bad config")
	}
	if err := DefaultRepairConfig().Validate(); err != nil {
		t.Error(err)
	}
}
