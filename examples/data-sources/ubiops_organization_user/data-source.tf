# By email, compared case-insensitively.
data "ubiops_organization_user" "ops" {
  organization_name = "acme-ml"
  email             = "ops@example.com"
}

# Or by the user's UUID.
data "ubiops_organization_user" "by_id" {
  organization_name = "acme-ml"
  id                = "0b6f3c52-9d0e-4f7a-8a1b-2c3d4e5f6a7b"
}

check "ops_is_admin" {
  assert {
    condition     = data.ubiops_organization_user.ops.admin
    error_message = "ops@example.com should be an admin of acme-ml."
  }
}

output "ops_user_id" {
  value = data.ubiops_organization_user.ops.id
}
