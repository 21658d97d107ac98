package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-testing/plancheck"
)

// planFunc is a plan check from a function of the whole plan.
type planFunc func(plan any) error

func (f planFunc) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	resp.Error = f(req.Plan)
}
