package replica

import (
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	replicav1 "github.com/wardenft/warden/api/warden/replica/v1"
	"github.com/wardenft/warden/vfs"
)

// Metadata of a Replicate stream that names its addressee: the member id (and group) the
// primary sends to. A HolderServer serves the log holders of many cold members on one
// address and routes each stream by them; a running member refuses a stream addressed to
// another member (a stale address).
const (
	MetadataTo    = "warden-replica-to"
	MetadataGroup = "warden-replica-group"
)

// ErrNotHeld: a HolderServer holds no log for that member (never held, released, or taken
// over by the member's own process).
var ErrNotHeld = errors.New("replica: no log held for this member")

// HolderServerConfig configures a HolderServer.
type HolderServerConfig struct {
	// FS is where the stores live (vfs.Default when nil).
	FS vfs.FS
	// Logger; nil: discard.
	Logger *slog.Logger
	// MaxBufferedMessages: as HolderConfig.MaxBufferedMessages (0: the default).
	MaxBufferedMessages int
	// OnFault, if set, is called with the faults a holder detects (a ValueFault about the
	// primary). It must not block.
	OnFault func(group string, f Fault)
}

// A HolderServer is the driver of the LogHolders of one warden agent: it keeps a LogHolder
// and a HolderStore per held cold member, serves the Replication service (Replicate only) to
// the primaries, routing each stream by its MetadataTo and MetadataGroup, and acknowledges
// what it received only after the store fsynced it. Safe for concurrent use.
type HolderServer struct {
	replicav1.UnimplementedReplicationServer
	cfg HolderServerConfig
	log *slog.Logger

	mu      sync.Mutex
	holders map[holderKey]*heldLog
}

type holderKey struct{ group, member string }

// heldLog is one held member: the core and its store, used under mu.
type heldLog struct {
	mu     sync.Mutex
	h      *LogHolder
	store  *HolderStore
	closed error // non-nil once released, taken over or failed
	log    *slog.Logger
}

// NewHolderServer returns a server holding nothing.
func NewHolderServer(cfg HolderServerConfig) *HolderServer {
	if cfg.FS == nil {
		cfg.FS = vfs.Default
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	return &HolderServer{cfg: cfg, log: cfg.Logger, holders: map[holderKey]*heldLog{}}
}

// Register registers the Replication service on gs.
func (s *HolderServer) Register(gs grpc.ServiceRegistrar) {
	replicav1.RegisterReplicationServer(gs, s)
}

// Hold starts holding the log of cold member of group in dir: it opens (or creates) the
// store there and serves Replicate streams addressed to the member. Holding a member held
// already does nothing.
func (s *HolderServer) Hold(group, member, dir string) error {
	key := holderKey{group, member}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.holders[key]; ok {
		return nil
	}
	store, st, err := OpenHolderStore(s.cfg.FS, dir)
	if err != nil {
		return err
	}
	log := s.log.With("group", group, "member", member)
	if store.TornAt >= 0 {
		log.Warn("holder store: a torn record (never acknowledged) was cut off", "dir", dir, "offset", store.TornAt)
	}
	cfg := DefaultHolderConfig(group, member)
	if s.cfg.MaxBufferedMessages > 0 {
		cfg.MaxBufferedMessages = s.cfg.MaxBufferedMessages
	}
	h, err := NewLogHolder(cfg, st)
	if err != nil {
		store.Close()
		return err
	}
	s.holders[key] = &heldLog{h: h, store: store, log: log}
	log.Info("holding the log of a cold member", "dir", dir, "epoch", st.Epoch, "entries", len(st.Entries), "checkpoint", ckSeq(st.Checkpoint))
	return nil
}

func ckSeq(ck *Checkpoint) int64 {
	if ck == nil {
		return -1
	}
	return int64(ck.Seq)
}

// Takeover fences the holder of member at epoch (or the newer epoch it has seen), makes
// that durable, stops holding (its streams end, its files stay) and returns what it held:
// the member's process, started next, restores from the files (ServerConfig.RestoreDir).
func (s *HolderServer) Takeover(group, member string, epoch uint64) (HolderState, error) {
	hl := s.remove(group, member)
	if hl == nil {
		return HolderState{}, fmt.Errorf("%w: %s/%s", ErrNotHeld, group, member)
	}
	hl.mu.Lock()
	defer hl.mu.Unlock()
	if hl.closed != nil {
		return HolderState{}, fmt.Errorf("%w: %s/%s: %v", ErrNotHeld, group, member, hl.closed)
	}
	hl.closed = errors.New("taken over by the member's process")
	defer hl.store.Close()
	epoch = max(epoch, hl.h.State().Epoch)
	st, err := hl.h.Restore(epoch, time.Now())
	if err != nil {
		return HolderState{}, err
	}
	if err := hl.store.Persist(hl.h.Ready().Persist); err != nil {
		return HolderState{}, err
	}
	hl.log.Info("holder fenced for the takeover", "epoch", st.Epoch, "checkpoint", ckSeq(st.Checkpoint), "entries", len(st.Entries))
	return st, nil
}

// Release stops holding member (its streams end); its files stay.
func (s *HolderServer) Release(group, member string) {
	if hl := s.remove(group, member); hl != nil {
		hl.mu.Lock()
		if hl.closed == nil {
			hl.closed = errors.New("released")
			hl.store.Close()
		}
		hl.mu.Unlock()
	}
}

// Held returns what the holder of member holds, if it is held.
func (s *HolderServer) Held(group, member string) (HolderState, bool) {
	s.mu.Lock()
	hl := s.holders[holderKey{group, member}]
	s.mu.Unlock()
	if hl == nil {
		return HolderState{}, false
	}
	hl.mu.Lock()
	defer hl.mu.Unlock()
	return hl.h.State(), hl.closed == nil
}

// Close releases every holder.
func (s *HolderServer) Close() {
	s.mu.Lock()
	keys := make([]holderKey, 0, len(s.holders))
	for k := range s.holders {
		keys = append(keys, k)
	}
	s.mu.Unlock()
	for _, k := range keys {
		s.Release(k.group, k.member)
	}
}

func (s *HolderServer) remove(group, member string) *heldLog {
	s.mu.Lock()
	defer s.mu.Unlock()
	key := holderKey{group, member}
	hl := s.holders[key]
	delete(s.holders, key)
	return hl
}

// Replicate serves one primary's stream to one held member.
func (s *HolderServer) Replicate(stream grpc.BidiStreamingServer[replicav1.ReplicateRequest, replicav1.ReplicateResponse]) error {
	md, _ := metadata.FromIncomingContext(stream.Context())
	to, group := lastMD(md, MetadataTo), lastMD(md, MetadataGroup)
	if to == "" || group == "" {
		return status.Errorf(codes.InvalidArgument, "%s and %s metadata: both must name the held member the stream is for", MetadataTo, MetadataGroup)
	}
	s.mu.Lock()
	hl := s.holders[holderKey{group, to}]
	s.mu.Unlock()
	if hl == nil {
		return status.Errorf(codes.NotFound, "%v: %s/%s", ErrNotHeld, group, to)
	}
	in := make(chan Message, 256)
	recvErr := make(chan error, 1)
	go func() {
		rcv := ReplicateReceiver{To: to}
		for {
			req, err := stream.Recv()
			if err != nil {
				recvErr <- err
				return
			}
			m, err := rcv.Add(req)
			if err != nil {
				hl.log.Debug("bad replicate request", "from", req.GetFrom(), "err", err)
				continue
			}
			if m == nil {
				continue
			}
			select {
			case in <- *m:
			case <-stream.Context().Done():
				return
			}
		}
	}()
	for {
		var batch []Message
		select {
		case <-stream.Context().Done():
			return stream.Context().Err()
		case err := <-recvErr:
			return err
		case m := <-in:
			batch = append(batch, m)
		}
	more:
		for len(batch) < cap(in) {
			select {
			case m := <-in:
				batch = append(batch, m)
			default:
				break more
			}
		}
		acks, err := s.step(hl, group, batch)
		if err != nil {
			return err
		}
		for _, a := range acks {
			if err := stream.Send(ToReplicateResponse(a)); err != nil {
				return err
			}
		}
	}
}

// step gives the holder a batch of messages, persists what they changed (one fsync) and
// returns the acknowledgements for the senders.
func (s *HolderServer) step(hl *heldLog, group string, batch []Message) ([]Message, error) {
	hl.mu.Lock()
	defer hl.mu.Unlock()
	if hl.closed != nil {
		return nil, status.Errorf(codes.Unavailable, "%v: %v", ErrNotHeld, hl.closed)
	}
	now := time.Now()
	from := map[string]bool{}
	for _, m := range batch {
		from[m.From] = true
		if err := hl.h.Step(m, now); err != nil {
			hl.log.Debug("message refused", "msg", m.String(), "err", err)
		}
	}
	rd := hl.h.Ready()
	if err := hl.store.Persist(rd.Persist); err != nil {
		// The files' content is unknown: acknowledge nothing from now on. The primary
		// reports the omission and the manager replaces this cold member.
		hl.closed = err
		hl.store.Close()
		hl.log.Error("holder store failed: the held log is given up", "err", err)
		return nil, status.Errorf(codes.Internal, "holder store: %v", err)
	}
	for _, f := range rd.Faults {
		hl.log.Warn("fault", "fault", f.String())
		if s.cfg.OnFault != nil {
			s.cfg.OnFault(group, f)
		}
	}
	var out []Message
	for _, m := range rd.Msgs {
		if from[m.To] {
			out = append(out, m)
		}
	}
	return out, nil
}

// Transfer is not served by a log holder: a promoted member restores from the holder's
// files (ServerConfig.RestoreDir) after its agent fenced them (Takeover).
func (s *HolderServer) Transfer(*replicav1.TransferRequest, grpc.ServerStreamingServer[replicav1.TransferChunk]) error {
	return status.Error(codes.Unimplemented, "replica: a log holder serves no Transfer: the member started at its location restores from the holder's files")
}

func lastMD(md metadata.MD, key string) string {
	if vs := md.Get(key); len(vs) > 0 {
		return vs[len(vs)-1]
	}
	return ""
}
