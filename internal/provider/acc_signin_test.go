package provider

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/ubiops/terraform-provider-ubiops/internal/emulator"
	"github.com/ubiops/terraform-provider-ubiops/internal/orgs"
	"github.com/ubiops/terraform-provider-ubiops/internal/ubiopstest"
)

// Routes of the sign-in and the provider's checks, as the emulator counts them.
const (
	routeAuthorize = "POST /authorize"
	routeUser      = "GET /user"
	routeStatus    = "GET /status"
)

// twoFactorSecret is the base32 TOTP secret of the two-factor person the
// sign-in tests add.
const twoFactorSecret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

// providerWith is a provider block for this environment's host with the
// given arguments (HCL lines), followed by hcl.
func (e *testEnv) providerWith(args string, hcl ...string) string {
	return fmt.Sprintf("provider \"ubiops\" {\n  host = %q\n%s}\n\n", e.host, args) + strings.Join(hcl, "\n")
}

// signInArgs are provider arguments that sign in with a password.
func signInArgs(email, password string) string {
	return fmt.Sprintf("  email    = %q\n  password = %q\n", email, password)
}

// currentUserConfig reads the signed-in user.
const currentUserConfig = `
data "ubiops_current_user" "me" {}
`

// TestAccSignIn_password: the provider signs in with email and password,
// creates an organization and a member as that person, and reports the
// person through ubiops_current_user.
func TestAccSignIn_password(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	s := env.emulator(t)
	org := randomName("signin")
	acceptanceTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			PreConfig: env.resetStats,
			Config: env.providerWith(signInArgs(s.Email, s.Password), currentUserConfig, organizationConfig(org, ""), `
resource "ubiops_organization_user" "m" {
  organization_name = ubiops_organization.test.name
  email             = "m@example.com"
}
`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.ubiops_current_user.me", tfjsonpath.New("email"), knownvalue.StringExact(s.Email)),
				statecheck.ExpectKnownValue("data.ubiops_current_user.me", tfjsonpath.New("id"), knownvalue.StringRegexp(orgs.UUIDPattern)),
			},
			Check: resource.ComposeAggregateTestCheckFunc(
				checkServerMembers(env, org, map[string]bool{s.Email: true, "m@example.com": false}),
				env.checkServer(func(*ubiopstest.Server) error {
					if n := s.Stats().Count(routeAuthorize); n == 0 {
						return fmt.Errorf("the provider never signed in: %v", s.Stats().Routes)
					}
					return nil
				}),
			),
		}},
	})
}

// TestAccSignIn_twoFactor: an account with two-factor authentication signs
// in with the code computed from its TOTP secret; without the secret the
// plan fails and says which setting is missing.
func TestAccSignIn_twoFactor(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	s := env.emulator(t)
	const email, password = "mfa@example.com", "mfa-password-1"
	if err := s.AddUser(emulator.SeedUser{Email: email, Name: "Max", Surname: "Factor", Password: password, TOTPSecret: twoFactorSecret}); err != nil {
		t.Fatal(err)
	}
	org := randomName("mfa")
	withSecret := signInArgs(email, password) + fmt.Sprintf("  totp_secret = %q\n", twoFactorSecret)
	acceptanceTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config:      env.providerWith(signInArgs(email, password), currentUserConfig),
				ExpectError: wrapped("two factor authentication"),
			},
			{
				Config: env.providerWith(withSecret, currentUserConfig, organizationConfig(org, "")),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.ubiops_current_user.me", tfjsonpath.New("email"), knownvalue.StringExact(email)),
					statecheck.ExpectKnownValue("data.ubiops_current_user.me", tfjsonpath.New("surname"), knownvalue.StringExact("Factor")),
				},
				Check: checkServerMembers(env, org, map[string]bool{email: true}),
			},
		},
	})
}

// TestAccSignIn_accessTokenExpiresDuringApply: access tokens live four
// seconds while a rate limit stretches the apply of 50 members over many
// more; the provider signs in again whenever its token is refused, and the
// apply ends with every member on the server.
func TestAccSignIn_accessTokenExpiresDuringApply(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, emulator.WithAccessTokenTTL(4*time.Second),
		emulator.WithRateLimit(10), emulator.WithRateLimitWindow(time.Second))
	s := env.emulator(t)
	org := randomName("expiry")
	acceptanceTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config: env.providerWith(signInArgs(s.Email, s.Password), manyMembersConfig(org, 50)),
			Check: resource.ComposeAggregateTestCheckFunc(
				checkServerMembers(env, org, wantMembers(50)),
				func(*terraform.State) error {
					// One sign-in per Terraform command would be the minimum;
					// more show that expired tokens were replaced mid-run.
					stats := s.Stats()
					t.Logf("requests: %d, sign-ins: %d, answered 429: %d", stats.Total, stats.Count(routeAuthorize), stats.RateLimited)
					if stats.Count(routeAuthorize) < 2 {
						return fmt.Errorf("only %d sign-ins: the token never expired during the apply", stats.Count(routeAuthorize))
					}
					return nil
				},
			),
		}},
	})
}

// TestAccSignIn_serviceTokenExplained: a service user's token passes the
// sign-in check, but the first organization call is refused, and the
// message says why and how to sign in as a person instead.
func TestAccSignIn_serviceTokenExplained(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	s := env.emulator(t)
	acceptanceTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config:      env.providerWith(fmt.Sprintf("  api_token = %q\n", "Token "+s.ServiceToken), `data "ubiops_organizations" "all" {}`),
			ExpectError: wrapped("which belongs to a service user. UbiOps defines service users on project level: they cannot perform actions on organization level. Sign in as a person instead"),
		}},
	})
}

// TestAccSignIn_wrongPassword: a wrong password fails the plan with the
// sign-in's own message and the settings to check, before any organization
// is read.
func TestAccSignIn_wrongPassword(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	s := env.emulator(t)
	s.ResetStats()
	acceptanceTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config:      env.providerWith(signInArgs(s.Email, "not-the-password"), organizationConfig(randomName("wrong"), ""), `data "ubiops_organizations" "all" {}`),
			ExpectError: wrapped("UbiOps refused the sign-in"),
		}},
	})
	for route, n := range s.Stats().Routes {
		if strings.Contains(route, "/organizations") && n > 0 {
			t.Errorf("%d requests to %s after a refused sign-in", n, route)
		}
	}
	if s.Stats().Count(routeAuthorize) == 0 {
		t.Error("no sign-in was tried: the test proves nothing")
	}
}

// TestAccCredentials_conflictingArguments: credential arguments that leave
// it unclear how to sign in fail at validation, naming both settings, and
// no request is made.
func TestAccCredentials_conflictingArguments(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	s := env.emulator(t)
	s.ResetStats()
	cases := map[string]struct{ args, want string }{
		"token and password": {
			args: fmt.Sprintf("  api_token = %q\n", "Bearer "+s.AccessToken) + signInArgs(s.Email, s.Password),
			want: "The provider's api_token argument and the provider's password argument are both set",
		},
		"email without password": {
			args: fmt.Sprintf("  email = %q\n", s.Email),
			want: "The provider's email argument is set, but password (or UBIOPS_PASSWORD) is not",
		},
		"TOTP secret without password": {
			args: fmt.Sprintf("  api_token = %q\n  totp_secret = %q\n", "Bearer "+s.AccessToken, twoFactorSecret),
			want: "The provider's api_token argument and the provider's totp_secret argument are both set",
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			acceptanceTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testProviders,
				Steps: []resource.TestStep{{
					Config:      env.providerWith(tc.args, currentUserConfig),
					PlanOnly:    true,
					ExpectError: wrapped(tc.want),
				}},
			})
		})
	}
	if n := s.Stats().Total; n != 0 {
		t.Errorf("%d requests were made for configurations that cannot sign in: %v", n, s.Stats().Routes)
	}
}

// TestAccCredentials_conflictingVariables: the same rule holds for the
// environment, where it is checked when the provider is configured. It does
// not run in parallel: it sets environment variables.
func TestAccCredentials_conflictingVariables(t *testing.T) {
	env := newTestEnv(t)
	s := env.emulator(t)
	t.Setenv(envToken, "Bearer "+s.AccessToken)
	t.Setenv(envEmail, s.Email)
	t.Setenv(envPassword, s.Password)
	acceptanceTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config:      env.providerWith("", currentUserConfig),
			ExpectError: wrapped("The UBIOPS_API_TOKEN environment variable and the UBIOPS_PASSWORD environment variable are both set"),
		}},
	})
}
