# Every member of acme-ml, with each member's state. Terraform stops a list
# at 100 results unless told otherwise.
list "ubiops_organization_user" "acme" {
  provider         = ubiops
  include_resource = true
  limit            = 1000

  config {
    organization_name = "acme-ml"
  }
}
