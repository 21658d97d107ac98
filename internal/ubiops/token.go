package ubiops

import "strings"

// NormalizeToken returns the bare token: UbiOps hands out tokens that already
// begin with "Token ", and people paste them either way.
func NormalizeToken(token string) string {
	t := strings.TrimSpace(token)
	if len(t) >= 6 && strings.EqualFold(t[:6], "token ") {
		t = strings.TrimSpace(t[6:])
	}
	return t
}
