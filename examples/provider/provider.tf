terraform {
  required_providers {
    ubiops = {
      source = "ubiops/ubiops"
    }
  }
}

# With no arguments, the provider reads a person's API token from
# UBIOPS_API_TOKEN and the API's base URL from UBIOPS_API_HOST
# (default https://api.ubiops.com/v2.1).
provider "ubiops" {}
