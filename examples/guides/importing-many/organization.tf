# The organization the members belong to, imported as well.
import {
  to = ubiops_organization.acme
  id = "acme-ml"
}

resource "ubiops_organization" "acme" {
  name = "acme-ml"
}
