package provider

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/ubiops/terraform-provider-ubiops/internal/emulator"
	"github.com/ubiops/terraform-provider-ubiops/internal/orgs"
)

// Tests in which a front between the provider and UbiOps answers a request
// with something other than what was asked for: another member's record,
// another organization's name, a member list that cannot be whole. Nothing
// of such an answer may reach the state, and nobody may be removed for it.

// rewritingProxy forwards every request to the emulator, which stores what
// it is asked to, and sends back the body rewrite returns for the answer
// (the emulator's own body, when rewrite returns it unchanged).
func rewritingProxy(t *testing.T, env *testEnv, rewrite func(r *http.Request, body []byte) []byte) string {
	t.Helper()
	target, err := url.Parse(env.emulator(t).URL)
	if err != nil {
		t.Fatal(err)
	}
	forwarder := httputil.NewSingleHostReverseProxy(&url.URL{Scheme: target.Scheme, Host: target.Host})
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		answer := httptest.NewRecorder()
		forwarder.ServeHTTP(answer, r)
		body := answer.Body.Bytes()
		if answer.Code < 300 {
			body = rewrite(r, body)
		}
		maps.Copy(w.Header(), answer.Header())
		w.Header().Del("Content-Length")
		w.WriteHeader(answer.Code)
		_, _ = w.Write(body)
	}))
	t.Cleanup(proxy.Close)
	return proxy.URL + target.Path
}

// hostileAnswers routes env's requests through a rewritingProxy that,
// while the returned switch is on, answers each request that picks with
// what rewrite makes of the emulator's body.
func hostileAnswers(t *testing.T, env *testEnv, picks func(*http.Request) bool, rewrite func(body []byte) []byte) *atomic.Bool {
	t.Helper()
	hostile := new(atomic.Bool)
	env.host = rewritingProxy(t, env, func(r *http.Request, body []byte) []byte {
		if hostile.Load() && picks(r) {
			return rewrite(body)
		}
		return body
	})
	return hostile
}

// isMemberListOf picks the reads of org's member list.
func isMemberListOf(org string) func(*http.Request) bool {
	return func(r *http.Request) bool {
		return r.Method == http.MethodGet && strings.HasSuffix(r.URL.Path, "/"+org+"/users")
	}
}

// refusedRefreshSteps applies config, refreshes while hostile is on and
// expects that refresh to fail with want, then plans config again with
// hostile off and expects no changes (and last's checks): an answer that
// is no proof must leave the state as it was.
func refusedRefreshSteps(config string, hostile *atomic.Bool, want string, last resource.TestStep) []resource.TestStep {
	last.PreConfig = func() { hostile.Store(false) }
	last.Config = config
	last.ConfigPlanChecks = expectNoChanges
	return []resource.TestStep{
		{Config: config},
		{
			PreConfig:    func() { hostile.Store(true) },
			RefreshState: true,
			ExpectError:  wrapped(want),
		},
		last,
	}
}

// memberJSON is a member's record as the API answers it.
func memberJSON(m emulator.MemberRecord) map[string]any {
	return map[string]any{"id": m.UserID, "email": m.Email, "name": m.Name, "surname": m.Surname, "admin": m.Admin, "status": m.Status}
}

// mustJSON encodes v or fails the test.
func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	raw, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

// addBob makes bob@example.com, who has an account, an admin of org, as an
// admin who manages him elsewhere would.
func addBob(t *testing.T, env *testEnv, org string) emulator.MemberRecord {
	t.Helper()
	if err := env.emulator(t).AddUser(emulator.SeedUser{Email: "bob@example.com", Name: "Bob", Surname: "Builder"}); err != nil {
		t.Fatal(err)
	}
	bob, err := env.emulator(t).AddMember(org, "bob@example.com", true)
	if err != nil {
		t.Fatal(err)
	}
	return bob
}

// literalMember is a ubiops_organization_user of an organization that
// Terraform does not manage.
func literalMember(name, org, email string, admin bool) string {
	return fmt.Sprintf("\nresource \"ubiops_organization_user\" %q {\n  organization_name = %q\n  email             = %q\n  admin             = %t\n}\n",
		name, org, email, admin)
}

// isMemberCreation and isMemberUpdate pick the member writes.
func isMemberCreation(r *http.Request) bool {
	return r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/users")
}

func isMemberUpdate(r *http.Request) bool {
	return r.Method == http.MethodPatch && strings.Contains(r.URL.Path, "/users/")
}

// TestAccCreationAnsweredWithAnotherMember: the creation of m5 is answered
// with bob's record. The apply fails naming both and records nothing of
// bob; the next healthy apply takes m5 over and leaves bob, whom Terraform
// never managed, where he is.
func TestAccCreationAnsweredWithAnotherMember(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	org := randomName("answers")
	env.createOrganization(t, org)
	bob := addBob(t, env, org)
	hostile := hostileAnswers(t, env, isMemberCreation, func([]byte) []byte { return mustJSON(t, memberJSON(bob)) })
	hostile.Store(true)
	config := env.config(literalMember("m5", org, "m5@example.com", false))
	acceptanceTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config: config,
				ExpectError: wrapped("answered the addition of m5@example.com to organization " + org + " with the record " +
					"of another member, bob@example.com (user id " + bob.UserID + ")"),
			},
			{
				PreConfig: func() { hostile.Store(false) },
				Config:    config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("ubiops_organization_user.m5", tfjsonpath.New("email"), knownvalue.StringExact("m5@example.com")),
					statecheck.ExpectKnownValue("ubiops_organization_user.m5", tfjsonpath.New("id"), serverUserID(env, org, "m5@example.com")),
				},
				Check: checkServerMembers(env, org, map[string]bool{emulatorAdmin: true, "bob@example.com": true, "m5@example.com": false}),
			},
		},
	})
}

// serverUserID expects the user id the emulator has for email in org.
func serverUserID(env *testEnv, org, email string) knownvalue.Check {
	for _, m := range env.server.Members(org) {
		if strings.EqualFold(m.Email, email) {
			return knownvalue.StringExact(m.UserID)
		}
	}
	return knownvalue.StringRegexp(orgs.UUIDPattern)
}

// TestAccUpdateAnsweredWithAnotherMember: making m1 an admin is answered
// with bob's record. The apply fails naming both, and the state keeps m1's
// own id, so no later plan touches bob.
func TestAccUpdateAnsweredWithAnotherMember(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	org := randomName("patch")
	env.createOrganization(t, org)
	bob := addBob(t, env, org)
	hostile := hostileAnswers(t, env, isMemberUpdate, func([]byte) []byte { return mustJSON(t, memberJSON(bob)) })
	m1 := func(admin bool) string { return env.config(literalMember("m1", org, "m1@example.com", admin)) }
	acceptanceTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{Config: m1(false)},
			{
				PreConfig: func() { hostile.Store(true) },
				Config:    m1(true),
				ExpectError: wrapped("with the record of another member, bob@example.com (user id " + bob.UserID +
					"). Nothing of that answer was recorded"),
			},
			{
				PreConfig: func() { hostile.Store(false) },
				Config:    m1(true),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("ubiops_organization_user.m1", tfjsonpath.New("id"), serverUserID(env, org, "m1@example.com")),
					statecheck.ExpectKnownValue("ubiops_organization_user.m1", tfjsonpath.New("email"), knownvalue.StringExact("m1@example.com")),
				},
				Check: checkServerMembers(env, org, map[string]bool{emulatorAdmin: true, "bob@example.com": true, "m1@example.com": true}),
			},
		},
		CheckDestroy: checkServerMembers(env, org, map[string]bool{emulatorAdmin: true, "bob@example.com": true}),
	})
}

// TestAccInconsistentMemberListIsNoProof: a refresh (apply -refresh-only)
// meets a member list that cannot be the organization's whole list: empty
// (it does not even hold the admin who read it), another organization's
// (without the signed-in user), or one that shows m1's address under
// another user id. The refresh fails saying so, and the state keeps every
// membership: the next healthy plan changes nothing.
func TestAccInconsistentMemberListIsNoProof(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		// answer rewrites the member list, given the emulator and an
		// organization the signed-in user is not a member of.
		answer func(t *testing.T, env *testEnv, other string, list []byte) []byte
		want   string
	}{
		{
			name:   "empty",
			answer: func(*testing.T, *testEnv, string, []byte) []byte { return []byte(`[]`) },
			want:   "does not hold admin@example.com, the signed-in user",
		},
		{
			name: "another organization's",
			answer: func(t *testing.T, env *testEnv, other string, _ []byte) []byte {
				var list []map[string]any
				for _, m := range env.emulator(t).Members(other) {
					list = append(list, memberJSON(m))
				}
				return mustJSON(t, list)
			},
			want: "does not hold admin@example.com, the signed-in user",
		},
		{
			name: "m1 under another id",
			answer: func(t *testing.T, _ *testEnv, _ string, list []byte) []byte {
				var members []map[string]any
				if err := json.Unmarshal(list, &members); err != nil {
					t.Error(err)
				}
				for _, m := range members {
					if m["email"] == "m1@example.com" {
						m["id"] = "0badc0de-0000-4000-8000-000000000001"
					}
				}
				return mustJSON(t, members)
			},
			want: "lists m1@example.com under user id 0badc0de-0000-4000-8000-000000000001, but the Terraform state holds user id",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			env := newTestEnv(t)
			org := randomName("lists")
			env.createOrganization(t, org)
			other := randomName("carols")
			if err := env.emulator(t).AddUser(emulator.SeedUser{Email: "carol@example.com", Name: "Carol"}); err != nil {
				t.Fatal(err)
			}
			if _, err := env.emulator(t).CreateOrganization(other, "carol@example.com"); err != nil {
				t.Fatal(err)
			}
			hostile := hostileAnswers(t, env, isMemberListOf(org), func(body []byte) []byte { return tc.answer(t, env, other, body) })
			config := env.config(literalMember("m1", org, "m1@example.com", false), literalMember("m2", org, "m2@example.com", true))
			acceptanceTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testProviders,
				Steps: refusedRefreshSteps(config, hostile, tc.want, resource.TestStep{
					Check: checkStateAddresses("ubiops_organization_user.m1", "ubiops_organization_user.m2"),
				}),
			})
		})
	}
}

// TestAccInconsistentWholeListIsNoProof: the same for
// ubiops_organization_members: an empty member list does not empty the
// resource's members map.
func TestAccInconsistentWholeListIsNoProof(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	org := randomName("whole")
	hostile := hostileAnswers(t, env, isMemberListOf(org), func([]byte) []byte { return []byte(`[]`) })
	config := env.config(wholeListConfig(org, "m1@example.com", "m2@example.com,true"))
	acceptanceTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps:                    refusedRefreshSteps(config, hostile, "does not hold admin@example.com, the signed-in user", resource.TestStep{}),
	})
}

// TestAccOrganizationAnsweredUnderAnotherName: the read of organization X
// answers X's UUID with another name. That is no rename (a rename is found
// through the organization list, by UUID): the refresh fails naming what
// was asked and what came back, and the state keeps the name.
func TestAccOrganizationAnsweredUnderAnotherName(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	org := randomName("named")
	hostile := hostileAnswers(t, env, func(r *http.Request) bool {
		return r.Method == http.MethodGet && strings.HasSuffix(r.URL.Path, "/organizations/"+org)
	}, func(body []byte) []byte {
		return bytes.Replace(body, []byte(`"name":"`+org+`"`), []byte(`"name":"someone-elses"`), 1)
	})
	config := env.config(organizationConfig(org, ""))
	acceptanceTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: refusedRefreshSteps(config, hostile, "answered the request for organization "+org+" with organization someone-elses", resource.TestStep{
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("ubiops_organization.test", tfjsonpath.New("name"), knownvalue.StringExact(org)),
			},
		}),
	})
}
