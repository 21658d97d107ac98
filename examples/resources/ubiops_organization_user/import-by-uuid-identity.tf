# Terraform 1.12 and later: import the membership by its identity, the
# organization's UUID and the user's UUID, which stay the same when the
# organization is renamed.
import {
  to = ubiops_organization_user.bob
  identity = {
    organization_id = "6f1c2b1e-8a4d-4c7e-9b2a-3d5e7f901234"
    user_id         = "332d7432-2742-4177-99a9-139e91e0110c"
  }
}

# Its organization exists already too: import it rather than create it.
import {
  to = ubiops_organization.example
  identity = {
    id = "6f1c2b1e-8a4d-4c7e-9b2a-3d5e7f901234"
  }
}
