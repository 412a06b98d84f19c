package replica

import (
	"errors"
	"fmt"
	"testing"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	managerv1 "github.com/wardenft/warden/api/warden/manager/v1"
	replicav1 "github.com/wardenft/warden/api/warden/replica/v1"
)

type nopApp struct{}

func (nopApp) GetState() ([]byte, error) { return nil, nil }
func (nopApp) SetState([]byte) error     { return nil }

// unstartedServer is member m1 of group g, not running: its core and driver are driven by
// hand (no manager answers at its address).
func unstartedServer(t *testing.T) *Server {
	t.Helper()
	cfg := DefaultServerConfig("g", "m1")
	cfg.Managers, cfg.App = []string{"127.0.0.1:1"}, nopApp{}
	s, err := NewServer(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// Every error of the core becomes the status api/warden/replica/v1 "Errors" documents: code,
// ErrorInfo reason in the replica domain, and a Redirect with the view for NOT_PRIMARY and
// STALE_VIEW.
func TestServerStatuses(t *testing.T) {
	s := unstartedServer(t)
	v := View{Epoch: 3, Version: 7, Primary: "m2", Proto: &managerv1.View{GroupId: "g", Epoch: 3, Version: 7, Primary: "m2"}}
	for _, tc := range []struct {
		err      error
		code     codes.Code
		reason   string
		redirect bool
	}{
		{&RedirectError{Err: ErrNotPrimary, View: v}, codes.Unavailable, "NOT_PRIMARY", true},
		{&RedirectError{Err: ErrStaleView, View: v}, codes.Unavailable, "STALE_VIEW", true},
		{fmt.Errorf("%w: x", ErrViewBehind), codes.Unavailable, "VIEW_BEHIND", false},
		{fmt.Errorf("%w: x", ErrNoLease), codes.Unavailable, "NO_LEASE", false},
		{fmt.Errorf("%w: x", ErrNotReady), codes.Unavailable, "NOT_READY", false},
		{ErrAbandoned, codes.Unavailable, "NOT_READY", false},
		{fmt.Errorf("%w: x", ErrRequestExpired), codes.FailedPrecondition, "REQUEST_EXPIRED", false},
		{fmt.Errorf("%w: x", ErrDigestMismatch), codes.DataLoss, "DIGEST_MISMATCH", false},
		{errors.New("boom"), codes.Internal, "", false},
	} {
		st := status.Convert(s.status(tc.err))
		var info *errdetails.ErrorInfo
		var rd *replicav1.Redirect
		for _, d := range st.Details() {
			switch d := d.(type) {
			case *errdetails.ErrorInfo:
				info = d
			case *replicav1.Redirect:
				rd = d
			}
		}
		reason := ""
		if info != nil {
			reason = info.Reason
			if info.Domain != ErrorDomain {
				t.Errorf("%v: domain %q", tc.err, info.Domain)
			}
		}
		if st.Code() != tc.code || reason != tc.reason || (rd != nil) != tc.redirect {
			t.Errorf("%v: %v %q redirect=%v; want %v %q redirect=%v", tc.err, st.Code(), reason, rd != nil, tc.code, tc.reason, tc.redirect)
		}
		if rd != nil && (rd.View.GetVersion() != 7 || rd.View.GetPrimary() != "m2" || rd.MemberId != "m1") {
			t.Errorf("%v: redirect %v", tc.err, rd)
		}
	}
}
