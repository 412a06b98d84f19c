package replica

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"

	"google.golang.org/protobuf/proto"

	replicav1 "github.com/wardenft/warden/api/warden/replica/v1"
	"github.com/wardenft/warden/vfs"
)

// ErrHolderCorrupt is wrapped by the *HolderCorruptError a holder store returns when a
// record of its file is damaged: test with errors.Is.
var ErrHolderCorrupt = errors.New("replica: holder store corrupt")

// A HolderCorruptError names the file and the offset of the damaged record.
type HolderCorruptError struct {
	Path   string
	Offset int64
	Detail string
}

func (e *HolderCorruptError) Error() string {
	return fmt.Sprintf("%v: %s at offset %d: %s", ErrHolderCorrupt, e.Path, e.Offset, e.Detail)
}

func (e *HolderCorruptError) Unwrap() error { return ErrHolderCorrupt }

// HolderFile is the name of a holder store's file in its directory.
const HolderFile = "holder.log"

// The holder store's file is a sequence of records:
//
//	+-------------+--------------+----------+------------------+
//	| CRC32C (4)  | Length (4)   | Type (1) | Payload (Length) |
//	+-------------+--------------+----------+------------------+
//
// little-endian; the CRC (Castagnoli) covers Type and Payload. The first record is a header
// (payload "warden-holder-v1"); then, in the order the LogHolder asked for them (HolderOp):
// set-epoch (uvarint epoch), checkpoint (a warden.replica.v1.Checkpoint with its state),
// truncate (uvarint seq: drop the entries from seq on) and append (warden.replica.v1.Entries).
// Saving a checkpoint rewrites the file (header, epoch, checkpoint, the entries after it) to
// a temporary file that is fsynced and renamed over the old one (then the directory is
// fsynced): the log before a checkpoint is dropped (the reorganisation). Every other change
// is appended and fsynced before Persist returns.
//
// On open, a record cut short by the end of the file is a write that never completed (torn;
// it was never fsynced, so never acknowledged): it is cut off and reported (TornAt). Any
// other damage (a CRC mismatch, an unknown type, a payload that does not decode) is a
// *HolderCorruptError with the record's offset: nothing after it is read, and nothing is
// skipped.
const (
	holderRecHeader uint8 = iota + 1
	holderRecEpoch
	holderRecCheckpoint
	holderRecTruncate
	holderRecAppend
)

const (
	holderMagic     = "warden-holder-v1"
	holderFrameSize = 9
	// holderMaxRecord bounds a record's claimed length, so that a damaged length field is
	// reported rather than allocated.
	holderMaxRecord = 1 << 30
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// A HolderStore makes a LogHolder's state durable in one directory (HolderFile). It is not
// safe for concurrent use: the holder's driver serialises Persist with the holder's steps.
type HolderStore struct {
	fs   vfs.FS
	dir  string
	f    vfs.File
	size int64
	st   HolderState // what the file holds (Commit unused)
	// TornAt is the offset of a torn record cut off when the store was opened; -1: none.
	TornAt int64
}

// OpenHolderStore opens (or creates) the holder store in dir and returns what it holds, for
// NewLogHolder. A damaged record is a *HolderCorruptError.
func OpenHolderStore(fs vfs.FS, dir string) (*HolderStore, HolderState, error) {
	if err := vfs.MkdirAllDurable(fs, dir, 0o755); err != nil {
		return nil, HolderState{}, fmt.Errorf("replica: holder store %s: %w", dir, err)
	}
	path := filepath.Join(dir, HolderFile)
	s := &HolderStore{fs: fs, dir: dir, TornAt: -1}
	if _, err := fs.Stat(path); errors.Is(err, os.ErrNotExist) {
		if err := s.rewrite(); err != nil {
			return nil, HolderState{}, err
		}
		return s, HolderState{}, nil
	}
	f, err := fs.OpenReadWrite(path)
	if err != nil {
		return nil, HolderState{}, fmt.Errorf("replica: holder store: %w", err)
	}
	st, end, torn, err := readHolderFile(f, path)
	if err != nil {
		f.Close()
		return nil, HolderState{}, err
	}
	if torn {
		if err := f.Truncate(end); err != nil {
			f.Close()
			return nil, HolderState{}, fmt.Errorf("replica: holder store %s: cut the torn record at %d: %w", path, end, err)
		}
		if err := f.Sync(); err != nil {
			f.Close()
			return nil, HolderState{}, fmt.Errorf("replica: holder store %s: %w", path, err)
		}
		s.TornAt = end
	}
	s.f, s.size, s.st = f, end, st
	return s, cloneHolderState(st), nil
}

// ReadHolderStore returns what the holder store in dir holds, without changing it: what a
// member restores from (ServerConfig.RestoreDir). A torn last record is ignored (it was never
// acknowledged); any other damage is a *HolderCorruptError.
func ReadHolderStore(fs vfs.FS, dir string) (HolderState, error) {
	path := filepath.Join(dir, HolderFile)
	f, err := fs.Open(path)
	if err != nil {
		return HolderState{}, fmt.Errorf("replica: holder store: %w", err)
	}
	defer f.Close()
	st, _, _, err := readHolderFile(f, path)
	return st, err
}

// State returns what the store holds.
func (s *HolderStore) State() HolderState { return cloneHolderState(s.st) }

// Persist makes ops durable, in order: when it returns nil they survive a crash. After an
// error the file's content is unknown: the caller must stop using the store (and must not
// acknowledge anything).
func (s *HolderStore) Persist(ops []HolderOp) error {
	if s.f == nil {
		return fmt.Errorf("replica: holder store %s: closed", s.dir)
	}
	if len(ops) == 0 {
		return nil
	}
	rewrite := false
	var buf []byte
	for _, op := range ops {
		if err := applyHolderOp(&s.st, op); err != nil {
			return fmt.Errorf("replica: holder store %s: %w", s.dir, err)
		}
		switch op.Kind {
		case OpSaveCheckpoint:
			rewrite = true
		case OpSetEpoch:
			buf = appendHolderRecord(buf, holderRecEpoch, binary.AppendUvarint(nil, op.Epoch))
		case OpTruncate:
			buf = appendHolderRecord(buf, holderRecTruncate, binary.AppendUvarint(nil, op.Seq))
		case OpAppend:
			p, err := proto.Marshal(&replicav1.Entries{Entries: entriesToProto(op.Entries)})
			if err != nil {
				return fmt.Errorf("replica: holder store %s: %w", s.dir, err)
			}
			buf = appendHolderRecord(buf, holderRecAppend, p)
		}
	}
	if rewrite {
		return s.rewrite()
	}
	if _, err := s.f.WriteAt(buf, s.size); err != nil {
		return fmt.Errorf("replica: holder store %s: %w", s.dir, err)
	}
	if err := s.f.Sync(); err != nil {
		return fmt.Errorf("replica: holder store %s: fsync: %w", s.dir, err)
	}
	s.size += int64(len(buf))
	return nil
}

// Close closes the file.
func (s *HolderStore) Close() error {
	if s.f == nil {
		return nil
	}
	err := s.f.Close()
	s.f = nil
	return err
}

// rewrite writes the whole state to a new file and renames it over the old one.
func (s *HolderStore) rewrite() error {
	buf := appendHolderRecord(nil, holderRecHeader, []byte(holderMagic))
	if s.st.Epoch > 0 {
		buf = appendHolderRecord(buf, holderRecEpoch, binary.AppendUvarint(nil, s.st.Epoch))
	}
	if ck := s.st.Checkpoint; ck != nil {
		p, err := proto.Marshal(checkpointToProto(ck))
		if err != nil {
			return fmt.Errorf("replica: holder store %s: %w", s.dir, err)
		}
		buf = appendHolderRecord(buf, holderRecCheckpoint, p)
	}
	if len(s.st.Entries) > 0 {
		p, err := proto.Marshal(&replicav1.Entries{Entries: entriesToProto(s.st.Entries)})
		if err != nil {
			return fmt.Errorf("replica: holder store %s: %w", s.dir, err)
		}
		buf = appendHolderRecord(buf, holderRecAppend, p)
	}
	path := filepath.Join(s.dir, HolderFile)
	tmp := path + ".tmp"
	f, err := s.fs.Create(tmp)
	if err != nil {
		return fmt.Errorf("replica: holder store %s: %w", s.dir, err)
	}
	if _, err := f.WriteAt(buf, 0); err != nil {
		f.Close()
		return fmt.Errorf("replica: holder store %s: %w", s.dir, err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("replica: holder store %s: fsync: %w", s.dir, err)
	}
	if err := s.fs.Rename(tmp, path); err != nil {
		f.Close()
		return fmt.Errorf("replica: holder store %s: %w", s.dir, err)
	}
	if err := s.fs.SyncDir(s.dir); err != nil {
		f.Close()
		return fmt.Errorf("replica: holder store %s: fsync the directory: %w", s.dir, err)
	}
	if s.f != nil {
		s.f.Close()
	}
	s.f, s.size = f, int64(len(buf))
	return nil
}

func appendHolderRecord(dst []byte, t uint8, payload []byte) []byte {
	var hdr [holderFrameSize]byte
	crc := crc32.Update(crc32.Update(0, castagnoli, []byte{t}), castagnoli, payload)
	binary.LittleEndian.PutUint32(hdr[0:4], crc)
	binary.LittleEndian.PutUint32(hdr[4:8], uint32(len(payload)))
	hdr[8] = t
	return append(append(dst, hdr[:]...), payload...)
}

// readHolderFile replays the file: the state, where the good records end, whether a torn
// record follows them, or a *HolderCorruptError.
func readHolderFile(f vfs.File, path string) (st HolderState, end int64, torn bool, err error) {
	size, err := f.Size()
	if err != nil {
		return HolderState{}, 0, false, fmt.Errorf("replica: holder store %s: %w", path, err)
	}
	corrupt := func(off int64, format string, args ...any) error {
		return &HolderCorruptError{Path: path, Offset: off, Detail: fmt.Sprintf(format, args...)}
	}
	var off int64
	for off < size {
		if size-off < holderFrameSize {
			return st, off, true, nil
		}
		var hdr [holderFrameSize]byte
		if _, err := f.ReadAt(hdr[:], off); err != nil {
			return HolderState{}, 0, false, fmt.Errorf("replica: holder store %s: read at %d: %w", path, off, err)
		}
		n := int64(binary.LittleEndian.Uint32(hdr[4:8]))
		if n > holderMaxRecord {
			return HolderState{}, 0, false, corrupt(off, "record length %d", n)
		}
		if off+holderFrameSize+n > size {
			return st, off, true, nil
		}
		payload := make([]byte, n)
		if _, err := f.ReadAt(payload, off+holderFrameSize); err != nil {
			return HolderState{}, 0, false, fmt.Errorf("replica: holder store %s: read at %d: %w", path, off, err)
		}
		t := hdr[8]
		if crc := crc32.Update(crc32.Update(0, castagnoli, []byte{t}), castagnoli, payload); crc != binary.LittleEndian.Uint32(hdr[0:4]) {
			return HolderState{}, 0, false, corrupt(off, "checksum %08x, the record says %08x (type %d, %d bytes)", crc, binary.LittleEndian.Uint32(hdr[0:4]), t, n)
		}
		if off == 0 {
			if t != holderRecHeader || string(payload) != holderMagic {
				return HolderState{}, 0, false, corrupt(off, "not a holder store (no %q header)", holderMagic)
			}
			off += holderFrameSize + n
			continue
		}
		var op HolderOp
		switch t {
		case holderRecEpoch, holderRecTruncate:
			v, k := binary.Uvarint(payload)
			if k <= 0 || k != len(payload) {
				return HolderState{}, 0, false, corrupt(off, "bad varint in a type %d record", t)
			}
			op = HolderOp{Kind: OpSetEpoch, Epoch: v}
			if t == holderRecTruncate {
				op = HolderOp{Kind: OpTruncate, Seq: v}
			}
		case holderRecCheckpoint:
			pc := &replicav1.Checkpoint{}
			if err := proto.Unmarshal(payload, pc); err != nil {
				return HolderState{}, 0, false, corrupt(off, "checkpoint: %v", err)
			}
			ck, err := checkpointFromProto(pc)
			if err != nil {
				return HolderState{}, 0, false, corrupt(off, "checkpoint: %v", err)
			}
			if err := ck.Verify(); err != nil {
				return HolderState{}, 0, false, corrupt(off, "%v", err)
			}
			op = HolderOp{Kind: OpSaveCheckpoint, Checkpoint: ck}
		case holderRecAppend:
			pe := &replicav1.Entries{}
			if err := proto.Unmarshal(payload, pe); err != nil {
				return HolderState{}, 0, false, corrupt(off, "entries: %v", err)
			}
			op = HolderOp{Kind: OpAppend}
			for _, e := range pe.GetEntries() {
				op.Entries = append(op.Entries, entryFromProto(e))
			}
		default:
			return HolderState{}, 0, false, corrupt(off, "unknown record type %d", t)
		}
		if err := applyHolderOp(&st, op); err != nil {
			return HolderState{}, 0, false, corrupt(off, "%v", err)
		}
		off += holderFrameSize + n
	}
	if size == 0 {
		return HolderState{}, 0, false, corrupt(0, "empty file (no header)")
	}
	return st, off, false, nil
}

// applyHolderOp applies one durable change to a state, checking that the log stays a
// sequence of consecutive entries after the checkpoint.
func applyHolderOp(st *HolderState, op HolderOp) error {
	switch op.Kind {
	case OpSetEpoch:
		st.Epoch = op.Epoch
	case OpSaveCheckpoint:
		if op.Checkpoint == nil {
			return errors.New("save-checkpoint without a checkpoint")
		}
		st.Checkpoint = op.Checkpoint
		i := 0
		for i < len(st.Entries) && st.Entries[i].Seq <= op.Checkpoint.Seq {
			i++
		}
		st.Entries = append([]Entry(nil), st.Entries[i:]...)
	case OpTruncate:
		i := 0
		for i < len(st.Entries) && st.Entries[i].Seq < op.Seq {
			i++
		}
		st.Entries = st.Entries[:i]
	case OpAppend:
		for _, e := range op.Entries {
			want := uint64(1)
			if n := len(st.Entries); n > 0 {
				want = st.Entries[n-1].Seq + 1
			} else if st.Checkpoint != nil {
				want = st.Checkpoint.Seq + 1
			}
			if e.Seq != want {
				return fmt.Errorf("append: entry %d where %d comes next", e.Seq, want)
			}
			st.Entries = append(st.Entries, e)
		}
	default:
		return fmt.Errorf("unknown holder op %d", op.Kind)
	}
	return nil
}

func cloneHolderState(st HolderState) HolderState {
	st.Entries = append([]Entry(nil), st.Entries...)
	return st
}

func checkpointToProto(ck *Checkpoint) *replicav1.Checkpoint {
	p := &replicav1.Checkpoint{Seq: ck.Seq, Epoch: ck.Epoch, Digest: ck.Digest[:], State: ck.State}
	for _, r := range ck.Replies {
		p.Replies = append(p.Replies, &replicav1.CachedReply{RequestId: requestIDToProto(r.Request), Seq: r.Seq,
			Expiration: timeToProto(r.Expiration), Reply: r.Reply, Status: r.Status})
	}
	return p
}

func checkpointFromProto(p *replicav1.Checkpoint) (*Checkpoint, error) {
	ck := &Checkpoint{Seq: p.GetSeq(), Epoch: p.GetEpoch(), State: p.GetState()}
	if len(p.GetDigest()) != len(ck.Digest) {
		return nil, fmt.Errorf("digest of %d bytes", len(p.GetDigest()))
	}
	copy(ck.Digest[:], p.GetDigest())
	for _, r := range p.GetReplies() {
		ck.Replies = append(ck.Replies, CachedReply{Request: requestIDFromProto(r.GetRequestId()), Seq: r.GetSeq(),
			Expiration: timeFromProto(r.GetExpiration()), Reply: r.GetReply(), Status: r.GetStatus()})
	}
	return ck, nil
}
