resource "ubiops_organization" "example" {
  name = "acme-ml"

  # Optional: UbiOps assigns `free` when left out; only UbiOps staff may
  # change it afterwards.
  subscription = "professional"

  # Optional: require two-factor authentication of every member.
  two_factor_authentication_forced = true
}
