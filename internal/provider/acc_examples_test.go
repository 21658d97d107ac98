package provider

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/ubiops/terraform-provider-ubiops/internal/emulator"
)

// TestAccDataSourceExamples plans every data source example, as the docs
// show it, against an emulator started with the seed shipped in
// examples/emulator, which the examples are written for: they name acme-ml
// and its members so that they read real values. (make examples-check also
// applies them, and every other example, with the built provider.)
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
			seed, err := emulator.LoadSeed(filepath.Join("..", "..", "examples", "emulator", "seed.json"))
			if err != nil {
				t.Fatal(err)
			}
			env := newTestEnv(t, emulator.WithSeed(seed))
			env.emulator(t) // the examples need the shipped seed's organization and users
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
