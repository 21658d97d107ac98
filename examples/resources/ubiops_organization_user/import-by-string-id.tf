# Terraform 1.5 and later: import the membership as
# <organization name>/<email> (or <organization name>/<user UUID>).
import {
  to = ubiops_organization_user.lead
  id = "acme-ml/lead@example.com"
}
