resource "ubiops_organization" "example" {
  name = "acme-ml"
}

# Everyone in acme-ml, and nobody else: a person added in the UbiOps web app
# is listed in the next plan and removed by the next apply.
resource "ubiops_organization_members" "acme" {
  organization_name = ubiops_organization.example.name

  # Each person once, by email, with their role: "admin" or "member". The
  # signed-in user (whose credentials the provider uses) must be listed, as
  # an admin. An address without a UbiOps account is invited.
  members = {
    "admin@example.com"          = "admin"
    "bob@example.com"            = "admin"
    "carol@example.com"          = "member"
    "data-scientist@example.com" = "member"
  }
}

# The members' UbiOps user IDs, by email.
output "acme_user_ids" {
  value = { for email, user in ubiops_organization_members.acme.users : email => user.user_id }
}
