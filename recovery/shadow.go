package recovery

// Shadow versions (StrategyShadow): file layout
//
// A shadow store keeps three files in its directory; every name starts with "shadow.", which is
// how a log store recognises (and refuses) a shadow directory and vice versa.
//
//	dir/shadow.versions.<gen>   the version store of generation <gen> (decimal, from 1)
//	dir/shadow.map.0            map slot 0 \  rewritten whole, in alternation; the valid one
//	dir/shadow.map.1            map slot 1 /  with the higher seq is the current map
//
// The version store is append-only. Every record is framed as in the recovery file (see the
// package doc): a header framed with salt 0, then value records framed with the file's salt.
// A value record's txid is the transaction that wrote it (0 for a value copied by compaction).
//
//	shadow.versions.<gen>
//	+--------+---------+---------+-- ... --+---------+ - - - - - - - - - - - - - +
//	| header | value   | value   |         | value   | versions no map refers to  |
//	| salt 0 |         |         |         |         | yet (cut off at open)      |
//	+--------+---------+---------+-- ... --+---------+ - - - - - - - - - - - - - +
//	0        ^ a position: the offset of a value record   ^ the current map's end
//
// A map slot holds a header (its own salt, fresh at every write) and one map record framed with
// that salt. Bytes after the map record are ignored: a crash can keep a slot's rewrite but not
// its truncation.
//
//	shadow.map.N
//	+--------+------------------------------------------------------------+
//	| header | map record (type 6)                                        |
//	| salt 0 |                                                            |
//	+--------+------------------------------------------------------------+
//
//	map record payload
//	  seq u64 | boot u64 | generation u64 | end u64 | committed u64 | aborted u64 |
//	  items uvarint | items x (key length uvarint | key | position u64) |
//	  prepared uvarint | prepared x (length uvarint | intentions payload)
//
// seq orders the maps; boot is the incarnation; generation names the version store and end is
// its length when the map was made: every position in the map lies below it. The items are the
// committed versions (a deleted item is simply absent); each prepared transaction is its
// intentions list, encoded as in the recovery file, whose positions are the transaction's
// shadow versions. committed and aborted count decisions since the last compaction, for
// RecoveryReport.
//
// # Commit
//
// A batch of commits appends the changed values to the version store and fdatasyncs it, then
// makes a new map from the current one (seq+1), writes it over the older slot and fdatasyncs
// that slot: two syncs per batch, however many commits it holds. The map write is the commit
// point. A crash before it leaves the old map valid in the other slot, and the appended
// versions past its end are uncommitted shadows; a crash during it leaves a slot whose checksum
// fails, which open ignores, as bbolt ignores a torn meta page.
//
// # Open
//
// Open reads both slots and takes the valid map with the higher seq. It reads every version the
// map refers to (committed items and prepared transactions' writes) and checks its frame,
// checksum, key and transaction: a bad version the map refers to is corruption (ErrCorrupt,
// naming the version store and the offset), never skipped. It then truncates the version store
// to the map's end and removes version stores of other generations (left by an unfinished
// compaction). RecoveryReport.File is the version store; TruncatedAt is the map's end when
// anything past it was cut off, TruncatedBytes how much (0 when only a torn map slot was
// found), and TruncateReason says what was cut and whether a map slot was torn. Both slots
// invalid in a store that has written anything is corruption: a slot is rewritten only while
// the other holds a synced map.
//
// Bit rot in the newest slot cannot be told from a torn write, so it silently falls back to
// the previous map, losing the last batch: the price of the meta-page technique.
//
// # Compaction (checkpoint)
//
// Compaction writes shadow.versions.<gen+1>: the snapshot's committed values and its prepared
// transactions' versions, while commits keep appending to generation gen. At the end, with
// commits stopped, it carries over what was appended since the snapshot, syncs the new store,
// and writes a map of generation gen+1 (positions translated) to the older slot. Until that map
// is durable, generation gen is authoritative and the new file is a leftover that open removes;
// after, the old generation is the leftover.
//
// Writing the whole map at every batch costs time proportional to the number of items. That is
// the seed's technique as stated ("a new map is made"); bbolt bounds it by copying only the
// changed pages of a B+tree.

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/wardenft/warden/vfs"
)

// shadowFilePrefix starts the name of every file of a shadow-versions store.
const shadowFilePrefix = "shadow."

const (
	shadowVersionsPrefix = shadowFilePrefix + "versions."
	shadowMapPrefix      = shadowFilePrefix + "map."
	// shadowCarryMin: a compaction's run carries over versions appended meanwhile until less
	// than this is left for finish, which runs while commits wait.
	shadowCarryMin = 256 << 10
	// mapFixedLen is the fixed-width prefix of a map record's payload.
	mapFixedLen = 6 * 8
	// readAhead bounds how far past a version open reads when fetching it, to pick up the
	// versions that follow it in the same read.
	readAhead = 1 << 20
)

func versionsName(gen uint64) string { return shadowVersionsPrefix + strconv.FormatUint(gen, 10) }

// parseVersionsName returns the generation of a version store's file name.
func parseVersionsName(name string) (uint64, bool) {
	s, ok := strings.CutPrefix(name, shadowVersionsPrefix)
	if !ok {
		return 0, false
	}
	g, err := strconv.ParseUint(s, 10, 64)
	if err != nil || versionsName(g) != name {
		return 0, false
	}
	return g, true
}

func mapSlotName(i int) string { return shadowMapPrefix + strconv.Itoa(i) }

// shadowPrep is a prepared transaction as the map records it.
type shadowPrep struct {
	txid TxID
	gid  string
	in   []Intention // positions in the current generation; shared with the store, never modified
	enc  []byte      // intentions payload, encoded once
}

func newShadowPrep(txid TxID, gid string, in []Intention) *shadowPrep {
	return &shadowPrep{txid: txid, gid: gid, in: in, enc: appendIntentionsPayload(nil, txid, gid, in)}
}

// shadowMap is one map: what a slot holds.
type shadowMap struct {
	seq, boot          uint64
	gen                uint64
	end                int64
	committed, aborted uint64
	items              map[string]int64
	prep               []*shadowPrep // in the order prepared
}

// shadowEngine is StrategyShadow. Everything but durable and total is owned by the writer
// goroutine (and by load before it starts).
type shadowEngine struct {
	fs  vfs.FS
	dir string

	f    vfs.File // version store of generation st.gen
	path string
	salt uint32

	slots   [2]vfs.File
	slotLen [2]int64
	cur     int       // slot holding st
	st      shadowMap // the current map; st.end is where the next version goes

	durable atomic.Int64 // version-store bytes synced; read by a compaction's run
	total   atomic.Int64 // size()

	buf, mbuf []byte
	err       error // set once a write or sync failed: the engine writes nothing more
	carryMin  int64
}

func openShadowEngine(fs vfs.FS, dir string) (engine, error) {
	if err := checkNoOtherStrategy(fs, dir, StrategyShadow); err != nil {
		return nil, err
	}
	return &shadowEngine{fs: fs, dir: dir, carryMin: shadowCarryMin}, nil
}

func (e *shadowEngine) slotPath(i int) string { return filepath.Join(e.dir, mapSlotName(i)) }

func (e *shadowEngine) size() int64 { return e.total.Load() }

func (e *shadowEngine) updateSize() {
	e.total.Store(e.st.end + e.slotLen[0] + e.slotLen[1])
}

func (e *shadowEngine) close() error {
	var errs []error
	for _, f := range append([]vfs.File{e.f}, e.slots[:]...) {
		if f != nil {
			errs = append(errs, f.Close())
		}
	}
	return errors.Join(errs...)
}

func corruptAt(path string, off int64, format string, args ...any) error {
	return &CorruptError{File: path, Offset: off, Reason: fmt.Sprintf(format, args...)}
}

// fail makes err sticky: after a failed write or sync the state of the files is unknown.
func (e *shadowEngine) fail(err error) error {
	if e.err == nil {
		e.err = err
	}
	return err
}

// load opens the store: see "Open" in the file comment.
func (e *shadowEngine) load() (*recovered, error) {
	rec := &recovered{values: make(map[string][]byte)}
	rec.report = RecoveryReport{Strategy: StrategyShadow, TruncatedAt: -1}

	names, err := e.fs.List(e.dir)
	if err != nil {
		return nil, fmt.Errorf("recovery: list %s: %w", e.dir, err)
	}
	gens := make(map[uint64]string)
	for _, n := range names {
		if g, ok := parseVersionsName(n); ok {
			gens[g] = filepath.Join(e.dir, n)
		}
	}

	dirty := false // a directory entry changed and needs SyncDir
	var maps [2]*shadowMap
	var torn [2]error
	var slotSize [2]int64
	for i := range e.slots {
		p := e.slotPath(i)
		_, statErr := e.fs.Stat(p)
		f, err := e.fs.OpenReadWrite(p)
		if err != nil {
			return nil, fmt.Errorf("recovery: open %s: %w", p, err)
		}
		e.slots[i] = f
		if errors.Is(statErr, os.ErrNotExist) {
			dirty = true
		}
		maps[i], slotSize[i], torn[i], err = readMapSlot(f, p)
		if err != nil {
			return nil, err
		}
		e.slotLen[i] = slotSize[i]
	}
	win := -1
	for i, m := range maps {
		if m != nil && (win < 0 || m.seq > maps[win].seq) {
			win = i
		}
	}
	if maps[0] != nil && maps[1] != nil && maps[0].seq == maps[1].seq {
		return nil, corruptAt(e.slotPath(1), int64(headerFrameLen), "both map slots have seq %d", maps[0].seq)
	}

	if win < 0 {
		// No map: a new store, or one whose creation did not finish. Slot 1 is first written
		// after slot 0 holds a synced map, and versions are appended only after that.
		for g, p := range gens {
			if fi, err := e.fs.Stat(p); err == nil && fi.Size() > int64(headerFrameLen) {
				return nil, corruptAt(e.slotPath(0), 0, "no valid map in either slot (%v; %v), but version store %s holds %d bytes", slotState(torn[0], slotSize[0]), slotState(torn[1], slotSize[1]), versionsName(g), fi.Size())
			}
		}
		if slotSize[1] > 0 {
			return nil, corruptAt(e.slotPath(1), 0, "no valid map in either slot (%v; %v)", slotState(torn[0], slotSize[0]), slotState(torn[1], slotSize[1]))
		}
		if slotSize[0] > 0 || len(gens) > 0 {
			rec.report.TruncatedAt, rec.report.TruncatedBytes = 0, slotSize[0]
			rec.report.TruncateReason = "the store's creation did not finish; created it anew"
		}
		if err := e.create(gens); err != nil {
			return nil, err
		}
		rec.report.File = e.path
		rec.report.Bytes = e.st.end
		return rec, nil
	}

	m := maps[win]
	e.cur, e.st = win, *m
	e.path = filepath.Join(e.dir, versionsName(m.gen))
	if _, ok := gens[m.gen]; !ok {
		return nil, corruptAt(e.slotPath(win), int64(headerFrameLen), "map (seq %d) refers to version store %s, which is missing", m.seq, versionsName(m.gen))
	}
	rec.report.File = e.path
	f, err := e.fs.OpenReadWrite(e.path)
	if err != nil {
		return nil, fmt.Errorf("recovery: open %s: %w", e.path, err)
	}
	e.f = f
	size, err := f.Size()
	if err != nil {
		return nil, fmt.Errorf("recovery: size of %s: %w", e.path, err)
	}
	if size < m.end {
		return nil, corruptAt(e.path, size, "version store ends at %d, before the end %d recorded in %s (seq %d)", size, m.end, mapSlotName(win), m.seq)
	}
	hb := make([]byte, headerFrameLen)
	if n, err := f.ReadAt(hb, 0); n < len(hb) {
		return nil, fmt.Errorf("recovery: read %s: %w", e.path, err)
	}
	t, p, _, err := decodeFrame(hb, 0)
	if err == nil && t != recHeader {
		err = fmt.Errorf("first record is %v, not a header", t)
	}
	var hdr fileHeader
	if err == nil {
		hdr, err = decodeHeader(p)
	}
	if err != nil {
		return nil, corruptAt(e.path, 0, "bad file header: %v", err)
	}
	if hdr.strategy != StrategyShadow || hdr.kind != fileKindVersions {
		return nil, fmt.Errorf("recovery: %s is not a %v version store (strategy %v, kind %q)", e.path, StrategyShadow, hdr.strategy, hdr.kind)
	}
	e.salt = hdr.salt

	n, err := e.readVersions(rec)
	if err != nil {
		return nil, err
	}
	rec.report.Records = n
	rec.report.Bytes = m.end
	rec.report.Items = len(rec.values)
	rec.report.Prepared = len(rec.prepared)
	rec.report.Committed = int(m.committed)
	rec.report.Aborted = int(m.aborted)
	rec.boot = m.boot

	var reasons []string
	if size > m.end {
		discarded, how := e.scanTail(size)
		rec.report.Discarded = discarded
		rec.report.TruncatedAt, rec.report.TruncatedBytes = m.end, size-m.end
		reasons = append(reasons, fmt.Sprintf("%d bytes of versions past the map's end, written by %d transactions whose commit did not finish%s", size-m.end, discarded, how))
		if err := f.Truncate(m.end); err != nil {
			return nil, fmt.Errorf("recovery: truncate %s: %w", e.path, err)
		}
		if err := f.Sync(); err != nil {
			return nil, fmt.Errorf("recovery: sync %s: %w", e.path, err)
		}
	}
	if other := 1 - win; torn[other] != nil {
		if rec.report.TruncatedAt < 0 {
			rec.report.TruncatedAt = m.end
		}
		reasons = append(reasons, fmt.Sprintf("map slot %s was torn (%v); using %s (seq %d)", mapSlotName(other), torn[other], mapSlotName(win), m.seq))
	}
	rec.report.TruncateReason = strings.Join(reasons, "; ")

	for g, p := range gens {
		if g == m.gen {
			continue
		}
		if err := e.fs.Remove(p); err != nil {
			return nil, fmt.Errorf("recovery: remove leftover version store %s: %w", p, err)
		}
		dirty = true
	}
	if dirty {
		if err := e.fs.SyncDir(e.dir); err != nil {
			return nil, fmt.Errorf("recovery: sync directory %s: %w", e.dir, err)
		}
	}
	e.durable.Store(e.st.end)
	e.updateSize()
	return rec, nil
}

func slotState(torn error, size int64) string {
	if torn == nil && size == 0 {
		return "empty"
	}
	return torn.Error()
}

// create makes a new store: an empty version store of generation 1 and an empty map in slot 0.
// gens are version stores left by an unfinished creation.
func (e *shadowEngine) create(gens map[uint64]string) error {
	e.path = filepath.Join(e.dir, versionsName(1))
	f, err := e.fs.Create(e.path)
	if err != nil {
		return fmt.Errorf("recovery: create %s: %w", e.path, err)
	}
	e.f = f
	e.salt = newSalt()
	hdr := appendFrame(nil, 0, recHeader, appendHeaderPayload(nil, fileHeader{strategy: StrategyShadow, kind: fileKindVersions, salt: e.salt}))
	if _, err := f.WriteAt(hdr, 0); err != nil {
		return fmt.Errorf("recovery: write %s: %w", e.path, err)
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("recovery: sync %s: %w", e.path, err)
	}
	for g, p := range gens {
		if g != 1 {
			if err := e.fs.Remove(p); err != nil {
				return fmt.Errorf("recovery: remove %s: %w", p, err)
			}
		}
	}
	// The version store must be durable before a map can refer to it.
	if err := e.fs.SyncDir(e.dir); err != nil {
		return fmt.Errorf("recovery: sync directory %s: %w", e.dir, err)
	}
	e.st = shadowMap{gen: 1, end: int64(len(hdr)), items: make(map[string]int64)}
	e.cur = 1 // so that the first map goes to slot 0
	if err := e.writeMap(&e.st); err != nil {
		return fmt.Errorf("recovery: %w", err)
	}
	// Both slots' entries: slot 1 is written next (by boot) and must not vanish then.
	if err := e.fs.SyncDir(e.dir); err != nil {
		return fmt.Errorf("recovery: sync directory %s: %w", e.dir, err)
	}
	e.durable.Store(e.st.end)
	e.updateSize()
	return nil
}

// readMapSlot reads one slot. m is nil when the slot holds no valid map: torn says why (nil for
// an empty slot). err is for what a torn write cannot explain (corruption, I/O errors).
func readMapSlot(f vfs.File, path string) (m *shadowMap, size int64, torn, err error) {
	size, err = f.Size()
	if err != nil {
		return nil, 0, nil, fmt.Errorf("recovery: size of %s: %w", path, err)
	}
	if size == 0 {
		return nil, 0, nil, nil
	}
	b := make([]byte, size)
	if n, err := f.ReadAt(b, 0); int64(n) < size {
		return nil, 0, nil, fmt.Errorf("recovery: read %s: %w", path, err)
	}
	t, p, hlen, err := decodeFrame(b, 0)
	if err != nil {
		return nil, size, fmt.Errorf("header: %w", err), nil
	}
	// A frame that checks with salt 0 at offset 0 was written whole: no tear explains these.
	if t != recHeader {
		return nil, size, nil, corruptAt(path, 0, "first record is %v, not a header", t)
	}
	hdr, err := decodeHeader(p)
	if err != nil {
		return nil, size, nil, corruptAt(path, 0, "bad file header: %v", err)
	}
	if hdr.strategy != StrategyShadow || hdr.kind != fileKindMap {
		return nil, size, nil, fmt.Errorf("recovery: %s is not a %v map slot (strategy %v, kind %q)", path, StrategyShadow, hdr.strategy, hdr.kind)
	}
	t, p, _, err = decodeFrame(b[hlen:], hdr.salt)
	if err != nil {
		return nil, size, fmt.Errorf("map record: %w", err), nil
	}
	if t != recMap {
		return nil, size, nil, corruptAt(path, int64(hlen), "record after the header is %v, not a map", t)
	}
	m, err = decodeMapPayload(p)
	if err != nil {
		return nil, size, nil, corruptAt(path, int64(hlen), "%v", err)
	}
	return m, size, nil, nil
}

func appendMapPayload(dst []byte, m *shadowMap, seq uint64) []byte {
	for _, v := range [...]uint64{seq, m.boot, m.gen, uint64(m.end), m.committed, m.aborted} {
		dst = binary.LittleEndian.AppendUint64(dst, v)
	}
	dst = binary.AppendUvarint(dst, uint64(len(m.items)))
	for k, pos := range m.items {
		dst = binary.AppendUvarint(dst, uint64(len(k)))
		dst = append(dst, k...)
		dst = binary.LittleEndian.AppendUint64(dst, uint64(pos))
	}
	dst = binary.AppendUvarint(dst, uint64(len(m.prep)))
	for _, p := range m.prep {
		dst = binary.AppendUvarint(dst, uint64(len(p.enc)))
		dst = append(dst, p.enc...)
	}
	return dst
}

func decodeMapPayload(p []byte) (*shadowMap, error) {
	if len(p) < mapFixedLen {
		return nil, errors.New("map record too short")
	}
	u := func(i int) uint64 { return binary.LittleEndian.Uint64(p[8*i:]) }
	m := &shadowMap{seq: u(0), boot: u(1), gen: u(2), end: int64(u(3)), committed: u(4), aborted: u(5)}
	if m.gen == 0 {
		return nil, errors.New("map names version store generation 0")
	}
	if m.end < int64(headerFrameLen) {
		return nil, fmt.Errorf("map's version store end %d is out of range", m.end)
	}
	inRange := func(pos int64) bool { return pos >= int64(headerFrameLen) && pos < m.end }
	p = p[mapFixedLen:]
	cnt, n := binary.Uvarint(p)
	if n <= 0 || cnt > uint64(len(p)) { // every entry takes at least one byte
		return nil, errors.New("map has a bad item count")
	}
	p = p[n:]
	m.items = make(map[string]int64, cnt)
	for i := uint64(0); i < cnt; i++ {
		kl, n := binary.Uvarint(p)
		if n <= 0 || kl == 0 || kl > MaxKeyLen || kl+8 > uint64(len(p)-n) {
			return nil, fmt.Errorf("map item %d has a bad key length", i)
		}
		key := string(p[n : n+int(kl)])
		pos := int64(binary.LittleEndian.Uint64(p[n+int(kl):]))
		if !inRange(pos) {
			return nil, fmt.Errorf("map item %q has position %d, outside the version store's [%d, %d)", key, pos, headerFrameLen, m.end)
		}
		if _, dup := m.items[key]; dup {
			return nil, fmt.Errorf("map holds %q twice", key)
		}
		m.items[key] = pos
		p = p[n+int(kl)+8:]
	}
	cnt, n = binary.Uvarint(p)
	if n <= 0 || cnt > uint64(len(p)) {
		return nil, errors.New("map has a bad prepared-transaction count")
	}
	p = p[n:]
	locked := make(map[string]TxID) // the store takes each prepared write's exclusive lock again
	for i := uint64(0); i < cnt; i++ {
		l, n := binary.Uvarint(p)
		if n <= 0 || l > uint64(len(p)-n) {
			return nil, fmt.Errorf("map's prepared transaction %d has a bad length", i)
		}
		enc := p[n : n+int(l)]
		txid, gid, in, err := decodeIntentions(enc)
		if err != nil {
			return nil, fmt.Errorf("map's prepared transaction %d: %v", i, err)
		}
		if txid == 0 {
			return nil, fmt.Errorf("map's prepared transaction %d has id 0", i)
		}
		for _, q := range m.prep {
			if q.txid == txid {
				return nil, fmt.Errorf("map holds prepared transaction %v twice", txid)
			}
		}
		for _, it := range in {
			if !inRange(it.Position) {
				return nil, fmt.Errorf("prepared transaction %v's intention for %q has position %d, outside the version store's [%d, %d)", txid, it.Key, it.Position, headerFrameLen, m.end)
			}
			if it.Key == "" {
				return nil, fmt.Errorf("prepared transaction %v has an intention for the empty key", txid)
			}
			if other, ok := locked[it.Key]; ok {
				return nil, fmt.Errorf("prepared transactions %v and %v both write %q", other, txid, it.Key)
			}
			locked[it.Key] = txid
		}
		m.prep = append(m.prep, &shadowPrep{txid: txid, gid: gid, in: in, enc: bytes.Clone(enc)})
		p = p[n+int(l):]
	}
	if len(p) != 0 {
		return nil, fmt.Errorf("map record has %d trailing bytes", len(p))
	}
	return m, nil
}

// versionRef is a version the map refers to: a committed item (prep < 0) or the idx-th write of
// the prep-th prepared transaction.
type versionRef struct {
	pos       int64
	key       string
	prep, idx int
}

// readVersions reads every version the current map refers to into rec: committed values and
// prepared transactions. It returns how many it read.
func (e *shadowEngine) readVersions(rec *recovered) (int, error) {
	refs := make([]versionRef, 0, len(e.st.items))
	for k, pos := range e.st.items {
		refs = append(refs, versionRef{pos: pos, key: k, prep: -1})
	}
	prepared := make(map[TxID]bool, len(e.st.prep))
	for i, p := range e.st.prep {
		prepared[p.txid] = true
		for j, it := range p.in {
			refs = append(refs, versionRef{pos: it.Position, key: it.Key, prep: i, idx: j})
		}
		rec.prepared = append(rec.prepared, &preparedTx{txid: p.txid, gid: p.gid, intentions: p.in, writes: make([]write, len(p.in))})
	}
	slices.SortFunc(refs, func(a, b versionRef) int { return cmp.Compare(a.pos, b.pos) })
	r := versionReader{f: e.f, end: e.st.end, salt: e.salt}
	ahead := 0
	for i, ref := range refs {
		ahead = max(ahead, i)
		for ahead+1 < len(refs) && refs[ahead+1].pos-ref.pos < readAhead {
			ahead++
		}
		v, err := r.value(ref.pos, refs[ahead].pos-ref.pos+4096)
		if err != nil {
			if errors.Is(err, errBadFrame) {
				return 0, corruptAt(e.path, ref.pos, "version of %q: %v", ref.key, err)
			}
			return 0, fmt.Errorf("recovery: read %s: %w", e.path, err)
		}
		if string(v.key) != ref.key {
			return 0, corruptAt(e.path, ref.pos, "version of %q holds key %q", ref.key, v.key)
		}
		if ref.prep < 0 {
			if v.del {
				return 0, corruptAt(e.path, ref.pos, "committed version of %q is a delete", ref.key)
			}
			if prepared[v.txid] {
				return 0, corruptAt(e.path, ref.pos, "committed version of %q was written by %v, which is still prepared", ref.key, v.txid)
			}
			rec.values[ref.key] = bytes.Clone(v.value)
			continue
		}
		p := e.st.prep[ref.prep]
		if v.txid != p.txid || v.del != p.in[ref.idx].Delete {
			return 0, corruptAt(e.path, ref.pos, "version of %q for prepared transaction %v was written by %v (delete %v, want %v)", ref.key, p.txid, v.txid, v.del, p.in[ref.idx].Delete)
		}
		w := write{key: ref.key, del: true}
		if !v.del {
			w = write{key: ref.key, value: bytes.Clone(v.value)}
		}
		rec.prepared[ref.prep].writes[ref.idx] = w
	}
	return len(refs), nil
}

// versionReader reads value records at increasing positions, reading ahead so that versions
// that lie close together cost one read.
type versionReader struct {
	f    vfs.File
	end  int64 // no record may extend past it
	salt uint32
	buf  []byte
	off  int64 // file offset of buf[0]
}

// bytes returns [pos, pos+n), reading [pos, pos+max(n, ahead)) if it is not buffered.
func (r *versionReader) bytes(pos, n, ahead int64) ([]byte, error) {
	if pos >= r.off && pos+n <= r.off+int64(len(r.buf)) {
		return r.buf[pos-r.off : pos-r.off+n], nil
	}
	want := min(max(n, ahead), r.end-pos)
	if cap(r.buf) < int(want) {
		r.buf = make([]byte, want)
	}
	r.buf = r.buf[:want]
	if m, err := r.f.ReadAt(r.buf, pos); int64(m) < want {
		r.buf = r.buf[:0]
		if err == nil || errors.Is(err, io.EOF) {
			err = io.ErrUnexpectedEOF
		}
		return nil, fmt.Errorf("read at offset %d: %w", pos, err)
	}
	r.off = pos
	return r.buf[:n], nil
}

// value decodes the value record at pos. Damage wraps errBadFrame.
func (r *versionReader) value(pos, ahead int64) (valueRecord, error) {
	if pos+frameHeaderLen > r.end {
		return valueRecord{}, fmt.Errorf("%w: frame header runs past the map's end %d", errBadFrame, r.end)
	}
	h, err := r.bytes(pos, frameHeaderLen, ahead)
	if err != nil {
		return valueRecord{}, err
	}
	n := int64(binary.LittleEndian.Uint32(h[4:]))
	if n > MaxRecordLen || pos+frameHeaderLen+n > r.end {
		return valueRecord{}, fmt.Errorf("%w: length %d runs past the map's end %d", errBadFrame, n, r.end)
	}
	b, err := r.bytes(pos, frameHeaderLen+n, ahead)
	if err != nil {
		return valueRecord{}, err
	}
	t, payload, _, err := decodeFrame(b, r.salt)
	if err != nil {
		return valueRecord{}, err
	}
	if t != recValue {
		return valueRecord{}, fmt.Errorf("%w: a %v record, not a value", errBadFrame, t)
	}
	v, err := decodeValue(payload)
	if err != nil {
		return valueRecord{}, fmt.Errorf("%w: %v", errBadFrame, err)
	}
	return v, nil
}

// scanTail counts the transactions whose versions lie past the map's end, for the report. The
// tail may end in a torn append; how says so.
func (e *shadowEngine) scanTail(size int64) (discarded int, how string) {
	sc := newScanner(e.f, size, e.st.end, e.salt)
	txs := make(map[TxID]bool)
	for {
		off, t, payload, err := sc.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			how = fmt.Sprintf(", then a torn append at offset %d: %v", off, err)
			break
		}
		if t != recValue {
			how = fmt.Sprintf(", then a %v record at offset %d", t, off)
			break
		}
		if v, err := decodeValue(payload); err == nil {
			txs[v.txid] = true
		}
	}
	return len(txs), how
}

func (e *shadowEngine) boot(n uint64) error {
	e.st.boot = n
	return e.writeMap(&e.st)
}

// writeMap writes m, as the next map (seq+1), over the older slot and syncs it.
func (e *shadowEngine) writeMap(m *shadowMap) error {
	if e.err != nil {
		return e.err
	}
	slot := 1 - e.cur
	seq := e.st.seq + 1
	salt := newSalt()
	b := appendFrame(e.mbuf[:0], 0, recHeader, appendHeaderPayload(nil, fileHeader{strategy: StrategyShadow, kind: fileKindMap, salt: salt}))
	b, start := beginFrame(b, recMap)
	b = appendMapPayload(b, m, seq)
	if n := len(b) - start - frameHeaderLen; n > MaxRecordLen {
		return e.fail(fmt.Errorf("map of %d items is %d bytes, more than a record may hold (%d)", len(m.items), n, MaxRecordLen))
	}
	b = finishFrame(b, start, salt)
	e.mbuf = b
	f, path := e.slots[slot], e.slotPath(slot)
	if _, err := f.WriteAt(b, 0); err != nil {
		return e.fail(fmt.Errorf("write %s: %w", path, err))
	}
	if err := f.Truncate(int64(len(b))); err != nil {
		return e.fail(fmt.Errorf("truncate %s: %w", path, err))
	}
	if err := f.Sync(); err != nil {
		return e.fail(fmt.Errorf("sync %s: %w", path, err))
	}
	m.seq = seq
	e.cur = slot
	e.slotLen[slot] = int64(len(b))
	return nil
}

func (e *shadowEngine) persist(ops []*op) error {
	if e.err != nil {
		return e.err
	}
	buf := e.buf[:0]
	var start int
	for _, o := range ops {
		if o.kind != opCommit && o.kind != opPrepare {
			continue
		}
		o.intentions = make([]Intention, len(o.writes))
		for i, w := range o.writes {
			o.intentions[i] = Intention{Key: w.key, Position: e.st.end + int64(len(buf)), Delete: w.del}
			buf, start = beginFrame(buf, recValue)
			buf = appendValuePayload(buf, o.txid, w.key, w.value, w.del)
			buf = finishFrame(buf, start, e.salt)
		}
	}
	if cap(buf) <= maxKeptBuf {
		e.buf = buf
	}
	if len(buf) > 0 {
		if _, err := e.f.WriteAt(buf, e.st.end); err != nil {
			return e.fail(fmt.Errorf("write %s at offset %d: %w", e.path, e.st.end, err))
		}
		if err := e.f.Sync(); err != nil {
			return e.fail(fmt.Errorf("sync %s: %w", e.path, err))
		}
		e.st.end += int64(len(buf))
		e.durable.Store(e.st.end)
	}
	for _, o := range ops {
		e.apply(o)
	}
	err := e.writeMap(&e.st)
	e.updateSize()
	return err
}

// apply makes o's effect on the map; o's versions are in the version store.
func (e *shadowEngine) apply(o *op) {
	switch o.kind {
	case opCommit:
		e.st.applyIntentions(o.intentions)
		e.st.committed++
	case opPrepare:
		e.st.prep = append(e.st.prep, newShadowPrep(o.txid, o.gid, o.intentions))
	case opDecide:
		i := slices.IndexFunc(e.st.prep, func(p *shadowPrep) bool { return p.txid == o.txid })
		if i < 0 {
			panic(fmt.Sprintf("recovery: invariant violated: decision for transaction %v, which the shadow map does not hold prepared", o.txid))
		}
		p := e.st.prep[i]
		e.st.prep = slices.Delete(e.st.prep, i, i+1)
		if o.commit {
			e.st.applyIntentions(p.in)
			e.st.committed++
		} else {
			e.st.aborted++
		}
	default:
		panic(fmt.Sprintf("recovery: invariant violated: unknown op kind %d", o.kind))
	}
}

func (m *shadowMap) applyIntentions(in []Intention) {
	for _, it := range in {
		if it.Delete {
			delete(m.items, it.Key)
		} else {
			m.items[it.Key] = it.Position
		}
	}
}

// shadowCheckpoint is one compaction: see "Compaction" in the file comment.
type shadowCheckpoint struct {
	e    *shadowEngine
	snap *snapshot
	// The old generation, as of the start. Persists keep appending to it; run reads only
	// what e.durable says is synced.
	oldF    vfs.File
	oldPath string
	oldSalt uint32
	cut     int64         // old version store's end at the snapshot
	prepOld [][]Intention // per snap.prepared: its intentions in the old generation

	gen      uint64
	appender // the new generation's file
	salt     uint32

	committedAt map[string]int64 // key -> new position of its snapshot value
	moved       map[int64]int64  // old -> new position: prepared-at-cut versions, carried versions
	copied      int64            // old version store is carried over up to here
	swapped     bool             // the new map was written: abandon must not remove the new file
}

func (e *shadowEngine) startCheckpoint(snap *snapshot) (checkpointer, error) {
	if e.err != nil {
		return nil, e.err
	}
	// The store's prepared intentions may predate an earlier compaction: take the engine's.
	prepOld := make([][]Intention, len(snap.prepared))
	for i, pt := range snap.prepared {
		j := slices.IndexFunc(e.st.prep, func(p *shadowPrep) bool { return p.txid == pt.txid })
		if j < 0 || len(e.st.prep[j].in) != len(pt.writes) {
			panic(fmt.Sprintf("recovery: invariant violated: prepared transaction %v of the snapshot does not match the shadow map", pt.txid))
		}
		for k, it := range e.st.prep[j].in {
			if it.Key != pt.writes[k].key {
				panic(fmt.Sprintf("recovery: invariant violated: prepared transaction %v writes %q where the shadow map has %q", pt.txid, pt.writes[k].key, it.Key))
			}
		}
		prepOld[i] = e.st.prep[j].in
	}
	gen := e.st.gen + 1
	path := filepath.Join(e.dir, versionsName(gen))
	f, err := e.fs.Create(path)
	if err != nil {
		return nil, fmt.Errorf("create %s: %w", path, err)
	}
	return &shadowCheckpoint{
		e: e, snap: snap,
		oldF: e.f, oldPath: e.path, oldSalt: e.salt, cut: e.st.end, prepOld: prepOld,
		gen: gen, appender: appender{f: f, path: path}, salt: newSalt(),
		committedAt: make(map[string]int64, len(snap.values)),
		moved:       make(map[int64]int64),
		copied:      e.st.end,
	}, nil
}

func (c *shadowCheckpoint) appendValue(txid TxID, key string, value []byte, del bool) {
	var start int
	c.buf, start = beginFrame(c.buf, recValue)
	c.buf = appendValuePayload(c.buf, txid, key, value, del)
	c.buf = finishFrame(c.buf, start, c.salt)
}

func (c *shadowCheckpoint) run() error {
	c.buf = appendFrame(c.buf, 0, recHeader, appendHeaderPayload(nil, fileHeader{strategy: StrategyShadow, kind: fileKindVersions, salt: c.salt}))
	for k, v := range c.snap.values {
		c.committedAt[k] = c.pos()
		c.appendValue(0, k, v, false)
		if err := c.flush(false); err != nil {
			return err
		}
	}
	for i, pt := range c.snap.prepared {
		for j, w := range pt.writes {
			c.moved[c.prepOld[i][j].Position] = c.pos()
			c.appendValue(pt.txid, w.key, w.value, w.del)
		}
		if err := c.flush(false); err != nil {
			return err
		}
	}
	// Carry over what commits appended meanwhile, until little is left for finish.
	for {
		to := c.e.durable.Load()
		if to-c.copied <= c.e.carryMin {
			break
		}
		if err := c.carry(to); err != nil {
			return err
		}
	}
	if err := c.flush(true); err != nil {
		return err
	}
	if err := c.f.Sync(); err != nil {
		return fmt.Errorf("sync %s: %w", c.path, err)
	}
	// The new file's entry must be durable before a map refers to it; doing it here keeps it
	// out of finish, while commits wait.
	if err := c.e.fs.SyncDir(c.e.dir); err != nil {
		return fmt.Errorf("sync directory %s: %w", c.e.dir, err)
	}
	return nil
}

// carry copies the old version store's records in [c.copied, to) into the new file.
func (c *shadowCheckpoint) carry(to int64) error {
	sc := newScanner(c.oldF, to, c.copied, c.oldSalt)
	for {
		off, t, payload, err := sc.next()
		if err == io.EOF {
			break
		}
		if err == nil && t != recValue {
			err = fmt.Errorf("a %v record", t)
		}
		if err != nil {
			return fmt.Errorf("re-read %s at offset %d: %w", c.oldPath, off, err)
		}
		c.moved[off] = c.pos()
		c.buf = appendFrame(c.buf, c.salt, recValue, payload)
		if err := c.flush(false); err != nil {
			return err
		}
	}
	c.copied = to
	return nil
}

// translate returns the new position of the version of key at old position pos.
func (c *shadowCheckpoint) translate(key string, pos int64) (int64, error) {
	if np, ok := c.moved[pos]; ok {
		return np, nil
	}
	// Not carried and not a prepared transaction's: the item has not changed since the
	// snapshot, so its version is the snapshot's.
	if np, ok := c.committedAt[key]; ok && pos < c.cut {
		return np, nil
	}
	return 0, fmt.Errorf("version of %q at offset %d of %s was not copied to %s", key, pos, c.oldPath, c.path)
}

func (c *shadowCheckpoint) finish() (bool, error) {
	e := c.e
	if e.err != nil {
		return false, e.err
	}
	if err := c.carry(e.st.end); err != nil {
		return false, err
	}
	if err := c.flush(true); err != nil {
		return false, err
	}
	if err := c.f.Sync(); err != nil {
		return false, fmt.Errorf("sync %s: %w", c.path, err)
	}
	nm := &shadowMap{boot: e.st.boot, gen: c.gen, end: c.woff, items: make(map[string]int64, len(e.st.items))}
	for k, pos := range e.st.items {
		np, err := c.translate(k, pos)
		if err != nil {
			return false, err
		}
		nm.items[k] = np
	}
	for _, p := range e.st.prep {
		in := make([]Intention, len(p.in))
		for i, it := range p.in {
			np, ok := c.moved[it.Position]
			if !ok {
				return false, fmt.Errorf("version of %q for prepared transaction %v at offset %d of %s was not copied to %s", it.Key, p.txid, it.Position, c.oldPath, c.path)
			}
			in[i] = Intention{Key: it.Key, Position: np, Delete: it.Delete}
		}
		nm.prep = append(nm.prep, newShadowPrep(p.txid, p.gid, in))
	}
	// From here the new map may become durable, and with it the new generation.
	if err := e.writeMap(nm); err != nil {
		c.f.Close()
		return true, err
	}
	c.swapped = true
	old := e.f
	e.f, e.path, e.salt, e.st = c.f, c.path, c.salt, *nm
	e.durable.Store(e.st.end)
	e.updateSize()
	old.Close()
	if err := e.fs.Remove(c.oldPath); err != nil {
		return true, e.fail(fmt.Errorf("remove %s: %w", c.oldPath, err))
	}
	if err := e.fs.SyncDir(e.dir); err != nil {
		return true, e.fail(fmt.Errorf("sync directory %s: %w", e.dir, err))
	}
	return false, nil
}

func (c *shadowCheckpoint) abandon() {
	if c.swapped {
		return
	}
	c.f.Close()
	_ = c.e.fs.Remove(c.path)
}

func (c *shadowCheckpoint) movedIntentions() map[TxID][]Intention {
	m := make(map[TxID][]Intention, len(c.e.st.prep))
	for _, p := range c.e.st.prep {
		m[p.txid] = p.in
	}
	return m
}
