# By email, compared case-insensitively.
data "ubiops_organization_user" "ada" {
  organization_name = "acme-ml"
  email             = "admin@example.com"
}

# Or by the user's UUID.
data "ubiops_organization_user" "by_id" {
  organization_name = "acme-ml"
  id                = "332d7432-2742-4177-99a9-139e91e0110c"
}

check "ada_is_admin" {
  assert {
    condition     = data.ubiops_organization_user.ada.admin
    error_message = "admin@example.com should be an admin of acme-ml."
  }
}

output "ada_user_id" {
  value = data.ubiops_organization_user.ada.id
}

output "member_by_id" {
  value = data.ubiops_organization_user.by_id.email
}
