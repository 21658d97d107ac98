resource "terraform_data" "bench" {
  input = %[1]q
}

resource "terraform_data" "member" {
  count = %[2]d
  input = {
    organization_name = terraform_data.bench.output
    email             = format("member-%%04d@example.com", count.index)
  }
}
