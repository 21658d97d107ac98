# Terraform 1.16 or later (OpenTofu 1.12 or later): `terraform destroy` of
# this configuration forgets the organization and Bob's membership instead
# of destroying them. Bob keeps his membership and his project roles; the
# organization stays without the "was not deleted" warning.
resource "ubiops_organization" "research" {
  name = "acme-research"

  lifecycle {
    destroy = false
  }
}

resource "ubiops_organization_user" "bob" {
  organization_name = ubiops_organization.research.name
  email             = "bob@example.com"

  lifecycle {
    destroy = false
  }
}
