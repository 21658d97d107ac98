terraform {
  required_providers {
    null = { source = "hashicorp/null" }
  }
}

resource "null_resource" "bench" {
  triggers = { name = %[1]q }
}

resource "null_resource" "member" {
  count = %[2]d
  triggers = {
    organization_name = null_resource.bench.triggers.name
    email             = format("member-%%04d@example.com", count.index)
  }
}
