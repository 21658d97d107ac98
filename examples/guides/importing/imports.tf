import {
  to = ubiops_organization.acme
  id = "acme-ml"
}

import {
  to = ubiops_organization_user.ada
  id = "acme-ml/admin@example.com"
}

import {
  to = ubiops_organization_user.bob
  id = "acme-ml/bob@example.com"
}
