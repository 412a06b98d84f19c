package txn

import (
	"fmt"
	"log/slog"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
)

// Kill points: the named protocol steps at which the drivers call their Hook. Fault tests
// make a process kill itself at one of them (see KillHook) to crash it at an exact step.
const (
	// Participant: the Prepare request arrived and the local transaction holds the work; the
	// prepared record is not yet durable.
	PointParticipantPrepareBeforeDurable = "participant.prepare.before-durable"
	// Participant: the prepared record is durable; the yes vote is not yet sent.
	PointParticipantPrepareAfterDurable = "participant.prepare.after-durable"
	// Participant: a commit decision arrived (Decide, GetDecision or a peer); it is not yet
	// durable here.
	PointParticipantDecideBeforeDurable = "participant.decide.before-durable"
	// Participant: the commit decision is durable here; the acknowledgement is not yet sent.
	PointParticipantDecideAfterDurable = "participant.decide.after-durable"
	// Participant: about to send an Ack for a decision learned from GetDecision or a peer.
	PointParticipantAckBeforeSend = "participant.ack.before-send"
	// Coordinator: Commit arrived; no Prepare sent yet.
	PointCoordinatorPrepareBeforeSend = "coordinator.prepare.before-send"
	// Coordinator: every vote is yes; the commit decision is not yet durable.
	PointCoordinatorDecisionBeforeDurable = "coordinator.decision.before-durable"
	// Coordinator: the commit decision is durable; the client is not answered and no Decide
	// is sent yet.
	PointCoordinatorDecisionAfterDurable = "coordinator.decision.after-durable"
	// Coordinator: about to send one commit Decide message.
	PointCoordinatorDecideBeforeSend = "coordinator.decide.before-send"
	// Coordinator: a Decide message was delivered and acknowledged; the acknowledgement is not
	// yet recorded.
	PointCoordinatorDecideAfterAck = "coordinator.decide.after-ack"
	// Coordinator: every participant acknowledged; forgetting is not yet durable.
	PointCoordinatorForgetBeforeDurable = "coordinator.forget.before-durable"
)

// KillPoints lists every kill point, participant's first.
var KillPoints = []string{
	PointParticipantPrepareBeforeDurable, PointParticipantPrepareAfterDurable,
	PointParticipantDecideBeforeDurable, PointParticipantDecideAfterDurable,
	PointParticipantAckBeforeSend,
	PointCoordinatorPrepareBeforeSend, PointCoordinatorDecisionBeforeDurable,
	PointCoordinatorDecisionAfterDurable, PointCoordinatorDecideBeforeSend,
	PointCoordinatorDecideAfterAck, PointCoordinatorForgetBeforeDurable,
}

// KillHook returns a Hook that kills the process with SIGKILL (no deferred functions, no
// flushing: a crash) the nth time the kill point named in spec is reached. spec is "point" or
// "point:n" (n counts from 1; default 1). It returns an error for an unknown point or a bad
// count. It logs the kill at Error level just before it.
func KillHook(spec string, log *slog.Logger) (func(point string), error) {
	name, nstr, hasN := strings.Cut(spec, ":")
	if !slices.Contains(KillPoints, name) {
		return nil, fmt.Errorf("txn: unknown kill point %q (known: %s)", name, strings.Join(KillPoints, ", "))
	}
	n := int64(1)
	if hasN {
		v, err := strconv.ParseInt(nstr, 10, 64)
		if err != nil || v < 1 {
			return nil, fmt.Errorf("txn: kill point %q: count %q must be a positive integer", name, nstr)
		}
		n = v
	}
	var hits atomic.Int64
	return func(point string) {
		if point != name || hits.Add(1) != n {
			return
		}
		log.Error("txn: kill point reached: killing this process", "point", point, "hit", n)
		p, err := os.FindProcess(os.Getpid())
		if err == nil {
			err = p.Kill()
		}
		if err != nil {
			os.Exit(137) // could not signal ourselves: exit without cleanup all the same
		}
		select {} // SIGKILL is on its way; this goroutine must not go on

	}, nil
}
