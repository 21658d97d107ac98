data "ubiops_organizations" "mine" {}

output "organization_names" {
  value = data.ubiops_organizations.mine.names
}

# The UUID of each organization, by name.
output "organization_ids" {
  value = { for o in data.ubiops_organizations.mine.organizations : o.name => o.id }
}
