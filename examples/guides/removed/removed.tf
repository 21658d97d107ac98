# Was: resource "ubiops_organization_user" "bob" { ... }
removed {
  from = ubiops_organization_user.bob

  lifecycle {
    destroy = false
  }
}

# Was: resource "ubiops_organization" "acme" { ... }
removed {
  from = ubiops_organization.acme

  lifecycle {
    destroy = false
  }
}
