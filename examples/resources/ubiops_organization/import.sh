# An organization is imported by its name or by its UUID.
terraform import ubiops_organization.example acme-ml
terraform import ubiops_organization.example 6f1c2b1e-8a4d-4c7e-9b2a-3d5e7f901234
