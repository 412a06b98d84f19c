// Package analyze is Warden's fault analyzer: it correlates fault events into incidents with
// a root cause, and classifies the faulty subjects as transient, intermittent or permanent.
// It is a pure state machine: events and times in, outputs out. See Analyzer.
package analyze
