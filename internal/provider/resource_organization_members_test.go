package provider

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/ubiops/terraform-provider-ubiops/internal/orgs"
)

const membersAddress = "ubiops_organization_members.all"

// wholeListConfig declares an organization and its complete member list:
// each spec is "email" or "email,admin". The signed-in user (the emulator's
// admin) is listed first, as an admin.
func wholeListConfig(org string, specs ...string) string {
	return organizationConfig(org, "") + wholeList("test", specs...)
}

// wholeList is ubiops_organization_members.all for the organization of the
// ubiops_organization resource named orgResource.
func wholeList(orgResource string, specs ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "\nresource \"ubiops_organization_members\" \"all\" {\n  organization_name = ubiops_organization.%s.name\n", orgResource)
	for _, spec := range append([]string{emulatorAdmin + ",true"}, specs...) {
		email, admin, _ := strings.Cut(spec, ",")
		fmt.Fprintf(&b, "  member {\n    email = %q\n", email)
		if admin != "" {
			fmt.Fprintf(&b, "    admin = %s\n", admin)
		}
		b.WriteString("  }\n")
	}
	b.WriteString("}\n")
	return b.String()
}

// memberValue is the expected state of one member block.
func memberValue(email string, admin bool) knownvalue.Check {
	return knownvalue.ObjectPartial(map[string]knownvalue.Check{
		"email":   knownvalue.StringExact(email),
		"admin":   knownvalue.Bool(admin),
		"user_id": knownvalue.StringRegexp(orgs.UUIDPattern),
	})
}

func TestAccOrganizationMembers_lifecycle(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	org := randomName("whole")
	lead, dev, intruder := "lead@example.com", "dev@example.com", "intruder@example.com"

	acceptanceTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config: env.config(wholeListConfig(org, lead+",true", dev)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(membersAddress, tfjsonpath.New("member"), knownvalue.ListExact([]knownvalue.Check{
						memberValue(emulatorAdmin, true), memberValue(lead, true), memberValue(dev, false),
					})),
					statecheck.ExpectKnownValue(membersAddress, tfjsonpath.New("id"), knownvalue.StringRegexp(orgs.UUIDPattern)),
				},
				Check: checkServerMembers(env, org, map[string]bool{emulatorAdmin: true, lead: true, dev: false}),
			},
			{
				// Someone added in the web app is planned for removal, and a
				// listed member removed there is planned to be added again.
				PreConfig: func() {
					if _, err := env.emulator(t).AddMember(org, intruder, false); err != nil {
						t.Fatal(err)
					}
					if err := env.emulator(t).DeleteMember(org, dev); err != nil {
						t.Fatal(err)
					}
				},
				Config:             env.config(wholeListConfig(org, lead+",true", dev)),
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(membersAddress, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(membersAddress, tfjsonpath.New("member"), knownvalue.ListExact([]knownvalue.Check{
						memberValue(emulatorAdmin, true), memberValue(lead, true),
						knownvalue.ObjectPartial(map[string]knownvalue.Check{"email": knownvalue.StringExact(dev), "admin": knownvalue.Bool(false)}),
					})),
				}},
			},
			{
				PreConfig: env.resetStats,
				Config:    env.config(wholeListConfig(org, lead+",true", dev)),
				Check: resource.ComposeAggregateTestCheckFunc(
					env.checkRoutes(map[string]int{routeUserDelete: 1, routeUserCreate: 1, routeUserUpdate: 0}),
					checkServerMembers(env, org, map[string]bool{emulatorAdmin: true, lead: true, dev: false}),
				),
			},
			{
				// The same address in another case is the same member: no
				// request, and the state takes the configured spelling.
				PreConfig: env.resetStats,
				Config:    env.config(wholeListConfig(org, "Lead@Example.com,true", dev)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(membersAddress, tfjsonpath.New("member"), knownvalue.ListExact([]knownvalue.Check{
						memberValue(emulatorAdmin, true), memberValue("Lead@Example.com", true), memberValue(dev, false),
					})),
				},
				Check: env.checkRoutes(map[string]int{routeUserDelete: 0, routeUserCreate: 0, routeUserUpdate: 0}),
			},
			{
				// admin changes in place, a member leaves the list: one
				// request each, nothing else.
				PreConfig: env.resetStats,
				Config:    env.config(wholeListConfig(org, lead+",false")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(membersAddress, plancheck.ResourceActionUpdate),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					env.checkRoutes(map[string]int{routeUserDelete: 1, routeUserCreate: 0, routeUserUpdate: 1}),
					checkServerMembers(env, org, map[string]bool{emulatorAdmin: true, lead: false}),
				),
			},
			{
				ResourceName:            membersAddress,
				ImportState:             true,
				ImportStateId:           org,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"timeouts"},
			},
			{
				// Configuration generated from an import block plans no
				// changes.
				Config:          env.config(organizationConfig(org, "")),
				ResourceName:    membersAddress,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
				ImportStateId:   org,
				GenerateConfig:  true,
			},
		},
		// Destroying removes every listed member but the signed-in user.
		CheckDestroy: checkServerMembers(env, org, map[string]bool{emulatorAdmin: true}),
	})
}

// recordingProxy forwards to the emulator and records each write it passes
// on as "METHOD path body", in the order they arrive.
func recordingProxy(t *testing.T, env *testEnv) (host string, writes func() []string) {
	t.Helper()
	target, err := url.Parse(env.emulator(t).URL)
	if err != nil {
		t.Fatal(err)
	}
	forward := httputil.NewSingleHostReverseProxy(&url.URL{Scheme: target.Scheme, Host: target.Host})
	var mu sync.Mutex
	var log []string
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet {
			body, _ := io.ReadAll(r.Body)
			r.Body = io.NopCloser(bytes.NewReader(body))
			mu.Lock()
			log = append(log, strings.TrimSpace(r.Method+" "+r.URL.Path+" "+string(body)))
			mu.Unlock()
		}
		forward.ServeHTTP(w, r)
	}))
	t.Cleanup(proxy.Close)
	return proxy.URL + target.Path, func() []string {
		mu.Lock()
		defer mu.Unlock()
		return slices.Clone(log)
	}
}

// TestAccOrganizationMembers_handOverInOneApply: promotions and new admins
// go first, then demotions and removals, so handing the organization over
// from one admin to another succeeds in one apply.
func TestAccOrganizationMembers_handOverInOneApply(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	host, writes := recordingProxy(t, env)
	env.host = host
	org := randomName("handover")
	var before int
	acceptanceTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{Config: env.config(wholeListConfig(org, "old@example.com,true", "boss@example.com,true", "next@example.com"))},
			{
				PreConfig: func() { before = len(writes()) },
				Config:    env.config(wholeListConfig(org, "boss@example.com,false", "next@example.com,true", "fresh@example.com,true")),
				Check: resource.ComposeAggregateTestCheckFunc(
					checkServerMembers(env, org, map[string]bool{emulatorAdmin: true, "boss@example.com": false,
						"next@example.com": true, "fresh@example.com": true}),
					func(*terraform.State) error {
						log := writes()[before:]
						lastGrant, firstTake := -1, len(log)
						for i, w := range log {
							switch {
							case strings.HasPrefix(w, "POST") || strings.Contains(w, `"admin":true`):
								lastGrant = i
							case strings.HasPrefix(w, "DELETE") || strings.Contains(w, `"admin":false`):
								firstTake = min(firstTake, i)
							}
						}
						if len(log) != 4 || lastGrant > firstTake {
							return fmt.Errorf("writes %q: want 4, every grant of admin rights before any demotion or removal", log)
						}
						return nil
					},
				),
			},
		},
	})
}

// TestAccOrganizationMembers_renameKeepsMembers: renamed in the
// configuration or outside Terraform, the organization keeps every
// membership, and no membership request is made.
func TestAccOrganizationMembers_renameKeepsMembers(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	org, renamed, outside, other := randomName("before"), randomName("after"), randomName("outside"), randomName("other")
	otherOrg := fmt.Sprintf("resource \"ubiops_organization\" \"other\" {\n  name = %q\n}\n", other)
	specs := []string{"a@example.com", "b@example.com,true"}
	unchanged := map[string]bool{emulatorAdmin: true, "a@example.com": false, "b@example.com": true}
	noMembershipWrites := map[string]int{routeUserCreate: 0, routeUserDelete: 0, routeUserUpdate: 0}
	acceptanceTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{Config: env.config(wholeListConfig(org, specs...))},
			{
				PreConfig: env.resetStats,
				Config:    env.config(wholeListConfig(renamed, specs...)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("ubiops_organization.test", plancheck.ResourceActionUpdate),
					plancheck.ExpectResourceAction(membersAddress, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(membersAddress, tfjsonpath.New("organization_name"), knownvalue.StringExact(renamed)),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					env.checkRoutes(noMembershipWrites),
					checkServerMembers(env, renamed, unchanged),
				),
			},
			{
				// Renamed outside Terraform: the refresh follows the UUID.
				PreConfig: func() {
					if err := env.emulator(t).RenameOrganization(renamed, outside); err != nil {
						t.Fatal(err)
					}
				},
				RefreshState:       true,
				ExpectNonEmptyPlan: true,
				Check:              resource.TestCheckResourceAttr(membersAddress, "organization_name", outside),
			},
			{
				// The plan renames it back; the members stay.
				PreConfig: env.resetStats,
				Config:    env.config(wholeListConfig(renamed, specs...)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("ubiops_organization.test", plancheck.ResourceActionUpdate),
					plancheck.ExpectResourceAction(membersAddress, plancheck.ResourceActionUpdate),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					env.checkRoutes(noMembershipWrites),
					checkServerMembers(env, renamed, unchanged),
				),
			},
			{
				// Pointed at another organization: refused, nothing moved.
				Config:      env.config(organizationConfig(renamed, ""), otherOrg, wholeList("other", specs...)),
				ExpectError: wrapped("is not the organization these memberships belong to"),
			},
			{
				Config: env.config(wholeListConfig(renamed, specs...), otherOrg),
				Check: resource.ComposeAggregateTestCheckFunc(
					checkServerMembers(env, renamed, unchanged),
					checkServerMembers(env, other, map[string]bool{emulatorAdmin: true}),
				),
			},
		},
		CheckDestroy: checkServerMembers(env, renamed, map[string]bool{emulatorAdmin: true}),
	})
}

// TestAccOrganizationMembers_refusedAtPlan: a list that names one person
// twice (in two spellings) or has no admin fails before any request, with
// a message that names the problem. Managing the same organization's
// members one by one as well fails at plan too.
func TestAccOrganizationMembers_refusedAtPlan(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	org, fresh := randomName("refused"), randomName("fresh")
	freshOrg := fmt.Sprintf("resource \"ubiops_organization\" \"fresh\" {\n  name = %q\n}\n", fresh)
	noRequests := func(routes ...string) {
		if env.server == nil {
			return
		}
		stats := env.server.Stats()
		for _, route := range routes {
			if n := stats.Count(route); n > 0 {
				t.Errorf("%d requests %s for a refused configuration", n, route)
			}
		}
	}
	single := "resource \"ubiops_organization_user\" \"one\" {\n  organization_name = ubiops_organization.test.name\n  email = \"one@example.com\"\n}\n"
	acceptanceTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{Config: env.config(organizationConfig(org, ""))},
			{
				PreConfig:   env.resetStats,
				Config:      env.config(wholeListConfig(org, "m2@example.com", "M2@Example.com,true")),
				ExpectError: wrapped(`The member blocks list "M2@Example.com" and "m2@example.com", which are the same address`),
			},
			{
				PreConfig: func() { noRequests(routeUsersList, routeUserCreate); env.resetStats() },
				Config: env.config(strings.Replace(wholeListConfig(org, "m@example.com"),
					"admin = true", "admin = false", 1)),
				ExpectError: wrapped("No admin in the member list"),
			},
			{
				// The signed-in user must stay listed, as an admin.
				PreConfig: func() { noRequests(routeUsersList, routeUserCreate); env.resetStats() },
				Config: env.config(strings.Replace(wholeListConfig(org, "m@example.com,true"),
					`email = "`+emulatorAdmin+`"`, `email = "other@example.com"`, 1)),
				ExpectError: wrapped("This plan removes " + emulatorAdmin + ", the user the provider is signed in as, from organization " + org),
			},
			{
				PreConfig: func() { noRequests(routeUserCreate, routeUserDelete); env.resetStats() },
				Config: env.config(strings.Replace(wholeListConfig(org, "m@example.com,true"),
					"admin = true", "admin = false", 1)),
				ExpectError: wrapped("This plan makes " + emulatorAdmin + ", the user the provider is signed in as, a regular member of organization " + org),
			},
			{
				PreConfig:   func() { noRequests(routeUserCreate, routeUserUpdate); env.resetStats() },
				Config:      env.config(wholeListConfig(org, "one@example.com"), single),
				ExpectError: wrapped("Members of organization " + org + " are managed twice"),
			},
			{
				// Also for an organization the same apply would create: its
				// name is known when planning.
				PreConfig: func() { noRequests(routeUserCreate); env.resetStats() },
				Config: env.config(organizationConfig(org, ""), freshOrg, wholeList("fresh", "one@example.com"),
					strings.ReplaceAll(single, "ubiops_organization.test", "ubiops_organization.fresh")),
				ExpectError: wrapped("Members of organization " + fresh + " are managed twice"),
			},
			{
				// Neither resource changed anything.
				PreConfig: func() { noRequests(routeUserCreate, routeUserUpdate, routeUserDelete) },
				Config:    env.config(organizationConfig(org, "")),
				Check:     checkServerMembers(env, org, map[string]bool{emulatorAdmin: true}),
			},
		},
	})
}
