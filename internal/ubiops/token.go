package ubiops

import "strings"

// NormalizeToken returns the bare token: UbiOps hands out tokens that already
// begin with "Token ", and people paste them either way. The prefix alone,
// as left by a template whose token was empty, is no token at all.
func NormalizeToken(token string) string {
	t := strings.TrimSpace(token)
	if strings.EqualFold(t, "token") {
		return ""
	}
	if len(t) >= 6 && strings.EqualFold(t[:6], "token ") {
		t = strings.TrimSpace(t[6:])
	}
	return t
}
