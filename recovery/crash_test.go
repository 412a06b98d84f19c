package recovery

import (
	"context"
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wardenft/warden/vfs"
	"github.com/wardenft/warden/vfs/errorfs"
)

var seedFlag = flag.Uint64("seed", 0, "seed for randomized recovery tests (0: derive from the clock); printed by every test that uses it")

// testSeed returns the seed for a randomized test and logs how to replay it.
func testSeed(t *testing.T) uint64 {
	t.Helper()
	seed := *seedFlag
	if seed == 0 {
		seed = uint64(time.Now().UnixNano())
	}
	t.Logf("seed %d (replay: go test ./recovery -run '^%s$' -seed %d)", seed, strings.Split(t.Name(), "/")[0], seed)
	return seed
}

var allStrategies = []Strategy{StrategyLog, StrategyShadow}

func forEachStrategy(t *testing.T, f func(t *testing.T, st Strategy)) {
	for _, st := range allStrategies {
		t.Run(st.String(), func(t *testing.T) {
			if st == StrategyShadow {
				if _, err := openShadowEngine(vfs.NewMem(), "probe"); err != nil && strings.Contains(err.Error(), "not built yet") {
					t.Skip("shadow strategy not built yet")
				}
			}
			f(t, st)
		})
	}
}

func memOptions(fs vfs.FS, st Strategy) Options {
	o := DefaultOptions()
	o.FS, o.Strategy, o.Logger = fs, st, discardLogger()
	o.LockTimeout = 5 * time.Second
	o.CheckpointMultiple = 0
	// Small steps, so that every crash point test also crosses preallocated zeros (and the
	// clones stay small).
	o.PreallocateBytes = 512
	return o
}

// modelState is what a store must recover: committed values and the global ids of prepared
// transactions.
type modelState struct {
	values   map[string]string
	prepared map[string]map[string]string // gid -> writes
}

func (m modelState) clone() modelState {
	c := modelState{values: maps.Clone(m.values), prepared: make(map[string]map[string]string)}
	for g, w := range m.prepared {
		c.prepared[g] = maps.Clone(w)
	}
	return c
}

func (m modelState) String() string {
	return fmt.Sprintf("values %v prepared %v", m.values, m.prepared)
}

func observe(s *Store) modelState {
	m := modelState{values: make(map[string]string), prepared: make(map[string]map[string]string)}
	s.Range(func(k string, v []byte) bool { m.values[k] = string(v); return true })
	for _, tx := range s.Prepared() {
		w := make(map[string]string)
		for k, v := range tx.Writes() {
			w[k] = string(v)
		}
		m.prepared[tx.GlobalID()] = w
	}
	return m
}

func equalModel(a, b modelState) bool {
	if !maps.Equal(a.values, b.values) || len(a.prepared) != len(b.prepared) {
		return false
	}
	for g, w := range a.prepared {
		if bw, ok := b.prepared[g]; !ok || !maps.Equal(w, bw) {
			return false
		}
	}
	return true
}

// crashPoint is the disk a crash would leave at one instant, and how many durable steps had
// been acknowledged by then.
type crashPoint struct {
	op    vfs.Op
	disk  *vfs.MemFS
	acked int
}

// TestCrashPoints runs a sequential workload of commits, prepares, decisions and checkpoints,
// captures the disk a crash would leave after every mutating file-system operation (once with
// exactly what was synced, once with a random part of the unsynced writes kept and the last
// torn), and checks that recovery from each yields exactly the state after the acknowledged
// steps, or after one more (the step in flight): none lost, none invented, prepared ones back.
func TestCrashPoints(t *testing.T) {
	forEachStrategy(t, func(t *testing.T, st Strategy) {
		seed := testSeed(t)
		rng := rand.New(rand.NewPCG(seed, 1))
		fs := vfs.NewMem()
		s, err := Open("db", memOptions(fs, st))
		if err != nil {
			t.Fatal(err)
		}
		ctx := context.Background()
		const accounts = 5
		states := []modelState{{values: map[string]string{}, prepared: map[string]map[string]string{}}}
		cur := states[0].clone()
		step := func(next modelState) { states = append(states, next); cur = next.clone() }

		var mu sync.Mutex
		var points []crashPoint
		fs.SetOpHook(func(op vfs.Op) {
			mu.Lock()
			defer mu.Unlock()
			n := len(states) - 1
			points = append(points,
				crashPoint{op: op, disk: fs.CrashClone(vfs.CrashOptions{}), acked: n},
				crashPoint{op: op, disk: fs.CrashClone(vfs.CrashOptions{Rand: rand.New(rand.NewPCG(seed, uint64(len(points))))}), acked: n})
		})
		ack := func(next modelState) {
			mu.Lock()
			step(next)
			mu.Unlock()
		}

		// Initial balances.
		tx := s.Begin()
		next := cur.clone()
		for i := range accounts {
			k := fmt.Sprintf("acct/%d", i)
			tx.Put(ctx, k, []byte("100"))
			next.values[k] = "100"
		}
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
		ack(next)

		var pending []*Tx // prepared, undecided
		for i := 0; i < 120; i++ {
			switch r := rng.IntN(10); {
			case r < 5: // one-phase transfer
				a, b := rng.IntN(accounts), rng.IntN(accounts)
				if a == b {
					b = (a + 1) % accounts
				}
				ka, kb := fmt.Sprintf("acct/%d", a), fmt.Sprintf("acct/%d", b)
				if isPreparedKey(pending, ka) || isPreparedKey(pending, kb) {
					continue
				}
				tx := s.Begin()
				next := cur.clone()
				next.values[ka] = fmt.Sprint(i)
				next.values[kb] = fmt.Sprint(-i)
				tx.Put(ctx, ka, []byte(next.values[ka]))
				tx.Put(ctx, kb, []byte(next.values[kb]))
				if err := tx.Commit(); err != nil {
					t.Fatal(err)
				}
				ack(next)
			case r < 7: // prepare a global transaction
				k := fmt.Sprintf("item/%d", i)
				gid := fmt.Sprintf("g%d", i)
				tx := s.BeginGlobal(gid)
				tx.Put(ctx, k, []byte(gid))
				if err := tx.Prepare(); err != nil {
					t.Fatal(err)
				}
				next := cur.clone()
				next.prepared[gid] = map[string]string{k: gid}
				ack(next)
				pending = append(pending, tx)
			case r < 9 && len(pending) > 0: // decide one
				j := rng.IntN(len(pending))
				tx := pending[j]
				pending = slices.Delete(pending, j, j+1)
				next := cur.clone()
				w := next.prepared[tx.GlobalID()]
				delete(next.prepared, tx.GlobalID())
				if rng.IntN(2) == 0 {
					if err := tx.Commit(); err != nil {
						t.Fatal(err)
					}
					maps.Copy(next.values, w)
				} else if err := tx.Abort(); err != nil {
					t.Fatal(err)
				}
				ack(next)
			default:
				if i%3 == 0 { // a delete
					k := fmt.Sprintf("acct/%d", rng.IntN(accounts))
					if _, ok := cur.values[k]; !ok {
						continue
					}
					tx := s.Begin()
					tx.Delete(ctx, k)
					if err := tx.Commit(); err != nil {
						t.Fatal(err)
					}
					next := cur.clone()
					delete(next.values, k)
					ack(next)
				} else if _, err := s.Checkpoint(); err != nil {
					t.Fatal(err)
				}
			}
		}
		fs.SetOpHook(nil)
		s.Close()
		if len(points) < 100 {
			t.Fatalf("only %d crash points captured; the workload is not exercising the store", len(points))
		}
		for i, p := range points {
			got, err := recoverFrom(p.disk, st)
			if err != nil {
				t.Fatalf("crash point %d (after %v, %d steps acknowledged): reopen failed: %v", i, p.op, p.acked, err)
			}
			ok := equalModel(got, states[p.acked])
			if !ok && p.acked+1 < len(states) {
				ok = equalModel(got, states[p.acked+1])
			}
			if !ok {
				t.Fatalf("crash point %d (after %v): recovered\n  %v\nwant state after %d acknowledged steps\n  %v", i, p.op, got, p.acked, states[p.acked])
			}
		}
		t.Logf("%d crash points, %d durable steps, all recovered", len(points), len(states)-1)
	})
}

func isPreparedKey(pending []*Tx, key string) bool {
	for _, tx := range pending {
		if _, ok := tx.Writes()[key]; ok {
			return true
		}
	}
	return false
}

// recoverFrom opens the store on a crashed disk, twice (recovery must be repeatable after its
// own repairs), and returns what it holds.
func recoverFrom(disk *vfs.MemFS, st Strategy) (modelState, error) {
	var first modelState
	for round := 0; round < 2; round++ {
		s, err := Open("db", memOptions(disk, st))
		if err != nil {
			return modelState{}, err
		}
		m := observe(s)
		s.Close()
		if round == 0 {
			first = m
		} else if !equalModel(first, m) {
			return modelState{}, fmt.Errorf("second recovery differs: first %v, second %v", first, m)
		}
		// A crash right after recovery must not undo it either.
		disk = disk.CrashClone(vfs.CrashOptions{})
	}
	return first, nil
}

// TestCrashConcurrentTransfers runs 16 goroutines doing transfers between 8 accounts (each
// transfer also writes a marker item naming itself), with checkpoints, and crashes at random
// instants. Every recovered disk must hold the same total money, every transfer acknowledged
// before the crash, and no transfer that was never attempted.
func TestCrashConcurrentTransfers(t *testing.T) {
	forEachStrategy(t, func(t *testing.T, st Strategy) {
		seed := testSeed(t)
		fs := vfs.NewMem()
		opts := memOptions(fs, st)
		s, err := Open("db", opts)
		if err != nil {
			t.Fatal(err)
		}
		ctx := context.Background()
		const accounts, workers, perWorker = 8, 16, 25
		tx := s.Begin()
		for i := range accounts {
			tx.Put(ctx, acct(i), balance(1000))
		}
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}

		var mu sync.Mutex
		acked := map[string]bool{}
		type point struct {
			disk  *vfs.MemFS
			acked []string
		}
		var points []point
		hookRng := rand.New(rand.NewPCG(seed, 2))
		fs.SetOpHook(func(op vfs.Op) {
			mu.Lock()
			defer mu.Unlock()
			if hookRng.IntN(4) != 0 {
				return
			}
			points = append(points, point{
				disk:  fs.CrashClone(vfs.CrashOptions{Rand: rand.New(rand.NewPCG(seed, uint64(len(points))))}),
				acked: slices.Collect(maps.Keys(acked)),
			})
		})

		var wg sync.WaitGroup
		for w := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				rng := rand.New(rand.NewPCG(seed, uint64(100+w)))
				for i := 0; i < perWorker; i++ {
					a, b := rng.IntN(accounts), rng.IntN(accounts-1)
					if b >= a {
						b++
					}
					name := fmt.Sprintf("xfer/%d/%d", w, i)
					if err := transfer(ctx, s, a, b, int64(rng.IntN(50)), name); err != nil {
						if errors.Is(err, ErrLockTimeout) {
							continue
						}
						t.Error(err)
						return
					}
					mu.Lock()
					acked[name] = true
					mu.Unlock()
				}
			}()
			if w == workers/2 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					if _, err := s.Checkpoint(); err != nil {
						t.Error(err)
					}
				}()
			}
		}
		wg.Wait()
		fs.SetOpHook(nil)
		if _, err := s.Checkpoint(); err != nil {
			t.Fatal(err)
		}
		s.Close()
		points = append(points, point{disk: fs.CrashClone(vfs.CrashOptions{}), acked: slices.Collect(maps.Keys(acked))})

		for i, p := range points {
			s, err := Open("db", memOptions(p.disk, st))
			if err != nil {
				t.Fatalf("crash point %d: %v", i, err)
			}
			var total int64
			markers := map[string]bool{}
			s.Range(func(k string, v []byte) bool {
				if strings.HasPrefix(k, "acct/") {
					total += int64(binary.LittleEndian.Uint64(v))
				} else {
					markers[k] = true
				}
				return true
			})
			s.Close()
			if total != accounts*1000 {
				t.Fatalf("crash point %d: total money %d, want %d", i, total, accounts*1000)
			}
			for _, name := range p.acked {
				if !markers[name] {
					t.Fatalf("crash point %d: acknowledged transfer %s lost", i, name)
				}
			}
			for name := range markers {
				var w, n int
				if _, err := fmt.Sscanf(name, "xfer/%d/%d", &w, &n); err != nil || w >= workers || n >= perWorker {
					t.Fatalf("crash point %d: invented item %q", i, name)
				}
			}
		}
		t.Logf("%d crash points checked, %d transfers acknowledged", len(points), len(acked))
	})
}

func acct(i int) string { return fmt.Sprintf("acct/%d", i) }

func balance(v int64) []byte { return binary.LittleEndian.AppendUint64(nil, uint64(v)) }

// transfer moves amount from account a to b and writes the marker item name, in key order
// (never deadlocks), retrying nothing.
func transfer(ctx context.Context, s *Store, a, b int, amount int64, name string) error {
	tx := s.Begin()
	keys := []string{acct(a), acct(b)}
	slices.Sort(keys)
	bal := map[string]int64{}
	for _, k := range keys {
		v, ok, err := tx.GetForUpdate(ctx, k)
		if err != nil {
			tx.Abort()
			return err
		}
		if !ok {
			tx.Abort()
			return fmt.Errorf("account %s missing", k)
		}
		bal[k] = int64(binary.LittleEndian.Uint64(v))
	}
	bal[acct(a)] -= amount
	bal[acct(b)] += amount
	for _, k := range keys {
		if err := tx.Put(ctx, k, balance(bal[k])); err != nil {
			tx.Abort()
			return err
		}
	}
	if err := tx.Put(ctx, name, []byte{1}); err != nil {
		tx.Abort()
		return err
	}
	return tx.Commit()
}

// TestSyncErrorNeverAcknowledges fails the Nth sync (for every N the workload reaches) with EIO
// and checks that the commit waiting on it gets an error, that every later commit fails with
// ErrFailed, that reads still work, and that recovery from the disk holds every commit that was
// acknowledged.
func TestSyncErrorNeverAcknowledges(t *testing.T) {
	forEachStrategy(t, func(t *testing.T, st Strategy) {
		for n := int64(1); ; n++ {
			mem := vfs.NewMem()
			efs := errorfs.Wrap(mem)
			s, err := Open("db", memOptions(efs, st))
			if err != nil {
				t.Fatal(err)
			}
			ctx := context.Background()
			inj := efs.AddRule(errorfs.Rule{Ops: errorfs.OpSync, When: errorfs.OnNth(n), Err: errorfs.ErrInjectedIO})
			var acked []string
			var failedAt = -1
			for i := 0; i < 12; i++ {
				key := fmt.Sprintf("k%d", i)
				tx := s.Begin()
				tx.Put(ctx, key, []byte("v"))
				var err error
				if i%4 == 3 {
					if err = tx.Prepare(); err == nil {
						err = tx.Commit()
					}
				} else {
					err = tx.Commit()
				}
				if err == nil {
					if failedAt >= 0 {
						t.Fatalf("sync %d: commit %d acknowledged after the store failed at %d", n, i, failedAt)
					}
					acked = append(acked, key)
				} else if !errors.Is(err, ErrFailed) {
					t.Fatalf("sync %d: commit %d: error %v is not ErrFailed", n, i, err)
				} else if failedAt < 0 {
					failedAt = i
					if !errors.Is(err, errorfs.ErrInjected) {
						t.Fatalf("sync %d: first failure %v does not carry the injected error", n, err)
					}
				}
				if i == 6 {
					// A checkpoint whose new file cannot be synced fails without failing the
					// store: the old file is still the store's file.
					_, cerr := s.Checkpoint()
					if cerr != nil && failedAt < 0 && s.Err() != nil {
						failedAt = i
					}
				}
			}
			if inj.Injected() == 0 {
				s.Close()
				if n < 5 {
					t.Fatalf("workload used only %d syncs", n-1)
				}
				t.Logf("checked sync failures 1..%d", n-1)
				return
			}
			if failedAt >= 0 && !errors.Is(s.Err(), ErrFailed) {
				t.Fatalf("sync %d: store.Err() = %v", n, s.Err())
			}
			if len(acked) > 0 {
				if _, ok := s.Get(acked[0]); !ok {
					t.Fatalf("sync %d: committed read of %s failed after the store failed", n, acked[0])
				}
			}
			s.Close()
			// After a failed fsync the page cache may or may not have reached the disk: keep a
			// random part of it.
			disk := mem.CrashClone(vfs.CrashOptions{Rand: rand.New(rand.NewPCG(uint64(n), 3))})
			r, err := Open("db", memOptions(disk, st))
			if err != nil {
				t.Fatalf("sync %d: reopen: %v", n, err)
			}
			for _, k := range acked {
				if _, ok := r.Get(k); !ok {
					t.Fatalf("sync %d: acknowledged commit of %s lost", n, k)
				}
			}
			r.Close()
		}
	})
}

// TestWriteErrorFailsStore fails a write with ENOSPC (after writing part of it) and checks that
// the commit fails, the store fails, and the partial write is a torn tail at the next open.
func TestWriteErrorFailsStore(t *testing.T) {
	forEachStrategy(t, func(t *testing.T, st Strategy) {
		mem := vfs.NewMem()
		efs := errorfs.Wrap(mem)
		s, err := Open("db", memOptions(efs, st))
		if err != nil {
			t.Fatal(err)
		}
		mustCommit(t, s, "a", "1")
		efs.AddRule(errorfs.Rule{Ops: errorfs.OpWrite, When: errorfs.OnNth(1), Err: errorfs.ErrInjectedNoSpace, ShortWrite: func(n int) int { return n / 2 }})
		tx := s.Begin()
		tx.Put(context.Background(), "b", []byte(strings.Repeat("x", 100)))
		if err := tx.Commit(); !errors.Is(err, ErrFailed) {
			t.Fatalf("commit with a failing write: %v, want ErrFailed", err)
		}
		tx = s.Begin()
		tx.Put(context.Background(), "c", []byte("1"))
		if err := tx.Commit(); !errors.Is(err, ErrFailed) {
			t.Fatalf("commit after the failure: %v, want ErrFailed", err)
		}
		s.Close()
		r, err := Open("db", memOptions(mem.CrashClone(vfs.CrashOptions{KeepUnsynced: true}), st))
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		wantValue(t, r, "a", "1")
		wantValue(t, r, "b", "")
		wantValue(t, r, "c", "")
	})
}
