data "ubiops_organization" "acme" {
  name = "acme-ml"
}

# Refuse to go on when the organization does not enforce two-factor
# authentication.
output "acme_subscription" {
  value = data.ubiops_organization.acme.subscription

  precondition {
    condition     = data.ubiops_organization.acme.two_factor_authentication_forced
    error_message = "acme-ml must force two-factor authentication."
  }
}
