package recovery

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"testing"

	"github.com/wardenft/warden/vfs"
)

// FuzzDecodeRecord feeds arbitrary bytes to the frame and payload decoders: they must never
// panic, and whatever they accept must re-encode to the same bytes.
func FuzzDecodeRecord(f *testing.F) {
	const salt uint32 = 0x5eed
	seeds := [][]byte{
		appendFrame(nil, salt, recValue, appendValuePayload(nil, 7, "acct/alice", []byte("100"), false)),
		appendFrame(nil, salt, recValue, appendValuePayload(nil, 7, "acct/bob", nil, true)),
		appendFrame(nil, salt, recIntentions, appendIntentionsPayload(nil, 7, "g-1", []Intention{{Key: "a", Position: 42}, {Key: "b", Position: 99, Delete: true}})),
		appendFrame(nil, salt, recStatus, appendStatusPayload(nil, 7, statusPrepared)),
		appendFrame(nil, salt, recBoot, appendBootPayload(nil, 3)),
		{1, 2, 3},
	}
	for _, b := range seeds {
		f.Add(b, salt)
	}
	header := appendFrame(nil, 0, recHeader, appendHeaderPayload(nil, fileHeader{strategy: StrategyLog, kind: fileKindLog, salt: salt}))
	f.Add(header, uint32(0))
	if *updateCorpus {
		writeCorpus(f, "FuzzDecodeRecord", func(i int) string {
			if i == len(seeds) {
				return fmt.Sprintf("go test fuzz v1\n[]byte(%q)\nuint32(0)\n", header)
			}
			return fmt.Sprintf("go test fuzz v1\n[]byte(%q)\nuint32(%d)\n", seeds[i], salt)
		}, len(seeds)+1)
	}
	f.Fuzz(func(t *testing.T, b []byte, salt uint32) {
		typ, payload, n, err := decodeFrame(b, salt)
		if err != nil {
			if !errors.Is(err, errBadFrame) {
				t.Fatalf("decodeFrame error %v does not wrap errBadFrame", err)
			}
			return
		}
		if got := appendFrame(nil, salt, typ, payload); !bytes.Equal(got, b[:n]) {
			t.Fatalf("re-framed record differs:\n got %x\nwant %x", got, b[:n])
		}
		switch typ {
		case recValue:
			if v, err := decodeValue(payload); err == nil {
				if got := appendValuePayload(nil, v.txid, string(v.key), v.value, v.del); !bytes.Equal(got, payload) {
					t.Fatalf("value payload round trip: got %x want %x", got, payload)
				}
			}
		case recIntentions:
			if txid, gid, in, err := decodeIntentions(payload); err == nil {
				if got := appendIntentionsPayload(nil, txid, gid, in); !bytes.Equal(got, payload) {
					t.Fatalf("intentions payload round trip: got %x want %x", got, payload)
				}
			}
		case recStatus:
			if txid, st, err := decodeStatus(payload); err == nil {
				if got := appendStatusPayload(nil, txid, st); !bytes.Equal(got, payload) {
					t.Fatalf("status payload round trip: got %x want %x", got, payload)
				}
			}
		case recBoot:
			_, _ = decodeBoot(payload)
		case recHeader:
			if h, err := decodeHeader(payload); err == nil {
				if got := appendHeaderPayload(nil, h); !bytes.Equal(got, payload) {
					t.Fatalf("header payload round trip: got %x want %x", got, payload)
				}
			}
		}
	})
}

// FuzzOpen opens a store whose recovery file holds arbitrary bytes. Open must either fail
// cleanly or recover a state; if it recovers, a second Open (after the first repaired any torn
// tail) must find the same state and nothing left to repair.
func FuzzOpen(f *testing.F) {
	for _, seed := range fuzzOpenSeeds(f) {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fs := vfs.NewMem()
		if err := fs.MkdirAll("db", 0o755); err != nil {
			t.Fatal(err)
		}
		file, err := fs.Create("db/" + logFileName)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := file.WriteAt(data, 0); err != nil {
			t.Fatal(err)
		}
		file.Close()
		opts := DefaultOptions()
		opts.FS, opts.Logger = fs, discardLogger()
		s, err := Open("db", opts)
		if err != nil {
			return // a clean error is a fine answer; the point is no panic and no hang
		}
		first := snapshotState(s)
		prepared := len(s.Prepared())
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		s, err = Open("db", opts)
		if err != nil {
			t.Fatalf("second Open failed after the first succeeded: %v", err)
		}
		defer s.Close()
		if rep := s.Recovery(); rep.TruncatedAt != -1 {
			t.Fatalf("second Open truncated again: %v", rep)
		}
		if second := snapshotState(s); !maps.EqualFunc(first, second, bytes.Equal) {
			t.Fatalf("state changed between opens:\nfirst  %q\nsecond %q", first, second)
		}
		if len(s.Prepared()) != prepared {
			t.Fatalf("prepared transactions changed between opens: %d then %d", prepared, len(s.Prepared()))
		}
	})
}

func snapshotState(s *Store) map[string][]byte {
	m := make(map[string][]byte)
	s.Range(func(k string, v []byte) bool { m[k] = v; return true })
	return m
}

var updateCorpus = flag.Bool("update-corpus", false, "rewrite the FuzzOpen seed corpus in testdata/fuzz")

// fuzzOpenSeeds builds recovery files worth starting from: a real one with commits, a prepared
// and an aborted transaction and a checkpoint; that file torn at several places; and with a
// flipped byte in the middle. With -update-corpus they are also written to testdata/fuzz.
func fuzzOpenSeeds(tb testing.TB) [][]byte {
	fs := vfs.NewMem()
	opts := DefaultOptions()
	opts.FS, opts.Logger, opts.CheckpointMultiple = fs, discardLogger(), 0
	s, err := Open("db", opts)
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
	full := readAll(tb, fs, "db/"+logFileName)
	seeds := [][]byte{full, full[:len(full)-3], full[:len(full)/2], full[:headerFrameLen], nil}
	flipped := bytes.Clone(full)
	flipped[len(flipped)/3] ^= 0x40
	seeds = append(seeds, flipped)
	if *updateCorpus {
		writeCorpus(tb, "FuzzOpen", func(i int) string { return fmt.Sprintf("go test fuzz v1\n[]byte(%q)\n", seeds[i]) }, len(seeds))
	}
	return seeds
}

// writeCorpus writes n seed files for a fuzz target into testdata/fuzz/NAME.
func writeCorpus(tb testing.TB, name string, body func(i int) string, n int) {
	dir := filepath.Join("testdata", "fuzz", name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		tb.Fatal(err)
	}
	for i := range n {
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("seed-%d", i)), []byte(body(i)), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
}

func readAll(tb testing.TB, fs vfs.FS, name string) []byte {
	f, err := fs.Open(name)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	n, err := f.Size()
	if err != nil {
		tb.Fatal(err)
	}
	b := make([]byte, n)
	if _, err := f.ReadAt(b, 0); err != nil && n > 0 {
		tb.Fatal(err)
	}
	return b
}
