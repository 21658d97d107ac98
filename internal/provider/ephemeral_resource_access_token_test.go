package provider

import (
	"encoding/json"
	"fmt"
	"maps"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/go-version"

	"github.com/ubiops/terraform-provider-ubiops/internal/ubiopstest"
)

// The tests of ubiops_access_token configure more ubiops providers with its
// token. They run the CLI themselves (acc_cli_harness_test.go), so that
// Terraform starts one provider process per provider configuration, as it
// does for users: terraform-plugin-testing's in-process provider serves
// every configuration from one server, where each configuration replaces
// the one before and races with calls made for the others.

// accessTokenAliases configures two more ubiops providers with the token of
// ubiops_access_token, one with `authorization`, one with `access_token`,
// and reads the current user and creates an organization through them.
func accessTokenAliases(host, org string) string {
	return fmt.Sprintf(`
ephemeral "ubiops_access_token" "t" {}

provider "ubiops" {
  alias     = "authorization"
  host      = %[1]q
  api_token = ephemeral.ubiops_access_token.t.authorization
}

provider "ubiops" {
  alias     = "bare"
  host      = %[1]q
  api_token = "Bearer ${ephemeral.ubiops_access_token.t.access_token}"
}

data "ubiops_current_user" "authorization" {
  provider = ubiops.authorization
}

data "ubiops_current_user" "bare" {
  provider = ubiops.bare
}

resource "ubiops_organization" "via_token" {
  provider = ubiops.authorization
  name     = %[2]q
}
`, host, org)
}

// accessTokenWorkspace is a CLI workspace for a test of ubiops_access_token,
// which is skipped with a CLI that lacks ephemeral resources (Terraform
// before 1.10; OpenTofu has them since 1.11, older than any tested).
func accessTokenWorkspace(t *testing.T) *cliWorkspace {
	t.Helper()
	w := newCLIWorkspace(t)
	var v struct {
		Version string `json:"terraform_version"`
	}
	if err := json.Unmarshal([]byte(w.mustRun("version", "-json")), &v); err != nil {
		t.Fatalf("reading the CLI's version: %v", err)
	}
	if version.Must(version.NewVersion(v.Version)).LessThan(version.Must(version.NewVersion("1.10.0"))) {
		t.Skipf("the CLI is %s; ephemeral resources need Terraform 1.10 or later", v.Version)
	}
	return w
}

// applyWithoutTokens plans to a file and applies it, and fails the test when the saved plan or the state, as
// JSON, holds an access token the emulator issued. It returns the state.
func (w *cliWorkspace) applyWithoutTokens(s *ubiopstest.Server) map[string]any {
	w.t.Helper()
	w.mustRun("plan", "-out=tfplan")
	if err := noIssuedToken(s, "ubiops_organization.via_token")(w.showJSON("tfplan")); err != nil {
		w.t.Errorf("the plan: %v", err)
	}
	w.mustRun("apply", "-auto-approve", "tfplan")
	state := w.showJSON()
	if err := noIssuedToken(s, "ubiops_organization.via_token")(state); err != nil {
		w.t.Errorf("the state: %v", err)
	}
	return state
}

// showJSON is `terraform show -json` of the state, or of a saved plan.
func (w *cliWorkspace) showJSON(planFile ...string) map[string]any {
	w.t.Helper()
	cmd := exec.Command(terraformPath(w.t), append([]string{"show", "-json"}, planFile...)...)
	cmd.Dir, cmd.Env = w.dir, w.env
	out, err := cmd.Output()
	if err != nil {
		w.t.Fatalf("terraform show -json %s: %v", strings.Join(planFile, " "), err)
	}
	var doc map[string]any
	if err := json.Unmarshal(out, &doc); err != nil {
		w.t.Fatalf("terraform show -json %s: %v", strings.Join(planFile, " "), err)
	}
	return doc
}

// currentUserEmails reads the email of every ubiops_current_user in a
// state, by address.
func currentUserEmails(state map[string]any) map[string]string {
	emails := map[string]string{}
	values, _ := state["values"].(map[string]any)
	root, _ := values["root_module"].(map[string]any)
	resources, _ := root["resources"].([]any)
	for _, r := range resources {
		r, _ := r.(map[string]any)
		if r["type"] != "ubiops_current_user" {
			continue
		}
		attrs, _ := r["values"].(map[string]any)
		email, _ := attrs["email"].(string)
		emails[fmt.Sprint(r["address"])] = email
	}
	return emails
}

// TestAccAccessToken_signIn: with email and password, ubiops_access_token
// signs in for a token of its own that two more providers work with (they
// read the person and create an organization), and no access token the
// emulator issued appears in the plan or the state.
func TestAccAccessToken_signIn(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	s := env.emulator(t)
	w := accessTokenWorkspace(t)
	org := randomName("token")
	w.write(env.providerWith(signInArgs(s.Email, s.Password), accessTokenAliases(env.host, org)))
	env.resetStats()
	state := w.applyWithoutTokens(s)

	want := map[string]string{"data.ubiops_current_user.authorization": s.Email, "data.ubiops_current_user.bare": s.Email}
	if got := currentUserEmails(state); !maps.Equal(got, want) {
		t.Errorf("the providers configured with the token read %v, want %v", got, want)
	}
	if err := checkServerMembers(env, org, map[string]bool{s.Email: true})(nil); err != nil {
		t.Error(err)
	}
	// Each command signs in at least twice: the session of the provider
	// configured with the password, and the ephemeral resource's own token.
	if n := s.Stats().Count(routeAuthorize); n < 2 {
		t.Errorf("signed in %d times, want at least 2: %v", n, s.Stats().Routes)
	}
}

// TestAccAccessToken_configuredToken: with api_token = "Bearer ...",
// ubiops_access_token hands out that token as it is, without signing in.
// The configured token comes from an ephemeral variable: a literal in the
// configuration would be in the plan by the test's own doing.
func TestAccAccessToken_configuredToken(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	s := env.emulator(t)
	w := accessTokenWorkspace(t)
	org := randomName("token-bearer")
	w.write(fmt.Sprintf(`variable "token" {
  type      = string
  ephemeral = true
  sensitive = true
}

provider "ubiops" {
  host      = %q
  api_token = var.token
}
`, env.host) + accessTokenAliases(env.host, org))
	// An ephemeral variable is given to the plan and again to the apply.
	w.env = append(w.env, "TF_VAR_token="+env.token)
	env.resetStats()
	state := w.applyWithoutTokens(s)

	if got := currentUserEmails(state)["data.ubiops_current_user.bare"]; got != s.Email {
		t.Errorf("the provider configured with the bare token read %q, want %q", got, s.Email)
	}
	if err := checkServerOrganization(env, org, nil)(nil); err != nil {
		t.Error(err)
	}
	if n := s.Stats().Count(routeAuthorize); n != 0 {
		t.Errorf("signed in %d times, want 0: the configured token is handed out as it is", n)
	}
}

// TestAccAccessToken_serviceToken: with a service user's token, the
// provider that would issue the access token fails at plan, saying why,
// before anything is opened.
func TestAccAccessToken_serviceToken(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	s := env.emulator(t)
	w := accessTokenWorkspace(t)
	w.write(env.providerWith(fmt.Sprintf("  api_token = %q\n", "Token "+s.ServiceToken), `
ephemeral "ubiops_access_token" "t" {}

provider "ubiops" {
  alias     = "token"
  host      = "`+env.host+`"
  api_token = ephemeral.ubiops_access_token.t.authorization
}

data "ubiops_current_user" "t" {
  provider = ubiops.token
}
`))
	out, code := w.run("plan")
	if code == 0 {
		t.Fatalf("the plan succeeded:\n%s", out)
	}
	if !wrapped("Service users cannot manage UbiOps organizations").MatchString(out) {
		t.Errorf("the plan's output does not explain the service token:\n%s", out)
	}
}

// noIssuedToken returns a check that the plan or state, as JSON, holds
// none of the access tokens the emulator issued (the sessions' and the
// ephemeral resource's) and does hold present, so that the check knows it
// looked at the document that matters.
func noIssuedToken(s *ubiopstest.Server, present string) func(any) error {
	return func(doc any) error {
		data, err := json.Marshal(doc)
		if err != nil {
			return err
		}
		text := string(data)
		if !strings.Contains(text, present) {
			return fmt.Errorf("the document does not mention %q: the check looked at the wrong thing", present)
		}
		tokens := append(s.IssuedAccessTokens(), s.AccessToken)
		for _, token := range tokens {
			if strings.Contains(text, token) {
				return fmt.Errorf("an access token appears in the document")
			}
		}
		return nil
	}
}

// TestNextAccessTokenCheck: a token still accepted before its expected
// expiry is checked again at that expiry; one UbiOps still accepts after it,
// every margin from then on.
func TestNextAccessTokenCheck(t *testing.T) {
	t.Parallel()
	expires := time.Date(2030, 1, 1, 12, 0, 0, 0, time.UTC)
	if got := nextAccessTokenCheck(expires.Add(-accessTokenRenewMargin), expires); !got.Equal(expires) {
		t.Errorf("before expiry: next check %s, want %s", got, expires)
	}
	later := expires.Add(time.Minute)
	if got := nextAccessTokenCheck(later, expires); !got.Equal(later.Add(accessTokenRenewMargin)) {
		t.Errorf("after expiry: next check %s, want %s", got, later.Add(accessTokenRenewMargin))
	}
}
