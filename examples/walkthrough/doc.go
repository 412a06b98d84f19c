// Package walkthrough is the code of the README's walkthrough "Adding Warden to a gRPC
// service", kept here so that it compiles: Tally is an ordinary gRPC service (it implements the
// generated warden.counter.v1.Counter server), ServeMember is what makes it a member of a
// WARM_PASSIVE group, and Dial is the client's side. walkthrough_test.go checks that every Go
// block of that README section appears in this package's source, so the README cannot drift
// from code that builds; examples/counter runs the same calls as real processes under a
// manager and agents, killed and restarted.
package walkthrough
