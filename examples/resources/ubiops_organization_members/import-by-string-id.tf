# Terraform 1.5 and later: import the member list by the organization's name,
# then let `terraform plan -generate-config-out=generated.tf` write a member
# block for everyone in the organization.
import {
  to = ubiops_organization_members.acme
  id = "acme-ml"
}

# Its organization exists already too: import it rather than create it.
import {
  to = ubiops_organization.example
  id = "acme-ml"
}
