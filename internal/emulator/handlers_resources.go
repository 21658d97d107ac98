package emulator

import "net/http"

// resourceUsage is the ResourceUsage model.
type resourceUsage struct {
	Projects           int `json:"projects"`
	Users              int `json:"users"`
	Deployments        int `json:"deployments"`
	DeploymentVersions int `json:"deployment_versions"`
	Pipelines          int `json:"pipelines"`
	PipelineVersions   int `json:"pipeline_versions"`
	Buckets            int `json:"buckets"`
	Environments       int `json:"environments"`
}

// resources counts what the organization uses now: its live projects, its
// members, and the sums of the live projects' resource counts.
func (o *organization) resources() resourceUsage {
	out := resourceUsage{Users: len(o.members)}
	for _, p := range o.projects {
		if p.deleted {
			continue
		}
		out.Projects++
		out.Deployments += p.counts.deployments
		out.DeploymentVersions += p.counts.deploymentVersions
		out.Pipelines += p.counts.pipelines
		out.PipelineVersions += p.counts.pipelineVersions
		out.Buckets += p.counts.buckets
		out.Environments += p.counts.environments
	}
	return out
}

// getResources serves organizations_resource_usage, for any member.
func (e *Emulator) getResources(w http.ResponseWriter, r *http.Request, caller *user) {
	e.serveMemberRead(w, r, caller, func(o *organization) (any, error) { return o.resources(), nil })
}
