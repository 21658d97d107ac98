# The member list is imported by the organization's name (or its UUID). Every
# current member is recorded; the configuration must then list all of them,
# or the next apply removes those it leaves out.
terraform import ubiops_organization_members.acme acme-ml
