resource "ubiops_organization" "example" {
  name = "acme-ml"
}

# Everyone in acme-ml, and nobody else: a person added in the UbiOps web app
# is listed in the next plan and removed by the next apply.
resource "ubiops_organization_members" "acme" {
  organization_name = ubiops_organization.example.name

  # The signed-in user (whose credentials the provider uses) must be listed,
  # as an admin.
  member {
    email = "admin@example.com"
    admin = true
  }

  member {
    email = "bob@example.com"
    admin = true
  }

  # Regular members. An address without a UbiOps account is invited.
  dynamic "member" {
    for_each = toset(["carol@example.com", "data-scientist@example.com"])
    content {
      email = member.value
    }
  }
}
