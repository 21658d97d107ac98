variable "ubiops_password" {
  description = "The password of the UbiOps account Terraform signs in as. Left unset, the provider reads UBIOPS_PASSWORD."
  type        = string
  sensitive   = true
  default     = null
}

variable "ubiops_totp_secret" {
  description = "The account's base32 TOTP secret, for two-factor authentication. Left unset, the provider reads UBIOPS_TOTP_SECRET."
  type        = string
  sensitive   = true
  default     = null
}

# The same settings given as arguments. An alias lets this second
# configuration sit beside the first one; you normally need only one. The
# email is in the block; the password and TOTP secret come from the
# variables above or, left unset, from UBIOPS_PASSWORD and UBIOPS_TOTP_SECRET.
# Without a host argument, the host comes from UBIOPS_API_HOST (default
# https://api.ubiops.com/v2.1).
provider "ubiops" {
  alias       = "explicit"
  email       = "admin@example.com"
  password    = var.ubiops_password
  totp_secret = var.ubiops_totp_secret

  # Optional: how hard to retry rate-limited and failed requests.
  max_retries    = 5
  max_retry_wait = "2m"
}

# Resources and data sources choose an aliased provider by name.
data "ubiops_current_user" "explicit" {
  provider = ubiops.explicit
}
