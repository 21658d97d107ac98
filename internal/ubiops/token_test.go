package ubiops

import "testing"

func TestNormalizeToken(t *testing.T) {
	for given, want := range map[string]string{
		"abc123":            "abc123",
		"Token abc123":      "abc123",
		"token   abc123 \n": "abc123",
		"TOKEN abc123":      "abc123",
		"Token":             "",
		"Token ":            "",
		"  ":                "",
		"Tokenabc":          "Tokenabc",
	} {
		if got := NormalizeToken(given); got != want {
			t.Errorf("NormalizeToken(%q) = %q, want %q", given, got, want)
		}
	}
}
