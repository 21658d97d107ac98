package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/ubiops/terraform-provider-ubiops/internal/ubiopstest"
)

// needsEphemeral skips what Terraform before 1.10 lacks: ephemeral
// resources. OpenTofu has them since 1.11, older than any OpenTofu tested.
var needsEphemeral = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_10_0)}

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

// TestAccAccessToken_signIn: with email and password, ubiops_access_token
// signs in for a token of its own that a second provider works with (it
// reads the person and creates an organization), and no access token the
// emulator issued appears in the plan or the state.
func TestAccAccessToken_signIn(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	s := env.emulator(t)
	org := randomName("token")
	acceptanceTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		TerraformVersionChecks:   needsEphemeral,
		Steps: []resource.TestStep{{
			PreConfig: env.resetStats,
			Config:    env.providerWith(signInArgs(s.Email, s.Password), accessTokenAliases(env.host, org)),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply:             []plancheck.PlanCheck{planFunc(noIssuedToken(s, "ubiops_organization.via_token"))},
				PostApplyPostRefresh: []plancheck.PlanCheck{planFunc(noIssuedToken(s, "ubiops_organization.via_token"))},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.ubiops_current_user.authorization", tfjsonpath.New("email"), knownvalue.StringExact(s.Email)),
				statecheck.ExpectKnownValue("data.ubiops_current_user.bare", tfjsonpath.New("email"), knownvalue.StringExact(s.Email)),
				stateFunc(noIssuedToken(s, org)),
			},
			Check: resource.ComposeAggregateTestCheckFunc(
				checkServerMembers(env, org, map[string]bool{s.Email: true}),
				env.checkServer(func(*ubiopstest.Server) error {
					// Each command signs in twice: the provider's session
					// and the ephemeral resource's own token.
					if n := s.Stats().Count(routeAuthorize); n < 2 {
						return fmt.Errorf("signed in %d times, want at least 2: %v", n, s.Stats().Routes)
					}
					return nil
				}),
			),
		}},
	})
}

// TestAccAccessToken_configuredToken: with api_token = "Bearer ...",
// ubiops_access_token hands out that token as it is, without signing in.
// The configured token comes from an ephemeral variable: a literal
// in the configuration would be in the plan by the test's own doing.
func TestAccAccessToken_configuredToken(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	s := env.emulator(t)
	org := randomName("token-bearer")
	acceptanceTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		TerraformVersionChecks:   needsEphemeral,
		Steps: []resource.TestStep{
			{
				PreConfig: env.resetStats,
				Config: fmt.Sprintf(`variable "token" {
  type      = string
  ephemeral = true
  sensitive = true
}

provider "ubiops" {
  host      = %q
  api_token = var.token
}
`, env.host) + accessTokenAliases(env.host, org),
				ConfigVariables:   config.Variables{"token": config.StringVariable(env.token)},
				ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{planFunc(noIssuedToken(s, "ubiops_organization.via_token"))}},
				ConfigStateChecks: []statecheck.StateCheck{stateFunc(noIssuedToken(s, org))},
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr("data.ubiops_current_user.bare", "email", s.Email),
					checkServerOrganization(env, org, nil),
					env.checkRoutes(map[string]int{routeAuthorize: 0}),
				),
			},
		},
	})
}

// TestAccAccessToken_serviceToken: with a service user's token, the
// provider that would issue the access token fails at plan, saying why,
// before anything is opened.
func TestAccAccessToken_serviceToken(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	s := env.emulator(t)
	acceptanceTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		TerraformVersionChecks:   needsEphemeral,
		Steps: []resource.TestStep{{
			Config: env.providerWith(fmt.Sprintf("  api_token = %q\n", "Token "+s.ServiceToken), `
ephemeral "ubiops_access_token" "t" {}

provider "ubiops" {
  alias     = "token"
  host      = "`+env.host+`"
  api_token = ephemeral.ubiops_access_token.t.authorization
}

data "ubiops_current_user" "t" {
  provider = ubiops.token
}
`),
			ExpectError: wrapped("Service users cannot manage UbiOps organizations"),
		}},
	})
}

// stateFunc is a state check from a function of the whole state.
type stateFunc func(state any) error

func (f stateFunc) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	resp.Error = f(req.State)
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
