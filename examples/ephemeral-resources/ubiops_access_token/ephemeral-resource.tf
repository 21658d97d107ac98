# An access token of the person the provider signs in as, for this run only:
# it never reaches the plan or the state.
ephemeral "ubiops_access_token" "session" {}

# A second ubiops provider that acts with that token, for example in a
# module that should not receive the password, or with its own retry
# settings.
provider "ubiops" {
  alias = "with_token"
  # A token in the block chooses that way of signing in: UBIOPS_EMAIL and
  # UBIOPS_PASSWORD, when the environment sets them, are ignored here.
  api_token = ephemeral.ubiops_access_token.session.authorization
}

data "ubiops_current_user" "via_token" {
  provider = ubiops.with_token
}

output "token_belongs_to" {
  value = data.ubiops_current_user.via_token.email
}
