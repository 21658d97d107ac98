package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

// importedMembership manages an existing membership, imported by email.
func importedMembership(name, org, email, extra string) string {
	return fmt.Sprintf(`
import {
  to = ubiops_organization_user.%[1]s
  id = "%[2]s/%[3]s"
}

resource "ubiops_organization_user" %[1]q {
  organization_name = %[2]q
  email             = %[3]q
%[4]s}
`, name, org, email, extra)
}

// removedMembership stops managing a membership without removing it.
func removedMembership(name string) string {
	return fmt.Sprintf("\nremoved {\n  from = ubiops_organization_user.%s\n  lifecycle {\n    destroy = false\n  }\n}\n", name)
}

// TestAccAdminHandoverInOneApply: the signed-in user hands its
// organization's admin right over to another member in one apply ("make B
// admin, then me not"). Terraform applies both in parallel; the demotion
// waits for the promotion, so the last-admin rule never refuses it. Twenty
// hand-overs, two per apply, each in a fresh organization (afterwards the
// signed-in user can no longer manage it), show it holds every time.
func TestAccAdminHandoverInOneApply(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	const applies, perApply = 10, 2
	prefix := randomName("handover")
	other := "successor@example.com"
	handover := func(i int) string {
		org := fmt.Sprintf("%s-%d", prefix, i)
		return importedMembership(fmt.Sprintf("me_%d", i), org, emulatorAdmin, "  admin = false\n  allow_self_removal = true\n") +
			importedMembership(fmt.Sprintf("successor_%d", i), org, other, "  admin = true\n")
	}
	// release stops managing hand-over i: its organization is no longer
	// this user's to manage.
	release := func(i int) string {
		return removedMembership(fmt.Sprintf("me_%d", i)) + removedMembership(fmt.Sprintf("successor_%d", i))
	}
	var steps []resource.TestStep
	for step := range applies {
		var config string
		var checks []resource.TestCheckFunc
		var orgs []string
		for i := step * perApply; i < (step+1)*perApply; i++ {
			org := fmt.Sprintf("%s-%d", prefix, i)
			orgs = append(orgs, org)
			config += handover(i)
			if step > 0 {
				config += release(i - perApply)
			}
			checks = append(checks, checkServerMembers(env, org, map[string]bool{emulatorAdmin: false, other: true}))
		}
		steps = append(steps, resource.TestStep{
			PreConfig: func() {
				s := env.emulator(t)
				for _, org := range orgs {
					env.createOrganization(t, org)
					if _, err := s.AddMember(org, other, false); err != nil {
						t.Fatal(err)
					}
				}
			},
			Config: env.config(config),
			Check:  resource.ComposeAggregateTestCheckFunc(checks...),
		})
	}
	var last string
	for i := (applies - 1) * perApply; i < applies*perApply; i++ {
		last += release(i)
	}
	steps = append(steps, resource.TestStep{Config: env.config(last)})
	acceptanceTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		// After each hand-over the signed-in user may no longer read the
		// organization's members, so nothing is refreshed.
		AdditionalCLIOptions: &resource.AdditionalCLIOptions{Plan: resource.PlanOptions{NoRefresh: true}},
		Steps:                steps,
	})
}
