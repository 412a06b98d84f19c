// Package names holds the rule for the names the manager and the agents share: locations,
// groups, member types, member ids. Both sides check with Valid, so that neither accepts a
// name the other refuses.
package names

import "fmt"

// MaxLen is the longest valid name, in bytes.
const MaxLen = 128

// Valid checks a location, group, type or member name: 1 to MaxLen bytes of letters, digits
// and "-_.:". The error says what is wrong, without the name.
func Valid(s string) error {
	if s == "" {
		return fmt.Errorf("empty")
	}
	if len(s) > MaxLen {
		return fmt.Errorf("longer than %d bytes", MaxLen)
	}
	for i, c := range s {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '-', c == '_', c == '.', c == ':':
		default:
			return fmt.Errorf("character %q at byte %d not allowed (letters, digits, '-', '_', '.', ':')", c, i)
		}
	}
	return nil
}
