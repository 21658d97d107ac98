# The complete member list of every organization the signed-in user is an
# admin of. include_resource lets -generate-config-out write the members map,
# everyone in it.
list "ubiops_organization_members" "all" {
  provider         = ubiops
  include_resource = true
}
