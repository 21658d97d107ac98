package provider

import (
	"encoding/json"
	"fmt"
	"io"
	"log"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/ubiops/terraform-provider-ubiops/internal/emulator"
	"github.com/ubiops/terraform-provider-ubiops/internal/ubiopstest"
)

// Tests of the messages a person reads when something other than UbiOps'
// own refusal goes wrong: each failure says what happened, in its own
// words, with the fix for that case, and never shows a secret.

// echoEveryForm is a sign-in that refuses every password with a message
// repeating it in every form of ubiopstest.SecretEchoes, and the request's body as it
// came besides.
func echoEveryForm(t *testing.T) string {
	t.Helper()
	mux := http.NewServeMux()
	mux.HandleFunc("GET /v2.1/status", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"status": "ok"}`)
	})
	mux.HandleFunc("POST /v2.1/oauth/sign-in", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"provider": "ubiops", "url": null}`)
	})
	mux.HandleFunc("POST /v2.1/authorize", func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		var form struct{ Password string }
		_ = json.Unmarshal(body, &form)
		echoes := ubiopstest.SecretEchoes(form.Password)
		msg := "Unable to sign in:"
		for _, name := range slices.Sorted(maps.Keys(echoes)) {
			msg += fmt.Sprintf(" %s=%s", name, echoes[name])
		}
		answer, _ := json.Marshal(map[string]any{"error": msg, "request": json.RawMessage(body)})
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		_, _ = w.Write(answer)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv.URL + "/v2.1"
}

// everyFormRedacted is what echoEveryForm's message becomes when each form
// of the password is replaced where it stands.
func everyFormRedacted() string {
	var out strings.Builder
	for _, name := range slices.Sorted(maps.Keys(ubiopstest.SecretEchoes(""))) {
		fmt.Fprintf(&out, " %s=[redacted]", name)
	}
	return out.String()
}

// TestAccSignInEchoShowsNoSecret: a server that repeats the password in
// its refusal, as sent, JSON-escaped (Go's \u003c\u0026 and Python's
// forms, once and twice) and URL-encoded, with the raw request besides,
// shows nothing of it: not in the message, not in Terraform's TRACE log.
// A long password with <, & and quotes, and one of three characters. It
// does not run in parallel: the log path and the credentials are
// environment variables.
func TestAccSignInEchoShowsNoSecret(t *testing.T) {
	host := echoEveryForm(t)
	for name, password := range map[string]string{"long": `pa<&>"ss\wörd-2026`, "three characters": "<&x"} {
		t.Run(name, func(t *testing.T) {
			logFile := filepath.Join(t.TempDir(), "trace.log")
			t.Setenv("TF_ACC_LOG_PATH", logFile)
			t.Setenv(envEmail, "echo@example.com")
			t.Setenv(envPassword, password)
			t.Setenv(envToken, "")
			_ = os.Unsetenv(envToken)
			acceptanceTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testProviders,
				Steps: []resource.TestStep{{
					Config: fmt.Sprintf("provider \"ubiops\" {\n  host = %q\n}\n\n%s", host, currentUserConfig),
					// Every form is replaced, each in its place: a form left
					// whole would break the sequence.
					ExpectError: wrapped("UbiOps refused the email and password (400 Bad Request): Unable to sign in:" + everyFormRedacted()),
				}},
			})
			raw, err := os.ReadFile(logFile)
			if err != nil {
				t.Fatal(err)
			}
			trace := string(raw)
			if !strings.Contains(trace, "UbiOps sign-in") {
				t.Fatal("the trace log lacks the provider's sign-in: the search below would prove nothing")
			}
			for form, echoed := range ubiopstest.SecretEchoes(password) {
				if strings.Contains(trace, echoed) {
					t.Errorf("the %s form of the password (%q) appears in the TRACE log", form, echoed)
				}
			}
		})
	}
}

// TestAccCertificateFailureIsExplained: a host whose TLS certificate is
// not trusted fails the plan with a message that names the certificate as
// the cause and says how to fix it, not "a server error or a lost
// connection" nor "Run Terraform again".
func TestAccCertificateFailureIsExplained(t *testing.T) {
	t.Parallel()
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		t.Error("a request passed the refused certificate")
		w.WriteHeader(http.StatusTeapot)
	}))
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the handshakes it sees fail on purpose
	srv.StartTLS()
	t.Cleanup(srv.Close)
	host := srv.URL + "/v2.1"
	acceptanceTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config: hostileConfig(host, organizationDataSource),
			ExpectError: inOrder(
				"TLS certificate of "+host+" not accepted",
				"certificate signed by unknown authority",
				"so no request reached it and nothing changed; running Terraform again will not help",
				"add the proxy's CA certificate to this machine's trusted certificates",
			),
		}},
	})
}

// inOrder matches text holding each phrase (wrapped anyhow) in this order.
func inOrder(phrases ...string) *regexp.Regexp {
	parts := make([]string, len(phrases))
	for i, p := range phrases {
		parts[i] = wrapped(p).String()
	}
	return regexp.MustCompile(strings.Join(parts, `[\s\S]*`))
}

// TestAccOversizeAnswerIsExplained: an answer larger than any UbiOps sends
// is not read whole; the read fails naming the request, and says that the
// host is likely not UbiOps and that nothing was recorded, not "a server
// error or a lost connection".
func TestAccOversizeAnswerIsExplained(t *testing.T) {
	t.Parallel()
	host := fakeUbiOps(t, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		chunk := []byte(strings.Repeat(" ", 1<<20))
		for range 33 {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	}))
	acceptanceTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config: hostileConfig(host, `data "ubiops_organizations" "all" {}`),
			ExpectError: inOrder("GET /organizations: the answer is larger than 32 MiB, far more than any UbiOps answer; it was not read further",
				"The answer was not read whole and nothing was recorded from it. No UbiOps answer comes near that size, so "+
					host+" is likely not the UbiOps API"),
		}},
	})
}

// TestAccExpiredAccessTokenIsExplained: an access token given as api_token
// that has expired says so and how to get going again, not to check an
// email and password that were never given.
func TestAccExpiredAccessTokenIsExplained(t *testing.T) {
	t.Parallel()
	var offset atomic.Int64
	env := newTestEnv(t, emulator.WithClock(func() time.Time { return time.Now().Add(time.Duration(offset.Load())) }))
	s := env.emulator(t)
	access, err := s.IssueAccessToken(s.Email)
	if err != nil {
		t.Fatal(err)
	}
	offset.Store(int64(2 * emulator.DefaultAccessTokenTTL)) // the token's hour is long over
	acceptanceTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config: env.providerWith(fmt.Sprintf("  api_token = %q\n", "Bearer "+access), currentUserConfig),
			ExpectError: inOrder("401 Unauthorized: Invalid token: the access token has expired. Sign in again.",
				"The access token in the provider's api_token argument has expired"),
		}},
	})
}

// TestAccRefusedSignedInTokenIsExplained: when UbiOps refuses the access
// token the provider got by signing in, also after signing in again, the
// message says that the email and password were accepted, rather than
// asking to check them.
func TestAccRefusedSignedInTokenIsExplained(t *testing.T) {
	t.Parallel()
	var signIns atomic.Int32
	mux := http.NewServeMux()
	mux.HandleFunc("GET /v2.1/status", func(w http.ResponseWriter, _ *http.Request) {
		_, _ = io.WriteString(w, `{"status": "ok"}`)
	})
	mux.HandleFunc("POST /v2.1/authorize", func(w http.ResponseWriter, _ *http.Request) {
		n := signIns.Add(1)
		_, _ = fmt.Fprintf(w, `{"access": "access-token-%d-0123456789abcdef"}`, n)
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = io.WriteString(w, `{"error": "Invalid token."}`)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	acceptanceTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf("provider \"ubiops\" {\n  host = %q\n%s}\n\n%s", srv.URL+"/v2.1",
				signInArgs("ann@example.com", "ann-password-2026"), currentUserConfig),
			ExpectError: wrapped("UbiOps refused the access token the provider got by signing in, also after signing in again. " +
				"The email and password were accepted, so they are not the cause"),
		}},
	})
	// Each Terraform command signs in, and once again after the refusal.
	if n := signIns.Load(); n < 2 || n%2 != 0 {
		t.Errorf("%d sign-ins, want two per Terraform command: the first and one again after the refusal", n)
	}
}
