# Terraform 1.12 and later: import the member list by its identity, the
# organization's UUID, which stays the same when the organization is renamed.
import {
  to = ubiops_organization_members.acme
  identity = {
    organization_id = "6f1c2b1e-8a4d-4c7e-9b2a-3d5e7f901234"
  }
}

# Its organization exists already too: import it rather than create it.
import {
  to = ubiops_organization.example
  identity = {
    id = "6f1c2b1e-8a4d-4c7e-9b2a-3d5e7f901234"
  }
}
