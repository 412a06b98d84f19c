package main

import (
	"github.com/wardenft/warden/bench/internal/sysinfo"

	"fmt"
	"io"
	"runtime"
	"text/tabwriter"
)

// report is everything one run measured. -json prints it as is.
type report struct {
	Machine machine        `json:"machine"`
	Command string         `json:"command"` // the command line that reproduces the run
	Config  runConfig      `json:"config"`
	Systems []systemResult `json:"systems"`
	Targets []targetResult `json:"targets"`
	Filters []string       `json:"filters"` // the subscriptions' CEL filters
	Seconds float64        `json:"seconds"` // wall-clock length of the whole run
}

type machine struct {
	CPUs       int    `json:"cpus"`
	GOMAXPROCS int    `json:"gomaxprocs"`
	GOOS       string `json:"goos"`
	GOARCH     string `json:"goarch"`
	GoVersion  string `json:"go_version"`
	Kernel     string `json:"kernel,omitempty"`
	CPUModel   string `json:"cpu_model,omitempty"`
}

type runConfig struct {
	Quick        bool   `json:"quick"`
	Events       int    `json:"events"`
	InterpEvents int    `json:"interp_events"`
	StreamEvents int    `json:"stream_events"`
	Subs         int    `json:"subs"`
	Queue        int    `json:"queue"`
	StreamQueue  int    `json:"stream_queue"`
	Rounds       int    `json:"rounds"`
	Seed         uint64 `json:"seed"`
}

// systemResult is one system's median run.
type systemResult struct {
	Name               string  `json:"name"`
	About              string  `json:"about"`
	Runs               int     `json:"runs"`
	Events             int     `json:"events"` // per run
	EventsPerS         float64 `json:"events_per_s"`
	MinEventsPerS      float64 `json:"min_events_per_s"`
	MaxEventsPerS      float64 `json:"max_events_per_s"`
	DeliveriesPerEvent float64 `json:"deliveries_per_event"`
	Dropped            uint64  `json:"dropped"` // over all runs
	Retries            uint64  `json:"push_retries"`
	Peer               string  `json:"peer"`
	Ratio              float64 `json:"ratio"` // events/s over the peer's
}

func (r report) system(name string) (systemResult, bool) {
	for _, s := range r.Systems {
		if s.Name == name {
			return s, true
		}
	}
	return systemResult{}, false
}

type targetResult struct {
	Name   string  `json:"name"`
	Want   float64 `json:"want"` // at least
	Actual float64 `json:"actual"`
	Status string  `json:"status"` // "met", "missed" or "n/a"
	By     float64 `json:"by"`     // actual/want - 1
}

func judge(name string, want, actual float64, applies bool) targetResult {
	t := targetResult{Name: name, Want: want, Status: "n/a"}
	if !applies {
		return t
	}
	t.Actual, t.By, t.Status = actual, actual/want-1, "met"
	if actual < want {
		t.Status = "missed"
	}
	return t
}

func reproduce(o options) string {
	cmd := fmt.Sprintf("cd bench && go run ./notify -events %d -interp-events %d -stream-events %d -subs %d -queue %d -stream-queue %d -rounds %d -seed %d",
		o.events, o.interpEvents, o.streamEvents, o.subs, o.queue, o.streamQueue, o.rounds, o.seed)
	if o.jsonOut {
		cmd += " -json"
	}
	return cmd
}

func thisMachine() machine {
	return machine{CPUs: runtime.NumCPU(), GOMAXPROCS: runtime.GOMAXPROCS(0), GOOS: runtime.GOOS,
		GOARCH: runtime.GOARCH, GoVersion: runtime.Version(), Kernel: sysinfo.KernelRelease(), CPUModel: sysinfo.CPUModel()}
}

func writeTable(w io.Writer, r report) error {
	m := r.Machine
	cpu := m.CPUModel
	if cpu == "" {
		cpu = "unknown CPU"
	}
	fmt.Fprintf(w, "Warden fault notifier benchmark\n")
	fmt.Fprintf(w, "machine:   %d CPUs (GOMAXPROCS %d), %s, %s/%s, kernel %s, %s\n", m.CPUs, m.GOMAXPROCS, cpu, m.GOOS, m.GOARCH, m.Kernel, m.GoVersion)
	fmt.Fprintf(w, "reproduce: %s\n", r.Command)
	fmt.Fprintf(w, "run:       %.1fs, %d rounds per system, median shown (min..max)\n\n", r.Seconds, r.Config.Rounds)

	section := func(title string, names ...string) {
		fmt.Fprintln(w, title)
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "system\tevents/s\tmin..max\tevents/run\tdeliveries/event\tdropped\tpush retries\tvs peer\t")
		for _, name := range names {
			s, ok := r.system(name)
			if !ok {
				continue
			}
			fmt.Fprintf(tw, "%s\t%.0f\t%.0f..%.0f\t%d\t%.2f\t%d\t%d\t%.2fx %s\t\n", s.Name, s.EventsPerS,
				s.MinEventsPerS, s.MaxEventsPerS, s.Events, s.DeliveriesPerEvent, s.Dropped, s.Retries, s.Ratio, s.Peer)
		}
		tw.Flush()
		fmt.Fprintln(w)
	}
	section(fmt.Sprintf("In-process: %d subscriptions with distinct CEL filters, one channel consumer each (queue %d), one producer",
		r.Config.Subs, r.Config.Queue), sysNotify, sysInterpreted, sysBaseline)
	section(fmt.Sprintf("One gRPC stream on loopback, every event (server queue %d)", r.Config.StreamQueue), sysStream, sysRawStream)

	fmt.Fprintln(w, "targets:")
	for _, t := range r.Targets {
		switch t.Status {
		case "n/a":
			fmt.Fprintf(w, "  %s >= %.0f: n/a (needs -subs 100)\n", t.Name, t.Want)
		default:
			fmt.Fprintf(w, "  %s >= %.0f: %s (%.0f, %+.0f%%)\n", t.Name, t.Want, t.Status, t.Actual, 100*t.By)
		}
	}
	fmt.Fprintln(w, "\nsystems:")
	for _, s := range r.Systems {
		fmt.Fprintf(w, "  %-19s %s\n", s.Name, s.About)
	}
	fmt.Fprintln(w, "\nfilters (the first six shapes; -json lists all):")
	for _, f := range r.Filters[:min(6, len(r.Filters))] {
		fmt.Fprintf(w, "  %s\n", f)
	}
	return nil
}
