# The quickstart: an organization, a second admin and two members.
# `make demo` applies it against a local UbiOps API emulator; against the
# real service, set UBIOPS_EMAIL and UBIOPS_PASSWORD (and UBIOPS_TOTP_SECRET
# for an account with two-factor authentication), and pick a name nobody has
# taken.

terraform {
  required_version = ">= 1.11"
  required_providers {
    ubiops = {
      source = "ubiops/ubiops"
    }
  }
}

# The credentials and host come from UBIOPS_EMAIL, UBIOPS_PASSWORD and
# UBIOPS_API_HOST.
provider "ubiops" {}

variable "organization_name" {
  description = "Name of the organization; unique across all of UbiOps."
  type        = string
  default     = "quickstart-ml"
}

resource "ubiops_organization" "main" {
  name = var.organization_name
}

resource "ubiops_organization_user" "platform_lead" {
  organization_name = ubiops_organization.main.name
  email             = "platform-lead@example.com"
  admin             = true
}

resource "ubiops_organization_user" "members" {
  for_each = toset(["data-scientist@example.com", "ml-engineer@example.com"])

  organization_name = ubiops_organization.main.name
  email             = each.value
}

output "organization_id" {
  description = "The organization's UUID."
  value       = ubiops_organization.main.id
}

output "subscription" {
  description = "The subscription UbiOps assigned."
  value       = ubiops_organization.main.subscription
}

output "members" {
  description = "Each managed member's email, admin flag and status."
  value = {
    for m in concat([ubiops_organization_user.platform_lead], values(ubiops_organization_user.members)) :
    m.email => { admin = m.admin, status = m.status }
  }
}

# Read after the members exist, so the counts include them.
data "ubiops_organization_resource_usage" "main" {
  organization_name = ubiops_organization.main.name

  depends_on = [ubiops_organization_user.platform_lead, ubiops_organization_user.members]
}

# Credits used in the current subscription period, per day.
data "ubiops_organization_usage" "main" {
  organization_name = ubiops_organization.main.name
  interval          = "day"
}

output "resource_counts" {
  description = "How many projects, users, deployments ... the organization has."
  value = {
    projects    = data.ubiops_organization_resource_usage.main.projects
    users       = data.ubiops_organization_resource_usage.main.users
    deployments = data.ubiops_organization_resource_usage.main.deployments
    pipelines   = data.ubiops_organization_resource_usage.main.pipelines
  }
}

output "credits_this_period" {
  description = "Credits the organization used in its current subscription period."
  value       = data.ubiops_organization_usage.main.total_credits
}
