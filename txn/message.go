package txn

import (
	"fmt"
	"strings"
)

// Outcome is what a party knows of a global transaction's fate.
type Outcome uint8

const (
	// Undecided: no decision yet (votes are being collected, or a peer is prepared too).
	Undecided Outcome = iota
	// Committed: the coordinator's commit decision is durable.
	Committed
	// Aborted: aborted, or unknown to the coordinator (presumed abort).
	Aborted
)

func (o Outcome) String() string {
	switch o {
	case Committed:
		return "committed"
	case Aborted:
		return "aborted"
	}
	return "undecided"
}

// MsgType is the kind of a protocol message.
type MsgType uint8

const (
	// MsgPrepare: coordinator to participant, "vote on GID". Carries Coordinator and Peers.
	MsgPrepare MsgType = iota + 1
	// MsgVote: participant to coordinator, the answer to MsgPrepare (Yes, Reason).
	MsgVote
	// MsgDecide: coordinator to participant, the decision (Commit).
	MsgDecide
	// MsgAck: participant to coordinator, "the decision is durable here". The answer to
	// MsgDecide, or sent on its own after the participant learned the decision otherwise.
	MsgAck
	// MsgGetDecision: participant to coordinator, "what was decided for GID?".
	MsgGetDecision
	// MsgDecision: coordinator to participant, the answer to MsgGetDecision (Outcome).
	MsgDecision
	// MsgQuery: participant to peer participant, cooperative termination's question.
	MsgQuery
	// MsgOutcome: peer to participant, the answer to MsgQuery (Outcome).
	MsgOutcome
	// MsgCommit: client to coordinator, "decide GID".
	MsgCommit
	// MsgAbort: client to coordinator, "abort GID" (Reason).
	MsgAbort
	// MsgResult: coordinator to client, the answer to MsgCommit or MsgAbort (Outcome, Reason,
	// Peer names who voted no).
	MsgResult
	// MsgUnreachable: the driver to the core, "the message of type Failed to From could not be
	// delivered or got no answer" (Reason says why).
	MsgUnreachable
)

var msgTypeNames = [...]string{"", "prepare", "vote", "decide", "ack", "get-decision", "decision", "query", "outcome", "commit", "abort", "result", "unreachable"}

func (t MsgType) String() string {
	if int(t) < len(msgTypeNames) && t != 0 {
		return msgTypeNames[t]
	}
	return fmt.Sprintf("MsgType(%d)", uint8(t))
}

// Names of the two parties that are not participants.
const (
	CoordinatorName = "coordinator"
	ClientName      = "client"
)

// Peer is a participant of a global transaction: its name, unique within the transaction,
// and the address of its ParticipantService.
type Peer struct {
	Name    string
	Address string
}

// Message is one protocol message between the coordinator, the participants and the client.
// The cores produce and consume Messages; the drivers carry them as gRPC requests and
// responses.
type Message struct {
	Type MsgType
	GID  string
	From string // sender's name: a participant, CoordinatorName or ClientName
	To   string // receiver's name
	// Addr is the receiver's address when the sender knows it (participants and, for
	// participants, the coordinator).
	Addr string

	Commit  bool    // MsgDecide
	Yes     bool    // MsgVote
	Outcome Outcome // MsgDecision, MsgOutcome, MsgResult
	Reason  string  // MsgVote (no), MsgAbort, MsgResult (aborted), MsgUnreachable
	Peer    string  // MsgResult: the participant whose vote or silence aborted the transaction

	Coordinator string // MsgPrepare: the coordinator's address
	Peers       []Peer // MsgPrepare: every participant
	Work        []byte // MsgPrepare: the participant's work in a one-shot transaction
	Failed      MsgType
	// Unsolicited marks a MsgAck for a decision the participant learned by asking
	// (GetDecision, a peer): the driver sends it to the coordinator on its own, even if a
	// Decide for the same gid is also waiting for it.
	Unsolicited bool
	// Err is the application's error behind a no vote (MsgVote) and the result of the
	// transaction it aborted (MsgResult): the drivers carry it as a gRPC status.
	Err error
}

// String renders a message compactly; the scripted tests print it.
func (m Message) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s->%s %s %s", m.From, m.To, m.Type, m.GID)
	switch m.Type {
	case MsgPrepare:
		names := make([]string, len(m.Peers))
		for i, p := range m.Peers {
			names[i] = p.Name
		}
		fmt.Fprintf(&b, " peers=(%s)", strings.Join(names, ","))
		if len(m.Work) > 0 {
			fmt.Fprintf(&b, " work=%q", m.Work)
		}
	case MsgVote:
		if m.Yes {
			b.WriteString(" yes")
		} else {
			fmt.Fprintf(&b, " no reason=%q", m.Reason)
		}
	case MsgDecide:
		if m.Commit {
			b.WriteString(" commit")
		} else {
			b.WriteString(" abort")
		}
	case MsgDecision, MsgOutcome:
		fmt.Fprintf(&b, " %s", m.Outcome)
	case MsgResult:
		fmt.Fprintf(&b, " %s", m.Outcome)
		if m.Peer != "" {
			fmt.Fprintf(&b, " peer=%s", m.Peer)
		}
		if m.Reason != "" {
			fmt.Fprintf(&b, " reason=%q", m.Reason)
		}
	case MsgUnreachable:
		fmt.Fprintf(&b, " failed=%s reason=%q", m.Failed, m.Reason)
	case MsgAck:
		if m.Unsolicited {
			b.WriteString(" unsolicited")
		}
	case MsgAbort:
		if m.Reason != "" {
			fmt.Fprintf(&b, " reason=%q", m.Reason)
		}
	}
	return b.String()
}
