package detect

import (
	"math"
	"time"
)

// A Judge decides from the arrival times of one source's heartbeats whether the source is
// suspected at a given time. Judges are pure: they read no clock, start no goroutine and do no
// I/O; arrival times and now are arguments. They are not safe for concurrent use.
type Judge interface {
	// Observe records a heartbeat that arrived at at, sampling the interval since the last one.
	Observe(at time.Time)
	// Resume records an arrival without sampling the interval before it: the first heartbeat
	// after a suspicion, whose gap is a fault the judge already reported, not the normal
	// behaviour it should learn.
	Resume(at time.Time)
	// Level is the suspicion level at now: phi for PhiJudge, silence/timeout for TimeoutJudge.
	Level(now time.Time) float64
	// Threshold is the level at and above which the source is suspected.
	Threshold() float64
	// SuspectAt is the earliest time at which the source is suspected if nothing arrives
	// before it. Suspect(now) is exactly !now.Before(SuspectAt()). Zero before any arrival.
	SuspectAt() time.Time
}

// Suspect reports whether j suspects its source at now.
func Suspect(j Judge, now time.Time) bool {
	at := j.SuspectAt()
	return !at.IsZero() && !now.Before(at)
}

// JudgeFunc makes the judge of one source (of one incarnation of it) from the heartbeat
// interval the source announced.
type JudgeFunc func(interval time.Duration) Judge

// TimeoutJudge suspects a source once no heartbeat has arrived for Interval x Multiplier: the
// seeds' "interval * 2" with the multiplier as a setting.
type TimeoutJudge struct {
	timeout time.Duration
	last    time.Time
}

// NewTimeoutJudge returns a fixed timeout judge for heartbeats every interval.
func NewTimeoutJudge(cfg TimeoutConfig, interval time.Duration) *TimeoutJudge {
	return &TimeoutJudge{timeout: time.Duration(float64(interval) * cfg.Multiplier)}
}

// Timeout returns the silence after which the judge suspects.
func (j *TimeoutJudge) Timeout() time.Duration { return j.timeout }

func (j *TimeoutJudge) Observe(at time.Time) { j.last = at }
func (j *TimeoutJudge) Resume(at time.Time)  { j.last = at }
func (j *TimeoutJudge) Threshold() float64   { return 1 }

func (j *TimeoutJudge) Level(now time.Time) float64 {
	if j.last.IsZero() || j.timeout <= 0 {
		return 0
	}
	return float64(now.Sub(j.last)) / float64(j.timeout)
}

func (j *TimeoutJudge) SuspectAt() time.Time {
	if j.last.IsZero() {
		return time.Time{}
	}
	return j.last.Add(j.timeout)
}

// PhiJudge is the phi accrual failure detector of Hayashibara, Défago, Yared and Katayama
// (SRDS 2004), in the form Akka and Cassandra use. It keeps the last SampleWindow inter-arrival
// times, models the next one as normal with their mean (plus AcceptablePause) and standard
// deviation (at least MinStdDeviation), and reports
//
//	phi(now) = -log10( P(next arrival is later than now - last arrival) )
//
// so phi = 8 means the silence so far would happen with probability 1e-8 if the source were
// alive. The source is suspected once phi reaches Threshold. The tail is computed with erfc,
// not with the logistic approximation, so SuspectAt can be solved exactly.
type PhiJudge struct {
	cfg     PhiConfig
	samples []float64 // inter-arrival times in seconds, a ring of at most cfg.SampleWindow
	next    int       // where the next sample goes once the ring is full
	sum     float64
	sumSq   float64
	adds    int // samples added since sum and sumSq were last recomputed exactly
	last    time.Time
	z       float64 // standard normal quantile at which phi reaches the threshold
}

// NewPhiJudge returns a phi accrual judge for heartbeats announced every interval. Until real
// samples accumulate, it is seeded as Akka does with two samples interval ± interval/4.
func NewPhiJudge(cfg PhiConfig, interval time.Duration) *PhiJudge {
	n := max(cfg.SampleWindow, 2)
	j := &PhiJudge{cfg: cfg, samples: make([]float64, 0, n), z: phiQuantile(cfg.Threshold)}
	if interval > 0 {
		s := interval.Seconds()
		j.add(s - s/4)
		j.add(s + s/4)
	}
	return j
}

func (j *PhiJudge) add(s float64) {
	if len(j.samples) < cap(j.samples) {
		j.samples = append(j.samples, s)
	} else {
		old := j.samples[j.next]
		j.samples[j.next] = s
		j.next = (j.next + 1) % len(j.samples)
		j.sum -= old
		j.sumSq -= old * old
	}
	j.sum += s
	j.sumSq += s * s
	j.adds++
	if j.adds >= len(j.samples) {
		// Running sums drift by rounding; recompute them once per window.
		j.sum, j.sumSq = 0, 0
		for _, x := range j.samples {
			j.sum += x
			j.sumSq += x * x
		}
		j.adds = 0
	}
}

func (j *PhiJudge) Observe(at time.Time) {
	if !j.last.IsZero() && at.After(j.last) {
		j.add(at.Sub(j.last).Seconds())
	}
	if j.last.IsZero() || at.After(j.last) {
		j.last = at
	}
}

func (j *PhiJudge) Resume(at time.Time) {
	if j.last.IsZero() || at.After(j.last) {
		j.last = at
	}
}

func (j *PhiJudge) Threshold() float64 { return j.cfg.Threshold }

// Mean and StdDeviation return the model of the next inter-arrival time (mean without the
// acceptable pause; the deviation is at least MinStdDeviation).
func (j *PhiJudge) Mean() time.Duration { return seconds(j.mean()) }

func (j *PhiJudge) StdDeviation() time.Duration { return seconds(j.std()) }

// Samples returns the number of inter-arrival times the model rests on.
func (j *PhiJudge) Samples() int { return len(j.samples) }

func (j *PhiJudge) mean() float64 {
	if len(j.samples) == 0 {
		return 0
	}
	return j.sum / float64(len(j.samples))
}

func (j *PhiJudge) std() float64 {
	n := float64(len(j.samples))
	v := 0.0
	if n > 0 {
		m := j.sum / n
		v = j.sumSq/n - m*m
	}
	return max(math.Sqrt(max(v, 0)), j.cfg.MinStdDeviation.Seconds())
}

// Level returns phi at now.
func (j *PhiJudge) Level(now time.Time) float64 {
	if j.last.IsZero() || len(j.samples) == 0 {
		return 0
	}
	silence := now.Sub(j.last).Seconds()
	y := (silence - j.mean() - j.cfg.AcceptablePause.Seconds()) / j.std()
	return phiOf(y)
}

// SuspectAt returns the time phi reaches the threshold: the last arrival plus mean +
// acceptable pause + z x deviation, z being the normal quantile of 10^-threshold.
func (j *PhiJudge) SuspectAt() time.Time {
	if j.last.IsZero() || len(j.samples) == 0 {
		return time.Time{}
	}
	d := j.mean() + j.cfg.AcceptablePause.Seconds() + j.z*j.std()
	return j.last.Add(seconds(math.Max(d, 0)))
}

// phiOf returns -log10(Q(y)), Q the standard normal upper tail, without underflow.
func phiOf(y float64) float64 {
	x := y / math.Sqrt2
	if x < 20 {
		return -math.Log10(0.5 * math.Erfc(x))
	}
	// erfc(x) ~ exp(-x²)/(x√π) (1 - 1/(2x²)), ample at x >= 20.
	lnErfc := -x*x - math.Log(x*math.Sqrt(math.Pi)) + math.Log1p(-1/(2*x*x))
	return -(math.Log(0.5) + lnErfc) / math.Ln10
}

// phiQuantile returns y with phiOf(y) = threshold, by bisection: math.Erfcinv computes
// Erfinv(1-x) and loses most digits for the tiny x of thresholds above about 8.
func phiQuantile(threshold float64) float64 {
	lo, hi := -40.0, 40.0
	for hi < math.MaxFloat64/4 && phiOf(hi) < threshold {
		hi *= 2
	}
	for range 200 {
		mid := (lo + hi) / 2
		if mid == lo || mid == hi {
			break
		}
		if phiOf(mid) < threshold {
			lo = mid
		} else {
			hi = mid
		}
	}
	return hi
}

func seconds(s float64) time.Duration { return time.Duration(math.Round(s * float64(time.Second))) }
