package ubiops

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

func TestUserAgentSetOnACopy(t *testing.T) {
	next := &script{steps: []step{reply(200, "")}}
	rt := &userAgentTransport{next: next, userAgent: "terraform-provider-ubiops/1.2.3"}
	req := newRequest(t, http.MethodGet, "http://api.test/v2.1/organizations", "")
	req.Header.Set("User-Agent", "caller")
	resp, err := rt.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if got := next.seen[0].Header.Get("User-Agent"); got != "terraform-provider-ubiops/1.2.3" {
		t.Errorf("server saw User-Agent %q", got)
	}
	if got := req.Header.Get("User-Agent"); got != "caller" {
		t.Errorf("the caller's request was changed: User-Agent %q", got)
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

func TestNewTransportStacksEveryLayer(t *testing.T) {
	next := &script{steps: []step{
		reply(503, ""), reply(200, "", headerRemaining, "10", headerReset, "30"),
	}}
	rt := newTransport(Config{Token: testToken, Transport: next, Retry: RetryPolicy{MinBackoff: 1, MaxBackoff: 1}}, newSecret(testToken))
	resp, err := rt.RoundTrip(newRequest(t, http.MethodGet, "http://api.test/v2.1/organizations", ""))
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if next.attempts() != 2 {
		t.Fatalf("attempts = %d, want 2 (a 503 GET is retried)", next.attempts())
	}
	for _, r := range next.seen {
		if r.Header.Get("User-Agent") != DefaultUserAgent || r.Header.Get("Authorization") != "Token "+testToken {
			t.Errorf("attempt sent headers %v", r.Header)
		}
	}
}
