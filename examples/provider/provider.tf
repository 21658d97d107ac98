terraform {
  required_providers {
    ubiops = {
      source = "ubiops/ubiops"
    }
  }
}

# With no arguments, the provider signs in as the person in UBIOPS_EMAIL and
# UBIOPS_PASSWORD (with UBIOPS_TOTP_SECRET for an account with two-factor
# authentication), or uses the access token in UBIOPS_API_TOKEN
# ("Bearer ..."), and reads the API's base URL from UBIOPS_API_HOST
# (default https://api.ubiops.com/v2.1).
provider "ubiops" {}
