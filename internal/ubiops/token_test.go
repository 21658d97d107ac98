package ubiops

import "testing"

func TestParseToken(t *testing.T) {
	type parsed struct{ scheme, value string }
	for given, want := range map[string]parsed{
		"abc123":            {SchemeToken, "abc123"},
		"Token abc123":      {SchemeToken, "abc123"},
		"token   abc123 \n": {SchemeToken, "abc123"},
		"TOKEN abc123":      {SchemeToken, "abc123"},
		"Token\tabc123":     {SchemeToken, "abc123"},
		"Bearer abc123":     {SchemeBearer, "abc123"},
		"bearer  abc123":    {SchemeBearer, "abc123"},
		"BEARER abc123":     {SchemeBearer, "abc123"},
		"Token":             {SchemeToken, ""},
		"Token ":            {SchemeToken, ""},
		"bearer":            {SchemeBearer, ""},
		" Bearer  ":         {SchemeBearer, ""},
		"  ":                {SchemeToken, ""},
		"Tokenabc":          {SchemeToken, "Tokenabc"},
		"Bearerabc":         {SchemeToken, "Bearerabc"},
		// Only one scheme word is taken off; the server judges the rest.
		"Token Token abc": {SchemeToken, "Token abc"},
	} {
		scheme, value := ParseToken(given)
		if (parsed{scheme, value}) != want {
			t.Errorf("ParseToken(%q) = %q, %q, want %q, %q", given, scheme, value, want.scheme, want.value)
		}
		if got := NormalizeToken(given); got != want.value {
			t.Errorf("NormalizeToken(%q) = %q, want %q", given, got, want.value)
		}
	}
}
