package detect_test

import (
	"flag"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/wardenft/warden/detect"
)

var seedFlag = flag.Uint64("seed", 0, "seed of the randomized tests, to replay a failure (0: from the time)")

// testSeed returns the seed of a randomized test and logs it.
func testSeed(t *testing.T) uint64 {
	t.Helper()
	seed := *seedFlag
	if seed == 0 {
		seed = uint64(time.Now().UnixNano())
	}
	t.Logf("seed %d (replay with -seed %d)", seed, seed)
	return seed
}

func TestTimeoutJudge(t *testing.T) {
	j := detect.NewTimeoutJudge(detect.TimeoutConfig{Multiplier: 2.5}, 100*time.Millisecond)
	if !j.SuspectAt().IsZero() || detect.Suspect(j, t0.Add(time.Hour)) {
		t.Fatal("a judge with no arrival suspects")
	}
	j.Observe(t0)
	for _, c := range []struct {
		after   time.Duration
		level   float64
		suspect bool
	}{
		{0, 0, false},
		{125 * time.Millisecond, 0.5, false},
		{250*time.Millisecond - 1, 1 - 1/250e6, false},
		{250 * time.Millisecond, 1, true},
		{time.Second, 4, true},
	} {
		now := t0.Add(c.after)
		if got := j.Level(now); math.Abs(got-c.level) > 1e-9 {
			t.Errorf("Level after %v = %v, want %v", c.after, got, c.level)
		}
		if got := detect.Suspect(j, now); got != c.suspect {
			t.Errorf("Suspect after %v = %v, want %v", c.after, got, c.suspect)
		}
	}
}

// refPhi is the naive phi accrual: recompute mean and deviation from every kept sample.
func refPhi(cfg detect.PhiConfig, samples []float64, silence float64) float64 {
	n := float64(len(samples))
	var sum float64
	for _, s := range samples {
		sum += s
	}
	mean := sum / n
	var v float64
	for _, s := range samples {
		v += (s - mean) * (s - mean)
	}
	std := math.Max(math.Sqrt(v/n), cfg.MinStdDeviation.Seconds())
	y := (silence - mean - cfg.AcceptablePause.Seconds()) / std
	return -math.Log10(0.5 * math.Erfc(y/math.Sqrt2))
}

// TestPhiAgainstReference drives the judge and the naive reference with random traces and
// compares phi, and checks that SuspectAt is where phi crosses the threshold.
func TestPhiAgainstReference(t *testing.T) {
	seed := testSeed(t)
	rng := rand.New(rand.NewPCG(seed, 1))
	for trial := range 200 {
		cfg := detect.PhiConfig{
			Threshold:       1 + rng.Float64()*15,
			MinStdDeviation: time.Duration(1+rng.IntN(50)) * time.Millisecond,
			AcceptablePause: time.Duration(rng.IntN(300)) * time.Millisecond,
			SampleWindow:    2 + rng.IntN(40),
		}
		interval := time.Duration(10+rng.IntN(500)) * time.Millisecond
		j := detect.NewPhiJudge(cfg, interval)
		s := interval.Seconds()
		ref := []float64{s - s/4, s + s/4}
		at := t0
		j.Observe(at)
		for range 1 + rng.IntN(120) {
			gap := time.Duration(float64(interval) * (0.5 + rng.ExpFloat64()*0.5))
			at = at.Add(gap)
			j.Observe(at)
			ref = append(ref, gap.Seconds())
			if len(ref) > cfg.SampleWindow {
				ref = ref[len(ref)-cfg.SampleWindow:]
			}
		}
		for _, silence := range []time.Duration{0, interval / 2, interval, 3 * interval, 10 * interval} {
			got, want := j.Level(at.Add(silence)), refPhi(cfg, ref, silence.Seconds())
			if want > 250 {
				want = got // erfc is subnormal out there and the reference loses its digits; the judge must not
			}
			if math.Abs(got-want) > 1e-6*math.Max(1, want) || math.IsInf(got, 0) || math.IsNaN(got) {
				t.Fatalf("trial %d %+v: phi after %v of silence = %v, reference %v", trial, cfg, silence, got, want)
			}
		}
		sa := j.SuspectAt()
		if detect.Suspect(j, sa.Add(-time.Nanosecond)) || !detect.Suspect(j, sa) {
			t.Fatalf("trial %d: Suspect is not exactly !now.Before(SuspectAt)", trial)
		}
		if lv := j.Level(sa); math.Abs(lv-cfg.Threshold) > 1e-3*cfg.Threshold {
			t.Fatalf("trial %d: phi at SuspectAt = %v, threshold %v", trial, lv, cfg.Threshold)
		}
	}
}

func TestPhiFarTail(t *testing.T) {
	j := detect.NewPhiJudge(detect.LocalPhiConfig(), 100*time.Millisecond)
	j.Observe(t0)
	prev := 0.0
	for _, d := range []time.Duration{time.Second, 10 * time.Second, time.Hour, 1000 * time.Hour} {
		phi := j.Level(t0.Add(d))
		if math.IsInf(phi, 0) || math.IsNaN(phi) || phi <= prev {
			t.Fatalf("phi after %v = %v (after less: %v): want finite and growing", d, phi, prev)
		}
		prev = phi
	}
	// At exactly mean + acceptable pause, P = 1/2: phi = log10(2).
	j = detect.NewPhiJudge(detect.PhiConfig{Threshold: 8, MinStdDeviation: time.Millisecond, AcceptablePause: 50 * time.Millisecond, SampleWindow: 10}, 100*time.Millisecond)
	j.Observe(t0)
	if got := j.Level(t0.Add(150 * time.Millisecond)); math.Abs(got-math.Log10(2)) > 1e-9 {
		t.Errorf("phi at the mean = %v, want log10(2)", got)
	}
}

// trace is one generated run of a heartbeat source, as the detection benchmark makes it: a
// sender every interval whose process is stopped now and then, and crashes at kill.
type trace struct {
	arrivals []time.Time
	kill     time.Time
}

// genTrace makes a trace of about length: the sender is stopped for up to maxPause every
// 300ms-1.5s; each heartbeat arrives 50us-3ms after it is sent; stops delay the send due in
// them to their end; the sender then keeps its schedule from there.
func genTrace(rng *rand.Rand, interval, maxPause, length time.Duration) trace {
	type pause struct{ from, to time.Duration }
	var ps []pause
	for at := time.Second; at < length; {
		at += time.Duration(300+rng.IntN(1200)) * time.Millisecond
		d := time.Duration(1+rng.Int64N(int64(maxPause/time.Millisecond))) * time.Millisecond
		ps = append(ps, pause{at, at + d})
		at += d
	}
	kill := length + time.Duration(rng.Int64N(int64(interval)))
	var tr trace
	next := time.Duration(0)
	for {
		send := next
		for _, p := range ps {
			if send >= p.from && send < p.to {
				send = p.to
			}
		}
		if send >= kill {
			break
		}
		tr.arrivals = append(tr.arrivals, t0.Add(send+time.Duration(50+rng.IntN(3000))*time.Microsecond))
		next += interval
		if next <= send {
			next = send + interval
		}
	}
	tr.kill = t0.Add(kill)
	return tr
}

// replay feeds tr to a RawReceiver as the Receiver would (Check at every deadline before each
// arrival) and returns the false suspicions and the detection time of the crash.
func replay(f detect.JudgeFunc, tr trace) (falsePositives int, detection time.Duration) {
	r := detect.NewRawReceiver(detect.DetectorPhi, f, true, 1)
	var vs []detect.Verdict
	for i, at := range tr.arrivals {
		vs = r.Check(vs[:0], at)
		falsePositives += len(vs)
		vs, _ = r.Observe(vs[:0], detect.Heartbeat{Source: "s", Seq: uint64(i + 1), Incarnation: 1, Interval: 100 * time.Millisecond}, "", at)
	}
	d, ok := r.NextDeadline()
	if !ok {
		return falsePositives, -1
	}
	return falsePositives, d.Sub(tr.kill)
}

// TestJudgesOnGeneratedTraces is the detection benchmark on simulated time: with the Local
// profiles, pauses of up to 150ms never make a suspect and a crash is suspected within 500ms;
// the seeds' interval x 2 does make false suspects.
func TestJudgesOnGeneratedTraces(t *testing.T) {
	seed := testSeed(t)
	const interval = 100 * time.Millisecond
	judges := []struct {
		name    string
		f       detect.JudgeFunc
		wantFPs bool
	}{
		{"phi-local", func(iv time.Duration) detect.Judge { return detect.NewPhiJudge(detect.LocalPhiConfig(), iv) }, false},
		{"timeout-local", func(iv time.Duration) detect.Judge { return detect.NewTimeoutJudge(detect.LocalTimeoutConfig(), iv) }, false},
		{"timeout-x2", func(iv time.Duration) detect.Judge {
			return detect.NewTimeoutJudge(detect.TimeoutConfig{Multiplier: 2}, iv)
		}, true},
	}
	for _, jd := range judges {
		rng := rand.New(rand.NewPCG(seed, 7))
		var fps int
		var det []time.Duration
		for range 100 { // 100 runs of 10s: 1000s of pauses
			tr := genTrace(rng, interval, 150*time.Millisecond, 10*time.Second)
			fp, d := replay(jd.f, tr)
			fps += fp
			det = append(det, d)
		}
		slices.Sort(det)
		t.Logf("%s: %d false positives, detection p50 %v p99 %v max %v", jd.name, fps, det[len(det)/2], det[len(det)*99/100], det[len(det)-1])
		if jd.wantFPs {
			if fps == 0 {
				t.Errorf("%s: no false positives; the trace is too gentle to tell the judges apart", jd.name)
			}
			continue
		}
		if fps != 0 {
			t.Errorf("%s: %d false positives over 1000s of pauses up to 150ms", jd.name, fps)
		}
		if det[0] <= 0 || det[len(det)-1] > 500*time.Millisecond {
			t.Errorf("%s: detection from %v to %v, want within (0, 500ms]", jd.name, det[0], det[len(det)-1])
		}
	}
}
