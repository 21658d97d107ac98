data "ubiops_organization" "acme" {
  name = "acme-ml"
}

# Refuse to go on when the organization is on the free subscription, whose
# limits the workloads of this configuration outgrow.
output "acme_subscription" {
  value = data.ubiops_organization.acme.subscription

  precondition {
    condition     = data.ubiops_organization.acme.subscription != "free"
    error_message = "acme-ml needs a paid subscription; it is on the free one."
  }
}

# Whether every member must use two-factor authentication.
output "acme_two_factor_forced" {
  value = data.ubiops_organization.acme.two_factor_authentication_forced
}
