variable "ubiops_api_token" {
  description = "A person's UbiOps API token, with or without its \"Token \" prefix. Left unset, the provider reads UBIOPS_API_TOKEN."
  type        = string
  sensitive   = true
  default     = null
}

# The same settings given as arguments. An alias lets this second
# configuration sit beside the first one; you normally need only one.
provider "ubiops" {
  alias     = "explicit"
  api_token = var.ubiops_api_token
  host      = "https://api.ubiops.com/v2.1"

  # Optional: how hard to retry rate-limited and failed requests.
  max_retries    = 5
  max_retry_wait = "2m"
}
