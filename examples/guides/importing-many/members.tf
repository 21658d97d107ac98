locals {
  # Keyed by the address in lower case: see below.
  members = { for email, admin in {
    "bob@example.com"   = false
    "Carol@Example.com" = false
  } : lower(email) => admin }
}

import {
  for_each = local.members
  to       = ubiops_organization_user.member[each.key]
  id       = "acme-ml/${each.key}"
}

resource "ubiops_organization_user" "member" {
  for_each = local.members

  organization_name = ubiops_organization.acme.name
  email             = each.key
  admin             = each.value
}
