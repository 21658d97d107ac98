package ubiops

import (
	"strings"
	"unicode"
)

// Authorization schemes a token may be sent with.
const (
	// SchemeToken sends a UbiOps API token (a service user's credential).
	SchemeToken = "Token"
	// SchemeBearer sends an access token obtained by signing in.
	SchemeBearer = "Bearer"
)

// ParseToken splits a credential into its Authorization scheme and its bare
// value. "Bearer <access>" and "Token <t>" name their scheme (the word in any
// letter case); a bare value means Token, as UbiOps' SDK assumes. UbiOps
// hands out API tokens that already begin with "Token ", and people paste
// them either way. A scheme word alone, as left by a template whose token
// was empty, is no credential: value is then "".
func ParseToken(token string) (scheme, value string) {
	t := strings.TrimSpace(token)
	for _, s := range []string{SchemeToken, SchemeBearer} {
		if strings.EqualFold(t, s) {
			return s, ""
		}
		if len(t) > len(s) && strings.EqualFold(t[:len(s)], s) && unicode.IsSpace(rune(t[len(s)])) {
			return s, strings.TrimSpace(t[len(s):])
		}
	}
	return SchemeToken, t
}

// NormalizeToken returns the bare value of a credential given with or
// without its scheme word ("Token " or "Bearer "), or "" when there is none.
func NormalizeToken(token string) string {
	_, value := ParseToken(token)
	return value
}
