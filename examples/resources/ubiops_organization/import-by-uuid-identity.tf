# Terraform 1.12 and later: import the organization by its identity, its
# UUID, which stays the same when the organization is renamed.
import {
  to = ubiops_organization.example
  identity = {
    id = "6f1c2b1e-8a4d-4c7e-9b2a-3d5e7f901234"
  }
}
