data "ubiops_organization_users" "all" {
  organization_name = "acme-ml"
}

# Only the admins.
data "ubiops_organization_users" "admins" {
  organization_name = "acme-ml"
  admin             = true
}

output "admin_emails" {
  value = [for u in data.ubiops_organization_users.admins.users : u.email]
}

output "pending_invitations" {
  value = [for u in data.ubiops_organization_users.all.users : u.email if u.status == "invited"]
}
