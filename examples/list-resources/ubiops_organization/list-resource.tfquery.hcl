# Every organization the signed-in user is an admin of.
list "ubiops_organization" "mine" {
  provider = ubiops
}
