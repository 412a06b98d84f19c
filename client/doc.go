// Package client is Warden's client SDK: it makes an ordinary grpc.ClientConn talk to an
// object group instead of one server. The generated stubs of the application's service are
// used unchanged; only the dial target and the dial options differ.
//
// # Dialing a group
//
//	conn, err := client.NewClient("warden:///counter",
//		client.Config{Managers: []string{"10.0.0.1:7401", "10.0.0.2:7401", "10.0.0.3:7401"}},
//		grpc.WithTransportCredentials(insecure.NewCredentials()))
//	if err != nil { ... }           // only a bad config or target: nothing is dialed yet
//	defer conn.Close()
//	counter := counterv1.NewCounterClient(conn)
//	r, err := counter.Increment(ctx, &counterv1.IncrementRequest{By: 1})
//
// The target is "warden:///GROUP", GROUP being the object group id given to
// GenericFactory.CreateObject. NewClient is grpc.NewClient with DialOptions(cfg) put before
// the caller's options; to build the connection yourself:
//
//	opts, err := client.DialOptions(cfg)
//	conn, err := grpc.NewClient("warden:///counter", append(opts, creds)...)
//
// Those options are the resolver of the "warden" scheme (given to the connection with
// grpc.WithResolvers, not registered globally, since it needs the managers), the unary and
// stream interceptors, and member connection parameters (reconnection backoff from 50ms to
// 2s). A grpc.DialOption cannot be combined from others outside the grpc module, hence a
// slice rather than a single WithManagers option. The options make one client instance:
// one client id for request ids, and one view per group, shared by every connection made
// with them. Make one set per process (or per logical client) and reuse it.
//
// Config: Managers (required; ParseManagers splits a "host:port,host:port" flag),
// ManagerDialOptions (credentials for the managers; plaintext by default), DefaultTimeout
// (5s), BackoffBase/BackoffMax (2ms/100ms), ExpirationSlack (1s), ClientID (random),
// Logger. DefaultConfig gives the defaults; zero fields take them; Validate reports every
// bad field.
//
// # What happens to a call
//
// The resolver watches the group's view from the managers (ObjectGroupManager.WatchView),
// one manager at a time: when its stream fails it moves to the next, resuming from the
// version it holds, and backs off (50ms to 1s) after a round in which none answered. It
// publishes the members' addresses, with the view and the group's state in the resolver
// state's attributes; the service config it publishes selects the group balancer
// (BalancerName), which keeps a connection to every member, so that a backup is connected
// before it becomes the primary.
//
// The unary interceptor gives every call a deadline (the caller's, or DefaultTimeout), a
// request id (this client's id and a counter: the retention id) and an expiration (the
// deadline plus ExpirationSlack), then sends it in attempts until one succeeds, a final
// error comes back, or the deadline passes. Each attempt carries a
// warden.replica.v1.RequestContext, serialized in the metadata key MetadataKey
// ("warden-request-bin"), with the same request id and the version of the newest view the
// client holds. Where an attempt goes depends on the view's replication style:
//
//   - WARM_PASSIVE, COLD_PASSIVE: the primary of the view the attempt carries.
//   - STATELESS, ACTIVE, ACTIVE_WITH_VOTING: the next ready member, round-robin, skipping
//     members this call already failed on while others remain. ACTIVE members order
//     requests among themselves, so one reply is the answer; ACTIVE_WITH_VOTING is sent
//     the same way for now: the client does not vote yet.
//
// # What is retried
//
// An attempt's error is judged by its status and its google.rpc.ErrorInfo of domain
// ReplicaErrorDomain (the replica SDK's contract, api/warden/replica/v1/replica.proto):
//
//	UNAVAILABLE NOT_PRIMARY, STALE_VIEW   adopt the Redirect's view if newer, resend at once
//	                                      (at its primary, under its version); otherwise back off
//	UNAVAILABLE VIEW_BEHIND, NO_LEASE,    back off, resend
//	            NOT_READY (or another reason)
//	UNAVAILABLE without a replica reason  the member is unreachable or its connection broke:
//	                                      another member at once (STATELESS, ACTIVE), or back
//	                                      off until the view changes (passive: the primary)
//	anything else                         returned to the caller as it is: application errors,
//	                                      REQUEST_EXPIRED, DIGEST_MISMATCH, DEADLINE_EXCEEDED
//	                                      from the member, the caller's cancellation
//
// Backing off waits BackoffBase*2^n (capped at BackoffMax, with jitter), n counting the
// call's waits under the views it has seen since the last change, and ends at once when a
// new view arrives: the schedule then starts again from BackoffBase, so that a call that
// waited out a dead primary at BackoffMax retries the promoted one within milliseconds (it
// answers NO_LEASE until its first lease, one round trip to the managers). A new view also
// cancels every attempt in flight that it makes wrong (sent to a primary it deposes or a
// member it removes) and resends the call under it: a primary that hangs (a paused process)
// holds a call only until the manager promotes another member, not until the deadline.
//
// # At-most-once: what a retry means
//
// Every attempt of a call carries the same request id. A member built on the replica SDK
// (package replica) keeps a reply cache keyed by request id, replicated with the updates:
// a retry of a call that did execute, at the same primary or at the one promoted after a
// failover, gets the original reply instead of executing again, and a retry that arrives
// while the first execution is still in flight waits for it. That is what makes it safe to
// retry a call that is not idempotent after an error that does not say whether it ran (a
// connection broken mid-call, a primary that died). So: at-most-once holds only against
// members of a passive group that run the replica SDK. A STATELESS group's members keep no
// reply cache: a call retried after its member failed mid-call may execute twice (on the
// failed member and on the next). Use STATELESS groups for idempotent services.
//
// A call that needs no at-most-once (a read) can say so with the ReadOnly call option: it
// carries no request id, so members neither cache its reply nor look it up. It is routed and
// retried like any other call.
//
// The member refuses a call that arrives after its expiration (REQUEST_EXPIRED): its reply
// may have been dropped from the cache, so running it could run it twice. The client does
// not retry past the deadline either; ExpirationSlack absorbs the members' clock offset.
//
// # Errors
//
// A call ends with nil, with the error a member answered that is not retried (unchanged:
// status.Code and the details are the member's), with the caller's own cancellation
// (CANCELED), or with an *Error when the deadline passed while the client was masking
// faults. *Error has gRPC status UNAVAILABLE and wraps ErrNoView (no manager gave the
// group's view) or ErrUnavailable (no member answered), and the last error it saw:
//
//	group counter: no member answered within 2s (9 attempts): last error: rpc error:
//	code = Unavailable desc = group counter: primary m2 at host-b (10.0.0.2:4100): ...
//
// A call never waits longer than its deadline, and a call without one gets DefaultTimeout.
//
// # Streams
//
// The stream interceptor adds the same request context (an expiration only when the
// caller's context has a deadline) and retries what fails before the stream is established
// (no view yet, no member reachable), for at most DefaultTimeout when the context has no
// deadline. An established stream is not retried and not cancelled by view changes: its
// errors go to the caller, after any Redirect they carry has updated the client's view, so
// that the next stream goes to the right member. Open the stream again to fail over.
//
// # Concurrency and lifetime
//
// Connections and stubs are safe for concurrent use, as with gRPC. The client instance
// behind a set of dial options lives as long as they are referenced; each connection's
// resolver stops watching the managers when the connection is closed (or goes idle; it
// resumes from the version held when a call wakes it).
package client
