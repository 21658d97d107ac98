package provider

import (
	"context"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/ubiops/terraform-provider-ubiops/internal/emulator"
)

// needsQuery skips a test on CLIs without list resources and `terraform
// query`.
var needsQuery = []tfversion.TerraformVersionCheck{
	tfversion.SkipBelow(tfversion.Version1_14_0),
	skipOnOpenTofu("list resources or `tofu query`"),
}

// serverMember returns the emulator's record of a member.
func serverMember(t *testing.T, env *testEnv, org, email string) emulator.MemberRecord {
	t.Helper()
	for _, m := range env.emulator(t).Members(org) {
		if m.Email == email {
			return m
		}
	}
	t.Fatalf("the server has no member %s in %s", email, org)
	return emulator.MemberRecord{}
}

// adminsTwoOrganizations creates two organizations the signed-in user (the
// emulator's admin) administers, and a third where it is a plain member.
func adminsTwoOrganizations(t *testing.T, env *testEnv) (mine, second, theirs emulator.OrganizationRecord) {
	t.Helper()
	var err error
	if mine, err = env.emulator(t).CreateOrganization(randomName("mine"), emulatorAdmin); err != nil {
		t.Fatal(err)
	}
	if second, err = env.emulator(t).CreateOrganization(randomName("second"), emulatorAdmin); err != nil {
		t.Fatal(err)
	}
	return mine, second, plainMemberOrganization(t, env)
}

// plainMemberOrganization creates an organization that someone else owns
// and where the signed-in user is a plain member.
func plainMemberOrganization(t *testing.T, env *testEnv) emulator.OrganizationRecord {
	t.Helper()
	s := env.emulator(t)
	if err := s.AddUser(emulator.SeedUser{Email: "owner@example.com", Token: "owner-token"}); err != nil {
		t.Fatal(err)
	}
	theirs, err := s.CreateOrganization(randomName("theirs"), "owner@example.com")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddMember(theirs.Name, emulatorAdmin, false); err != nil {
		t.Fatal(err)
	}
	return theirs
}

// checkRoutesQuery is env.checkRoutes for a query step.
func checkRoutesQuery(env *testEnv, want map[string]int) querycheck.QueryResultCheck {
	return routesCheck{env: env, want: want}
}

type routesCheck struct {
	env  *testEnv
	want map[string]int
}

func (c routesCheck) CheckQuery(_ context.Context, _ querycheck.CheckQueryRequest, resp *querycheck.CheckQueryResponse) {
	resp.Error = c.env.checkRoutes(c.want)(nil)
}

// TestAccListOrganizations: the organizations the signed-in user administers
// are listed by name with their UUIDs as identities and, with
// include_resource, their full state; those where the user is a plain
// member are not.
func TestAccListOrganizations(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	mine, second, theirs := adminsTwoOrganizations(t, env)
	byID := func(id string) queryfilter.QueryFilter {
		return queryfilter.ByResourceIdentity(map[string]knownvalue.Check{"id": knownvalue.StringExact(id)})
	}

	acceptanceTest(t, resource.TestCase{
		TerraformVersionChecks:   needsQuery,
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Query: true,
			Config: env.config(`
list "ubiops_organization" "admin" {
  provider         = ubiops
  include_resource = true
}
`),
			QueryResultChecks: []querycheck.QueryResultCheck{
				querycheck.ExpectLength("ubiops_organization.admin", 2),
				querycheck.ExpectIdentity("ubiops_organization.admin", map[string]knownvalue.Check{"id": knownvalue.StringExact(mine.ID)}),
				querycheck.ExpectIdentity("ubiops_organization.admin", map[string]knownvalue.Check{"id": knownvalue.StringExact(second.ID)}),
				querycheck.ExpectNoIdentity("ubiops_organization.admin", map[string]knownvalue.Check{"id": knownvalue.StringExact(theirs.ID)}),
				querycheck.ExpectResourceDisplayName("ubiops_organization.admin", byID(mine.ID), knownvalue.StringExact(mine.Name)),
				querycheck.ExpectResourceKnownValues("ubiops_organization.admin", byID(mine.ID), []querycheck.KnownValueCheck{
					{Path: tfjsonpath.New("id"), KnownValue: knownvalue.StringExact(mine.ID)},
					{Path: tfjsonpath.New("name"), KnownValue: knownvalue.StringExact(mine.Name)},
					// Read in full: the organization list has no subscription.
					{Path: tfjsonpath.New("subscription"), KnownValue: knownvalue.StringExact("free")},
					{Path: tfjsonpath.New("status"), KnownValue: knownvalue.StringExact("active")},
					{Path: tfjsonpath.New("two_factor_authentication_forced"), KnownValue: knownvalue.Bool(false)},
					{Path: tfjsonpath.New("subscription_end_date"), KnownValue: knownvalue.Null()},
				}),
			},
		}},
	})
}

// TestAccListOrganizationUsers: every member of an organization is listed as
// organization/email with the organization's and the user's UUIDs as
// identity, in two requests whatever the number of members; the list
// block's limit is honoured.
func TestAccListOrganizationUsers(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	s := env.emulator(t)
	org, err := s.CreateOrganization(randomName("listed"), emulatorAdmin)
	if err != nil {
		t.Fatal(err)
	}
	const members = 30
	for i := 1; i <= members; i++ {
		if _, err := s.AddMember(org.Name, fmt.Sprintf("member-%02d@example.com", i), i%10 == 0); err != nil {
			t.Fatal(err)
		}
	}
	member7 := serverMember(t, env, org.Name, "member-07@example.com")
	member10 := serverMember(t, env, org.Name, "member-10@example.com")
	identity := func(userID string) map[string]knownvalue.Check {
		return map[string]knownvalue.Check{"organization_id": knownvalue.StringExact(org.ID), "user_id": knownvalue.StringExact(userID)}
	}
	list := func(name, extra string) string {
		return fmt.Sprintf(`
list "ubiops_organization_user" %q {
  provider = ubiops
%s
  config {
    organization_name = %q
  }
}
`, name, extra, org.Name)
	}

	queryTest(t, env, env.config(
		list("all", "  include_resource = true\n  limit            = 1000"),
		list("first", "  limit = 5")),
		// The members and the organization's creator.
		querycheck.ExpectLength("ubiops_organization_user.all", members+1),
		querycheck.ExpectLength("ubiops_organization_user.first", 5),
		querycheck.ExpectIdentity("ubiops_organization_user.all", identity(member7.UserID)),
		querycheck.ExpectResourceDisplayName("ubiops_organization_user.all",
			queryfilter.ByResourceIdentity(identity(member7.UserID)), knownvalue.StringExact(org.Name+"/member-07@example.com")),
		querycheck.ExpectResourceKnownValues("ubiops_organization_user.all",
			queryfilter.ByResourceIdentity(identity(member10.UserID)), []querycheck.KnownValueCheck{
				{Path: tfjsonpath.New("id"), KnownValue: knownvalue.StringExact(member10.UserID)},
				{Path: tfjsonpath.New("organization_name"), KnownValue: knownvalue.StringExact(org.Name)},
				{Path: tfjsonpath.New("email"), KnownValue: knownvalue.StringExact("member-10@example.com")},
				{Path: tfjsonpath.New("admin"), KnownValue: knownvalue.Bool(true)},
				{Path: tfjsonpath.New("status"), KnownValue: knownvalue.StringExact(member10.Status)},
			}),
		// Two requests for any number of members, shared by both
		// list blocks: the organization (for its UUID) and its members.
		checkRoutesQuery(env, map[string]int{routeOrgGet: 1, routeUsersList: 1, routeUserGet: 0}),
	)
}

// TestAccListOrganizationUsers_refused: a bad organization name fails before
// any request, and a plain member is told that listing needs an admin.
func TestAccListOrganizationUsers_refused(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	theirs := plainMemberOrganization(t, env)
	list := func(org string) string {
		return env.config(fmt.Sprintf(`
list "ubiops_organization_user" "members" {
  provider = ubiops
  config {
    organization_name = %q
  }
}
`, org))
	}

	acceptanceTest(t, resource.TestCase{
		TerraformVersionChecks:   needsQuery,
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				PreConfig:   env.resetStats,
				Query:       true,
				Config:      list("Not_A_Name"),
				ExpectError: wrapped("An organization name must be " + organizationNameRule),
			},
			{
				PreConfig: func() {
					if err := env.checkRoutes(map[string]int{routeOrgs: 0, routeOrgGet: 0, routeUsersList: 0})(nil); err != nil {
						t.Errorf("the invalid name was sent: %v", err)
					}
				},
				Query:       true,
				Config:      list(theirs.Name),
				ExpectError: wrapped("it must be an admin of organization " + theirs.Name),
			},
		},
	})
}

// queryTest runs one terraform query of config with the emulator's request
// counters reset before it, and checks its results.
func queryTest(t *testing.T, env *testEnv, config string, checks ...querycheck.QueryResultCheck) {
	t.Helper()
	acceptanceTest(t, resource.TestCase{
		TerraformVersionChecks:   needsQuery,
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			PreConfig:         env.resetStats,
			Query:             true,
			Config:            config,
			QueryResultChecks: checks,
		}},
	})
}

// TestAccListMemberLists: the member list of each organization the
// signed-in user administers is listed by the organization's name with its
// UUID as identity and, with include_resource, everyone in it; an
// organization where the user is a plain member is not listed.
func TestAccListMemberLists(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	mine, second, theirs := adminsTwoOrganizations(t, env)
	for email, admin := range map[string]bool{"lead@example.com": true, "dev@example.com": false} {
		if _, err := env.emulator(t).AddMember(mine.Name, email, admin); err != nil {
			t.Fatal(err)
		}
	}
	byOrg := func(id string) map[string]knownvalue.Check {
		return map[string]knownvalue.Check{"organization_id": knownvalue.StringExact(id)}
	}
	const address = "ubiops_organization_members.all"

	queryTest(t, env, env.config(`
list "ubiops_organization_members" "all" {
  provider         = ubiops
  include_resource = true
}
`),
		querycheck.ExpectLength(address, 2),
		querycheck.ExpectIdentity(address, byOrg(mine.ID)),
		querycheck.ExpectIdentity(address, byOrg(second.ID)),
		querycheck.ExpectNoIdentity(address, byOrg(theirs.ID)),
		querycheck.ExpectResourceDisplayName(address, queryfilter.ByResourceIdentity(byOrg(mine.ID)), knownvalue.StringExact(mine.Name)),
		querycheck.ExpectResourceKnownValues(address, queryfilter.ByResourceIdentity(byOrg(mine.ID)), []querycheck.KnownValueCheck{
			{Path: tfjsonpath.New("id"), KnownValue: knownvalue.StringExact(mine.ID)},
			{Path: tfjsonpath.New("organization_name"), KnownValue: knownvalue.StringExact(mine.Name)},
			// Everyone.
			{Path: tfjsonpath.New("members"), KnownValue: membersValue(memberRole{emulatorAdmin, true},
				memberRole{"dev@example.com", false}, memberRole{"lead@example.com", true})},
			{Path: tfjsonpath.New("users"), KnownValue: usersValue(emulatorAdmin, "dev@example.com", "lead@example.com")},
		}),
		// The organizations, and each one's members once.
		checkRoutesQuery(env, map[string]int{routeOrgs: 1, routeUsersList: 3, routeOrgGet: 0}),
	)
}

// TestAccListOrganizationUsers_everyAdministeredOrganization: without an
// organization_name, the members of every organization the signed-in user
// administers are listed, and none of an organization where it is a plain
// member.
func TestAccListOrganizationUsers_everyAdministeredOrganization(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	mine, second, theirs := adminsTwoOrganizations(t, env)
	if _, err := env.emulator(t).AddMember(mine.Name, "lead@example.com", true); err != nil {
		t.Fatal(err)
	}
	if _, err := env.emulator(t).AddMember(theirs.Name, "outsider@example.com", false); err != nil {
		t.Fatal(err)
	}
	lead := serverMember(t, env, mine.Name, "lead@example.com")
	secondAdmin := serverMember(t, env, second.Name, emulatorAdmin)
	const address = "ubiops_organization_user.everywhere"

	queryTest(t, env, env.config(`
list "ubiops_organization_user" "everywhere" {
  provider = ubiops
}
`),
		// The signed-in user in both, and lead in mine.
		querycheck.ExpectLength(address, 3),
		querycheck.ExpectIdentity(address, map[string]knownvalue.Check{
			"organization_id": knownvalue.StringExact(mine.ID), "user_id": knownvalue.StringExact(lead.UserID),
		}),
		querycheck.ExpectResourceDisplayName(address, queryfilter.ByResourceIdentity(map[string]knownvalue.Check{
			"organization_id": knownvalue.StringExact(mine.ID), "user_id": knownvalue.StringExact(lead.UserID),
		}), knownvalue.StringExact(mine.Name+"/lead@example.com")),
		querycheck.ExpectIdentity(address, map[string]knownvalue.Check{
			"organization_id": knownvalue.StringExact(second.ID), "user_id": knownvalue.StringExact(secondAdmin.UserID),
		}),
		// The organizations, and each one's members once.
		checkRoutesQuery(env, map[string]int{routeOrgs: 1, routeUsersList: 3, routeOrgGet: 0}),
	)
}
