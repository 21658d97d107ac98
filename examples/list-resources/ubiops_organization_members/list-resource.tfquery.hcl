# The complete member list of every organization the signed-in user is an
# admin of. include_resource lets -generate-config-out write a member block
# for everyone.
list "ubiops_organization_members" "all" {
  provider         = ubiops
  include_resource = true
}
