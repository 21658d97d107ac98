terraform {
  required_providers {
    ubiops = { source = "ubiops/ubiops" }
  }
}

provider "ubiops" {}

resource "ubiops_organization" "bench" {
  name = %[1]q
}

resource "ubiops_organization_user" "member" {
  count             = %[2]d
  organization_name = ubiops_organization.bench.name
  email             = format("member-%%04d@example.com", count.index)
}
