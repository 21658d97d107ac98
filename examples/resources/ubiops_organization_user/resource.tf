resource "ubiops_organization" "example" {
  name = "acme-ml"
}

# An admin of the organization.
resource "ubiops_organization_user" "bob" {
  organization_name = ubiops_organization.example.name
  email             = "bob@example.com"
  admin             = true
}

# Regular members. An address without a UbiOps account is invited. The keys
# are the addresses in lower case: a key names the membership in the state,
# so a key whose case changed would remove the member and add them again,
# deleting their roles in the organization's projects.
resource "ubiops_organization_user" "members" {
  for_each = toset([for email in ["data-scientist@example.com", "ML-Engineer@example.com"] : lower(email)])

  organization_name = ubiops_organization.example.name
  email             = each.value
}
