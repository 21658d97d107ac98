data "ubiops_organization_resource_usage" "acme" {
  organization_name = "acme-ml"
}

# Stop before the organization outgrows its subscription's limits.
output "projects_in_use" {
  value = data.ubiops_organization_resource_usage.acme.projects

  precondition {
    condition     = data.ubiops_organization_resource_usage.acme.projects < 10
    error_message = "acme-ml has reached its limit of 10 projects."
  }
}
