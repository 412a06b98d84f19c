package replica

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"fmt"
	"strconv"
	"strings"
	"time"

	managerv1 "github.com/wardenft/warden/api/warden/manager/v1"
)

// RequestID is FT-CORBA's (client id, retention id): it names one call of one client across its
// retries. The zero RequestID means "no id": the call is executed without at-most-once.
type RequestID struct {
	ClientID    string
	RetentionID uint64
}

// IsZero reports whether id is the zero RequestID.
func (id RequestID) IsZero() bool { return id.ClientID == "" }

// compare orders request ids by client id, then retention id: the order of the core's
// outputs (never Go's map order).
func (id RequestID) compare(o RequestID) int {
	return cmp.Or(strings.Compare(id.ClientID, o.ClientID), cmp.Compare(id.RetentionID, o.RetentionID))
}

func (id RequestID) String() string {
	if id.IsZero() {
		return "-"
	}
	return id.ClientID + "/" + strconv.FormatUint(id.RetentionID, 10)
}

// EntryKind says what an entry's payload is.
type EntryKind uint8

const (
	// EntryUpdate: the update Updateable.GetUpdate captured; backups apply it with SetUpdate.
	EntryUpdate EntryKind = iota + 1
	// EntryRequest: the request itself; backups execute it again (log and replay).
	EntryRequest
)

func (k EntryKind) String() string {
	switch k {
	case EntryUpdate:
		return "update"
	case EntryRequest:
		return "request"
	}
	return fmt.Sprintf("EntryKind(%d)", uint8(k))
}

// An Entry is one executed state-changing call, as the primary logs and ships it. The core never
// modifies the byte slices of an entry; whoever passes one in must not modify them afterwards.
type Entry struct {
	Epoch      uint64    // epoch of the view in which the executing primary served
	Seq        uint64    // position in the group's order of execution: 1, 2, ...
	Request    RequestID // zero for a call without id (never cached)
	Expiration time.Time // when the reply cache may forget it
	Kind       EntryKind
	Method     string // full gRPC method name
	Payload    []byte // the update or the request
	Reply      []byte // the reply message (empty for a failed call)
	Status     []byte // the call's status (serialized google.rpc.Status); empty: OK
}

func (e Entry) pos() Pos { return Pos{Seq: e.Seq, Epoch: e.Epoch} }

// Pos names an entry: its seq and creation epoch. The zero Pos is the start of the history.
type Pos struct {
	Seq, Epoch uint64
}

func (p Pos) String() string { return fmt.Sprintf("%d@%d", p.Seq, p.Epoch) }

// A CachedReply is the reply cache's record of one executed call.
type CachedReply struct {
	Request    RequestID
	Seq        uint64 // the entry that produced it
	Expiration time.Time
	Reply      []byte
	Status     []byte
}

// A Checkpoint is a member's state at one seq and its reply cache as of that seq.
type Checkpoint struct {
	Seq     uint64   // the last entry the state includes; 0: the initial state
	Epoch   uint64   // that entry's creation epoch (0 with Seq 0)
	Digest  [32]byte // SHA-256 of State
	State   []byte   // Checkpointable.GetState's bytes
	Replies []CachedReply
}

// NewCheckpoint returns the checkpoint of state at p, with its digest.
func NewCheckpoint(p Pos, state []byte, replies []CachedReply) Checkpoint {
	return Checkpoint{Seq: p.Seq, Epoch: p.Epoch, Digest: sha256.Sum256(state), State: state, Replies: replies}
}

// Verify reports ErrDigestMismatch when State does not have Digest.
func (c *Checkpoint) Verify() error {
	if got := sha256.Sum256(c.State); !bytes.Equal(got[:], c.Digest[:]) {
		return fmt.Errorf("%w: checkpoint at seq %d: state of %d bytes has digest %x, the checkpoint says %x",
			ErrDigestMismatch, c.Seq, len(c.State), got[:6], c.Digest[:6])
	}
	return nil
}

func (c *Checkpoint) pos() Pos { return Pos{Seq: c.Seq, Epoch: c.Epoch} }

// Member is a member of a view as the core needs it.
type Member struct {
	ID string
	// Cold: a COLD_PASSIVE backup. No process of it runs; the log holder of the agent at its
	// location receives the entries for it (addressed by this member id) and is sent every
	// committed checkpoint.
	Cold bool
}

// A View is the group's view as the manager made it.
type View struct {
	Epoch   uint64
	Version uint64
	Primary string
	Members []Member
	// Proto is the view as the manager sent it, kept for the Redirect details the driver
	// sends clients. Optional.
	Proto *managerv1.View
}

// ViewFromProto converts the manager's view.
func ViewFromProto(v *managerv1.View) View {
	out := View{Epoch: v.GetEpoch(), Version: v.GetVersion(), Primary: v.GetPrimary(), Proto: v}
	for _, m := range v.GetMembers() {
		out.Members = append(out.Members, Member{ID: m.GetMemberId(), Cold: m.GetState() == managerv1.MemberState_MEMBER_STATE_COLD})
	}
	return out
}

func (v View) has(id string) bool {
	for _, m := range v.Members {
		if m.ID == id {
			return true
		}
	}
	return false
}

func (v View) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "epoch=%d version=%d primary=%s [", v.Epoch, v.Version, orDash(v.Primary))
	for i, m := range v.Members {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(m.ID)
		if m.Cold {
			b.WriteString("(cold)")
		}
	}
	b.WriteByte(']')
	return b.String()
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// A Lease is the manager's grant to a primary: it may serve for Duration from Requested, its
// own clock's reading when it sent the request this grant answers (not when the grant
// arrived: network delay only shortens the lease). The core trusts it until
// Requested + Duration*(1-ClockDriftRate).
type Lease struct {
	Requested time.Time
	Duration  time.Duration
}

// FaultKind names a fault the core reports, as in notify's event kinds.
type FaultKind string

const (
	// OmissionFault: a backup did not acknowledge an entry within AckTimeout (CatchUpTimeout
	// while it catches up).
	OmissionFault FaultKind = "OmissionFault"
	// ValueFault: a member sent a checkpoint whose state does not match its digest, or logs
	// that cannot both be right.
	ValueFault FaultKind = "ValueFault"
)

// A Fault is a fault the core detected, for the driver to report to the manager.
type Fault struct {
	Kind   FaultKind
	Member string // the faulty member
	Epoch  uint64 // the reporter's epoch
	At     time.Time
	Detail string
}

func (f Fault) String() string {
	return fmt.Sprintf("%s member=%s epoch=%d: %s", f.Kind, f.Member, f.Epoch, f.Detail)
}

// Role is a member's role as it knows it.
type Role uint8

const (
	// RoleNone: not in the newest view it knows (joining, or removed).
	RoleNone Role = iota
	// RoleBackup: a backup of the newest view (or epoch) it knows.
	RoleBackup
	// RolePrimary: the primary of the newest view it knows.
	RolePrimary
)

func (r Role) String() string {
	return [...]string{"none", "backup", "primary"}[r]
}

// SoftState is what a member knows of its role; Ready carries it when it changed.
type SoftState struct {
	Role    Role
	Epoch   uint64
	Primary string // the primary of Epoch, as far as this member knows ("" unknown)
	// Serving: the primary may take calls (it holds a lease, and has applied its whole log).
	// When it turns false, calls that wait for a commit point (reads, calls without id)
	// should fail with ErrNotPrimary if Role is no longer RolePrimary; otherwise keep waiting.
	Serving bool
}

func (s SoftState) String() string {
	return fmt.Sprintf("role=%s epoch=%d primary=%s serving=%t", s.Role, s.Epoch, orDash(s.Primary), s.Serving)
}

// Reply is the answer to the calls waiting on a request id: the cached reply once its entry is
// committed, or Err when it will not be answered here.
type Reply struct {
	Request RequestID
	Seq     uint64
	Reply   []byte
	Status  []byte
	Err     error // ErrNotPrimary: deposed before the entry was committed
}

// Ready is what the core asks of its driver after some inputs. The driver handles it in this
// order, then calls Advance:
//
//  1. Install, if set: SetState(Install.State) (the core verified its digest).
//  2. Apply each entry in order: SetUpdate(Payload) for EntryUpdate, or execute the request
//     again for EntryRequest.
//  3. TakeCheckpoint, if set: GetState, then CheckpointTaken(TakeCheckpoint.Seq, state) before
//     any other input.
//  4. Send Msgs, answer Replies, report Faults. Commit is the commit point for calls that wait
//     on a seq (reads, calls without id).
//
// A failure of SetState, SetUpdate or a replayed request leaves the state unknown: the
// driver must stop the member (fail-stop).
type Ready struct {
	SoftState      *SoftState
	Install        *Checkpoint
	Apply          []Entry
	TakeCheckpoint *Pos
	Msgs           []Message
	Replies        []Reply
	Faults         []Fault
	// CaughtUp names the backups (or cold members' log holders) that, at this primary, have
	// acknowledged everything it had logged when they joined its view (or it was promoted):
	// they hold every committed entry, so the manager may promote them. A member added to a
	// view is not safe to promote before it is reported here.
	CaughtUp []string
	Commit   uint64

	appliedTo uint64 // what the driver has applied once it handled this Ready
}

// Ticket is what Begin hands out for a call to execute; give it back to Executed or Abandon.
type Ticket struct {
	Request    RequestID
	Expiration time.Time
	term       uint64 // the primary's term (see Replica.term) it was issued in
}

// Decision says what to do with a call after Begin.
type Decision uint8

const (
	// Execute the call, then report it with Executed.
	Execute Decision = iota + 1
	// Answer with the Cached reply: the call was executed and committed before.
	Answer
	// Wait for the Reply to this request id: its first execution is in progress or not
	// committed yet.
	Wait
)

func (d Decision) String() string {
	switch d {
	case Execute:
		return "execute"
	case Answer:
		return "answer"
	case Wait:
		return "wait"
	}
	return fmt.Sprintf("Decision(%d)", uint8(d))
}

// Request is what the core needs of an incoming state-changing call: its RequestContext.
type Request struct {
	ID          RequestID
	Expiration  time.Time // zero: now + DefaultRetention
	ViewVersion uint64    // 0: no view check
}

// Execution is what the driver reports of a call it executed.
type Execution struct {
	Kind    EntryKind
	Method  string
	Payload []byte // the update (GetUpdate) or the request
	Reply   []byte
	Status  []byte
}

// Status is a snapshot of the core's state, for health reports, the driver's "ready" answer to
// its agent, and tests.
type Status struct {
	SoftState
	ViewVersion uint64
	Last        Pos    // the last entry of the log
	Base        Pos    // the latest committed checkpoint (the log starts after it)
	Applied     uint64 // the state includes every entry up to here
	Commit      uint64
	// CaughtUp: a joining member received a whole transfer and applied it.
	CaughtUp bool
}

func (s Status) String() string {
	return fmt.Sprintf("%s view=%d last=%v base=%v applied=%d commit=%d caught-up=%t",
		s.SoftState, s.ViewVersion, s.Last, s.Base, s.Applied, s.Commit, s.CaughtUp)
}
