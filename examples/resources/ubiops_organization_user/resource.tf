resource "ubiops_organization" "example" {
  name = "acme-ml"
}

# An admin of the organization.
resource "ubiops_organization_user" "lead" {
  organization_name = ubiops_organization.example.name
  email             = "lead@example.com"
  admin             = true
}

# Regular members. An address without a UbiOps account is invited.
resource "ubiops_organization_user" "members" {
  for_each = toset(["data-scientist@example.com", "ml-engineer@example.com"])

  organization_name = ubiops_organization.example.name
  email             = each.value
}
