package names

import (
	"strings"
	"testing"
)

func TestValid(t *testing.T) {
	for _, ok := range []string{"a", "host-a", "g1.v2:blue_3", strings.Repeat("x", MaxLen)} {
		if err := Valid(ok); err != nil {
			t.Errorf("Valid(%q) = %v", ok, err)
		}
	}
	for _, tc := range []struct{ name, err string }{
		{"", "empty"},
		{strings.Repeat("x", MaxLen+1), "longer than 128 bytes"},
		{"bad/name", `character '/' at byte 3 not allowed`},
		{"a b", `character ' ' at byte 1 not allowed`},
		{"héllo", `character 'é' at byte 1 not allowed`},
	} {
		if err := Valid(tc.name); err == nil || !strings.Contains(err.Error(), tc.err) {
			t.Errorf("Valid(%q) = %v, want an error with %q", tc.name, err, tc.err)
		}
	}
}
