terraform {
  required_providers {
    ubiops = { source = "ubiops/ubiops" }
  }
}

provider "ubiops" {}

import {
  to = ubiops_organization_members.all
  id = %[1]q
}

resource "ubiops_organization_members" "all" {
  organization_name = %[1]q
  members = {
%[2]s  }
}
