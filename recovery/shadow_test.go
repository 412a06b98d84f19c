package recovery

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/wardenft/warden/vfs"
	"github.com/wardenft/warden/vfs/errorfs"
)

func withShadow(o *Options) { o.Strategy = StrategyShadow }

func noAutoCheckpoint(o *Options) { o.CheckpointMultiple = 0 }

// shadowFiles lists the shadow files of dir.
func shadowFiles(t *testing.T, fs vfs.FS, dir string) []string {
	t.Helper()
	names, err := fs.List(dir)
	if err != nil {
		t.Fatal(err)
	}
	return slices.DeleteFunc(names, func(n string) bool { return !strings.HasPrefix(n, shadowFilePrefix) })
}

// readVersionAt decodes the value record at pos of a version store.
func readVersionAt(t *testing.T, fs vfs.FS, path string, pos int64) valueRecord {
	t.Helper()
	b := readAll(t, fs, path)
	_, p, _, err := decodeFrame(b, 0)
	if err != nil {
		t.Fatalf("%s header: %v", path, err)
	}
	hdr, err := decodeHeader(p)
	if err != nil {
		t.Fatal(err)
	}
	typ, p, _, err := decodeFrame(b[pos:], hdr.salt)
	if err != nil || typ != recValue {
		t.Fatalf("%s at %d: %v record, %v", path, pos, typ, err)
	}
	v, err := decodeValue(p)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// readSlot returns the map in a slot, or nil if the slot holds none.
func readSlot(t *testing.T, fs vfs.FS, dir string, i int) *shadowMap {
	t.Helper()
	path := filepath.Join(dir, mapSlotName(i))
	f, err := fs.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m, _, _, err := readMapSlot(f, path)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return m
}

func TestShadowCommitsSurviveReopen(t *testing.T) {
	dir := t.TempDir()
	s := openT(t, dir, withShadow)
	mustCommit(t, s, "a", "1", "b", "2")
	mustCommit(t, s, "a", "3")
	tx := s.Begin()
	if err := tx.Delete(context.Background(), "b"); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	tx = s.Begin() // unfinished: leaves no trace
	if err := tx.Put(context.Background(), "c", []byte("never")); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = openT(t, dir, withShadow)
	defer s.Close()
	wantValue(t, s, "a", "3")
	wantValue(t, s, "b", "")
	wantValue(t, s, "c", "")
	rep := s.Recovery()
	if rep.Strategy != StrategyShadow || rep.Committed != 3 || rep.Items != 1 || rep.TruncatedAt != -1 || rep.Boot != 2 ||
		rep.File != filepath.Join(dir, "shadow.versions.1") {
		t.Fatalf("report = %+v", rep)
	}
	if got, want := shadowFiles(t, vfs.Default, dir), []string{"shadow.map.0", "shadow.map.1", "shadow.versions.1"}; !slices.Equal(got, want) {
		t.Fatalf("files = %v, want %v", got, want)
	}
}

func TestShadowPreparedComesBack(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	s := openT(t, dir, withShadow)
	mustCommit(t, s, "x", "old", "y", "keep")
	keep := s.BeginGlobal("g-keep")
	keep.Put(ctx, "x", []byte("new"))
	keep.Delete(ctx, "y")
	if err := keep.Prepare(); err != nil {
		t.Fatal(err)
	}
	gone := s.BeginGlobal("g-gone")
	gone.Put(ctx, "z", []byte("aborted"))
	if err := gone.Prepare(); err != nil {
		t.Fatal(err)
	}
	in := keep.Intentions()
	if len(in) != 2 || in[0].Key != "x" || in[0].Delete || in[1].Key != "y" || !in[1].Delete {
		t.Fatalf("intentions = %+v", in)
	}
	// The intentions point at the transaction's shadow versions in the version store.
	versions := filepath.Join(dir, "shadow.versions.1")
	for _, it := range in {
		v := readVersionAt(t, vfs.Default, versions, it.Position)
		if string(v.key) != it.Key || v.txid != keep.ID() || v.del != it.Delete {
			t.Fatalf("version at %d = %+v, want %q of %v", it.Position, v, it.Key, keep.ID())
		}
	}
	if err := gone.Abort(); err != nil {
		t.Fatal(err)
	}
	s.Close()

	s = openT(t, dir, withShadow)
	prep := s.Prepared()
	if len(prep) != 1 || prep[0].GlobalID() != "g-keep" || prep[0].ID() != keep.ID() {
		t.Fatalf("Prepared() = %v", prep)
	}
	if got := prep[0].Intentions(); !slices.Equal(got, in) {
		t.Fatalf("recovered intentions = %+v, want %+v", got, in)
	}
	if w := prep[0].Writes(); string(w["x"]) != "new" || w["y"] != nil || len(w) != 2 {
		t.Fatalf("recovered writes = %q", w)
	}
	rep := s.Recovery()
	if rep.Prepared != 1 || rep.Aborted != 1 || rep.Committed != 1 {
		t.Fatalf("report = %+v", rep)
	}
	wantValue(t, s, "x", "old")
	wantValue(t, s, "y", "keep")
	wantValue(t, s, "z", "")
	if err := prep[0].Commit(); err != nil {
		t.Fatal(err)
	}
	s.Close()

	s = openT(t, dir, withShadow)
	defer s.Close()
	if p := s.Prepared(); len(p) != 0 {
		t.Fatalf("Prepared() after the decision = %v", p)
	}
	wantValue(t, s, "x", "new")
	wantValue(t, s, "y", "")
	wantValue(t, s, "z", "")
}

// TestShadowMapSlotsAlternate checks the bbolt-style meta pages: every batch writes the next
// map (seq+1) over the older slot and leaves the other alone.
func TestShadowMapSlotsAlternate(t *testing.T) {
	dir := t.TempDir()
	s := openT(t, dir, withShadow)
	defer s.Close()
	prev := [2]*shadowMap{readSlot(t, vfs.Default, dir, 0), readSlot(t, vfs.Default, dir, 1)}
	if prev[0] == nil || prev[1] == nil || prev[1].seq != prev[0].seq+1 || prev[1].boot != 1 {
		t.Fatalf("after open: slots %+v, %+v; want the creation's map in 0 and the boot's in 1", prev[0], prev[1])
	}
	wantSlot := 0
	for i := range 6 {
		mustCommit(t, s, "k", fmt.Sprint(i))
		now := [2]*shadowMap{readSlot(t, vfs.Default, dir, 0), readSlot(t, vfs.Default, dir, 1)}
		other := 1 - wantSlot
		if now[wantSlot].seq != prev[other].seq+1 {
			t.Fatalf("commit %d: slot %d has seq %d, want %d", i, wantSlot, now[wantSlot].seq, prev[other].seq+1)
		}
		if now[other].seq != prev[other].seq {
			t.Fatalf("commit %d: slot %d changed (seq %d -> %d)", i, other, prev[other].seq, now[other].seq)
		}
		if pos, ok := now[wantSlot].items["k"]; !ok || pos >= now[wantSlot].end {
			t.Fatalf("commit %d: map %+v does not hold k below its end", i, now[wantSlot])
		}
		prev = now
		wantSlot = other
	}
}

// TestShadowDamagedVersionIsCorrupt damages versions the map refers to: open must fail with
// ErrCorrupt naming the version store and the offset, never skip them. Damage to a version no
// map refers to any more is harmless.
func TestShadowDamagedVersionIsCorrupt(t *testing.T) {
	setup := func(t *testing.T) (dir string, live, stale Intention) {
		dir = t.TempDir()
		s := openT(t, dir, withShadow, noAutoCheckpoint)
		defer s.Close()
		commit := func(v string) Intention {
			tx := s.Begin()
			tx.Put(context.Background(), "item", []byte(v))
			if err := tx.Commit(); err != nil {
				t.Fatal(err)
			}
			return tx.Intentions()[0]
		}
		stale = commit("first-version-of-the-item")
		live = commit("second-version-of-the-item")
		mustCommit(t, s, "other", "value")
		return dir, live, stale
	}
	versions := func(dir string) string { return filepath.Join(dir, "shadow.versions.1") }
	patch := func(t *testing.T, path string, off int64, f func(b []byte) []byte) {
		t.Helper()
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, f(b), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		name   string
		damage func(b []byte, pos int64) []byte
	}{
		{"payload bit flip", func(b []byte, pos int64) []byte { b[pos+frameHeaderLen+12] ^= 0x10; return b }},
		{"checksum", func(b []byte, pos int64) []byte { b[pos] ^= 0xff; return b }},
		{"length", func(b []byte, pos int64) []byte { b[pos+5] ^= 0x01; return b }},
		{"zeroed", func(b []byte, pos int64) []byte { clear(b[pos : pos+frameHeaderLen+4]); return b }},
		{"type", func(b []byte, pos int64) []byte { b[pos+8] = byte(recStatus); return b }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir, live, _ := setup(t)
			patch(t, versions(dir), live.Position, func(b []byte) []byte { return tc.damage(b, live.Position) })
			opts := DefaultOptions()
			opts.Strategy, opts.Logger = StrategyShadow, discardLogger()
			_, err := Open(dir, opts)
			if !errors.Is(err, ErrCorrupt) {
				t.Fatalf("Open = %v, want ErrCorrupt", err)
			}
			var ce *CorruptError
			if !errors.As(err, &ce) || ce.File != versions(dir) || ce.Offset != live.Position ||
				!strings.Contains(err.Error(), fmt.Sprintf("offset %d", live.Position)) {
				t.Fatalf("error %q does not name %s at offset %d", err, versions(dir), live.Position)
			}
		})
	}
	t.Run("version store cut short", func(t *testing.T) {
		dir, live, _ := setup(t)
		if err := os.Truncate(versions(dir), live.Position+3); err != nil {
			t.Fatal(err)
		}
		_, err := Open(dir, Options{Strategy: StrategyShadow, Logger: discardLogger()})
		var ce *CorruptError
		if !errors.As(err, &ce) || ce.File != versions(dir) || ce.Offset != live.Position+3 {
			t.Fatalf("Open = %v, want a CorruptError at offset %d of %s", err, live.Position+3, versions(dir))
		}
	})
	t.Run("superseded version", func(t *testing.T) {
		dir, _, stale := setup(t)
		patch(t, versions(dir), stale.Position, func(b []byte) []byte { b[stale.Position+frameHeaderLen+12] ^= 0x10; return b })
		s := openT(t, dir, withShadow)
		defer s.Close()
		wantValue(t, s, "item", "second-version-of-the-item")
	})
}

func TestShadowBothMapSlotsDamagedIsCorrupt(t *testing.T) {
	dir := t.TempDir()
	s := openT(t, dir, withShadow)
	mustCommit(t, s, "a", "1")
	s.Close()
	for i := range 2 {
		path := filepath.Join(dir, mapSlotName(i))
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		b[len(b)-1] ^= 0x01
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	_, err := Open(dir, Options{Strategy: StrategyShadow, Logger: discardLogger()})
	var ce *CorruptError
	if !errors.Is(err, ErrCorrupt) || !errors.As(err, &ce) || ce.File != filepath.Join(dir, "shadow.map.0") {
		t.Fatalf("Open = %v, want ErrCorrupt naming shadow.map.0", err)
	}
}

// TestShadowTailPastMapIsTruncated: versions appended after the map's end (a batch whose map was
// never written, ending in a torn append) are cut off at open and reported.
func TestShadowTailPastMapIsTruncated(t *testing.T) {
	dir := t.TempDir()
	s := openT(t, dir, withShadow)
	mustCommit(t, s, "a", "1")
	s.Close()
	path := filepath.Join(dir, "shadow.versions.1")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	end := int64(len(b))
	_, p, _, _ := decodeFrame(b, 0)
	hdr, _ := decodeHeader(p)
	tail := appendFrame(nil, hdr.salt, recValue, appendValuePayload(nil, TxID(9<<32|1), "a", []byte("uncommitted"), false))
	tail = appendFrame(tail, hdr.salt, recValue, appendValuePayload(nil, TxID(9<<32|1), "b", []byte("uncommitted"), false))
	torn := appendFrame(nil, hdr.salt, recValue, appendValuePayload(nil, TxID(9<<32|1), "c", []byte("torn"), false))
	tail = append(tail, torn[:len(torn)-5]...)
	if err := os.WriteFile(path, append(b, tail...), 0o644); err != nil {
		t.Fatal(err)
	}

	s = openT(t, dir, withShadow)
	rep := s.Recovery()
	wantValue(t, s, "a", "1")
	wantValue(t, s, "b", "")
	s.Close()
	if rep.TruncatedAt != end || rep.TruncatedBytes != int64(len(tail)) || rep.Discarded != 1 || !strings.Contains(rep.TruncateReason, "past the map's end") {
		t.Fatalf("report = %+v; want %d bytes truncated at %d, 1 transaction discarded", rep, len(tail), end)
	}
	if fi, err := os.Stat(path); err != nil || fi.Size() != end {
		t.Fatalf("version store size after open = %v, %v; want %d", fi.Size(), err, end)
	}
	s = openT(t, dir, withShadow)
	defer s.Close()
	if rep := s.Recovery(); rep.TruncatedAt != -1 {
		t.Fatalf("second open truncated again: %+v", rep)
	}
}

func TestShadowCompaction(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	s := openT(t, dir, withShadow, noAutoCheckpoint)
	for i := range 200 {
		mustCommit(t, s, fmt.Sprintf("k%d", i%20), fmt.Sprint(i))
	}
	mustCommit(t, s, "doomed", "x")
	tx := s.Begin()
	tx.Delete(ctx, "doomed")
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	p := s.BeginGlobal("g")
	p.Put(ctx, "p", []byte("prepared"))
	p.Delete(ctx, "k0")
	if err := p.Prepare(); err != nil {
		t.Fatal(err)
	}
	before := s.Stats().FileBytes
	rep, err := s.Checkpoint()
	if err != nil {
		t.Fatal(err)
	}
	if rep.BytesAfter >= before/4 || rep.BytesBefore != before || rep.Items != 20 || rep.Prepared != 1 {
		t.Fatalf("checkpoint report %+v (before %d)", rep, before)
	}
	if got, want := shadowFiles(t, vfs.Default, dir), []string{"shadow.map.0", "shadow.map.1", "shadow.versions.2"}; !slices.Equal(got, want) {
		t.Fatalf("files after compaction = %v, want %v", got, want)
	}
	mustCommit(t, s, "k1", "after")
	s.Close()

	s = openT(t, dir, withShadow)
	wantValue(t, s, "k0", "180")
	wantValue(t, s, "k1", "after")
	wantValue(t, s, "k19", "199")
	wantValue(t, s, "doomed", "")
	prep := s.Prepared()
	if len(prep) != 1 || prep[0].GlobalID() != "g" {
		t.Fatalf("prepared after compaction: %v", prep)
	}
	// Its intentions now point into the new generation.
	for _, it := range prep[0].Intentions() {
		v := readVersionAt(t, vfs.Default, filepath.Join(dir, "shadow.versions.2"), it.Position)
		if string(v.key) != it.Key || v.txid != p.ID() || v.del != it.Delete {
			t.Fatalf("version at %d = %+v, want %q of %v", it.Position, v, it.Key, p.ID())
		}
	}
	if err := prep[0].Commit(); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s = openT(t, dir, withShadow)
	defer s.Close()
	wantValue(t, s, "p", "prepared")
	wantValue(t, s, "k0", "")
}

// TestShadowCompactionWithConcurrentCommits compacts while committers keep going; with the
// carry-over threshold at zero, run carries over whatever they appended, and finish the rest.
func TestShadowCompactionWithConcurrentCommits(t *testing.T) {
	dir := t.TempDir()
	s := openT(t, dir, withShadow, noAutoCheckpoint)
	s.eng.(*shadowEngine).carryMin = 0
	for i := range 50 {
		mustCommit(t, s, fmt.Sprintf("k%d", i), "0")
	}
	var wg sync.WaitGroup
	stop := make(chan struct{})
	final := make([]int, 4)
	for w := range final {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 1; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				tx := s.Begin()
				tx.Put(context.Background(), fmt.Sprintf("w%d", w), []byte(fmt.Sprint(i)))
				tx.Put(context.Background(), fmt.Sprintf("k%d", (w*13+i)%50), []byte(fmt.Sprint(i)))
				if err := tx.Commit(); err != nil {
					if errors.Is(err, ErrLockTimeout) {
						continue
					}
					t.Error(err)
					return
				}
				final[w] = i
			}
		}()
	}
	for range 3 {
		if _, err := s.Checkpoint(); err != nil {
			t.Fatal(err)
		}
	}
	close(stop)
	wg.Wait()
	want := snapshotState(s)
	s.Close()
	s = openT(t, dir, withShadow)
	defer s.Close()
	if got := snapshotState(s); !maps.EqualFunc(got, want, bytes.Equal) {
		t.Fatalf("after reopen:\n got %q\nwant %q", got, want)
	}
	for w, n := range final {
		if n > 0 {
			wantValue(t, s, fmt.Sprintf("w%d", w), fmt.Sprint(n))
		}
	}
	if got, want := shadowFiles(t, vfs.Default, dir), []string{"shadow.map.0", "shadow.map.1", "shadow.versions.4"}; !slices.Equal(got, want) {
		t.Fatalf("files = %v, want %v", got, want)
	}
}

// TestShadowCompactionLeftoversRemoved: version stores of other generations than the map's are
// what an unfinished compaction leaves (the next one, before its map was written; the previous
// one, before it was removed). Open removes them and keeps the state.
func TestShadowCompactionLeftoversRemoved(t *testing.T) {
	dir := t.TempDir()
	s := openT(t, dir, withShadow, noAutoCheckpoint)
	mustCommit(t, s, "a", "1")
	if _, err := s.Checkpoint(); err != nil {
		t.Fatal(err)
	}
	mustCommit(t, s, "b", "2")
	s.Close()
	for _, name := range []string{"shadow.versions.1", "shadow.versions.3"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("half-written compaction"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	s = openT(t, dir, withShadow)
	defer s.Close()
	wantValue(t, s, "a", "1")
	wantValue(t, s, "b", "2")
	if got, want := shadowFiles(t, vfs.Default, dir), []string{"shadow.map.0", "shadow.map.1", "shadow.versions.2"}; !slices.Equal(got, want) {
		t.Fatalf("files = %v, want %v", got, want)
	}
}

func TestShadowStrategyMismatch(t *testing.T) {
	logDir := t.TempDir()
	s := openT(t, logDir)
	mustCommit(t, s, "a", "1")
	s.Close()
	if _, err := Open(logDir, Options{Strategy: StrategyShadow, Logger: discardLogger()}); err == nil || !strings.Contains(err.Error(), "holds a log store") {
		t.Fatalf("opening a log store as shadow: %v", err)
	}

	shadowDir := t.TempDir()
	s = openT(t, shadowDir, withShadow)
	mustCommit(t, s, "a", "1")
	s.Close()
	if _, err := Open(shadowDir, Options{Strategy: StrategyLog, Logger: discardLogger()}); err == nil || !strings.Contains(err.Error(), "holds a shadow store") {
		t.Fatalf("opening a shadow store as log: %v", err)
	}
	// Neither attempt touched the other strategy's files.
	s = openT(t, shadowDir, withShadow)
	defer s.Close()
	wantValue(t, s, "a", "1")
	if names := shadowFiles(t, vfs.Default, logDir); len(names) != 0 {
		t.Fatalf("shadow files created in a log store: %v", names)
	}
}

// memShadow opens a shadow store in "db" on fs.
func memShadow(t *testing.T, fs *vfs.MemFS) *Store {
	t.Helper()
	s, err := Open("db", memOptions(fs, StrategyShadow))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// armedHook calls f for every operation while armed; safe against the writer goroutine.
type armedHook struct {
	mu    sync.Mutex
	armed bool
	f     func(op vfs.Op)
}

func (h *armedHook) set(armed bool) { h.mu.Lock(); h.armed = armed; h.mu.Unlock() }

func (h *armedHook) hook(op vfs.Op) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.armed {
		h.f(op)
	}
}

func isVersions(op vfs.Op) bool {
	return strings.HasPrefix(filepath.Base(op.Path), shadowVersionsPrefix)
}
func isMapSlot(op vfs.Op) bool { return strings.HasPrefix(filepath.Base(op.Path), shadowMapPrefix) }

// TestShadowCrashBetweenVersionSyncAndMapWrite: the new versions are durable but no map refers
// to them. Recovery must drop them and report the cut.
func TestShadowCrashBetweenVersionSyncAndMapWrite(t *testing.T) {
	fs := vfs.NewMem()
	s := memShadow(t, fs)
	defer s.Close()
	mustCommit(t, s, "a", "1")
	var disk *vfs.MemFS
	h := &armedHook{f: func(op vfs.Op) {
		if op.Kind == vfs.OpSync && isVersions(op) && disk == nil {
			disk = fs.CrashClone(vfs.CrashOptions{})
		}
	}}
	fs.SetOpHook(h.hook)
	h.set(true)
	mustCommit(t, s, "a", "2", "b", "2")
	h.set(false)
	if disk == nil {
		t.Fatal("no version-store sync seen")
	}
	r := memShadow(t, disk)
	defer r.Close()
	wantValue(t, r, "a", "1")
	wantValue(t, r, "b", "")
	if rep := r.Recovery(); rep.TruncatedAt <= 0 || rep.TruncatedBytes <= 0 || rep.Discarded != 1 {
		t.Fatalf("report = %+v; want the unmapped versions cut off", rep)
	}
}

// TestShadowTornMapSlotFallsBack tears the map write of a commit at many byte counts: a torn
// slot fails its checksum and the other slot's map (without the commit) wins; only the whole
// write brings the commit.
func TestShadowTornMapSlotFallsBack(t *testing.T) {
	fs := vfs.NewMem()
	s := memShadow(t, fs)
	defer s.Close()
	mustCommit(t, s, "a", "1")
	var before *vfs.MemFS // after the versions were synced, before the map write
	var slot string
	h := &armedHook{f: func(op vfs.Op) {
		switch {
		case op.Kind == vfs.OpSync && isVersions(op):
			before = fs.CrashClone(vfs.CrashOptions{})
		case op.Kind == vfs.OpWrite && isMapSlot(op):
			slot = op.Path
		}
	}}
	fs.SetOpHook(h.hook)
	h.set(true)
	mustCommit(t, s, "a", "2")
	h.set(false)
	if before == nil || slot == "" {
		t.Fatal("commit did not sync versions and write a map slot")
	}
	newMap := readAll(t, fs, slot)
	oldMap := readAll(t, before, slot)
	tears := []int{0, 1, 4, 8, headerFrameLen - 1, headerFrameLen, headerFrameLen + 1, headerFrameLen + frameHeaderLen + 3, len(newMap) - 1, len(newMap)}
	for _, n := range tears {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			disk := before.CrashClone(vfs.CrashOptions{})
			f, err := disk.OpenReadWrite(slot)
			if err != nil {
				t.Fatal(err)
			}
			f.WriteAt(newMap[:n], 0)
			f.Sync()
			f.Close()
			r := memShadow(t, disk)
			defer r.Close()
			rep := r.Recovery()
			if n == len(newMap) {
				wantValue(t, r, "a", "2")
				if rep.TruncatedAt != -1 {
					t.Fatalf("whole map write reported as damage: %+v", rep)
				}
				return
			}
			wantValue(t, r, "a", "1")
			torn := n > len(oldMap) || !bytes.Equal(newMap[:n], oldMap[:n])
			if reported := strings.Contains(rep.TruncateReason, "was torn"); reported != torn {
				t.Fatalf("torn = %v but report = %+v", torn, rep)
			}
		})
	}
}

// TestShadowCompactionFailures fails each file-system operation of a compaction in turn. A
// failure before the new map was written leaves the store working on the old generation, with
// the new file gone; one after fails the store (ErrFailed). Either way a crash then recovers
// every acknowledged commit, and the state is exactly the committed one.
func TestShadowCompactionFailures(t *testing.T) {
	const mutating = errorfs.OpCreate | errorfs.OpOpenReadWrite | errorfs.OpRemove | errorfs.OpSyncDir |
		errorfs.OpWrite | errorfs.OpTruncate | errorfs.OpSync | errorfs.OpRead
	for n := int64(1); ; n++ {
		mem := vfs.NewMem()
		efs := errorfs.Wrap(mem)
		s, err := Open("db", memOptions(efs, StrategyShadow))
		if err != nil {
			t.Fatal(err)
		}
		want := map[string][]byte{}
		for i := range 30 {
			k, v := fmt.Sprintf("k%d", i%7), fmt.Sprint(i)
			mustCommit(t, s, k, v)
			want[k] = []byte(v)
		}
		p := s.BeginGlobal("g")
		p.Put(context.Background(), "p", []byte("prepared"))
		if err := p.Prepare(); err != nil {
			t.Fatal(err)
		}
		inj := efs.AddRule(errorfs.Rule{Ops: mutating, When: errorfs.OnNth(n)})
		_, cerr := s.Checkpoint()
		inj.Remove()
		if inj.Injected() == 0 {
			s.Close()
			if cerr != nil {
				t.Fatalf("Checkpoint with nothing injected: %v", cerr)
			}
			t.Logf("checked failures of the first %d operations of a compaction", n-1)
			return
		}
		switch {
		case cerr == nil:
			t.Fatalf("op %d: Checkpoint succeeded despite an injected failure", n)
		case errors.Is(cerr, ErrFailed):
			if s.Err() == nil {
				t.Fatalf("op %d: Checkpoint = %v but the store did not fail", n, cerr)
			}
		default:
			if s.Err() != nil {
				t.Fatalf("op %d: non-fatal Checkpoint error %v, but the store failed: %v", n, cerr, s.Err())
			}
			if got := shadowFiles(t, mem, "db"); slices.Contains(got, "shadow.versions.2") {
				t.Fatalf("op %d: abandoned compaction left %v", n, got)
			}
			mustCommit(t, s, "k0", "after")
			want["k0"] = []byte("after")
		}
		s.Close()
		disk := mem.CrashClone(vfs.CrashOptions{Rand: rand.New(rand.NewPCG(uint64(n), 7))})
		r, err := Open("db", memOptions(disk, StrategyShadow))
		if err != nil {
			t.Fatalf("op %d (Checkpoint error %v): reopen: %v", n, cerr, err)
		}
		got := snapshotState(r)
		if !maps.EqualFunc(got, want, bytes.Equal) || len(r.Prepared()) != 1 {
			t.Fatalf("op %d: recovered %q with %d prepared, want %q and 1", n, got, len(r.Prepared()), want)
		}
		r.Close()
	}
}

// shadowDriver runs the engine directly, so that a test can interleave commits with the steps of
// a compaction deterministically, and tracks the state each step acknowledges.
type shadowDriver struct {
	t    *testing.T
	e    *shadowEngine
	seq  uint32
	prep map[TxID]*preparedTx

	mu     sync.Mutex // the hook reads acked and flight
	acked  modelState
	flight *modelState // the state if the step in progress completes
}

func newShadowDriver(t *testing.T, fs *vfs.MemFS) *shadowDriver {
	if err := vfs.MkdirAllDurable(fs, "db", 0o755); err != nil {
		t.Fatal(err)
	}
	eng, err := openShadowEngine(fs, "db")
	if err != nil {
		t.Fatal(err)
	}
	e := eng.(*shadowEngine)
	if _, err := e.load(); err != nil {
		t.Fatal(err)
	}
	if err := e.boot(1); err != nil {
		t.Fatal(err)
	}
	return &shadowDriver{t: t, e: e, prep: make(map[TxID]*preparedTx),
		acked: modelState{values: map[string]string{}, prepared: map[string]map[string]string{}}}
}

// writes turns key, value pairs into sorted writes; an empty value deletes.
func writes(kv ...string) []write {
	var ws []write
	for i := 0; i+1 < len(kv); i += 2 {
		w := write{key: kv[i], value: []byte(kv[i+1])}
		if kv[i+1] == "" {
			w = write{key: kv[i], del: true}
		}
		ws = append(ws, w)
	}
	slices.SortFunc(ws, func(a, b write) int { return strings.Compare(a.key, b.key) })
	return ws
}

func (d *shadowDriver) persist(o *op, next modelState) {
	d.t.Helper()
	d.mu.Lock()
	d.flight = &next
	d.mu.Unlock()
	if err := d.e.persist([]*op{o}); err != nil {
		d.t.Fatal(err)
	}
	d.mu.Lock()
	d.acked, d.flight = next, nil
	d.mu.Unlock()
}

func applyWrites(values map[string]string, ws []write) {
	for _, w := range ws {
		if w.del {
			delete(values, w.key)
		} else {
			values[w.key] = string(w.value)
		}
	}
}

func (d *shadowDriver) commit(kv ...string) {
	d.seq++
	o := &op{kind: opCommit, txid: TxID(1<<32 | uint64(d.seq)), writes: writes(kv...)}
	next := d.acked.clone()
	applyWrites(next.values, o.writes)
	d.persist(o, next)
}

func (d *shadowDriver) prepare(gid string, kv ...string) TxID {
	d.seq++
	o := &op{kind: opPrepare, txid: TxID(1<<32 | uint64(d.seq)), gid: gid, writes: writes(kv...)}
	next := d.acked.clone()
	next.prepared[gid] = map[string]string{}
	for _, w := range o.writes {
		next.prepared[gid][w.key] = string(w.value)
	}
	d.persist(o, next)
	d.prep[o.txid] = &preparedTx{txid: o.txid, gid: gid, writes: o.writes, intentions: o.intentions}
	return o.txid
}

func (d *shadowDriver) decide(txid TxID, commit bool) {
	p := d.prep[txid]
	o := &op{kind: opDecide, txid: txid, gid: p.gid, writes: p.writes, commit: commit}
	next := d.acked.clone()
	delete(next.prepared, p.gid)
	if commit {
		applyWrites(next.values, p.writes)
	}
	d.persist(o, next)
	delete(d.prep, txid)
}

// snapshot is what the store hands a checkpoint: the committed values and prepared transactions.
func (d *shadowDriver) snapshot() *snapshot {
	snap := &snapshot{values: make(map[string][]byte), boot: 1}
	for k, v := range d.acked.values {
		snap.values[k] = []byte(v)
	}
	for _, p := range d.prep {
		snap.prepared = append(snap.prepared, p)
	}
	slices.SortFunc(snap.prepared, func(a, b *preparedTx) int { return int(a.txid - b.txid) })
	return snap
}

// TestShadowCrashMidCompaction crashes at every mutating file-system operation of a workload
// around a compaction, with commits, prepares and decisions between its start and run, and
// between run and finish, so that both carry-overs and every kind of position translation
// happen. Every crash must recover exactly the acknowledged state (or the one in flight), with
// one version store left.
func TestShadowCrashMidCompaction(t *testing.T) {
	seed := testSeed(t)
	fs := vfs.NewMem()
	d := newShadowDriver(t, fs)
	d.e.carryMin = 0

	d.commit("a", "1", "b", "2", "c", "3", "d", "4")
	p1 := d.prepare("p1", "x", "1", "b", "")
	p2 := d.prepare("p2", "y", "2")
	d.commit("a", "10")

	type point struct {
		op      vfs.Op
		disk    *vfs.MemFS
		allowed []modelState
	}
	var points []point
	fs.SetOpHook(func(op vfs.Op) {
		d.mu.Lock()
		defer d.mu.Unlock()
		allowed := []modelState{d.acked.clone()}
		if d.flight != nil {
			allowed = append(allowed, d.flight.clone())
		}
		points = append(points,
			point{op, fs.CrashClone(vfs.CrashOptions{}), allowed},
			point{op, fs.CrashClone(vfs.CrashOptions{Rand: rand.New(rand.NewPCG(seed, uint64(len(points))))}), allowed})
	})

	cp, err := d.e.startCheckpoint(d.snapshot())
	if err != nil {
		t.Fatal(err)
	}
	// After the cut, before run: decided, new prepared, overwritten and deleted items.
	d.decide(p1, true)
	d.decide(p2, false)
	p3 := d.prepare("p3", "z", "3")
	d.commit("a", "11", "c", "")
	if err := cp.run(); err != nil {
		t.Fatal(err)
	}
	// After run, before finish.
	d.commit("d", "40", "e", "5")
	p4 := d.prepare("p4", "w", "4", "a", "")
	if fatal, err := cp.finish(); err != nil {
		t.Fatalf("finish: fatal %v, %v", fatal, err)
	}
	// After the swap.
	d.commit("x", "100")
	d.decide(p3, true)
	d.decide(p4, false)
	fs.SetOpHook(nil)
	if d.e.st.gen != 2 {
		t.Fatalf("compaction left generation %d", d.e.st.gen)
	}
	d.e.close()

	for i, p := range points {
		got, err := recoverFrom(p.disk, StrategyShadow)
		if err != nil {
			t.Fatalf("crash point %d (after %v): %v", i, p.op, err)
		}
		if !slices.ContainsFunc(p.allowed, func(m modelState) bool { return equalModel(got, m) }) {
			t.Fatalf("crash point %d (after %v): recovered\n  %v\nwant one of\n  %v", i, p.op, got, p.allowed)
		}
		var versions []string
		for _, n := range shadowFiles(t, p.disk, "db") {
			if _, ok := parseVersionsName(n); ok {
				versions = append(versions, n)
			}
		}
		if len(versions) != 1 {
			t.Fatalf("crash point %d (after %v): version stores after recovery: %v", i, p.op, versions)
		}
	}
	t.Logf("%d crash points recovered", len(points))
}

// FuzzOpenShadow opens a shadow store one of whose files (map slot 0, map slot 1 or the version
// store) holds arbitrary bytes. Open must fail cleanly or recover a state that a second Open
// finds again, with nothing left to repair.
func FuzzOpenShadow(f *testing.F) {
	real := shadowFuzzSeed(f)
	for i, name := range shadowFuzzFiles {
		b := real[name]
		f.Add(uint8(i), b)
		f.Add(uint8(i), b[:len(b)/2])
		flipped := bytes.Clone(b)
		flipped[len(b)*2/3] ^= 0x08
		f.Add(uint8(i), flipped)
	}
	f.Add(uint8(0), []byte(nil))
	f.Fuzz(func(t *testing.T, which uint8, data []byte) {
		fs := vfs.NewMem()
		if err := fs.MkdirAll("db", 0o755); err != nil {
			t.Fatal(err)
		}
		target := shadowFuzzFiles[int(which)%len(shadowFuzzFiles)]
		for name, b := range real {
			if name == target {
				b = data
			}
			file, err := fs.Create("db/" + name)
			if err != nil {
				t.Fatal(err)
			}
			file.WriteAt(b, 0)
			file.Close()
		}
		opts := memOptions(fs, StrategyShadow)
		s, err := Open("db", opts)
		if err != nil {
			return
		}
		first, prepared := snapshotState(s), len(s.Prepared())
		s.Close()
		s, err = Open("db", opts)
		if err != nil {
			t.Fatalf("second Open failed after the first succeeded: %v", err)
		}
		defer s.Close()
		if rep := s.Recovery(); rep.TruncatedAt != -1 {
			t.Fatalf("second Open repaired again: %v", rep)
		}
		if second := snapshotState(s); !maps.EqualFunc(first, second, bytes.Equal) || len(s.Prepared()) != prepared {
			t.Fatalf("state changed between opens:\nfirst  %q\nsecond %q", first, second)
		}
	})
}

var shadowFuzzFiles = []string{"shadow.map.0", "shadow.map.1", "shadow.versions.2"}

// shadowFuzzSeed builds a real store (commits, a delete, a compaction, a prepared and an aborted
// transaction) and returns its files.
func shadowFuzzSeed(tb testing.TB) map[string][]byte {
	fs := vfs.NewMem()
	s, err := Open("db", memOptions(fs, StrategyShadow))
	if err != nil {
		tb.Fatal(err)
	}
	ctx := context.Background()
	for i := range 6 {
		tx := s.Begin()
		tx.Put(ctx, fmt.Sprintf("acct/%d", i%3), []byte(fmt.Sprint(100+i)))
		if i == 4 {
			tx.Delete(ctx, "acct/0")
		}
		if err := tx.Commit(); err != nil {
			tb.Fatal(err)
		}
		if i == 2 {
			if _, err := s.Checkpoint(); err != nil {
				tb.Fatal(err)
			}
		}
	}
	p := s.BeginGlobal("g-prep")
	p.Put(ctx, "acct/9", []byte("9"))
	p.Prepare()
	a := s.BeginGlobal("g-abort")
	a.Put(ctx, "acct/8", []byte("8"))
	a.Prepare()
	a.Abort()
	s.Close()
	out := make(map[string][]byte)
	for _, name := range shadowFuzzFiles {
		out[name] = readAll(tb, fs, "db/"+name)
	}
	return out
}
