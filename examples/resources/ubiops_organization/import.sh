# An organization is imported by its name or by its UUID.
terraform import ubiops_organization.example acme-ml
terraform import ubiops_organization.example 3f2c9a52-6b1e-4d6f-9c55-0d8a3f7e2b10
