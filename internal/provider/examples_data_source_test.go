package provider

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

// TestAccDataSourceExamples plans every data source example, as the docs
// show it, against the seeded emulator: the examples name acme-ml and its
// members so that they read real values.
func TestAccDataSourceExamples(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob("../../examples/data-sources/*/data-source.tf")
	if err != nil || len(files) == 0 {
		t.Fatalf("no data source examples found (%v)", err)
	}
	for _, file := range files {
		t.Run(filepath.Base(filepath.Dir(file)), func(t *testing.T) {
			t.Parallel()
			example, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			env := newSeededEnv(t)
			acceptanceTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testProviders,
				Steps: []resource.TestStep{{
					Config: env.config(string(example)),
					// The outputs are new, so the plan is not empty.
					PlanOnly:           true,
					ExpectNonEmptyPlan: true,
				}},
			})
		})
	}
}
