# What the guide's generated.tf becomes once reviewed: the dates dropped,
# the memberships referring to the organization.
resource "ubiops_organization" "acme" {
  name                             = "acme-ml"
  subscription                     = "professional"
  two_factor_authentication_forced = false
}

resource "ubiops_organization_user" "ada" {
  organization_name = ubiops_organization.acme.name
  email             = "admin@example.com"
  admin             = true
}

resource "ubiops_organization_user" "bob" {
  organization_name = ubiops_organization.acme.name
  email             = "bob@example.com"
  admin             = false
}
