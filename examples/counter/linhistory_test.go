package main

// The history of a linearizability run and its checks: the porcupine model of the counter, the
// recorder the clients write to, the segmented check, and the exactly-once check of the
// acknowledged increments. linearizability_test.go says why the history is checked the way it
// is.

import (
	"fmt"
	"maps"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/anishathalye/porcupine"
)

// linOpKind is what a client called.
type linOpKind int

const (
	linIncrement linOpKind = iota
	linGet                 // with a request id, like any call
	linGetRO               // with client.ReadOnly: no request id, no reply cache
)

// linInput is an operation's input in the porcupine history.
type linInput struct {
	kind linOpKind
	by   int64 // increments
}

// linOutput is an operation's output: the value the counter answered, or unknown for a call
// that ended in an error (it may or may not have taken effect).
type linOutput struct {
	value   int64
	unknown bool
}

// linOp is one call as a client saw it.
type linOp struct {
	client    int
	in        linInput
	call, ret int64 // ns since the recorder's start (monotonic clock)
	value     int64
	member    string // who answered
	err       error  // nil: answered
}

// linModel is the counter's sequential specification. The state is the value (an int64).
// An increment whose outcome is unknown may take effect (adding by) at any point after its
// call: its return is put after every other operation of its check, so the checker may place
// it anywhere from its call on, and its output matches whatever the counter would answer.
// One object, so no partitioning.
var linModel = porcupine.Model{
	Init: func() any { return int64(0) },
	Step: func(state, input, output any) (bool, any) {
		s, in, out := state.(int64), input.(linInput), output.(linOutput)
		switch in.kind {
		case linIncrement:
			return out.unknown || out.value == s+in.by, s + in.by
		default:
			return out.unknown || out.value == s, s
		}
	},
	Hash: func(state any) uint64 { return uint64(state.(int64)) },
	DescribeOperation: func(input, output any) string {
		in, out := input.(linInput), output.(linOutput)
		res := fmt.Sprint(out.value)
		if out.unknown {
			res = "?"
		}
		switch in.kind {
		case linIncrement:
			return fmt.Sprintf("inc(%d) -> %s", in.by, res)
		case linGetRO:
			return "get(ro) -> " + res
		default:
			return "get -> " + res
		}
	},
	DescribeOperationMetadata: func(info any) string {
		if info == nil {
			return ""
		}
		return fmt.Sprint(info)
	},
}

// linModelFrom is linModel starting at value v (a segment after a quiescent read of v).
func linModelFrom(v int64) porcupine.Model {
	m := linModel
	m.Init = func() any { return v }
	return m
}

// linRecorder collects the operations of every client, round by round. A round ends at a
// quiescent point: no client has a call in flight, and one read (the round's boundary) is
// made alone.
type linRecorder struct {
	start time.Time
	// initial is the counter's value before the first operation (read alone before the
	// workers started: a probe may have incremented it).
	initial int64

	mu     sync.Mutex
	rounds []*linRound
}

// linRound is the operations of one round: the clients' calls during one fault and the
// recovery from it, then the boundary read made when they had all stopped.
type linRound struct {
	fault    string // what was injected in this round ("" for the first, fault-free round)
	ops      []linOp
	boundary *linOp
}

func newLinRecorder() *linRecorder { return &linRecorder{start: time.Now()} }

func (r *linRecorder) now() int64 { return int64(time.Since(r.start)) }

// beginRound starts a round; ops are recorded into it until the next beginRound.
func (r *linRecorder) beginRound(fault string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.rounds = append(r.rounds, &linRound{fault: fault})
}

func (r *linRecorder) record(op linOp) {
	r.mu.Lock()
	defer r.mu.Unlock()
	cur := r.rounds[len(r.rounds)-1]
	cur.ops = append(cur.ops, op)
}

func (r *linRecorder) setBoundary(op linOp) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.rounds[len(r.rounds)-1].boundary = &op
}

// all returns every operation, boundaries included, in the order they were recorded.
func (r *linRecorder) all() []linOp {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []linOp
	for _, rd := range r.rounds {
		out = append(out, rd.ops...)
		if rd.boundary != nil {
			out = append(out, *rd.boundary)
		}
	}
	return out
}

// linCheckResult is what the history check found.
type linCheckResult struct {
	segments    int           // histories given to porcupine
	largest     int           // operations in the largest one
	checkTime   time.Duration // porcupine's time, all segments
	violations  []string      // non-linearizable segments, each with its visualization path
	anomalies   []string      // lost or doubled increments, duplicate values
	unknown     int           // calls that ended in an error
	incAcked    int           // increments answered
	getsAcked   int           // reads answered
	ackedSum    int64         // the sum of the answered increments' amounts
	finalValue  int64         // the last boundary read
	finalKnown  bool          // the last boundary read was answered
	uncheckable []string      // segments porcupine did not decide within its timeout
}

// linCheck checks the recorded history.
//
// Linearizability (porcupine): the history is cut at the rounds' boundary reads. A boundary
// read has nothing concurrent with it (every client had stopped and no call was in flight),
// so in any linearization the operations before it come before it and those after it come
// after it, and the counter's value there is the value it read: the history is linearizable
// exactly when each piece between two boundaries is, starting from the value read at the
// first. That holds as long as no call before the boundary ended in an error: such a call
// may still take effect later (a retry already in a backup's log), so from the first one on
// everything up to the end of the history is checked as one piece, with the unknown calls
// returning after its last operation. Pieces are a few thousand operations, which porcupine
// decides in milliseconds (the cache of visited states grows with the square of a piece's
// length, which is why the whole history is not given to it at once).
//
// Exactly once: every answered increment returned the counter's new value. Sorted by that
// value, each one's value must be the previous one's plus its own amount, plus, when some
// calls ended in errors, the amounts of some of those; and the final value is the sum of all
// answered increments plus some subset of the unknown ones. A lost increment leaves a gap
// that no unknown call fills, a doubled one adds its amount twice.
func linCheck(rec *linRecorder, keepDir string, timeout time.Duration) linCheckResult {
	var res linCheckResult
	rec.mu.Lock()
	rounds := slices.Clone(rec.rounds)
	rec.mu.Unlock()

	var (
		piece   []porcupine.Operation
		init    = rec.initial
		tainted bool // a call in the history so far ended in an error
		from    int  // the first round of the current piece
	)
	add := func(op linOp) {
		out := linOutput{value: op.value, unknown: op.err != nil}
		if out.unknown && op.in.kind != linIncrement {
			return // a read that did not answer constrains nothing
		}
		piece = append(piece, porcupine.Operation{ClientId: op.client, Input: op.in, Call: op.call, Output: out, Return: op.ret, Metadata: op.member})
	}
	check := func(to int) {
		if len(piece) == 0 {
			return
		}
		// Unknown outcomes return after everything else in the piece.
		var last int64
		for _, o := range piece {
			if o.Output.(linOutput).unknown {
				continue
			}
			last = max(last, o.Return)
		}
		for i := range piece {
			if piece[i].Output.(linOutput).unknown {
				piece[i].Return = max(last, piece[i].Call) + 1
			}
		}
		res.segments++
		res.largest = max(res.largest, len(piece))
		m := linModelFrom(init)
		t0 := time.Now()
		ok := porcupine.CheckOperationsTimeout(m, piece, timeout)
		res.checkTime += time.Since(t0)
		if ok != porcupine.Ok {
			// Again with the partial linearizations, for the visualization.
			r, info := porcupine.CheckOperationsVerbose(m, piece, timeout)
			path := filepath.Join(keepDir, fmt.Sprintf("rounds-%03d-%03d.html", from, to))
			if err := os.MkdirAll(keepDir, 0o755); err == nil {
				if err := porcupine.VisualizePath(m, info, path); err != nil {
					path = "(visualization failed: " + err.Error() + ")"
				}
			}
			what := fmt.Sprintf("rounds %d..%d (%d operations from value %d; faults %s): %s; visualization %s",
				from, to, len(piece), init, linFaultsOf(rounds[from:to+1]), r, path)
			if r == porcupine.Unknown {
				res.uncheckable = append(res.uncheckable, what)
			} else {
				res.violations = append(res.violations, what)
			}
		}
		piece = nil
	}
	for i, rd := range rounds {
		for _, op := range rd.ops {
			tainted = tainted || op.err != nil
			add(op)
		}
		b := rd.boundary
		if b == nil {
			continue
		}
		add(*b)
		if b.err == nil && !tainted {
			check(i)
			init, from = b.value, i+1
		}
		tainted = tainted || b.err != nil
	}
	check(len(rounds) - 1)

	// Exactly once.
	var incs []linOp
	var unknownBy []int64
	var unknownSum int64
	for _, rd := range rounds {
		ops := rd.ops
		if rd.boundary != nil {
			ops = append(slices.Clip(ops), *rd.boundary)
		}
		for _, op := range ops {
			switch {
			case op.err != nil:
				res.unknown++
				if op.in.kind == linIncrement {
					unknownBy = append(unknownBy, op.in.by)
					unknownSum += op.in.by
				}
			case op.in.kind == linIncrement:
				res.incAcked++
				res.ackedSum += op.in.by
				incs = append(incs, op)
			default:
				res.getsAcked++
			}
		}
		if rd.boundary != nil {
			res.finalKnown = rd.boundary.err == nil
			res.finalValue = rd.boundary.value
		}
	}
	sort.Slice(incs, func(i, j int) bool { return incs[i].value < incs[j].value })
	prev := rec.initial
	for i, op := range incs {
		gap := op.value - op.in.by - prev
		switch {
		case i > 0 && op.value == incs[i-1].value:
			res.anomalies = append(res.anomalies, fmt.Sprintf("two increments answered %d: inc(%d) by %s at %v and inc(%d) by %s at %v",
				op.value, incs[i-1].in.by, incs[i-1].member, time.Duration(incs[i-1].ret), op.in.by, op.member, time.Duration(op.ret)))
		case gap < 0:
			res.anomalies = append(res.anomalies, fmt.Sprintf("inc(%d) answered %d by %s at %v, but the increment before it answered %d: they overlap",
				op.in.by, op.value, op.member, time.Duration(op.ret), prev))
		case gap > 0 && !linSubsetSum(unknownBy, gap):
			res.anomalies = append(res.anomalies, fmt.Sprintf("inc(%d) answered %d by %s at %v, the increment before it %d: %d was added in between by no answered call (doubled or lost increment; unknown outcomes: %v)",
				op.in.by, op.value, op.member, time.Duration(op.ret), prev, gap, unknownBy))
		}
		prev = op.value
	}
	if res.finalKnown {
		if extra := res.finalValue - rec.initial - res.ackedSum; extra < 0 || extra > unknownSum || !linSubsetSum(unknownBy, extra) {
			res.anomalies = append(res.anomalies, fmt.Sprintf("final value %d, initial %d, answered increments add up to %d: the difference %d is no sum of unknown outcomes %v",
				res.finalValue, rec.initial, res.ackedSum, extra, unknownBy))
		}
	}
	return res
}

// linSubsetSum reports whether some subset of xs (all > 0) adds up to want; it gives up (true)
// beyond 24 elements, where porcupine's check of the same history stands alone.
func linSubsetSum(xs []int64, want int64) bool {
	if want == 0 {
		return true
	}
	if len(xs) > 24 {
		return true
	}
	sums := map[int64]bool{0: true}
	for _, x := range xs {
		next := maps.Clone(sums)
		for s := range sums {
			if s+x <= want {
				next[s+x] = true
			}
		}
		sums = next
	}
	return sums[want]
}

// linFaultsOf names the faults of some rounds.
func linFaultsOf(rounds []*linRound) string {
	var fs []string
	for _, r := range rounds {
		if r.fault != "" {
			fs = append(fs, r.fault)
		}
	}
	if len(fs) == 0 {
		return "none"
	}
	return fmt.Sprint(fs)
}

// linGap returns the longest time between two answered calls (by return time) that overlaps
// [from, to]: the unavailability clients saw around a fault.
func linGap(rets []int64, from, to int64) time.Duration {
	i := sort.Search(len(rets), func(i int) bool { return rets[i] >= from })
	if i > 0 {
		i--
	}
	var gap int64
	for ; i+1 < len(rets) && rets[i] <= to; i++ {
		gap = max(gap, rets[i+1]-rets[i])
	}
	return time.Duration(gap)
}

// linPercentile returns the p-th percentile (0..1) of ds (nearest rank).
func linPercentile(ds []time.Duration, p float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	i := int(math.Ceil(p*float64(len(s)))) - 1
	return s[max(0, min(i, len(s)-1))]
}
