# Terraform 1.5 and later: import the membership as
# <organization name>/<email> (or <organization name>/<user UUID>).
import {
  to = ubiops_organization_user.bob
  id = "acme-ml/bob@example.com"
}

# Its organization exists already too: import it rather than create it.
import {
  to = ubiops_organization.example
  id = "acme-ml"
}
