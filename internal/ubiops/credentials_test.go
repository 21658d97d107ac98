package ubiops

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

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

func TestAuthSendsTheCredentialUnderItsScheme(t *testing.T) {
	for given, want := range map[string]string{
		testToken:                      "Token " + testToken,
		"Token " + testToken:           "Token " + testToken,
		"  token " + testToken + "\n":  "Token " + testToken,
		"Bearer " + testToken:          "Bearer " + testToken,
		" bearer\t" + testToken + "  ": "Bearer " + testToken,
	} {
		t.Run(fmt.Sprintf("%q", given[:8]), func(t *testing.T) {
			next := &script{steps: []step{reply(200, "")}}
			rt := &authTransport{next: next, token: newSecret(given)}
			req := newRequest(t, http.MethodGet, "http://api.test/v2.1/organizations", "")
			resp, err := rt.RoundTrip(req)
			if err != nil {
				t.Fatal(err)
			}
			_ = resp.Body.Close()
			if got := next.seen[0].Header.Get("Authorization"); got != want {
				t.Errorf("Authorization = %q, want %q", got, want)
			}
			if req.Header.Get("Authorization") != "" {
				t.Error("the caller's request was changed")
			}
		})
	}
}

func TestTokenNeverPrinted(t *testing.T) {
	for _, token := range []string{"Token " + testToken, "Bearer " + testToken} {
		assertTokenNeverPrinted(t, Config{Host: DefaultHost, Token: token, UserAgent: "ua"})
	}
}

func assertTokenNeverPrinted(t *testing.T, cfg Config) {
	t.Helper()
	s := newSecret(cfg.Token)
	auth := &authTransport{token: s}
	c, err := NewClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%d"} {
		out := fmt.Sprintf(verb+" "+verb+" "+verb+" "+verb+" "+verb, cfg, &cfg, s, auth, c)
		if strings.Contains(out, testToken) || strings.Contains(out, fmt.Sprintf("%x", testToken)) {
			t.Errorf("%s printed the token: %s", verb, out)
		}
	}
	if !strings.Contains(cfg.String(), DefaultHost) {
		t.Errorf("Config.String() lost the host: %s", cfg.String())
	}
}
