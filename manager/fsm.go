package manager

import (
	"bufio"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"sync"

	"github.com/hashicorp/raft"

	"github.com/wardenft/warden/notify"
)

// peerExtension marks a Raft log entry that records a manager's API address (Data:
// "id\naddress") instead of a manager Command, so that every manager knows where to forward
// writes to the leader. Command entries carry no extension: their Data is EncodeCommand's.
const peerExtension = "warden/peer"

// snapshotMagic starts a Raft snapshot of the FSM: then the length of State.Snapshot's bytes
// (uvarint), those bytes, and the managers' API addresses as a JSON object.
const snapshotMagic = "warden-manager-fsm 1\n"

// fsm is the Raft state machine: one State and the managers' API addresses, under one lock.
// It wakes WatchView streams through per-group channels closed on change.
type fsm struct {
	mu      sync.Mutex
	s       *State
	peers   map[string]string // Raft server id -> gRPC API address
	applied uint64            // last applied Raft index

	// anyCh is closed and replaced on every applied entry (waiters for an index);
	// groupCh[g] on every change of g's view (WatchView).
	anyCh   chan struct{}
	groupCh map[string]chan struct{}

	// onFaults receives the fault events an entry committed (under mu: it must not block).
	onFaults func([]*notify.Event)
	// onApply is told of every entry applied (under mu: it must not block).
	onApply func()
}

// applied is what fsm.Apply returns to the proposer through the ApplyFuture.
type applyResult struct {
	res *Result
	err error
}

func newFSM() *fsm {
	return &fsm{s: New(), peers: map[string]string{}, anyCh: make(chan struct{}), groupCh: map[string]chan struct{}{}}
}

func (f *fsm) Apply(l *raft.Log) any {
	f.mu.Lock()
	defer f.mu.Unlock()
	defer f.wakeAnyLocked(l.Index)
	if string(l.Extensions) == peerExtension {
		id, addr, _ := strings.Cut(string(l.Data), "\n")
		f.peers[id] = addr
		return applyResult{}
	}
	cmd, err := DecodeCommand(l.Data)
	if err != nil {
		// Every replica fails alike on the same bytes: refuse the entry, change nothing.
		return applyResult{err: err}
	}
	res, err := f.s.Apply(cmd)
	if err != nil {
		return applyResult{err: err}
	}
	if f.onApply != nil {
		f.onApply()
	}
	if len(res.Faults) > 0 && f.onFaults != nil {
		f.onFaults(res.Faults)
	}
	for _, g := range res.Changed {
		if ch, ok := f.groupCh[g]; ok {
			close(ch)
			delete(f.groupCh, g)
		}
	}
	return applyResult{res: res}
}

func (f *fsm) wakeAnyLocked(index uint64) {
	if index > f.applied {
		f.applied = index
	}
	close(f.anyCh)
	f.anyCh = make(chan struct{})
}

// groupChanged returns a channel closed at the next change of the group's view (or of the
// whole state, by a snapshot restore). Take it before reading the view, so no change is missed.
func (f *fsm) groupChanged(g string) <-chan struct{} {
	f.mu.Lock()
	defer f.mu.Unlock()
	ch, ok := f.groupCh[g]
	if !ok {
		ch = make(chan struct{})
		f.groupCh[g] = ch
	}
	return ch
}

// appliedIndex returns the last applied index and a channel closed at the next apply.
func (f *fsm) appliedIndex() (uint64, <-chan struct{}) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.applied, f.anyCh
}

func (f *fsm) peer(id string) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.peers[id]
}

func (f *fsm) Snapshot() (raft.FSMSnapshot, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	b, err := f.s.Snapshot()
	if err != nil {
		return nil, err
	}
	peers, err := json.Marshal(f.peers)
	if err != nil {
		return nil, err
	}
	return &fsmSnapshot{state: b, peers: peers}, nil
}

func (f *fsm) Restore(rc io.ReadCloser) error {
	defer rc.Close()
	r := bufio.NewReader(rc)
	magic := make([]byte, len(snapshotMagic))
	if _, err := io.ReadFull(r, magic); err != nil || string(magic) != snapshotMagic {
		return fmt.Errorf("manager snapshot: bad header %q (%v)", magic, err)
	}
	n, err := binary.ReadUvarint(r)
	if err != nil {
		return fmt.Errorf("manager snapshot: state length: %w", err)
	}
	if n > 1<<31 {
		return fmt.Errorf("manager snapshot: state length %d too large", n)
	}
	b := make([]byte, n)
	if _, err := io.ReadFull(r, b); err != nil {
		return fmt.Errorf("manager snapshot: state: %w", err)
	}
	peers := map[string]string{}
	if err := json.NewDecoder(r).Decode(&peers); err != nil {
		return fmt.Errorf("manager snapshot: peers: %w", err)
	}
	s := New()
	if err := s.Restore(b); err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.s, f.peers = s, peers
	for g, ch := range f.groupCh {
		close(ch)
		delete(f.groupCh, g)
	}
	close(f.anyCh)
	f.anyCh = make(chan struct{})
	return nil
}

type fsmSnapshot struct {
	state, peers []byte
}

func (s *fsmSnapshot) Persist(sink raft.SnapshotSink) error {
	w := bufio.NewWriter(sink)
	w.WriteString(snapshotMagic)
	var n [binary.MaxVarintLen64]byte
	w.Write(n[:binary.PutUvarint(n[:], uint64(len(s.state)))])
	w.Write(s.state)
	w.Write(s.peers)
	err := w.Flush()
	if err != nil {
		sink.Cancel()
		return err
	}
	return sink.Close()
}

func (s *fsmSnapshot) Release() {}
