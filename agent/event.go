package agent

import (
	"fmt"
	"strconv"
	"time"

	notifyv1 "github.com/wardenft/warden/api/warden/notify/v1"
)

// EventKind says what an Event reports.
type EventKind uint8

const (
	// EventRegistered: a manager (Manager) accepted the agent's registration.
	EventRegistered EventKind = iota + 1
	// EventSessionEnded: the heartbeat stream with Manager ended (Err says why); the agent
	// reconnects.
	EventSessionEnded
	// EventReconciled: a Reconcile call succeeded; DesiredVersion is the version it answered.
	EventReconciled
	// EventMemberStarted: Member's process started (Status "pid N").
	EventMemberStarted
	// EventMemberReady: Member passed its first health check, heartbeat or connect.
	EventMemberReady
	// EventMemberHeld: Member is held (DESIRED_ROLE_HOLD).
	EventMemberHeld
	// EventMemberExited: Member's process ended, or could not start; Status is the exit
	// status.
	EventMemberExited
	// EventMemberForgotten: Member is no longer desired; its process is gone and its data
	// directory removed.
	EventMemberForgotten
	// EventFaultQueued: the agent's detectors produced Fault, queued for ReportFault.
	EventFaultQueued
	// EventFaultReported: a manager acknowledged Fault.
	EventFaultReported
	// EventFaultReportFailed: a ReportFault call carrying Fault failed (Err); it is retried.
	EventFaultReportFailed
)

var eventKindNames = [...]string{"", "registered", "session-ended", "reconciled", "member-started",
	"member-ready", "member-held", "member-exited", "member-forgotten", "fault-queued",
	"fault-reported", "fault-report-failed"}

func (k EventKind) String() string {
	if int(k) < len(eventKindNames) && k != 0 {
		return eventKindNames[k]
	}
	return "event(" + strconv.Itoa(int(k)) + ")"
}

// MemberID names one member incarnation: its group, its member id and its factory creation
// id. A replacement in the same slot has a new member id and creation id.
type MemberID struct {
	Group      string
	Member     string
	CreationID uint64
}

// String returns "group/member" (the member id is unique in its group forever).
func (id MemberID) String() string { return id.Group + "/" + id.Member }

// An Event is something the agent did or saw, for Config.Events. It is a value: the receiver
// owns it (Fault is a copy too).
type Event struct {
	Kind           EventKind
	At             time.Time
	Manager        string   // EventRegistered, EventSessionEnded, EventReconciled, fault reports
	Member         MemberID // member events and faults
	Status         string   // EventMemberStarted: "pid N"; EventMemberExited: the exit status
	DesiredVersion uint64   // EventReconciled
	Fault          *notifyv1.FaultEvent
	Err            error
}

func (e Event) String() string {
	s := e.Kind.String()
	if e.Member.Group != "" {
		s += " " + e.Member.String()
	}
	if e.Manager != "" {
		s += " manager=" + e.Manager
	}
	if e.Status != "" {
		s += fmt.Sprintf(" status=%q", e.Status)
	}
	if e.Fault != nil {
		s += " fault=" + e.Fault.GetKind() + "/" + e.Fault.GetDetector()
	}
	if e.Err != nil {
		s += " err=" + e.Err.Error()
	}
	return s
}
