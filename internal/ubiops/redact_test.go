package ubiops

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/ubiops/terraform-provider-ubiops/internal/ubiopstest"
)

// TestRedactEveryForm: a secret, long or as short as three characters, is
// replaced in every form a server may echo it in, and nothing of it is
// left.
func TestRedactEveryForm(t *testing.T) {
	for name, value := range map[string]string{
		"long with specials": `pa<ss&wo>rd "quoted" \ é 😀`,
		"three characters":   "<&x",
		"three letters":      "abc",
	} {
		t.Run(name, func(t *testing.T) {
			r := &redactor{}
			r.add(newSecret(value))
			for form, echoed := range ubiopstest.SecretEchoes(value) {
				got := r.redact(`{"error": "Bad password ` + echoed + `; try again"}`)
				if want := `{"error": "Bad password ` + redacted + `; try again"}`; got != want {
					t.Errorf("%s form %q: redacted to %q, want %q", form, echoed, got, want)
				}
			}
		})
	}
	// The escapes these forms are made of really differ.
	forms := ubiopstest.SecretEchoes("<&>")
	if forms["Go JSON"] != `\u003c\u0026\u003e` || forms["JSON twice"] != `\\u003c\\u0026\\u003e` || forms["query"] != "%3C%26%3E" {
		t.Fatalf("forms = %q", forms)
	}
	if got := asciiEscapes(jsonEscape("é😀\"\\", false)); got != `\u00e9\ud83d\ude00\"\\` {
		t.Fatalf("ASCII JSON = %q", got)
	}
}

// TestRedactVeryShortSecrets: a secret of one or two characters is replaced
// where it stands alone (as a JSON value, between spaces or quotes), in
// every form, but not inside words, which it would make unreadable.
func TestRedactVeryShortSecrets(t *testing.T) {
	r := &redactor{}
	r.add(newSecret("ab"))
	r.add(newSecret("<"))
	for in, want := range map[string]string{
		`{"password": "ab"}`:                       `{"password": "` + redacted + `"}`,
		`{"password":"\u003c"}`:                    `{"password":"` + redacted + `"}`,
		`password=%3C&email=x`:                     `password=` + redacted + `&email=x`,
		"The password ab is wrong.":                "The password " + redacted + " is wrong.",
		"about cabs and abacus":                    "about cabs and abacus",
		"a < b":                                    "a " + redacted + " b",
		"Unable to sign in with the provided data": "Unable to sign in with the provided data",
	} {
		if got := r.redact(in); got != want {
			t.Errorf("redact(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestRedactorPrintsNoSecret: printing the redactor itself, in any way,
// shows none of the secrets it holds.
func TestRedactorPrintsNoSecret(t *testing.T) {
	r := &redactor{}
	r.addConfig(Config{Password: "pw-<&>-secret", TOTPSecret: "JBSW Y3DP EHPK 3PXP", Token: "Bearer tok-secret"})
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q"} {
		printed := fmt.Sprintf(verb, r)
		for _, value := range []string{"pw-", "JBSW", "tok-secret", `\u003c`} {
			if strings.Contains(printed, value) {
				t.Fatalf("%s printed %q: %s", verb, value, printed)
			}
		}
	}
	if got := r.redact("JBSW Y3DP EHPK 3PXP and JBSWY3DPEHPK3PXP"); got != redacted+" and "+redacted {
		t.Fatalf("TOTP secret as given and without spaces: %q", got)
	}
}

// TestSignInAnswersAreNeverEchoed: a refused sign-in shows the status and
// the API's own message, redacted, never the body: a server that repeats
// the request body, in JSON as Go escapes it or in any other form, shows
// nothing of the password, short or long.
func TestSignInAnswersAreNeverEchoed(t *testing.T) {
	for name, password := range map[string]string{"long": `s3cr<&>t"pass\word`, "short": "<&x"} {
		t.Run(name, func(t *testing.T) {
			accounts, srv := newFakeAccounts(t, "")
			var echoed []string
			for _, form := range ubiopstest.SecretEchoes(password) {
				echoed = append(echoed, form)
			}
			accounts.authorize = func(w http.ResponseWriter, r *http.Request) {
				body := string(mustRead(r.Body))
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(http.StatusBadRequest)
				// The error repeats every form; the rest of the body, the
				// request as it came, is no message and must not be shown.
				msg, _ := json.Marshal(map[string]string{"error": "Refused: " + strings.Join(echoed, " | ")})
				_, _ = w.Write([]byte(strings.TrimSuffix(string(msg), "}") + `, "request": ` + body + `}`))
			}
			log := &recordingLogger{}
			c := signInClient(t, srv, accounts.email, password, "", log)
			_, err := c.CurrentUser(context.Background())
			if !IsSignInFailed(err) {
				t.Fatalf("err = %v, want a refused sign-in", err)
			}
			want := "UbiOps refused the email and password (400 Bad Request): Refused: " + strings.Repeat(redacted+" | ", len(echoed)-1) + redacted
			if !strings.Contains(err.Error(), want) {
				t.Fatalf("error %q lacks %q", err, want)
			}
			if strings.Contains(err.Error(), "request") {
				t.Fatalf("error %q shows the rest of the body", err)
			}
			assertNoSecretLogged(t, log, echoed...)
		})
	}
}

// TestSignInAnswerWithoutMessageShowsNoBody: a refusal whose body holds no
// message (an HTML page, or JSON without "error") says so, and shows
// nothing of the body, which may repeat the password.
func TestSignInAnswerWithoutMessageShowsNoBody(t *testing.T) {
	for name, body := range map[string]string{
		"html": "<html><body>password=hunter2-secret</body></html>",
		"json": `{"email": "ann@example.com", "password": "hunter2-secret"}`,
	} {
		t.Run(name, func(t *testing.T) {
			accounts, srv := newFakeAccounts(t, "")
			accounts.authorize = func(w http.ResponseWriter, _ *http.Request) {
				w.WriteHeader(http.StatusForbidden)
				_, _ = w.Write([]byte(body))
			}
			c := signInClient(t, srv, accounts.email, "hunter2-secret", "", nil)
			_, err := c.CurrentUser(context.Background())
			if !IsSignInFailed(err) || !strings.Contains(err.Error(), "403 Forbidden): the answer held no message") {
				t.Fatalf("err = %v", err)
			}
			if strings.Contains(err.Error(), "hunter2") || strings.Contains(err.Error(), "password=") {
				t.Fatalf("error %q shows the body", err)
			}
		})
	}
}

// TestLogsAreRedacted: the client's logger never receives a secret, even
// from a layer that logs an error holding one.
func TestLogsAreRedacted(t *testing.T) {
	r := &redactor{}
	r.add(newSecret("tok-0123456789"))
	log := &recordingLogger{}
	redactingLogger{next: log, secrets: r}.Debug(context.Background(), "sent tok-0123456789", map[string]any{
		"error": errString("refused tok-0123456789"), "path": "/x/tok-0123456789", "count": 3,
	})
	entries := log.all()
	if len(entries) != 1 || entries[0].msg != "sent "+redacted || entries[0].fields["error"] != "refused "+redacted ||
		entries[0].fields["path"] != "/x/"+redacted || entries[0].fields["count"] != 3 {
		t.Fatalf("logged %+v", entries)
	}
}

// errString is an error with a fixed message.
type errString string

func (e errString) Error() string { return string(e) }
