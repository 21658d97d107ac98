# The person the provider is signed in as.
data "ubiops_current_user" "me" {}

output "signed_in_as" {
  value = data.ubiops_current_user.me.email
}
