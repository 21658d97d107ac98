# terraform test for the organization-team module, against the UbiOps API
# emulator: start it with examples/emulator/seed.json, point UBIOPS_API_HOST
# at it and sign in with UBIOPS_EMAIL and UBIOPS_PASSWORD (see the guide
# "Testing your modules with terraform test and the emulator").

variables {
  organization_name = "team-under-test"
  members = {
    "bob@example.com"      = { admin = true }
    "newcomer@example.com" = {}
  }
}

# A plan alone: the names come from the variables, nothing is created.
run "plan_names_the_organization" {
  command = plan

  assert {
    condition     = ubiops_organization.this.name == "team-under-test"
    error_message = "The organization is not named after var.organization_name."
  }

  assert {
    condition     = ubiops_organization_user.member["newcomer@example.com"].admin == false
    error_message = "A member without admin should be a regular member."
  }
}

# An apply against the emulator: the outputs carry what UbiOps answered.
run "apply_creates_the_team" {
  assert {
    condition     = can(regex("^[0-9a-f-]{36}$", output.organization_id))
    error_message = "organization_id is not a UUID: ${output.organization_id}"
  }

  assert {
    condition     = toset(keys(output.member_ids)) == toset(["bob@example.com", "newcomer@example.com"])
    error_message = "member_ids does not list both members."
  }

  assert {
    condition     = output.admins == tolist(["bob@example.com"])
    error_message = "Only bob@example.com should be an admin."
  }

  # Bob has a UbiOps account in the seed; the newcomer is invited.
  assert {
    condition     = ubiops_organization_user.member["bob@example.com"].status == "active" && ubiops_organization_user.member["newcomer@example.com"].status == "invited"
    error_message = "Bob should be active and the newcomer invited."
  }
}

# Changing a member's admin flag changes the membership in place.
run "demote_bob" {
  variables {
    members = {
      "bob@example.com"      = { admin = false }
      "newcomer@example.com" = {}
    }
  }

  assert {
    condition     = length(output.admins) == 0
    error_message = "No member should be an admin any more."
  }

  assert {
    condition     = output.member_ids == run.apply_creates_the_team.member_ids
    error_message = "The memberships were replaced instead of changed in place."
  }
}

# A bad email address is refused by the variable's validation, before any
# request to UbiOps.
run "rejects_an_email_in_upper_case" {
  command = plan

  variables {
    members = {
      "Bob@Example.com" = {}
    }
  }

  expect_failures = [var.members]
}
