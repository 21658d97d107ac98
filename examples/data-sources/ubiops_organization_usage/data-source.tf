# The current subscription period, one data point per month (the default).
data "ubiops_organization_usage" "current" {
  organization_name = "acme-ml"
}

# An explicit range, one data point per day. Dates are YYYY-MM-DD (midnight
# UTC) or RFC 3339 timestamps; both or neither.
data "ubiops_organization_usage" "november" {
  organization_name = "acme-ml"
  start_date        = "2026-11-01"
  end_date          = "2026-12-01"
  interval          = "day"
}

output "credits_this_period" {
  value = data.ubiops_organization_usage.current.total_credits
}

# Credits per project over November.
output "november_by_project" {
  value = {
    for p in data.ubiops_organization_usage.november.data_projects :
    p.project_name => sum([for d in p.data : d.value])
  }
}

# A failed assertion is reported as a warning; the run goes on.
check "credit_budget" {
  data "ubiops_organization_usage" "period" {
    organization_name = "acme-ml"
  }

  assert {
    condition     = data.ubiops_organization_usage.period.total_credits <= 5000
    error_message = "acme-ml has used more than 5000 credits this subscription period."
  }
}
