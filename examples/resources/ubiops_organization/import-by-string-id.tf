# Terraform 1.5 and later: import the organization by its name (or UUID) with
# an import block, then run `terraform plan`.
import {
  to = ubiops_organization.example
  id = "acme-ml"
}
