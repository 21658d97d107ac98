# A reusable module: one UbiOps organization and its members, from a
# variable. Its tests (tests/organization-team.tftest.hcl) run with
# `terraform test` against the UbiOps API emulator.

terraform {
  required_version = ">= 1.11"

  required_providers {
    ubiops = {
      source = "ubiops/ubiops"
    }
  }
}

variable "organization_name" {
  description = "The organization's name: lowercase letters, digits and dashes, starting with a letter, at most 64 characters."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,63}$", var.organization_name))
    error_message = "organization_name must start with a lowercase letter and hold only lowercase letters, digits and dashes, at most 64 characters."
  }
}

variable "members" {
  description = "The organization's members besides the person Terraform signs in as (who becomes its first admin), by email address in lower case."
  type = map(object({
    admin = optional(bool, false)
  }))
  default = {}

  validation {
    condition     = alltrue([for email in keys(var.members) : can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", email)) && email == lower(email)])
    error_message = "Every key of members must be an email address in lower case, such as jane@example.com."
  }
}

resource "ubiops_organization" "this" {
  name = var.organization_name
}

resource "ubiops_organization_user" "member" {
  for_each = var.members

  organization_name = ubiops_organization.this.name
  email             = each.key
  admin             = each.value.admin
}

output "organization_id" {
  description = "The organization's UUID."
  value       = ubiops_organization.this.id
}

output "member_ids" {
  description = "Each member's user UUID, by email address."
  value       = { for email, m in ubiops_organization_user.member : email => m.id }
}

output "admins" {
  description = "The email addresses of the members made admins here, sorted."
  value       = sort([for email, m in ubiops_organization_user.member : email if m.admin])
}
