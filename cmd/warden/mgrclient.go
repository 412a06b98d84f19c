package main

// What the operator's verbs against a manager share (type, props, group, locations): the
// --manager, --timeout and --output flags, the connection to the first manager that answers,
// errors rendered from the manager's ErrorInfo and BadRequest details, and the two output
// forms (tables, protojson).

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/connectivity"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"

	managerv1 "github.com/wardenft/warden/api/warden/manager/v1"
)

// managerEnv overrides the default of --manager.
const managerEnv = "WARDEN_MANAGER"

// defaultManagerAddrs is the default of --manager: $WARDEN_MANAGER, else the API address
// `warden manager` listens on by default.
func defaultManagerAddrs() string {
	if v := os.Getenv(managerEnv); v != "" {
		return v
	}
	return newManagerCmd().Flags().Lookup("listen").DefValue
}

// addManagerFlags gives a verb (and its subcommands) the flags of every verb that talks to a
// manager.
func addManagerFlags(cmd *cobra.Command) {
	f := cmd.PersistentFlags()
	f.String("manager", defaultManagerAddrs(), "manager API addresses, comma-separated, tried in order until one accepts the connection (env "+managerEnv+")")
	f.Duration("timeout", 10*time.Second, "how long to wait for a manager: connecting and the call together")
	f.StringP("output", "o", "text", "output format: text (tables) or json (protojson: one object, or an array for lists)")
}

// outputFormat checks --output before anything is sent.
func outputFormat(cmd *cobra.Command) (string, error) {
	o, _ := cmd.Flags().GetString("output")
	if o != "text" && o != "json" {
		return "", fmt.Errorf("--output %q: want text or json", o)
	}
	return o, nil
}

// managerAddrs parses --manager.
func managerAddrs(cmd *cobra.Command) ([]string, error) {
	v, _ := cmd.Flags().GetString("manager")
	var addrs []string
	for a := range strings.SplitSeq(v, ",") {
		a = strings.TrimSpace(a)
		if a == "" {
			continue
		}
		if _, _, err := net.SplitHostPort(a); err != nil {
			return nil, fmt.Errorf("--manager %q: %q is not host:port", v, a)
		}
		addrs = append(addrs, a)
	}
	if len(addrs) == 0 {
		return nil, fmt.Errorf("--manager %q: no address (want host:port[,host:port...])", v)
	}
	return addrs, nil
}

// mgr is one verb's session with a manager: the connection, the address it reached, and the
// output settings.
type mgr struct {
	ctx    context.Context
	conn   *grpc.ClientConn
	addr   string
	format string
	out    io.Writer
	errOut io.Writer
}

func (m *mgr) json() bool { return m.format == "json" }
func (m *mgr) props() managerv1.PropertyManagerClient {
	return managerv1.NewPropertyManagerClient(m.conn)
}
func (m *mgr) types() managerv1.TypeRegistryClient { return managerv1.NewTypeRegistryClient(m.conn) }
func (m *mgr) groups() managerv1.ObjectGroupManagerClient {
	return managerv1.NewObjectGroupManagerClient(m.conn)
}
func (m *mgr) factory() managerv1.GenericFactoryClient {
	return managerv1.NewGenericFactoryClient(m.conn)
}

// note writes a remark for the operator on stderr (never on stdout, which scripts read).
func (m *mgr) note(format string, args ...any) {
	fmt.Fprintf(m.errOut, "note: "+format+"\n", args...)
}

// err renders an error of a call to this manager.
func (m *mgr) err(err error) error { return renderError(err, m.addr) }

// withManager connects to the first manager of --manager that accepts the connection and runs
// fn with it, all within --timeout (streaming verbs pass stream=true: then the timeout bounds
// the connection only). Verbs parse and check every argument before calling it, so that a bad
// argument sends nothing.
func withManager(cmd *cobra.Command, stream bool, fn func(*mgr) error) error {
	format, err := outputFormat(cmd)
	if err != nil {
		return err
	}
	addrs, err := managerAddrs(cmd)
	if err != nil {
		return err
	}
	timeout, _ := cmd.Flags().GetDuration("timeout")
	if timeout <= 0 {
		return fmt.Errorf("--timeout %v: must be positive", timeout)
	}
	ctx, cancel := context.WithTimeout(cmd.Context(), timeout)
	defer cancel()
	conn, addr, err := dialFirst(ctx, addrs, timeout)
	if err != nil {
		return err
	}
	defer conn.Close()
	callCtx := ctx
	if stream {
		callCtx = cmd.Context()
	}
	return fn(&mgr{ctx: callCtx, conn: conn, addr: addr, format: format, out: cmd.OutOrStdout(), errOut: cmd.ErrOrStderr()})
}

// dialFirst returns a ready connection to the first address that accepts one. Each address
// gets an equal share of the time left, so that one that drops packets does not use up the
// time of those after it. A call is only ever sent on a ready connection, and never sent
// again to another manager: a write that failed after it was sent may have been applied.
func dialFirst(ctx context.Context, addrs []string, timeout time.Duration) (*grpc.ClientConn, string, error) {
	var fails []string
	for i, addr := range addrs {
		share := time.Hour
		if dl, ok := ctx.Deadline(); ok {
			share = time.Until(dl) / time.Duration(len(addrs)-i)
		}
		actx, cancel := context.WithTimeout(ctx, share)
		conn, err := dialReady(actx, addr)
		cancel()
		if err == nil {
			return conn, addr, nil
		}
		fails = append(fails, fmt.Sprintf("%s: %v", addr, err))
		if ctx.Err() != nil {
			break
		}
	}
	if len(fails) < len(addrs) {
		fails = append(fails, fmt.Sprintf("%s: not tried", strings.Join(addrs[len(fails):], ", ")))
	}
	if ctx.Err() != nil && !errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return nil, "", ctx.Err()
	}
	return nil, "", fmt.Errorf("no manager reachable within %v (--manager %s, --timeout): %s", timeout, strings.Join(addrs, ","), strings.Join(fails, "; "))
}

// dialReady connects to addr and waits until the connection is ready, or fails with why not.
func dialReady(ctx context.Context, addr string) (*grpc.ClientConn, error) {
	var (
		mu      sync.Mutex
		dialErr error
	)
	dialer := func(ctx context.Context, a string) (net.Conn, error) {
		c, err := (&net.Dialer{}).DialContext(ctx, "tcp", a)
		if err != nil {
			mu.Lock()
			dialErr = err
			mu.Unlock()
		}
		return c, err
	}
	conn, err := grpc.NewClient("passthrough:///"+addr, grpc.WithTransportCredentials(insecure.NewCredentials()), grpc.WithContextDialer(dialer))
	if err != nil {
		return nil, err
	}
	conn.Connect()
	for {
		s := conn.GetState()
		if s == connectivity.Ready {
			return conn, nil
		}
		if s == connectivity.TransientFailure || s == connectivity.Shutdown {
			break
		}
		if !conn.WaitForStateChange(ctx, s) {
			break
		}
	}
	conn.Close()
	mu.Lock()
	defer mu.Unlock()
	switch {
	case dialErr != nil:
		var op *net.OpError
		if errors.As(dialErr, &op) && op.Err != nil {
			return nil, op.Err // "connect: connection refused"
		}
		return nil, dialErr
	case ctx.Err() != nil:
		return nil, errors.New("no answer (connection not established in time)")
	default:
		return nil, errors.New("connection failed (not a gRPC server?)")
	}
}

// renderError turns a status from the manager at addr into one readable line, from the
// google.rpc.ErrorInfo reasons of manager.proto and BadRequest field violations.
func renderError(err error, addr string) error {
	st, ok := status.FromError(err)
	if !ok {
		return err
	}
	var info *errdetails.ErrorInfo
	var bad *errdetails.BadRequest
	for _, d := range st.Details() {
		switch d := d.(type) {
		case *errdetails.ErrorInfo:
			info = d
		case *errdetails.BadRequest:
			bad = d
		}
	}
	msg := st.Message()
	if info != nil {
		md := info.GetMetadata()
		switch info.GetReason() {
		case "INVALID_PROPERTY", "UNSUPPORTED_PROPERTY":
			kind := "invalid property"
			if info.GetReason() == "UNSUPPORTED_PROPERTY" {
				kind = "unsupported property"
			}
			s := fmt.Sprintf("%s %s=%s", kind, md["property"], md["value"])
			if md["scope"] != "" {
				s += " (" + md["scope"] + ")"
			}
			return errors.New(s + ": " + md["reason"])
		case "OBJECT_GROUP_NOT_FOUND":
			if g := md["group"]; g != "" {
				return groupNotFound(g)
			}
		case "TYPE_NOT_FOUND":
			if t := md["type"]; t != "" {
				return fmt.Errorf("type %q is not registered (warden type ls lists them)", t)
			}
		case "LOCATION_NOT_FOUND":
			if l := md["location"]; l != "" {
				return fmt.Errorf("location %q is not registered (warden locations lists them)", l)
			}
		case "ALREADY_EXISTS":
			if g := md["group"]; g != "" {
				return fmt.Errorf("object group %q already exists", g)
			}
		case "TYPE_IN_USE":
			return fmt.Errorf("%s (delete those groups first)", msg)
		case "STALE_EPOCH":
			return fmt.Errorf("%s; read the view again (warden group show %s) and retry", msg, md["group"])
		case "NOT_LEADER":
			leader := "no leader known"
			if l := md["leader"]; l != "" {
				leader = "leader at " + l
			}
			return fmt.Errorf("manager %s could not pass the write to the Raft leader (%s); the write may or may not have been applied, check before retrying: %s", addr, leader, msg)
		case "OUTCOME_UNKNOWN":
			return fmt.Errorf("the Raft leader lost its leadership during the write; it may or may not be applied, check before retrying: %s", msg)
		}
		return errors.New(msg)
	}
	if bad != nil && len(bad.GetFieldViolations()) > 0 {
		var parts []string
		for _, v := range bad.GetFieldViolations() {
			d := v.GetDescription()
			if !strings.Contains(d, v.GetField()) {
				d = v.GetField() + ": " + d
			}
			parts = append(parts, d)
		}
		return errors.New(strings.Join(parts, "; "))
	}
	switch st.Code() {
	case codes.DeadlineExceeded:
		return fmt.Errorf("manager %s did not answer within --timeout: %s", addr, msg)
	case codes.Unavailable:
		return fmt.Errorf("manager %s unavailable: %s", addr, msg)
	case codes.Unimplemented:
		return fmt.Errorf("%s does not serve this call (is it a warden manager of this version?): %s", addr, msg)
	case codes.Canceled:
		return errors.New("canceled")
	}
	return fmt.Errorf("manager %s: %s: %s", addr, st.Code(), msg)
}

func groupNotFound(g string) error {
	return fmt.Errorf("object group %q not found (warden group ls lists them)", g)
}

// ---------------------------------------------------------------------------------------------
// Output.

var jsonOptions = protojson.MarshalOptions{UseProtoNames: true}

// printJSON writes one message as indented protojson. protojson varies its whitespace on
// purpose; it is normalised here so that the output is byte-stable for scripts.
func printJSON(w io.Writer, m proto.Message) error {
	b, err := jsonOptions.Marshal(m)
	if err != nil {
		return err
	}
	return writeIndented(w, b)
}

// printJSONList writes the messages as one indented JSON array.
func printJSONList[M proto.Message](w io.Writer, ms []M) error {
	var b bytes.Buffer
	b.WriteByte('[')
	for i, m := range ms {
		if i > 0 {
			b.WriteByte(',')
		}
		j, err := jsonOptions.Marshal(m)
		if err != nil {
			return err
		}
		b.Write(j)
	}
	b.WriteByte(']')
	return writeIndented(w, b.Bytes())
}

// printJSONLine writes one message as a single line of JSON (for streams: one per line).
func printJSONLine(w io.Writer, m proto.Message) error {
	b, err := jsonOptions.Marshal(m)
	if err != nil {
		return err
	}
	var c bytes.Buffer
	if err := json.Compact(&c, b); err != nil {
		return err
	}
	c.WriteByte('\n')
	_, err = w.Write(c.Bytes())
	return err
}

// writeJSONStrings writes a JSON array of strings ([] when empty).
func writeJSONStrings(w io.Writer, ss []string) error {
	if ss == nil {
		ss = []string{}
	}
	b, err := json.Marshal(ss)
	if err != nil {
		return err
	}
	return writeIndented(w, b)
}

func writeIndented(w io.Writer, b []byte) error {
	var out bytes.Buffer
	if err := json.Indent(&out, b, "", "  "); err != nil {
		return err
	}
	out.WriteByte('\n')
	_, err := w.Write(out.Bytes())
	return err
}

// table writes aligned columns; rows are tab-separated.
type table struct{ tw *tabwriter.Writer }

func newTable(w io.Writer, header ...string) *table {
	t := &table{tw: tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)}
	t.row(header...)
	return t
}

func (t *table) row(cells ...string) {
	for i, c := range cells {
		if c == "" {
			cells[i] = "-"
		}
	}
	fmt.Fprintln(t.tw, strings.Join(cells, "\t"))
}

func (t *table) flush() error { return t.tw.Flush() }

// when formats a time for tables: local time to the second.
func when(ts *timestamppb.Timestamp) string {
	if ts == nil {
		return ""
	}
	return ts.AsTime().Local().Format("2006-01-02 15:04:05")
}

// ---------------------------------------------------------------------------------------------
// Arguments.

// verb is the command's path without the binary's name: "group show".
func verb(cmd *cobra.Command) string {
	return strings.TrimPrefix(cmd.CommandPath(), cmd.Root().Name()+" ")
}

// exactArgs is cobra.ExactArgs with a message that names what the arguments are.
func exactArgs(names ...string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) == len(names) {
			for i, a := range args {
				if a == "" {
					return fmt.Errorf("%s: the %s is empty", verb(cmd), names[i])
				}
			}
			return nil
		}
		if len(names) == 0 {
			return fmt.Errorf("%s: takes no arguments, got %s", verb(cmd), strings.Join(quoteAll(args), " "))
		}
		want := "the " + strings.Join(names, ", then the ")
		if len(args) < len(names) {
			return fmt.Errorf("%s: missing argument: want %s", verb(cmd), want)
		}
		return fmt.Errorf("%s: too many arguments (%s): want %s", verb(cmd), strings.Join(quoteAll(args), " "), want)
	}
}

func quoteAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = fmt.Sprintf("%q", s)
	}
	return out
}
